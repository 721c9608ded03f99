"""신청·선발 page: find a run, register people, select, waitlist, cancel, see the history."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QTableView, QVBoxLayout, QWidget)

from ..errors import LateRegistrationError, OverlapError
from ..services import enrollment as enrollment_service
from ..services import persons as person_service
from ..services import runs as run_service
from ..services.enrollment import ACTIVE, APPLIED, CANCELLED, STATUSES, WAITLISTED
from .context import AppContext
from .forms import push_button
from .i18n import tr
from .messages import show_error
from .person_picker import PersonPickerDialog
from .reason_dialog import ReasonDialog
from .tasks import run_task
from .run_finder import RunFinder, run_header
from .save_file import save_in_background
from .table_models import EventTableModel, RosterTableModel
from .ui_state import restore_splitter, save_header, save_splitter, setup_table

ALL = "전체"  # first choice of the status filter; shown through tr()


class RegistrationPage(QWidget):
    """The roster of one run and the registration actions on it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.run_id: int | None = None
        layout = QVBoxLayout(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._run_finder())
        self.splitter.addWidget(self._roster_panel())
        self.splitter.setSizes([540, 630])
        restore_splitter(self.splitter, "registration")
        layout.addWidget(self.splitter, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.register_at_desk)
        self._run = None  # the open run's RunRow, read with the header
        self._task = None  # reading a list file in the background
        self._update_buttons()

    # ------------------------------------------------------------ layout

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self.finder.listed:
            self.find_runs()

    def _run_finder(self) -> QWidget:
        self.finder = RunFinder(self.context, "runPicker")
        self.finder.picked.connect(self.show_run)
        # the finder's parts under the names the page's tests and callers use
        self.run_search, self.run_model, self.run_view = (
            self.finder.search, self.finder.model, self.finder.view)
        return self.finder

    def _roster_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = run_header("runHeader")
        layout.addWidget(self.header)
        run_actions = QHBoxLayout()  # what is done to the run
        self.desk_button = push_button(tr("창구 등록…"), self.register_at_desk)
        self.apply_button = push_button(tr("신청 접수…"), self.take_application)
        self.bulk_button = push_button(tr("신청자 일괄 선발"), self.select_all_applicants)
        self.import_button = push_button(tr("명단 올리기…"), self.import_list)
        self.export_button = push_button(tr("명단 엑셀로…"), self.export_list)
        for b in (self.desk_button, self.apply_button, self.import_button, self.bulk_button,
                  self.export_button):
            run_actions.addWidget(b)
        run_actions.addStretch(1)
        layout.addLayout(run_actions)
        row_actions = QHBoxLayout()  # what is done to the chosen person on the roster
        self.select_button = push_button(tr("선발"), self.select_current)
        self.waitlist_button = push_button(tr("대기로"), self.waitlist_current)
        self.cancel_button = push_button(tr("신청 취소…"), self.cancel_current)
        self.restore_button = push_button(tr("취소 복원…"), self.restore_current)
        for b in (self.select_button, self.waitlist_button, self.cancel_button,
                  self.restore_button):
            row_actions.addWidget(b)
        row_actions.addStretch(1)
        row_actions.addWidget(QLabel(tr("상태")))
        self.status_filter = QComboBox()
        self.status_filter.addItems([tr(ALL), *STATUSES])
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload_roster())
        row_actions.addWidget(self.status_filter)
        layout.addLayout(row_actions)
        self.message = QLabel()
        self.message.setObjectName("registrationMessage")
        layout.addWidget(self.message)
        inner = QSplitter(Qt.Orientation.Vertical)
        self.roster_model = RosterTableModel(self.context, self)
        self.roster_view = QTableView()
        self.roster_view.setModel(self.roster_model)
        setup_table(self.roster_view, "rosterTable", {0: 45, 1: 65, 2: 80, 3: 90, 4: 190, 5: 110,
                                                      6: 110, 7: 130, 8: 130})
        self.roster_view.selectionModel().currentRowChanged.connect(lambda *_: self._pick_row())
        inner.addWidget(self.roster_view)
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 0, 0, 0)
        self.history_title = QLabel(tr("처리 이력"))
        history_layout.addWidget(self.history_title)
        self.event_model = EventTableModel(self)
        self.event_view = QTableView()
        self.event_view.setModel(self.event_model)
        setup_table(self.event_view, "eventTable", {0: 130, 1: 150, 2: 50, 3: 50})
        history_layout.addWidget(self.event_view, 1)
        inner.addWidget(history)
        inner.setStretchFactor(0, 3)
        inner.setStretchFactor(1, 1)
        layout.addWidget(inner, 1)
        return panel

    # ------------------------------------------------------------ finding runs

    def focus_search(self) -> None:
        self.finder.focus_search()

    def find_runs(self) -> None:
        self.finder.run_id = self.run_id
        self.finder.find_runs()

    def show_run(self, run_id: int) -> None:
        """Open a run's roster (also called from the course page)."""
        self.run_id = run_id
        self.finder.run_id = run_id
        self.message.setText("")
        self.refresh()

    def refresh(self) -> None:
        self._show_header()
        self.reload_roster()

    def on_database_changed(self) -> None:
        """Another PC or a command changed data: seat counts, roster and history as they are
        now, the chosen run and person kept."""
        self.find_runs()
        if self.run_id is not None:
            self.refresh()

    def _show_header(self) -> None:
        if self.run_id is None:
            return
        run = self.context.read(lambda s: run_service.run_row(s, self.run_id))
        seats = tr("제한 없음") if run.capacity is None else tr("{count}명").format(
            count=run.capacity)
        left = "" if run.seats_left is None else tr(" · 남은 자리 <b>{count}</b>").format(
            count=run.seats_left)
        closed = (" <span style='color:#b00020'>" + tr("(폐강)") + "</span>") \
            if run.status == "폐강" else ""
        remote = tr(" · 원격") if run.remote else ""
        self.header.setText(
            f"<b>{html.escape(run.code)}</b> {html.escape(run.course_title)}{closed}<br>"
            + tr("{start} ~ {end}{remote} · 정원 {seats} · 선발 <b>{selected}</b>{left} · 신청 "
                 "{applied} · 대기 {waitlisted} · {phase}").format(
                start=run.start_date, end=run.end_date, remote=remote, seats=seats,
                selected=run.selected, left=left, applied=run.applied,
                waitlisted=run.waitlisted, phase=run.phase)
            + (tr(" · 장소 {venue}").format(venue=html.escape(run.venue)) if run.venue else ""))
        self._run = run

    def reload_roster(self, keep_id: int | None = None) -> None:
        keep_id = keep_id if keep_id is not None else self.current_enrollment_id()
        self.roster_model.run_id = self.run_id
        status = self.status_filter.currentText()  # index 0 is ALL, whatever its translation
        self.roster_model.status_filter = "" if self.status_filter.currentIndex() == 0 else status
        self.roster_model.reload()
        row = self.roster_model.row_of_id(keep_id) if keep_id is not None else -1
        if self.roster_model.rowCount():
            self.roster_view.selectRow(max(row, 0))
        self._pick_row()

    # ------------------------------------------------------------ roster

    def current_enrollment_id(self) -> int | None:
        index = self.roster_view.currentIndex()
        return self.roster_model.id_at(index.row()) if index.isValid() else None

    def _current_row(self):
        index = self.roster_view.currentIndex()
        return self.roster_model.row_at(index.row()) if index.isValid() else None

    def _pick_row(self) -> None:
        row = self._current_row()
        if row is None:
            self.event_model.set_rows([])
            self.history_title.setText(tr("처리 이력"))
        else:
            self.event_model.set_rows(self.context.read(
                lambda s: enrollment_service.history(s, row.id)))
            self.history_title.setText(tr("처리 이력 — {name}").format(name=row.name))
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Enable an action only when it can succeed; its tooltip says why when it cannot."""
        run = self._run if self.run_id is not None else None
        blockers = action_blockers(run, self._current_row())
        late = run is not None and run.late
        for name, button in self._actions().items():
            blocker = blockers.get(name)
            button.setEnabled(blocker is None)
            tip = ACTION_TIPS[name]
            if blocker is None and late and name in ("desk", "apply", "import", "restore"):
                tip += tr(" — '{phase}' 상태라 늦은 신청 사유를 묻습니다").format(phase=run.phase)
            button.setToolTip(tr(tip) if blocker is None else blocker)

    def _actions(self) -> dict[str, QPushButton]:
        return {"desk": self.desk_button, "apply": self.apply_button,
                "import": self.import_button, "bulk": self.bulk_button,
                "export": self.export_button,
                "select": self.select_button, "waitlist": self.waitlist_button,
                "cancel": self.cancel_button, "restore": self.restore_button}

    # ------------------------------------------------------------ actions

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _write_with_reasons(self, action, who: str = ""):
        """Run ``action(session, override_reason=…, late_reason=…)`` as one user action.

        A rule that can be overridden with a reason (dates overlapping another run, a
        registration after the application period) asks for it and tries again; any other
        refusal is shown.  ``who`` (the person, as the desk tells people apart) heads the
        question.  Returns (done, what the action returned).
        """
        reasons: dict[str, str | None] = {"override_reason": None, "late_reason": None}
        while True:
            try:
                with self.context.write() as session:
                    return True, action(session, **reasons)
            except OverlapError as exc:
                key, title, message = ("override_reason", tr("기간이 겹치는 연수"),
                                       exc.problems[0].message)
            except LateRegistrationError as exc:
                key, title, message = "late_reason", tr("늦은 신청"), exc.problems[0].message
            except Exception as exc:
                show_error(self, exc)
                return False, None
            if who:
                message = tr("등록할 연수생: {who}\n\n{message}").format(who=who, message=message)
            reason = ReasonDialog.ask(self, title, message, accept_text=tr("사유와 함께 등록"))
            if reason is None:
                return False, None
            reasons[key] = reason

    def _register(self, use_case: str) -> None:
        if self.run_id is None:
            return
        run_id = self.run_id
        person_id = PersonPickerDialog.ask(
            self, self.context, tr("창구 등록할 연수생") if use_case == "enroll" else tr("신청자"))
        if person_id is None:
            return

        def register(session, **reasons):
            if use_case == "enroll":
                return enrollment_service.enroll(session, run_id, person_id,
                                                 self.context.actor, **reasons)
            enrollment_id = enrollment_service.apply(session, run_id, person_id,
                                                     self.context.actor, **reasons)
            return enrollment_service.EnrollResult(enrollment_id, APPLIED, None)

        who = self.context.read(lambda s: person_service.describe_ids(s, [person_id]))
        done, result = self._write_with_reasons(register, who)
        if done:
            self._after_registration(result, who, tr("등록했습니다"))

    def _after_registration(self, result, who: str, verb: str) -> None:
        """Say what happened to ``who`` and show the registration selected."""
        if result.status == WAITLISTED:
            self._say(tr("{who}: 정원이 차서 대기 {rank}번으로 {verb}.").format(
                who=who, rank=result.waitlist_rank, verb=verb))
        else:
            self._say(tr("{who}: {status}(으)로 {verb}.").format(who=who, status=result.status,
                                                              verb=verb))
        self._show_header()
        self.reload_roster(result.enrollment_id)
        self.find_runs()

    def register_at_desk(self) -> None:
        if self.desk_button.isEnabled():
            self._register("enroll")

    def take_application(self) -> None:
        if self.apply_button.isEnabled():
            self._register("apply")

    def _act(self, action, done: str) -> None:
        """Run ``action`` on the current row, then say ``done`` (a {name}/{outcome} template)."""
        row = self._current_row()
        if row is None:
            return
        ok, outcome = self.context.attempt(self, lambda s: action(s, row))
        if not ok:
            self.refresh()
            return
        self._say(done.format(name=row.name, outcome=outcome))
        self._show_header()
        self.reload_roster(row.id)
        self.find_runs()

    def import_list(self) -> None:
        """명단 올리기: choose a file, preview it, upload the accepted rows."""
        if self.run_id is None or not self.import_button.isEnabled():
            return
        from ..excel.reader import read_rows
        from .file_dialogs import ROSTER_FILTER, FileChooser

        chosen = FileChooser.open_path(self, tr("올릴 명단 파일"), str(Path.home()),
                                       ROSTER_FILTER)
        if chosen is None:
            return
        path, run_id = Path(chosen), self.run_id
        self._task = run_task(self, tr("명단 파일 읽는 중"), lambda _p: read_rows(path),
                              lambda sheets: self._preview_list(run_id, path, sheets),
                              lambda exc: show_error(self, exc))

    def _preview_list(self, run_id: int, path: Path, sheets) -> None:
        from .roster_import_dialog import RosterImportDialog

        result = RosterImportDialog.ask(self, self.context, run_id, path, sheets)
        if result is None:
            return
        self._say(tr("명단을 올렸습니다: 새 연수생 {new}명, 선발 {selected}명, 대기 {waiting}명, "
                     "이미 등록 {already}명").format(new=result.persons_added,
                                                 selected=result.selected,
                                                 waiting=result.waitlisted,
                                                 already=result.already))
        self.refresh()
        self.find_runs()

    def export_list(self) -> None:
        """명단 엑셀로: the run's roster as an .xlsx file."""
        if self.run_id is None or self._run is None:
            return
        from ..services.roster_export import export_roster
        from .purpose_dialog import ExportPurpose

        purpose = ExportPurpose.ask(self, tr("연수생 명단"))
        if purpose is None:
            return
        run_id = self.run_id
        self._task = save_in_background(
            self, self.context, tr("명단 저장"), Path.home() / f"{self._run.code} 명단.xlsx",
            lambda session, path: export_roster(session, run_id, path, purpose),
            lambda written: self._say(tr("저장했습니다: {path}").format(path=written)))

    def select_current(self) -> None:
        self._act(lambda s, row: enrollment_service.select_one(
            s, row.id, self.context.actor, expected_status=row.status), tr("{name}: 선발했습니다."))

    def waitlist_current(self) -> None:
        self._act(lambda s, row: enrollment_service.waitlist(
            s, row.id, self.context.actor, expected_status=row.status),
            tr("{name}: 대기 {outcome}번으로 돌렸습니다."))

    def cancel_current(self) -> None:
        row = self._current_row()
        if row is None or not self.cancel_button.isEnabled():
            return
        prompt = tr("{name} 님의 신청({status})을 취소합니다. 취소 사유를 입력하십시오.").format(
            name=row.name, status=row.status)
        reason = ReasonDialog.ask(self, tr("신청 취소"), prompt, accept_text=tr("신청 취소"),
                                  cancel_text=tr("닫기"))
        if reason is None:
            return

        def cancel(session, current):
            promoted = enrollment_service.cancel(session, current.id, self.context.actor, reason,
                                                 expected_status=current.status)
            names = ", ".join(r.name for r in enrollment_service.roster_rows(session, promoted))
            return (tr(" 대기자 {names}을(를) 자동 선발했습니다.").format(names=names)
                    if names else "")

        self._act(cancel, tr("{name}: 취소했습니다.{outcome}"))

    def restore_current(self) -> None:
        """취소 복원 of the chosen row, with a reason (and the reasons the rules ask for)."""
        row = self._current_row()
        if row is None or not self.restore_button.isEnabled():
            return
        reason = ReasonDialog.ask(
            self, tr("취소 복원"),
            tr("{name} 님의 취소를 되돌립니다. 신청만 했던 사람은 신청으로, 선발·대기였던 사람은 "
               "자리가 있으면 선발, 없으면 대기 맨 뒤로 갑니다. 복원 사유를 입력하십시오.").format(
                name=row.name),
            accept_text=tr("복원"), cancel_text=tr("닫기"))
        if reason is None:
            return
        who = self.context.read(lambda s: person_service.describe_ids(s, [row.person_id]))
        done, result = self._write_with_reasons(lambda session, **reasons: (
            enrollment_service.restore(session, row.id, self.context.actor, reason, **reasons)),
            who)
        if done:
            self._after_registration(result, who, tr("복원했습니다"))
        else:
            self.refresh()

    def select_all_applicants(self) -> None:
        if self.run_id is None:
            return
        run_id = self.run_id
        done, counts = self.context.attempt(self, lambda s: enrollment_service.select_applicants(
            s, run_id, self.context.actor))
        if not done:
            return
        selected, waiting = counts
        self._say(tr("신청자 {selected}명을 선발하고 {waiting}명을 대기로 돌렸습니다.")
                  .format(selected=selected, waiting=waiting)
                  if selected or waiting else tr("선발할 신청자가 없습니다."))
        self.refresh()
        self.find_runs()

    def save_state(self) -> None:
        save_splitter(self.splitter, "registration")
        for view in (self.run_view, self.roster_view, self.event_view):
            save_header(view, view.objectName())


