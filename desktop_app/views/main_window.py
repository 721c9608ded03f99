"""The main window: navigation on the left, one page per job, the database in the status bar.

The window frame (navigation, menus, status bar) needs nothing but Qt, so it is painted before
the database stack is imported: ``MainWindow()`` shows the frame with a loading page, and
``start(location)`` opens the database in the background and then builds the pages.  Tests
and a database switch pass an ``AppContext`` and get the pages at once.
"""

from __future__ import annotations

import importlib
from operator import attrgetter

from concurrent.futures import Future
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTime, QTimer, Signal
from PySide6.QtGui import (QAction, QCloseEvent, QGuiApplication, QKeySequence,
                           QShortcut)
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMainWindow, QMessageBox, QStackedWidget, QWidget)

from .. import local_config, paths
from . import roles_ui
from .i18n import tr
from .tasks import cancel_all, run_task, running_tasks
from .ui_state import restore_geometry, save_geometry

if TYPE_CHECKING:
    from .context import AppContext

PAGES = ("과정", "연수생", "신청·선발", "명단·출결", "이수증", "시설", "숙소", "강사", "예산", "통계",
         "설정")  # keys of page_index(); shown through tr()


def page_key(number: int) -> str:
    """The Alt shortcut of the page at ``number`` (1-based): Alt+1 … Alt+9, then Alt+0; the
    pages after the tenth (설정) have none ('')."""
    return f"Alt+{number % 10}" if number <= 10 else ""


class FirstAdminOffer:
    """Asked when a shared server has no accounts yet; tests patch ``ask``."""

    @classmethod
    def ask(cls, parent: QWidget) -> bool:
        from .messages import confirm

        return confirm(parent, tr("공유 데이터베이스의 관리자"), tr(
            "이 공유 데이터베이스에는 아직 계정이 없어 누구나 무엇이든 바꿀 수 있고, 누가 했는지 "
            "남지 않습니다.\n지금 관리자 계정을 만들까요? (만들면 그때부터 모두 로그인해야 합니다)"))


