"""The page frame every document shares: A4 with margins a printer can print, a header with
the institute's name and the document's title, a footer with the print date and "1 / 3".

"1 / 3" needs the page count before the first page is finished, so pages are kept and their
frames drawn when the document ends (:class:`_NumberedCanvas`, ReportLab's usual two-step).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from .files import discard, partial_path, write_failed
from .fonts import GOTHIC, GOTHIC_BOLD, register_fonts

#: Office printers cannot print the outer ~5 mm; 15 mm keeps text clear of it and of staples.
MARGIN = 15 * mm
HEADER_GAP = 12 * mm


@dataclass(frozen=True)
class PageInfo:
    """What every page of a document says around its content."""

    institute: str
    title: str
    printed_on: date
    landscape: bool = False

    @property
    def size(self) -> tuple[float, float]:
        return landscape(A4) if self.landscape else A4


def _frame_drawer(info: PageInfo):
    def draw(canvas: Canvas, page: int, pages: int) -> None:
        width, height = info.size
        canvas.saveState()
        canvas.setFont(GOTHIC_BOLD, 9)
        canvas.drawString(MARGIN, height - MARGIN + 4 * mm, info.institute)
        canvas.setFont(GOTHIC, 9)
        canvas.drawRightString(width - MARGIN, height - MARGIN + 4 * mm, info.title)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, height - MARGIN + 2.5 * mm, width - MARGIN, height - MARGIN + 2.5 * mm)
        canvas.setFont(GOTHIC, 8)
        canvas.drawString(MARGIN, MARGIN - 7 * mm, f"출력일 {info.printed_on:%Y-%m-%d}")
        canvas.drawRightString(width - MARGIN, MARGIN - 7 * mm, f"{page} / {pages}")
        canvas.restoreState()
    return draw


class _NumberedCanvas(Canvas):
    """Keeps each page until the end, then draws every frame knowing the page count."""

    frame = None  # set per document by build_pdf (a subclass per call)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab API
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            type(self).frame(self, number, total)
            super().showPage()
        super().save()


def build_pdf(path: Path, info: PageInfo, story: Sequence[Flowable], fonts: Path,
              top_extra: float = 0) -> Path:
    """Lay ``story`` out on framed A4 pages into ``path``: written beside it and renamed into
    place, so a failure never leaves half a PDF where the user's file was."""
    path = Path(path)
    partial = partial_path(path, ".pdf")
    register_fonts(fonts)
    document = SimpleDocTemplate(
        str(partial), pagesize=info.size, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP / 2 + top_extra, bottomMargin=MARGIN,
        title=info.title, author=info.institute, creator="Yeonsu")
    canvas_class = type("FramedCanvas", (_NumberedCanvas,),
                        {"frame": staticmethod(_frame_drawer(info))})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        document.build(list(story), canvasmaker=canvas_class)
        os.replace(partial, path)
    except OSError as exc:
        discard(partial)
        raise write_failed(path, exc) from exc
    return path
