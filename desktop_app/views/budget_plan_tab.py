"""예산 → 계획: the task table on the left (each task's sum and whether it agrees with the
printed plan), the chosen task's lines as a spreadsheet on the right with its 계 row, and the
programme table (세부사업) as a second sheet.  Sums, changes and change % are computed as the
user types; a line whose quarters do not add up and a 계 that differs from the printed plan
are shaded and named below the sheet."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QSplitter, QStyledItemDelegate,
                               QTableView, QTabWidget, QVBoxLayout, QWidget)

from ..services import budget_plan
from ..services.budget import differences
from ..services.budget_plan import (QUARTERS, SUM_LABELS, CellEdit, Plan, PlanLine, PlanProgram,
                                    PlanTask)
from .budget_sheet import WATCH_BRUSH, WRONG_BRUSH, BudgetSheet, SheetColumn, SheetRow
from .context import AppContext
from .forms import push_button
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import confirm
from .ui_state import setup_table


def signed(value: int | None) -> str:
    return "" if value is None else "0" if value == 0 else f"{value:+,}"


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}"


class _Total:
    """The 계 row of a task, read by the same columns as a line."""

    line_no = None

    def __init__(self, task: PlanTask) -> None:
        self.sums = task.sums
        self.change = task.change
        self.change_pct = task.change_pct
        self.quarter_gap = None

    def cell(self, key: str) -> str:
        if key in self.sums:
            return f"{self.sums[key]:,}"
        return tr("계") if key == "name" else ""


def _number(row) -> str:
    return str(row.line_no) if row.line_no is not None else ""


LINE_COLUMNS = [
    SheetColumn("번호", _number, width=40),
    SheetColumn("부서", lambda r: r.cell("department"), "department", width=60),
    SheetColumn("사업명", lambda r: r.cell("name"), "name", width=240),
    SheetColumn("예산", lambda r: r.cell("amount"), "amount", True, 90),
    SheetColumn("전년 예산", lambda r: r.cell("last_year"), "last_year", True, 90),
    SheetColumn("증감", lambda r: signed(r.change), amount=True, width=80),
    SheetColumn("증감률(%)", lambda r: percent(r.change_pct), amount=True, width=70),
    *[column for n, q in enumerate(QUARTERS, 1) for column in (
        SheetColumn(f"{n}분기", lambda r, q=q: r.cell(q), q, True, 80),
        SheetColumn(f"{n}분기 집행내용", lambda r, q=q: r.cell(f"{q}_use"), f"{q}_use", width=90))],
    SheetColumn("분기 합 차이", lambda r: signed(r.quarter_gap) if r.quarter_gap else "",
                amount=True, width=80),
    SheetColumn("설명자료 쪽", lambda r: r.cell("account_ref"), "account_ref", width=80),
    SheetColumn("세부사업", lambda r: r.cell("program"), "program", width=140),
]
COLUMN_OF = {c.key: n for n, c in enumerate(LINE_COLUMNS) if c.key}
GAP_COLUMN = next(n for n, c in enumerate(LINE_COLUMNS) if c.title == "분기 합 차이")

PROGRAM_COLUMNS = [
    SheetColumn("세부사업", lambda r: r.cell("name"), "name", width=220),
    SheetColumn("예산", lambda r: r.cell("budget"), "budget", True, 100),
    SheetColumn("전년 예산", lambda r: r.cell("last_year"), "last_year", True, 100),
    SheetColumn("전년 최종예산", lambda r: r.cell("last_year_final"), "last_year_final", True, 110),
    SheetColumn("증감", lambda r: signed(r.change), amount=True, width=100),
    SheetColumn("증감률(%)", lambda r: percent(r.change_pct), amount=True, width=80),
]


def _program_total(plan: Plan) -> PlanProgram:
    """The 계 row: a programme of the sums, so change and change % come from one place."""
    def total(key: str) -> int:
        return sum(getattr(p, key) or 0 for p in plan.programs)

    return PlanProgram(0, tr("계"), total("budget"), total("last_year"), total("last_year_final"))


class ProgramChoice(QStyledItemDelegate):
    """The 세부사업 cell picks one of the year's programmes (or none)."""

    def __init__(self, names, parent=None) -> None:
        super().__init__(parent)
        self.names = names

    def createEditor(self, parent, _option, _index):  # noqa: N802 - Qt API
        box = QComboBox(parent)
        box.addItems(["", *self.names()])
        # a pick is the answer: commit it at once instead of waiting for Enter or a click away
        box.activated.connect(lambda _i: (self.commitData.emit(box), self.closeEditor.emit(box)))
        return box

    def setEditorData(self, editor, index) -> None:  # noqa: N802 - Qt API
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 - Qt API
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


