"""Table documents: titled tables over as many pages as they need — the roster of a run, and
the sign-in sheets (one section per day or period, each starting on a new page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from .blocks import CLOSING, SUBTITLE, TITLE, data_table, text
from .fonts import register_fonts
from .frame import MARGIN, PageInfo, build_pdf


@dataclass(frozen=True)
class TableSection:
    """A heading, a line about it, and a table; columns share the width as ``widths_mm``."""

    heading: str
    about: str
    headers: Sequence[str]
    widths_mm: Sequence[float]
    rows: Sequence[Sequence[object]]
    row_height_mm: float | None = None
    closing: Sequence[str] = ()   # lines after the table (an attestation, the issuer), centred
    right: Sequence[int] = ()     # columns of amounts, aligned right


def tables_pdf(path: Path, info: PageInfo, sections: Sequence[TableSection],
               fonts: Path) -> Path:
    """Write the sections, each from the top of a new page."""
    register_fonts(fonts)  # before any paragraph is made: they look their font up at once
    usable = info.size[0] - 2 * MARGIN
    story = []
    for number, section in enumerate(sections):
        if number:
            story.append(PageBreak())
        total = sum(section.widths_mm) or 1
        widths = [usable * w / total for w in section.widths_mm]
        height = None if section.row_height_mm is None else section.row_height_mm * mm
        story += [text(section.heading, TITLE), text(section.about, SUBTITLE), Spacer(1, 2 * mm),
                  data_table(section.headers, section.rows, widths, row_height=height,
                             right=section.right)]
        if section.closing:
            story.append(Spacer(1, 12 * mm))
            story += [text(line, CLOSING) for line in section.closing]
    return build_pdf(path, info, story, fonts)

