"""Every failure of a command is one Korean line and exit 2 — never a traceback, never a new
empty database where the user mistyped a path."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import cli, logs
from tests.db.test_cli import run as run_cli
from tests.factories import make_course_with_run

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    """``test_cli.run``, with argparse's SystemExit turned into the exit code."""
    try:
        return run_cli(capsys, *argv)
    except SystemExit as exc:
        out, err = capsys.readouterr()
        return exc.code, out, err


def one_korean_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert re.search("[가-힣]", lines[0]) and "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("command", [["course", "list"], ["backup", "--out", "b.sqlite3"],
                                     ["enroll", "--run", "2021-001-01", "--neis", "A123456789"]])
def test_a_mistyped_path_is_refused_and_nothing_is_created(tmp_path, capsys, command):
    missing = tmp_path / "no" / "such" / "folder" / "x.db"
    code, out, err = run(capsys, "--db", str(missing), *command)
    assert code == 2 and out == ""
    line = one_korean_line(err)
    assert "데이터베이스 파일이 없습니다" in line and str(missing) in line and "init" in line
    assert not (tmp_path / "no").exists()


def test_init_and_demo_create_what_they_are_asked_to(tmp_path, capsys):
    fresh = tmp_path / "new" / "x.db"
    assert run(capsys, "--db", str(fresh), "init")[0] == 0 and fresh.is_file()
    other = tmp_path / "other.db"
    code, out, _ = run(capsys, "--db", str(other), "demo")
    assert code == 0 and other.is_file() and "데모" in out


@pytest.mark.parametrize("year", ["99999999999999999999", "-5", "abc", "1800", "٢٠٢١"])
def test_a_year_that_is_not_one_is_one_korean_line(db_path, capsys, year):
    code, out, err = run(capsys, "--db", db_path, "course", "list", "--year", year)
    assert code == 2 and out == ""
    assert "연도는 1900~9999" in one_korean_line(err)


def test_full_width_digits_are_a_year(db_path, capsys):
    code, out, _ = run(capsys, "--db", db_path, "course", "list", "--year", "２０２１")
    assert code == 0 and "과정 0개" in out


def test_argparse_speaks_korean(db_path, capsys):
    code, _, err = run(capsys, "--db", db_path, "enroll")
    line = one_korean_line(err)
    assert code == 2 and "다음 인수가 필요합니다: --run" in line
    code, _, err = run(capsys, "--db", db_path, "frobnicate")
    assert code == 2 and "고를 수 없는 값" in one_korean_line(err)


def test_a_read_only_database_refuses_enroll_in_one_line(db_path, capsys):
    database = _open(db_path)
    make_course_with_run(database, capacity=3)
    database.dispose()
    read_only = f"sqlite:///file:{db_path}?mode=ro&uri=true"
    code, out, err = run(capsys, "--db", read_only, "enroll", "--run", "2021-001-01",
                         "--name", "김나연", "--birth", "1985-03-02", "--org", "서울초등학교")
    assert code == 2 and out == ""
    assert "쓸 수 없습니다" in one_korean_line(err)
    code, out, _ = run(capsys, "--db", db_path, "course", "list", "--json")
    assert code == 0 and '"enrolled": 0' in out  # nothing was written


def test_a_file_that_is_not_a_database(tmp_path, capsys):
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"PK\x03\x04 this is a word file" * 50)
    code, _, err = run(capsys, "--db", str(junk), "course", "list")
    line = one_korean_line(err)
    assert code == 2 and "데이터베이스가 아니거나 손상되었습니다" in line
    assert "sqlalche" not in line and "Background" not in line


def test_a_bug_is_one_line_and_its_traceback_goes_to_the_log(db_path, capsys, monkeypatch):
    def broken(*_a, **_k):
        raise RuntimeError("일부러 낸 버그")

    monkeypatch.setattr(cli, "course_list_data", broken)
    code, _, err = run(capsys, "--db", db_path, "course", "list")
    line = one_korean_line(err)
    assert code == 2 and "예기치 않은 오류" in line and str(logs.log_path()) in line
    logged = logs.log_path().read_text(encoding="utf-8")
    assert "RuntimeError: 일부러 낸 버그" in logged and "Traceback" in logged


def test_a_real_process_never_prints_a_traceback(tmp_path):
    """The same through the console script path, as a clerk would type it."""
    env = dict(os.environ, YEONSU_HOME=str(tmp_path))
    for argv in (["--db", str(tmp_path / "nope.db"), "course", "list"],
                 ["--db", str(tmp_path), "course", "list"],
                 ["course", "list", "--year", "99999999999999999999"]):
        done = subprocess.run([sys.executable, "-m", "desktop_app", *argv], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, (argv, done.stderr)
        one_korean_line(done.stderr)


def _open(path):
    from desktop_app.db import open_database

    return open_database(path, create=False)


def test_a_data_folder_that_cannot_be_made_is_one_line(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("YEONSU_HOME", str(blocker / "home"))
    code, _, err = run(capsys, "course", "list")
    assert code == 2
    assert "데이터 폴더를 만들 수 없습니다" in one_korean_line(err)


def test_a_path_python_cannot_expand_is_a_missing_file(capsys):
    code, _, err = run(capsys, "--db", "~nosuchuserxyz/x.db", "course", "list")
    assert code == 2 and "데이터베이스 파일이 없습니다" in one_korean_line(err)


def test_a_read_only_database_can_still_be_backed_up(db_path, tmp_path, capsys):
    database = _open(db_path)
    make_course_with_run(database, capacity=3)
    database.dispose()
    read_only = f"sqlite:///file:{db_path}?mode=ro&uri=true"
    out_file = tmp_path / "copy.sqlite3"
    code, out, err = run(capsys, "--db", read_only, "backup", "--out", str(out_file))
    assert code == 0 and out_file.exists(), err
