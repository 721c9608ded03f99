"""Any table on screen, as the user sees it, to an ``.xlsx`` file (파일 → 내보내기 → 지금 보이는 표)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..excel.writer import SheetData, write_workbook

#: Beyond this a table is a job for its own export (the course list, the roster), not a copy
#: of the screen: the rows would have to be read page by page into the window first.
MAX_ROWS = 50_000


def export_table(path: Path, title: str, headers: Sequence[str],
                 rows: Sequence[Sequence[object]]) -> Path:
    """Write one sheet named ``title`` with the headers and rows as shown."""
    widths = [max(6.0, min(40.0, max([len(str(h)) * 2.0] + [len(str(r[i] or "")) * 1.3
                                                             for r in rows[:200]])))
              for i, h in enumerate(headers)]
    safe = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "표"
    return write_workbook(Path(path), [SheetData(safe, headers, widths, rows)])
