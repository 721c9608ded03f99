"""A table document: a title, a line about it, and a table over as many pages as it needs (the
roster of a run; later the ledger and statements share it)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from .blocks import SUBTITLE, TITLE, data_table, text
from .fonts import register_fonts
from .frame import MARGIN, PageInfo, build_pdf


def table_pdf(path: Path, info: PageInfo, heading: str, about: str, headers: Sequence[str],
              widths_mm: Sequence[float], rows: Sequence[Sequence[object]], fonts: Path,
              row_height_mm: float | None = None) -> Path:
    """Write the document; the columns share the page's width in proportion to ``widths_mm``."""
    register_fonts(fonts)  # before any paragraph is made: they look their font up at once
    usable = info.size[0] - 2 * MARGIN
    total = sum(widths_mm) or 1
    widths = [usable * w / total for w in widths_mm]
    story = [text(heading, TITLE), text(about, SUBTITLE), Spacer(1, 2 * mm),
             data_table(headers, rows, widths,
                        row_height=None if row_height_mm is None else row_height_mm * mm)]
    return build_pdf(path, info, story, fonts)
