"""The budget's dialogs: a spending entry (집행 입력), a recorded change between two lines
(전용 · 변경), and the preview of an Excel import (every changed cell before anything is
written)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (QComboBox, QDialog, QLabel, QTableView, QVBoxLayout, QWidget)

from ..errors import Problems
from ..services import budget_execution as ex
from ..services.budget_files import BudgetImport
from ..services.runs import find_run_id
from .context import AppContext
from .forms import FormDialog, combo, date_edit, date_value, dialog_buttons, line_edit, text_box
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .ui_state import setup_table


def line_box(labels: dict[int, str], chosen: int | None) -> QComboBox:
    """A searchable picker of the year's lines."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for line_id, label in labels.items():
        box.addItem(label, line_id)
    if chosen is not None and box.findData(chosen) >= 0:
        box.setCurrentIndex(box.findData(chosen))
    box.setMinimumWidth(420)
    return box


def line_of(box: QComboBox) -> int | None:
    """The budget line chosen in a :func:`line_box` (None: the text names no line)."""
    index = box.findText(box.currentText())
    return box.itemData(index) if index >= 0 else None


@dataclass(frozen=True)
class SpendingFields:
    line_id: int | None
    spent_on: date
    amount: str
    description: str
    payee: str
    evidence_no: str
    run_code: str


class SpendingDialog(FormDialog):
    """Enter a spending entry; the chosen line's remaining budget shows as the user picks."""

    def __init__(self, context: AppContext, year: int, line_id: int | None, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("집행 입력"), parent)
        self.context, self.year = context, year
        labels = context.read(lambda s: ex.line_labels(s, year))
        self.line = self.add_row("예산 줄", line_box(labels, line_id))
        self.left = QLabel()
        self.left.setObjectName("budgetAvailable")
        self.add_row("남은 예산", self.left, "남은 예산")
        self.day = self.add_row("집행일", date_edit(today if today.year == year else date(year, 1, 1)))
        self.amount = self.add_row("금액", line_edit("", tr("원 단위, 예: 1,250,000"), 20))
        self.description = self.add_row("내용", line_edit("", tr("예: 6월 강사수당"), 200))
        self.payee = self.add_row("지급처", line_edit("", "", 100))
        self.evidence = self.add_row("증빙번호", line_edit("", tr("예: 2021-0123"), 50))
        self.run = self.add_row("기수", line_edit("", tr("기수코드 (없으면 비워 둠)"), 20))
        self.line.currentIndexChanged.connect(lambda _i: self._show_left())
        self._show_left()

    def _show_left(self) -> None:
        line_id = line_of(self.line)
        if line_id is None:
            self.left.setText("")
            return
        left = self.context.read(lambda s: ex.available(s, line_id))
        self.left.setText(tr("{won:,}원").format(won=left))

    def collect(self) -> SpendingFields:
        return SpendingFields(line_of(self.line), date_value(self.day), self.amount.text(),
                              self.description.text(), self.payee.text(), self.evidence.text(),
                              self.run.text().strip())

    def check(self, v: SpendingFields) -> None:
        p = Problems()
        p.check(v.line_id is not None, "예산 줄", tr("목록에서 예산 줄을 고르십시오."))
        p.check(ex.parse_won(v.amount) is not None, "금액", ex.WON_PROBLEM)
        p.check(bool(v.description.strip()), "내용", tr("내용을 적으십시오."))
        p.check(v.spent_on.year == self.year, "집행일",
                tr("{year}년 안의 날짜여야 합니다.").format(year=self.year))
        p.raise_if_any()

    def save(self, v: SpendingFields) -> int:
        def write(s):
            run_id = find_run_id(s, v.run_code) if v.run_code else None
            return ex.spend(s, v.line_id, v.spent_on, v.amount, v.description,
                            self.context.actor, payee=v.payee, evidence_no=v.evidence_no,
                            run_id=run_id)

        with self.context.write() as session:
            return write(session)


@dataclass(frozen=True)
class TransferFields:
    kind: str
    from_line: int | None
    to_line: int | None
    amount: str
    reason: str
    changed_on: date


class TransferDialog(FormDialog):
    """Record a change (전용 / 변경) moving budget from one line to another, with the reason."""

    def __init__(self, context: AppContext, year: int, from_line: int | None, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("전용·변경 기록"), parent)
        self.context, self.year = context, year
        labels = context.read(lambda s: ex.line_labels(s, year))
        self.kind = self.add_row("종류", combo(ex.KINDS))
        self.source = self.add_row("보내는 줄", line_box(labels, from_line))
        self.target = self.add_row("받는 줄", line_box(labels, None))
        self.amount = self.add_row("금액", line_edit("", tr("원 단위"), 20))
        self.reason = self.add_row("사유", text_box("", 60))
        self.day = self.add_row("일자", date_edit(today if today.year == year else date(year, 1, 1)),
                                "일자")
        self.target.setCurrentIndex(-1)     # the receiving line is always chosen on purpose

    def collect(self) -> TransferFields:
        return TransferFields(self.kind.currentText(), line_of(self.source),
                              line_of(self.target), self.amount.text(),
                              self.reason.toPlainText(), date_value(self.day))

    def check(self, v: TransferFields) -> None:
        p = Problems()
        p.check(v.from_line is not None, "보내는 줄", tr("목록에서 고르십시오."))
        p.check(v.to_line is not None, "받는 줄", tr("목록에서 고르십시오."))
        if v.from_line is not None and v.from_line == v.to_line:
            p.add("받는 줄", tr("보내는 줄과 받는 줄이 같습니다."))
        p.check(ex.parse_won(v.amount) is not None, "금액", ex.WON_PROBLEM)
        p.check(bool(v.reason.strip()), "사유", tr("전용·변경 사유를 적으십시오."))
        p.raise_if_any()

    def save(self, v: TransferFields) -> int:
        with self.context.write() as session:
            return ex.transfer(session, v.kind, v.from_line, v.to_line, v.amount, v.reason,
                               v.changed_on, self.context.actor)


CHANGE_COLUMNS = [Column("시트", lambda c: c.sheet), Column("행", lambda c: c.row),
                  Column("칸", lambda c: c.column, tooltip=lambda c: c.column),
                  Column("지금", lambda c: c.before, align_right=True),
                  Column("파일", lambda c: c.after, align_right=True)]


class ImportPreview(QDialog):
    """Every cell the workbook would change; 가져오기 writes them, 닫기 writes nothing."""

    def __init__(self, found: BudgetImport, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("예산 엑셀 가져오기 — 바뀌는 칸 확인"))
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        head = QLabel(tr("{name}: {year}년 예산에서 바뀌는 칸 {n}개. 가져오기를 누르기 전에는 아무것도 "
                         "저장하지 않습니다.").format(name=file_name, year=found.year,
                                                n=len(found.changes)))
        head.setWordWrap(True)
        layout.addWidget(head)
        self.model = ListTableModel(CHANGE_COLUMNS, self)
        self.model.set_rows(found.changes)
        view = QTableView()
        view.setModel(self.model)
        setup_table(view, "budgetImportChanges", {0: 70, 1: 40, 2: 300, 3: 150})
        layout.addWidget(view, 1)
        for note in found.notes:
            label = QLabel(note)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.buttons = dialog_buttons(self, tr("가져오기"), tr("닫기"), self.accept)
        layout.addWidget(self.buttons)

    @classmethod
    def ask(cls, parent: QWidget, found: BudgetImport, file_name: str) -> bool:
        return bool(cls(found, file_name, parent).exec())
