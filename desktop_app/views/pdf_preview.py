"""The in-app PDF preview every printed document opens in: pages as they will print, 인쇄…
(Qt's print dialog), 저장… (a copy where the user wants it), 닫기.

The document is made into a temporary file first (in a ``run_task``); the preview owns that
file and deletes it when it closes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from ..services import audit
from .file_dialogs import FileChooser
from .i18n import tr
from .messages import inform, show_error

PDF_FILTER = "PDF 문서 (*.pdf)"


class PrintQuestion:
    """Qt's print dialog; a printer the user accepted, or None."""

    @classmethod
    def ask(cls, parent: QWidget):
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(tr("인쇄"))
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


class PdfPreview(QDialog):
    """Shows one PDF; prints it or saves a copy under ``suggested_name``."""

    def __init__(self, path: Path, title: str, suggested_name: str,
                 parent: QWidget | None = None, owns_file: bool = True) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.suggested_name = suggested_name
        self.title = title
        self.context = getattr(parent, "context", None)   # the page's: a saved copy is audited
        self.setWindowTitle(tr("미리 보기 — {title}").format(title=title))
        self.resize(900, 700)
        screen = (parent.screen() if parent is not None else None) or self.screen()
        if screen is not None:  # a 1366×768 laptop at 125 % has 720 pixels of height in all
            room = screen.availableGeometry()
            self.resize(min(900, int(room.width() * 0.9)), min(700, int(room.height() * 0.9)))
        layout = QVBoxLayout(self)
        self.document = QPdfDocument(self)
        self.document.load(str(self.path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.pages = QLabel(tr("{n}쪽").format(n=self.document.pageCount()))
        self.pages.setObjectName("previewPages")
        row.addWidget(self.pages)
        row.addStretch(1)
        self.print_button = QPushButton(tr("인쇄…"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(tr("저장…"))
        self.save_button.clicked.connect(self.save_copy)
        close = QPushButton(tr("닫기"))
        close.clicked.connect(self.close)
        for button in (self.print_button, self.save_button, close):
            row.addWidget(button)
        layout.addLayout(row)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if owns_file:  # a temporary file made for the preview; a file the user saved stays
            self.destroyed.connect(lambda *_a, p=self.path: p.unlink(missing_ok=True))

    def save_copy(self) -> Path | None:
        chosen = FileChooser.save_path(self, tr("PDF 저장"), str(Path.home() / self.suggested_name),
                                       PDF_FILTER)
        if chosen is None:
            return None
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            shutil.copyfile(self.path, target)
        except OSError as exc:
            from ..errors import ValidationError

            show_error(self, ValidationError(
                f"파일을 쓸 수 없습니다 (폴더에 쓸 수 있는지 확인하십시오): {target}", field="파일",
                details=str(exc)))
            return None
        if self.context is not None:       # the same personal data, now in another file
            try:
                with self.context.database.read_scope() as session:
                    audit.record_file(session, f"{self.title} PDF 사본", None, target)
            except Exception as exc:         # the copy was removed: nothing left unrecorded
                show_error(self, exc)
                return None
        inform(self, tr("저장"), tr("저장했습니다: {path}").format(path=target))
        return target

    def print_document(self) -> bool:
        """Each page drawn at the printer's resolution, fitted to its printable area."""
        printer = PrintQuestion.ask(self)
        if printer is None:
            return False
        painter = QPainter()
        if not painter.begin(printer):
            from ..errors import UserError

            show_error(self, UserError("프린터를 열 수 없습니다. 프린터 설정을 확인하십시오."))
            return False
        try:
            area = printer.pageRect(printer.Unit.DevicePixel).size().toSize()
            for index in range(self.document.pageCount()):
                if index:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                scale = min(area.width() / points.width(), area.height() / points.height())
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                painter.drawImage(QPointF(0, 0), self.document.render(index, size))
        finally:
            painter.end()
        return True

    @classmethod
    def open(cls, parent: QWidget, path: Path, title: str, suggested_name: str,
             owns_file: bool = True) -> PdfPreview:
        """Show the preview without blocking the window; returns it."""
        preview = cls(path, title, suggested_name, parent, owns_file)
        preview.show()
        return preview


def make_pdf(parent: QWidget, context, label: str, write):
    """``write(session, path)`` into a temporary file in a ``run_task``, then the preview
    (which deletes the file when it closes).  Returns the task; the preview, once open, is
    kept as ``parent.preview``."""
    import os
    import tempfile

    from .tasks import run_task

    database = context.database
    handle, name = tempfile.mkstemp(prefix="yeonsu-", suffix=".pdf")
    os.close(handle)

    def work(_progress):
        with database.read_scope() as session:
            return write(session, Path(name))

    def failed(exc) -> None:
        Path(name).unlink(missing_ok=True)
        show_error(parent, exc)

    def done(path) -> None:
        parent.preview = PdfPreview.open(parent, path, label, f"{label}.pdf")

    return run_task(parent, tr("PDF 만드는 중"), work, done, failed)
