"""An exception nobody caught: one Korean dialog with details, a log entry, and the program
keeps running."""

import logging

import pytest
from PySide6.QtCore import QTimer

from desktop_app import logs
from desktop_app.views import crash


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_shown_once_and_survived(qtbot, monkeypatch,
                                                              message_boxes, tmp_path):
    import sys
    import threading

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setenv("YEONSU_HOME", str(tmp_path))
    monkeypatch.setattr(logs, "_handler", None)
    path = logs.setup("test")
    crash.install()
    try:
        before = crash.shown_count()

        def broken_slot():
            raise ZeroDivisionError("일부러 낸 오류")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: crash.shown_count() == before + 1, timeout=5000)
        title, text = message_boxes.shown[-1]
        assert title == "예기치 않은 오류" and "계속 쓸 수 있습니다" in text
        assert str(path) in text
        still_alive = []
        QTimer.singleShot(0, lambda: still_alive.append(True))
        qtbot.waitUntil(lambda: still_alive == [True])
        logged = path.read_text(encoding="utf-8")
        assert "uncaught error" in logged and "ZeroDivisionError: 일부러 낸 오류" in logged
        assert "Traceback" in logged
    finally:
        handler = logs._handler
        logging.getLogger("desktop_app").removeHandler(handler)
        handler.close()
