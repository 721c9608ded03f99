"""The booking timeline: rooms down, hours across, for one day or a week.

Painted by hand (QPainter), only the rows in view: a week of 160 rooms and 2,000 bookings stays
one paint away.  A click on an empty slot asks for a new booking there (``slot_clicked``), a click
on a booking opens it (``booking_clicked``).  The header (days and hours) is its own widget above
the scroll area, drawn from the same :class:`TimelineGeometry`, so it stays in view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from ..services.bookings import BookingRow
from ..services.rooms import RoomRow
from .i18n import tr

KIND_COLOURS = {"과정": "#4F81BD", "내부행사": "#6AA84F", "대관": "#E69138"}
WEEKDAYS = "월화수목금토일"
SLOT_MINUTES = 30


@dataclass
class TimelineGeometry:
    """Where things are: the first day, how many days, the hours shown each day, sizes."""

    first_day: date = field(default_factory=date.today)
    days: int = 1
    first_hour: int = 7
    last_hour: int = 22
    label_width: int = 150
    row_height: int = 24
    width: int = 1000

    @property
    def hours(self) -> int:
        return self.last_hour - self.first_hour

    @property
    def hour_width(self) -> float:
        return max(4.0, (self.width - self.label_width) / (self.days * self.hours))

    def x_of(self, moment: datetime) -> float:
        day = (moment.date() - self.first_day).days
        hours = moment.hour + moment.minute / 60 - self.first_hour
        hours = min(max(hours, 0), self.hours)
        return self.label_width + (day * self.hours + hours) * self.hour_width

    def moment_at(self, x: float) -> datetime | None:
        if x < self.label_width:
            return None
        hours = (x - self.label_width) / self.hour_width
        day, within = divmod(hours, self.hours)
        if day >= self.days:
            return None
        minutes = int(within * 60) // SLOT_MINUTES * SLOT_MINUTES
        return datetime.combine(self.first_day + timedelta(days=int(day)),
                                datetime.min.time()) + timedelta(
            hours=self.first_hour, minutes=minutes)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, datetime.min.time())

    @property
    def end(self) -> datetime:
        return self.start + timedelta(days=self.days)


class TimelineHeader(QWidget):
    """Days and hours above the rooms."""

    def __init__(self, geometry: TimelineGeometry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.geometry_ = geometry
        self.setFixedHeight(38)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        g = self.geometry_
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#F2F4F7"))
        painter.setPen(QColor("#555555"))
        metrics = QFontMetrics(painter.font())
        for day in range(g.days):
            current = g.first_day + timedelta(days=day)
            left = g.x_of(datetime.combine(current, datetime.min.time()).replace(hour=g.first_hour))
            width = g.hours * g.hour_width
            label = f"{current.month}/{current.day}({WEEKDAYS[current.weekday()]})"
            if current.weekday() >= 5:
                painter.setPen(QColor("#B3261E"))
            painter.drawText(QRectF(left, 0, width, 18), Qt.AlignmentFlag.AlignCenter, label)
            painter.setPen(QColor("#555555"))
            step = 1 if g.hour_width >= metrics.horizontalAdvance("22") + 6 else 3
            for hour in range(0, g.hours, step):
                x = left + hour * g.hour_width
                painter.drawText(QRectF(x + 2, 18, g.hour_width * step, 18),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 str(g.first_hour + hour))
            painter.drawLine(int(left), 0, int(left), self.height())
        painter.drawText(QRect(6, 0, g.label_width - 8, self.height()),
                         Qt.AlignmentFlag.AlignVCenter, tr("강의실"))
        painter.end()


class TimelineView(QWidget):
    """The rooms and their bookings; see the module's docstring."""

    slot_clicked = Signal(int, object)      # room id, datetime
    booking_clicked = Signal(int)           # booking id

    def __init__(self, geometry: TimelineGeometry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.geometry_ = geometry
        self.rooms: list[RoomRow] = []
        self.by_room: dict[int, list[BookingRow]] = {}
        self.setMouseTracking(True)
        self.setObjectName("timeline")

    def set_data(self, rooms: Sequence[RoomRow], bookings: Sequence[BookingRow]) -> None:
        self.rooms = list(rooms)
        self.by_room = {}
        for booking in bookings:
            self.by_room.setdefault(booking.room_id, []).append(booking)
        self.setMinimumHeight(self.geometry_.row_height * max(1, len(self.rooms)))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.geometry_.width, self.geometry_.row_height * max(1, len(self.rooms)))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.geometry_.width = event.size().width()
        super().resizeEvent(event)

    def booking_rect(self, row: int, booking: BookingRow) -> QRectF:
        g = self.geometry_
        left, right = g.x_of(booking.start), g.x_of(booking.end)
        return QRectF(left, row * g.row_height + 2, max(2.0, right - left), g.row_height - 4)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        g = self.geometry_
        painter = QPainter(self)
        area = event.rect()
        painter.fillRect(area, QColor("white"))
        first = max(0, area.top() // g.row_height)
        last = min(len(self.rooms), area.bottom() // g.row_height + 1)
        metrics = QFontMetrics(painter.font())
        grid = QPen(QColor("#E3E6EA"))
        day_line = QPen(QColor("#9AA3AD"))
        for day in range(g.days):
            left = g.label_width + day * g.hours * g.hour_width
            if (g.first_day + timedelta(days=day)).weekday() >= 5:
                painter.fillRect(QRectF(left, area.top(), g.hours * g.hour_width, area.height()),
                                 QColor("#FBF3F2"))
            if g.hour_width >= 8:
                painter.setPen(grid)
                for hour in range(1, g.hours):
                    x = int(left + hour * g.hour_width)
                    painter.drawLine(x, area.top(), x, area.bottom())
            painter.setPen(day_line)
            painter.drawLine(int(left), area.top(), int(left), area.bottom())
        for row in range(first, last):
            room = self.rooms[row]
            top = row * g.row_height
            painter.setPen(grid)
            painter.drawLine(0, top + g.row_height - 1, self.width(), top + g.row_height - 1)
            painter.setPen(QColor("#222222"))
            label = metrics.elidedText(f"{room.name} ({room.capacity})",
                                       Qt.TextElideMode.ElideRight, g.label_width - 10)
            painter.drawText(QRect(6, top, g.label_width - 8, g.row_height),
                             Qt.AlignmentFlag.AlignVCenter, label)
            for booking in self.by_room.get(room.id, ()):
                self._paint_booking(painter, metrics, row, booking)
        painter.end()

    def _paint_booking(self, painter: QPainter, metrics: QFontMetrics, row: int,
                       booking: BookingRow) -> None:
        rect = self.booking_rect(row, booking)
        colour = QColor(KIND_COLOURS.get(booking.kind, "#888888"))
        tentative = booking.status == "가예약"
        painter.setPen(QPen(colour.darker(130), 1,
                            Qt.PenStyle.DashLine if tentative else Qt.PenStyle.SolidLine))
        painter.setBrush(colour.lighter(160) if tentative else colour)
        painter.drawRoundedRect(rect, 3, 3)
        if rect.width() > 24:
            painter.setPen(QColor("#1A1A1A") if tentative else QColor("white"))
            text = metrics.elidedText(booking.title, Qt.TextElideMode.ElideRight,
                                      int(rect.width()) - 6)
            painter.drawText(rect.adjusted(3, 0, -3, 0), Qt.AlignmentFlag.AlignVCenter, text)

    def booking_at(self, x: float, y: float) -> BookingRow | None:
        row = int(y // self.geometry_.row_height)
        if not 0 <= row < len(self.rooms):
            return None
        for booking in self.by_room.get(self.rooms[row].id, ()):
            if self.booking_rect(row, booking).contains(x, y):
                return booking
        return None

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.button() != Qt.MouseButton.LeftButton:
            return
        x, y = event.position().x(), event.position().y()
        booking = self.booking_at(x, y)
        if booking is not None:
            self.booking_clicked.emit(booking.id)
            return
        row = int(y // self.geometry_.row_height)
        moment = self.geometry_.moment_at(x)
        if moment is not None and 0 <= row < len(self.rooms):
            self.slot_clicked.emit(self.rooms[row].id, moment)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        booking = self.booking_at(event.position().x(), event.position().y())
        if booking is not None:
            QToolTip.showText(event.globalPosition().toPoint(), booking.describe(), self)
        else:
            QToolTip.hideText()
