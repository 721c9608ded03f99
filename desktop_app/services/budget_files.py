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

from ..errors import ConflictError, Problem, ValidationError
from ..excel.budget_workbook import (PROGRAM_SHEET, TASK_SHEET, LineCells, ProgramCells,
                                     TaskCells, read_budget_workbook, write_budget_workbook)
from . import budget_plan
from .budget_plan import (LINE_FIELDS, PROGRAM_FIELDS, QUARTERS, SUM_LABELS, TASK_FIELDS,
                          CellEdit, Plan, PlanLine, format_amount, parse_cell)

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
    """The year's tables to ``path`` (.xlsx) in the report's shape, totals as formulas; for a
    year without a plan, the empty form (one task sheet to copy) to fill and import."""
    if year not in budget_plan.years(session):
        return write_budget_workbook(Path(path), year, [], [TaskCells("1-1", 1, "", [])])
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
    """What importing a workbook would change; nothing is written until :func:`apply_import`.

    New programmes, tasks and lines are kept as the typed cells and go through the same
    services as one made on screen; on a year without a plan the workbook makes the plan."""

    year: int
    changes: list[CellChange] = field(default_factory=list)
    line_edits: list[CellEdit] = field(default_factory=list)
    program_edits: list[CellEdit] = field(default_factory=list)
    task_edits: list[CellEdit] = field(default_factory=list)
    new_programs: list[dict[str, object]] = field(default_factory=list)
    new_tasks: list[dict[str, object]] = field(default_factory=list)
    new_lines: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # task code
    versions: dict[int, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    creates_year: bool = False


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


class _Reader:
    """Compares a workbook with a year's plan (or with nothing, for a new year)."""

    def __init__(self, plan: Plan | None, year: int) -> None:
        self.plan = plan
        self.result = BudgetImport(year, creates_year=plan is None)
        self.problems: list[Problem] = []
        self.programs = {p.name: p.id for p in plan.programs} if plan else {}

    def bad(self, where: str, spec_label: str, reason: object, row: int) -> None:
        # the message names sheet, row and column itself; Problem's own prefix would repeat it
        self.problems.append(Problem(f"{where}, 열 '{spec_label}': {reason}"))

    def typed(self, spec, key: str, read, where: str, programs) -> tuple[bool, object]:
        value = _cell_from_file(key, read.values)
        try:
            parse_cell(spec, value, programs)
        except ValueError as exc:
            self.bad(where, spec.label, exc, read.row)
            return False, value
        return True, value

    # -------------------------------------------------------------- programmes

    def read_programs(self, rows) -> None:
        existing = {p.name: p for p in self.plan.programs} if self.plan else {}
        seen: set[str] = set()
        for read in rows:
            where = f"시트 '{PROGRAM_SHEET}' 행 {read.row}"
            name = _as_text(read.values.get("name"))
            if not name:
                self.bad(where, "세부사업", "이름이 비었습니다.", read.row)
                continue
            if name in seen:
                self.bad(where, "세부사업", f"'{name}'이(가) 두 번 나옵니다.", read.row)
                continue
            seen.add(name)
            program = existing.get(name)
            if program is None:
                self._new_program(name, read, where)
                continue
            for key in ("budget", "last_year", "last_year_final"):
                spec = PROGRAM_FIELDS[key]
                ok, typed = self.typed(spec, key, read, where, {})
                if not ok or _same(spec, getattr(program, key), typed, {}):
                    continue
                self.result.program_edits.append(CellEdit(program.id, key, typed,
                                                          getattr(program, key)))
                self.result.changes.append(CellChange(
                    PROGRAM_SHEET, read.row, f"{name} · {spec.label}", program.cell(key),
                    format_amount(parse_cell(spec, typed, {})[0])))
        left = [name for name in existing if name not in seen]
        if rows and left:
            self.result.notes.append("파일에 없는 세부사업은 지우지 않고 그대로 둡니다 (이름을 바꾸면 새 "
                                     f"세부사업이 됩니다): {', '.join(left)}")

    def _new_program(self, name: str, read, where: str) -> None:
        values = {"name": name}
        for key in ("budget", "last_year", "last_year_final"):
            ok, typed = self.typed(PROGRAM_FIELDS[key], key, read, where, {})
            if ok:
                values[key] = typed
        self.result.new_programs.append(values)
        self.programs[name] = 0          # a name lines may use; its id comes when it is made
        self.result.changes.append(CellChange(
            PROGRAM_SHEET, read.row, "새 세부사업", "",
            f"{name} ({format_amount(parse_cell(PROGRAM_FIELDS['budget'], values.get('budget'), {})[0]) or '예산 없음'})"))


    # -------------------------------------------------------------- tasks

    def read_tasks(self, rows) -> set[str]:
        """Compare the task table; returns every task code the year will have."""
        existing = {t.code: t for t in self.plan.tasks} if self.plan else {}
        codes = set(existing)
        seen: set[str] = set()
        for read in rows:
            where = f"시트 '{TASK_SHEET}' 행 {read.row}"
            ok, code = self.typed(TASK_FIELDS["code"], "code", read, where, {})
            if not ok:
                continue
            code = parse_cell(TASK_FIELDS["code"], code, {})
            if code in seen:
                self.bad(where, "과제", f"{code}이(가) 두 번 나옵니다.", read.row)
                continue
            seen.add(code)
            task = existing.get(code)
            if task is None:
                self._new_task(code, read, where)
                codes.add(code)
                continue
            for key in ("goal", "title"):
                spec = TASK_FIELDS[key]
                ok, typed = self.typed(spec, key, read, where, {})
                if not ok or parse_cell(spec, typed, {}) == getattr(task, key):
                    continue
                self.result.task_edits.append(CellEdit(task.id, key, typed, getattr(task, key)))
                self.result.changes.append(CellChange(TASK_SHEET, read.row,
                                                      f"{code} · {spec.label}",
                                                      str(getattr(task, key)), _as_text(typed)))
        return codes

    def _new_task(self, code: str, read, where: str) -> None:
        values = {"code": code}
        for key in ("goal", "title"):
            if key == "goal" and read.values.get("goal") in (None, ""):
                continue        # add_task takes it from the code (1-3 is under goal 1)
            ok, typed = self.typed(TASK_FIELDS[key], key, read, where, {})
            if ok:
                values[key] = typed
        self.result.new_tasks.append(values)
        self.result.changes.append(CellChange(TASK_SHEET, read.row, "새 실천과제", "",
                                              f"{code} {_as_text(values.get('title'))}"))

    # -------------------------------------------------------------- lines

    def read_lines(self, code: str, rows) -> None:
        task = self.plan.task(code) if self.plan else None
        by_no = {x.line_no: x for x in task.lines} if task else {}
        seen: set[int] = set()
        for read in rows:
            where = f"시트 '{code}' 행 {read.row}"
            number = read.values.get("line_no")
            if number in (None, ""):
                if any(read.values.get(k) not in (None, "") for k in LINE_FIELDS):
                    self._new_line(code, read, where)
                continue
            if number not in by_no and task is None and isinstance(number, int):
                self._new_line(code, read, where)     # a new task's lines keep no numbers
                continue
            if not isinstance(number, int) or number not in by_no:
                self.problems.append(Problem(f"{where}: 번호 '{number}'인 줄이 {code}에 없습니다 "
                                             "(새 줄은 번호를 비워 두십시오)."))
                continue
            if number in seen:
                self.problems.append(Problem(f"{where}: 번호 {number}이(가) 두 번 나옵니다."))
                continue
            seen.add(number)
            self._line_changes(by_no[number], read, where)
        missing = [f"{code} {n}번" for n in by_no if n not in seen]
        if missing:
            self.result.notes.append(f"파일에 없는 줄은 지우지 않고 그대로 둡니다: {', '.join(missing)}")

    def _line_changes(self, line: PlanLine, read, where) -> None:
        edited = False
        for key, spec in LINE_FIELDS.items():
            ok, value = self.typed(spec, key, read, where, self.programs)
            if not ok:
                continue
            stored = line.cell(key)
            if _same(spec, stored, value, self.programs):
                continue
            self.result.line_edits.append(CellEdit(line.id, key, value))
            self.result.changes.append(CellChange(read.sheet, read.row,
                                                  f"{line.line_no}번 · {spec.label}", stored,
                                                  self._shown(spec, value)))
            edited = True
        if edited:
            self.result.versions[line.id] = line.version

    def _new_line(self, code: str, read, where) -> None:
        values = {}
        for key, spec in LINE_FIELDS.items():
            ok, value = self.typed(spec, key, read, where, self.programs)
            if ok and value not in (None, ""):
                values[key] = value
        if "name" not in values:    # typed() has named the empty 사업명
            return
        task = self.plan.task(code) if self.plan else None
        if task is not None and any(x.name == str(values["name"]).strip() for x in task.lines):
            self.result.notes.append(
                f"{where}: 새 줄 '{values['name']}'과(와) 같은 이름의 줄이 {code}에 이미 있습니다. "
                "같은 파일을 두 번 가져오면 줄이 두 번 생깁니다 — 고칠 줄이면 번호를 적으십시오.")
        self.result.new_lines.append((code, values))
        amount = self._shown(LINE_FIELDS["amount"], values.get("amount")) or "금액 없음"
        self.result.changes.append(CellChange(read.sheet, read.row, "새 줄", "",
                                              f"{values['name']} ({amount})"))

    def _shown(self, spec, value) -> str:
        if spec.kind == "amount":
            return format_amount(*parse_cell(spec, value, self.programs))
        return _as_text(value)


def preview_import(session: Session, year: int, path: Path) -> BudgetImport:
    """Every cell the workbook would change in ``year``'s plan — or, for a year without a plan,
    the plan it would make (a Korean ValidationError naming sheet, row and column for each
    cell that cannot be taken, and nothing else)."""
    book = read_budget_workbook(Path(path))
    if book.year is not None and book.year != year:
        raise ValidationError(f"이 파일은 {book.year}년 예산입니다 ({year}년을 가져오려 했습니다).",
                              field="연도")
    plan = budget_plan.read_plan(session, year) if year in budget_plan.years(session) else None
    reader = _Reader(plan, year)
    reader.read_programs(book.programs)
    codes = reader.read_tasks(book.tasks)
    for code, rows in book.lines.items():
        if code not in codes:
            reader.problems.append(Problem(f"시트 '{code}': '{TASK_SHEET}' 시트에 없는 과제입니다 "
                                           f"(과제 표에 {code} 줄을 넣으십시오)."))
            continue
        reader.read_lines(code, rows)
    if plan is None and not book.tasks:
        reader.problems.append(Problem(f"{year}년 예산이 없어 새로 만들려면 '{TASK_SHEET}' 시트에 "
                                       "과제가 있어야 합니다."))
    if reader.problems:
        raise ValidationError(reader.problems)
    if plan is None:
        reader.result.notes.insert(0, f"{year}년 예산이 없어 이 파일로 새로 만듭니다.")
    return reader.result


def apply_import(session: Session, found: BudgetImport) -> int:
    """Write what :func:`preview_import` found, all in the caller's transaction; returns the
    number of changed cells."""
    year = found.year
    if found.creates_year and year in budget_plan.years(session):
        raise ConflictError(f"그사이 {year}년 예산이 만들어졌습니다. 다시 가져오십시오.")
    for values in found.new_programs:
        budget_plan.add_program(session, year, values)
    for values in found.new_tasks:
        budget_plan.add_task(session, year, values)
    budget_plan.apply_program_edits(session, year, found.program_edits)
    budget_plan.apply_task_edits(session, year, found.task_edits)
    budget_plan.apply_edits(session, year, found.line_edits, found.versions)
    if found.new_lines:
        plan = budget_plan.read_plan(session, year)
        for code, values in found.new_lines:
            line_id = budget_plan.add_line(session, plan.task(code).id)
            budget_plan.apply_edits(session, year,
                                    [CellEdit(line_id, k, v) for k, v in values.items()])
    return len(found.changes)
