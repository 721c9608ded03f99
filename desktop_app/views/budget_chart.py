"""A bar chart of plan against executed by quarter (given in 원, labelled in 천원 above the bars
where they fit), painted with QPainter: four pairs of bars, no executed bar after the quarter
reported."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .i18n import tr

PLANNED = QColor("#9DB4D3")
EXECUTED = QColor("#2F5D9A")


class QuarterChart(QWidget):
    """Plan vs executed per quarter for what the page has chosen (a line, a group, the year)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("budgetChart")
        self.title = ""
        self.planned: tuple[int, ...] = (0, 0, 0, 0)
        self.executed: tuple[int, ...] = (0, 0, 0, 0)
        self.through = 4
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(360, 190)

    def show_figures(self, title: str, planned, executed, through: int) -> None:
        self.title, self.planned, self.executed = title, tuple(planned), tuple(executed)
        self.through = through
        self.setToolTip("\n".join(
            tr("{q}분기: 계획 {p:,}원 · 집행 {e:,}원").format(q=q + 1, p=self.planned[q],
                                                      e=self.executed[q]) for q in range(4)))
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        line = metrics.height()
        width, height = self.width(), self.height()
        painter.drawText(QRectF(4, 2, width - 8, line), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, width - 8))
        legend_y = 4 + line
        for n, (color, text) in enumerate(((PLANNED, tr("계획")), (EXECUTED, tr("집행")))):
            x = 4 + n * (metrics.horizontalAdvance(text) + line + 16)
            painter.fillRect(QRectF(x, legend_y + 2, line - 4, line - 4), color)
            painter.drawText(QRectF(x + line, legend_y, 200, line), Qt.AlignmentFlag.AlignLeft, text)
        top, bottom = legend_y + line + 6, height - line - 6
        biggest = max(max(self.planned, default=0), max(self.executed, default=0), 1)
        area = max(bottom - top - line, 10)    # a line above the tallest bar for its figure
        slot = (width - 8) / 4
        bar = max(min(slot / 3, 60), 4)
        painter.setPen(QPen(QColor("#888888")))
        painter.drawLine(4, int(bottom), width - 4, int(bottom))
        for q in range(4):
            x = 4 + q * slot + (slot - 2 * bar) / 2
            for n, (values, color) in enumerate(((self.planned, PLANNED), (self.executed, EXECUTED))):
                if n == 1 and q >= self.through:
                    continue
                h = area * values[q] / biggest
                painter.fillRect(QRectF(x + n * bar, bottom - h, bar - 2, h), color)
                label = f"{values[q] / 1000:,.0f}"      # 천원, as the plan is read
                if values[q] and metrics.horizontalAdvance(label) <= bar + 6:
                    painter.setPen(QPen(self.palette().text().color()))
                    painter.drawText(QRectF(x + n * bar - 4, bottom - h - line, bar + 6, line),
                                     Qt.AlignmentFlag.AlignHCenter, label)
            painter.setPen(QPen(self.palette().text().color()))
            painter.drawText(QRectF(4 + q * slot, bottom + 3, slot, line),
                             Qt.AlignmentFlag.AlignHCenter, tr("{q}분기").format(q=q + 1))
        painter.end()
