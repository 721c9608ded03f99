"""Plain rows → an .xlsx workbook.  Every export writes through here.

Knows XlsxWriter and nothing of the services or models: a caller gives sheets of plain values
(text, numbers, dates, None).  XlsxWriter rather than openpyxl for writing: it streams rows
(``constant_memory``) about twice as fast as openpyxl's write-only mode, which a 20,000-row
roster needs; openpyxl stays for the tests that read workbooks back.  Things done once, for
every export:

* **Text stays text.**  A string is always written as a string, never as a formula, and text
  that a spreadsheet could take for one (``=HYPERLINK(…)``, ``+…``, ``-…``, ``@…``) also gets
  Excel's quote prefix, so it stays text even after the cell is edited.
* Dates get a date format, headers a style and filter buttons, columns their widths, the
  first row stays frozen.
* The file appears whole or not at all: it is written beside the target and renamed into
  place, so a failure never leaves half a workbook where the user's file was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException

from ..errors import ValidationError

_HEADER_STYLE = {"bold": True, "bg_color": "#DDE7F3", "align": "center", "border": 1}
# Excel and other spreadsheets treat text starting with these as a formula when it is typed
# or imported (CSV, or the cell edited later).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class SheetData:
    """One sheet: its tab title, column headers and widths, and rows of plain values."""

    title: str
    headers: Sequence[str]
    widths: Sequence[float]
    rows: Iterable[Sequence[object]]


def write_workbook(path: Path, sheets: Sequence[SheetData]) -> Path:
    """Write ``sheets`` to the .xlsx file ``path``; a Korean ValidationError if it cannot be."""
    return write_with(path, lambda book: _fill(book, sheets))


def write_with(path: Path, fill, *, constant_memory: bool = True) -> Path:
    """Write the workbook ``fill(book)`` makes to ``path``, whole or not at all (a Korean
    ValidationError when it cannot be written).  For sheets that need more than plain rows."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("파일 이름은 .xlsx로 끝나야 합니다.", field="파일")
    partial = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book = xlsxwriter.Workbook(str(partial), {
            "constant_memory": constant_memory, "strings_to_formulas": False,
            "strings_to_urls": False, "strings_to_numbers": False})
        fill(book)
        book.close()
        os.replace(partial, path)
    except (OSError, XlsxWriterException) as exc:
        partial.unlink(missing_ok=True)
        raise ValidationError(f"파일을 쓸 수 없습니다 (엑셀에서 열려 있지 않은지, 폴더에 쓸 수 있는지 "
                              f"확인하십시오): {path}", field="파일", details=str(exc)) from exc
    return path


def _fill(book, sheets: Sequence[SheetData]) -> None:
    header = book.add_format(_HEADER_STYLE)
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    clock = book.add_format({"num_format": "hh:mm"})
    quoted = book.add_format({"quote_prefix": True})
    for data in sheets:
        sheet = book.add_worksheet(data.title)
        for index, width in enumerate(data.widths):
            sheet.set_column(index, index, width)
        sheet.freeze_panes(1, 0)
        for column, title in enumerate(data.headers):
            sheet.write_string(0, column, str(title), header)
        write_string, write_number = sheet.write_string, sheet.write_number
        write_datetime, write_boolean = sheet.write_datetime, sheet.write_boolean
        last = 0
        for last, values in enumerate(data.rows, start=1):
            for column, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, str):
                    if value.startswith(FORMULA_PREFIXES):
                        write_string(last, column, value, quoted)
                    elif value:
                        write_string(last, column, value)
                elif isinstance(value, bool):
                    write_boolean(last, column, value)
                elif isinstance(value, (int, float)):
                    write_number(last, column, value)
                elif isinstance(value, datetime):
                    write_datetime(last, column, value, moment)
                elif isinstance(value, date):
                    write_datetime(last, column, value, day)
                elif isinstance(value, time):
                    write_datetime(last, column, value, clock)
                else:
                    write_string(last, column, str(value))
        if data.headers:  # the header row gets Excel's filter buttons
            sheet.autofilter(0, 0, last, len(data.headers) - 1)
