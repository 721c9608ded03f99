"""Work over ~200 ms runs off the GUI thread, with a progress dialog and Cancel.

``run_task`` starts ``work(progress)`` in a ``QThread``; ``progress(percent, text)`` returns
False once the user pressed Cancel, and the work stops by raising (so its transaction rolls
back).  Results and errors come back to the GUI thread through signals.

The progress dialog is gone before ``on_done``/``on_error`` run: those usually open a message
box, whose nested event loop would otherwise let the dialog's delayed show (Qt's minimum-duration
timer, started by the first ``setValue``) put a "0%" box on top of it, or let a hidden dialog
waiting for ``deleteLater`` linger, since deferred deletes wait for the outer loop.

Every task is kept in one registry until its thread has ended, so whoever ends the program —
the main window's close, ``QApplication.quit``, a test's teardown — can ask what is running,
cancel it and wait for its thread (:func:`running_tasks`, :func:`cancel_all`).  A ``QThread``
object destroyed while its thread runs aborts the whole process; the registry is what keeps
that from happening, for every page, without each page doing anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QMainWindow, QProgressDialog, QWidget
from shiboken6 import delete as shiboken_delete
from shiboken6 import isValid

from .i18n import tr

Progress = Callable[[int, str], bool]
log = logging.getLogger(__name__)

_running: list[Task] = []


class _Worker(QObject):
    progressed = Signal(int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._work = work
        self.cancelled = False

    def progress(self, percent: int, text: str) -> bool:
        self.progressed.emit(int(percent), text)
        return not self.cancelled

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self.progress)
        except BaseException as exc:  # reported to the GUI thread, never lost
            self.failed.emit(exc)
        else:
            self.finished.emit(result)
        finally:
            # Leave the thread's event loop as soon as the work is over: nothing else runs there.
            QThread.currentThread().quit()


class Task(QObject):
    """A running background job.  The registry keeps it alive until its thread has ended.

    ``title`` comes translated from the caller; progress texts come from the services as they are.
    """

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget | None, title: str, work: Callable[[Progress], Any],
                 show_progress: bool = True):
        super().__init__(None)  # owned by the registry, not by a page that may be deleted first
        self.title = title
        self.shows_progress = show_progress
        self._thread = QThread()
        self._worker = _Worker(work)
        self._worker.moveToThread(self._thread)
        self._dialog: QProgressDialog | None = None
        self._busy_area: QWidget | None = None
        if show_progress:
            self._dialog = QProgressDialog(title, tr("취소"), 0, 100, parent)
            self._dialog.setWindowTitle(title)
            # In the main window the pages are disabled instead of the window being blocked by
            # a modal dialog: Qt ignores the title bar's × and Alt+F4 on a blocked window, and
            # closing must stay possible (it asks, then cancels).  Elsewhere (a dialog that
            # started the work) the progress dialog is modal to that window.
            window = parent.window() if parent is not None else None
            if isinstance(window, QMainWindow) and window.centralWidget() is not None:
                self._busy_area = window.centralWidget()
                self._dialog.setWindowModality(Qt.WindowModality.NonModal)
            else:
                self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self._dialog.setMinimumDuration(200)
            self._dialog.setAutoClose(False)
            self._dialog.setAutoReset(False)
            self._dialog.canceled.connect(self.cancel)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self.finished = False
        self._silent = False
        # True while QProgressDialog.setValue runs: a modal one processes events in there, so the
        # end of the work can arrive inside it, and the dialog must not be deleted under it.
        self._reporting = False

    def start(self) -> None:
        _running.append(self)
        if self._busy_area is not None:
            _set_busy(self._busy_area, +1)
        if self._dialog is not None:
            self._dialog.setValue(0)
        self._thread.start()

    @Slot()
    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (it then raises and rolls back)."""
        self._worker.cancelled = True
        if self._dialog_alive():
            self._dialog.setLabelText(tr("취소하는 중…"))

    def cancel_and_wait(self) -> None:
        """Cancel, wait for the thread, and drop the result: the program is ending."""
        self._silent = True
        self.cancel()
        self._thread.wait()
        self._stop()

    @Slot(int, str)
    def _on_progress(self, percent: int, text: str) -> None:
        # A modal dialog's setValue processes events, so the next report can arrive inside it:
        # skip that one.  Handled, its ``finally`` would clear ``_reporting`` while the outer
        # setValue still runs, and the end of the work could then delete the dialog under it
        # (a crash seen once in a batch of certificates, which reports every page).
        if self._reporting:
            return
        if not self._worker.cancelled and self._dialog_alive():
            self._dialog.setLabelText(text)
            self._reporting = True
            try:
                self._dialog.setValue(min(percent, 99))
            finally:
                self._reporting = False

    def _dialog_alive(self) -> bool:
        # The dialog belongs to the page that started the task; the page may be gone already.
        return self._dialog is not None and isValid(self._dialog)

    def _stop(self) -> None:
        if self.finished:
            return
        self.finished = True
        self._close_dialog()
        if self._busy_area is not None:
            _set_busy(self._busy_area, -1)
            self._busy_area = None
        self._thread.quit()
        self._thread.wait()
        if self in _running:
            _running.remove(self)

    def _close_dialog(self) -> None:
        """Hide the progress dialog for good and delete it now, not at some later loop turn."""
        dialog, self._dialog = self._dialog, None
        if dialog is None or not isValid(dialog):
            return
        # reset, hide and delete do not emit canceled, so it stays connected (disconnecting a
        # bound-method slot here upset PySide6's reference counts: a crash at exit)
        dialog.reset()  # stops the minimum-duration timer that would show it again
        dialog.hide()
        dialog.setParent(None)
        if self._reporting:  # inside its own setValue: delete once that has returned
            dialog.deleteLater()
        else:
            shiboken_delete(dialog)

    def _defer_if_reporting(self, slot: Callable[[object], None], value: object) -> bool:
        """Handle the end once the dialog's setValue has returned (see ``_reporting``)."""
        if not self._reporting:
            return False
        QTimer.singleShot(0, self, lambda: slot(value))
        return True

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        if self._defer_if_reporting(self._on_finished, result):
            return
        self._stop()
        if not self._silent:
            self.done.emit(result)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        if self._defer_if_reporting(self._on_failed, exc):
            return
        self._stop()
        if self._silent:
            log.info("task '%s' ended while the program closed: %s", self.title, exc)
        else:
            self.error.emit(exc)


