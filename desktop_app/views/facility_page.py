"""시설 page: the booking timeline of a day or a week, filtered by building and room kind; a click
on an empty slot books it, a click on a booking opens it; the day sheet and a room's door sheet
as PDF."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDateEdit, QHBoxLayout, QLabel, QScrollArea,
                               QVBoxLayout, QWidget)

from ..services import bookings, clock, facility_print, rooms
from .context import AppContext
from .forms import push_button
from .i18n import tr
from .messages import show_error
from .timeline import KIND_COLOURS, TimelineGeometry, TimelineHeader, TimelineView

ALL = "전체"
VIEWS = ("하루", "한 주")


class FacilityPage(QWidget):
    """The front desk's rooms."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.day = QDateEdit()
        self.day.setObjectName("facilityDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd (ddd)")
        today = clock.today()
        try:
            today = context.read(clock.today)
        except Exception:  # the page still opens; the date is only where it starts
            pass
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.dateChanged.connect(lambda _d: self.refresh())
        bar.addWidget(push_button("◀", lambda: self.step(-1), tr("이전 날·주")))
        bar.addWidget(self.day)
        bar.addWidget(push_button("▶", lambda: self.step(1), tr("다음 날·주")))
        bar.addWidget(push_button(tr("오늘"), self.go_today))
        self.view_box = QComboBox()
        self.view_box.setObjectName("facilityView")
        self.view_box.addItems([tr(v) for v in VIEWS])
        self.view_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.view_box)
        bar.addWidget(QLabel(tr("건물")))
        self.building = QComboBox()
        self.building.setObjectName("facilityBuilding")
        self.building.addItem(tr(ALL), "")
        try:
            for code, name in context.read(rooms.buildings):
                self.building.addItem(name, code)
        except Exception as exc:
            show_error(self, exc)
        self.building.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.building)
        bar.addWidget(QLabel(tr("종류")))
        self.kind = QComboBox()
        self.kind.setObjectName("facilityKind")
        self.kind.addItem(tr(ALL), "")
        for kind in rooms.ROOM_KINDS:
            self.kind.addItem(kind, kind)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.kind)
        bar.addStretch(1)
        layout.addLayout(bar)
        actions = QHBoxLayout()
        self.new_button = push_button(tr("새 예약…"), lambda: self.book(None, None),
                                      tr("빈 칸을 눌러도 그 강의실·시간으로 예약합니다."))
        self.find_button = push_button(tr("빈 강의실 찾기…"), self.find_room)
        self.daysheet_button = push_button(tr("일일 현황 PDF…"), self.print_daysheet)
        self.door_button = push_button(tr("문 안내 PDF…"), self.print_door_sheet,
                                       tr("강의실 문에 붙일 그 날의 사용 안내"))
        self.rooms_button = push_button(tr("강의실 관리…"), self.manage_rooms)
        for b in (self.new_button, self.find_button, self.daysheet_button, self.door_button,
                  self.rooms_button):
            actions.addWidget(b)
        actions.addStretch(1)
        legend = " ".join(f"<span style='color:{c}'>■</span> {tr(k)}"
                          for k, c in KIND_COLOURS.items())
        self.legend = QLabel(legend + " · " + tr("점선: 가예약"))
        actions.addWidget(self.legend)
        self.count = QLabel()
        self.count.setObjectName("facilityCount")
        actions.addWidget(self.count)
        layout.addLayout(actions)
        self.geometry_ = TimelineGeometry()
        self.header = TimelineHeader(self.geometry_)
        layout.addWidget(self.header)
        self.timeline = TimelineView(self.geometry_)
        self.timeline.slot_clicked.connect(lambda room, at: self.book(room, at))
        self.timeline.booking_clicked.connect(lambda booking_id: self.open_booking(booking_id))
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.timeline)
        layout.addWidget(self.scroll, 1)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=lambda: self.book(None, None))
        self.refresh()

    # ------------------------------------------------------------ showing

    def first_day(self) -> date:
        day = self.day.date().toPython()
        return day - timedelta(days=day.weekday()) if self.view_box.currentIndex() == 1 else day

    def refresh(self) -> None:
        """Read the rooms and bookings of the span on show."""
        g = self.geometry_
        g.first_day = self.first_day()
        g.days = 7 if self.view_box.currentIndex() == 1 else 1
        building, kind = self.building.currentData(), self.kind.currentData()
        try:
            listed, booked = self.context.read(lambda s: (
                rooms.room_rows(s, building=building or None, active_only=True),
                bookings.bookings_between(s, g.start, g.end, building=building or None)))
        except Exception as exc:
            show_error(self, exc)
            return
        if kind:
            listed = [r for r in listed if r.kind == kind]
        self.timeline.set_data(listed, booked)
        self.header.update()
        shown = {r.id for r in listed}
        self.count.setText(tr("강의실 {rooms}개 · 예약 {n}건").format(
            rooms=len(listed), n=sum(1 for b in booked if b.room_id in shown)))

    def on_database_changed(self) -> None:
        self.refresh()

    def save_state(self) -> None:
        """Nothing to keep between sessions (the page opens on today)."""

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.header.update()

    def step(self, steps: int) -> None:
        """A day or a week back (-1) or on (1)."""
        days = 7 if self.view_box.currentIndex() == 1 else 1
        self.day.setDate(self.day.date().addDays(steps * days))

    def go_today(self) -> None:
        today = self.context.read(clock.today)
        self.day.setDate(QDate(today.year, today.month, today.day))

    # ------------------------------------------------------------ acting

    def book(self, room_id: int | None, at: datetime | None) -> list[int]:
        """새 예약 at a slot (or at 09:00 of the day on show)."""
        from .booking_dialogs import BookingDialog

        start = at or datetime.combine(self.day.date().toPython(), datetime.min.time()).replace(
            hour=9)
        made = BookingDialog.ask(self, self.context, room_id, start)
        if made:
            self.refresh()
        return made

    def open_booking(self, booking_id: int) -> None:
        from .booking_dialogs import BookingDetails

        details = BookingDetails(self.context, booking_id, self)
        details.exec()
        if details.changed:
            self.refresh()

    def find_room(self) -> None:
        from .rooms_dialog import FreeRoomFinder

        start = datetime.combine(self.day.date().toPython(), datetime.min.time()).replace(hour=9)
        finder = FreeRoomFinder(self.context, start, self)
        if finder.exec() and finder.chosen is not None:
            self.book(*finder.chosen)

    def manage_rooms(self) -> None:
        from .rooms_dialog import RoomsDialog

        RoomsDialog(self.context, self).exec()
        self.refresh()

    def print_door_sheet(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from .pdf_preview import make_pdf

        listed = self.timeline.rooms
        if not listed:
            return
        names = [r.name for r in listed]
        name, ok = QInputDialog.getItem(self, tr("문 안내 PDF"), tr("강의실"), names, 0, False)
        if not ok:
            return
        room_id, day = listed[names.index(name)].id, self.day.date().toPython()
        self._task = make_pdf(self, self.context, tr("{room} {day}").format(room=name, day=day),
                              lambda s, path: facility_print.print_door_sheet(s, room_id, day,
                                                                               path))

    def print_daysheet(self) -> None:
        from .pdf_preview import make_pdf

        day, building = self.day.date().toPython(), self.building.currentData() or None
        self._task = make_pdf(self, self.context, tr("일일 현황 {day}").format(day=day),
                              lambda s, path: facility_print.print_daysheet(s, day, path,
                                                                             building))
