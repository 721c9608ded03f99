"""A bar chart of two series side by side per category (plan against executed by quarter,
selected against completed by month), painted with QPainter; each bar labelled with its figure
where it fits, the second series left out after ``shown`` categories (quarters not reached)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

FIRST = QColor("#9DB4D3")
SECOND = QColor("#2F5D9A")


class PairBarChart(QWidget):
    """Two series of figures over categories; ``label`` turns a figure into its bar's text."""

    def __init__(self, names: tuple[str, str], label: Callable[[float], str] = lambda v: f"{v:,.0f}",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = names
        self.label = label
        self.title = ""
        self.categories: list[str] = []
        self.first: tuple[float, ...] = ()
        self.second: tuple[float, ...] = ()
        self.shown = 0
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(360, 190)

    def show_figures(self, title: str, categories: Sequence[str], first: Sequence[float],
                     second: Sequence[float], shown: int | None = None,
                     tooltip: str = "") -> None:
        self.title, self.categories = title, list(categories)
        self.first, self.second = tuple(first), tuple(second)
        self.shown = len(self.categories) if shown is None else shown
        self.setToolTip(tooltip)
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
        x = 4.0
        for color, text in ((FIRST, self.names[0]), (SECOND, self.names[1])):
            painter.fillRect(QRectF(x, legend_y + 2, line - 4, line - 4), color)
            painter.drawText(QRectF(x + line, legend_y, 200, line), Qt.AlignmentFlag.AlignLeft, text)
            x += metrics.horizontalAdvance(text) + line + 16
        count = len(self.categories)
        if not count:
            painter.end()
            return
        top, bottom = legend_y + line + 6, height - line - 6
        biggest = max(max(self.first, default=0), max(self.second, default=0), 1)
        area = max(bottom - top - line, 10)    # a line above the tallest bar for its figure
        slot = (width - 8) / count
        bar = max(min(slot / 3, 60), 4)
        painter.setPen(QPen(QColor("#888888")))
        painter.drawLine(4, int(bottom), width - 4, int(bottom))
        text_pen = QPen(self.palette().text().color())
        for n in range(count):
            x = 4 + n * slot + (slot - 2 * bar) / 2
            for k, (values, color) in enumerate(((self.first, FIRST), (self.second, SECOND))):
                if k == 1 and n >= self.shown or n >= len(values):
                    continue
                h = area * values[n] / biggest
                painter.fillRect(QRectF(x + k * bar, bottom - h, bar - 2, h), color)
                label = self.label(values[n])
                if values[n] and metrics.horizontalAdvance(label) <= bar + 6:
                    painter.setPen(text_pen)
                    painter.drawText(QRectF(x + k * bar - 4, bottom - h - line, bar + 6, line),
                                     Qt.AlignmentFlag.AlignHCenter, label)
            painter.setPen(text_pen)
            painter.drawText(QRectF(4 + n * slot, bottom + 3, slot, line),
                             Qt.AlignmentFlag.AlignHCenter, self.categories[n])
        painter.end()
