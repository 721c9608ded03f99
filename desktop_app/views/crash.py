"""Errors nobody caught — in a slot, a timer, a task's callback — are bugs.  The program must
not end with them: each one is written to the log with its traceback and shown in one dialog
with a short Korean message and copyable details, and the program keeps running.

PySide6 hands an exception escaping a slot to ``sys.excepthook``; Python threads use
``threading.excepthook``.  Both land here.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)


class _Reporter(QObject):
    """Shows the dialog on the GUI thread, one at a time."""

    report = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.showing = False
        self.shown = 0
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _show(self, exc: BaseException) -> None:
        from .messages import show_error

        if self.showing:  # one dialog at a time; the rest are in the log
            return
        self.showing = True
        try:
            self.shown += 1
            show_error(None, exc, logged=True)  # report() has logged it
        finally:
            self.showing = False


_reporter: _Reporter | None = None


def report(exc: BaseException) -> None:
    """Log an uncaught exception and show it (later, on the GUI thread)."""
    log.error("uncaught error", exc_info=(type(exc), exc, exc.__traceback__))
    if _reporter is not None:
        # A queued signal: the dialog opens later on the GUI thread, never inside the paint or
        # event code that raised, and never on a worker thread.
        _reporter.report.emit(exc)


def _excepthook(kind, exc, tb) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if exc is None:
        exc = kind()
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    try:
        report(exc)
    except Exception:  # the reporter itself must never raise out of the hook
        sys.__excepthook__(kind, exc, tb)
        traceback.print_exc()


def _thread_excepthook(args) -> None:
    _excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def install() -> None:
    """Route every uncaught exception of this process to the log and one dialog."""
    global _reporter
    if _reporter is None:
        _reporter = _Reporter()
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def shown_count() -> int:
    """How many error dialogs were shown (tests)."""
    return _reporter.shown if _reporter is not None else 0
