"""The login asked at start when the database has accounts: name and password, a refusal said
in the dialog (with how many tries are left, or until when the account is locked), the
dialog staying open; closing it ends the program without showing any data."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..services import accounts
from .forms import dialog_buttons, error_label
from .i18n import tr


class LoginDialog(QDialog):
    """Asks until the password is right or the user closes it."""

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.signed_in: accounts.SignedIn | None = None
        self.setWindowTitle(tr("연수 — 로그인"))
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("이 데이터베이스는 계정으로 씁니다.")))
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("loginName")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("사용자"), self.name)
        form.addRow(tr("비밀번호"), self.password)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, tr("로그인"), tr("끝내기"), self.try_login))

    def try_login(self) -> bool:
        name, password = self.name.text(), self.password.text()
        with self.context.database.session_scope() as session:   # a failure is counted
            result = accounts.log_in(session, name, password)
        if isinstance(result, str):
            self.error.setText(result)
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return False
        self.signed_in = result
        self.accept()
        return True

    @classmethod
    def ask(cls, parent: QWidget, context) -> accounts.SignedIn | None:
        dialog = cls(context, parent)
        return dialog.signed_in if dialog.exec() else None
