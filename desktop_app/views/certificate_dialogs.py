"""Issuing and reprinting certificates from the GUI, and checking one (진위 확인).

Issuing asks what to make (layout, one PDF or a ZIP of one PDF per trainee, everyone or the
chosen trainee), where to save it, then issues in a ``run_task`` (progress, Cancel: nothing is
issued); a PDF opens in the preview, from the file the user saved (the preview leaves it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QRadioButton,
                               QVBoxLayout, QWidget)

from ..errors import ValidationError
from ..services import certificate_layouts, certificates
from ..services.certificates import Outlook
from .context import AppContext
from .file_dialogs import FileChooser
from .forms import dialog_buttons
from .i18n import tr
from .messages import inform, show_error
from .pdf_preview import PDF_FILTER, PdfPreview
from .tasks import run_task

ZIP_FILTER = "ZIP 압축 파일 (*.zip)"


@dataclass(frozen=True)
class IssueChoice:
    """What the officer chose to issue."""

    layout: str
    as_zip: bool
    only_selected: bool


class CertificateIssueDialog(QDialog):
    """이수증 발급: how many are new and how many reprinted, layout, one file or a ZIP."""

    def __init__(self, run_code: str, everyone: Outlook, selected: Outlook | None,
                 layouts: Sequence[tuple[str, str]], current: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("이수증 발급 — {code}").format(code=run_code))
        self._everyone, self._selected = everyone, selected
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.scope_all = QRadioButton(tr("이수자 모두 ({n}명)").format(n=everyone.completers))
        self.scope_all.setChecked(True)
        form.addRow(tr("대상"), self.scope_all)
        self.scope_selected = QRadioButton(tr("고른 연수생만"))
        self.scope_selected.setEnabled(selected is not None and selected.completers > 0)
        if not self.scope_selected.isEnabled():
            self.scope_selected.setToolTip(tr("명단에서 이수한 연수생을 고르면 그 사람만 발급합니다."))
        form.addRow("", self.scope_selected)
        self.layout_box = QComboBox()
        for name, title in layouts:
            self.layout_box.addItem(title, name)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(current)))
        form.addRow(tr("서식"), self.layout_box)
        self.one_pdf = QRadioButton(tr("PDF 한 파일 (명단 순서)"))
        self.one_pdf.setChecked(True)
        self.zip = QRadioButton(tr("한 사람에 PDF 하나씩, ZIP 파일로"))
        form.addRow(tr("파일"), self.one_pdf)
        form.addRow("", self.zip)
        # two separate choices: radio buttons of one parent would otherwise exclude each other
        self._groups = []
        for pair in ((self.scope_all, self.scope_selected), (self.one_pdf, self.zip)):
            group = QButtonGroup(self)
            for button in pair:
                group.addButton(button)
            self._groups.append(group)
        layout.addLayout(form)
        self.summary = QLabel()
        self.summary.setObjectName("issueSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        for button in (self.scope_all, self.scope_selected):
            button.toggled.connect(lambda _on: self._show_summary())
        self._show_summary()
        layout.addWidget(dialog_buttons(self, tr("발급…"), tr("닫기"), self.accept))

    def _show_summary(self) -> None:
        chosen = self._selected if self.scope_selected.isChecked() and self._selected \
            else self._everyone
        parts = [tr("새 발급번호 {n}장").format(n=chosen.new)]
        if chosen.certified:
            parts.append(tr("이미 발급한 {n}장은 같은 번호·같은 내용으로 재발급").format(
                n=chosen.certified))
        self.summary.setText(" · ".join(parts))

    def value(self) -> IssueChoice:
        return IssueChoice(self.layout_box.currentData(), self.zip.isChecked(),
                           self.scope_selected.isChecked())

    @classmethod
    def ask(cls, parent: QWidget, run_code: str, everyone: Outlook, selected: Outlook | None,
            layouts: Sequence[tuple[str, str]], current: str) -> IssueChoice | None:
        dialog = cls(run_code, everyone, selected, layouts, current, parent)
        return dialog.value() if dialog.exec() else None


def _target(parent: QWidget, title: str, suggested: str, as_zip: bool) -> Path | None:
    chosen = FileChooser.save_path(parent, title, str(Path.home() / suggested),
                                   ZIP_FILTER if as_zip else PDF_FILTER)
    if chosen is None:
        return None
    path = Path(chosen)
    suffix = ".zip" if as_zip else ".pdf"
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def _run_printing(parent: QWidget, context: AppContext, title: str, path: Path, as_zip: bool,
                  work: Callable, done: Callable[[certificates.IssueResult], None] | None):
    database = context.database

    def in_background(progress):
        with database.session_scope() as session:
            return work(session, progress)

    def finished(result: certificates.IssueResult) -> None:
        if done is not None:
            done(result)
        if as_zip:
            inform(parent, title, tr("저장했습니다: {path}\n{summary}").format(
                path=result.path, summary=result.summary))
        else:
            parent.preview = PdfPreview.open(parent, result.path, title, result.path.name,
                                             owns_file=False)

    return run_task(parent, title, in_background, finished, lambda exc: show_error(parent, exc))


def issue_certificates(parent: QWidget, context: AppContext, run_id: int, run_code: str,
                       selected_ids: Sequence[int], done: Callable | None = None):
    """이수증 발급…: ask, choose the file, issue in the background; returns the task or None."""
    try:
        everyone, selected, layouts, current = context.read(lambda s: (
            certificates.outlook(s, run_id),
            certificates.outlook(s, run_id, selected_ids) if selected_ids else None,
            [(name, t.title) for name, t in certificate_layouts.layouts(s).items()],
            certificate_layouts.layout(s).name))
    except Exception as exc:
        show_error(parent, exc)
        return None
    if everyone.completers == 0:
        show_error(parent, ValidationError(tr(
            "{code}에 이수한 연수생이 없어 발급할 이수증이 없습니다. 먼저 이수 판정을 하십시오.")
            .format(code=run_code)))
        return None
    choice = CertificateIssueDialog.ask(parent, run_code, everyone, selected, layouts, current)
    if choice is None:
        return None
    title = tr("{code} 이수증").format(code=run_code)
    path = _target(parent, tr("이수증 저장"), f"{run_code} 이수증", choice.as_zip)
    if path is None:
        return None
    ids = list(selected_ids) if choice.only_selected else None
    actor = context.actor
    return _run_printing(parent, context, title, path, choice.as_zip, lambda s, p: (
        certificates.issue_for_run(s, run_id, path, actor=actor, enrollment_ids=ids,
                                   layout=choice.layout, as_zip=choice.as_zip, progress=p)),
        done)


def reprint_certificates(parent: QWidget, context: AppContext, certificate_ids: Sequence[int],
                         label: str, done: Callable | None = None):
    """다시 인쇄…: the chosen certificates from their snapshots, counted as reprints."""
    path = _target(parent, tr("이수증 다시 인쇄"), f"{label} 재발급", False)
    if path is None:
        return None
    actor, ids = context.actor, list(certificate_ids)
    return _run_printing(parent, context, tr("{label} 재발급").format(label=label), path, False,
                         lambda s, p: certificates.reprint(s, ids, path, actor=actor,
                                                           progress=p), done)


class VerifyDialog(QDialog):
    """진위 확인: a serial and a code typed off the paper (or read from its QR code)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("이수증 진위 확인"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.serial = QLineEdit()
        self.serial.setObjectName("verifySerial")
        self.serial.setPlaceholderText("2021-00001")
        self.code = QLineEdit()
        self.code.setObjectName("verifyCode")
        self.code.setPlaceholderText("ABCD-EFGH")
        form.addRow(tr("발급번호"), self.serial)
        form.addRow(tr("확인코드"), self.code)
        layout.addLayout(form)
        hint = QLabel(tr("QR 코드를 읽은 글(YEONSU-CERT:발급번호:확인코드)을 발급번호 칸에 붙여 넣어도 "
                         "됩니다."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.answer = QLabel()
        self.answer.setObjectName("verifyAnswer")
        self.answer.setWordWrap(True)
        layout.addWidget(self.answer)
        layout.addWidget(dialog_buttons(self, tr("확인"), tr("닫기"), self.check))

    def check(self) -> None:
        serial, code = self.serial.text().strip(), self.code.text().strip()
        scanned = certificates.read_qr_text(serial)
        if scanned is not None:
            serial, code = scanned
            self.serial.setText(serial)
            self.code.setText(code)
        try:
            answer = self.context.read(lambda s: certificates.verify(s, serial, code))
        except Exception as exc:
            show_error(self, exc)
            return
        colour = {"유효": "#1b7f3b", "취소": "#b3261e"}.get(answer.status, "#8a5a00")
        self.answer.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.answer.setText(f"{tr(answer.status)}: {answer.message}")