TASK_COLUMNS = [
    Column("과제", lambda t: t.code), Column("실천과제명", lambda t: t.title,
                                             tooltip=lambda t: t.title),
    Column("예산", lambda t: t.sums["amount"], align_right=True),
    Column("증감률(%)", lambda t: percent(t.change_pct), align_right=True),
    Column("점검", lambda t: (tr("인쇄값 차이") if t.differences() else "")
           or (tr("분기 합 차이") if any(x.quarter_gap for x in t.lines) else "✓"),
           tooltip=lambda t: "; ".join(f"{SUM_LABELS[k]}: {tr('인쇄')} {p:,} · {tr('내역')} {f:,}"
                                       for k, p, f in t.differences())),
]


class PlanTab(QWidget):
    """The plan: tasks, the chosen task's lines, the programmes."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.plan: Plan | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        # lines
        lines_page = QWidget()
        lines_layout = QVBoxLayout(lines_page)
        bar = QHBoxLayout()
        self.task_title = QLabel()
        self.task_title.setObjectName("budgetTaskTitle")
        bar.addWidget(self.task_title, 1)
        self.note = QLabel()       # what the last paste left out
        self.note.setObjectName("budgetSheetNote")
        self.note.setStyleSheet("color:#8a5a00;")
        bar.addWidget(self.note)
        self.add_button = push_button(tr("줄 추가"), self.add_line,
                                      tr("고른 실천과제 끝에 새 줄을 만듭니다."))
        self.delete_button = push_button(tr("줄 삭제"), self.delete_line,
                                         tr("집행·전용이 없는 줄만 지울 수 있습니다."))
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        lines_layout.addLayout(bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.task_model = ListTableModel(TASK_COLUMNS, self)
        self.task_view = QTableView()
        self.task_view.setModel(self.task_model)
        setup_table(self.task_view, "budgetTasks", {0: 36, 1: 120, 2: 70, 3: 64})
        self.task_view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_task())
        self.splitter.addWidget(self.task_view)
        self.sheet = BudgetSheet(LINE_COLUMNS, self.save_lines, self.line_versions)
        self.sheet.setObjectName("budgetLines")
        self.sheet.setItemDelegateForColumn(COLUMN_OF["program"], ProgramChoice(
            lambda: [p.name for p in self.plan.programs] if self.plan else [], self.sheet))
        self.splitter.addWidget(self.sheet)
        self.splitter.setSizes([430, 810])
        self.splitter.setStretchFactor(1, 1)
        lines_layout.addWidget(self.splitter, 1)
        self.sheet.said.connect(self.note.setText)
        self.sheet.changed.connect(lambda: self.note.setText(""))
        self.tabs.addTab(lines_page, tr("실천과제별 예산"))
        # programmes
        program_page = QWidget()
        program_layout = QVBoxLayout(program_page)
        self.program_sheet = BudgetSheet(PROGRAM_COLUMNS, self.save_programs)
        self.program_sheet.said.connect(self.note.setText)
        self.program_sheet.setObjectName("budgetPrograms")
        program_layout.addWidget(self.program_sheet, 1)
        self.tabs.addTab(program_page, tr("세부사업별 예산 현황"))
        self.status = QLabel()
        self.status.setObjectName("budgetPlanStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    # ------------------------------------------------------------ showing

    def show_plan(self, plan: Plan | None) -> None:
        """Show ``plan`` (read again after every change), keeping the chosen task."""
        chosen = self.current_task()
        self.plan = plan
        tasks = plan.tasks if plan else []
        # quietly: the sheet is shown once below, with the same rows when a cell was saved, so
        # the cell's editor is never torn down under the save that it started
        selection = self.task_view.selectionModel()
        selection.blockSignals(True)
        self.task_model.set_rows(tasks)
        codes = [t.code for t in tasks]
        row = codes.index(chosen.code) if chosen and chosen.code in codes else 0
        if tasks:
            self.task_view.setCurrentIndex(self.task_model.index(row, 0))
        selection.blockSignals(False)
        self.task_view.viewport().update()
        self.show_task()
        self.program_sheet.sheet_model.set_rows(
            [SheetRow(p.id, p) for p in plan.programs]
            + [SheetRow(None, _program_total(plan), bold=True)]
            if plan else [])
        self._say()

    def current_task(self) -> PlanTask | None:
        index = self.task_view.currentIndex()
        return self.task_model.row_at(index.row()) if index.isValid() else None

    def show_task(self) -> None:
        task = self.current_task()
        if task is None:
            self.sheet.sheet_model.set_rows([])
            self.task_title.setText("")
            return
        self.task_title.setText(tr("실천과제 {code} {title} (단위: 천원)").format(
            code=task.code, title=task.title) + (f" · {tr(task.state)}" if task.state else ""))
        rows = [SheetRow(line.id, line, marks=self._line_marks(line)) for line in task.lines]
        rows.append(SheetRow(None, _Total(task), bold=True, marks=self._total_marks(task)))
        self.sheet.sheet_model.set_rows(rows)

    @staticmethod
    def _line_marks(line: PlanLine) -> dict:
        if not line.quarter_gap:
            return {}
        quarters = line.amount + line.quarter_gap
        tip = tr("분기 합 {q:,} ≠ 예산 {a:,}").format(q=quarters, a=line.amount)
        return {COLUMN_OF["amount"]: (WRONG_BRUSH, tip), GAP_COLUMN: (WRONG_BRUSH, tip)}

    @staticmethod
    def _total_marks(task: PlanTask) -> dict:
        return {COLUMN_OF[key]: (WATCH_BRUSH, tr("인쇄된 계획서: {p:,} · 내역 합계: {f:,}").format(
            p=printed, f=found)) for key, printed, found in task.differences()}

    def _say(self) -> None:
        if self.plan is None:
            self.status.setText("")
            return
        found = [str(d) for d in differences(self.plan)]
        total = sum(t.sums["amount"] for t in self.plan.tasks)
        head = tr("실천과제 합계 {total:,}천원").format(total=total)
        self.status.setText(head + (" · " + tr("맞지 않는 합계: ") + "; ".join(found)
                                    if found else " · " + tr("모든 합계가 맞습니다.")))

    # ------------------------------------------------------------ editing

    def line_versions(self, ids: set[int]) -> dict[int, int]:
        """The versions of lines as this tab last read them."""
        lines = [self.plan.line(i) for i in ids] if self.plan else []
        return {x.id: x.version for x in lines if x is not None}

    def save_lines(self, edits: list[tuple[int, str, str, str]], versions: dict | None) -> bool:
        plan = self.plan
        if plan is None:
            return False
        done, _n = self.context.attempt(self, lambda s: budget_plan.apply_edits(
            s, plan.year, [CellEdit(i, k, v) for i, k, v, _seen in edits],
            versions if versions is not None else self.line_versions({e[0] for e in edits})))
        self.changed.emit()     # read again either way: a refusal may be another PC's change
        return done

    def save_programs(self, edits: list[tuple[int, str, str, str]], _versions) -> bool:
        plan = self.plan
        if plan is None:
            return False
        done, _n = self.context.attempt(self, lambda s: budget_plan.apply_program_edits(
            s, plan.year, [CellEdit(i, k, v, seen) for i, k, v, seen in edits]))
        self.changed.emit()
        return done

    def editing(self) -> bool:
        return self.sheet.editing() or self.program_sheet.editing()

    def forget_undo(self) -> None:
        """Undo steps name cells of the plan on screen: gone with another year or an import."""
        self.sheet.undo_stack.clear()
        self.program_sheet.undo_stack.clear()

    def add_line(self) -> int | None:
        task = self.current_task()
        if task is None:
            return None
        done, line_id = self.context.attempt(self, lambda s: budget_plan.add_line(s, task.id))
        if done:
            self.changed.emit()
            row = len(task.lines)
            self.sheet.setCurrentIndex(self.sheet.sheet_model.index(row, COLUMN_OF["name"]))
            self.sheet.setFocus()
        return line_id if done else None

    def delete_line(self) -> bool:
        index = self.sheet.currentIndex()
        entry = self.sheet.sheet_model.row_at(index.row()) if index.isValid() else None
        if entry is None or entry.row_id is None:
            return False
        line: PlanLine = entry.data
        if not confirm(self, tr("줄 삭제"), tr("{code} {no}번 줄 '{name}'을(를) 지웁니다.").format(
                code=line.task_code, no=line.line_no, name=line.name)):
            return False
        done, _ = self.context.attempt(self, lambda s: budget_plan.delete_line(s, line.id))
        if done:
            self.sheet.undo_stack.clear()   # steps on the deleted line cannot be undone
            self.changed.emit()
        return done
