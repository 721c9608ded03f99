"""Plain rows → an .xlsx workbook.  Every export writes through here.

Knows openpyxl and nothing of the services or models: a caller gives sheets of plain values
(text, numbers, dates, None).  Two things are done once, for every export:

* **Text stays text.**  openpyxl stores any string that starts with ``=`` as a formula, so a
  course titled ``=HYPERLINK("http://x","y")`` would become a live link in the office's
  Excel.  Such strings are written as text cells with Excel's quote prefix (shown as typed,
  never evaluated, not even after the cell is edited).
* Dates get a date format, headers a style and filter buttons, columns their widths, the
  first row stays frozen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..errors import ValidationError

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
# Excel and other spreadsheets treat text starting with these as a formula when it is typed
# or imported; ``=`` is the one openpyxl itself turns into a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int, str], bool | None]


@dataclass(frozen=True)
class SheetData:
    """One sheet: its tab title, column headers and widths, and rows of plain values."""

    title: str
    headers: Sequence[str]
    widths: Sequence[float]
    rows: Iterable[Sequence[object]]


def looks_like_formula(value: object) -> bool:
    """True for text that a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def data_cell(sheet, value: object):
    """The cell for one value: dates formatted, formula-looking text kept as plain text."""
    if isinstance(value, (date, datetime)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd" if not isinstance(value, datetime) \
            else "yyyy-mm-dd hh:mm"
        return cell
    if looks_like_formula(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl made it "f" (formula) on assignment
        cell.quotePrefix = True  # and Excel keeps it text even when the cell is edited
        return cell
    return value


def _header(sheet, titles: Sequence[str]) -> list:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        cells.append(cell)
    return cells


def write_workbook(path: Path, sheets: Sequence[SheetData]) -> Path:
    """Write ``sheets`` to the .xlsx file ``path``; a Korean ValidationError if it cannot be."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("파일 이름은 .xlsx로 끝나야 합니다.", field="파일")
    book = Workbook(write_only=True)
    for data in sheets:
        sheet = book.create_sheet(data.title)
        sheet.freeze_panes = "A2"
        for index, width in enumerate(data.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.append(_header(sheet, data.headers))
        count = 0
        for values in data.rows:
            sheet.append([data_cell(sheet, v) for v in values])
            count += 1
        if data.headers:  # the header row gets Excel's filter buttons
            last = get_column_letter(len(data.headers))
            sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise ValidationError(f"파일을 쓸 수 없습니다 (엑셀에서 열려 있지 않은지, 폴더에 쓸 수 있는지 "
                              f"확인하십시오): {path}", field="파일", details=str(exc)) from exc
    return path
