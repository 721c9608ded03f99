"""Accounts in the window: one's own password, the 관리자's list of accounts (add, roles, turn
off, a new password), and the first 관리자 account that turns accounts on for a database."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QDialog, QFormLayout, QGridLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget)

from .. import access
from ..services import accounts
from .context import AppContext
from .forms import dialog_buttons, error_label, push_button
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import inform, show_error
from .ui_state import setup_table


def _password(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _typed_twice(first: QLineEdit, again: QLineEdit, error: QLabel,
                 message: str | None = None) -> bool:
    """True when the two password fields agree; else the error label says so."""
    if first.text() == again.text():
        return True
    error.setText(message or tr("두 번 적은 비밀번호가 다릅니다."))
    error.show()
    return False


class RoleBoxes(QGroupBox):
    """One check box per role, with what it is for."""

    def __init__(self, checked: tuple[str, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(tr("역할 (여러 개 가능)"), parent)
        grid = QGridLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for row, role in enumerate(access.ROLES):
            box = QCheckBox(tr(role))
            box.setChecked(role in checked)
            box.setObjectName(f"role:{role}")
            self.boxes[role] = box
            grid.addWidget(box, row, 0)
            duty = QLabel(tr(access.ROLE_DUTIES[role]))
            duty.setStyleSheet("color: #555;")
            grid.addWidget(duty, row, 1)

    def roles(self) -> list[str]:
        return [r for r, box in self.boxes.items() if box.isChecked()]


class ChangePasswordDialog(QDialog):
    """The logged-in user's new password, the old one given again."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("비밀번호 바꾸기"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.old, self.new, self.again = (_password("oldPassword"), _password("newPassword"),
                                          _password("againPassword"))
        form.addRow(tr("지금 비밀번호"), self.old)
        form.addRow(tr("새 비밀번호 ({n}자 이상)").format(n=accounts.MIN_PASSWORD), self.new)
        form.addRow(tr("새 비밀번호 한 번 더"), self.again)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, tr("바꾸기"), tr("취소"), self.save))

    def save(self) -> bool:
        if not _typed_twice(self.new, self.again, self.error,
                            tr("두 번 적은 새 비밀번호가 다릅니다.")):
            return False
        user = self.context.signed_in
        done, _ = self.context.attempt(self, lambda s: accounts.change_password(
            s, user, self.old.text(), self.new.text()))
        if done:
            self.accept()
        return done

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext) -> bool:
        return bool(cls(context, parent).exec())


def change_password(parent: QWidget, context: AppContext) -> None:
    """비밀번호 바꾸기… (the 계정 menu and the 설정 page): the dialog, then a word that it worked."""
    if context.signed_in is not None and ChangePasswordDialog.ask(parent, context):
        inform(parent, tr("비밀번호"), tr("비밀번호를 바꾸었습니다."))


class NewAccountDialog(QDialog):
    """A new account: name, password twice, roles.  ``first``: the database's first account
    (it must hold 관리자; every role is ticked to begin with)."""

    def __init__(self, context: AppContext, first: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.first = first
        self.created: str | None = None
        self.setWindowTitle(tr("관리자 계정 만들기") if first else tr("계정 만들기"))
        layout = QVBoxLayout(self)
        if first:
            note = QLabel(tr(
                "계정을 만들면 이 데이터베이스는 그때부터 늘 로그인해야 쓸 수 있습니다 (되돌릴 수 "
                "없습니다). 처음 계정은 관리자 역할을 가져야 하며, 다른 사람의 계정은 이 계정으로 "
                "로그인해 만듭니다."))
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("accountName")
        self.password, self.again = _password("accountPassword"), _password("accountAgain")
        form.addRow(tr("사용자 이름"), self.name)
        form.addRow(tr("비밀번호 ({n}자 이상)").format(n=accounts.MIN_PASSWORD), self.password)
        form.addRow(tr("비밀번호 한 번 더"), self.again)
        layout.addLayout(form)
        self.roles = RoleBoxes(tuple(r for r in access.ROLES if r != access.READ_ONLY)
                               if first else (access.READ_ONLY,))
        layout.addWidget(self.roles)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, tr("만들기"), tr("취소"), self.save))

    def save(self) -> bool:
        if not _typed_twice(self.password, self.again, self.error):
            return False
        by = self.context.signed_in
        done, _ = self.context.attempt(self, lambda s: accounts.add_user(
            s, self.name.text(), self.password.text(), self.roles.roles(), by))
        if done:
            self.created = self.name.text().strip()
            self.accept()
        return done

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, first: bool = False) -> str | None:
        """The new account's name, or None when closed."""
        dialog = cls(context, first, parent)
        return dialog.created if dialog.exec() else None


