"""Background work: results, errors and Cancel come back to the GUI thread."""

import threading

from desktop_app.errors import ValidationError
from desktop_app.views.tasks import run_task


def test_result_arrives_on_the_gui_thread(qtbot):
    seen = []
    gui_thread = threading.get_ident()

    def work(progress):
        progress(50, "절반")
        return threading.get_ident()

    task = run_task(None, "작업", work, lambda r: seen.append((r, threading.get_ident())),
                    seen.append)
    qtbot.waitUntil(lambda: task.finished)
    qtbot.waitUntil(lambda: bool(seen))
    worker_thread, callback_thread = seen[0]
    assert worker_thread != gui_thread and callback_thread == gui_thread


def test_errors_and_cancel(qtbot):
    errors = []

    def work(progress):
        for step in range(1000):
            if not progress(step // 10, "진행"):
                raise ValidationError("취소했습니다.")
            threading.Event().wait(0.005)
        return "끝"

    task = run_task(None, "작업", work, errors.append, errors.append)
    qtbot.wait(50)
    task.cancel()
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValidationError) and "취소" in errors[0].message
