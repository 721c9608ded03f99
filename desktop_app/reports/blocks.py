"""Small building blocks shared by the documents: paragraph styles, a table that splits across
pages with its header repeated, and text that fits a box (:func:`fit_text`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, Paragraph, TableStyle

from .fonts import GOTHIC, GOTHIC_BOLD

TITLE = ParagraphStyle("title", fontName=GOTHIC_BOLD, fontSize=16, leading=21, spaceAfter=4)
SUBTITLE = ParagraphStyle("subtitle", fontName=GOTHIC, fontSize=10, leading=14, spaceAfter=8)
CELL = ParagraphStyle("cell", fontName=GOTHIC, fontSize=9, leading=11, wordWrap="CJK")
HEAD = ParagraphStyle("head", parent=CELL, fontName=GOTHIC_BOLD, alignment=1)
CLOSING = ParagraphStyle("closing", fontName=GOTHIC, fontSize=12, leading=20, alignment=1,
                         spaceAfter=6)


def text(value: object, style: ParagraphStyle = CELL) -> Paragraph:
    """A cell or line of plain text (escaped; long Korean text wraps between syllables)."""
    return Paragraph(escape("" if value is None else str(value)), style)


def data_table(headers: Sequence[str], rows: Sequence[Sequence[object]],
               widths: Sequence[float], *, row_height: float | None = None,
               right: Sequence[int] = ()) -> LongTable:
    """A table whose header row repeats on every page it splits onto.

    A cell is plain text when it fits its column and a wrapping paragraph only when it does
    not: a paragraph costs ten times as much, and a 1,000-row roster has 7,000 cells.
    """
    room = [w - 6 for w in widths]  # the cell's left and right padding

    def cell(value: object, style: ParagraphStyle, index: int):
        shown = "" if value is None else str(value)
        if stringWidth(shown, style.fontName, style.fontSize) <= room[index]:
            return shown
        return text(shown, style)

    body = [[cell(h, HEAD, i) for i, h in enumerate(headers)]] + [
        [cell(v, CELL, i) for i, v in enumerate(row)] for row in rows]
    table = LongTable(body, colWidths=list(widths), repeatRows=1,
                      rowHeights=None if row_height is None else
                      [None] + [row_height] * len(rows))
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), GOTHIC),  # the table's own default is Helvetica
        ("FONTNAME", (0, 0), (-1, 0), GOTHIC_BOLD), ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("FONTSIZE", (0, 0), (-1, -1), CELL.fontSize), ("LEADING", (0, 0), (-1, -1), CELL.leading),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E4EAF2")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *(("ALIGN", (column, 1), (column, -1), "RIGHT") for column in right),  # amounts
    ]))
    return table


SMALLEST = 3.0   # pt: below a box's smallest size a text still shrinks rather than overflow
STEP = 0.5


@dataclass(frozen=True)
class Fitted:
    """A text laid out for its box: the font size and the lines."""

    size: float
    lines: tuple[str, ...]


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if stringWidth(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            # a word wider than the box breaks between syllables
            for char in word:
                if stringWidth(line + char, font, size) <= width or not line:
                    line += char
                else:
                    lines.append(line)
                    line = char
        lines.append(line)
    return lines


@lru_cache(maxsize=8192)
def fit_text(text: str, font: str, width: float, height: float, size: float,
             min_size: float, leading: float) -> Fitted:
    """``text`` laid out in a box ``width`` × ``height`` points.

    One line if it fits at a size from ``size`` down to ``min_size``; else wrapped, at the
    largest size from ``size`` down at which the lines fit the height; never larger than fits.
    """
    current = size
    if "\n" not in text:
        while current >= min_size:
            if stringWidth(text, font, current) <= width and current <= height:
                return Fitted(current, (text,))
            current -= STEP
    current = size
    while True:
        lines = _wrap(text, font, current, width)
        tall = current + (len(lines) - 1) * current * leading
        wide = max(stringWidth(line, font, current) for line in lines)
        if (tall <= height and wide <= width) or current <= SMALLEST:
            return Fitted(current, tuple(lines))
        current = max(SMALLEST, current - STEP)
