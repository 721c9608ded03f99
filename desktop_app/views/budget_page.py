"""예산 page: the year's plan as a spreadsheet (tasks, lines, programmes), execution against the
quarterly plan, spending entries and recorded changes; the year to and from Excel, the check
of every sum, and the quarter's execution report as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QInputDialog, QLabel, QTabWidget,
                               QVBoxLayout, QWidget)

from ..services import (budget, budget_execution, budget_files, budget_plan, budget_report, clock,
                        courses)
from .budget_dialogs import ImportPreview, SpendingDialog, TransferDialog
from .budget_execution_tab import ExecutionTab
from .budget_ledger_tabs import SpendingTab, TransferTab
from .budget_plan_tab import PlanTab
from .context import AppContext
from .file_dialogs import EXCEL_FILTER, FileChooser
from .forms import push_button
from .i18n import tr
from .messages import inform, show_error
from .pdf_preview import make_pdf
from .save_file import save_in_background
from .ui_state import save_header


class QuarterQuestion:
    """Which quarter's report, or None."""

    @classmethod
    def ask(cls, parent: QWidget, current: int) -> int | None:
        items = [tr("{q}분기").format(q=q) for q in range(1, 5)]
        chosen, ok = QInputDialog.getItem(parent, tr("분기 보고서"), tr("몇 분기까지의 집행 현황입니까?"),
                                          items, current - 1, False)
        return items.index(chosen) + 1 if ok else None


class YearQuestion:
    """A fiscal year, or None."""

    @classmethod
    def ask(cls, parent: QWidget, title: str, prompt: str, suggested: int) -> int | None:
        year, ok = QInputDialog.getInt(parent, title, prompt, suggested, 2000, 2100)
        return year if ok else None


class ImportFile:
    """The workbook to import, or None."""

    @classmethod
    def ask(cls, parent: QWidget) -> str | None:
        return FileChooser.open_path(parent, tr("예산 엑셀 가져오기"), "", EXCEL_FILTER)


