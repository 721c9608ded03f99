"""명단 올리기: a trainee list file → column choice → preview → upload to one run.

The file is read and every row checked in the background (``run_task``); the guessed header
row and columns are shown and can be changed, and each change checks the file again.  The
preview says per row what will happen (새 연수생 / 기존 연수생 / 거부 with the reason, 선발 or
대기); 올리기 writes the accepted rows in one transaction, after asking for a 늦은 신청 사유
when the run needs one.  Nothing is written before that.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout,
                               QLabel, QSpinBox, QTableView, QVBoxLayout, QWidget)

from ..errors import LateRegistrationError
from ..excel.reader import SheetRows
from ..excel.roster_columns import FIELDS, find_header, guess_columns
from ..services import roster_import
from ..services.roster_import import ImportPlan, ImportRow
from ..services.roster_import_apply import ImportResult, apply_import
from .context import AppContext
from .forms import dialog_buttons
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import show_error
from .reason_dialog import ReasonDialog
from .tasks import run_task
from .ui_state import setup_table

PREVIEW_COLUMNS = [
    Column("행", lambda r: r.row, align_right=True),
    Column("성명", lambda r: r.values.name),
    Column("생년월일", lambda r: r.values.birth_date),
    Column("소속", lambda r: r.values.organization),
    Column("결과", lambda r: r.outcome),
    Column("등록", lambda r: r.becomes),
    Column("까닭", lambda r: " / ".join(f"{p.field}: {p.message}" if p.field else p.message
                                      for p in r.problems) or r.person,
           tooltip=lambda r: "\n".join(str(p) for p in r.problems) or r.person),
]


class PreviewTableModel(ListTableModel[ImportRow]):
    """The rows of a planned upload; refused rows greyed."""

    def __init__(self, parent=None) -> None:
        super().__init__(PREVIEW_COLUMNS, parent, muted=lambda r: not r.accepted)


class RosterImportDialog(QDialog):
    """Preview and upload one file to one run; ``result`` holds what was written."""

    def __init__(self, context: AppContext, run_id: int, path: Path, sheets: list[SheetRows],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.run_id = run_id
        self.path = path
        self.sheets = sheets
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.remembered = False  # the columns came from the last upload of this layout
        self._task = None
        self.setWindowTitle(tr("명단 올리기 — {name}").format(name=path.name))
        self.resize(980, 620)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("시트")))
        self.sheet_box = QComboBox()
        self.sheet_box.addItems([s.name for s in sheets])
        top.addWidget(self.sheet_box)
        top.addWidget(QLabel(tr("머리글 행")))
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 1_000_000)
        top.addWidget(self.header_row)
        top.addStretch(1)
        layout.addLayout(top)
        self.mapping = QGridLayout()
        self.field_boxes: dict[str, QComboBox] = {}
        for index, (field, (label, _spellings)) in enumerate(FIELDS.items()):
            box = QComboBox()
            box.setObjectName(f"column:{field}")
            self.field_boxes[field] = box
            self.mapping.addWidget(QLabel(tr(label)), index // 3, (index % 3) * 2)
            self.mapping.addWidget(box, index // 3, (index % 3) * 2 + 1)
        layout.addLayout(self.mapping)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = PreviewTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "importPreview", {0: 45, 1: 80, 2: 95, 3: 170, 4: 80, 5: 70})
        layout.addWidget(self.view, 1)
        self.buttons = dialog_buttons(self, tr("올리기"), tr("닫기"), self.upload)
        self.upload_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        self._guessing = False
        self.sheet_box.currentIndexChanged.connect(lambda _i: self._guess())
        self.header_row.valueChanged.connect(lambda _v: self._header_moved())
        for box in self.field_boxes.values():
            box.currentIndexChanged.connect(lambda _i: self.check_again())
        self._guess()

    # ------------------------------------------------------------ columns

    def sheet(self) -> SheetRows:
        return self.sheets[max(self.sheet_box.currentIndex(), 0)]

    def _guess(self) -> None:
        """Header row and columns as guessed for the chosen sheet."""
        sheet = self.sheet()
        guess = find_header(sheet.rows)
        self._guessing = True
        self.header_row.setRange(sheet.first_row, sheet.row_number(max(len(sheet.rows) - 1, 0)))
        self.header_row.setValue(sheet.row_number(guess.row_index if guess else 0))
        columns = guess.columns if guess else {}
        if guess is not None:
            remembered = self.context.read(
                lambda s: roster_import.remembered_columns(s, self._header_cells()))
            self.remembered = remembered is not None
            columns = remembered if remembered is not None else columns
        self._fill_boxes(columns)
        self._guessing = False
        self.check_again()

    def _header_moved(self) -> None:
        if self._guessing:
            return
        self._guessing = True
        self._fill_boxes(guess_columns(self._header_cells()))
        self._guessing = False
        self.check_again()

    def _header_index(self) -> int:
        return self.header_row.value() - self.sheet().first_row

    def _header_cells(self) -> list:
        rows = self.sheet().rows
        index = self._header_index()
        return list(rows[index]) if 0 <= index < len(rows) else []

    def _fill_boxes(self, columns: dict[str, int]) -> None:
        cells = self._header_cells()
        names = [tr("(없음)")] + [
            tr("{n}열: {text}").format(n=i + 1, text="" if c is None else c)
            for i, c in enumerate(cells)]
        for field, box in self.field_boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItems(names)
            box.setCurrentIndex(columns[field] + 1 if field in columns else 0)
            box.blockSignals(False)

    def columns(self) -> dict[str, int]:
        """field → column index as chosen now."""
        return {field: box.currentIndex() - 1 for field, box in self.field_boxes.items()
                if box.currentIndex() > 0}

    # ------------------------------------------------------------ checking

    def check_again(self) -> None:
        """Plan the file with the chosen header and columns, in the background."""
        if self._guessing:
            return
        self.upload_button.setEnabled(False)
        sheet, index, columns, run_id = self.sheet(), self._header_index(), self.columns(), \
            self.run_id
        if "name" not in columns:
            self.plan = None
            self.model.set_rows([])
            self.summary.setText(tr("성명 열을 고르십시오."))
            return
        database = self.context.database
        self.summary.setText(tr("검사하는 중…"))

        def work(progress):
            with database.read_scope() as session:
                return roster_import.plan_import(session, sheet, index, columns, run_id,
                                                 progress)

        self._task = run_task(self, tr("명단 검사"), work, self._planned, self._failed,
                              show_progress=len(sheet.rows) > 2000)

    def _planned(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.model.set_rows(plan.rows)
        registering = plan.count("선발") + plan.count("대기")
        text = tr("{rows}행: 새 연수생 {new}, 기존 연수생 {known}, 거부 {refused} → "
                  "선발 {selected}, 대기 {waiting}").format(
            rows=len(plan.rows), new=plan.count(roster_import.NEW),
            known=plan.count(roster_import.KNOWN), refused=plan.count(roster_import.REFUSED),
            selected=plan.count("선발"), waiting=plan.count("대기"))
        if plan.count(roster_import.REFUSED):
            text += tr(" · 거부된 행은 올리지 않습니다. 파일을 고쳐 다시 고를 수도 있습니다.")
        if plan.late_phase:
            text += tr(" · 기수가 '{phase}' 상태라 올릴 때 늦은 신청 사유를 묻습니다.").format(
                phase=plan.late_phase)
        if self.remembered:
            text += tr(" · 열은 같은 모양의 파일을 지난번에 올릴 때 고른 대로입니다.")
        self.summary.setText(text)
        self.upload_button.setEnabled(registering > 0)

    def _failed(self, exc: BaseException) -> None:
        self.plan = None
        self.model.set_rows([])
        self.summary.setText(tr("검사하지 못했습니다."))
        show_error(self, exc)

    # ------------------------------------------------------------ upload

    def upload(self) -> None:
        """올리기: the previewed accepted rows in one transaction."""
        if self.plan is None or not self.upload_button.isEnabled():
            return
        late = None
        if self.plan.late_phase:
            late = ReasonDialog.ask(
                self, tr("늦은 신청"),
                tr("기수가 '{phase}' 상태입니다. 그래도 올리려면 늦은 신청 사유를 입력하십시오.")
                .format(phase=self.plan.late_phase), accept_text=tr("사유와 함께 올리기"))
            if late is None:
                return
        plan, actor, name = self.plan, self.context.actor, self.path.name
        headers, columns = self._header_cells(), self.columns()
        try:
            with self.context.write() as session:
                self.result = apply_import(session, plan, actor, source=name, late_reason=late)
                roster_import.remember_columns(session, headers, columns)
        except LateRegistrationError as exc:
            show_error(self, exc)
            return
        except Exception as exc:  # a change since the preview, a lost server: nothing written
            show_error(self, exc)
            self.check_again()
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, run_id: int, path: Path,
            sheets: list[SheetRows]) -> ImportResult | None:
        """Show the dialog for a file already read; what was written, or None."""
        dialog = cls(context, run_id, path, sheets, parent)
        return dialog.result if dialog.exec() else None