ACCOUNT_COLUMNS = [
    Column("사용자", lambda a: a.name),
    Column("역할", lambda a: ", ".join(tr(r) for r in a.roles)),
    Column("상태", lambda a: tr("사용 안 함") if not a.active else tr("잠김") if a.locked
           else tr("사용")),
    Column("마지막 로그인", lambda a: a.last_login),
]


class AccountsDialog(QDialog):
    """관리자: every account, and what can be done to one."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("사용자 계정"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        self.model = ListTableModel(ACCOUNT_COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "accountTable", {0: 120, 1: 300, 2: 80, 3: 150})
        layout.addWidget(self.view, 1)
        self.roles = RoleBoxes()
        self.active = QCheckBox(tr("이 계정을 씀 (끄면 로그인할 수 없고, 남긴 기록은 그대로)"))
        edit = QVBoxLayout()
        edit.addWidget(self.roles)
        edit.addWidget(self.active)
        layout.addLayout(edit)
        row = QHBoxLayout()
        self.add_button = push_button(tr("새 계정…"), self.add)
        self.save_button = push_button(tr("역할 저장"), self.save_roles)
        self.reset_button = push_button(tr("새 비밀번호 주기…"), self.reset)
        for b in (self.add_button, self.save_button, self.reset_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(push_button(tr("닫기"), self.accept))
        layout.addLayout(row)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.refresh()

    def refresh(self) -> None:
        try:
            rows = self.context.read(accounts.account_rows)
        except Exception as exc:
            show_error(self, exc)
            rows = []
        self.model.set_rows(rows)
        if rows:
            self.view.selectRow(0)
        self._show_current()

    def current(self):
        return self.model.row_at(self.view.currentIndex().row())

    def _show_current(self) -> None:
        row = self.current()
        for role, box in self.roles.boxes.items():
            box.setChecked(row is not None and role in row.roles)
        self.active.setChecked(row is None or row.active)
        for b in (self.save_button, self.reset_button):
            b.setEnabled(row is not None)

    def add(self) -> None:
        if NewAccountDialog.ask(self, self.context):
            self.refresh()

    def save_roles(self) -> None:
        row = self.current()
        if row is None:
            return
        by = self.context.signed_in
        done, _ = self.context.attempt(self, lambda s: accounts.set_roles(
            s, by, row.name, self.roles.roles(), self.active.isChecked()))
        if done:
            self.refresh()

    def reset(self) -> None:
        row = self.current()
        if row is None:
            return
        password = NewPasswordDialog.ask(self, row.name)
        if password is None:
            return
        by = self.context.signed_in
        done, _ = self.context.attempt(self, lambda s: accounts.reset_password(
            s, by, row.name, password))
        if done:
            inform(self, tr("새 비밀번호"), tr("'{name}' 계정에 새 비밀번호를 주고 잠금을 풀었습니다. "
                                           "본인에게 알려 주고, 로그인한 뒤 바꾸게 하십시오.")
                   .format(name=row.name))
            self.refresh()

    @classmethod
    def show_for(cls, parent: QWidget, context: AppContext) -> None:
        cls(context, parent).exec()


class NewPasswordDialog(QDialog):
    """A password typed twice for someone else's account."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("'{name}'의 새 비밀번호").format(name=name))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.password, self.again = _password("resetPassword"), _password("resetAgain")
        form.addRow(tr("새 비밀번호"), self.password)
        form.addRow(tr("한 번 더"), self.again)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, tr("확인"), tr("취소"), self.check))

    def check(self) -> bool:
        if not _typed_twice(self.password, self.again, self.error):
            return False
        self.accept()
        return True

    @classmethod
    def ask(cls, parent: QWidget, name: str) -> str | None:
        dialog = cls(name, parent)
        return dialog.password.text() if dialog.exec() else None