class BudgetPage(QWidget):
    """The budget officer's page."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task = None
        self.preview = None
        self.today = context.read(clock.today)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("회계연도")))
        self.year_box = QComboBox()
        self.year_box.setObjectName("budgetYear")
        self.year_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.year_box)
        bar.addWidget(push_button(tr("새 연도…"), self.new_year,
                                  tr("지금 연도의 과제·줄을 이어받아 다음 회계연도를 만듭니다.")))
        bar.addStretch(1)
        bar.addWidget(push_button(tr("합계 점검"), self.check,
                                  tr("분기 합, 과제 합, 인쇄된 계획서와 다른 곳을 모두 보여 줍니다.")))
        bar.addWidget(push_button(tr("엑셀로…"), self.export_excel,
                                  tr("계획서 표 모양의 엑셀 (합계는 수식)")))
        bar.addWidget(push_button(tr("엑셀에서…"), self.import_excel,
                                  tr("고친 엑셀을 가져옵니다: 바뀌는 칸을 모두 보여 준 뒤 저장합니다.")))
        bar.addWidget(push_button(tr("분기 보고서 PDF…"), self.print_report,
                                  tr("분기 예산 집행 현황")))
        layout.addLayout(bar)
        self.tabs = QTabWidget()
        self._shown_year: int | None = None
        self._stale = False           # another PC changed data while a cell was being typed
        self.plan_tab = PlanTab(context)
        self.plan_tab.changed.connect(self.refresh_plan)
        for sheet in (self.plan_tab.sheet, self.plan_tab.program_sheet):
            sheet.edit_closed.connect(self._after_edit)
        self.execution_tab = ExecutionTab()
        self.spending_tab = SpendingTab(context)
        self.spending_tab.changed.connect(self.refresh)
        self.spending_tab.enter_requested.connect(self.enter_spending)
        self.transfer_tab = TransferTab(context)
        self.transfer_tab.record_requested.connect(self.record_transfer)
        for widget, title in ((self.plan_tab, "계획"), (self.execution_tab, "집행 현황"),
                              (self.spending_tab, "집행 내역"), (self.transfer_tab, "전용·변경")):
            self.tabs.addTab(widget, tr(title))
        layout.addWidget(self.tabs, 1)
        # a saved cell reads only the plan again; the lists catch up when they are looked at
        self.tabs.currentChanged.connect(self._tab_shown)
        self.empty_label = QLabel(tr(
            "아직 예산이 없습니다. <b>엑셀로…</b>로 빈 양식을 받아 세부사업·실천과제·줄을 채운 뒤 "
            "<b>엑셀에서…</b>로 가져오면 그해 예산이 만들어집니다. 다음 해부터는 <b>새 연도…</b>가 "
            "올해의 과제와 줄을 이어받습니다."))
        self.empty_label.setObjectName("budgetEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("background:#fff3cd; padding:8px;")
        layout.insertWidget(1, self.empty_label)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.enter_spending,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.load_years()

    # ------------------------------------------------------------ reading

    def load_years(self, chosen: int | None = None) -> None:
        years = self.context.read(budget_plan.years)
        keep = chosen or self.year_box.currentData()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(tr("{year}년").format(year=year), year)
        # this year's plan when there is one, else the newest
        wanted = keep if keep in years else courses.default_year(years, self.today.year)
        self.year_box.setCurrentIndex(max(self.year_box.findData(wanted), 0))
        self.year_box.blockSignals(False)
        self.refresh()

    def year(self) -> int | None:
        return self.year_box.currentData()

    def refresh(self) -> None:
        """Read the chosen year again: plan, execution, spending and changes."""
        year = self.year()
        self.empty_label.setVisible(year is None)
        if year != self._shown_year:
            self._shown_year = year
            self.plan_tab.forget_undo()
            if year is not None:       # this year: the quarter we are in; a past year: all
                self.execution_tab.set_quarter(
                    budget_execution.quarter_of(self.today) if year == self.today.year
                    else 4 if year < self.today.year else 1)
        if year is None:
            self.plan_tab.show_plan(None)
            self.execution_tab.show_rows([])
            self.spending_tab.set_year(None)
            self.transfer_tab.set_year(None)
            return
        if self.refresh_plan():
            self.spending_tab.set_year(year)
            self.transfer_tab.set_year(year)

    def refresh_plan(self) -> bool:
        """Read the plan and its execution again (after a cell is saved: the lists stay)."""
        year = self.year()
        if year is None:
            return False
        try:
            plan, rows = self.context.read(lambda s: (budget_plan.read_plan(s, year),
                                                      budget_execution.execution(s, year)))
        except Exception as exc:
            show_error(self, exc)
            return False
        self.plan_tab.show_plan(plan)
        self.execution_tab.show_rows(rows)
        return True

    def _tab_shown(self, _index: int) -> None:
        year = self.year()
        if self.tabs.currentWidget() is self.spending_tab:
            self.spending_tab.set_year(year)
        elif self.tabs.currentWidget() is self.transfer_tab:
            self.transfer_tab.set_year(year)

    def on_database_changed(self) -> None:
        if self.plan_tab.editing():   # never under the user's typing: after the cell closes
            self._stale = True
            return
        self.load_years()

    def _after_edit(self) -> None:
        if self._stale:
            self._stale = False
            self.load_years()

    def save_state(self) -> None:
        for view in (self.plan_tab.task_view, self.execution_tab.view, self.spending_tab.view,
                     self.transfer_tab.view):
            save_header(view, view.objectName())

    # ------------------------------------------------------------ acting

    def _year_or_ask(self, title: str) -> int | None:
        """The chosen year; with no plan yet, the year the user names."""
        return self.year() or YearQuestion.ask(self, title, tr("회계연도"), self.today.year)

    def new_year(self) -> int | None:
        source = self.year()
        if source is None:
            inform(self, tr("새 연도"), self.empty_label.text().replace("<b>", "").replace("</b>", ""))
            return None
        year = YearQuestion.ask(self, tr("새 연도"), tr("{source}년의 과제·줄을 이어받아 만들 회계연도")
                                .format(source=source), source + 1)
        if year is None:
            return None
        done, _ = self.context.attempt(self, lambda s: budget_plan.start_year(s, year, source))
        if done:
            self.load_years(year)
        return year if done else None

    def check(self) -> list:
        year = self.year()
        if year is None:
            return []
        try:
            found = self.context.read(lambda s: budget.check(s, year))
        except Exception as exc:
            show_error(self, exc)
            return []
        inform(self, tr("합계 점검"), "\n".join(str(d) for d in found) if found
               else tr("{year}년 예산의 모든 합계가 맞습니다.").format(year=year))
        return found

    def export_excel(self):
        year = self._year_or_ask(tr("예산 엑셀로 저장"))
        if year is None:
            return None
        self._task = save_in_background(
            self, self.context, tr("예산 엑셀로 저장"), Path(f"예산_{year}.xlsx"),
            lambda s, path: budget_files.export_year(s, year, path),
            lambda path: inform(self, tr("저장했습니다"), str(path)))
        return self._task

    def import_excel(self) -> int | None:
        year = self._year_or_ask(tr("예산 엑셀 가져오기"))
        if year is None:
            return None
        chosen = ImportFile.ask(self)
        if not chosen:
            return None
        try:
            found = self.context.read(lambda s: budget_files.preview_import(s, year, Path(chosen)))
        except Exception as exc:
            show_error(self, exc)
            return None
        if not found.changes:
            inform(self, tr("예산 엑셀 가져오기"), "\n".join(
                [tr("바뀌는 칸이 없습니다."), *found.notes]))
            return 0
        if not ImportPreview.ask(self, found, Path(chosen).name):
            return None
        done, count = self.context.attempt(self, lambda s: budget_files.apply_import(s, found))
        self.plan_tab.forget_undo()
        if found.creates_year:
            self.load_years(year)
        else:
            self.refresh()
        return count if done else None

    def print_report(self):
        year = self.year()
        if year is None:
            return None
        quarter = QuarterQuestion.ask(self, self.execution_tab.quarter_box.currentData() or 1)
        if quarter is None:
            return None
        self._task = make_pdf(self, self.context, tr("{year}년 {q}분기 예산 집행 현황").format(
            year=year, q=quarter),
            lambda s, path: budget_report.write_report(s, year, quarter, path))
        return self._task

    def _chosen_line(self) -> int | None:
        if self.tabs.currentWidget() is self.spending_tab:
            return self.spending_tab.chosen_line()
        index = self.plan_tab.sheet.currentIndex()
        entry = self.plan_tab.sheet.sheet_model.row_at(index.row()) if index.isValid() else None
        return entry.row_id if entry else None

    def enter_spending(self) -> bool:
        year = self.year()
        if year is None:
            return False
        dialog = SpendingDialog(self.context, year, self._chosen_line(), self.today, self)
        if dialog.exec():
            self.refresh()
            return True
        return False

    def record_transfer(self) -> bool:
        year = self.year()
        if year is None:
            return False
        dialog = TransferDialog(self.context, year, self._chosen_line(), self.today, self)
        if dialog.exec():
            self.refresh()
            return True
        return False
