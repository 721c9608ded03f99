"""A year's budget plan ⇄ an .xlsx workbook in the shape of the plan's tables.

Sheets: ``세부사업`` (the programme table), ``실천과제`` (the task table, every figure a formula
over the task's own sheet), and one sheet per task (``1-1`` …) with its lines and a ``계`` row.
Totals, changes and change % are live formulas, written with their computed values so a viewer
that does not recalculate shows them too.  Reading back takes the typed cells only (lines and
programmes); formula columns are the spreadsheet's business and are not read.

Knows the file and nothing of the services: cells are plain values (a number in 천원, a state
word such as ``재배정``, text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

from ..errors import ValidationError
from .reader import read_rows
from .writer import write_with

PROGRAM_SHEET = "세부사업"
TASK_SHEET = "실천과제"
TOTAL = "계"
TASK_CODE = re.compile(r"^\d-\d{1,2}$")
_YEAR = re.compile(r"^(\d{4})년")

#: (header, key, width); keys that are None are formulas, written and never read back.
LINE_COLUMNS: tuple[tuple[str, str | None, float], ...] = (
    ("번호", "line_no", 6), ("부서", "department", 8), ("사업명", "name", 44),
    ("예산", "amount", 12), ("전년 예산", "last_year", 12), ("증감", None, 11),
    ("증감률(%)", None, 9),
    ("1분기", "q1", 11), ("1분기 집행내용", "q1_use", 12),
    ("2분기", "q2", 11), ("2분기 집행내용", "q2_use", 12),
    ("3분기", "q3", 11), ("3분기 집행내용", "q3_use", 12),
    ("4분기", "q4", 11), ("4분기 집행내용", "q4_use", 12),
    ("분기 합 차이", None, 10), ("설명자료 쪽", "account_ref", 10), ("세부사업", "program", 18),
    ("비고", "remark", 14),
)
PROGRAM_COLUMNS: tuple[tuple[str, str | None, float], ...] = (
    ("세부사업", "name", 26), ("예산", "budget", 13), ("전년 예산", "last_year", 13),
    ("전년 최종예산", "last_year_final", 13), ("증감", None, 12), ("증감률(%)", None, 9),
)
TASK_COLUMNS = ("과제", "추진과제", "실천과제명", "예산", "전년 예산", "증감", "증감률(%)",
                "1분기", "2분기", "3분기", "4분기", "인쇄된 표와 다른 곳")
#: the task table's typed columns (the rest are formulas over the task sheets)
TASK_READ: tuple[tuple[str, str | None, float], ...] = (
    ("과제", "code", 0), ("추진과제", "goal", 0), ("실천과제명", "title", 0))
HEADER_ROW = 2          # 0-based: a title, a blank row, then the header
_COL = {key: n for n, (_h, key, _w) in enumerate(LINE_COLUMNS) if key}
_SUMMED = ("amount", "last_year", "q1", "q2", "q3", "q4")


@dataclass(frozen=True)
class ProgramCells:
    """A row of the programme table (천원)."""

    name: str
    budget: int | None
    last_year: int | None
    last_year_final: int | None


@dataclass(frozen=True)
class LineCells:
    """A row of a task's line table: numbers in 천원 or a state word; ``remark`` says
    (재배정별도) where the amount excludes reallocated funds."""

    line_no: int
    values: dict[str, object]


@dataclass(frozen=True)
class TaskCells:
    """A task with its lines; ``printed_note`` names where the plan's printed table differs."""

    code: str
    goal: int
    title: str
    lines: Sequence[LineCells]
    printed_note: str = ""


def _number(value: object) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


