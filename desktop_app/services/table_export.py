"""Any table on screen, as the user sees it, to an ``.xlsx`` file (파일 → 내보내기 → 지금 보이는 표)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from ..excel.writer import SheetData, write_workbook
from . import audit, masking

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


#: a column whose header holds one of these words carries personal data: masked in the file
#: unless the user states a purpose
PERSONAL_COLUMNS: dict[str, Callable[[str], str]] = {
    "전화": masking.phone, "생년월일": masking.birth_date, "나이스": masking.neis_no,
    "계좌": masking.account}


def personal_columns(headers: Sequence[str]) -> dict[int, Callable[[str], str]]:
    """Column index → its mask, for the columns whose header names personal data."""
    return {i: mask for i, h in enumerate(headers)
            for word, mask in PERSONAL_COLUMNS.items() if word in h}


def export_screen_table(session: Session, path: Path, title: str, headers: Sequence[str],
                        rows: Sequence[Sequence[object]], purpose: str = "") -> Path:
    """The screen's table to ``path``: personal columns masked unless a ``purpose`` is given,
    the file recorded in the trail (what the screen showed may name persons)."""
    mask = personal_columns(headers)
    if mask and not purpose:
        rows = [[mask[i](str(v)) if i in mask and v not in (None, "") else v
                 for i, v in enumerate(row)] for row in rows]
    written = export_table(path, title, headers, rows)
    form = "" if not mask else " (전체 정보)" if purpose else " (개인정보 일부 가림)"
    audit.record_file(session, f"화면 표 '{title}'{form}", len(rows), written,
                      purpose=purpose or None)
    return written
