"""Notice when another PC (or a command) changed the database, so no page stays stale.

Every committed write raises one counter in the database (:func:`desktop_app.db.count_change`).
The :class:`ChangeWatcher` reads it every few seconds and whenever the window comes back to the
front, off the GUI thread (a lost server must never freeze the window for its connect
timeout), and emits :attr:`ChangeWatcher.changed` when it moved.  The main window then reloads
the visible page only.

This is not user work: it has no progress, no Cancel and nothing to roll back, so it does not
go through :func:`~desktop_app.views.tasks.run_task` (whose tasks make closing ask first).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from ..db import Database, change_count

log = logging.getLogger(__name__)

#: How often an open window looks for changes made elsewhere.
INTERVAL_MS = 3000


class ChangeWatcher(QObject):
    """Polls the database's change counter; ``changed`` fires when another writer moved it.

    ``can_refresh()`` is asked before announcing a change: while it says no (a dialog is open,
    a task runs) the change stays pending and is announced on a later look.
    """

    changed = Signal()
    _read_done = Signal(object)  # from the reading thread to the GUI thread (queued)

    def __init__(self, database: Database, can_refresh: Callable[[], bool],
                 parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._database = database
        self._can_refresh = can_refresh
        self._seen: int | None = None
        self._baseline = 0  # raised when the window records its own write; older reads drop
        self._reading = False
        self._stopped = False
        self._retired = False
        self._failed_before = False
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yeonsu-watch")
        self._read_done.connect(self._on_read, Qt.ConnectionType.QueuedConnection)
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.look)
        self.timer.start()
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_app_state)
            # A read still under way at quit must end before Qt's objects go: its answer
            # would otherwise be sent to a watcher already destroyed (a crash at exit).
            app.aboutToQuit.connect(self._finish)
        self.look()  # the first look sets the baseline

    def look(self) -> None:
        """Read the counter now (in the background) unless a read is under way."""
        if self._reading or self._stopped:
            return
        self._reading = True
        self._reader.submit(self._read, self._baseline)

    def _read(self, baseline: int) -> None:
        value: object = None  # retired while queued: no connection opened for nobody
        if not self._stopped:
            try:
                with self._database.read_scope() as session:
                    value = change_count(session)
            except Exception as exc:  # a lost server: try again on the next look
                value = exc
        if self._stopped and not self._retired:
            return  # the program is quitting: nobody waits for the answer
        try:
            self._read_done.emit((baseline, value))
        except RuntimeError:  # the watcher was deleted while reading (window closed)
            pass

    def own_write(self, value: int | None) -> None:
        """This window just committed, taking the counter to ``value``.

        When the counter moved by exactly this write, it is not a change made elsewhere (and a
        read started before it is dropped); when it moved more, another PC wrote too, and the
        next look announces that.
        """
        if value is not None and self._seen is not None and value == self._seen + 1:
            self._baseline += 1
            self._seen = value

    def _on_read(self, answer: tuple[int, object]) -> None:
        self._reading = False
        baseline, value = answer
        if self._stopped:
            if self._retired:
                self.deleteLater()  # its read has come back: nothing refers to it any more
            return
        if baseline != self._baseline:
            return
        if isinstance(value, Exception):
            if not self._failed_before:
                log.warning("change watch could not read the database: %s", value)
            self._failed_before = True
            return
        self._failed_before = False
        if self._seen is None:
            self._seen = value
        elif value != self._seen and self._can_refresh():
            self._seen = value
            self.changed.emit()

    def seen(self) -> int | None:
        """The counter value the page last showed (None before the first look)."""
        return self._seen

    def _on_app_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.look()  # back at the window: show what changed meanwhile at once

    def stop(self) -> None:
        """Stop looking (the window closes or switches database); a read under way ends on
        its own and its answer is dropped.  A second call (a window closed twice) does
        nothing."""
        if self._stopped:
            return
        self._stopped = True
        self.timer.stop()
        app = QGuiApplication.instance()
        if app is not None:
            for signal, slot in ((app.applicationStateChanged, self._on_app_state),
                                 (app.aboutToQuit, self._finish)):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
        self._reader.shutdown(wait=False, cancel_futures=True)

    def _finish(self) -> None:
        self.stop()
        self._reader.shutdown(wait=True)

    def retire(self) -> None:
        """Stop, and delete this watcher once no read of it is under way (a read answers on
        the GUI thread through a queued signal, which must still find the object)."""
        self.stop()
        self._retired = True
        if not self._reading:
            self.deleteLater()
