"""숙소 page: a lodging run's stays and the dormitory's occupancy chart; assign in one click,
move and swap by hand (same rules), lock, check in and out (early departure frees the nights),
no-show; the run's papers and the kitchen's meal file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QInputDialog, QLabel,
                               QScrollArea, QSplitter, QTableView, QVBoxLayout, QWidget)

from ..errors import ValidationError
from ..services import clock, dorm, dorm_print
from ..services.dorm import StayRow
from .context import AppContext
from .forms import push_button
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import inform, show_error
from .occupancy_chart import OccupancyChart
from .ui_state import save_header, setup_table

STAY_COLUMNS = [
    Column("객실", lambda r: r.room or tr("미배정")), Column("침대", lambda r: r.bed),
    Column("성명", lambda r: r.name), Column("성별", lambda r: r.gender),
    Column("소속", lambda r: r.organization, tooltip=lambda r: r.organization),
    Column("요구", lambda r: r.need), Column("상태", lambda r: r.status),
    Column("잠금", lambda r: r.locked),
]
PAPERS = {"rooms": "객실 배정표 PDF…", "doors": "문 이름표 PDF…", "checkin": "입실 확인표 PDF…"}


class RoomQuestion:
    """The room to move someone to, or None."""

    @classmethod
    def ask(cls, parent: QWidget, codes: list[str]) -> str | None:
        chosen, ok = QInputDialog.getItem(parent, tr("객실 옮기기"), tr("옮길 객실"), codes, 0,
                                          False)
        return chosen if ok else None


class DormPage(QWidget):
    """The front desk's dormitory."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task = None
        self._runs: dict[int, tuple] = {}
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("숙박 기수")))
        self.run_box = QComboBox()
        self.run_box.setObjectName("dormRun")
        self.run_box.setMinimumWidth(360)
        self.run_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.run_box, 1)
        self.assign_button = push_button(tr("자동 배정"), self.assign,
                                         tr("숙박 대상을 만들고 침대를 배정합니다 (잠금한 사람은 그대로)."))
        bar.addWidget(self.assign_button)
        self.today_label = QLabel()
        bar.addWidget(self.today_label)
        layout.addLayout(bar)
        actions = QHBoxLayout()
        for text, slot in ((tr("옮기기…"), self.move), (tr("맞바꾸기"), self.swap),
                           (tr("잠금·풀기"), self.toggle_lock), (tr("요구…"), self.set_need),
                           (tr("숙박 안 함"), self.opt_out), (tr("입실"), self.check_in),
                           (tr("퇴실"), self.check_out), (tr("노쇼"), self.no_show)):
            actions.addWidget(push_button(text, slot))
        actions.addStretch(1)
        layout.addLayout(actions)
        papers = QHBoxLayout()
        for kind, text in PAPERS.items():
            papers.addWidget(push_button(tr(text), lambda _=False, k=kind: self.print_paper(k)))
        papers.addWidget(push_button(tr("식수 엑셀…"), self.export_meals))
        papers.addStretch(1)
        papers.addWidget(push_button(tr("손님 숙박…"), self.add_guest))
        papers.addWidget(push_button(tr("객실 관리…"), self.manage_rooms))
        layout.addLayout(papers)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = ListTableModel(STAY_COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "dormStays", {0: 60, 1: 36, 2: 70, 3: 36, 4: 150, 5: 70, 6: 44})
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.splitter.addWidget(self.view)
        self.chart = OccupancyChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        self.splitter.addWidget(scroll)
        self.splitter.setSizes([520, 640])
        layout.addWidget(self.splitter, 1)
        self.status = QLabel()
        self.status.setObjectName("dormStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.load_runs()

    # ------------------------------------------------------------ loading

    def load_runs(self) -> None:
        try:
            runs, today, lodged = self.context.read(lambda s: (
                dorm.lodging_runs(s), clock.today(s), dorm.runs_with_stays(s)))
        except Exception as exc:
            show_error(self, exc)
            return
        chosen = self.run_box.currentData()     # kept when the list is read again
        self._runs = {r[0]: r for r in runs}   # the spans the chart and the meal file need
        self.run_box.blockSignals(True)
        self.run_box.clear()
        for run_id, code, title, start, end in runs:
            self.run_box.addItem(f"{code} {title} ({start:%m-%d}~{end:%m-%d})", run_id)
        # the desk's next work: a run not over yet that has people to lodge, else any not over
        upcoming = next((i for i, r in enumerate(runs) if r[4] >= today and r[0] in lodged),
                        next((i for i, r in enumerate(runs) if r[4] >= today), 0))
        kept = self.run_box.findData(chosen) if chosen is not None else -1
        self.run_box.setCurrentIndex(kept if kept >= 0 else upcoming)
        self.run_box.blockSignals(False)
        self.refresh()

    def run_id(self) -> int | None:
        return self.run_box.currentData()

    def refresh(self) -> None:
        run_id = self.run_id()
        if run_id is None:
            return
        _id, _code, _title, start, end = self._runs[run_id]

        def read(s):
            today = clock.today(s)
            return (dorm.stay_rows(s, run_id),
                    dorm.occupancy_grid(s, start - timedelta(days=3), end + timedelta(days=3)),
                    dorm.arrivals_and_departures(s, today), today)

        try:
            rows, grid, (arriving, leaving), today = self.context.read(read)
        except Exception as exc:
            show_error(self, exc)
            return
        self.model.set_rows(rows)
        self.chart.set_grid(grid, run_id)
        self.today_label.setText(tr("{day}: 입실 {a}명 · 퇴실 {d}명").format(
            day=f"{today:%m-%d}", a=arriving, d=leaving))
        placed = sum(1 for r in rows if r.room)
        self.status.setText(tr("숙박 {n}명 · 배정 {p}명 · 미배정 {u}명").format(
            n=len(rows), p=placed, u=len(rows) - placed))

    def on_database_changed(self) -> None:
        self.load_runs()   # a run may have been made lodging, or its dates moved

    def save_state(self) -> None:
        save_header(self.view, "dormStays")

    def selected(self) -> list[StayRow]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [r for r in (self.model.row_at(i) for i in rows) if r is not None]

    # ------------------------------------------------------------ acting

    def assign(self) -> dorm.AssignResult | None:
        run_id = self.run_id()
        if run_id is None:
            return None

        done, result = self.context.attempt(self, lambda s: dorm.assign_run(s, run_id))
        if not done:
            return None
        made, left_out, assigned = result
        self.refresh()
        lines = [tr("{p}명 배정, 잠금 유지 {k}명").format(p=assigned.placed, k=assigned.kept)]
        if made:
            lines.insert(0, tr("숙박 대상 {n}명을 만들었습니다.").format(n=made))
        if left_out:
            lines.append(tr("성별이 기록되지 않아 뺀 사람: {names}").format(names=", ".join(left_out)))
        lines += [f"{u.name}: {u.reason}" for u in assigned.unplaced]
        self.status.setText(" · ".join(lines[:3]) + (tr(" (배정 못 한 사람은 아래 명단에 '미배정')")
                                                     if assigned.unplaced else ""))
        if assigned.unplaced or left_out:
            inform(self, tr("자동 배정"), "\n".join(lines))
        return assigned

    def _one(self) -> StayRow | None:
        chosen = self.selected()
        return chosen[0] if chosen else None

    def move(self) -> None:
        stay = self._one()
        if stay is None or self.chart.grid is None:
            return
        codes = [r.code for r in self.chart.grid.rooms]
        code = RoomQuestion.ask(self, codes)
        if code is None:
            return
        room_id = next(r.id for r in self.chart.grid.rooms if r.code == code)
        done, _ = self.context.attempt(self, lambda s: dorm.move(s, stay.id, room_id))
        if done:
            self.refresh()

    def swap(self) -> None:
        chosen = self.selected()
        if len(chosen) != 2:
            show_error(self, ValidationError(tr("맞바꿀 두 사람을 고르십시오 (Ctrl+클릭).")))
            return
        done, _ = self.context.attempt(self, lambda s: dorm.swap(s, chosen[0].id, chosen[1].id))
        if done:
            self.refresh()

    def _act(self, action) -> None:
        stay = self._one()
        if stay is None:
            return
        done, _ = self.context.attempt(self, lambda s: action(s, stay))
        if done:
            self.refresh()

    def toggle_lock(self) -> None:
        self._act(lambda s, stay: dorm.set_locked(s, stay.id, not stay.locked))

    def set_need(self) -> None:
        stay = self._one()
        if stay is None:
            return
        labels = [tr("없음"), dorm.ACCESSIBLE, dorm.GROUND]
        chosen, ok = QInputDialog.getItem(self, tr("숙박 요구"), tr("{name}의 요구 (본인이 말한 것만)")
                                          .format(name=stay.name), labels, 0, False)
        if ok:
            need = "" if chosen == labels[0] else chosen
            self._act(lambda s, st: dorm.set_need(s, st.id, need))

    def opt_out(self) -> None:
        self._act(lambda s, stay: dorm.opt_out(s, stay.id))

    def add_guest(self) -> None:
        from .dorm_dialogs import GuestStayDialog

        today = self.context.read(clock.today)
        if GuestStayDialog(self.context, today, self).exec():
            self.refresh()

    def manage_rooms(self) -> None:
        from .dorm_dialogs import DormRoomsDialog

        DormRoomsDialog(self.context, self).exec()
        self.refresh()

    def check_in(self) -> None:
        self._act(lambda s, stay: dorm.check_in(s, stay.id))

    def check_out(self) -> None:
        self._act(lambda s, stay: dorm.check_out(s, stay.id))

    def no_show(self) -> None:
        self._act(lambda s, stay: dorm.no_show(s, stay.id))

    def print_paper(self, kind: str) -> None:
        from .pdf_preview import make_pdf

        run_id = self.run_id()
        if run_id is None:
            return
        self._task = make_pdf(self, self.context, tr(dorm_print.KINDS[kind]),
                              lambda s, path: dorm_print.print_dorm(s, run_id, path, kind))

    def export_meals(self) -> None:
        from .save_file import save_in_background

        run_id = self.run_id()
        if run_id is None:
            return
        _id, code, _t, start, end = self._runs[run_id]
        self._task = save_in_background(
            self, self.context, tr("식수 저장"), Path.home() / tr("{code} 식수.xlsx").format(
                code=code),
            lambda s, path: dorm_print.export_meals(s, start, end, path),
            lambda path: inform(self, tr("식수 저장"), tr("저장했습니다: {path}").format(path=path)))
