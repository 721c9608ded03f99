"""명단·출결 page: a run's trainees with attendance %, score and completion; the attendance
grid; completion, decisions by hand, the files in and out, and a trainee's training record."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit,
                               QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from ..errors import UserError, ValidationError
from ..services import attendance as attendance_service
from ..services import completion as completion_service
from ..services import persons as person_service
from ..services import run_files, run_roster
from ..services import runs as run_service
from ..services.completion import COMPLETED, NOT_COMPLETED
from .attendance_grid import AttendanceGrid
from .completion_dialogs import (CompletionOverride, CompletionPreview, TrainingRecordDialog,
                                 statement_printer)
from .context import AppContext
from .file_dialogs import SHEET_FILTER, FileChooser
from .forms import UnsavedChanges, push_button
from .i18n import tr
from .messages import confirm, show_error
from .run_finder import RunFinder, run_header
from .save_file import save_in_background
from .table_models import SCORE_COLUMN, OrgCountTableModel, RunRosterTableModel
from .tasks import run_task
from .ui_state import restore_splitter, save_splitter, setup_table

ALL = "전체"
UNDECIDED = "미정"


class YearQuestion:
    """Which year's completions to export."""

    @classmethod
    def ask(cls, parent: QWidget, default: int) -> int | None:
        from PySide6.QtWidgets import QInputDialog

        year, ok = QInputDialog.getInt(parent, tr("나이스 이수 자료"), tr("과정 연도"), default,
                                       2000, 2100)
        return year if ok else None