def _set_busy(area: QWidget, change: int) -> None:
    """Disable ``area`` while any task started from it runs (a count, for tasks side by side)."""
    if not isValid(area):
        return
    count = max(int(area.property("yeonsuBusyTasks") or 0) + change, 0)
    area.setProperty("yeonsuBusyTasks", count)
    area.setEnabled(count == 0)


def running_tasks() -> list[Task]:
    """Tasks whose thread has not been waited for yet, oldest first."""
    return list(_running)


def cancel_all() -> int:
    """Cancel every running task and wait for its thread; returns how many there were.

    The work's own ``with session_scope()`` rolls its transaction back when it raises.
    """
    tasks = running_tasks()
    for task in tasks:
        task.cancel()
    for task in tasks:
        task.cancel_and_wait()
    return len(tasks)


def _install_quit_guard() -> None:
    """However the event loop ends, no thread is left running under a dying QThread."""
    app = QCoreApplication.instance()
    if app is not None and not getattr(app, "_yeonsu_task_guard", False):
        app.aboutToQuit.connect(cancel_all)
        app._yeonsu_task_guard = True


def run_task(parent: QWidget | None, title: str, work: Callable[[Progress], Any],
             on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
             show_progress: bool = True) -> Task:
    """Start ``work`` in the background; ``on_done(result)`` or ``on_error(exc)`` follows.

    ``show_progress=False`` is for short work the user did not ask for (opening the database at
    start): no dialog, and closing the window waits for it without asking.
    """
    _install_quit_guard()
    task = Task(parent, title, work, show_progress)
    task.done.connect(on_done)
    task.error.connect(on_error)
    task.start()
    return task
