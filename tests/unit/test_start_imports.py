"""The window's first frame comes before the database layer: importing the main window must not
pull in SQLAlchemy (its import alone costs more than a bare window takes to paint)."""

from __future__ import annotations

import subprocess
import sys


def test_주_창은_데이터베이스_계층_없이_불러온다():
    done = subprocess.run(
        [sys.executable, "-c", "import sys, desktop_app.app, desktop_app.views.main_window; "
                               "print(sorted(m for m in ('sqlalchemy', 'argon2') if m in sys.modules))"],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
