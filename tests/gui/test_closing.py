"""Closing the program while background work runs: asked, cancelled, rolled back, exit 0."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop_app.db import open_database
from desktop_app.services import demo
from desktop_app.views import main_window as main_window_module
from desktop_app.views import tasks
from desktop_app.views.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def _slow_demo(monkeypatch, pause: float = 0.15) -> None:
    """The demo load, slowed at every progress report, so a close lands in its middle."""
    original = demo.load

    def slow_load(session, progress=None, **kw):
        def slow_progress(percent, text):
            time.sleep(pause)
            return progress(percent, text)
        return original(session, slow_progress, **kw)

    monkeypatch.setattr(demo, "load", slow_load)


def _start_demo(qtbot, context, monkeypatch) -> MainWindow:
    _slow_demo(monkeypatch)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.offer_demo(ask=False)
    task = window._task
    qtbot.waitUntil(lambda: task._dialog is not None and task._dialog.value() >= 10,
                    timeout=20_000)
    assert tasks.running_tasks() == [task]
    return window


def test_closing_during_the_demo_load_cancels_it_and_rolls_back(qtbot, context, monkeypatch,
                                                                message_boxes):
    window = _start_demo(qtbot, context, monkeypatch)
    asked = []
    monkeypatch.setattr(main_window_module.CloseWhileBusy, "ask",
                        classmethod(lambda cls, parent, titles: asked.append(titles) or True))
    assert window.close()
    assert asked == [["데모 자료 넣는 중"]]
    assert tasks.running_tasks() == []  # the thread has ended before close() returned
    assert context.read(demo.is_empty)  # rolled back: not one course or person
    assert "취소" not in message_boxes.texts()  # nobody is told about a window already gone
    path = context.database.sqlite_path
    context.database.dispose()
    reopened = open_database(path, create=False)
    with reopened.read_scope() as session:
        assert demo.is_empty(session)
    reopened.dispose()


def test_answering_no_keeps_the_window_and_the_work(qtbot, context, monkeypatch):
    window = _start_demo(qtbot, context, monkeypatch)
    monkeypatch.setattr(main_window_module.CloseWhileBusy, "ask",
                        classmethod(lambda cls, parent, titles: False))
    backups = []
    monkeypatch.setattr("desktop_app.services.backup.daily_backup",
                        lambda *a, **k: backups.append(a))
    assert not window.close()
    assert window.isVisible() and tasks.running_tasks()
    assert backups == []  # no backup beside an unfinished task
    with qtbot.waitSignal(window.demo_loaded, timeout=60_000):
        pass
    assert not context.read(demo.is_empty)


def test_the_program_exits_0_when_closed_during_the_demo_load(tmp_path):
    """The real program, in its own process: close while the demo loads, answer yes."""
    db = tmp_path / "new.sqlite3"
    script = textwrap.dedent(f"""
        import sys, time
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from desktop_app import app
        from desktop_app.services import demo
        from desktop_app.views import main_window, tasks

        main_window.CloseWhileBusy.ask = classmethod(lambda cls, parent, titles: True)
        original = demo.load
        def slow_load(session, progress=None, **kw):
            def slow(percent, text):
                time.sleep(0.15)
                return progress(percent, text)
            return original(session, slow, **kw)
        demo.load = slow_load

        def close_when_loading():
            busy = [t for t in tasks.running_tasks() if t.shows_progress]
            if busy and busy[0]._dialog is not None and busy[0]._dialog.value() >= 10:
                print("closing during:", busy[0].title, flush=True)
                for widget in QApplication.topLevelWidgets():
                    if isinstance(widget, main_window.MainWindow):
                        widget.close()
            else:
                QTimer.singleShot(20, close_when_loading)
        app.create_application()  # timers need the application; main() reuses it
        QTimer.singleShot(20, close_when_loading)
        sys.exit(app.main(["--db", {str(db)!r}, "--demo"]))
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", YEONSU_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=90)
    assert "closing during: 데모 자료 넣는 중" in done.stdout, done.stderr
    assert done.returncode == 0, done.stderr
    assert "QThread" not in done.stderr
    database = open_database(db, create=False)  # opens cleanly, and nothing was half-saved
    with database.read_scope() as session:
        assert demo.is_empty(session)
    database.dispose()


@pytest.mark.parametrize("how", ["quit_action", "application_quit"])
def test_every_way_out_goes_through_the_same_question(qtbot, context, monkeypatch, how):
    window = _start_demo(qtbot, context, monkeypatch)
    asked = []
    monkeypatch.setattr(main_window_module.CloseWhileBusy, "ask",
                        classmethod(lambda cls, parent, titles: asked.append(titles) or True))
    if how == "quit_action":
        window.quit_action.trigger()
        assert asked and not window.isVisible()
    else:
        tasks.cancel_all()  # what QApplication.aboutToQuit runs
    assert tasks.running_tasks() == []
    assert context.read(demo.is_empty)


def test_the_window_stays_closable_while_work_runs(qtbot, context, monkeypatch):
    """A window-modal progress dialog would make Qt ignore the title bar's × and Alt+F4: the
    pages are disabled instead, and the window itself (menus, ×) stays live."""
    from PySide6.QtCore import Qt

    window = _start_demo(qtbot, context, monkeypatch)
    task = window._task
    assert task._dialog.windowModality() == Qt.WindowModality.NonModal
    assert not window.centralWidget().isEnabled()
    assert window.menuBar().isEnabled() and window.quit_action.isEnabled()
    with qtbot.waitSignal(window.demo_loaded, timeout=60_000):
        pass
    assert window.centralWidget().isEnabled()