class RosterPage(QWidget):
    """The roster and attendance of one run."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.run_id: int | None = None
        self._run = None
        self._roster: run_roster.RunRoster | None = None
        self._task = None
        layout = QVBoxLayout(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.finder = RunFinder(context, "rosterRunPicker")
        self.finder.picked.connect(self._picked)
        self.splitter.addWidget(self.finder)
        self.splitter.addWidget(self._right_panel())
        self.splitter.setSizes([340, 840])
        restore_splitter(self.splitter, "roster")
        layout.addWidget(self.splitter, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.finder.focus_search)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_attendance)
        self._update_buttons()

    # ------------------------------------------------------------ layout

    def _right_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = run_header("rosterHeader")
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._roster_tab(), tr("명단·이수"))
        self.tabs.addTab(self._attendance_tab(), tr("출결"))
        self.tabs.addTab(self._counts_tab(), tr("상태·소속별 인원"))
        layout.addWidget(self.tabs, 1)
        self.message = QLabel()
        self.message.setObjectName("rosterMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        return panel

    def _roster_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        actions = QHBoxLayout()
        self.complete_button = push_button(tr("이수 판정…"), self.run_completion)
        self.override_button = push_button(tr("이수 직접 정하기…"), self.override_current)
        self.results_button = push_button(tr("점수·결과 올리기…"), self.import_results)
        self.neis_button = push_button(tr("나이스 파일…"), self.export_neis)
        self.record_button = push_button(tr("연수 이력…"), self.show_record)
        self.roster_export_button = push_button(tr("명단 엑셀로…"), self.export_roster)
        self.roster_pdf_button = push_button(tr("명단 PDF…"), self.print_roster)
        self.certificate_button = push_button(
            tr("이수증…"), self.issue_certificates,
            tr("이수자의 이수증을 발급합니다 (발급번호를 매겨 발급대장에 기록; 이미 발급했으면 재발급)."))
        for b in (self.complete_button, self.override_button, self.results_button,
                  self.neis_button, self.roster_export_button, self.roster_pdf_button,
                  self.certificate_button, self.record_button):
            actions.addWidget(b)
        actions.addStretch(1)
        layout.addLayout(actions)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("rosterSearch")
        self.search.setPlaceholderText(tr("성명 또는 소속으로 거르기"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._show_lines())
        filters.addWidget(self.search, 1)
        filters.addWidget(QLabel(tr("이수")))
        self.completion_filter = QComboBox()
        self.completion_filter.addItems([tr(ALL), COMPLETED, NOT_COMPLETED, tr(UNDECIDED)])
        self.completion_filter.currentIndexChanged.connect(lambda _i: self._show_lines())
        filters.addWidget(self.completion_filter)
        layout.addLayout(filters)
        self.roster_model = RunRosterTableModel(self)
        self.roster_view = QTableView()
        self.roster_view.setModel(self.roster_model)
        setup_table(self.roster_view, "runRoster", {0: 70, 1: 90, 2: 170, 3: 60, 4: 50, 5: 60,
                                                    6: 50, 7: 50, 8: 70, 9: 80}, sortable=True)
        self.roster_view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.roster_view.doubleClicked.connect(self._double_clicked)
        self.roster_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                         | QAbstractItemView.EditTrigger.EditKeyPressed
                                         | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.roster_model.score_writer = self.save_score
        self.roster_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_buttons())
        layout.addWidget(self.roster_view, 1)
        return tab

    def _attendance_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        actions = QHBoxLayout()
        self.save_button = push_button(tr("저장 (Ctrl+S)"), self.save_attendance)
        self.fill_button = push_button(tr("고른 날 빈 칸 출석"), self.fill_days)
        self.undo_button = push_button(tr("되돌리기"), lambda: self.grid.undo_stack.undo())
        self.reload_button = push_button(tr("다시 불러오기"), self.reload_attendance)
        self.attendance_export_button = push_button(tr("출석부 엑셀로…"), self.export_attendance)
        self.attendance_import_button = push_button(tr("출결 올리기…"), self.import_attendance)
        self.signin_button = push_button(tr("출석부 PDF…"), self.print_signin)
        for b in (self.save_button, self.fill_button, self.undo_button, self.reload_button,
                  self.attendance_export_button, self.attendance_import_button,
                  self.signin_button):
            actions.addWidget(b)
        actions.addStretch(1)
        layout.addLayout(actions)
        hint = QLabel(tr("칸을 고르고 1 또는 스페이스 출석 · 2 지각 · 3 조퇴 · 4 결석 · 5 공결 · "
                         "Delete 지움 · Ctrl+Z 되돌리기"))
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.grid = AttendanceGrid()
        # bound methods, not lambdas: Qt drops the connection when the page goes, so a stack
        # torn down with the page cannot call into it
        self.grid.undo_stack.indexChanged.connect(self._on_undo_step)
        layout.addWidget(self.grid, 1)
        return tab

    def _counts_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.status_counts = QLabel()
        self.status_counts.setObjectName("statusCounts")
        self.status_counts.setWordWrap(True)
        layout.addWidget(self.status_counts)
        self.org_model = OrgCountTableModel(self)
        self.org_view = QTableView()
        self.org_view.setModel(self.org_model)
        setup_table(self.org_view, "rosterOrgs", {0: 320, 1: 70, 2: 70}, sortable=True)
        self.org_view.horizontalHeader().setStretchLastSection(False)
        self.org_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.org_view.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.org_view, 1)
        return tab

    # ------------------------------------------------------------ run

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self.finder.listed:
            self.finder.find_runs()

    def _picked(self, run_id: int) -> None:
        if run_id == self.run_id:
            return
        if not self.leave_attendance():
            self.finder.run_id = self.run_id
            self.finder.find_runs()  # the old run stays chosen
            return
        self.show_run(run_id)

    def show_run(self, run_id: int) -> None:
        """Open a run (also from other pages)."""
        self.run_id = run_id
        self.finder.run_id = run_id
        self.message.setText("")
        self.refresh()

    def refresh(self) -> None:
        """The run as it is now (the page shown again, F5); attendance typed and not saved
        stays in the grid."""
        if self.run_id is None:
            return
        self._run = self.context.read(lambda s: run_service.run_row(s, self.run_id))
        self.reload_roster()
        if self.grid.grid.has_changes():
            self._say(tr("저장하지 않은 출결은 그대로 두었습니다. 저장(Ctrl+S)하거나 다시 불러오기로 "
                         "버리십시오."))
        else:
            self.reload_attendance(ask=False)

    def on_database_changed(self) -> None:
        """Someone else changed data: the run list and the roster again; the grid unless
        attendance is being typed."""
        self.finder.find_runs()
        self.refresh()

    def may_close(self) -> bool:
        """Asked before the window closes or another database opens: unsaved attendance is
        saved, thrown away or kept (then nothing closes)."""
        return self.leave_attendance()

    def reload_roster(self) -> None:
        self._roster = self.context.read(lambda s: run_roster.run_roster(s, self.run_id))
        self._show_header()
        self._show_lines()

    def _show_header(self) -> None:
        run, roster = self._run, self._roster
        if run is None or roster is None:
            return
        selected = roster.by_status.get("선발", 0)
        undecided = selected - roster.count(COMPLETED) - roster.count(NOT_COMPLETED)
        self.header.setText(
            f"<b>{html.escape(run.code)}</b> {html.escape(run.course_title)}<br>"
            + tr("{start} ~ {end} · {phase} · 선발 <b>{selected}</b> · 이수 <b>{done}</b> · "
                 "미이수 <b>{failed}</b> · 미정 {undecided}").format(
                start=run.start_date, end=run.end_date, phase=run.phase, selected=selected,
                done=roster.count(COMPLETED), failed=roster.count(NOT_COMPLETED),
                undecided=undecided))
        counts = " · ".join(f"{status} {n}" for status, n in sorted(roster.by_status.items()))
        self.status_counts.setText(tr("<b>상태별</b> {counts}<br><b>소속별</b> 선발된 연수생의 소속 "
                                      "{n}곳 (많은 순)").format(
            counts=counts or tr("없음"), n=len(roster.by_organization)))
        self.org_model.set_rows(roster.by_organization)

    def _show_lines(self) -> None:
        if self._roster is None:
            self.roster_model.set_rows([])
            return
        keep = self.current_line()
        text = self.search.text().strip()
        index = self.completion_filter.currentIndex()  # 0 is ALL, 3 is UNDECIDED
        wanted = {1: COMPLETED, 2: NOT_COMPLETED, 3: ""}.get(index)
        lines = [line for line in self._roster.lines
                 if (not text or text in line.name or text in line.organization)
                 and (wanted is None or (line.status == "선발" and line.completion == wanted))]
        self.roster_model.set_rows(lines)
        rows = self.roster_model.rows()
        if rows:
            at = next((i for i, r in enumerate(rows)
                       if keep is not None and r.enrollment_id == keep.enrollment_id), 0)
            self.roster_view.selectRow(at)
        self._update_buttons()

    def current_line(self) -> run_roster.RosterLine | None:
        index = self.roster_view.currentIndex()
        return self.roster_model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        has_run = self.run_id is not None
        line = self.current_line()
        has_periods = has_run and self.grid.grid.sheet is not None \
            and bool(self.grid.grid.sheet.periods)
        changed = self.grid.grid.has_changes() if has_run else False
        tips = {
            self.complete_button: None if has_run else tr("기수를 먼저 고르십시오."),
            self.override_button: None if line is not None and line.status == "선발"
            else tr("선발된 연수생을 고르십시오."),
            self.results_button: None if has_run else tr("기수를 먼저 고르십시오."),
            self.neis_button: None if has_run else tr("기수를 먼저 고르십시오."),
            self.record_button: None if line is not None else tr("연수생을 고르십시오."),
            self.roster_export_button: None if has_run else tr("기수를 먼저 고르십시오."),
            self.roster_pdf_button: None if has_run else tr("기수를 먼저 고르십시오."),
            self.certificate_button: None if has_run and self._completed_count()
            else tr("이수한 연수생이 있는 기수를 고르십시오."),
            self.save_button: None if changed else tr("바꾼 출결이 없습니다."),
            self.undo_button: None if self.grid.undo_stack.canUndo() else tr("되돌릴 것이 없습니다."),
            self.fill_button: None if has_periods else tr("시간표가 있는 기수를 고르십시오."),
            self.reload_button: None if has_run else tr("기수를 먼저 고르십시오."),
            self.attendance_export_button: None if has_periods
            else tr("시간표가 있는 기수를 고르십시오."),
            self.attendance_import_button: None if has_periods
            else tr("시간표가 있는 기수를 고르십시오."),
            self.signin_button: None if has_periods else tr("시간표가 있는 기수를 고르십시오."),
        }
        for button, blocker in tips.items():
            button.setEnabled(blocker is None)
            button.setToolTip(blocker or "")

    def _on_undo_step(self, _index: int) -> None:
        self._update_buttons()

    def _say(self, text: str) -> None:
        self.message.setText(text)

    # ------------------------------------------------------------ attendance

    def reload_attendance(self, ask: bool = True) -> None:
        if self.run_id is None:
            return
        if ask and not self.leave_attendance():
            return
        sheet = self.context.read(lambda s: attendance_service.load_sheet(s, self.run_id))
        self.grid.load(sheet)
        if not sheet.periods:
            self._say(tr("이 기수에는 시간표가 없습니다. 출결은 시간표(교시)를 입력한 뒤 기록합니다."))
        self._update_buttons()

    def leave_attendance(self) -> bool:
        """Unsaved attendance: save, discard or stay.  True when the page may move on."""
        if not self.grid.grid.has_changes():
            return True
        answer = UnsavedChanges.ask(self)
        if answer == "save":
            return self.save_attendance()
        return answer == "discard"

    def save_attendance(self) -> bool:
        changes = self.grid.grid.changes()
        if self.run_id is None or not changes:
            return True
        run_id = self.run_id
        try:
            with self.context.write() as session:
                count = attendance_service.save_changes(session, run_id, changes,
                                                        self.context.actor)
        except attendance_service.AttendanceConflict as exc:
            # the other PC's cells as they are now; every other change of ours stays pending
            fresh = self.context.read(lambda s: attendance_service.load_sheet(s, run_id))
            self.grid.rebase(fresh, keep={k: v for k, v in changes.items()
                                          if k not in set(exc.cells)})
            show_error(self, exc)
            return False
        except Exception as exc:
            show_error(self, exc)
            return False
        self.grid.load(self.context.read(lambda s: attendance_service.load_sheet(s, run_id)))
        self.reload_roster()
        self._say(tr("출결 {n}칸을 저장했습니다.").format(n=f"{count:,}"))
        return True

    def fill_days(self) -> None:
        count = self.grid.fill_days()
        self._say(tr("빈 칸 {n}개를 출석으로 채웠습니다. 저장해야 기록됩니다.").format(n=f"{count:,}")
                  if count else tr("고른 날에 빈 칸이 없습니다 (날짜의 칸을 하나 이상 고르십시오)."))

    def export_attendance(self) -> None:
        self._export(tr("출석부 저장"), f"{self._run.code} 출석부.xlsx",
                     lambda s, path: run_files.export_attendance(s, self.run_id, path))

    def import_attendance(self) -> None:
        if not self.leave_attendance():
            return
        self._import_file(
            tr("출결 파일 열기"), run_files.import_attendance,
            lambda r: tr("출결 파일: 연수생 {t}명, 출결 {n}칸 가운데 지금과 다른 칸 {c}개를 파일 값으로 "
                         "바꿉니다 (빈 칸은 그대로).").format(t=r.trainees, n=f"{r.cells:,}",
                                                      c=f"{r.changed:,}"),
            lambda r: tr("출결을 올렸습니다: 연수생 {t}명, 바뀐 칸 {c}").format(
                t=r.trainees, c=f"{r.changed:,}"))

    # ------------------------------------------------------------ roster actions

    def import_results(self) -> None:
        self._import_file(
            tr("점수·결과 파일 열기"), run_files.import_results,
            lambda r: tr("결과 파일: 연수생 {t}명의 점수 {s}개, 학습 시간 {m}개를 넣습니다. 이미 한 "
                         "이수 판정은 해제되어 다시 판정해야 합니다.").format(
                t=r.trainees, s=r.scores, m=r.studies),
            lambda r: tr("올렸습니다: 연수생 {t}명 (점수 {s}, 학습 시간 {m})").format(
                t=r.trainees, s=r.scores, m=r.studies))

    def _import_file(self, title: str, importer, ask, describe) -> None:
        """Check the file (a dry run in the background), say what it will change and ask,
        then write it in the background; Cancel or closing before the commit writes nothing."""
        if self.run_id is None:
            return
        chosen = FileChooser.open_path(self, title, str(Path.home()), SHEET_FILTER)
        if chosen is None:
            return
        run_id, database, actor = self.run_id, self.context.database, self.context.actor

        def run_import(dry_run: bool):
            def work(progress):
                with database.session_scope() as session:
                    result = importer(session, run_id, Path(chosen), actor, dry_run=dry_run)
                    if progress(95, tr("저장하는 중")) is False:
                        raise ValidationError(tr("취소했습니다. 아무것도 바꾸지 않았습니다."))
                    return result
            return work

        def checked(result) -> None:
            if not confirm(self, title, ask(result) + "\n\n" + tr("올릴까요?")):
                return
            self._task = run_task(self, title, run_import(False), written,
                                  lambda exc: show_error(self, exc))

        def written(result) -> None:
            self.refresh()
            self._say(describe(result))

        self._task = run_task(self, title, run_import(True), checked,
                              lambda exc: show_error(self, exc))

    def _double_clicked(self, index) -> None:
        if index.column() != SCORE_COLUMN or not (
                self.roster_model.flags(index) & Qt.ItemFlag.ItemIsEditable):
            self.show_record()  # the score cell edits instead

    def save_score(self, enrollment_id: int, text) -> bool:
        """A score typed in the roster: saved at once, refused with the reason."""
        done, _ = self.context.attempt(self, lambda s: run_files.set_score(
            s, enrollment_id, text, self.context.actor))
        if done:
            self.reload_roster()
        return done

    def export_roster(self) -> None:
        from ..services.roster_export import export_roster
        from .purpose_dialog import ExportPurpose

        purpose = ExportPurpose.ask(self, tr("연수생 명단"))
        if purpose is None:
            return
        self._export(tr("명단 저장"), f"{self._run.code} 명단.xlsx",
                     lambda s, path: export_roster(s, self.run_id, path, purpose))

    def print_roster(self) -> None:
        """명단 PDF…: choose the form, make it in the background, show it in the preview."""
        from ..services import roster_print
        from .print_dialogs import RosterPrintDialog

        choice = RosterPrintDialog.ask(self) if self.run_id is not None else None
        if choice is not None:
            self._make_pdf(tr("{code} 연수생 명단"), lambda s, path: roster_print.print_roster(
                s, self.run_id, path, choice))

    def print_signin(self) -> None:
        """출석부 PDF…: a page per day or per period, to sign in."""
        from ..services import signin_print
        from .print_dialogs import SigninQuestion

        by = SigninQuestion.ask(self) if self.run_id is not None else None
        if by is not None:
            self._make_pdf(tr("{code} 출석부"), lambda s, path: signin_print.print_signin(
                s, self.run_id, path, by))

    def _completed_count(self) -> int:
        return self._roster.count(COMPLETED) if self._roster is not None else 0

    def issue_certificates(self) -> None:
        """이수증…: issue for the run's completers (or the chosen trainee) in the background."""
        from .certificate_dialogs import issue_certificates

        if self.run_id is None:
            return
        line = self.current_line()
        chosen = [line.enrollment_id] if line is not None and line.completion == COMPLETED \
            else []
        self._task = issue_certificates(self, self.context, self.run_id, self._run.code, chosen,
                                        lambda _result: self.refresh())

    def _make_pdf(self, title: str, write) -> None:
        from .pdf_preview import make_pdf

        self._task = make_pdf(self, self.context, title.format(code=self._run.code), write)

    def run_completion(self) -> None:
        if self.run_id is None or not self.leave_attendance():
            return
        run_id = self.run_id
        try:
            plan = self.context.read(lambda s: completion_service.plan(s, run_id))
            assume = False
        except UserError as exc:
            if exc.problems[0].field == "연수시간":
                self._ask_for_hours(exc.message)
                return
            if exc.problems[0].field != "출결":
                show_error(self, exc)
                return
            if not confirm(self, tr("출결 미입력"), exc.message + "\n\n" + tr(
                    "입력하지 않은 칸을 출석으로 보고 판정할까요?")):
                return
            assume = True
            try:
                plan = self.context.read(lambda s: completion_service.plan(
                    s, run_id, unrecorded_as_present=True))
            except Exception as again:
                show_error(self, again)
                return
        except Exception as exc:
            show_error(self, exc)
            return
        if not CompletionPreview.ask(self, plan, self._run.code):
            return
        done, result = self.context.attempt(self, lambda s: completion_service.apply(
            s, run_id, self.context.actor, unrecorded_as_present=assume, expected=plan))
        if done:
            self.reload_roster()
            self._say(tr("이수 처리했습니다: 이수 {done}명, 미이수 {failed}명.").format(
                done=result.count(COMPLETED), failed=result.count(NOT_COMPLETED)))

    def _ask_for_hours(self, message: str) -> None:
        """A course without hours cannot complete: offer its form, then judge again."""
        from .course_dialog import CourseDialog

        if not confirm(self, tr("연수시간 없음"), message + "\n\n" + tr("과정 수정 창을 열까요?")):
            return
        course_id = self.context.read(lambda s: run_service.get_run(s, self.run_id).course_id)
        if CourseDialog.ask(self, self.context, course_id) is not None:
            self.run_completion()

    def override_current(self) -> None:
        line = self.current_line()
        if line is None or line.status != "선발":
            return
        history = self.context.read(lambda s: completion_service.history(s, line.enrollment_id))
        answer = CompletionOverride.ask(self, line.name, line.completion, line.manual, history)
        if answer is None:
            return
        result, reason = answer
        done, _ = self.context.attempt(self, lambda s: completion_service.override(
            s, line.enrollment_id, result, reason, self.context.actor))
        if done:
            self.reload_roster()
            self._say(tr("{name}: {result}(으)로 정했습니다.").format(name=line.name, result=result)
                      if result else tr("{name}: 직접 정한 결과를 되돌렸습니다. 이수 판정을 다시 "
                                        "하십시오.").format(name=line.name))

    def export_neis(self) -> None:
        if self.run_id is None:
            return
        from ..services import neis_export

        run_id = self.run_id
        self._export(tr("나이스 이수 자료 저장"), f"{self._run.code} 나이스 이수 자료.xlsx",
                     lambda s, path: neis_export.export_neis(s, path, run_id=run_id),
                     self._neis_done)

    def _neis_done(self, result) -> None:
        """Say where the NEIS file went and name everyone left out for lack of a number."""
        text = tr("저장했습니다: {path} (이수자 {n}명)").format(path=result.path, n=result.written)
        if result.missing:
            names = ", ".join(r.name for r in result.missing[:10])
            more = tr(" 외 {n}명").format(n=len(result.missing) - 10) \
                if len(result.missing) > 10 else ""
            text += "\n" + tr("나이스 개인번호가 없어 넣지 못한 이수자 {n}명 ('나이스번호 없음' "
                              "시트): {names}{more}").format(n=len(result.missing), names=names,
                                                         more=more)
        self._say(text)

    def export_neis_year(self) -> None:
        """파일 → 내보내기 → 나이스 이수 자료 (연도): every completer of a year's courses."""
        from ..services import courses as course_service
        from ..services import neis_export

        years = self.context.read(course_service.years)
        default = self._run.start_date.year if self._run is not None else (
            years[0] if years else 2021)
        year = YearQuestion.ask(self, default)
        if year is None:
            return
        self._export(tr("나이스 이수 자료 저장"), f"{year} 나이스 이수 자료.xlsx",
                     lambda s, path: neis_export.export_neis(s, path, year=year),
                     self._neis_done, needs_run=False)

    def _export(self, title: str, suggested: str, write, done=None, *,
                needs_run: bool = True) -> None:
        if needs_run and self.run_id is None:
            return
        self._task = save_in_background(
            self, self.context, title, Path.home() / suggested, write,
            done or (lambda written: self._say(tr("저장했습니다: {path}").format(path=written))))

    def show_record(self) -> None:
        line = self.current_line()
        if line is None:
            return
        person_id = line.person_id
        title, record = self.context.read(lambda s: (
            person_service.describe_ids(s, [person_id]),
            run_roster.training_record(s, person_id)))
        TrainingRecordDialog.show_record(self, title, record, statement_printer(
            self, self.context, person_id))

    # ------------------------------------------------------------ state

    def save_state(self) -> None:
        save_splitter(self.splitter, "roster")
