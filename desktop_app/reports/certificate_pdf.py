"""Certificates (이수증) drawn on A4 from a layout (:mod:`.certificate_template`) and plain values.

One page per certificate, drawn straight on the canvas: a batch of 1,000 must take about what a
bare ReportLab loop takes, so what is the same on every page is worked out once — the wrapping
of fixed texts (:func:`fit_text` is memoised), the seal and the background (one form XObject
each, stored once per file) — and each page costs only its own strings and QR code.

Every text is fitted to its box: shrunk from the layout's size towards its smallest size and
wrapped at spaces (between syllables where one word is too long); when even that would not fit,
it keeps shrinking, so no text ever leaves its box.  The files are written in ReportLab's
invariant mode: the same certificates make the same bytes, so a reprint can be compared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from io import BytesIO
from typing import BinaryIO

import segno
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..errors import ValidationError
from .blocks import fit_text
from .certificate_template import Box, Template
from .fonts import FAMILIES, GOTHIC, register_fonts

_PAGE_H = A4[1]


@dataclass(frozen=True)
class CertificateFace:
    """What one certificate prints: the values its boxes name, and the QR code's text."""

    values: Mapping[str, str]
    qr_text: str


@lru_cache(maxsize=256)
def _char_space(label: str, font: str, size: float, width: float) -> float:
    """Spacing that spreads a label (성명, 생년월일) evenly over its width, as forms do."""
    if len(label) < 2:
        return 0.0
    return max(0.0, (width - stringWidth(label, font, size)) / (len(label) - 1))


@lru_cache(maxsize=64)
def _color(value: str) -> HexColor:
    return HexColor(value)


