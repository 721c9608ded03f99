"""``roster import``: the officer's loop — run, read the named problems, fix, run again."""

from datetime import date

import openpyxl

from desktop_app.db import open_database
from desktop_app.models import Enrollment, Person
from tests.db.test_cli import run
from tests.factories import make_course_with_run


def _write(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "연수 대상자 명단"
    ws.append(["성명", "생년월일", "소속", "연락처"])
    for row in rows:
        ws.append(row)
    wb.save(path)


def _make_run(db_path, **kw):
    database = open_database(db_path)
    make_course_with_run(database, **kw)
    database.dispose()


def _counts(db_path):
    database = open_database(db_path)
    with database.read_scope() as s:
        counts = s.query(Person).count(), s.query(Enrollment).count()
    database.dispose()
    return counts


def test_import_names_each_bad_cell_writes_nothing_then_imports_once(db_path, tmp_path, capsys):
    _make_run(db_path, capacity=2)
    path = tmp_path / "명단.xlsx"
    _write(path, [["홍길동", date(1985, 3, 2), "서울한빛초등학교", "010-1234-5678"],
                  ["김잘못", "1985-13-01", "서울한빛초등학교", "12"],
                  ["이수민", "900101", "서울누리중학교", None]])
    code, out, err = run(capsys, "--db", db_path, "roster", "import", str(path),
                         "--run", "2021-001-01")
    lines = err.strip().splitlines()
    assert code == 2 and _counts(db_path) == (0, 0)
    assert lines == [
        "행 4, 열 '생년월일': 날짜 형식이 아닙니다: '1985-13-01' (예: 1980-03-05)",
        "행 4, 열 '연락처': 전화번호 형식이 아닙니다: '12' (예: 010-1234-5678)"]
    assert "거부 1" in out
    _write(path, [["홍길동", date(1985, 3, 2), "서울한빛초등학교", "010-1234-5678"],
                  ["김고침", "1985-12-01", "서울한빛초등학교", "010-2222-3333"],
                  ["이수민", "900101", "서울누리중학교", None]])
    code, out, _ = run(capsys, "--db", db_path, "roster", "import", str(path), "--run",
                       "2021-001-01", "--dry-run")
    assert code == 0 and "저장하지 않았습니다" in out and _counts(db_path) == (0, 0)
    code, out, _ = run(capsys, "--db", db_path, "roster", "import", str(path), "--run",
                       "2021-001-01")
    assert code == 0 and "새 연수생 3명, 선발 2명, 대기 1명" in out
    assert _counts(db_path) == (3, 3)
    code, out, _ = run(capsys, "--db", db_path, "roster", "import", str(path), "--run",
                       "2021-001-01")
    assert code == 0 and "이미 등록 3명" in out and _counts(db_path) == (3, 3)


def test_a_file_without_a_list_or_a_wrong_run(db_path, tmp_path, capsys):
    _make_run(db_path)
    path = tmp_path / "notes.csv"
    path.write_text("안내,문구\n아무,내용\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", db_path, "roster", "import", str(path), "--run",
                       "2021-001-01")
    assert code == 2 and "머리글 행을 찾지 못했습니다" in err
    good = tmp_path / "list.csv"
    good.write_text("성명,생년월일,소속\n홍길동,1985-03-02,학교\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", db_path, "roster", "import", str(good), "--run",
                       "2021-999-01")
    assert code == 2 and "기수코드 '2021-999-01'인 기수가 없습니다" in err
    assert _counts(db_path) == (0, 0)


def test_killing_an_import_midway_leaves_the_database_as_it_was(db_path, tmp_path):
    """SIGKILL while the rows are being written: one transaction, so nothing of it stays."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time
    from pathlib import Path

    _make_run(db_path, capacity=None)
    path = tmp_path / "big.csv"
    lines = ["성명,생년월일,소속,나이스개인번호"] + [
        f"김{chr(0xAC00 + i % 400)}{chr(0xAC00 + i // 400)},1980-01-{1 + i % 28:02d},"
        f"서울{i % 300}초등학교,C{i:09d}" for i in range(20_000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    env = dict(os.environ, PYTHONUNBUFFERED="1", YEONSU_HOME=str(tmp_path / "home"))
    root = Path(__file__).resolve().parents[2]
    with subprocess.Popen(
            [sys.executable, "-m", "desktop_app", "--db", db_path, "roster", "import",
             str(path), "--run", "2021-001-01", "--late-reason", "사후 등록"], cwd=root,
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            encoding="utf-8") as process:
        summary = process.stdout.readline()  # printed once planned, right before the writing
        # Into the bulk inserts, which take some tenths of a second.  (The run has ended by
        # the real date: without a reason the upload would stop at once, writing nothing.)
        time.sleep(0.25)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        errors = process.stderr.read()
    assert "새 연수생 20000" in summary, errors
    assert process.returncode == -signal.SIGKILL, errors
    assert _counts(db_path) == (0, 0)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_export_writes_the_roster_that_reads_back(db_path, tmp_path, capsys):
    _make_run(db_path, capacity=1)
    path = tmp_path / "명단.xlsx"
    _write(path, [["홍길동", date(1985, 3, 2), "서울한빛초등학교", "010-1234-5678"],
                  ["=위험한 이름", "1985-12-01", "서울한빛초등학교", None],
                  ["이수민", "900101", "서울누리중학교", None]])
    code, _, err = run(capsys, "--db", db_path, "roster", "import", str(path), "--run",
                       "2021-001-01")
    assert code == 2 and "행 4, 열 '성명'" in err  # a formula cell is no name
    _write(path, [["홍길동", date(1985, 3, 2), "서울한빛초등학교", "010-1234-5678"],
                  ["이수민", "900101", "서울누리중학교", None]])
    assert run(capsys, "--db", db_path, "roster", "import", str(path), "--run",
               "2021-001-01")[0] == 0
    out_file = tmp_path / "out" / "명단.xlsx"
    code, out, _ = run(capsys, "--db", db_path, "roster", "export", "--run", "2021-001-01",
                       "--out", str(out_file), "--purpose", "명단 대조")  # unmasked: a purpose
    assert code == 0 and str(out_file) in out
    sheet = openpyxl.load_workbook(out_file).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("번호", "상태", "대기 순번", "성명", "생년월일")
    assert [(r[1], r[3]) for r in rows[1:]] == [("선발", "홍길동"), ("대기", "이수민")]
    assert rows[1][4].date() == date(1985, 3, 2) and rows[2][2] == 1
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:Q3"
    assert rows[0][12:] == ("출석률(%)", "점수", "이수", "이수 사유", "인정 시간(분)")
    code, _, err = run(capsys, "--db", db_path, "roster", "export", "--run", "2021-001-01",
                       "--out", str(tmp_path / "명단.csv"))
    assert code == 2 and ".xlsx" in err
