"""The screen lock: after the idle minutes set in 설정 (default 10; 0: never) with no key or
mouse input, a logged-in user's window hides its pages and asks the password again.  Open work
stays as it was underneath (nothing is closed or reloaded); only the same user unlocks, and a
wrong password counts toward the account's lock like a login."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (QApplication, QDialog, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from ..services import accounts
from .forms import dialog_buttons, error_label
from .i18n import tr

_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                    QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class IdleWatcher(QObject):
    """Calls ``lock()`` when nobody has touched the program for ``minutes()`` minutes."""

    CHECK_MS = 15_000

    def __init__(self, minutes: Callable[[], int], lock: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._minutes, self._lock = minutes, lock
        self.last_input = time.monotonic()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(self.CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _INPUT:
            self.last_input = time.monotonic()
        return False

    def idle_seconds(self) -> float:
        return time.monotonic() - self.last_input

    def check(self) -> None:
        minutes = self._minutes()
        if minutes > 0 and self.idle_seconds() >= minutes * 60:
            self.last_input = time.monotonic()
            self._lock()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockDialog(QDialog):
    """The locked screen's question: the same user's password, or end the program."""

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        user = context.signed_in
        self.setWindowTitle(tr("연수 — 화면 잠김"))
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("자리를 비운 사이 화면을 잠갔습니다. 하던 작업은 그대로 있습니다.")))
        form = QFormLayout()
        form.addRow(tr("사용자"), QLabel(user.name))
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("비밀번호"), self.password)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, tr("잠금 풀기"), tr("끝내기"), self.try_unlock))

    def try_unlock(self) -> bool:
        user = self.context.signed_in
        try:
            with self.context.write() as session:    # a failure is counted (our own change)
                refused = accounts.check_password(session, user, self.password.text())
        except Exception as exc:
            refused = str(getattr(exc, "message", exc))
        if refused is None:
            self.accept()
            return True
        self.error.setText(refused)
        self.error.show()
        self.password.clear()
        return False

    @classmethod
    def ask(cls, parent: QWidget, context) -> bool:
        """True when unlocked; False: the user chose to end the program."""
        return bool(cls(context, parent).exec())
