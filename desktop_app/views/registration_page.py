"""신청·선발 page: find a run, register people, select, waitlist, cancel, see the history."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from ..errors import OverlapError
from ..services import enrollment as enrollment_service
from ..services import runs as run_service
from ..services.enrollment import STATUSES
from .context import AppContext
from .i18n import tr
from .messages import show_error
from .person_picker import PersonPickerDialog
from .reason_dialog import ReasonDialog
from .table_models import EventTableModel, RosterTableModel, RunPickTableModel
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
        self.splitter.setSizes([430, 930])
        restore_splitter(self.splitter, "registration")
        layout.addWidget(self.splitter, 1)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.find_runs)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.register_at_desk)
        self._runs_listed = False  # the run list is read when the page is first shown
        self._update_buttons()

    # ------------------------------------------------------------ layout

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._runs_listed:
            self.find_runs()

    def _run_finder(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(tr("<b>기수 찾기</b>")))
        self.run_search = QLineEdit()
        self.run_search.setObjectName("runSearch")
        self.run_search.setPlaceholderText(tr("과정명 또는 기수코드 (Ctrl+F)"))
        self.run_search.setClearButtonEnabled(True)
        self.run_search.textChanged.connect(lambda _t: self._timer.start())
        self.run_search.returnPressed.connect(self._open_first_run)
        layout.addWidget(self.run_search)
        self.run_model = RunPickTableModel(self)
        self.run_view = QTableView()
        self.run_view.setModel(self.run_model)
        setup_table(self.run_view, "runPicker", {0: 100, 1: 220, 2: 120, 3: 55, 4: 45})
        self.run_view.selectionModel().currentRowChanged.connect(lambda *_: self._pick_run())
        layout.addWidget(self.run_view, 1)
        self.run_count = QLabel()
        layout.addWidget(self.run_count)
        return panel

    def _roster_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = QLabel(tr("왼쪽에서 기수를 고르십시오."))
        self.header.setObjectName("runHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.header)
        buttons = QHBoxLayout()
        self.desk_button = QPushButton(tr("창구 등록…"))
        self.desk_button.setToolTip(tr("자리가 있으면 바로 선발, 없으면 대기로 등록합니다 (Ctrl+N)"))
        self.desk_button.clicked.connect(self.register_at_desk)
        self.apply_button = QPushButton(tr("신청 접수…"))
        self.apply_button.setToolTip(tr("선발 여부는 나중에 정합니다"))
        self.apply_button.clicked.connect(self.take_application)
        self.select_button = QPushButton(tr("선발"))
        self.select_button.clicked.connect(self.select_current)
        self.waitlist_button = QPushButton(tr("대기로"))
        self.waitlist_button.clicked.connect(self.waitlist_current)
        self.cancel_button = QPushButton(tr("취소…"))
        self.cancel_button.clicked.connect(self.cancel_current)
        self.bulk_button = QPushButton(tr("신청자 일괄 선발"))
        self.bulk_button.setToolTip(tr("신청 순서대로 정원까지 선발하고 나머지는 대기로 돌립니다"))
        self.bulk_button.clicked.connect(self.select_all_applicants)
        for b in (self.desk_button, self.apply_button, self.select_button, self.waitlist_button,
                  self.cancel_button, self.bulk_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(tr("상태")))
        self.status_filter = QComboBox()
        self.status_filter.addItems([tr(ALL), *STATUSES])
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload_roster())
        buttons.addWidget(self.status_filter)
        layout.addLayout(buttons)
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
        self.run_search.setFocus()
        self.run_search.selectAll()

    def find_runs(self) -> None:
        self._runs_listed = True
        text = self.run_search.text()
        rows = self.context.read(lambda s: run_service.search_runs(s, text, limit=300))
        self.run_model.set_rows(rows)
        self.run_count.setText(tr("{count}개").format(count=len(rows))
                               + (tr(" (처음 300개)") if len(rows) >= 300 else ""))
        row = next((i for i, r in enumerate(rows) if r.id == self.run_id), -1)
        if row >= 0:
            self.run_view.selectionModel().blockSignals(True)
            self.run_view.selectRow(row)
            self.run_view.selectionModel().blockSignals(False)

    def _open_first_run(self) -> None:
        """Enter in the search box: list the runs and open the first one's roster."""
        self._timer.stop()
        self.find_runs()
        if self.run_model.rowCount():
            self.run_view.selectRow(0)
            self.run_view.setFocus()

    def _pick_run(self) -> None:
        index = self.run_view.currentIndex()
        row = self.run_model.row_at(index.row()) if index.isValid() else None
        if row is not None and row.id != self.run_id:
            self.show_run(row.id)

    def show_run(self, run_id: int) -> None:
        """Open a run's roster (also called from the course page)."""
        self.run_id = run_id
        self.message.setText("")
        self.refresh()

    def refresh(self) -> None:
        self._show_header()
        self.reload_roster()

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
        self._run_open = run.status == "개설"

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
        has_run = self.run_id is not None and getattr(self, "_run_open", False)
        row = self._current_row() if self.run_id is not None else None
        self.desk_button.setEnabled(has_run)
        self.apply_button.setEnabled(has_run)
        self.bulk_button.setEnabled(has_run)
        self.select_button.setEnabled(has_run and row is not None and row.status in ("신청", "대기"))
        self.waitlist_button.setEnabled(has_run and row is not None and row.status == "신청")
        self.cancel_button.setEnabled(row is not None and row.status in ("신청", "선발", "대기"))

    # ------------------------------------------------------------ actions

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _register(self, use_case: str) -> None:
        if self.run_id is None:
            return
        person_id = PersonPickerDialog.ask(
            self, self.context, tr("창구 등록할 연수생") if use_case == "enroll" else tr("신청자"))
        if person_id is None:
            return
        override: str | None = None
        while True:
            try:
                with self.context.write() as session:
                    if use_case == "enroll":
                        result = enrollment_service.enroll(session, self.run_id, person_id,
                                                           self.context.actor,
                                                           override_reason=override)
                        enrollment_id, status, rank = (result.enrollment_id, result.status,
                                                       result.waitlist_rank)
                    else:
                        enrollment_id = enrollment_service.apply(
                            session, self.run_id, person_id, self.context.actor,
                            override_reason=override)
                        status, rank = "신청", None
                break
            except OverlapError as exc:
                override = ReasonDialog.ask(self, tr("기간이 겹치는 연수"), exc.message)
                if override is None:
                    return
            except Exception as exc:
                show_error(self, exc)
                return
        name = next((r.name for r in self.context.read(
            lambda s: enrollment_service.roster_rows(s, [enrollment_id]))), "")
        self._say(tr("{name}: 정원이 차서 대기 {rank}번으로 등록했습니다.").format(name=name, rank=rank)
                  if status == "대기"
                  else tr("{name}: {status}(으)로 등록했습니다.").format(name=name, status=status))
        self._show_header()
        self.reload_roster(enrollment_id)
        self.find_runs()

    def register_at_desk(self) -> None:
        self._register("enroll")

    def take_application(self) -> None:
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

    def select_current(self) -> None:
        self._act(lambda s, row: enrollment_service.select_one(
            s, row.id, self.context.actor, expected_status=row.status), tr("{name}: 선발했습니다."))

    def waitlist_current(self) -> None:
        self._act(lambda s, row: enrollment_service.waitlist(
            s, row.id, self.context.actor, expected_status=row.status),
            tr("{name}: 대기 {outcome}번으로 돌렸습니다."))

    def cancel_current(self) -> None:
        row = self._current_row()
        if row is None:
            return
        prompt = tr("{name}의 '{status}'을(를) 취소합니다. 취소 사유를 입력하십시오.").format(
            name=row.name, status=row.status)
        reason = ReasonDialog.ask(self, tr("취소"), prompt)
        if reason is None:
            return

        def cancel(session, current):
            promoted = enrollment_service.cancel(session, current.id, self.context.actor, reason,
                                                 expected_status=current.status)
            names = ", ".join(r.name for r in enrollment_service.roster_rows(session, promoted))
            return tr(" 대기자 {names}을(를) 자동 선발했습니다.").format(names=names) if names else ""

        self._act(cancel, tr("{name}: 취소했습니다.{outcome}"))

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