def write_budget_workbook(path: Path, year: int, programs: Sequence[ProgramCells],
                          tasks: Sequence[TaskCells]) -> Path:
    """Write the year's tables to ``path`` (whole or not at all)."""
    def fill(book) -> None:
        styles = {
            "title": book.add_format({"bold": True, "font_size": 12}),
            "header": book.add_format({"bold": True, "bg_color": "#DDE7F3", "align": "center",
                                       "valign": "vcenter", "border": 1, "text_wrap": True}),
            "amount": book.add_format({"num_format": "#,##0", "border": 1}),
            "pct": book.add_format({"num_format": "0.0", "border": 1}),
            "text": book.add_format({"border": 1}),
            "total": book.add_format({"num_format": "#,##0", "bold": True, "border": 1,
                                      "bg_color": "#F2F2F2"}),
            "total_text": book.add_format({"bold": True, "border": 1, "bg_color": "#F2F2F2",
                                           "align": "center"}),
        }
        _program_sheet(book, styles, year, programs)
        _task_sheet(book, styles, year, tasks, {task.code: _line_sums(task) for task in tasks})
        for task in tasks:
            _line_sheet(book, styles, year, task)

    return write_with(path, fill, constant_memory=False)


def _headers(sheet, styles, columns) -> None:
    for n, (title, _key, width) in enumerate(columns):
        sheet.set_column(n, n, width)
        sheet.write_string(HEADER_ROW, n, title, styles["header"])
    sheet.freeze_panes(HEADER_ROW + 1, 0)


def _put(sheet, row: int, column: int, value: object, styles, amount: bool = True) -> None:
    if value is None or value == "":
        sheet.write_blank(row, column, None, styles["amount" if amount else "text"])
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, column, value, styles["amount"])
    else:
        sheet.write_string(row, column, str(value), styles["text"])


def _program_sheet(book, styles, year: int, programs: Sequence[ProgramCells]) -> None:
    sheet = book.add_worksheet(PROGRAM_SHEET)
    sheet.write_string(0, 0, f"{year}년 세부사업별 예산 현황 (단위: 천원)", styles["title"])
    _headers(sheet, styles, PROGRAM_COLUMNS)
    first = HEADER_ROW + 1
    for n, p in enumerate(programs):
        row = first + n
        sheet.write_string(row, 0, p.name, styles["text"])
        for column, value in ((1, p.budget), (2, p.last_year), (3, p.last_year_final)):
            _put(sheet, row, column, value, styles)
        change = (p.budget or 0) - (p.last_year or 0)
        excel_row = row + 1
        sheet.write_formula(row, 4, f"=N(B{excel_row})-N(C{excel_row})", styles["amount"],
                            change)
        sheet.write_formula(row, 5, f'=IF(N(C{excel_row})=0,"",ROUND(E{excel_row}/C{excel_row}*100,1))',
                            styles["pct"],
                            round(100 * change / p.last_year, 1) if p.last_year else "")
    total = first + len(programs)
    sheet.write_string(total, 0, TOTAL, styles["total_text"])
    for column, key in ((1, "budget"), (2, "last_year"), (3, "last_year_final")):
        letter = xl_col_to_name(column)
        sheet.write_formula(total, column, f"=SUM({letter}{first + 1}:{letter}{total})",
                            styles["total"], sum(getattr(p, key) or 0 for p in programs))
    sheet.write_formula(total, 4, f"=B{total + 1}-C{total + 1}", styles["total"],
                        sum((p.budget or 0) - (p.last_year or 0) for p in programs))


def _line_sums(task: TaskCells) -> dict[str, tuple[str, float]]:
    """Per summed key, the task sheet's 계 cell (as a reference) and its value."""
    total = HEADER_ROW + 1 + len(task.lines)
    return {key: (f"'{task.code}'!{xl_col_to_name(_COL[key])}{total + 1}",
                  sum(_number(line.values.get(key)) for line in task.lines)) for key in _SUMMED}


