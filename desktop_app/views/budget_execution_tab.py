"""예산 → 집행 현황: execution against the quarterly plan per line, task, department or
programme up to a chosen quarter — executed, remaining, rate, variance — with the lines behind
(부진) or ahead (초과) of plan shaded, and the chosen row's plan vs executed by quarter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from ..services import budget_execution as ex
from ..services.budget_execution import LineExecution
from .bar_chart import PairBarChart
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .ui_state import setup_table

STANDING_BRUSH = {"부진": QBrush(QColor("#F8D7D5")), "초과": QBrush(QColor("#FFF0C2"))}


def _name(r: LineExecution) -> str:
    return f"{r.task_code} {r.line_no}번 {r.name}" if r.line_id else r.name


class ExecutionModel(ListTableModel):
    """Execution rows up to ``through``; rows behind or ahead of plan are shaded."""

    def __init__(self, parent=None) -> None:
        super().__init__([], parent)
        self.through = 4
        self._columns = self._columns_for()

    def _columns_for(self) -> list[Column]:
        # every figure as of the end of the chosen quarter, like the quarter's report
        def q() -> int:
            return self.through

        return [
            Column("이름", _name, tooltip=_name),
            Column("계획 예산", lambda r: sum(r.planned), align_right=True),
            Column("전용·변경", lambda r: sum(r.changed[:q()]) or None, align_right=True),
            Column("예산현액", lambda r: r.budget_at(q()), align_right=True),
            Column("누적 계획", lambda r: sum(r.planned[:q()]), align_right=True),
            Column("누적 집행", lambda r: r.spent_to(q()), align_right=True),
            Column("계획 대비", lambda r: f"{r.variance(q()):+,}" if r.variance(q()) else "0",
                   align_right=True),
            Column("집행률(%)", lambda r: f"{r.rate_at(q()):.1f}", align_right=True),
            Column("잔액", lambda r: r.remaining_at(q()), align_right=True),
            *[Column(f"{n}분기 집행", lambda r, n=n: r.executed[n - 1], align_right=True)
              for n in range(1, 5)],
            Column("상태", lambda r: tr(r.standing(q())) if r.standing(q()) else ""),
        ]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            row = self.row_at(index.row())
            return STANDING_BRUSH.get(row.standing(self.through)) if row else None
        return super().data(index, role)


class ExecutionTab(QWidget):
    """Execution views; the page gives it the year's lines with :meth:`show_rows`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines: list[LineExecution] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("묶음")))
        self.group_box = QComboBox()
        self.group_box.setObjectName("budgetGrouping")
        for key, label in ex.GROUPINGS.items():
            self.group_box.addItem(tr(label), key)
        self.group_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.group_box)
        bar.addWidget(QLabel(tr("누적 기준")))
        self.quarter_box = QComboBox()
        self.quarter_box.setObjectName("budgetQuarter")
        for q in range(1, 5):
            self.quarter_box.addItem(tr("{q}분기까지").format(q=q), q)
        self.quarter_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.quarter_box)
        bar.addStretch(1)
        self.legend = QLabel(tr("계획보다 {pct}% 넘게 덜 쓴 줄: 부진(분홍) · 더 쓴 줄: 초과(노랑)")
                             .format(pct=ex.TOLERANCE_PCT))
        bar.addWidget(self.legend)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = ExecutionModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "budgetExecution", {0: 280, 1: 110, 2: 90, 3: 110, 4: 110,
                                                   5: 110, 6: 100, 7: 70, 8: 110})
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._chart())
        splitter.addWidget(self.view)
        # 천원 on the bars, as the plan is read
        self.chart = PairBarChart((tr("계획"), tr("집행")), lambda won: f"{won / 1000:,.0f}")
        self.chart.setObjectName("budgetChart")
        splitter.addWidget(self.chart)
        splitter.setSizes([420, 180])
        layout.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setObjectName("budgetExecutionStatus")
        layout.addWidget(self.status)

    def set_quarter(self, quarter: int) -> None:
        self.quarter_box.setCurrentIndex(quarter - 1)

    def show_rows(self, lines: list[LineExecution]) -> None:
        self._lines = lines
        self.refresh()

    def refresh(self) -> None:
        self.model.through = self.quarter_box.currentData() or 4
        rows = ex.grouped(self._lines, self.group_box.currentData() or "line")
        self.model.set_rows(rows)
        through = self.model.through
        behind = sum(1 for r in rows if r.standing(through) == "부진")
        ahead = sum(1 for r in rows if r.standing(through) == "초과")
        budget = sum(r.budget_at(through) for r in self._lines)
        spent = sum(r.spent_to(through) for r in self._lines)
        self.status.setText(tr("예산현액 {b:,}원 · {q}분기까지 집행 {s:,}원 ({pct:.1f}%) · 부진 {behind} · "
                               "초과 {ahead}").format(b=budget, q=through, s=spent,
                                                     pct=100 * spent / budget if budget else 0,
                                                     behind=behind, ahead=ahead))
        self._chart()

    def _chart(self) -> None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            planned = [sum(r.planned[q] for r in self._lines) for q in range(4)]
            executed = [sum(r.executed[q] for r in self._lines) for q in range(4)]
            title = tr("전체: 분기별 계획 대비 집행 (막대 위 숫자: 천원)")
        else:
            planned, executed = row.planned, row.executed
            title = _name(row) + tr(" (막대 위 숫자: 천원)")
        self.chart.show_figures(
            title, [tr("{q}분기").format(q=q) for q in range(1, 5)], planned, executed,
            self.model.through, "\n".join(
                tr("{q}분기: 계획 {p:,}원 · 집행 {e:,}원").format(q=q + 1, p=planned[q], e=executed[q])
                for q in range(4)))
