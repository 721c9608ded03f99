"""A year's plan out to Excel and back: ``budget export`` and ``budget import``.

The import compares every typed cell of the workbook with the plan, cell by cell, through the
same cell rule the grid uses (:func:`budget_plan.parse_cell`), so ``110070``, ``110,070`` and
the number 110070 are one value and an untouched export changes nothing.  The preview lists
every changed cell (sheet, row, column, before → after) before anything is written; applying
writes all of it in one transaction through :func:`budget_plan.apply_edits`, refused when
another PC changed one of those lines in between.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import Problem, ValidationError
from ..excel.budget_workbook import (PROGRAM_SHEET, LineCells, ProgramCells, TaskCells,
                                     read_budget_workbook, write_budget_workbook)
from . import budget_plan
from .budget_plan import (LINE_FIELDS, PROGRAM_FIELDS, QUARTERS, SUM_LABELS, CellEdit, Plan,
                          PlanLine, format_amount, parse_cell)

SEPARATE = "재배정별도"


def _file_amount(value: int | None, state: str) -> object:
    """A plan amount as the workbook cell holds it: the number, or the state word."""
    return state if state in ("재배정", "비예산") else value


def _line_values(line: PlanLine) -> dict[str, object]:
    values: dict[str, object] = {
        "department": line.department, "name": line.name,
        "amount": _file_amount(line.amount, line.amount_state),
        "last_year": _file_amount(line.last_year, line.last_year_state),
        "account_ref": line.account_ref, "program": line.program,
        "remark": f"({SEPARATE})" if line.amount_state == SEPARATE else ""}
    for n, q in enumerate(QUARTERS):
        values[q] = _file_amount(line.quarters[n], line.quarter_states[n])
        values[f"{q}_use"] = line.uses[n]
    return values


def printed_note(task: budget_plan.PlanTask) -> str:
    """Where the plan's printed table disagrees with the task's lines, in words."""
    return "; ".join(f"{SUM_LABELS[key]} 인쇄 {printed:,} (내역 {found:,})"
                     for key, printed, found in task.differences())


def export_year(session: Session, year: int, path: Path) -> Path:
    """The year's tables to ``path`` (.xlsx) in the report's shape, totals as formulas."""
    plan = budget_plan.read_plan(session, year)
    programs = [ProgramCells(p.name, p.budget, p.last_year, p.last_year_final)
                for p in plan.programs]
    tasks = [TaskCells(t.code, t.goal, t.title,
                       [LineCells(x.line_no, _line_values(x)) for x in t.lines], printed_note(t))
             for t in plan.tasks]
    return write_budget_workbook(Path(path), year, programs, tasks)


# ---------------------------------------------------------------------------- import


@dataclass(frozen=True)
class CellChange:
    """One changed cell as the preview shows it."""

    sheet: str
    row: int
    column: str
    before: str
    after: str


@dataclass
class BudgetImport:
    """What importing a workbook would change; nothing is written until :func:`apply_import`."""

    year: int
    changes: list[CellChange] = field(default_factory=list)
    line_edits: list[CellEdit] = field(default_factory=list)
    program_edits: list[CellEdit] = field(default_factory=list)
    new_lines: list[tuple[int, dict[str, object]]] = field(default_factory=list)  # task id
    versions: dict[int, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value).strip()


def _cell_from_file(key: str, values: dict[str, object]) -> object:
    """The file's cell for ``key``, with (재배정별도) from the remark put back on the amount."""
    value = values.get(key)
    if key == "amount" and SEPARATE in str(values.get("remark") or "") and value not in (None, ""):
        return f"({SEPARATE}) {_as_text(value)}"
    return value


def _same(spec, stored: object, typed: object, programs: dict[str, int]) -> bool:
    return parse_cell(spec, stored, programs) == parse_cell(spec, typed, programs)


