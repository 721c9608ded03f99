"""숙소의 작은 창들: a guest's stay (강사·손님), and the dormitory's rooms — add a room, take one
out of service for some nights, keep a floor for one gender."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QSpinBox, QTableView, QVBoxLayout, QWidget)

from ..services import clock, dorm
from .context import AppContext
from .forms import dialog_buttons, push_button
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import inform
from .ui_state import setup_table

NEEDS = ("", dorm.ACCESSIBLE, dorm.GROUND)


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd (ddd)")
    return edit


class GuestStayDialog(QDialog):
    """손님 숙박: an instructor or a guest, by name, for some nights."""

    def __init__(self, context: AppContext, first: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.stay_id: int | None = None
        self.setWindowTitle(tr("손님 숙박"))
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.gender = QComboBox()
        self.gender.addItems(["남", "여"])
        self.first, self.last = _date_edit(first), _date_edit(first)
        self.need = QComboBox()
        self.need.addItems([tr("없음") if n == "" else n for n in NEEDS])
        for label, widget in ((tr("이름"), self.name), (tr("성별"), self.gender),
                              (tr("첫 밤"), self.first), (tr("마지막 밤"), self.last),
                              (tr("요구"), self.need)):
            form.addRow(label, widget)
        form.addRow(dialog_buttons(self, tr("저장"), tr("닫기"), self.save, save=True))

    def save(self) -> None:
        need = NEEDS[self.need.currentIndex()]
        done, stay_id = self.context.attempt(self, lambda s: dorm.add_guest_stay(
            s, self.name.text(), self.gender.currentText(), self.first.date().toPython(),
            self.last.date().toPython(), need))
        if done:
            self.stay_id = stay_id
            self.accept()


ROOM_COLUMNS = [Column("객실", lambda r: r.code), Column("층", lambda r: r.floor),
                Column("침대", lambda r: r.beds), Column("장애인 전용", lambda r: r.accessible)]


class DormRoomsDialog(QDialog):
    """숙소 객실 관리."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("숙소 객실 관리"))
        self.resize(560, 560)
        layout = QVBoxLayout(self)
        self.model = ListTableModel(ROOM_COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "dormRooms", {0: 90, 1: 50, 2: 50})
        layout.addWidget(self.view, 1)
        add = QHBoxLayout()
        self.code, self.floor, self.beds = QLineEdit(), QSpinBox(), QSpinBox()
        self.code.setPlaceholderText(tr("객실 번호"))
        self.floor.setRange(-2, 30)
        self.floor.setValue(2)
        self.beds.setRange(1, 20)
        self.beds.setValue(2)
        self.accessible = QCheckBox(tr("장애인 전용"))
        for widget in (self.code, QLabel(tr("층")), self.floor, QLabel(tr("침대")), self.beds,
                       self.accessible, push_button(tr("객실 더하기"), self.add_room)):
            add.addWidget(widget)
        layout.addLayout(add)
        today = context.read(clock.today)
        closing = QHBoxLayout()
        self.close_first, self.close_last = _date_edit(today), _date_edit(today)
        self.close_reason = QLineEdit()
        self.close_reason.setPlaceholderText(tr("사유 (예: 도배)"))
        for widget in (QLabel(tr("고른 객실 사용 중지")), self.close_first, QLabel("~"),
                       self.close_last, self.close_reason,
                       push_button(tr("중지"), self.close_room)):
            closing.addWidget(widget)
        layout.addLayout(closing)
        floor_row = QHBoxLayout()
        self.keep_floor_no, self.keep_gender = QSpinBox(), QComboBox()
        self.keep_floor_no.setRange(-2, 30)
        self.keep_floor_no.setValue(2)
        self.keep_gender.addItems(["남", "여"])
        self.keep_first, self.keep_last = _date_edit(today), _date_edit(today)
        for widget in (QLabel(tr("층을 한 성별에")), self.keep_floor_no, self.keep_gender,
                       self.keep_first, QLabel("~"), self.keep_last,
                       push_button(tr("지정"), self.keep_floor)):
            floor_row.addWidget(widget)
        layout.addLayout(floor_row)
        layout.addWidget(push_button(tr("닫기"), self.accept))
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(self.context.read(dorm.active_rooms))

    def add_room(self) -> None:
        done, _ = self.context.attempt(self, lambda s: dorm.add_dorm_room(
            s, self.code.text(), self.floor.value(), self.beds.value(),
            self.accessible.isChecked()))
        if done:
            self.code.clear()
            self.refresh()

    def close_room(self) -> None:
        index = self.view.currentIndex()
        room = self.model.row_at(index.row()) if index.isValid() else None
        if room is None:
            return
        done, inside = self.context.attempt(self, lambda s: dorm.close_room(
            s, room.id, self.close_first.date().toPython(), self.close_last.date().toPython(),
            self.close_reason.text()))
        if done and inside:
            inform(self, tr("사용 중지"), tr("그 기간에 이미 묵는 사람은 그대로 두었습니다. 옮겨 주십시오: "
                                          "{names}").format(names=", ".join(inside)))

    def keep_floor(self) -> None:
        self.context.attempt(self, lambda s: dorm.keep_floor(
            s, self.keep_floor_no.value(), self.keep_gender.currentText(),
            self.keep_first.date().toPython(), self.keep_last.date().toPython()))
