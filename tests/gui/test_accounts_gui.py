"""Accounts in the window: a 조회 user's pages are read-only (changing buttons hidden, exports
kept) and the service refuses anyway; the screen lock hides the pages and keeps the open work;
one's password, the 관리자's accounts, the audit viewer and the retention erase."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from sqlalchemy import text

from desktop_app import access
from desktop_app.services import accounts, audit, privacy
from desktop_app.views import account_dialogs, idle_lock, login_dialog, main_window, roles_ui
from desktop_app.views.account_dialogs import AccountsDialog, ChangePasswordDialog
from desktop_app.views.audit_dialog import AuditDialog
from desktop_app.views.course_page import CoursePage
from desktop_app.views.main_window import MainWindow
from desktop_app.views.privacy_dialog import PurgeDialog, PurgeQuestion
from tests.factories import make_person

PASSWORD = "학교-연수-2021"


def _accounts(context) -> None:
    with context.write() as s:
        accounts.add_user(s, "관리자1", PASSWORD, ["관리자"], None)
        admin = accounts.log_in(s, "관리자1", PASSWORD)
        accounts.add_user(s, "조회1", PASSWORD, ["조회"], admin)


def _sign_in(context, name: str) -> accounts.SignedIn:
    with context.database.session_scope() as s:        # as the login dialog does
        user = accounts.log_in(s, name, PASSWORD)
    context.sign_in(user)
    return user


def _visible_buttons(page) -> set[str]:
    return {b.text() for b in page.findChildren(QPushButton) if not b.isHidden()}


def test_조회_사용자의_화면은_보기_전용이다(qtbot, context, monkeypatch):
    _accounts(context)
    _sign_in(context, "조회1")
    quits = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: quits.append(code)))
    page = CoursePage(context)
    qtbot.addWidget(page)
    assert roles_ui.apply(page, "과정", context.who)
    shown = _visible_buttons(page)
    assert "새 과정" not in shown and "폐강" not in shown and "엑셀로 저장…" in shown
    note = page.findChild(QLabel, roles_ui.NOTE_NAME)
    assert note is not None and "과정 담당" in note.text()
    # the service refuses whatever the view shows
    assert not context.attempt(page, lambda s: make_person_in(s))[0]
    assert not roles_ui.apply(CoursePage(context), "과정", access.Who(actor="창구"))


def make_person_in(session):
    from desktop_app.services import persons
    from tests.factories import person_fields

    return persons.create_person(session, person_fields(name="몰래"))


def _viewer_window(qtbot, context, monkeypatch) -> tuple[MainWindow, accounts.SignedIn]:
    """The real window opened to the login, 조회1 logging in."""
    _accounts(context)
    viewer = accounts.SignedIn(2, "조회1", ("조회",))
    monkeypatch.setattr(login_dialog.LoginDialog, "ask", classmethod(lambda cls, p, c: viewer))
    window = MainWindow()
    qtbot.addWidget(window)
    window._ask_demo = False
    window._opened(context.database)
    return window, viewer


def test_로그인한_창의_계정_메뉴와_화면_잠금(qtbot, context, monkeypatch):
    window, viewer = _viewer_window(qtbot, context, monkeypatch)
    assert window._has_pages and window.context.who.user == viewer
    assert window.lock_action.isVisible() and window.password_action.isVisible()
    assert not window.accounts_action.isVisible() and not window.audit_action.isVisible()
    assert not window.restore_action.isVisible()
    assert window.idle is not None
    asked = []

    def unlock(cls, parent, ctx):
        asked.append(window.centralWidget().isHidden())      # the pages are hidden meanwhile
        return True

    monkeypatch.setattr(idle_lock.LockDialog, "ask", classmethod(unlock))
    page_before = window.stack.currentWidget()
    window.lock_screen()
    assert asked == [True] and not window.centralWidget().isHidden()
    assert window.stack.currentWidget() is page_before           # the open work is kept
    window.idle.last_input -= 3600                                # an hour without input
    window.idle.check()
    assert len(asked) == 2


def test_잠금_화면은_같은_사용자의_비밀번호만_받는다(qtbot, context):
    _accounts(context)
    _sign_in(context, "조회1")
    dialog = idle_lock.LockDialog(context)
    qtbot.addWidget(dialog)
    dialog.password.setText("틀린 비밀번호")
    assert not dialog.try_unlock() and "맞지 않습니다" in dialog.error.text()
    dialog.password.setText(PASSWORD)
    assert dialog.try_unlock()


def test_비밀번호_바꾸기와_관리자의_계정_관리(qtbot, context, monkeypatch):
    _accounts(context)
    _sign_in(context, "관리자1")
    dialog = ChangePasswordDialog(context)
    qtbot.addWidget(dialog)
    dialog.old.setText(PASSWORD)
    dialog.new.setText("새-비밀번호-2022")
    dialog.again.setText("다른 것")
    assert not dialog.save() and "다릅니다" in dialog.error.text()
    dialog.again.setText("새-비밀번호-2022")
    assert dialog.save()
    with context.write() as s:
        assert isinstance(accounts.log_in(s, "관리자1", "새-비밀번호-2022"), accounts.SignedIn)
    manage = AccountsDialog(context)
    qtbot.addWidget(manage)
    assert [r.name for r in manage.model.rows()] == ["관리자1", "조회1"]
    manage.view.selectRow(1)
    manage.roles.boxes["과정 담당"].setChecked(True)
    manage.save_roles()
    assert manage.model.rows()[1].roles == ("과정 담당", "조회")
    manage.view.selectRow(0)
    manage.roles.boxes["관리자"].setChecked(False)
    manage.roles.boxes["조회"].setChecked(True)
    errors = []
    monkeypatch.setattr(account_dialogs, "show_error", lambda *a, **k: errors.append(a))
    manage.save_roles()             # the last 관리자 cannot lose the role
    assert manage.model.rows()[0].roles == ("관리자",)


def test_감사_기록_보기와_개인정보_파기(qtbot, qtmodeltester, context, monkeypatch):
    old = make_person(context.database, name="오래된사람", phone="010-1111-2222")
    with context.database.engine.begin() as conn:
        conn.execute(text("UPDATE person SET updated_at = '2001-01-01 00:00:00'"))
    _accounts(context)
    _sign_in(context, "관리자1")
    viewer = AuditDialog(context)
    qtbot.addWidget(viewer)
    assert viewer.model.rowCount() >= 3         # person, organization, accounts
    qtmodeltester.check(viewer.model)
    viewer.kind.setCurrentIndex(viewer.kind.findData("추가"))
    viewer.area.setCurrentIndex(viewer.area.findData("연수생"))
    rows = [viewer.model.row_at(r) for r in range(viewer.model.rowCount())]
    assert {r.table for r in rows} == {"person", "organization"}
    purge = PurgeDialog(context)
    qtbot.addWidget(purge)
    purge.years.setValue(5)
    purge.preview()
    assert purge.list.count() == 1 and "오래된사람" in purge.list.item(0).text()
    monkeypatch.setattr(PurgeQuestion, "ask", classmethod(lambda cls, p, s: True))
    purge.purge()
    with context.database.read_scope() as s:
        assert privacy.plan_purge(s, 5).lines == ()
        assert audit.count(s, audit.AuditFilter(action="파기")) == 1
    assert old


def test_공유_서버의_첫_시작은_관리자_계정을_묻는다(qtbot, context, monkeypatch):
    asked = []
    monkeypatch.setattr(main_window.FirstAdminOffer, "ask",
                        classmethod(lambda cls, p: asked.append(True) or False))
    window = MainWindow()
    qtbot.addWidget(window)
    window._ask_demo = False
    monkeypatch.setattr(type(context.database), "is_sqlite", property(lambda self: False))
    window._opened(context.database)
    assert asked == [True] and window._has_pages            # "later": used as before
    assert window.first_admin_action.isVisible()


def test_가리지_않고_내보내려면_목적을_적는다(qtbot):
    from desktop_app.views.purpose_dialog import ExportPurpose

    dialog = ExportPurpose("연수생 명단")
    qtbot.addWidget(dialog)
    assert dialog.check() and dialog.chosen() == ""          # masked: the default
    dialog.full.setChecked(True)
    assert dialog.purpose.isEnabled() and not dialog.check()
    assert "목적" in dialog.error.text()
    dialog.purpose.setText(" 연수 안내 문자 ")
    assert dialog.check() and dialog.chosen() == "연수 안내 문자"


def test_조회_사용자는_모든_화면과_탭을_오류_없이_본다(qtbot, demo_context, monkeypatch):
    """Reading never writes: every page and tab opens for 조회 without a refusal (a read that
    wrote behind the scenes would be refused for this role)."""
    from PySide6.QtWidgets import QTabWidget

    from desktop_app.views import messages

    errors = []
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, *a, **k: errors.append(exc))
    for module in ("context", "main_window", "course_page", "statistics_page", "survey_tab",
                   "instructor_page", "pay_tab", "budget_page", "roster_page",
                   "registration_page", "dorm_page", "facility_page", "certificate_page",
                   "settings_page", "trainee_page"):
        mod = __import__(f"desktop_app.views.{module}", fromlist=["x"])
        if hasattr(mod, "show_error"):
            monkeypatch.setattr(mod, "show_error",
                                lambda parent, exc, *a, **k: errors.append(exc))
    _accounts(demo_context)
    _sign_in(demo_context, "조회1")
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    for index in range(len(main_window.PAGES)):
        window.nav.setCurrentRow(index)
        page = window.page(index)
        for tabs in page.findChildren(QTabWidget):
            for t in range(tabs.count()):
                tabs.setCurrentIndex(t)
                qtbot.wait(5)
        if main_window.PAGES[index] in roles_ui.PAGE_ROLES:
            assert page.findChild(QLabel, roles_ui.NOTE_NAME) is not None
    assert errors == []


def test_다른_PC가_관리자를_만들면_이_창은_더_쓰지_않는다(qtbot, context):
    import pytest

    from desktop_app.errors import AccessDeniedError

    make_person(context.database, name="먼저")
    with context.database.session_scope() as s:          # another PC makes the first 관리자
        accounts.add_user(s, "관리자1", PASSWORD, ["관리자"], None)
    with pytest.raises(AccessDeniedError, match="다시 열어 로그인"):
        with context.write() as s:
            pass


def test_잠금은_열린_창을_모두_가리고_끝내기는_묻지_않는다(qtbot, context, monkeypatch):
    from PySide6.QtWidgets import QDialog

    window, _viewer = _viewer_window(qtbot, context, monkeypatch)
    window.show()
    other = QDialog(window)
    other.show()
    seen = []

    def answer(cls, parent, ctx):
        seen.append(other.isVisible())
        return True

    monkeypatch.setattr(idle_lock.LockDialog, "ask", classmethod(answer))
    window.lock_screen()
    assert seen == [False] and other.isVisible()          # hidden while locked, back after
    asked, quits = [], []
    monkeypatch.setattr(window, "_pages_may_close", lambda: asked.append(True) or False)
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: quits.append(code)))
    monkeypatch.setattr(idle_lock.LockDialog, "ask", classmethod(lambda cls, p, c: False))
    window.lock_screen()
    assert quits == [0] and asked == [] and not window.isVisible()   # no questions asked


def test_관리자_계정을_만들면_그_계정으로_로그인한다(qtbot, context, monkeypatch):
    def create(cls, parent, ctx, first=False):
        assert first
        with ctx.database.session_scope() as s:
            accounts.add_user(s, "관리자1", PASSWORD, ["관리자", "과정 담당"], None)
        return "관리자1"

    monkeypatch.setattr(account_dialogs.NewAccountDialog, "ask", classmethod(create))
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.first_admin_action.isVisible() and not window.password_action.isVisible()

    def log_in(cls, parent, ctx):
        with ctx.database.session_scope() as s:
            return accounts.log_in(s, "관리자1", PASSWORD)

    monkeypatch.setattr(login_dialog.LoginDialog, "ask", classmethod(log_in))
    assert window.make_first_admin()
    assert window.context.who.user.name == "관리자1" and window._has_pages
    assert not window.first_admin_action.isVisible() and window.accounts_action.isVisible()
    assert make_person(context.database, name="관리자가") > 0      # 과정 담당 too: allowed
