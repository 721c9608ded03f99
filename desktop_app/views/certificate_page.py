"""이수증 page: the year's certificate ledger (발급대장) — find a certificate, print it again,
revoke it with a reason, check one brought to the desk, print or export the ledger, and set the
layout and seal.  Issuing itself starts from a run's roster (명단·출결 → 이수증…)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QTableView, QVBoxLayout, QWidget)

from ..services import certificate_ledger, certificates, clock
from ..services.certificate_ledger import LedgerLine
from .context import AppContext
from .forms import push_button
from .i18n import tr
from .lazy_table import Column, IdTableModel
from .messages import inform, show_error
from .reason_dialog import ReasonDialog
from .ui_state import save_header, setup_table

LEDGER_COLUMNS = [
    Column("발급번호", lambda r: r.serial, "serial"),
    Column("상태", lambda r: r.state, "state"),
    Column("성명", lambda r: r.name, "name"),
    Column("소속", lambda r: r.organization, tooltip=lambda r: r.organization),
    Column("과정명", lambda r: r.course_title, tooltip=lambda r: r.course_title),
    Column("기수코드", lambda r: r.run_code, "run"),
    Column("발급일시", lambda r: r.issued_at, "issued"),
    Column("발급자", lambda r: r.issued_by),
    Column("재발급", lambda r: r.reprint_count, align_right=True),
    Column("취소 사유", lambda r: r.revoke_reason, tooltip=lambda r: r.revoke_reason),
]


class LedgerTableModel(IdTableModel[LedgerLine]):
    """The ledger: filter and sort in SQL, rows load by page; revoked ones greyed."""

    def __init__(self, context: AppContext, parent=None) -> None:
        self._context = context
        self.year = date.today().year
        self.search_text = ""
        super().__init__(LEDGER_COLUMNS, self._query, self._load, parent, default_sort="serial",
                         muted=lambda r: r.revoked_at is not None)

    def _query(self, sort: str, ascending: bool) -> list[int]:
        return self._context.read(lambda s: certificate_ledger.ledger_ids(
            s, self.year, search=self.search_text, sort=sort, ascending=ascending))

    def _load(self, ids: list[int]) -> list[LedgerLine]:
        return self._context.read(lambda s: certificate_ledger.ledger_lines(s, ids))


class CertificatePage(QWidget):
    """발급대장 with its actions."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("발급 연도")))
        self.year_box = QComboBox()
        self.year_box.setObjectName("ledgerYear")
        self.year_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.year_box)
        self.search = QLineEdit()
        self.search.setObjectName("ledgerSearch")
        self.search.setPlaceholderText(tr("성명, 소속, 과정명, 발급번호, 기수코드 (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.count = QLabel()
        self.count.setObjectName("ledgerCount")
        bar.addWidget(self.count)
        layout.addLayout(bar)
        buttons = QHBoxLayout()
        self.reprint_button = push_button(tr("다시 인쇄…"), self.reprint_selected,
                                          tr("고른 이수증을 같은 번호·같은 내용으로 인쇄합니다 (재발급 횟수에 셉니다)."))
        self.revoke_button = push_button(tr("발급 취소…"), self.revoke_current)
        self.verify_button = push_button(tr("진위 확인…"), self.verify)
        self.pdf_button = push_button(tr("대장 PDF…"), self.print_ledger)
        self.excel_button = push_button(tr("대장 엑셀로…"), self.export_ledger)
        self.settings_button = push_button(tr("서식·직인…"), self.edit_settings)
        for b in (self.reprint_button, self.revoke_button, self.verify_button, self.pdf_button,
                  self.excel_button, self.settings_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.model = LedgerTableModel(context, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "certificateLedger", {0: 95, 1: 45, 2: 80, 3: 170, 4: 260, 5: 95,
                                                     6: 125, 7: 90, 8: 55, 9: 160}, sortable=True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        layout.addWidget(self.view, 1)
        self.detail = QLabel()
        self.detail.setObjectName("ledgerDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        self.load_years()

    # ------------------------------------------------------------ loading

    def load_years(self) -> None:
        """The years with certificates, and this year (the desk issues in it)."""
        try:
            found, today = self.context.read(lambda s: (certificate_ledger.years(s),
                                                        clock.today(s)))
        except Exception as exc:
            show_error(self, exc)
            return
        years = sorted(set(found) | {today.year}, reverse=True)
        chosen = self.year_box.currentData() or today.year
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(tr("{year}년").format(year=year), year)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(chosen)))
        self.year_box.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected_ids()
        self.model.year = self.year_box.currentData() or clock.today().year
        self.model.search_text = self.search.text()
        self.model.reload()
        self.count.setText(tr("{n:,}건").format(n=self.model.rowCount()))
        row = self.model.row_of_id(keep[0]) if keep else -1
        if self.model.rowCount():
            self.view.selectRow(max(row, 0))
        self._show_detail()

    def on_database_changed(self) -> None:
        self.load_years()

    def save_state(self) -> None:
        save_header(self.view, "certificateLedger")

    # ------------------------------------------------------------ selection

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def current_line(self) -> LedgerLine | None:
        ids = self.selected_ids()
        if not ids:
            return None
        return self.model.row_at(self.model.row_of_id(ids[0]))

    def _show_detail(self) -> None:
        line = self.current_line()
        chosen = self.selected_ids()
        live = line is not None and line.revoked_at is None
        self.reprint_button.setEnabled(bool(chosen))
        self.revoke_button.setEnabled(live and len(chosen) == 1)
        self.revoke_button.setToolTip("" if live else tr("유효한 이수증 하나를 고르십시오."))
        if line is None:
            self.detail.setText(tr("이수증을 고르면 확인코드와 파일 정보가 여기 보입니다."))
            return
        text = tr("제 {serial} 호 · 확인코드 {code} · 서식 {layout} · 파일 {file} · SHA-256 {sha}").format(
            serial=line.serial, code=line.code, layout=line.layout, file=line.file_name or "-",
            sha=line.pdf_sha256 or "-")
        if line.last_printed_at:
            text += tr(" · 마지막 인쇄 {at:%Y-%m-%d %H:%M} ({who})").format(
                at=line.last_printed_at, who=line.last_printed_by)
        if line.revoked_at:
            text += tr(" · 취소 {at:%Y-%m-%d} ({reason})").format(at=line.revoked_at,
                                                                 reason=line.revoke_reason)
        self.detail.setText(text)

    # ------------------------------------------------------------ actions

    def reprint_selected(self) -> None:
        from .certificate_dialogs import reprint_certificates

        ids = self.selected_ids()
        line = self.current_line()
        if not ids or line is None:
            return
        label = line.serial if len(ids) == 1 else tr("{serial} 외 {n}장").format(
            serial=line.serial, n=len(ids) - 1)
        self._task = reprint_certificates(self, self.context, ids, label,
                                          lambda _r: self.refresh())

    def revoke_current(self) -> None:
        line = self.current_line()
        if line is None or line.revoked_at is not None:
            return
        reason = ReasonDialog.ask(
            self, tr("이수증 발급 취소"),
            tr("제 {serial} 호 ({name}, {course})의 발급을 취소합니다. 발급번호는 대장에 남고, 진위 "
               "확인에서 '취소'로 나옵니다. 사유:").format(serial=line.serial, name=line.name,
                                                   course=line.course_title),
            accept_text=tr("발급 취소"), cancel_text=tr("닫기"))
        if reason is None:
            return
        actor = self.context.actor
        done, _ = self.context.attempt(self, lambda s: certificates.revoke(
            s, line.id, reason, actor=actor))
        if done:
            self.refresh()

    def verify(self) -> None:
        from .certificate_dialogs import VerifyDialog

        VerifyDialog(self.context, self).exec()

    def print_ledger(self) -> None:
        from .pdf_preview import make_pdf

        year = self.model.year
        self._task = make_pdf(self, self.context, tr("{year}년 이수증 발급대장").format(year=year),
                              lambda s, path: certificate_ledger.print_ledger(s, year, path))

    def export_ledger(self) -> None:
        from .save_file import save_in_background

        year = self.model.year
        self._task = save_in_background(
            self, self.context, tr("발급대장 저장"),
            Path.home() / tr("{year}년 이수증 발급대장.xlsx").format(year=year),
            lambda s, path: certificate_ledger.export_ledger(s, year, path),
            lambda path: inform(self, tr("발급대장 저장"), tr("저장했습니다: {path}").format(
                path=path)))

    def edit_settings(self) -> None:
        from .certificate_settings import CertificateSettingsDialog

        CertificateSettingsDialog(self.context, self).exec()
