"""Ask for a reason (취소 사유, 폐강 사유, 기간 중복 허용 사유)."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from .forms import dialog_buttons
from .i18n import tr


class ReasonDialog(QDialog):
    """A required free-text reason; OK stays disabled until something is typed.

    ``title``, ``prompt`` and the button texts come translated from the caller; name the
    action on its button and the way out differently (신청 취소 / 닫기), never 취소 / 취소.
    """

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None,
                 initial: str = "", accept_text: str | None = None,
                 cancel_text: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.text = QPlainTextEdit(initial)
        self.text.setObjectName("reason")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(80)
        layout.addWidget(self.text)
        self.hint = QLabel(tr("사유를 입력하면 단추를 누를 수 있습니다."))
        self.hint.setStyleSheet("color: #666;")  # a hint, not an error: nothing went wrong yet
        layout.addWidget(self.hint)
        self.buttons = dialog_buttons(self, accept_text or tr("확인"), cancel_text or tr("닫기"),
                                      self.accept)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = bool(self.value())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.hint.setVisible(not ok)

    def value(self) -> str:
        return self.text.toPlainText().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str, initial: str = "", *,
            accept_text: str | None = None, cancel_text: str | None = None) -> str | None:
        """The reason typed, or None when the user closed the dialog."""
        dialog = cls(title, prompt, parent, initial, accept_text, cancel_text)
        return dialog.value() if dialog.exec() else None
