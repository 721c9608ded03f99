"""The dormitory's occupancy chart: rooms down, nights across, each room-night coloured by the
gender sleeping there (darker when full) and outlined when the chosen run is in it; the header
gives each night's occupancy %.  Painted by hand, only the rows in view."""

from __future__ import annotations


from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ..services.dorm import OccupancyGrid
from .i18n import tr

GENDER_COLOURS = {"남": QColor("#4F81BD"), "여": QColor("#D46A8C")}
#: (gender, full) → the cell's colour, made once (a chart has tens of thousands of cells)
CELL_COLOURS = {(g, full): (c if full else c.lighter(150))
                for g, c in GENDER_COLOURS.items() for full in (True, False)}
OTHER = QColor("#888888")
LABEL_WIDTH, ROW_HEIGHT, HEADER_HEIGHT = 90, 20, 34
WEEKDAYS = "월화수목금토일"


class OccupancyChart(QWidget):
    """See the module's docstring; ``room_clicked(room_id)`` when a room's row is clicked."""

    room_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid: OccupancyGrid | None = None
        self.run_id: int | None = None
        self.setObjectName("occupancyChart")

    def set_grid(self, grid: OccupancyGrid, run_id: int | None) -> None:
        self.grid, self.run_id = grid, run_id
        self.setMinimumHeight(HEADER_HEIGHT + ROW_HEIGHT * max(1, len(grid.rooms)))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        rows = len(self.grid.rooms) if self.grid else 1
        return QSize(800, HEADER_HEIGHT + ROW_HEIGHT * rows)

    def night_width(self) -> float:
        count = len(self.grid.nights) if self.grid else 1
        return max(6.0, (self.width() - LABEL_WIDTH) / max(1, count))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        area = event.rect()
        painter.fillRect(area, QColor("white"))
        if self.grid is None:
            painter.end()
            return
        width = self.night_width()
        grid_pen = QPen(QColor("#E3E6EA"))
        outline = QPen(QColor("#1A1A1A"), 1.5)
        self._paint_header(painter, width)
        first = max(0, (area.top() - HEADER_HEIGHT) // ROW_HEIGHT)
        last = min(len(self.grid.rooms), (area.bottom() - HEADER_HEIGHT) // ROW_HEIGHT + 1)
        for row in range(first, last):
            room = self.grid.rooms[row]
            top = HEADER_HEIGHT + row * ROW_HEIGHT
            painter.setPen(QColor("#222222"))
            label = f"{room.code} ({room.beds})" + (" ♿" if room.accessible else "")
            painter.drawText(QRect(4, top, LABEL_WIDTH - 6, ROW_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter, label)
            for col, night in enumerate(self.grid.nights):
                cell = self.grid.cells.get((room.id, night))
                x = LABEL_WIDTH + col * width
                rect = QRectF(x + 1, top + 2, width - 2, ROW_HEIGHT - 4)
                if cell is not None:
                    count, gender, runs = cell
                    painter.fillRect(rect, CELL_COLOURS.get((gender, count >= room.beds), OTHER))
                    if self.run_id is not None and self.run_id in runs:
                        painter.setPen(outline)
                        painter.drawRect(rect)
                    if width >= 22:
                        painter.setPen(QColor("white"))
                        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                                         f"{count}/{room.beds}")
            painter.setPen(grid_pen)
            painter.drawLine(0, top + ROW_HEIGHT - 1, self.width(), top + ROW_HEIGHT - 1)
        painter.end()

    def _paint_header(self, painter: QPainter, width: float) -> None:
        painter.fillRect(QRect(0, 0, self.width(), HEADER_HEIGHT), QColor("#F2F4F7"))
        painter.setPen(QColor("#555555"))
        painter.drawText(QRect(4, 0, LABEL_WIDTH, HEADER_HEIGHT), Qt.AlignmentFlag.AlignVCenter,
                         tr("객실 (침대)"))
        step = max(1, int(44 // width) + 1)
        for col, night in enumerate(self.grid.nights):
            if col % step:
                continue
            x = LABEL_WIDTH + col * width
            label = f"{night.month}/{night.day}({WEEKDAYS[night.weekday()]})"
            painter.drawText(QRectF(x, 0, width * step, 17), Qt.AlignmentFlag.AlignLeft, label)
            painter.drawText(QRectF(x, 17, width * step, 17), Qt.AlignmentFlag.AlignLeft,
                             f"{self.grid.occupancy_pct(night):g}%")

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.grid is None:
            return
        row = int((event.position().y() - HEADER_HEIGHT) // ROW_HEIGHT)
        if 0 <= row < len(self.grid.rooms):
            self.room_clicked.emit(self.grid.rooms[row].id)