class DemoOffer:
    """The first-start question, behind a classmethod so tests can answer it."""

    @classmethod
    def ask(cls, parent: QWidget) -> bool:
        answer = QMessageBox.question(
            parent, tr("데모 자료"),
            tr("데이터베이스가 비어 있습니다.\n\n2021년 교육연수원 주요업무계획의 과정·기수(그대로)와 "
               "가상 연수생 600명으로 데모 자료를 넣을까요?\n\n계획서에는 월만 있어 기수 날짜는 계획 월 "
               "안의 평일(공휴일 제외)로 임의로 정합니다: 연수시간이 있으면 하루 6시간으로 일수를 "
               "셈하고, 없으면 자격연수 3주, 직무연수 3일, 그 밖의 집합 연수 2일, 원격 연수 3주, "
               "특별연수(학습연구년)는 계획 월 전체입니다. 집합 자격연수 기수는 숙박으로 표시합니다(가상)."
               "\n(나중에 다른 데이터베이스로 바꿀 수 있습니다)"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes


class CloseWhileBusy:
    """Asked when the window closes while background work runs; tests patch ``ask``."""

    @classmethod
    def ask(cls, parent: QWidget, titles: list[str]) -> bool:
        answer = QMessageBox.question(
            parent, tr("작업 중"),
            tr("아직 끝나지 않은 작업이 있습니다: {titles}\n\n작업을 취소하고 끝낼까요? 취소한 "
               "작업의 내용은 저장되지 않습니다.").format(titles=", ".join(titles)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes


class OpenFailed:
    """What to do when the database cannot be opened; tests patch ``ask``.

    Returns "default" (open this PC's default file instead), "create" (make the missing file)
    or "quit".
    """

    @classmethod
    def ask(cls, parent: QWidget, message: str, *, missing: bool, can_use_default: bool) -> str:
        box = QMessageBox(QMessageBox.Icon.Question if missing else QMessageBox.Icon.Critical,
                          tr("데이터베이스를 열 수 없습니다"), message, parent=parent)
        create = box.addButton(tr("새로 만들기"), QMessageBox.ButtonRole.AcceptRole) \
            if missing else None
        default = box.addButton(tr("기본 파일로 열기"), QMessageBox.ButtonRole.AcceptRole) \
            if can_use_default else None
        box.addButton(tr("끝내기"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if create is not None and clicked is create:
            return "create"
        if default is not None and clicked is default:
            return "default"
        return "quit"


class MainWindow(QMainWindow):
    """Holds the pages; rebuilds them when the database changes."""

    demo_loaded = Signal()
    pages_ready = Signal()

    def __init__(self, context: AppContext | None = None,
                 config: local_config.LocalConfig | None = None) -> None:
        super().__init__()
        self.context = context
        self.config = context.config if context is not None else (config or local_config.load())
        self._task = None
        self.exit_code = 0
        self.setWindowTitle(tr("연수 — 교육연수원 연수 행정"))
        self.setMinimumSize(QSize(1000, 640))
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(130)
        self.nav.setStyleSheet("QListWidget::item { padding: 10px 8px; }")
        for number, title in enumerate(PAGES, start=1):
            item = QListWidgetItem(tr(title))
            item.setToolTip(page_key(number))  # '' for 설정: no tooltip
            self.nav.addItem(item)
        layout.addWidget(self.nav)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_page)
        for number in range(1, min(len(PAGES), 10) + 1):
            QShortcut(QKeySequence(page_key(number)), self,
                      activated=lambda n=number: self.nav.setCurrentRow(n - 1))
        self._help_dialog = None  # made on the first F1, then reused
        self._locked = False      # the screen lock is up
        self._ending_locked = False   # 끝내기 was chosen at the screen lock
        self.idle = None          # IdleWatcher once someone logged in
        self._build_menus()
        self.location_label = QLabel()
        self.demo_label = QLabel()
        self.demo_label.setObjectName("demoNotice")
        self.demo_label.setStyleSheet("background:#fff3cd; color:#664d03; padding:2px 6px;")
        self.reference_label = QLabel()  # 데모 기준일: the day the demo's phases are seen from
        self.reference_label.setObjectName("referenceDate")
        self.reference_label.setStyleSheet("font-weight:bold; padding:2px 6px;")
        self.reference_label.setToolTip(tr("데모 자료는 이 날짜를 오늘로 보고 모집·진행·종료를 나눕니다."))
        self.statusBar().addWidget(self.location_label, 1)
        self.statusBar().addPermanentWidget(self.demo_label)
        self.statusBar().addPermanentWidget(self.reference_label)
        self.demo_label.hide()
        self.reference_label.hide()
        self._has_pages = False  # the stack holds the database's pages (not the loading one)
        self._built: dict[int, QWidget] = {}
        self.watcher = None  # ChangeWatcher of the open database
        if context is not None:
            self._build_pages()
        else:
            self._show_loading(tr("데이터베이스를 여는 중…"))
        self._fit_to_screen(restored=restore_geometry(self, "main"))

    def _fit_to_screen(self, restored: bool) -> None:
        """Never larger than the screen: a 1366×768 laptop at 125% has about 1280×720 to show.

        First start: maximized (the tables want every pixel), with 1360×860 or the screen,
        whichever is smaller, as the size to come back to when un-maximized.  Afterwards the
        remembered geometry (saved on close, maximized or not); a size from a bigger monitor is
        shrunk and moved back onto this one.
        """
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            if not restored:
                self.resize(1360, 860)
            return
        room = screen.availableGeometry()
        # 1000×640 suits a normal desk screen; a smaller work area (a laptop at 125% with its
        # taskbar) gets a window that still fits, its pages scrolling or squeezing.
        self.setMinimumSize(min(1000, room.width()), min(640, room.height()))
        if not restored:
            self.resize(min(1360, room.width()), min(860, room.height()))
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
            return
        if self.width() > room.width() or self.height() > room.height():
            self.resize(min(self.width(), room.width()), min(self.height(), room.height()))
        if not room.intersects(self.frameGeometry()):
            self.move(room.topLeft())

    def _build_menus(self) -> None:
        """파일, 보기, 이동, 도움말; a shortcut set on an action shows beside it in the menu."""
        file_menu = self.menuBar().addMenu(tr("파일(&F)"))
        self.backup_action = self._action(tr("백업(&B)…"), lambda: self._on_page(
            PAGES.index("설정"), lambda page: page.backup_now()))
        self.restore_action = self._action(tr("복원(&R)…"), lambda: self._on_page(
            PAGES.index("설정"), lambda page: page.restore_from_file()))
        self.export_action = self._action(tr("과정 목록 (엑셀)(&C)…"), lambda: self._on_page(
            0, lambda page: page.export_excel()))
        open_folder = self._action(tr("데이터 폴더 열기(&O)"), self.open_data_folder)
        # Ctrl+Q spelled out: the standard Quit key is empty on Windows, where the office works.
        self.quit_action = self._action(tr("끝내기(&X)"), self.close,  # the same path as ×
                                        QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        self.neis_action = self._action(tr("나이스 이수 자료 (연도)(&N)…"), lambda: self._on_page(
            PAGES.index("명단·출결"), lambda page: page.export_neis_year()))
        self.table_action = self._action(tr("지금 보이는 표 (엑셀)(&T)…"), self.export_visible_table)
        export_menu = file_menu.addMenu(tr("내보내기(&E)"))
        for action in (self.export_action, self.neis_action, self.table_action):
            export_menu.addAction(action)
        for action in (None, open_folder, None, self.quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        view_menu = self.menuBar().addMenu(tr("보기(&V)"))
        self.refresh_action = self._action(tr("새로 고침(&R)"), self.refresh_current_page,
                                           QKeySequence("F5"))
        view_menu.addAction(self.refresh_action)
        go_menu = self.menuBar().addMenu(tr("이동(&G)"))
        for number, title in enumerate(PAGES, start=1):
            # Alt+number is a window shortcut (above); shown here as text only, so it is not
            # registered twice, which would make it ambiguous.
            key = page_key(number)
            action = QAction(f"{tr(title)}\t{key}" if key else tr(title), self)
            action.triggered.connect(lambda _=False, n=number: self.nav.setCurrentRow(n - 1))
            go_menu.addAction(action)
        self._build_account_menu()
        help_menu = self.menuBar().addMenu(tr("도움말(&H)"))
        self.help_action = self._action(tr("도움말(&H)"), self.show_help, QKeySequence("F1"))
        self.shortcuts_action = self._action(tr("단축키(&K)"), self.show_shortcuts)
        about = self._action(tr("프로그램 정보(&A)"), self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        for action in (self.help_action, self.shortcuts_action, None, about):
            help_menu.addSeparator() if action is None else help_menu.addAction(action)

    def _build_account_menu(self) -> None:
        """계정: one's password and the screen lock; for 관리자 the accounts, the audit trail
        and the retention erase (without accounts: making the first 관리자)."""
        menu = self.menuBar().addMenu(tr("계정(&U)"))
        self.password_action = self._action(tr("비밀번호 바꾸기(&P)…"), lambda: self._account_tool(
            "account_dialogs", "change_password"))
        self.lock_action = self._action(tr("화면 잠그기(&L)"), self.lock_screen,
                                        QKeySequence("Ctrl+L"))
        self.first_admin_action = self._action(tr("관리자 계정 만들기(&A)…"), self.make_first_admin)
        self.accounts_action = self._action(tr("사용자 계정(&U)…"), lambda: self._account_tool(
            "account_dialogs", "AccountsDialog.show_for"))
        self.audit_action = self._action(tr("감사 기록(&T)…"), lambda: self._account_tool(
            "audit_dialog", "AuditDialog.show_for"))
        self.purge_action = self._action(tr("개인정보 파기(&D)…"), lambda: self._account_tool(
            "privacy_dialog", "PurgeDialog.show_for"))
        for action in (self.password_action, self.lock_action, None, self.first_admin_action,
                       self.accounts_action, self.audit_action, self.purge_action):
            menu.addSeparator() if action is None else menu.addAction(action)
        self._show_account_actions()

    def _show_account_actions(self) -> None:
        """What the 계정 menu offers the person working now."""
        from .. import access

        who = self.context.who if self.context is not None else access.NOBODY
        signed = who.user is not None
        admin = who.may(access.ADMIN)
        self.password_action.setVisible(signed)
        self.lock_action.setVisible(signed)
        self.first_admin_action.setVisible(self.context is not None and not who.accounts)
        self.accounts_action.setVisible(signed and admin)
        for action in (self.audit_action, self.purge_action):
            action.setVisible(self.context is not None and admin)
        self.restore_action.setVisible(admin)

    def _account_tool(self, module: str, name: str) -> None:
        """Open one of the 계정 menu's tools (imported when first used; nothing while no
        database is open)."""
        if self.context is not None:
            tool = attrgetter(name)(importlib.import_module(f"{__package__}.{module}"))
            tool(self, self.context)

    def make_first_admin(self) -> bool:
        """The 계정 menu: turn accounts on for this database (the first 관리자, its login)."""
        if self.context is None or self.context.who.accounts:
            return False
        if not self.make_first_admin_before_pages() or self.context.signed_in is None:
            return False
        self._build_pages()
        return True

    def _signed_in(self, user) -> None:
        from .idle_lock import IdleWatcher

        self.context.sign_in(user)
        self.setWindowTitle(tr("연수 — 교육연수원 연수 행정") + f" — {user.name}")
        if getattr(self, "idle", None) is not None:
            self.idle.stop()
        self.idle = IdleWatcher(self._idle_minutes, self.lock_screen, self)
        self._show_account_actions()

    def _idle_minutes(self) -> int:
        from ..services import settings as settings_service

        try:
            return int(self.context.read(lambda s: settings_service.get(s, "idle_lock_minutes")))
        except Exception:
            return 0

    def lock_screen(self) -> None:
        """Hide every window of the program and ask the same user's password again; the work
        stays open underneath.  끝내기 ends the program without any question (whoever sits
        there must not save or discard the absent user's work)."""
        from .idle_lock import LockDialog

        if self.context is None or self.context.signed_in is None or self._locked:
            return
        self._locked = True
        hidden = [w for w in QApplication.topLevelWidgets()
                  if w.isVisible() and w is not self]          # dialogs open over the pages
        for widget in hidden:
            widget.hide()
        central = self.centralWidget()
        central.setVisible(False)
        self.menuBar().setEnabled(False)
        try:
            if not LockDialog.ask(self, self.context):
                self._ending_locked = True      # closeEvent asks nothing
                self.close()
                QApplication.exit(0)
                return
        finally:
            self._locked = False
        central.setVisible(True)
        self.menuBar().setEnabled(True)
        for widget in hidden:
            widget.show()

    def _action(self, text: str, slot, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _=False: slot())
        if shortcut is not None:
            action.setShortcut(shortcut)
        return action

    def _on_page(self, index: int, use) -> None:
        """Show the page at ``index`` and call ``use(page)`` on it (a page's menu actions);
        nothing while no database is open."""
        if not self._has_pages:
            return
        self.nav.setCurrentRow(index)
        use(self.page(index))

    def export_visible_table(self) -> None:
        """파일 → 내보내기 → 지금 보이는 표: the table the user is looking at, as shown."""
        if not self._has_pages:
            return
        from .table_export import export_visible_table

        index = self.current_page_index() or 0
        self._task = export_visible_table(self, self.stack.currentWidget(), tr(PAGES[index]))

    def current_page_index(self) -> int | None:
        """Index of the page on screen, None while the loading page shows."""
        return self.stack.currentIndex() if self._has_pages else None

    def refresh_current_page(self) -> None:
        """보기 → 새로 고침 (F5): read the shown page's data again, keeping the user's place."""
        index = self.current_page_index()
        if index is not None:
            self._reload_page(self.page(index))

    def _help_window(self):
        from .help_dialog import HelpDialog

        if self._help_dialog is None:
            self._help_dialog = HelpDialog(self)
        return self._help_dialog

    def show_help(self) -> None:
        """도움말 (F1): the help page of the screen on show (the course page's while loading)."""
        from .help_dialog import help_html

        title = PAGES[self.current_page_index() or 0]
        self._help_window().show_text(tr("도움말 — {page}").format(page=tr(title)),
                                      help_html(title))

    def show_shortcuts(self) -> None:
        """도움말 → 단축키: every shortcut of the program in one table."""
        from .help_dialog import shortcuts_html

        self._help_window().show_text(tr("단축키"), shortcuts_html())

    def open_data_folder(self) -> bool:
        from .file_dialogs import open_data_folder

        return open_data_folder()

    def show_about(self) -> None:
        from .about_dialog import AboutDialog

        database = self.context.database.display_name if self.context else tr("(열지 않음)")
        AboutDialog(database, self).exec()

    def bring_to_front(self) -> None:
        """Another start of the program on this PC asked for this window (single instance)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------ opening

    def _show_loading(self, text: str) -> None:
        label = QLabel(text)
        label.setObjectName("loadingPage")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color:#555; font-size:14pt;")
        self._clear_pages()
        self.stack.addWidget(label)
        self.location_label.setText(text)

    def start(self, location: str | None, *, ask_demo: bool = True,
              prepared: Future | None = None) -> None:
        """Open ``location`` (None: this PC's default file) off the GUI thread, then fill the pages.

        A named file that does not exist is created only after asking, unless the demo was
        asked for on the command line (``--demo``: "make this a demo database"); the default
        file is created on first start without asking.

        ``prepared`` is the database ``app.main`` began to open beside Qt's start-up (a Future
        of a Database, or of None when it left the opening to this method).
        """
        if location and ask_demo and not paths.database_exists(location):
            choice = OpenFailed.ask(
                self, tr("데이터베이스 파일이 없습니다:\n{path}\n\n새 데이터베이스를 만들까요?")
                .format(path=location), missing=True, can_use_default=True)
            if choice == "default":
                location = None
            elif choice == "quit":
                self._give_up()
                return
        self._ask_demo = ask_demo

        def work(_progress):
            if prepared is not None and (database := prepared.result()) is not None:
                return database
            from .course_page import open_warmed

            return open_warmed(location, create=True)

        self._task = run_task(self, tr("데이터베이스를 여는 중"), work, self._opened,
                              lambda exc: self._open_failed(location, exc), show_progress=False)

    def _opened(self, database) -> None:
        from .context import AppContext

        self.context = AppContext(database, self.config)
        if not self._log_in():
            return
        self._build_pages()
        self.pages_ready.emit()
        self.offer_demo(ask=self._ask_demo)

    def _log_in(self) -> bool:
        """A database with accounts opens only to a login; closing the dialog ends the
        program with nothing shown."""
        from ..services import accounts

        if not self.context.read(accounts.accounts_enabled):
            self._show_account_actions()
            if not self.context.database.is_sqlite and FirstAdminOffer.ask(self):
                # a shared server: who did what must be known from the first day
                self._show_loading(tr("관리자 계정을 기다리는 중"))
                return self.make_first_admin_before_pages()
            return True
        self._show_loading(tr("로그인을 기다리는 중"))
        return self._ask_login()

    def _ask_login(self) -> bool:
        """The login; closing it ends the program showing nothing (accounts are on)."""
        from .login_dialog import LoginDialog

        signed_in = LoginDialog.ask(self, self.context)
        if signed_in is None:
            self.exit_code = 0
            self.close()
            QApplication.exit(0)
            return False
        self._signed_in(signed_in)
        return True

    def make_first_admin_before_pages(self) -> bool:
        """At the first start on a shared server: the 관리자 account, then its login."""
        from ..access import Who
        from .account_dialogs import NewAccountDialog

        if not NewAccountDialog.ask(self, self.context, first=True):
            return True          # later: the server is used without accounts until then
        self.context.database.act_as(Who(actor=self.context.actor, accounts=True))
        return self._ask_login()

    def _open_failed(self, location: str | None, exc: BaseException) -> None:
        from ..errors import UserError
        from .messages import show_error

        if not isinstance(exc, UserError):
            show_error(self, exc, tr("데이터베이스를 열 수 없습니다"))
            self._give_up()
            return
        if OpenFailed.ask(self, exc.message, missing=False,
                          can_use_default=bool(location)) == "default":
            self.start(None, ask_demo=self._ask_demo)
        else:
            self._give_up()

    def _give_up(self) -> None:
        self.exit_code = 2
        self._show_loading(tr("데이터베이스를 열지 못했습니다."))
        self.close()
        QApplication.exit(self.exit_code)

    # ------------------------------------------------------------ pages

    def _clear_pages(self) -> None:
        while self.stack.count():
            page = self.stack.widget(0)
            self.stack.removeWidget(page)
            page.deleteLater()
        self._has_pages = False
        self._built: dict[int, QWidget] = {}

    def _build_pages(self) -> None:
        """The course page now; the others right after it is painted (or when first asked for).

        Each page loads its data when it is made, so a page is never made twice for one
        database and never loaded twice on the way to the screen.
        """
        self._clear_pages()
        for _title in PAGES:  # one empty slot per page, filled by page()
            self.stack.addWidget(QWidget())
        self._has_pages = True
        self._show_account_actions()
        self.page(0)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.stack.setCurrentIndex(0)
        self._update_status()
        self._watch_changes()
        generation = self.context
        QTimer.singleShot(0, lambda: self._build_rest(generation))

    # ------------------------------------------------------------ changes made elsewhere

    def _watch_changes(self) -> None:
        from .change_watch import ChangeWatcher

        if self.watcher is not None:
            self.watcher.retire()
        self.watcher = ChangeWatcher(self.context.database, lambda: self._can_reload(), self)
        self.watcher.changed.connect(self.reload_changed_page)
        self.context.after_write[:] = [lambda value: self.watcher.own_write(value)]

    def _can_reload(self) -> bool:
        """No reload under an open dialog, a menu, or while work runs (they would lose state
        or read half a change); the watcher tries again on its next look."""
        return (QApplication.activeModalWidget() is None
                and QApplication.activePopupWidget() is None and not running_tasks())

    def reload_changed_page(self) -> None:
        """Show the visible page as the database is now after a change made elsewhere."""
        page = self.stack.currentWidget()
        # A page with typing of its own (settings) is not reloaded under the user: only F5.
        if self._has_pages and hasattr(page, "on_database_changed"):
            self._reload_page(page)
            self.statusBar().showMessage(
                tr("다른 PC나 명령에서 바뀐 내용을 반영했습니다 ({time})").format(
                    time=QTime.currentTime().toString("HH:mm:ss")), 5000)

    @staticmethod
    def _reload_page(page: QWidget) -> None:
        """Reload a page keeping the user's place: the chosen rows (each page keeps them) and
        every table's scroll position."""
        from PySide6.QtWidgets import QAbstractItemView

        reload = getattr(page, "on_database_changed", None) or getattr(page, "refresh", None)
        if reload is None:
            return
        places = [(v, v.verticalScrollBar().value(), v.horizontalScrollBar().value())
                  for v in page.findChildren(QAbstractItemView)]
        reload()
        for view, down, across in places:
            view.verticalScrollBar().setValue(down)
            view.horizontalScrollBar().setValue(across)

    def _build_rest(self, generation) -> None:
        if generation is self.context and self._has_pages:
            for index in range(len(PAGES)):
                self.page(index)

    def page(self, index: int) -> QWidget:
        """The page at ``index`` of the navigation, made on first use."""
        if index in self._built:
            return self._built[index]
        from .budget_page import BudgetPage
        from .certificate_page import CertificatePage
        from .course_page import CoursePage
        from .dorm_page import DormPage
        from .instructor_page import InstructorPage
        from .facility_page import FacilityPage
        from .registration_page import RegistrationPage
        from .roster_page import RosterPage
        from .settings_page import SettingsPage
        from .statistics_page import StatisticsPage
        from .trainee_page import TraineePage

        kind = (CoursePage, TraineePage, RegistrationPage, RosterPage, CertificatePage,
                FacilityPage, DormPage, InstructorPage, BudgetPage, StatisticsPage,
                SettingsPage)[index]
        page = kind(self.context)
        roles_ui.apply(page, PAGES[index], self.context.who)
        if isinstance(page, CoursePage):
            page.open_registration.connect(self.open_run)
        if isinstance(page, SettingsPage):
            page.database_changed.connect(self.switch_database)
        slot = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(slot)
        slot.deleteLater()
        self.stack.setCurrentIndex(current)
        self._built[index] = page
        return page

    @property
    def course_page(self):
        return self.page(0)

    @property
    def trainee_page(self):
        return self.page(1)

    @property
    def registration_page(self):
        return self.page(2)

    @property
    def roster_page(self):
        return self.page(PAGES.index("명단·출결"))

    @property
    def certificate_page(self):
        return self.page(PAGES.index("이수증"))

    @property
    def facility_page(self):
        return self.page(PAGES.index("시설"))

    @property
    def dorm_page(self):
        return self.page(PAGES.index("숙소"))

    @property
    def instructor_page(self):
        return self.page(PAGES.index("강사"))

    @property
    def budget_page(self):
        return self.page(PAGES.index("예산"))

    @property
    def statistics_page(self):
        return self.page(PAGES.index("통계"))

    @property
    def settings_page(self):
        return self.page(PAGES.index("설정"))

    def _show_page(self, row: int) -> None:
        if not self._has_pages or not 0 <= row < len(PAGES):
            return
        fresh = row not in self._built
        page = self.page(row)
        self.stack.setCurrentIndex(row)
        if not fresh and hasattr(page, "refresh"):
            page.refresh()

    def page_index(self, title: str) -> int:
        return PAGES.index(title)

    def open_run(self, run_id: int) -> None:
        """Jump from a course's run to its roster."""
        self.nav.setCurrentRow(self.page_index("신청·선발"))
        self.registration_page.show_run(run_id)

    def _update_status(self) -> None:
        from ..services import clock
        from ..services import demo as demo_service

        self.location_label.setText(tr("데이터베이스: {name}").format(
            name=self.context.database.display_name))
        notice, reference = self.context.read(
            lambda s: (demo_service.notice(s), clock.reference_date(s)))
        self.demo_label.setText(notice or "")
        self.demo_label.setVisible(bool(notice))
        self.reference_label.setText(
            tr("데모 기준일 {day}").format(day=reference.isoformat()) if reference else "")
        self.reference_label.setVisible(bool(reference))

    # ------------------------------------------------------------ database

    def switch_database(self, location: str) -> None:
        """Open another database (a file or a server URL) and show its data."""
        from ..db import open_database
        from .context import AppContext
        from .messages import show_error

        if not self._pages_may_close():
            return
        try:
            database = open_database(location or None)
        except Exception as exc:
            show_error(self, exc)
            return
        from ..services import accounts
        from .login_dialog import LoginDialog

        signed_in = None
        if database.url != self.context.database.url and AppContext(database, self.config).read(
                accounts.accounts_enabled):
            signed_in = LoginDialog.ask(self, AppContext(database, self.config))
            if signed_in is None:          # not logged in: the database in use stays
                database.dispose()
                return
        self._save_pages()
        old = self.context.database
        self.config.database = location
        local_config.save(self.config)
        same = database.url == old.url      # reopened after a restore: the same person
        self.context = AppContext(database, self.config, self.context.backup_folder,
                                  signed_in=signed_in or (self.context.signed_in if same else None))
        if database.url != old.url:
            old.dispose()
        self._build_pages()
        self.offer_demo()

    # ------------------------------------------------------------ demo

    def offer_demo(self, ask: bool = True) -> None:
        """On an empty database, offer (or with ``ask=False`` just load) the demo year."""
        from ..services import demo as demo_service
        from .messages import show_error

        if not self.context.read(demo_service.is_empty):
            if not ask:
                self.statusBar().showMessage(tr("이미 자료가 있어 데모 자료를 넣지 않았습니다."), 8000)
            return
        if ask and not DemoOffer.ask(self):
            return
        database = self.context.database

        def work(progress):
            with database.session_scope() as session:
                return demo_service.load(session, progress)

        self._task = run_task(self, tr("데모 자료 넣는 중"), work, self._demo_done,
                              lambda exc: show_error(self, exc))

    def _demo_done(self, summary) -> None:
        self._build_pages()
        unplaced = tr(" 빈 강의실이 없어 배정하지 못한 6·7월 집합 기수 {n}개: {codes}").format(
            n=len(summary.unplaced_runs), codes=", ".join(summary.unplaced_runs[:8])
            + (" …" if len(summary.unplaced_runs) > 8 else "")) if summary.unplaced_runs else ""
        self.statusBar().showMessage(
            tr("데모 자료: 과정 {courses}개, 기수 {runs}개, 가상 연수생 {persons}명, 가상 강의실 "
               "{rooms}개를 넣었습니다.").format(courses=summary.courses, runs=summary.runs,
                                           persons=summary.persons, rooms=summary.rooms)
            + unplaced, 20000)
        self.demo_loaded.emit()

    # ------------------------------------------------------------ closing

    def _save_pages(self) -> None:
        for page in self._built.values():
            page.save_state()

    def _pages_may_close(self) -> bool:
        """Every built page with unsaved typing of its own (the attendance grid) agrees."""
        return all(page.may_close() for page in self._built.values()
                   if hasattr(page, "may_close"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        ending_locked = self._ending_locked     # 끝내기 at the lock: no questions, nothing saved
        if not ending_locked and not self._pages_may_close():
            event.ignore()
            return
        busy = running_tasks()
        asked = [task.title for task in busy if task.shows_progress]
        if asked and not ending_locked and not CloseWhileBusy.ask(self, asked):
            event.ignore()
            return
        cancel_all()  # each task's transaction rolls back; its thread has ended after this
        if self.watcher is not None:
            self.watcher.stop()
        self._save_pages()
        save_geometry(self, "main")
        if self.context is not None and self.config.auto_backup:
            from ..services import backup as backup_service

            try:
                backup_service.daily_backup(self.context.database, self.context.backup_folder,
                                            keep=self.config.backup_keep)
            except Exception as exc:  # a failed backup must not keep the window open
                from .messages import show_error

                show_error(self, exc, tr("자동 백업을 하지 못했습니다"))
        event.accept()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.nav.setFocus(Qt.FocusReason.OtherFocusReason)
