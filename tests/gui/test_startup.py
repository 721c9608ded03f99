"""The real start-up, in its own process: frame first, then the course list from the database
that was opened beside Qt's start."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_program_paints_its_frame_then_fills_the_course_list(tmp_path, demo_template):
    db = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, db)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", YEONSU_HOME=str(tmp_path / "home"),
               YEONSU_BENCH_QUIT_AFTER="courses", YEONSU_BENCH_T0=repr(time.time()))
    done = subprocess.run([sys.executable, "main.py", "--db", str(db)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    painted = float(lines["painted"])
    courses, count = lines["courses"].split()
    assert painted < float(courses) and count == "(210)"
    log = (tmp_path / "home" / "logs" / "yeonsu.log").read_text(encoding="utf-8")
    assert "start gui" in log and "database opened" in log and "Traceback" not in log


def test_a_damaged_file_is_not_opened_beside_the_start(tmp_path, monkeypatch):
    """The early open gives up quietly; the window's own open reports it (tested in-process)."""
    from concurrent.futures import Future

    from desktop_app import app

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    result: Future = Future()
    app._prepare_database(str(junk), result)
    assert result.result(timeout=30) is None
    result = Future()
    app._prepare_database(str(tmp_path / "missing.sqlite3"), result)
    assert result.result(timeout=30) is None and not (tmp_path / "missing.sqlite3").exists()
