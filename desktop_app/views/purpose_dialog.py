"""Before a file of personal data leaves the program: masked (the default) or in full for a
stated purpose, which the audit trail keeps with the export."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget)

from .forms import dialog_buttons, error_label
from .i18n import tr


class ExportPurpose(QDialog):
    """Masked, or full with a purpose; tests patch ``ask``."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("개인정보가 담긴 파일"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        note = QLabel(tr("{what}에는 개인정보가 담깁니다. 내보낸 사람, 인원, 파일 이름은 감사 기록에 "
                         "남습니다.").format(what=what))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.masked = QRadioButton(tr("생년월일·나이스번호·전화 일부 가림 (권장)"))
        self.masked.setChecked(True)
        self.full = QRadioButton(tr("가리지 않음 — 목적을 적어 주십시오"))
        self.purpose = QLineEdit()
        self.purpose.setObjectName("exportPurpose")
        self.purpose.setPlaceholderText(tr("예: 연수 안내 문자 발송"))
        self.purpose.setEnabled(False)
        self.full.toggled.connect(self.purpose.setEnabled)
        for w in (self.masked, self.full, self.purpose):
            layout.addWidget(w)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, tr("다음"), tr("취소"), self.check))

    def check(self) -> bool:
        if self.full.isChecked() and not self.purpose.text().strip():
            self.error.setText(tr("가리지 않고 내보내려면 목적을 적으십시오."))
            self.error.show()
            return False
        self.accept()
        return True

    def chosen(self) -> str:
        return self.purpose.text().strip() if self.full.isChecked() else ""

    @classmethod
    def ask(cls, parent: QWidget, what: str) -> str | None:
        """"": masked; a purpose: in full; None: not now."""
        dialog = cls(what, parent)
        return dialog.chosen() if dialog.exec() else None
