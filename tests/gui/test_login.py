"""A database with accounts opens only to a login: the dialog says why a login is refused
(tries left) and stays; closing it ends the program showing nothing; logged in, the user is the
actor of every change."""

from __future__ import annotations

from desktop_app.services import accounts
from desktop_app.views import login_dialog
from desktop_app.views.login_dialog import LoginDialog
from desktop_app.views.main_window import MainWindow

PASSWORD = "학교-연수-2021"


def _with_account(context) -> None:
    with context.write() as s:
        accounts.add_user(s, "관리자1", PASSWORD, ["관리자"], None)


def test_the_login_dialog_refuses_then_signs_in(qtbot, context):
    _with_account(context)
    dialog = LoginDialog(context)
    qtbot.addWidget(dialog)
    dialog.name.setText("관리자1")
    dialog.password.setText("틀린 비밀번호")
    assert not dialog.try_login()
    assert "4번 더 틀리면" in dialog.error.text() and dialog.password.text() == ""
    dialog.password.setText(PASSWORD)
    assert dialog.try_login() and dialog.signed_in.name == "관리자1"


def test_the_window_opens_only_to_a_login(qtbot, context, monkeypatch):
    from PySide6.QtWidgets import QApplication

    _with_account(context)
    quits = []
    # the real quit would end the event loops of every later test in this process
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: quits.append(code)))
    monkeypatch.setattr(login_dialog.LoginDialog, "ask", classmethod(lambda cls, p, c: None))
    window = MainWindow()
    qtbot.addWidget(window)
    window._opened(context.database)
    assert not window._has_pages and quits == [0]              # nothing shown, the program ends
    signed = accounts.SignedIn(1, "관리자1", ("관리자",))
    monkeypatch.setattr(login_dialog.LoginDialog, "ask", classmethod(lambda cls, p, c: signed))
    window = MainWindow()
    qtbot.addWidget(window)
    window._ask_demo = False          # what start() sets before opening
    window._opened(context.database)
    assert window._has_pages and window.context.actor == "관리자1"
    assert window.windowTitle().endswith("관리자1")
