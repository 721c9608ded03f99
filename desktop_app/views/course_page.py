"""과정 page: the year's courses with filters, their runs, and the department targets."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QScrollArea, QSplitter, QTableView, QTabWidget,
                               QVBoxLayout, QWidget)

from ..services import clock
from ..services import courses as course_service
from ..services import reference
from ..services import runs as run_service
from ..services.courses import CourseFilter
from .context import AppContext
from .course_dialog import CourseDialog
from .file_dialogs import EXCEL_FILTER, FileChooser
from .forms import push_button
from .i18n import tr
from .messages import confirm, inform, show_error
from .reason_dialog import ReasonDialog
from .run_dialog import RunDialog
from .tasks import run_task
from .table_models import CourseTableModel, RunTableModel, TargetTableModel
from .timetable_dialog import TimetableDialog
from .ui_state import restore_splitter, save_header, save_splitter, setup_table

ALL = "전체"  # first choice of each filter box; shown through tr()


def warm_up(database) -> None:
    """Run the course page's first queries once, off the GUI thread, before the page exists.

    The first use of each ORM query pays for mapper set-up and SQL compilation (~0.1 s in all);
    done here while the loading page shows, the page then fills from SQLAlchemy's caches.
    """
    with database.read_scope() as session:
        year = course_service.default_year(course_service.years(session),
                                           clock.today(session).year)
        ids = course_service.list_course_ids(session, CourseFilter(year=year))
        course_service.course_rows(session, ids[:100])
        if ids:
            course_service.course_detail(session, ids[0])
            run_service.runs_of_course(session, ids[0])


def open_warmed(location: str | None, *, create: bool):
    """Open the database for the window and warm the course page's queries, with every page's
    module imported: the start-up's database work, done off the GUI thread (importing a module
    makes no widget)."""
    from ..db import open_database
    from . import registration_page, settings_page, trainee_page  # noqa: F401

    database = open_database(location, create=create)
    try:
        warm_up(database)
    except BaseException:
        database.dispose()
        raise
    return database


class CoursePage(QWidget):
    """List, filter and edit courses and runs."""

    open_registration = Signal(int)  # run id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_bar())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._course_tab(), tr("과정 목록"))
        self.tabs.addTab(self._target_tab(), tr("부서 목표(추진 목표)"))
        self.tabs.currentChanged.connect(lambda _i: self._reload_targets())
        layout.addWidget(self.tabs, 1)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.apply_filter)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_course)
        self.refresh()

    # ------------------------------------------------------------ layout

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.year = QComboBox()
        self.year.setObjectName("yearFilter")
        self.department = QComboBox()
        self.department.addItems([tr(ALL), *reference.DEPARTMENTS])
        self.category = QComboBox()
        self.category.addItems([tr(ALL), *reference.CATEGORIES])
        self.status = QComboBox()
        self.status.addItems([tr(ALL), *reference.COURSE_STATUSES])
        self.month = QComboBox()
        self.month.addItems([tr(ALL)] + [tr("{month}월").format(month=m) for m in range(1, 13)])
        self.search = QLineEdit()
        self.search.setObjectName("courseSearch")
        self.search.setPlaceholderText(tr("과정명·과정코드 검색 (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        for label, widget in ((tr("연도"), self.year), (tr("부서"), self.department),
                              (tr("연수종별"), self.category), (tr("상태"), self.status),
                              (tr("월"), self.month)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
            widget.currentIndexChanged.connect(lambda _i: self.apply_filter())
        bar.addWidget(self.search, 1)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.reset_button = push_button(tr("필터 초기화"), self.reset_filters,
                                    tr("검색어와 모든 필터를 처음 상태로 되돌립니다"))
        self.reset_button.setObjectName("resetFilters")
        bar.addWidget(self.reset_button)
        self.count = QLabel()
        self.count.setObjectName("courseCount")
        bar.addWidget(self.count)
        return bar

    def _course_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        buttons = QHBoxLayout()
        self.new_button = push_button(tr("새 과정"), self.new_course, "Ctrl+N")
        self.edit_button = push_button(tr("과정 수정"), self.edit_course, tr("Enter 또는 두 번 누르기"))
        self.copy_button = push_button(tr("다음 해로 복사"), self.copy_to_next_year,
                                   tr("고른 과정과 기수를 다음 해 계획으로 복사합니다"))
        self.close_button = push_button(tr("폐강"), self.close_course)
        self.reopen_button = push_button(tr("폐강 취소"), self.reopen_course)
        self.excel_button = push_button(tr("엑셀로 저장…"), self.export_excel,
                                    tr("지금 목록에 보이는 과정과 그 기수를 엑셀 파일로 저장합니다"))
        for b in (self.new_button, self.edit_button, self.copy_button, self.close_button,
                  self.reopen_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.excel_button)
        layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.course_model = CourseTableModel(self.context, self)
        self.course_view = QTableView()
        self.course_view.setModel(self.course_model)
        setup_table(self.course_view, "courseTable",
                    {0: 80, 1: 290, 2: 70, 3: 65, 4: 105, 5: 45, 6: 60, 7: 45, 8: 65, 9: 50,
                     10: 45, 11: 140}, sortable=True)
        self.course_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.course_view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.course_view.doubleClicked.connect(lambda _i: self.edit_course())
        self.course_view.activated.connect(lambda _i: self.edit_course())
        self.splitter.addWidget(self.course_view)
        self.splitter.addWidget(self._run_panel())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        restore_splitter(self.splitter, "courses")
        layout.addWidget(self.splitter, 1)
        self.course_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._show_course())
        return tab

    def _run_panel(self) -> QWidget:
        panel = QWidget()
        layout = QHBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        buttons = QHBoxLayout()
        self.run_title = QLabel(tr("과정을 고르면 기수가 보입니다."))
        self.run_title.setObjectName("runTitle")
        buttons.addWidget(self.run_title, 1)
        self.add_run_button = push_button(tr("기수 추가"), self.add_run)
        self.edit_run_button = push_button(tr("기수 수정"), self.edit_run)
        self.timetable_button = push_button(tr("시간표"), self.edit_timetable)
        self.close_run_button = push_button(tr("기수 폐강"), self.close_run)
        self.reopen_run_button = push_button(tr("기수 폐강 취소"), self.reopen_run)
        self.register_button = push_button(tr("신청·선발로"), self.go_register,
                                       tr("이 기수의 신청자 명단을 엽니다"))
        for b in (self.add_run_button, self.edit_run_button, self.timetable_button,
                  self.close_run_button, self.reopen_run_button, self.register_button):
            buttons.addWidget(b)
        left.addLayout(buttons)
        self.run_model = RunTableModel(self)
        self.run_view = QTableView()
        self.run_view.setModel(self.run_model)
        # 비고 (the last column) stretches over what is left.
        setup_table(self.run_view, "runTable", {0: 105, 1: 45, 2: 90, 3: 90, 4: 65, 5: 45, 6: 45,
                                                7: 45, 8: 100, 9: 45, 10: 70})
        self.run_view.doubleClicked.connect(lambda _i: self.go_register())
        self.run_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_run_buttons())
        left.addWidget(self.run_view, 1)
        layout.addLayout(left, 3)
        self.course_info = QLabel()
        self.course_info.setObjectName("courseInfo")
        self.course_info.setWordWrap(True)
        self.course_info.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.course_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Long notes must stay readable on a small screen: the details scroll rather than clip.
        info_scroll = QScrollArea()
        info_scroll.setWidgetResizable(True)
        info_scroll.setFrameShape(QFrame.Shape.NoFrame)
        info_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        info_scroll.setMinimumWidth(290)
        info_scroll.setWidget(self.course_info)
        layout.addWidget(info_scroll, 1)
        return panel

    def _target_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        note = QLabel(tr("계획서의 추진 목표 행입니다. 부서별 목표(과정 수·인원)를 같은 실천과제·부서의 과정 행 "
                         "합계와 나란히 보여 줄 뿐, 과정 목록에 더하지 않습니다."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.target_model = TargetTableModel(self)
        self.target_view = QTableView()
        self.target_view.setModel(self.target_model)
        setup_table(self.target_view, "targetTable", {0: 60, 1: 80, 2: 110, 3: 250, 4: 70,
                                                      5: 75, 6: 100, 7: 70, 8: 70, 9: 75})
        layout.addWidget(self.target_view, 1)
        return tab

    # ------------------------------------------------------------ data

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        """Reload years and lists from the database (F5); the chosen year stays while it has
        courses, else the default year (``course_service.default_year``) is shown."""
        years, today = self.context.read(lambda s: (course_service.years(s), clock.today(s)))
        self._default_year = str(course_service.default_year(years, today.year))
        current = self.year.currentText()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItems([str(y) for y in years] or [self._default_year])
        index = self.year.findText(current)
        self.year.setCurrentIndex(index if index >= 0 else
                                  max(self.year.findText(self._default_year), 0))
        self.year.blockSignals(False)
        self.apply_filter()

    def on_database_changed(self) -> None:
        """Another PC or a command changed data: the lists as they are now, with the chosen
        course and run kept."""
        self.refresh()

    def reset_filters(self) -> None:
        """필터 초기화: empty search, every filter back to 전체, the default year; one query."""
        boxes = (self.department, self.category, self.status, self.month)
        for widget in (self.year, *boxes):
            widget.blockSignals(True)
        for box in boxes:
            box.setCurrentIndex(0)
        self.year.setCurrentIndex(max(self.year.findText(self._default_year), 0))
        for widget in (self.year, *boxes):
            widget.blockSignals(False)
        # Not blockSignals on the search box: it would leave its clear button showing.
        self.search.clear()
        self._search_timer.stop()  # the one query is run right here
        self.apply_filter()

    def current_filter(self) -> CourseFilter:
        def pick(box: QComboBox) -> str:  # index 0 is ALL, whatever its translation
            return "" if box.currentIndex() == 0 else box.currentText()

        month = self.month.currentIndex()
        return CourseFilter(year=int(self.year.currentText()) if self.year.currentText() else None,
                            department=pick(self.department), category=pick(self.category),
                            status=pick(self.status), month=month or None,
                            text=self.search.text())

    def apply_filter(self, keep_id: int | None = None) -> None:
        keep_id = keep_id if keep_id is not None else self.current_course_id()
        self.course_model.filter = self.current_filter()
        self.course_model.reload()
        self.count.setText(tr("과정 {count:,}개").format(count=self.course_model.rowCount()))
        listed = self.course_model.rowCount() > 0
        self.excel_button.setEnabled(listed)
        self.excel_button.setToolTip(tr("지금 목록에 보이는 과정과 그 기수를 엑셀 파일로 저장합니다")
                                     if listed
                                     else tr("조건에 맞는 과정이 없습니다. 필터 초기화를 눌러 보십시오."))
        row = self.course_model.row_of_id(keep_id) if keep_id is not None else -1
        self.course_view.selectRow(row if row >= 0 else 0)
        if self.course_model.rowCount() == 0:
            self._show_course()
        self._reload_targets()

    def _reload_targets(self) -> None:
        if self.tabs.currentIndex() == 1 and self.year.currentText():
            year = int(self.year.currentText())
            self.target_model.set_rows(self.context.read(
                lambda s: course_service.department_targets(s, year)))

    def current_course_id(self) -> int | None:
        index = self.course_view.currentIndex()
        return self.course_model.id_at(index.row()) if index.isValid() else None

    def selected_course_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.course_view.selectionModel().selectedRows()})
        return [i for i in (self.course_model.id_at(r) for r in rows) if i is not None]

    def current_run_id(self) -> int | None:
        index = self.run_view.currentIndex()
        row = self.run_model.row_at(index.row()) if index.isValid() else None
        return row.id if row else None

    def _show_course(self, keep_run: int | None = None) -> None:
        """The chosen course's runs; the chosen run (``keep_run``, else the one chosen now)
        stays chosen while it is listed."""
        keep_run = keep_run if keep_run is not None else self.current_run_id()
        course_id = self.current_course_id()
        has_course = course_id is not None
        for b in (self.edit_button, self.copy_button, self.close_button, self.reopen_button,
                  self.add_run_button):
            b.setEnabled(has_course)
        if not has_course:
            self.run_model.set_rows([])
            self.run_title.setText(tr("과정을 고르면 기수가 보입니다."))
            self.course_info.setText("")
            self._update_run_buttons()
            return
        detail = self.context.read(lambda s: course_service.course_detail(s, course_id))
        rows = self.context.read(lambda s: run_service.runs_of_course(s, course_id))
        self.run_model.set_rows(rows)
        self.run_title.setText(tr("<b>{code}</b> 기수 {count}개").format(
            code=html.escape(detail.code), count=len(rows)))
        self.close_button.setEnabled(detail.status == "운영")
        self.reopen_button.setEnabled(detail.status == "폐강")
        self.add_run_button.setEnabled(detail.status == "운영")
        self.course_info.setText(_course_html(detail))
        target = next((i for i, r in enumerate(rows) if r.id == keep_run), 0)
        if rows:
            self.run_view.selectRow(target)
        self._update_run_buttons()

    def _update_run_buttons(self) -> None:
        index = self.run_view.currentIndex()
        run = self.run_model.row_at(index.row()) if index.isValid() else None
        for b in (self.edit_run_button, self.timetable_button, self.register_button):
            b.setEnabled(run is not None)
        self.close_run_button.setEnabled(run is not None and run.status == "개설")
        self.reopen_run_button.setEnabled(run is not None and run.status == "폐강")

    # ------------------------------------------------------------ actions

    def new_course(self) -> None:
        year = int(self.year.currentText()) if self.year.currentText() else None
        new_id = CourseDialog.ask(self, self.context, None, year)
        if new_id is not None:
            self._after_course_saved(new_id)

    def edit_course(self) -> None:
        course_id = self.current_course_id()
        if course_id is None:
            return
        if CourseDialog.ask(self, self.context, course_id) is not None:
            self._after_course_saved(course_id)

    def _after_course_saved(self, course_id: int) -> None:
        year = self.context.read(lambda s: course_service.course_detail(s, course_id).year)
        self.refresh()
        self.year.setCurrentIndex(max(self.year.findText(str(year)), 0))
        self.apply_filter(course_id)

    def copy_to_next_year(self) -> None:
        ids = self.selected_course_ids()
        if not ids:
            return
        year = int(self.year.currentText()) + 1
        target, ok = QInputDialog.getInt(
            self, tr("다음 해로 복사"),
            tr("고른 과정 {count}개를 기수와 함께 몇 년 계획으로 복사할까요?").format(count=len(ids)),
            year, 2000, 2100)
        if not ok:
            return
        done, new_ids = self.context.attempt(
            self, lambda s: course_service.copy_courses_to_year(s, ids, target))
        if not done:
            return
        inform(self, tr("복사 완료"),
               tr("{year}년 계획으로 과정 {count}개를 복사했습니다. 기수 날짜는 같은 달·날로 옮겼으니 "
                  "확인해 주십시오.").format(year=target, count=len(new_ids)))
        self._after_course_saved(new_ids[0])

    def close_course(self) -> None:
        course_id = self.current_course_id()
        if course_id is None:
            return
        reason = ReasonDialog.ask(self, tr("폐강"), tr("과정을 폐강하면 모든 기수가 닫히고 신청·선발·대기 중인 "
                                                     "사람은 취소됩니다. 폐강 사유를 입력하십시오."),
                                  accept_text=tr("과정 폐강"))
        if reason is None:
            return
        done, cancelled = self.context.attempt(self, lambda s: course_service.close_course(
            s, course_id, reason, self.context.actor))
        if not done:
            return
        self.apply_filter(course_id)
        if cancelled:
            inform(self, tr("폐강"), tr("신청 {count}건을 취소했습니다.").format(count=cancelled))

    def reopen_course(self) -> None:
        course_id = self.current_course_id()
        if course_id is None or not confirm(self, tr("폐강 취소"), tr("과정의 폐강을 취소할까요? 기수는 "
                                                                  "하나씩 다시 열어야 합니다.")):
            return
        if not self.context.attempt(self, lambda s: course_service.reopen_course(s, course_id))[0]:
            return
        self.apply_filter(course_id)

    def add_run(self) -> None:
        course_id = self.current_course_id()
        if course_id is None:
            return
        run_id = RunDialog.ask(self, self.context, course_id)
        if run_id is not None:
            self._show_run(course_id, run_id)

    def edit_run(self) -> None:
        course_id, run_id = self.current_course_id(), self.current_run_id()
        if run_id is None:
            return
        if RunDialog.ask(self, self.context, course_id, run_id) is not None:
            self._show_run(course_id, run_id)

    def edit_timetable(self) -> None:
        run_id = self.current_run_id()
        if run_id is not None:
            TimetableDialog.ask(self, self.context, run_id)

    def close_run(self) -> None:
        course_id, run_id = self.current_course_id(), self.current_run_id()
        if run_id is None:
            return
        reason = ReasonDialog.ask(self, tr("기수 폐강"), tr("이 기수의 신청·선발·대기 중인 사람은 모두 "
                                                         "취소됩니다. 폐강 사유를 입력하십시오."),
                                  accept_text=tr("기수 폐강"))
        if reason is None:
            return
        if not self.context.attempt(self, lambda s: run_service.close_run(
                s, run_id, reason, self.context.actor))[0]:
            return
        self._show_run(course_id, run_id)

    def reopen_run(self) -> None:
        course_id, run_id = self.current_course_id(), self.current_run_id()
        if run_id is None:
            return
        if not self.context.attempt(self, lambda s: run_service.reopen_run(s, run_id))[0]:
            return
        self._show_run(course_id, run_id)

    def _show_run(self, course_id: int, run_id: int) -> None:
        """After a run changed: list its course again with that run selected."""
        self.apply_filter(course_id)
        self._show_course(run_id)

    def go_register(self) -> None:
        run_id = self.current_run_id()
        if run_id is not None:
            self.open_registration.emit(run_id)

    def export_excel(self) -> None:
        """Save the listed courses (as filtered and sorted) with their runs to .xlsx."""
        ids = self.course_model.ids()
        if not ids:
            inform(self, tr("엑셀로 저장"), tr("저장할 과정이 없습니다."))
            return
        suggested = Path.home() / tr("과정목록-{year}.xlsx").format(year=self.year.currentText())
        path = FileChooser.save_path(self, tr("엑셀로 저장"), str(suggested), EXCEL_FILTER)
        if not path:
            return
        database = self.context.database

        def work(progress):
            # the Excel writer is imported when saving, not at start-up
            from ..services.course_list_export import export_courses

            with database.read_scope() as session:
                return export_courses(session, ids, Path(path), progress)

        self._task = run_task(self, tr("엑셀 파일 만드는 중"), work,
                              lambda out: inform(self, tr("엑셀로 저장"),
                                                 tr("과정 {count:,}개를 저장했습니다:\n{path}")
                                                 .format(count=len(ids), path=out)),
                              lambda exc: show_error(self, exc))

    def save_state(self) -> None:
        save_splitter(self.splitter, "courses")
        for view in (self.course_view, self.run_view, self.target_view):
            save_header(view, view.objectName())


def _course_html(d) -> str:
    def row(label: str, value) -> str:
        text = "" if value in (None, "") else html.escape(str(value)).replace("\n", "<br>")
        return f"<tr><td style='color:#555;padding-right:8px'>{label}</td><td>{text}</td></tr>"

    rule = tr("출석 {pct}% 이상").format(pct=d.min_attendance_pct) + (
        tr(", {score}점 이상").format(score=d.min_score) if d.min_score is not None
        else tr(", 점수 평가 없음"))
    task = reference.plan_tasks().get(d.plan_task_code or "", "")
    flags = " ".join(x for x, on in ((tr("[신규]"), d.is_new), (tr("[확대]"), d.is_expanded))
                     if on)
    closed = ("<p style='color:#b00020'>" + tr("폐강: {reason}").format(
        reason=html.escape(d.closed_reason or '')) + "</p>") if d.status == "폐강" else ""
    return (f"<b>{html.escape(d.title)}</b> {flags}{closed}<table>"
            + row(tr("과정코드"), d.code) + row(tr("연수종별"), d.category)
            + row(tr("대상"), d.target_group) + row(tr("운영부서"), d.department)
            + row(tr("운영방식"), d.delivery)
            + row(tr("연수시간"), tr("{hours}시간").format(hours=d.hours) if d.hours
                  else tr("미정"))
            + row(tr("학점"), tr("{credits}학점").format(credits=d.credits)
                  if d.credits is not None else "")
            + row(tr("이수 기준"), rule)
            + row(tr("실천과제"), f"{d.plan_task_code or ''} {task}".strip())
            + row(tr("계획"), tr("{runs}과정 {people}명").format(runs=d.planned_runs or '-',
                                                              people=d.planned_people or '-'))
            + row(tr("추진 일정"), d.schedule_text) + row(tr("비고"), d.notes) + "</table>")