def _line_sheet(book, styles, year: int, task: TaskCells) -> None:
    """Write a task's sheet: its lines and the 계 row."""
    sheet = book.add_worksheet(task.code)
    sheet.write_string(0, 0, f"{year}년 실천과제 {task.code} {task.title} — 예산 집행 계획 "
                             "(단위: 천원)", styles["title"])
    _headers(sheet, styles, LINE_COLUMNS)
    first = HEADER_ROW + 1
    for n, line in enumerate(task.lines):
        row, excel_row = first + n, first + n + 1
        for column, (_title, key, _w) in enumerate(LINE_COLUMNS):
            if key == "line_no":
                sheet.write_number(row, column, line.line_no, styles["text"])
            elif key:
                amount = key in _SUMMED
                _put(sheet, row, column, line.values.get(key), styles, amount)
        amount, last = line.values.get("amount"), line.values.get("last_year")
        both = all(isinstance(v, int) for v in (amount, last))
        sheet.write_formula(row, 5, f'=IF(AND(ISNUMBER(D{excel_row}),ISNUMBER(E{excel_row})),'
                                    f'D{excel_row}-E{excel_row},"")', styles["amount"],
                            amount - last if both else "")
        sheet.write_formula(row, 6, f'=IF(AND(ISNUMBER(F{excel_row}),N(E{excel_row})<>0),'
                                    f'ROUND(F{excel_row}/E{excel_row}*100,1),"")', styles["pct"],
                            round(100 * (amount - last) / last, 1) if both and last else "")
        quarters = [line.values.get(q) for q in ("q1", "q2", "q3", "q4")]
        gap = (sum(_number(q) for q in quarters) - amount
               if isinstance(amount, int) and any(isinstance(q, int) for q in quarters) else "")
        sheet.write_formula(row, 15, f'=IF(AND(ISNUMBER(D{excel_row}),COUNT(H{excel_row},'
                                     f'J{excel_row},L{excel_row},N{excel_row})>0),'
                                     f'SUM(H{excel_row},J{excel_row},L{excel_row},N{excel_row})'
                                     f'-D{excel_row},"")', styles["amount"], gap)
    total = first + len(task.lines)
    sheet.write_string(total, 0, TOTAL, styles["total_text"])
    for key, (_reference, value) in _line_sums(task).items():
        letter = xl_col_to_name(_COL[key])
        formula = f"=SUM({letter}{first + 1}:{letter}{total})" if task.lines else "=0"
        sheet.write_formula(total, _COL[key], formula, styles["total"], value)


def _task_sheet(book, styles, year: int, tasks: Sequence[TaskCells],
                sums: dict[str, dict[str, tuple[str, float]]]) -> None:
    sheet = book.add_worksheet(TASK_SHEET)
    sheet.write_string(0, 0, f"{year}년 주요업무별 예산 내역 (단위: 천원) — 각 과제 시트에서 "
                             "계산됩니다", styles["title"])
    widths = (7, 8, 40, 12, 12, 11, 9, 11, 11, 11, 11, 30)
    _headers(sheet, styles, [(t, None, w) for t, w in zip(TASK_COLUMNS, widths, strict=True)])
    first = HEADER_ROW + 1
    for n, task in enumerate(tasks):
        row, excel_row = first + n, first + n + 1
        sheet.write_string(row, 0, task.code, styles["text"])
        sheet.write_number(row, 1, task.goal, styles["text"])
        sheet.write_string(row, 2, task.title, styles["text"])
        of = sums[task.code]
        for column, key in ((3, "amount"), (4, "last_year"), (7, "q1"), (8, "q2"), (9, "q3"),
                            (10, "q4")):
            reference, value = of[key]
            sheet.write_formula(row, column, f"={reference}", styles["amount"], value)
        change = of["amount"][1] - of["last_year"][1]
        sheet.write_formula(row, 5, f"=D{excel_row}-E{excel_row}", styles["amount"], change)
        sheet.write_formula(row, 6, f'=IF(E{excel_row}=0,"",ROUND(F{excel_row}/E{excel_row}*100,1))',
                            styles["pct"],
                            round(100 * change / of["last_year"][1], 1) if of["last_year"][1] else "")
        sheet.write_string(row, 11, task.printed_note, styles["text"])
    total = first + len(tasks)
    sheet.write_string(total, 0, TOTAL, styles["total_text"])
    for column, key in ((3, "amount"), (4, "last_year"), (5, None), (7, "q1"), (8, "q2"),
                        (9, "q3"), (10, "q4")):
        letter = xl_col_to_name(column)
        value = (sum(sums[t.code][key][1] for t in tasks) if key else
                 sum(sums[t.code]["amount"][1] - sums[t.code]["last_year"][1] for t in tasks))
        sheet.write_formula(total, column, f"=SUM({letter}{first + 1}:{letter}{total})",
                            styles["total"], value)


# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class ReadRow:
    """A typed row read back: which sheet and Excel row, and its cells by key."""

    sheet: str
    row: int
    values: dict[str, object]


@dataclass(frozen=True)
class BudgetBook:
    """What a workbook holds: its year (from the programme sheet's title), the programme rows,
    the task rows (code, goal, title) and per task code its line rows."""

    year: int | None
    programs: list[ReadRow]
    tasks: list[ReadRow]
    lines: dict[str, list[ReadRow]]


def _table(sheet, columns) -> tuple[dict[str, int], list[tuple[int, list]]]:
    """The header's column positions by key and the typed rows up to the 계 row."""
    header_at = next((i for i, row in enumerate(sheet.rows)
                      if row and str(row[0] or "").strip() == columns[0][0]), None)
    if header_at is None:
        raise ValidationError(f"'{sheet.name}' 시트에서 머리글 '{columns[0][0]}'을(를) 찾지 "
                              "못했습니다 (내보낸 파일의 모양을 그대로 두십시오).", field="파일")
    header = [str(c or "").strip() for c in sheet.rows[header_at]]
    positions = {}
    for title, key, _w in columns:
        if key and title in header:
            positions[key] = header.index(title)
    missing = [title for title, key, _w in columns if key and key not in positions]
    if missing:
        raise ValidationError(f"'{sheet.name}' 시트에 열이 없습니다: {', '.join(missing)}",
                              field="파일")
    rows = []
    total_at = None
    for index in range(header_at + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        if not any(c is not None for c in cells):
            continue
        if total_at is not None:        # typed under the 계 row: it would be left out unseen
            raise ValidationError(f"'{sheet.name}' 시트 행 {sheet.row_number(index)}이(가) 계 줄 "
                                  f"(행 {sheet.row_number(total_at)}) 아래에 있습니다. 계 줄 위에 "
                                  "행을 넣어 적으십시오.", field="파일")
        if str(cells[0] or "").strip() == TOTAL:
            total_at = index
            continue
        rows.append((sheet.row_number(index), cells))
    return positions, rows


def read_budget_workbook(path: Path) -> BudgetBook:
    """The typed cells of a workbook :func:`write_budget_workbook` wrote (and a person edited)."""
    sheets = {s.name: s for s in read_rows(path)}
    if PROGRAM_SHEET not in sheets and not any(TASK_CODE.match(n) for n in sheets):
        raise ValidationError(f"'{Path(path).name}'은(는) 예산 파일이 아닙니다 ('{PROGRAM_SHEET}' "
                              "시트도 과제 시트(1-1 …)도 없습니다).", field="파일")
    year = None
    programs: list[ReadRow] = []
    if PROGRAM_SHEET in sheets:
        sheet = sheets[PROGRAM_SHEET]
        title = str(sheet.rows[0][0] if sheet.rows and sheet.rows[0] else "")
        found = _YEAR.match(title.strip())
        year = int(found.group(1)) if found else None
        positions, rows = _table(sheet, PROGRAM_COLUMNS)
        programs = [ReadRow(PROGRAM_SHEET, number, _cells(cells, positions))
                    for number, cells in rows]
    tasks: list[ReadRow] = []
    if TASK_SHEET in sheets:
        positions, rows = _table(sheets[TASK_SHEET], TASK_READ)
        tasks = [ReadRow(TASK_SHEET, number, _cells(cells, positions)) for number, cells in rows]
    lines = {}
    for name, sheet in sheets.items():
        if TASK_CODE.match(name):
            positions, rows = _table(sheet, LINE_COLUMNS)
            lines[name] = [ReadRow(name, number, _cells(cells, positions))
                           for number, cells in rows]
    return BudgetBook(year, programs, tasks, lines)


def _cells(cells: list, positions: dict[str, int]) -> dict[str, object]:
    return {key: (cells[n] if n < len(cells) else None) for key, n in positions.items()}
