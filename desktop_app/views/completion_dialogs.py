"""Dialogs of the 명단·출결 page: the completion preview, a decision by hand, the training record."""

from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QHBoxLayout,
                               QHeaderView, QLabel, QPlainTextEdit, QRadioButton, QTableView,
                               QVBoxLayout, QWidget)

from ..services.completion import COMPLETED, NOT_COMPLETED, CompletionPlan
from ..services.run_roster import TrainingRecord
from .forms import dialog_buttons
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .table_models import TrainingRecordTableModel, YearTotalTableModel
from .ui_state import setup_table

VERDICT_COLUMNS = [
    Column("성명", lambda v: v.name),
    Column("판정", lambda v: v.result + (tr(" (직접 정함, 유지)") if v.manual else "")),
    Column("출석률", lambda v: "" if v.attendance_pct is None else f"{v.attendance_pct:g}%",
           align_right=True),
    Column("점수", lambda v: v.score, align_right=True),
    Column("사유", lambda v: v.reason, tooltip=lambda v: v.reason),
]


class CompletionPreview(QDialog):
    """What completion will record for each trainee; 이수 처리 writes it."""

    def __init__(self, plan: CompletionPlan, run_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("이수 판정 — {run}").format(run=run_label))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        text = tr("이수 <b>{done}</b>명 · 미이수 <b>{failed}</b>명").format(
            done=plan.count(COMPLETED), failed=plan.count(NOT_COMPLETED))
        if plan.pending:
            text += tr(" · 아직 학습 중 {n}명은 판정하지 않습니다").format(n=plan.pending)
        if plan.unrecorded_cells:
            text += tr(" · 입력하지 않은 출결 {n}칸은 출석으로 보았습니다").format(
                n=f"{plan.unrecorded_cells:,}")
        summary = QLabel(text)
        summary.setObjectName("completionSummary")
        layout.addWidget(summary)
        model = ListTableModel(VERDICT_COLUMNS, self,
                               muted=lambda v: v.result == COMPLETED)
        model.set_rows(sorted(plan.verdicts, key=lambda v: (v.result == COMPLETED, v.name)))
        self.table = QTableView()
        self.table.setModel(model)
        setup_table(self.table, "completionPreview", {0: 90, 1: 150, 2: 70, 3: 60})
        layout.addWidget(self.table, 1)
        note = QLabel(tr("미이수자가 먼저 보입니다. 직접 정한 결과는 바뀌지 않습니다."))
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addWidget(dialog_buttons(self, tr("이수 처리"), tr("닫기"), self.accept))

    @classmethod
    def ask(cls, parent: QWidget, plan: CompletionPlan, run_label: str) -> bool:
        return bool(cls(plan, run_label, parent).exec())


HISTORY_COLUMNS = [
    Column("일시", lambda e: e.at),
    Column("처리자", lambda e: e.actor),
    Column("결과", lambda e: e.result + (tr(" (직접)") if e.manual else "")),
    Column("사유", lambda e: e.reason, tooltip=lambda e: e.reason),
]
BY_RULE = "기준대로 (직접 정한 것 되돌리기)"


