"""강사 → 강사수당: a run's pay sheet — computed from the timetable, a line changed with its
reason, approved, paid into the budget (the line the run is charged to), printed; and the year's
payment ledger per instructor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout,
                               QWidget)

from ..errors import Problems
from ..services import budget_execution, clock, pay, pay_print
from .budget_dialogs import line_box, line_of
from .context import AppContext
from .forms import FormDialog, date_edit, date_value, line_edit, push_button, text_box
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import confirm, show_error
from .pdf_preview import make_pdf
from .save_file import save_in_background
from .ui_state import save_header, setup_table

LINE_COLUMNS = [
    Column("강사", lambda x: x.instructor, tooltip=lambda x: x.instructor),
    Column("등급", lambda x: x.grade), Column("교시", lambda x: x.periods, align_right=True),
    Column("일수", lambda x: x.days, align_right=True),
    Column("강사료", lambda x: x.lecture_fee, align_right=True),
    Column("원고료", lambda x: x.manuscript_fee, align_right=True),
    Column("여비", lambda x: x.travel_fee, align_right=True),
    Column("지급액", lambda x: x.gross, align_right=True),
    Column("소득세", lambda x: x.income_tax, align_right=True),
    Column("지방소득세", lambda x: x.local_tax, align_right=True),
    Column("실지급액", lambda x: x.net, align_right=True),
    Column("계좌", lambda x: x.bank), Column("고친 사유", lambda x: x.reason,
                                           tooltip=lambda x: x.reason),
]


@dataclass(frozen=True)
class Adjustment:
    lecture_fee: str
    manuscript_pages: str
    travel_fee: str
    reason: str


class AdjustDialog(FormDialog):
    """Change one line of a sheet, with the reason."""

    def __init__(self, context: AppContext, line: pay.PayLine, parent: QWidget | None = None):
        super().__init__(tr("강사수당 고치기 — {name}").format(name=line.instructor), parent)
        self.context, self.line = context, line
        self.fee = self.add_row("강사료", line_edit(f"{line.lecture_fee:,}", "", 15))
        self.pages = self.add_row("원고 쪽수", line_edit(str(line.manuscript_pages), "", 5))
        self.travel = self.add_row("여비", line_edit(f"{line.travel_fee:,}", "", 15))
        self.reason = self.add_row("사유", text_box(line.reason, 50))

    def collect(self) -> Adjustment:
        return Adjustment(self.fee.text(), self.pages.text(), self.travel.text(),
                          self.reason.toPlainText())

    def check(self, v: Adjustment) -> None:
        p = Problems()
        p.check(bool(v.reason.strip()), "사유", tr("고치는 사유를 적으십시오."))
        p.raise_if_any()

    def save(self, v: Adjustment) -> int:
        with self.context.write() as session:
            pay.adjust(session, self.line.id, lecture_fee=v.lecture_fee,
                       manuscript_pages=v.manuscript_pages or "0", travel_fee=v.travel_fee,
                       reason=v.reason)
        return self.line.id


@dataclass(frozen=True)
class Payment:
    line_id: int | None
    paid_on: date


class PayDialog(FormDialog):
    """Which budget line pays the sheet, and when."""

    def __init__(self, context: AppContext, year: int, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("강사수당 지급"), parent)
        self.context = context
        labels = context.read(lambda s: budget_execution.line_labels(s, year))
        self.line = self.add_row("예산 줄", line_box(labels, None))
        self.day = self.add_row("지급일", date_edit(today))
        note = QLabel(tr("지급하면 강사마다 이 예산 줄의 집행으로 기록됩니다 (모두 또는 하나도 안 됨)."))
        note.setWordWrap(True)
        self.layout().insertWidget(0, note)

    def collect(self) -> Payment:
        return Payment(line_of(self.line), date_value(self.day))

    def check(self, v: Payment) -> None:
        p = Problems()
        p.check(v.line_id is not None, "예산 줄", tr("목록에서 예산 줄을 고르십시오."))
        p.raise_if_any()

    def save(self, v: Payment) -> Payment:
        return v


class PaymentQuestion:
    """The payment chosen in :class:`PayDialog`, or None."""

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, year: int, today: date) -> Payment | None:
        dialog = PayDialog(context, year, today, parent)
        return dialog.result_value if dialog.exec() else None


class AdjustQuestion:
    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, line: pay.PayLine) -> bool:
        return bool(AdjustDialog(context, line, parent).exec())


class PayTab(QWidget):
    """The pay sheets of runs taught by registered instructors."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task = None
        self.preview = None
        self.view_data: pay.PaySheetView | None = None
        self._runs: dict[int, tuple] = {}
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("기수")))
        self.run_box = QComboBox()
        self.run_box.setObjectName("payRun")
        self.run_box.setMinimumWidth(380)
        self.run_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.run_box, 1)
        self.full = QCheckBox(tr("계좌 전체 보기"))
        self.full.toggled.connect(lambda _c: self.refresh())
        bar.addWidget(self.full)
        layout.addLayout(bar)
        actions = QHBoxLayout()
        for text, slot, tip in (
                (tr("계산"), self.compute, tr("시간표로 명세를 만들거나 다시 계산합니다 (고친 줄은 그대로).")),
                (tr("고치기…"), self.adjust, tr("고른 강사의 강사료·원고·여비를 사유와 함께 고칩니다.")),
                (tr("승인"), self.approve, ""), (tr("지급…"), self.pay, ""),
                (tr("엑셀…"), self.export_excel, ""), (tr("PDF…"), self.print_pdf, ""),
                (tr("연간 지급 대장…"), self.export_ledger, tr("강사별 한 해 지급액 (세무 신고용)"))):
            actions.addWidget(push_button(text, slot, tip))
        actions.addStretch(1)
        layout.addLayout(actions)
        self.model = ListTableModel(LINE_COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "paySheet", {0: 180, 1: 40, 2: 40, 3: 40, 4: 90, 5: 70, 6: 70,
                                            7: 90, 8: 80, 9: 80, 10: 90, 11: 160})
        layout.addWidget(self.view, 1)
        self.status = QLabel()
        self.status.setObjectName("payStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.load_runs()

    def load_runs(self) -> None:
        try:
            runs = self.context.read(pay.runs_with_instructors)
        except Exception as exc:
            show_error(self, exc)
            return
        chosen = self.run_box.currentData()
        self._runs = {r[0]: r for r in runs}
        self.run_box.blockSignals(True)
        self.run_box.clear()
        for run_id, code, title, start, status in runs:
            self.run_box.addItem(f"{code} {title} ({start:%m-%d})" + (f" · {status}" if status
                                                                      else ""), run_id)
        index = self.run_box.findData(chosen) if chosen is not None else -1
        self.run_box.setCurrentIndex(max(index, 0))
        self.run_box.blockSignals(False)
        self.refresh()

    def run_id(self) -> int | None:
        return self.run_box.currentData()

    def refresh(self) -> None:
        run_id, full = self.run_id(), self.full.isChecked()
        if run_id is None:
            self.model.set_rows([])
            self.status.setText(tr("시간표에 강사 명단의 강사가 있는 기수가 없습니다."))
            return
        try:
            view = self.context.read(lambda s: pay.sheet_view(s, run_id, full=full))
        except Exception as exc:
            show_error(self, exc)
            return
        self.view_data = view
        self.model.set_rows(view.lines if view else [])
        if view is None:
            self.status.setText(tr("아직 명세가 없습니다. '계산'을 누르면 시간표로 만듭니다."))
            return
        self.status.setText(tr("{status} · 지급액 {g:,}원 · 원천징수 {t:,}원 · 실지급액 {n:,}원").format(
            status=view.status + (f" ({view.approved_by})" if view.approved_by else "")
            + (f" · 지급일 {view.paid_on}" if view.paid_on else ""),
            g=view.total("gross"), t=view.total("income_tax") + view.total("local_tax"),
            n=view.total("net")))

    def on_database_changed(self) -> None:
        self.load_runs()

    def save_state(self) -> None:
        save_header(self.view, "paySheet")

    def _update(self, action) -> bool:
        done, _ = self.context.attempt(self, action)
        self.load_runs()
        return done

    def compute(self) -> bool:
        run_id = self.run_id()
        return run_id is not None and self._update(lambda s: pay.prepare(s, run_id))

    def _current_line(self) -> pay.PayLine | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def adjust(self) -> bool:
        line = self._current_line()
        if line is None:
            return False
        if AdjustQuestion.ask(self, self.context, line):
            self.refresh()
            return True
        return False

    def approve(self) -> bool:
        view = self.view_data
        if view is None:
            return False
        if not confirm(self, tr("승인"), tr("{code} 강사수당 {n:,}원을 승인합니다. 승인하면 고칠 수 "
                                           "없습니다.").format(code=view.run_code,
                                                           n=view.total("gross"))):
            return False
        return self._update(lambda s: (pay.check_version(s, view.id, view.version),
                                       pay.approve(s, view.id, self.context.actor)))

    def pay(self) -> bool:
        view, run = self.view_data, self._runs.get(self.run_id())
        if view is None or run is None:
            return False
        today = self.context.read(clock.today)
        payment = PaymentQuestion.ask(self, self.context, run[3].year, today)
        if payment is None:
            return False
        return self._update(lambda s: (pay.check_version(s, view.id, view.version),
                                       pay.pay(s, view.id, payment.line_id, payment.paid_on,
                                               self.context.actor)))

    def export_excel(self):
        run_id, view = self.run_id(), self.view_data
        if run_id is None or view is None:
            return None
        full = self.full.isChecked()
        self._task = save_in_background(
            self, self.context, tr("강사수당 명세 엑셀로 저장"), Path(f"강사수당_{view.run_code}.xlsx"),
            lambda s, path: pay_print.export_sheet(s, run_id, path, full=full), lambda _p: None)
        return self._task

    def print_pdf(self):
        run_id, view = self.run_id(), self.view_data
        if run_id is None or view is None:
            return None
        full = self.full.isChecked()
        self._task = make_pdf(self, self.context, tr("{code} 강사수당 지급 명세").format(
            code=view.run_code), lambda s, path: pay_print.export_sheet(s, run_id, path, full=full))
        return self._task

    def export_ledger(self):
        year = self.context.read(clock.today).year
        run = self._runs.get(self.run_id())
        year = run[3].year if run else year
        self._task = save_in_background(
            self, self.context, tr("강사수당 지급 대장 엑셀로 저장"), Path(f"강사수당_지급대장_{year}.xlsx"),
            lambda s, path: pay_print.export_ledger(s, year, path), lambda _p: None)
        return self._task