def preview_import(session: Session, year: int, path: Path) -> BudgetImport:
    """Every cell the workbook would change in ``year``'s plan (a Korean ValidationError naming
    sheet, row and column for each cell that cannot be taken, and nothing else)."""
    book = read_budget_workbook(Path(path))
    if book.year is not None and book.year != year:
        raise ValidationError(f"이 파일은 {book.year}년 예산입니다 ({year}년을 가져오려 했습니다).",
                              field="연도")
    plan = budget_plan.read_plan(session, year)
    result = BudgetImport(year)
    problems: list[Problem] = []
    _programs(plan, book.programs, result, problems)
    programs = {p.name: p.id for p in plan.programs}
    for code, rows in book.lines.items():
        task = plan.task(code)
        if task is None:
            problems.append(Problem(f"시트 '{code}': {year}년에 없는 실천과제입니다.", "시트"))
            continue
        by_no = {x.line_no: x for x in task.lines}
        seen: set[int] = set()
        for read in rows:
            where = f"시트 '{code}' 행 {read.row}"
            number = read.values.get("line_no")
            if number in (None, ""):
                if any(read.values.get(k) not in (None, "") for k in LINE_FIELDS):
                    _new_line(task, read, where, programs, result, problems)
                continue
            if not isinstance(number, int) or number not in by_no:
                problems.append(Problem(f"{where}: 번호 '{number}'인 줄이 {code}에 없습니다 "
                                        "(새 줄은 번호를 비워 두십시오).", "번호", read.row))
                continue
            if number in seen:
                problems.append(Problem(f"{where}: 번호 {number}이(가) 두 번 나옵니다.", "번호",
                                        read.row))
                continue
            seen.add(number)
            _line_changes(by_no[number], read, where, programs, result, problems)
        missing = [f"{code} {n}번" for n in by_no if n not in seen]
        if missing:
            result.notes.append(f"파일에 없는 줄은 지우지 않고 그대로 둡니다: {', '.join(missing)}")
    if problems:
        raise ValidationError(problems)
    return result


def _programs(plan: Plan, rows, result: BudgetImport, problems: list[Problem]) -> None:
    by_name = {p.name: p for p in plan.programs}
    for read in rows:
        name = str(read.values.get("name") or "").strip()
        program = by_name.get(name)
        if program is None:
            problems.append(Problem(f"시트 '{PROGRAM_SHEET}' 행 {read.row}: 세부사업 '{name}'이(가) "
                                    f"{plan.year}년에 없습니다.", "세부사업", read.row))
            continue
        for key in ("budget", "last_year", "last_year_final"):
            spec = PROGRAM_FIELDS[key]
            typed = read.values.get(key)
            try:
                if _same(spec, getattr(program, key), typed, {}):
                    continue
                after = format_amount(parse_cell(spec, typed, {})[0])
            except ValueError as exc:
                problems.append(Problem(f"시트 '{PROGRAM_SHEET}' 행 {read.row}, 열 "
                                        f"'{spec.label}': {exc}", spec.label, read.row))
                continue
            result.program_edits.append(CellEdit(program.id, key, typed))
            result.changes.append(CellChange(PROGRAM_SHEET, read.row, f"{name} · {spec.label}",
                                             program.cell(key), after))


def _typed(spec, key, read, where, programs, problems) -> tuple[bool, object]:
    value = _cell_from_file(key, read.values)
    try:
        parse_cell(spec, value, programs)
    except ValueError as exc:
        problems.append(Problem(f"{where}, 열 '{spec.label}': {exc}", spec.label, read.row))
        return False, value
    return True, value


def _shown(spec, value, programs) -> str:
    parsed = parse_cell(spec, value, programs)
    if spec.kind == "amount":
        return format_amount(*parsed)
    if spec.kind == "program":
        return next((n for n, i in programs.items() if i == parsed), "")
    return str(parsed)


def _line_changes(line: PlanLine, read, where, programs, result, problems) -> None:
    edited = False
    for key, spec in LINE_FIELDS.items():
        ok, value = _typed(spec, key, read, where, programs, problems)
        if not ok:
            continue
        stored = line.cell(key)
        if _same(spec, stored, value, programs):
            continue
        result.line_edits.append(CellEdit(line.id, key, value))
        result.changes.append(CellChange(read.sheet, read.row, f"{line.line_no}번 · {spec.label}",
                                         stored, _shown(spec, value, programs)))
        edited = True
    if edited:
        result.versions[line.id] = line.version


def _new_line(task, read, where, programs, result, problems) -> None:
    values = {}
    for key, spec in LINE_FIELDS.items():
        ok, value = _typed(spec, key, read, where, programs, problems)
        if ok and value not in (None, ""):
            values[key] = value
    if "name" not in values:    # _typed has named the empty 사업명
        return
    result.new_lines.append((task.id, values))
    result.changes.append(CellChange(read.sheet, read.row, "새 줄", "",
                                     f"{values['name']} ({_shown(LINE_FIELDS['amount'], values.get('amount'), programs) or '금액 없음'})"))


def apply_import(session: Session, found: BudgetImport) -> int:
    """Write what :func:`preview_import` found, all in the caller's transaction; returns the
    number of changed cells."""
    budget_plan.apply_edits(session, found.year, found.line_edits, found.versions)
    budget_plan.apply_program_edits(session, found.year, found.program_edits)
    for task_id, values in found.new_lines:
        line_id = budget_plan.add_line(session, task_id)
        budget_plan.apply_edits(session, found.year,
                                [CellEdit(line_id, k, v) for k, v in values.items()])
    return len(found.changes)
