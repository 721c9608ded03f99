"""Background work: results, errors and Cancel come back to the GUI thread."""

import threading

import pytest

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


def _visible_progress_dialogs():
    from PySide6.QtWidgets import QApplication, QProgressDialog

    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()]


@pytest.fixture
def shown_parent(qtbot):
    """A shown window for the progress box to sit on."""
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    return parent


@pytest.mark.parametrize("seconds", [0.0, 0.5], ids=["fast", "slow"])
def test_the_progress_box_is_gone_before_on_done_and_stays_gone(qtbot, shown_parent, seconds):
    """on_done often opens a message box (a nested event loop): the progress box must be hidden
    before it, and its delayed-show timer must not bring it back on top while it is open."""
    from PySide6.QtCore import QEventLoop, QTimer

    parent = shown_parent
    seen = []

    def work(progress):
        progress(0, "시작")
        threading.Event().wait(seconds)
        progress(100, "끝")
        return "결과"

    def on_done(result):
        seen.append(("at on_done", _visible_progress_dialogs()))
        loop = QEventLoop()  # what QMessageBox.exec() does: wait past the 200 ms show timer
        QTimer.singleShot(600, loop.quit)
        loop.exec()
        seen.append(("in the message box", _visible_progress_dialogs()))

    task = run_task(parent, "작업", work, on_done, seen.append)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert task.finished
    assert seen == [("at on_done", []), ("in the message box", [])]
    qtbot.wait(300)
    assert _visible_progress_dialogs() == []


def test_the_progress_box_is_gone_before_on_error(qtbot, shown_parent):
    parent = shown_parent
    seen = []

    def work(progress):
        progress(0, "시작")
        raise ValidationError("안 됩니다.")

    run_task(parent, "작업", work, seen.append,
             lambda exc: seen.append(_visible_progress_dialogs()))
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == [[]]
