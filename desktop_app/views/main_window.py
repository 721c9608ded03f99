"""The main window: navigation on the left, one page per job, the database in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QMessageBox, QStackedWidget, QWidget)

from .. import local_config
from ..db import open_database
from ..services import backup as backup_service
from ..services import demo as demo_service
from .context import AppContext
from .course_page import CoursePage
from .i18n import tr
from .messages import show_error
from .registration_page import RegistrationPage
from .settings_page import SettingsPage
from .tasks import run_task
from .trainee_page import TraineePage
from .ui_state import restore_geometry, save_geometry

PAGES = ("과정", "연수생", "신청·선발", "설정")  # keys of page_index(); shown through tr()


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


class MainWindow(QMainWindow):
    """Holds the pages; rebuilds them when the database changes."""

    demo_loaded = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self._task = None
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
            item.setToolTip(f"Alt+{number}")
            self.nav.addItem(item)
        layout.addWidget(self.nav)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_page)
        for number in range(1, len(PAGES) + 1):
            QShortcut(QKeySequence(f"Alt+{number}"), self,
                      activated=lambda n=number: self.nav.setCurrentRow(n - 1))
        self.location_label = QLabel()
        self.demo_label = QLabel()
        self.demo_label.setObjectName("demoNotice")
        self.demo_label.setStyleSheet("background:#fff3cd; color:#664d03; padding:2px 6px;")
        self.statusBar().addWidget(self.location_label, 1)
        self.statusBar().addPermanentWidget(self.demo_label)
        self._build_pages()
        if not restore_geometry(self, "main"):
            self.resize(1360, 860)

    # ------------------------------------------------------------ pages

    def _build_pages(self) -> None:
        while self.stack.count():
            page = self.stack.widget(0)
            self.stack.removeWidget(page)
            page.deleteLater()
        self.course_page = CoursePage(self.context)
        self.trainee_page = TraineePage(self.context)
        self.registration_page = RegistrationPage(self.context)
        self.settings_page = SettingsPage(self.context)
        for page in (self.course_page, self.trainee_page, self.registration_page,
                     self.settings_page):
            self.stack.addWidget(page)
        self.course_page.open_registration.connect(self.open_run)
        self.settings_page.database_changed.connect(self.switch_database)
        self.nav.setCurrentRow(0)
        self._update_status()

    def _show_page(self, row: int) -> None:
        if 0 <= row < self.stack.count():
            self.stack.setCurrentIndex(row)
            page = self.stack.currentWidget()
            if hasattr(page, "refresh"):
                page.refresh()

    def page_index(self, title: str) -> int:
        return PAGES.index(title)

    def open_run(self, run_id: int) -> None:
        """Jump from a course's run to its roster."""
        self.nav.setCurrentRow(self.page_index("신청·선발"))
        self.registration_page.show_run(run_id)

    def _update_status(self) -> None:
        self.location_label.setText(tr("데이터베이스: {name}").format(
            name=self.context.database.display_name))
        notice = self.context.read(demo_service.notice)
        self.demo_label.setText(notice or "")
        self.demo_label.setVisible(bool(notice))

    # ------------------------------------------------------------ database

    def switch_database(self, location: str) -> None:
        """Open another database (a file or a server URL) and show its data."""
        try:
            database = open_database(location or None)
        except Exception as exc:
            show_error(self, exc)
            return
        self._save_pages()
        old = self.context.database
        self.context.config.database = location
        local_config.save(self.context.config)
        self.context = AppContext(database, self.context.config, self.context.backup_folder)
        if database.url != old.url:
            old.dispose()
        self._build_pages()
        self.offer_demo()

    # ------------------------------------------------------------ demo

    def offer_demo(self, ask: bool = True) -> None:
        """On an empty database, offer (or with ``ask=False`` just load) the demo year."""
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
        self.statusBar().showMessage(
            tr("데모 자료: 과정 {courses}개, 기수 {runs}개, 가상 연수생 {persons}명을 넣었습니다.")
            .format(courses=summary.courses, runs=summary.runs, persons=summary.persons), 10000)
        self.demo_loaded.emit()

    # ------------------------------------------------------------ closing

    def _save_pages(self) -> None:
        for page in (self.course_page, self.trainee_page, self.registration_page,
                     self.settings_page):
            page.save_state()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self._save_pages()
        save_geometry(self, "main")
        config = self.context.config
        if config.auto_backup:
            try:
                backup_service.daily_backup(self.context.database, self.context.backup_folder,
                                            keep=config.backup_keep)
            except Exception as exc:  # a failed backup must not keep the window open
                show_error(self, exc, tr("자동 백업을 하지 못했습니다"))
        event.accept()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.nav.setFocus(Qt.FocusReason.OtherFocusReason)