# Plain Korean, translated where shown (bound at import, before a translator is installed).
ACTION_TIPS = {
    "desk": "자리가 있으면 바로 선발, 없으면 대기로 등록합니다 (Ctrl+N)",
    "apply": "선발 여부는 나중에 정합니다",
    "import": "학교·기관이 보낸 명단 파일(.xlsx, .csv)을 검사해 보여 주고, 확인하면 한꺼번에 "
              "등록합니다",
    "bulk": "신청 순서대로 정원까지 선발하고 나머지는 대기로 돌립니다",
    "export": "이 기수의 명단(선발·신청·대기·취소)을 엑셀 파일로 저장합니다",
    "select": "자리를 줍니다",
    "waitlist": "대기 순번 맨 뒤로 보냅니다",
    "cancel": "사유를 받고 신청을 취소합니다. 빈 자리는 첫 대기자에게 갑니다",
    "restore": "취소한 신청을 되살립니다: 자리가 있으면 선발, 없으면 대기",
}
RUN_ACTIONS = ("desk", "apply", "import", "bulk")
ROW_ACTIONS = ("select", "waitlist", "cancel", "restore")


def action_blockers(run, row) -> dict[str, str]:
    """Why each action of the page cannot succeed now (absent: it can), by action name.

    ``run`` is the open run's RunRow (None: no run chosen), ``row`` the chosen roster row.
    """
    blockers: dict[str, str] = {}
    if run is None:
        return dict.fromkeys(RUN_ACTIONS + ROW_ACTIONS + ("export",),
                             tr("왼쪽에서 기수를 고르십시오."))
    if run.status != "개설":
        closed = tr("폐강된 기수입니다. 과정·기수 화면에서 폐강을 취소하면 다시 등록할 수 "
                    "있습니다.")
        blockers.update(dict.fromkeys(RUN_ACTIONS + ROW_ACTIONS, closed))
        del blockers["cancel"]  # a closed run has no active enrolments left to cancel
    elif not run.applied:
        blockers["bulk"] = tr("선발을 기다리는 신청자가 없습니다.")
    if row is None:
        blockers.update(dict.fromkeys(ROW_ACTIONS, tr("명단에서 사람을 고르십시오.")))
        return blockers
    if row.status not in (APPLIED, WAITLISTED):
        blockers.setdefault("select", tr("'{status}' 상태는 선발할 수 없습니다.").format(
            status=row.status))
    elif run.seats_left == 0:
        blockers.setdefault("select", tr("정원({capacity}명)이 찼습니다. 선발된 사람을 취소하거나 "
                                         "정원을 늘리면 선발할 수 있습니다.").format(
            capacity=run.capacity))
    if row.status != APPLIED:
        blockers.setdefault("waitlist", tr("신청 상태만 대기로 돌릴 수 있습니다."))
    if row.status not in ACTIVE:
        blockers.setdefault("cancel", tr("이미 취소된 신청입니다."))
    if row.status != CANCELLED:
        blockers.setdefault("restore", tr("취소된 신청만 복원할 수 있습니다."))
    return blockers
