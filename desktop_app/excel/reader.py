"""A spreadsheet file (``.xlsx``, ``.csv``) → plain rows, one :class:`SheetRows` per sheet.

Knows the file formats and nothing of the services: cells come back as ``None`` (blank),
``str``, ``int`` (a whole number, even when Excel stored a float), ``float``, ``date``,
``datetime``, ``time``, ``timedelta`` (a duration of a day or more, e.g. ``[h]:mm`` study
time) or ``bool``, with the row numbers the user sees in Excel, so a problem
can be named ``행 12``.  What the values mean (a birth date typed as ``850302``, a phone without
its leading zero) is the services' business.

``.xlsx`` is read with python-calamine (a Rust reader, about 9× faster than openpyxl's
read-only mode on a 20,000-row roster); a formula cell gives its last computed value.
``.csv`` is UTF-8 (with or without BOM) or CP949, the two encodings Korean offices save;
the delimiter is guessed among comma, tab and semicolon.

A damaged, empty, encrypted or unknown file is a ``ValidationError`` naming the file, never
a traceback.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from ..errors import ValidationError
from ..gc_pause import gc_paused

#: More rows than any roster has; a bigger sheet is refused rather than filling memory.
MAX_ROWS = 200_000
MAX_COLUMNS = 200
_FIELD = "파일"


@dataclass(frozen=True)
class SheetRows:
    """One sheet (a CSV file is one sheet): its rows of plain cell values.

    ``first_row`` is the Excel row number of ``rows[0]`` (1 for a CSV file).
    """

    name: str
    first_row: int
    rows: list[list[Any]]

    def row_number(self, index: int) -> int:
        """The row number the user sees for ``rows[index]``."""
        return self.first_row + index


def read_rows(path: str | Path) -> list[SheetRows]:
    """Every sheet of a ``.xlsx`` or ``.csv`` file as plain rows (empty sheets left out)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ValidationError(f"파일을 찾을 수 없습니다: {path}", field=_FIELD)
    if suffix == ".csv":
        with gc_paused():  # a row list per row, all kept: nothing for the collector to find
            sheets = [_read_csv(path)]
    elif suffix in (".xlsx", ".xlsm"):
        with gc_paused():
            sheets = _read_xlsx(path)
    elif suffix == ".xls":
        raise ValidationError(f"'{path.name}'은(는) 예전 엑셀 형식(.xls)입니다. 엑셀에서 "
                              "'다른 이름으로 저장' → 'Excel 통합 문서(.xlsx)'로 저장한 뒤 "
                              "다시 고르십시오.", field=_FIELD)
    else:
        raise ValidationError(f"'{path.name}'은(는) 읽을 수 있는 형식이 아닙니다 "
                              "(.xlsx 또는 .csv 파일을 고르십시오).", field=_FIELD)
    found = [s for s in sheets if any(any(c is not None for c in row) for row in s.rows)]
    if not found:
        raise ValidationError(f"'{path.name}'에 내용이 없습니다.", field=_FIELD)
    return found


# ------------------------------------------------------------------ .xlsx


def _read_xlsx(path: Path) -> list[SheetRows]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # the reader raises its own types for every kind of bad file
        raise ValidationError(
            f"'{path.name}'을(를) 엑셀 파일로 읽을 수 없습니다 (손상되었거나, 암호가 걸렸거나, "
            "엑셀 파일이 아닙니다).", field=_FIELD, details=str(exc)) from None
    sheets = []
    try:
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            if sheet.height > MAX_ROWS:
                raise ValidationError(f"'{name}' 시트의 행이 너무 많습니다 ({sheet.height:,}행, "
                                      f"{MAX_ROWS:,}행까지).", field=_FIELD)
            start_row = sheet.start[0] if sheet.start else 0
            rows = [_plain_row(row) for row in sheet.to_python()]
            sheets.append(SheetRows(name, start_row + 1, rows))
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(f"'{path.name}'의 시트를 읽는 중 문제가 생겼습니다 (파일이 손상되었을 "
                              "수 있습니다).", field=_FIELD, details=str(exc)) from None
    finally:
        workbook.close()
    return sheets


# Cells calamine already gives as plain values; a non-empty str too.  Telling them apart by
# their exact type first keeps the per-cell cost of a 20,000-row sheet to a set lookup.
_AS_IS = frozenset({int, bool, date, datetime, time})


def _plain_row(row: list[Any]) -> list[Any]:
    """A calamine row as plain cells (:func:`_cell`), without its trailing blanks."""
    cells = [v if type(v) in _AS_IS or (type(v) is str and v) else _cell(v)
             for v in row[:MAX_COLUMNS]]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _cell(value: Any) -> Any:
    """A calamine value as a plain one: blanks None, whole floats int."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, timedelta):  # a duration cell: a time of day when it is one
        seconds = int(value.total_seconds())
        return time(seconds // 3600, seconds % 3600 // 60) if 0 <= seconds < 86400 else value
    if isinstance(value, (str, int, bool, date, datetime, time)):
        return value
    return str(value)


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows without trailing blank cells (the used range is often wider than the data)."""
    out = []
    for row in rows:
        end = len(row)
        while end and row[end - 1] is None:
            end -= 1
        out.append(row[:end])
    return out


# ------------------------------------------------------------------ .csv


def _read_csv(path: Path) -> SheetRows:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"'{path.name}'을(를) 읽을 수 없습니다.", field=_FIELD,
                              details=str(exc)) from None
    text = _decode(raw, path.name)
    if "\x00" in text:
        raise ValidationError(f"'{path.name}'은(는) 글자 파일(CSV)이 아닙니다.", field=_FIELD)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            if len(rows) >= MAX_ROWS:
                raise ValidationError(f"'{path.name}'의 행이 너무 많습니다 ({MAX_ROWS:,}행까지).",
                                      field=_FIELD)
            rows.append([c if c.strip() else None for c in row[:MAX_COLUMNS]])
    except csv.Error as exc:
        raise ValidationError(f"'{path.name}'의 {len(rows) + 1}행을 CSV로 읽을 수 없습니다.",
                              field=_FIELD, details=str(exc)) from None
    return SheetRows(path.stem, 1, _trimmed(rows))


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 (a BOM is dropped) or CP949, the encodings Excel saves Korean CSV files in."""
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"'{name}'의 글자 인코딩을 알 수 없습니다. 엑셀에서 'CSV UTF-8'로 "
                          "저장한 뒤 다시 고르십시오.", field=_FIELD)
