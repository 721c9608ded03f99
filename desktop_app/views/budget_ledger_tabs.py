"""예산 → 집행 내역 and 전용·변경: the year's spending entries (of one line and one quarter when
chosen) with entry and take-back, and the recorded changes between lines with their reasons."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from ..services import budget_execution as ex
from .context import AppContext
from .forms import push_button
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import confirm
from .ui_state import setup_table

SPENDING_COLUMNS = [
    Column("집행일", lambda r: r.spent_on), Column("예산 줄", lambda r: r.line,
                                               tooltip=lambda r: r.line),
    Column("금액(원)", lambda r: r.amount, align_right=True), Column("내용", lambda r: r.description),
    Column("지급처", lambda r: r.payee), Column("증빙번호", lambda r: r.evidence_no),
    Column("기수", lambda r: r.run_code), Column("입력", lambda r: r.created_by),
]
TRANSFER_COLUMNS = [
    Column("일자", lambda r: r.changed_on), Column("종류", lambda r: r.kind),
    Column("보내는 줄", lambda r: r.from_line, tooltip=lambda r: r.from_line),
    Column("받는 줄", lambda r: r.to_line, tooltip=lambda r: r.to_line),
    Column("금액(원)", lambda r: r.amount, align_right=True),
    Column("기록", lambda r: r.created_by),
    Column("사유", lambda r: r.reason, tooltip=lambda r: r.reason),
]


class SpendingTab(QWidget):
    """The spending entries; the page sets the year and asks for the dialog."""

    changed = Signal()
    enter_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.year: int | None = None
        self._labels: dict[int, str] = {}
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("예산 줄")))
        self.line_box = QComboBox()
        self.line_box.setObjectName("spendingLine")
        self.line_box.setMinimumWidth(320)
        self.line_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.line_box, 1)
        bar.addWidget(QLabel(tr("분기")))
        self.quarter_box = QComboBox()
        self.quarter_box.addItem(tr("전체"), None)
        for q in range(1, 5):
            self.quarter_box.addItem(tr("{q}분기").format(q=q), q)
        self.quarter_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.quarter_box)
        bar.addWidget(push_button(tr("집행 입력…"), self.enter_requested.emit,
                                  tr("예산 줄에서 쓴 돈을 기록합니다 (Ctrl+N).")))
        bar.addWidget(push_button(tr("집행 삭제"), self.delete,
                                  tr("잘못 입력한 집행 내역을 지웁니다.")))
        layout.addLayout(bar)
        self.model = ListTableModel(SPENDING_COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "budgetSpending", {0: 90, 1: 300, 2: 110, 3: 220, 4: 120, 5: 90},
                    sortable=True)
        layout.addWidget(self.view, 1)
        self.status = QLabel()
        self.status.setObjectName("spendingStatus")
        layout.addWidget(self.status)

    def set_year(self, year: int | None) -> None:
        self.year = year
        labels = self.context.read(lambda s: ex.line_labels(s, year)) if year else {}
        self._labels = labels       # read once a year; each filter change reads only entries
        chosen = self.line_box.currentData()
        self.line_box.blockSignals(True)
        self.line_box.clear()
        self.line_box.addItem(tr("모든 줄"), None)
        for line_id, label in labels.items():
            self.line_box.addItem(label, line_id)
        kept = self.line_box.findData(chosen) if chosen is not None else -1
        self.line_box.setCurrentIndex(max(kept, 0))
        self.line_box.blockSignals(False)
        self.refresh()

    def chosen_line(self) -> int | None:
        """The line the list shows, else the line of the chosen entry."""
        if self.line_box.currentData() is not None:
            return self.line_box.currentData()
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row.line_id if row else None

    def refresh(self) -> None:
        if self.year is None:
            self.model.set_rows([])
            return
        year, line, quarter = self.year, self.line_box.currentData(), self.quarter_box.currentData()
        labels = self._labels
        rows = self.context.read(lambda s: ex.spending_rows(s, year, line, quarter, labels))
        self.model.set_rows(rows)
        self.status.setText(tr("{n}건 · 합계 {won:,}원").format(
            n=len(rows), won=sum(r.amount for r in rows)))

    def delete(self) -> bool:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            return False
        if not confirm(self, tr("집행 삭제"), tr("{day} {line} {won:,}원 '{what}'을(를) 지웁니다.")
                       .format(day=row.spent_on, line=row.line, won=row.amount,
                               what=row.description)):
            return False
        done, _ = self.context.attempt(self, lambda s: ex.delete_spending(s, row.id))
        if done:
            self.changed.emit()
        return done


class TransferTab(QWidget):
    """The recorded changes of the year."""

    record_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        note = QLabel(tr("전용·변경은 계획서의 예산을 고치지 않고, 줄의 예산현액에 더하고 뺍니다."))
        note.setWordWrap(True)
        bar.addWidget(note, 1)
        bar.addWidget(push_button(tr("전용·변경 기록…"), self.record_requested.emit,
                                  tr("한 줄의 예산을 다른 줄로 옮기고 사유를 남깁니다.")))
        layout.addLayout(bar)
        self.model = ListTableModel(TRANSFER_COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "budgetTransfers", {0: 90, 1: 50, 2: 250, 3: 250, 4: 100, 5: 90})
        layout.addWidget(self.view, 1)

    def set_year(self, year: int | None) -> None:
        rows = self.context.read(lambda s: ex.transfer_rows(s, year)) if year else []
        self.model.set_rows(rows)