class _Painter:
    """Draws the pages of one file from one layout."""

    def __init__(self, canvas: Canvas, template: Template, seal: bytes | None) -> None:
        self.canvas = canvas
        self.template = template
        self.regular, self.bold = FAMILIES[template.family]
        self.forms: list[str] = []
        if template.background:
            self._form("background", template.background, 0, 0, A4[0], _PAGE_H)
        if seal and template.seal:
            s = template.seal
            self._form("seal", seal, s.x * mm, _PAGE_H - (s.y + s.size) * mm, s.size * mm,
                       s.size * mm)

    def _form(self, name: str, image: bytes, x: float, y: float, w: float, h: float) -> None:
        # a form XObject: the picture is stored once in the file and placed on every page
        try:
            reader = ImageReader(BytesIO(image))
            reader.getSize()
        except Exception as exc:  # Pillow raises many kinds for a damaged picture
            label = "직인" if name == "seal" else "배경"
            raise ValidationError(f"{label} 그림을 읽을 수 없습니다 (PNG 또는 JPEG 파일을 다시 "
                                  "지정하십시오).", field=label, details=str(exc)) from None
        self.canvas.beginForm(name)
        self.canvas.drawImage(reader, x, y, w, h, mask="auto", preserveAspectRatio=True,
                              anchor="c")
        self.canvas.endForm()
        self.forms.append(name)

    def page(self, face: CertificateFace, footer: str) -> None:
        c = self.canvas
        if "background" in self.forms:
            c.doForm("background")
        for frame in self.template.frames:
            if frame.fill:
                c.setFillColor(_color(frame.fill))
            c.setStrokeColor(_color(frame.color))
            c.setLineWidth(frame.line)
            c.rect(frame.x * mm, _PAGE_H - (frame.y + frame.h) * mm, frame.w * mm, frame.h * mm,
                   stroke=1 if frame.line > 0 else 0, fill=1 if frame.fill else 0)
        for box in self.template.boxes:
            self._box(box, box.text.format_map(face.values))
        if "seal" in self.forms:
            c.doForm("seal")
        if self.template.qr:
            self._qr(face.qr_text)
        c.setFillColor(_color("#808080"))
        c.setFont(GOTHIC, 7)
        c.drawCentredString(A4[0] / 2, 7 * mm, footer)
        c.showPage()

    def _box(self, box: Box, text: str) -> None:
        c = self.canvas
        font = self.bold if box.bold else self.regular
        left = box.x * mm
        top = _PAGE_H - box.y * mm
        height = box.h * mm
        value_left = left + box.label_w * mm
        width = box.w * mm - box.label_w * mm
        fitted = fit_text(text, font, width, height, box.size, box.min_size, box.leading)
        size = fitted.size
        step = size * box.leading
        tall = size + (len(fitted.lines) - 1) * step
        # baseline of the first line: the block centred in the box; 0.8 em is the cap height
        # and ascenders of Nanum above the baseline
        baseline = top - (height - tall) / 2 - size * 0.8
        c.setFillColor(_color(box.color))
        if box.label:
            label_size = box.size  # labels keep one size down the page, whatever the values do
            colon = stringWidth(" : ", font, label_size)
            spread = box.label_w * mm - colon - 1 * mm
            label = c.beginText(left, baseline)
            label.setFont(font, label_size)
            label.setCharSpace(_char_space(box.label, font, label_size, spread))
            label.textOut(box.label)
            label.setCharSpace(0)
            label.setTextOrigin(left + spread, baseline)
            label.textOut(" : ")
            c.drawText(label)
        c.setFont(font, size)
        for line in fitted.lines:
            if box.align == "center":
                c.drawCentredString(value_left + width / 2, baseline, line)
            elif box.align == "right":
                c.drawRightString(value_left + width, baseline, line)
            else:
                c.drawString(value_left, baseline, line)
            baseline -= step

    def _qr(self, text: str) -> None:
        square = self.template.qr
        # mask fixed: choosing the "best" of eight costs 2.5 ms a code, and any mask scans
        matrix = segno.make_qr(text, error="m", mask=0).matrix
        count = len(matrix)
        # one filled path of the dark runs, in module units (integers) under a scale: drawn
        # through ReportLab's path object each rectangle's four numbers are formatted in
        # Python, 200 rectangles a code, a second for a batch of 1,000
        runs = []
        for row, cells in enumerate(matrix):
            y = count - 1 - row
            start = None
            for col, dark in enumerate((*cells, 0)):
                if dark and start is None:
                    start = col
                elif not dark and start is not None:
                    runs.append(f"{start} {y} {col - start} 1 re")
                    start = None
        c = self.canvas
        c.saveState()
        c.translate(square.x * mm, _PAGE_H - (square.y + square.size) * mm)
        c.scale(square.size * mm / count, square.size * mm / count)
        c.setFillColor(_color("#000000"))
        c.addLiteral("\n".join(runs) + "\nf")
        c.restoreState()


def write_certificates(out: str | BinaryIO, template: Template,
                       faces: Sequence[CertificateFace], fonts, *, seal: bytes | None = None,
                       institute: str = "", printed_on: date | None = None, title: str = "이수증",
                       on_page: Callable[[int, int], bool] | None = None) -> int:
    """Draw one page per face into ``out`` (a path or a binary file); returns the page count.

    ``on_page(done, total)`` is told after each page; when it returns False the work stops
    with a :class:`ValidationError` (the caller's transaction then rolls back).
    """
    register_fonts(fonts, template.family)
    canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(institute)
    canvas.setCreator("Yeonsu")
    painter = _Painter(canvas, template, seal)
    total = len(faces)
    printed = f"{printed_on:%Y-%m-%d}" if printed_on else ""
    for number, face in enumerate(faces, start=1):
        footer = " · ".join(x for x in (institute, printed and f"출력일 {printed}",
                                        f"{number} / {total}") if x)
        painter.page(face, footer)
        if on_page is not None and not on_page(number, total):
            raise ValidationError("이수증 만들기를 취소했습니다. 아무것도 발급하지 않았습니다.")
    canvas.save()
    return total