class CompletionOverride(QDialog):
    """Set 이수 or 미이수 by hand, or hand a decision made by hand back to the rule; the
    reason is required and kept in the history, shown below."""

    def __init__(self, name: str, current: str, manual: bool, history: list,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("이수 직접 정하기 — {name}").format(name=name))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        now = (current or tr("미정")) + (tr(" (직접 정함)") if manual else "")
        layout.addWidget(QLabel(tr("{name}의 이수 결과를 직접 정합니다. 지금: {current}").format(
            name=name, current=now)))
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.completed = QRadioButton(tr(COMPLETED))
        self.failed = QRadioButton(tr(NOT_COMPLETED))
        self.by_rule = QRadioButton(tr(BY_RULE))
        self.by_rule.setVisible(manual)
        (self.failed if current == COMPLETED else self.completed).setChecked(True)
        for button in (self.completed, self.failed, self.by_rule):
            self.group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel(tr("사유 (처리 이력에 남습니다)")))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        layout.addWidget(self.reason)
        if history:
            layout.addWidget(QLabel(tr("이수 판정 이력")))
            model = ListTableModel(HISTORY_COLUMNS, self)
            model.set_rows(history)
            view = QTableView()
            view.setModel(model)
            setup_table(view, "completionHistory", {0: 130, 1: 90, 2: 90})
            view.setMaximumHeight(150)
            layout.addWidget(view)
        self.buttons = dialog_buttons(self, tr("정하기"), tr("닫기"), self.accept)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.value()[1]))

    def value(self) -> tuple[str | None, str]:
        """(이수 / 미이수 / None for "back to the rule", the reason)."""
        result = None if self.by_rule.isChecked() else (
            COMPLETED if self.completed.isChecked() else NOT_COMPLETED)
        return result, self.reason.toPlainText().strip()

    @classmethod
    def ask(cls, parent: QWidget, name: str, current: str, manual: bool = False,
            history: list | None = None) -> tuple[str | None, str] | None:
        dialog = cls(name, current, manual, history or [], parent)
        return dialog.value() if dialog.exec() else None


class TrainingRecordDialog(QDialog):
    """A person's 연수 이력: every run applied to, and totals per year."""

    def __init__(self, title: str, record: TrainingRecord, parent: QWidget | None = None,
                 print_statement=None) -> None:
        super().__init__(parent)
        self._print_statement = print_statement
        self.setWindowTitle(tr("연수 이력 — {who}").format(who=title))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        head = QLabel(tr("<b>{who}</b>").format(who=title))
        head.setWordWrap(True)
        layout.addWidget(head)
        self.years = YearTotalTableModel(self)
        self.years.set_rows(record.years)
        years_view = QTableView()
        years_view.setModel(self.years)
        setup_table(years_view, "recordYears", {0: 60, 1: 80, 2: 60, 3: 110})
        years_view.setMaximumHeight(140)
        layout.addWidget(QLabel(tr("연도별 합계")))
        layout.addWidget(years_view)
        self.lines = TrainingRecordTableModel(self)
        self.lines.set_rows(record.lines)
        lines_view = QTableView()
        lines_view.setModel(self.lines)
        setup_table(lines_view, "recordLines", {0: 50, 1: 100, 2: 230, 3: 80, 4: 150, 5: 50,
                                                6: 50, 7: 90, 8: 50})
        lines_view.horizontalHeader().setStretchLastSection(False)
        lines_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(QLabel(tr("신청한 연수 ({n}건, 최근 것부터)").format(n=len(record.lines))))
        layout.addWidget(lines_view, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("닫기"))
        close.rejected.connect(self.reject)
        if print_statement is not None:
            statement = close.addButton(tr("확인서 PDF…"),
                                        QDialogButtonBox.ButtonRole.ActionRole)
            statement.clicked.connect(self.print_statement)
        layout.addWidget(close)
        self._years = [y.year for y in record.years]

    def print_statement(self) -> None:
        """연수 이력 확인서 for a period the user picks (the latest year of the record first)."""
        from datetime import date

        from .print_dialogs import PeriodQuestion

        year = self._years[0] if self._years else date.today().year
        period = PeriodQuestion.ask(self, date(year, 1, 1), date(year, 12, 31))
        if period is not None:
            self._print_statement(*period)

    @classmethod
    def show_record(cls, parent: QWidget, title: str, record: TrainingRecord,
                    print_statement=None) -> None:
        cls(title, record, parent, print_statement).exec()


def statement_printer(parent: QWidget, context, person_id: int):
    """The 확인서 PDF… action of a record dialog: the statement for a period, in the preview."""
    def print_statement(start, end) -> None:
        from ..services import record_print
        from .pdf_preview import make_pdf

        parent._task = make_pdf(parent, context, tr("연수 이력 확인서"), lambda s, path:
                                record_print.print_record(s, person_id, path, start, end))
    return print_statement
