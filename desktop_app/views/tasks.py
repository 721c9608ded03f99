"""Work over ~200 ms runs off the GUI thread, with a progress dialog and Cancel.

``run_task`` starts ``work(progress)`` in a ``QThread``; ``progress(percent, text)`` returns
False once the user pressed Cancel, and the work stops by raising (so its transaction rolls
back).  Results and errors come back to the GUI thread through signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from .i18n import tr

Progress = Callable[[int, str], bool]


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


class Task(QObject):
    """A running background job; keep a reference until it finishes.

    ``title`` comes translated from the caller; progress texts come from the services as they are.
    """

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget | None, title: str, work: Callable[[Progress], Any]):
        super().__init__(parent)
        self._thread = QThread()
        self._worker = _Worker(work)
        self._worker.moveToThread(self._thread)
        self._dialog = QProgressDialog(title, tr("취소"), 0, 100, parent)
        self._dialog.setWindowTitle(title)
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(200)
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        self._dialog.canceled.connect(self._cancel)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self.finished = False

    def start(self) -> None:
        self._dialog.setValue(0)
        self._thread.start()

    @Slot()
    def _cancel(self) -> None:
        self._worker.cancelled = True
        self._dialog.setLabelText(tr("취소하는 중…"))

    @Slot(int, str)
    def _on_progress(self, percent: int, text: str) -> None:
        if not self._worker.cancelled:
            self._dialog.setLabelText(text)
            self._dialog.setValue(min(percent, 99))

    def _stop(self) -> None:
        self.finished = True
        self._dialog.hide()
        self._dialog.deleteLater()
        self._thread.quit()
        self._thread.wait()

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._stop()
        self.done.emit(result)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self._stop()
        self.error.emit(exc)

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the thread ends (tests and shutdown)."""
        return self._thread.wait(msecs)


def run_task(parent: QWidget | None, title: str, work: Callable[[Progress], Any],
             on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> Task:
    """Start ``work`` in the background; ``on_done(result)`` or ``on_error(exc)`` follows."""
    task = Task(parent, title, work)
    task.done.connect(on_done)
    task.error.connect(on_error)
    task.start()
    return task
