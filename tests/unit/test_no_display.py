"""Without a screen the program says so in Korean (and English) instead of aborting in Qt."""

import os
import subprocess
import sys
from pathlib import Path

from desktop_app.app import NO_DISPLAY_EXIT, display_problem

ROOT = Path(__file__).resolve().parents[2]


def test_display_problem_reads_the_environment():
    assert display_problem({}, "linux") == "no DISPLAY"
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({}, "win32") is None and display_problem({}, "darwin") is None
    assert "socket" in display_problem({"DISPLAY": ":987654"}, "linux")
    assert display_problem({"DISPLAY": "remotehost:0"}, "linux") is None


def test_main_without_a_display_explains_itself(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["YEONSU_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == NO_DISPLAY_EXIT != 0
    lines = done.stderr.strip().splitlines()
    assert "디스플레이" in lines[0] and "python -m desktop_app" in lines[0]
    assert lines[1].startswith("No display was found")
    assert "Traceback" not in done.stderr and len(lines) == 2
