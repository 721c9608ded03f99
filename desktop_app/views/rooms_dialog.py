"""강의실 관리: the rooms (add, edit, stop using — their bookings and history stay), closing a
room or the institute for maintenance (정비·휴관), and the year's figures as .xlsx.  Also
빈 강의실 찾기: rooms free for a span, for N people, with the equipment asked for."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateTimeEdit, QDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QSpinBox, QTableView, QVBoxLayout, QWidget)

from ..services import bookings, clock, facility_stats, rooms
from ..services.rooms import RoomFields, RoomRow
from .context import AppContext
from .forms import dialog_buttons, push_button
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import inform, show_error
from .ui_state import setup_table

ROOM_COLUMNS = [
    Column("코드", lambda r: r.code), Column("강의실", lambda r: r.name),
    Column("건물", lambda r: r.building), Column("종류", lambda r: r.kind),
    Column("정원", lambda r: r.capacity, align_right=True), Column("층", lambda r: r.floor),
    Column("설비", lambda r: ", ".join(r.equipment), tooltip=lambda r: ", ".join(r.equipment)),
    Column("대관", lambda r: r.rentable), Column("사용", lambda r: r.active),
]


def _moment(edit: QDateTimeEdit) -> datetime:
    return edit.dateTime().toPython().replace(second=0, microsecond=0)


def _datetime_edit(value: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    return edit


class RoomForm(QDialog):
    """One room's fields; 저장 checks them all and names each mistake."""

    def __init__(self, context: AppContext, row: RoomRow | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.row = row
        self.setWindowTitle(tr("강의실 수정") if row else tr("새 강의실"))
        form = QFormLayout(self)
        self.code, self.name = QLineEdit(row.code if row else ""), QLineEdit(row.name if row else "")
        self.building = QComboBox()
        for code, name in context.read(rooms.buildings):
            self.building.addItem(name, code)
        if row:
            self.building.setCurrentText(row.building)
        self.kind = QComboBox()
        self.kind.addItems(list(rooms.ROOM_KINDS))
        if row:
            self.kind.setCurrentText(row.kind)
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 5000)
        self.capacity.setValue(row.capacity if row else 30)
        self.floor = QLineEdit("" if not row or row.floor is None else str(row.floor))
        self.equipment = QLineEdit(", ".join(row.equipment) if row else "")
        self.equipment.setPlaceholderText(tr("쉼표로: 빔프로젝터, PC 40, 화상회의"))
        self.rentable = QCheckBox(tr("외부에 빌려줌 (대관)"))
        self.rentable.setChecked(bool(row and row.rentable))
        self.active = QCheckBox(tr("사용 (끄면 예약 목록에서 빠지고 이력은 남음)"))
        self.active.setChecked(row.active if row else True)
        self.note = QLineEdit(row.note if row else "")
        for label, widget in ((tr("코드"), self.code), (tr("이름"), self.name),
                              (tr("건물"), self.building), (tr("종류"), self.kind),
                              (tr("정원"), self.capacity), (tr("층"), self.floor),
                              (tr("설비"), self.equipment), ("", self.rentable), ("", self.active),
                              (tr("메모"), self.note)):
            form.addRow(label, widget)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        form.addRow(self.error)
        form.addRow(dialog_buttons(self, tr("저장"), tr("닫기"), self.save, save=True))

    def fields(self) -> RoomFields:
        return RoomFields(self.code.text(), self.name.text(), self.building.currentData(),
                          self.kind.currentText(), self.capacity.value(), self.floor.text(),
                          self.equipment.text(), self.rentable.isChecked(),
                          self.active.isChecked(), self.note.text())

    def save(self) -> None:
        f = self.fields()
        try:
            with self.context.write() as s:
                if self.row is None:
                    rooms.add_room(s, f)
                else:
                    rooms.edit_room(s, self.row.id, f)
        except Exception as exc:
            from ..errors import UserError

            if isinstance(exc, UserError):
                self.error.setText(exc.message)
                return
            show_error(self, exc)
            return
        self.accept()


class BlackoutForm(QDialog):
    """정비·휴관: a room (or the whole institute) closed for a span, with the reason."""

    def __init__(self, context: AppContext, listed: list[RoomRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.affected: list[bookings.BookingRow] = []
        self.setWindowTitle(tr("정비·휴관 등록"))
        form = QFormLayout(self)
        self.room = QComboBox()
        self.room.addItem(tr("연수원 전체"), None)
        for r in listed:
            self.room.addItem(r.name, r.id)
        start = datetime.now().replace(minute=0, second=0, microsecond=0)
        self.start, self.end = _datetime_edit(start), _datetime_edit(start + timedelta(hours=8))
        self.kind = QComboBox()
        self.kind.addItems(list(bookings.BLACKOUT_KINDS))
        self.reason = QLineEdit()
        for label, widget in ((tr("강의실"), self.room), (tr("시작"), self.start),
                              (tr("끝"), self.end), (tr("종류"), self.kind),
                              (tr("사유"), self.reason)):
            form.addRow(label, widget)
        form.addRow(dialog_buttons(self, tr("등록"), tr("닫기"), self.save, save=True))
        form.addRow(QLabel(tr("앞으로의 정비·휴관 (잘못 넣은 것은 골라 지웁니다)")))
        self.existing = QListWidget()
        self.existing.setObjectName("blackouts")
        form.addRow(self.existing)
        form.addRow(push_button(tr("고른 정비·휴관 지우기"), self.remove_selected))
        self.load()

    def load(self) -> None:
        self.existing.clear()
        try:
            found = self.context.read(lambda s: bookings.blackouts(
                s, datetime.combine(clock.today(s), datetime.min.time())))
        except Exception as exc:
            show_error(self, exc)
            return
        for blackout_id, where, start, end, kind, reason in found:
            item = QListWidgetItem(f"{start:%Y-%m-%d %H:%M}~{end:%Y-%m-%d %H:%M} {where} "
                                   f"{kind}: {reason}")
            item.setData(Qt.ItemDataRole.UserRole, blackout_id)
            self.existing.addItem(item)

    def remove_selected(self) -> None:
        item = self.existing.currentItem()
        if item is None:
            return
        blackout_id = item.data(Qt.ItemDataRole.UserRole)
        done, _ = self.context.attempt(self, lambda s: bookings.remove_blackout(s, blackout_id))
        if done:
            self.load()

    def save(self) -> None:
        room_id, start, end = self.room.currentData(), _moment(self.start), _moment(self.end)
        done, affected = self.context.attempt(self, lambda s: bookings.add_blackout(
            s, room_id, start, end, self.kind.currentText(), self.reason.text()))
        if done:
            self.affected = affected or []
            if self.affected:
                inform(self, tr("정비·휴관 등록"), tr("이 기간에 이미 있는 예약 {n}건은 그대로 두었습니다. "
                                                 "예약한 분들께 알려 주십시오:\n").format(
                    n=len(self.affected)) + "\n".join(b.describe() for b in self.affected[:10]))
            self.accept()


class RoomsDialog(QDialog):
    """강의실 관리."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task = None
        self.setWindowTitle(tr("강의실 관리"))
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        self.model = ListTableModel(ROOM_COLUMNS, self, muted=lambda r: not r.active)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "roomTable", {0: 70, 1: 170, 2: 100, 3: 70, 4: 50, 5: 40, 6: 260})
        self.view.doubleClicked.connect(lambda _i: self.edit_room())
        layout.addWidget(self.view, 1)
        self.unmapped = QLabel()
        self.unmapped.setWordWrap(True)
        layout.addWidget(self.unmapped)
        row = QHBoxLayout()
        for text, slot in ((tr("새 강의실…"), self.new_room), (tr("수정…"), self.edit_room),
                           (tr("정비·휴관 등록…"), self.add_blackout),
                           (tr("연간 현황 엑셀…"), self.export_year)):
            row.addWidget(push_button(text, slot))
        row.addStretch(1)
        row.addWidget(push_button(tr("닫기"), self.accept))
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        try:
            listed, names = self.context.read(lambda s: (rooms.room_rows(s),
                                                         rooms.unmapped_room_names(s)))
        except Exception as exc:
            show_error(self, exc)
            return
        self.model.set_rows(listed)
        self.unmapped.setText(tr("시간표에 적혔지만 강의실 목록에 없는 이름: {names}").format(
            names=", ".join(f"{n}({c}교시)" for n, c in names[:12])) if names else "")

    def current(self) -> RoomRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def new_room(self) -> None:
        if RoomForm(self.context, None, self).exec():
            self.refresh()

    def edit_room(self) -> None:
        row = self.current()
        if row is not None and RoomForm(self.context, row, self).exec():
            self.refresh()

    def add_blackout(self) -> None:
        BlackoutForm(self.context, self.model.rows(), self).exec()

    def export_year(self) -> None:
        from .save_file import save_in_background

        year = self.context.read(clock.today).year
        self._task = save_in_background(
            self, self.context, tr("시설 연간 현황 저장"),
            Path.home() / tr("{year}년 시설 현황.xlsx").format(year=year),
            lambda s, path: facility_stats.export_year(s, year, path),
            lambda path: inform(self, tr("저장"), tr("저장했습니다: {path}").format(path=path)))


class FreeRoomFinder(QDialog):
    """빈 강의실 찾기: free for the span, for N people, with the equipment; a room picked opens
    새 예약 with it (``chosen``: room id and start)."""

    def __init__(self, context: AppContext, start: datetime, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.chosen: tuple[int, datetime] | None = None
        self.setWindowTitle(tr("빈 강의실 찾기"))
        self.resize(720, 460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.start, self.end = _datetime_edit(start), _datetime_edit(start + timedelta(hours=2))
        self.people = QSpinBox()
        self.people.setRange(0, 5000)
        self.people.setValue(30)
        self.equipment = QLineEdit()
        self.equipment.setPlaceholderText(tr("쉼표로: 빔프로젝터, PC"))
        self.rentable = QCheckBox(tr("대관할 수 있는 강의실만"))
        for label, widget in ((tr("시작"), self.start), (tr("끝"), self.end),
                              (tr("인원"), self.people), (tr("설비"), self.equipment),
                              ("", self.rentable)):
            form.addRow(label, widget)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(push_button(tr("찾기"), self.find))
        self.count = QLabel()
        row.addWidget(self.count)
        row.addStretch(1)
        layout.addLayout(row)
        self.model = ListTableModel(ROOM_COLUMNS[:7], self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "freeRooms", {0: 70, 1: 170, 2: 100, 3: 70, 4: 50, 5: 40})
        self.view.doubleClicked.connect(lambda _i: self.pick())
        layout.addWidget(self.view, 1)
        layout.addWidget(dialog_buttons(self, tr("이 강의실 예약…"), tr("닫기"), self.pick))
        self.find()

    def find(self) -> None:
        start, end = _moment(self.start), _moment(self.end)
        wanted = [w for w in self.equipment.text().split(",") if w.strip()]
        def read(s):
            free = {x.id for x in bookings.free_rooms(
                s, start, end, people=self.people.value(), equipment=wanted,
                rentable_only=self.rentable.isChecked())}   # once, not once per listed room
            return [r for r in rooms.room_rows(s, active_only=True) if r.id in free]

        try:
            found = self.context.read(read)
        except Exception as exc:
            show_error(self, exc)
            return
        found.sort(key=lambda r: (r.capacity, r.code))
        self.model.set_rows(found)
        self.count.setText(tr("빈 강의실 {n}개 (정원이 작은 순)").format(n=len(found)))

    def pick(self) -> None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            return
        self.chosen = (row.id, _moment(self.start))
        self.accept()

