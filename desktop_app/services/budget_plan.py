"""The year's plan as the budget officer sees and edits it: programmes, tasks and their lines
with the sums computed (never typed), and cell edits checked and written as one change.

One implementation of a cell's rule (:func:`parse_cell`) serves the grid, a pasted block, undo
and redo, and the Excel import: every path hands :func:`apply_edits` a list of
:class:`CellEdit` and gets all of them written in one flush, or none and a Korean message that
names the line and the column.

Amounts are 천원.  A cell's text is a number (``1,234``), a state (``재배정``, ``비예산``), a
number marked as excluding reallocated funds (``(재배정별도) 1,234``), or nothing: "nothing
planned" is an empty cell, never a zero typed for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import ConflictError, NotFoundError, Problem, ValidationError
from ..models import BudgetLine, BudgetProgram, BudgetTask, BudgetTransfer, Spending
from .common import flush_or_conflict

QUARTERS = ("q1", "q2", "q3", "q4")
MAX_AMOUNT = 2_000_000_000        # 천원; the column's integer range, far above any real line
_NUMBER = re.compile(r"^[+]?[\d,]+(\.\d+)?$")


@dataclass(frozen=True)
class CellField:
    """An editable column of a line: its Korean name and which states its amount may take."""

    label: str
    kind: str                      # 'text', 'amount', 'program'
    states: tuple[str, ...] = ()
    max_len: int = 0
    required: bool = False


LINE_FIELDS: dict[str, CellField] = {
    "department": CellField("부서", "text", max_len=20),
    "name": CellField("사업명", "text", max_len=300, required=True),
    "amount": CellField("예산", "amount", ("재배정", "재배정별도", "비예산")),
    "last_year": CellField("전년 예산", "amount", ("재배정", "비예산")),
    **{q: CellField(f"{n}분기", "amount", ("재배정",)) for n, q in enumerate(QUARTERS, 1)},
    **{f"{q}_use": CellField(f"{n}분기 집행내용", "text", max_len=40)
       for n, q in enumerate(QUARTERS, 1)},
    "account_ref": CellField("설명자료 쪽", "text", max_len=30),
    "program": CellField("세부사업", "program"),
}
TASK_FIELDS: dict[str, CellField] = {
    "code": CellField("과제", "code"),
    "goal": CellField("추진과제", "goal"),
    "title": CellField("실천과제명", "text", max_len=200, required=True),
}
TASK_CODE = re.compile(r"^(\d)-(\d{1,2})$")
PROGRAM_FIELDS: dict[str, CellField] = {
    "name": CellField("세부사업", "text", max_len=100, required=True),
    "budget": CellField("예산", "amount"),
    "last_year": CellField("전년 예산", "amount"),
    "last_year_final": CellField("전년 최종예산", "amount"),
}


def format_amount(value: int | None, state: str = "") -> str:
    """A cell's text: '12,345', '재배정', '(재배정별도) 12,345' or '' (nothing planned)."""
    if state in ("재배정", "비예산"):
        return state
    number = f"{value:,}" if value is not None else ""
    return f"(재배정별도) {number}".strip() if state == "재배정별도" else number


def parse_amount(value: object, states: tuple[str, ...]) -> tuple[int | None, str]:
    """A typed, pasted or imported cell → (amount, state); ValueError with the Korean reason."""
    if value is None:
        return None, ""
    if isinstance(value, bool):
        raise ValueError("숫자가 아닙니다.")
    state = ""
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).replace("천원", "").replace("\u00a0", " ").strip()
        if "재배정별도" in text and "재배정별도" in states:
            state = "재배정별도"
            text = text.replace("(재배정별도)", "").replace("재배정별도", "").strip()
            if not text:
                raise ValueError("(재배정별도)는 금액과 함께 적습니다.")
        elif text and text in states:
            return None, text
        elif text in ("", "-", "–", "—"):
            return None, ""
        if not _NUMBER.match(text.replace(" ", "")):
            allowed = ", ".join(s for s in states if s != "재배정별도")
            extra = f" 또는 {allowed}" if allowed else ""
            raise ValueError(f"'{text}'은(는) 금액(천원 단위 숫자){extra}이 아닙니다.")
        try:
            number = Decimal(text.replace(",", "").replace(" ", ""))
        except InvalidOperation:
            raise ValueError(f"'{text}'은(는) 숫자가 아닙니다.") from None
    if not number.is_finite():
        raise ValueError("숫자가 아닙니다.")
    if number != number.to_integral_value():
        raise ValueError("천원 단위의 정수로 적습니다.")
    if number < 0:
        raise ValueError("금액은 0 이상입니다.")
    if number > MAX_AMOUNT:
        raise ValueError(f"금액이 너무 큽니다 (최대 {MAX_AMOUNT:,}천원).")
    return int(number), state


def _text(value: object, spec: CellField) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if spec.required and not text:
        raise ValueError("비워 둘 수 없습니다.")
    if spec.max_len and len(text) > spec.max_len:
        raise ValueError(f"{spec.max_len}자 이내로 적습니다 ({len(text)}자).")
    return text


# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class PlanLine:
    """One line of a task with its computed change and quarter check."""

    id: int
    task_id: int
    task_code: str
    line_no: int
    department: str
    name: str
    account_ref: str
    amount: int | None
    amount_state: str
    last_year: int | None
    last_year_state: str
    quarters: tuple[int | None, int | None, int | None, int | None]
    quarter_states: tuple[str, str, str, str]
    uses: tuple[str, str, str, str]
    program_id: int | None
    program: str
    version: int

    @property
    def change(self) -> int | None:
        """This year less last year (천원), when both are amounts."""
        if self.amount is None or self.last_year is None:
            return None
        return self.amount - self.last_year

    @property
    def change_pct(self) -> float | None:
        change = self.change
        if change is None or not self.last_year:
            return None
        return round(100 * change / self.last_year, 1)

    @property
    def quarter_gap(self) -> int | None:
        """Quarters less the line (0: they add up; None: nothing to compare)."""
        if self.amount is None or all(q is None for q in self.quarters):
            return None
        return sum(q or 0 for q in self.quarters) - self.amount

    def cell(self, key: str) -> str:
        """The cell's text as typed (the grid's edit text, the export's text)."""
        if key == "amount":
            return format_amount(self.amount, self.amount_state)
        if key == "last_year":
            return format_amount(self.last_year, self.last_year_state)
        if key in QUARTERS:
            n = QUARTERS.index(key)
            return format_amount(self.quarters[n], self.quarter_states[n])
        if key.endswith("_use"):
            return self.uses[QUARTERS.index(key[:2])]
        return str(getattr(self, key) or "")


SUM_COLUMNS = ("amount", "last_year", *QUARTERS)
SUM_LABELS = {"amount": "예산", "last_year": "전년 예산", "q1": "1분기", "q2": "2분기",
              "q3": "3분기", "q4": "4분기"}


@dataclass(frozen=True)
class PlanTask:
    """A task with its lines; ``sums`` are the lines' totals (the 계 row), ``printed`` what
    the plan's summary table printed (None where it printed nothing to compare)."""

    id: int
    code: str
    goal: int
    title: str
    state: str
    printed: dict[str, int | None]
    lines: list[PlanLine] = field(default_factory=list)

    @cached_property
    def sums(self) -> dict[str, int]:
        """The 계 row — computed once: the task table reads it for every cell it paints (the
        lines are all added by :func:`read_plan` before anything reads it)."""
        out = {key: 0 for key in SUM_COLUMNS}
        for line in self.lines:
            out["amount"] += line.amount or 0
            out["last_year"] += line.last_year or 0
            for n, q in enumerate(QUARTERS):
                out[q] += line.quarters[n] or 0
        return out

    @property
    def change(self) -> int:
        return self.sums["amount"] - self.sums["last_year"]

    @property
    def change_pct(self) -> float | None:
        last = self.sums["last_year"]
        return round(100 * self.change / last, 1) if last else None

    def differences(self) -> list[tuple[str, int, int]]:
        """(column, printed, from the lines) wherever the printed table disagrees."""
        sums = self.sums
        return [(key, printed, sums[key]) for key, printed in self.printed.items()
                if printed is not None and printed != sums[key]]


@dataclass(frozen=True)
class PlanProgram:
    """A programme with its change against last year computed."""

    id: int
    name: str
    budget: int | None
    last_year: int | None
    last_year_final: int | None

    @property
    def change(self) -> int:
        return (self.budget or 0) - (self.last_year or 0)

    @property
    def change_pct(self) -> float | None:
        return round(100 * self.change / self.last_year, 1) if self.last_year else None

    def cell(self, key: str) -> str:
        value = getattr(self, key)
        return value if key == "name" else format_amount(value)


@dataclass(frozen=True)
class Plan:
    """A year's plan."""

    year: int
    programs: list[PlanProgram]
    tasks: list[PlanTask]

    def line(self, line_id: int) -> PlanLine | None:
        return next((x for t in self.tasks for x in t.lines if x.id == line_id), None)

    def task(self, code: str) -> PlanTask | None:
        return next((t for t in self.tasks if t.code == code), None)


def _four(joined: str, separator: str) -> list[str]:
    """A line's per-quarter column ('재배정,,,' or '연수운영|||') as four texts."""
    return ((joined or "").split(separator) + ["", "", "", ""])[:4]


def years(session: Session) -> list[int]:
    """The fiscal years that have a plan, newest first."""
    return list(session.scalars(select(BudgetTask.year).distinct().order_by(BudgetTask.year.desc())))


def read_plan(session: Session, year: int) -> Plan:
    """The plan of ``year`` (a Korean NotFoundError when there is none)."""
    programs = [PlanProgram(p.id, p.name, p.budget, p.last_year, p.last_year_final)
                for p in session.scalars(select(BudgetProgram).where(BudgetProgram.year == year)
                                         .order_by(BudgetProgram.sort_order, BudgetProgram.id))]
    names = {p.id: p.name for p in programs}
    tasks = {}
    for t in session.scalars(select(BudgetTask).where(BudgetTask.year == year)
                             .order_by(BudgetTask.goal, BudgetTask.code)):
        printed = {"amount": t.printed_budget, "last_year": t.printed_last_year,
                   **{q: getattr(t, f"printed_{q}") for q in QUARTERS}}
        tasks[t.id] = PlanTask(t.id, t.code, t.goal, t.title, t.state, printed)
    if not tasks:
        raise NotFoundError(f"{year}년 예산이 없습니다.", field="연도")
    for line in session.scalars(select(BudgetLine).where(BudgetLine.task_id.in_(tasks))
                                .order_by(BudgetLine.line_no)):
        task = tasks[line.task_id]
        q_states, uses = _four(line.q_states, ","), _four(line.q_uses, "|")
        task.lines.append(PlanLine(
            line.id, task.id, task.code, line.line_no, line.department, line.name,
            line.account_ref, line.amount, line.amount_state, line.last_year,
            line.last_year_state, tuple(getattr(line, q) for q in QUARTERS), tuple(q_states),
            tuple(uses), line.program_id, names.get(line.program_id, ""), line.version))
    return Plan(year, programs, list(tasks.values()))


# ---------------------------------------------------------------------------- writing


NOT_SEEN = object()


@dataclass(frozen=True)
class CellEdit:
    """One cell to write: the line (programme, task), the column key, the new value as typed,
    and — for records without a version — the value the user saw, so a change made meanwhile
    on another PC is refused instead of overwritten."""

    row_id: int
    key: str
    value: object
    before: object = NOT_SEEN


def _changed_meanwhile(spec: CellField, edit: CellEdit, stored: object) -> bool:
    if edit.before is NOT_SEEN:
        return False
    try:
        seen = parse_cell(spec, edit.before, {})
    except ValueError:
        return True
    return (seen[0] if spec.kind == "amount" else seen) != stored


def _where(line: BudgetLine, code: str) -> str:
    return f"{code} {line.line_no}번 줄"


def parse_cell(spec: CellField, value: object, programs: dict[str, int]) -> object:
    """A cell typed, pasted or read from a file → the value stored (ValueError: the reason)."""
    if spec.kind == "amount":
        return parse_amount(value, spec.states)
    if spec.kind == "code":
        code = _text(value, spec).replace("–", "-")
        if not TASK_CODE.match(code):
            raise ValueError(f"'{code}'은(는) 과제 번호(예: 1-1)가 아닙니다.")
        return code
    if spec.kind == "goal":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = _text(value, spec)
        if not (text.isdigit() and 1 <= int(text) <= 9):
            raise ValueError(f"'{text}'은(는) 추진과제 번호(1~9)가 아닙니다.")
        return int(text)
    if spec.kind == "program":
        name = _text(value, spec)
        if name and name not in programs:
            raise ValueError(f"'{name}'은(는) 이 연도의 세부사업이 아닙니다.")
        return programs.get(name)
    return _text(value, spec)


def _set_line(line: BudgetLine, key: str, parsed: object) -> None:
    if key == "amount":
        line.amount, line.amount_state = parsed
    elif key == "last_year":
        line.last_year, line.last_year_state = parsed
    elif key in QUARTERS:
        n = QUARTERS.index(key)
        setattr(line, key, parsed[0])
        states = _four(line.q_states, ",")
        states[n] = parsed[1]
        line.q_states = ",".join(states)
    elif key.endswith("_use"):
        uses = _four(line.q_uses, "|")
        uses[QUARTERS.index(key[:2])] = str(parsed).replace("|", "/")
        line.q_uses = "|".join(uses)
    elif key == "program":
        line.program_id = parsed
    else:
        setattr(line, key, parsed)


def apply_edits(session: Session, year: int, edits: list[CellEdit],
                versions: dict[int, int] | None = None) -> int:
    """Write every edit of lines of ``year`` or none; returns how many lines changed.

    ``versions`` (line id → version the user saw) refuses the whole change when another PC
    changed one of those lines since.
    """
    if not edits:
        return 0
    ids = {e.row_id for e in edits}
    rows = session.execute(select(BudgetLine, BudgetTask.code)
                           .join(BudgetTask, BudgetTask.id == BudgetLine.task_id)
                           .where(BudgetLine.id.in_(ids), BudgetTask.year == year)).all()
    lines = {line.id: (line, code) for line, code in rows}
    programs = dict(session.execute(select(BudgetProgram.name, BudgetProgram.id)
                                    .where(BudgetProgram.year == year)).all())
    problems: list[Problem] = []
    parsed = []
    for edit in edits:
        spec = LINE_FIELDS.get(edit.key)
        if edit.row_id not in lines:
            problems.append(Problem(f"{year}년 예산에 없는 줄입니다.", "예산 줄"))
            continue
        line, code = lines[edit.row_id]
        if spec is None:
            problems.append(Problem(f"{_where(line, code)}: '{edit.key}'은(는) 고칠 수 없는 열입니다."))
            continue
        try:
            parsed.append((line, edit.key, parse_cell(spec, edit.value, programs)))
        except ValueError as exc:
            problems.append(Problem(f"{_where(line, code)} · {spec.label}: {exc}"))
    if problems:
        raise ValidationError(problems)
    if versions:
        stale = [_where(*lines[i]) for i, v in versions.items()
                 if i in lines and lines[i][0].version != v]
        if stale:
            raise ConflictError(f"다른 PC에서 먼저 고친 줄이 있습니다: {', '.join(stale)}. "
                                "다시 읽은 뒤 고치십시오.")
    before = {line.id: _snapshot(line) for line, _key, _value in parsed}
    for line, key, value in parsed:
        _set_line(line, key, value)
    # a cell set to the value it had is no change: SQLAlchemy writes (and versions) only
    # the lines whose values differ
    changed = sum(1 for line, _c in lines.values()
                  if line.id in before and _snapshot(line) != before[line.id])
    flush_or_conflict(session, "예산 줄")    # two PCs at once: the UPDATE's version check
    return changed


def _snapshot(line: BudgetLine) -> tuple:
    return (line.department, line.name, line.account_ref, line.amount, line.amount_state,
            line.last_year, line.last_year_state, line.q1, line.q2, line.q3, line.q4,
            line.q_states, line.q_uses, line.program_id)


def apply_program_edits(session: Session, year: int, edits: list[CellEdit]) -> int:
    """Write programme cells (name and the three figures) of ``year``, all or none."""
    if not edits:
        return 0
    programs = {p.id: p for p in session.scalars(
        select(BudgetProgram).where(BudgetProgram.year == year).with_for_update())}
    problems: list[Problem] = []
    parsed = []
    for edit in edits:
        program = programs.get(edit.row_id)
        spec = PROGRAM_FIELDS.get(edit.key)
        if program is None or spec is None:
            problems.append(Problem(f"{year}년 세부사업의 칸이 아닙니다.", "세부사업"))
            continue
        if _changed_meanwhile(spec, edit, getattr(program, edit.key)):
            raise ConflictError(f"다른 PC에서 세부사업 '{program.name}'의 {spec.label}을(를) 먼저 "
                                "고쳤습니다. 다시 읽은 뒤 고치십시오.")
        try:
            value = parse_cell(spec, edit.value, {})
        except ValueError as exc:
            problems.append(Problem(f"세부사업 '{program.name}' · {spec.label}: {exc}"))
            continue
        parsed.append((program, edit.key, value[0] if spec.kind == "amount" else value))
    names = {p.id: p.name for p in programs.values()}
    names.update({p.id: v for p, k, v in parsed if k == "name"})
    if len(set(names.values())) != len(names):
        problems.append(Problem("같은 이름의 세부사업이 둘 있습니다.", "세부사업"))
    if problems:
        raise ValidationError(problems)
    changed = set()
    for program, key, value in parsed:
        if getattr(program, key) != value:
            setattr(program, key, value)
            changed.add(program.id)
    session.flush()
    return len(changed)


def apply_task_edits(session: Session, year: int, edits: list[CellEdit]) -> int:
    """Write task titles and goal numbers of ``year``, all or none."""
    if not edits:
        return 0
    tasks = {t.id: t for t in session.scalars(
        select(BudgetTask).where(BudgetTask.year == year).with_for_update())}
    problems: list[Problem] = []
    parsed = []
    for edit in edits:
        task, spec = tasks.get(edit.row_id), TASK_FIELDS.get(edit.key)
        if task is None or spec is None or edit.key == "code":
            problems.append(Problem(f"{year}년 실천과제의 칸이 아닙니다.", "실천과제"))
            continue
        if _changed_meanwhile(spec, edit, getattr(task, edit.key)):
            raise ConflictError(f"다른 PC에서 실천과제 {task.code}의 {spec.label}을(를) 먼저 "
                                "고쳤습니다. 다시 읽은 뒤 고치십시오.")
        try:
            parsed.append((task, edit.key, parse_cell(spec, edit.value, {})))
        except ValueError as exc:
            problems.append(Problem(f"실천과제 {task.code} · {spec.label}: {exc}"))
    if problems:
        raise ValidationError(problems)
    changed = 0
    for task, key, value in parsed:
        if getattr(task, key) != value:
            setattr(task, key, value)
            changed += 1
    session.flush()
    return changed


def _new_record(fields: dict[str, CellField], values: dict[str, object],
                what: str) -> dict[str, object]:
    """Every cell of a new record through :func:`parse_cell` (an amount keeps its number), all
    problems named at once."""
    problems: list[Problem] = []
    parsed = {}
    for key, spec in fields.items():
        try:
            value = parse_cell(spec, values.get(key), {})
        except ValueError as exc:
            problems.append(Problem(f"새 {what} · {spec.label}: {exc}"))
            continue
        parsed[key] = value[0] if spec.kind == "amount" else value
    if problems:
        raise ValidationError(problems)
    return parsed


def add_program(session: Session, year: int, values: dict[str, object]) -> int:
    """A new programme of ``year`` from typed cells (name, budget, last_year, last_year_final)."""
    parsed = _new_record(PROGRAM_FIELDS, values, "세부사업")
    if session.scalar(select(BudgetProgram.id).where(BudgetProgram.year == year,
                                                     BudgetProgram.name == parsed["name"])):
        raise ValidationError(f"세부사업 '{parsed['name']}'이(가) 이미 있습니다.", field="세부사업")
    last = session.scalar(select(func.max(BudgetProgram.sort_order))
                          .where(BudgetProgram.year == year))
    program = BudgetProgram(year=year, sort_order=(last or 0) + 1, **parsed)
    session.add(program)
    session.flush()
    return program.id


def add_task(session: Session, year: int, values: dict[str, object]) -> int:
    """A new plan task of ``year`` from typed cells (code, goal — from the code when empty —,
    title)."""
    values = dict(values)
    if values.get("goal") in (None, "") and TASK_CODE.match(str(values.get("code") or "")):
        values["goal"] = str(values["code"]).split("-")[0]
    parsed = _new_record(TASK_FIELDS, values, "실천과제")
    if session.scalar(select(BudgetTask.id).where(BudgetTask.year == year,
                                                  BudgetTask.code == parsed["code"])):
        raise ValidationError(f"실천과제 {parsed['code']}이(가) 이미 있습니다.", field="과제")
    task = BudgetTask(year=year, state="", **parsed)
    session.add(task)
    session.flush()
    return task.id


def add_line(session: Session, task_id: int) -> int:
    """A new empty line at the end of the task (its name to be typed); returns its id."""
    task = session.get(BudgetTask, task_id)
    if task is None:
        raise NotFoundError("실천과제를 찾을 수 없습니다.", field="실천과제")
    last = session.scalar(select(func.max(BudgetLine.line_no))
                          .where(BudgetLine.task_id == task_id)) or 0
    line = BudgetLine(task_id=task_id, line_no=last + 1, name="새 줄", q_states=",,,",
                      q_uses="|||")
    session.add(line)
    session.flush()
    return line.id


def delete_line(session: Session, line_id: int) -> None:
    """Delete a line that has no spending and no recorded change (those keep it)."""
    line = session.get(BudgetLine, line_id)
    if line is None:
        raise NotFoundError("예산 줄을 찾을 수 없습니다.", field="예산 줄")
    spent = session.scalar(select(func.count()).where(Spending.line_id == line_id))
    moved = session.scalar(select(func.count()).where(
        (BudgetTransfer.from_line_id == line_id) | (BudgetTransfer.to_line_id == line_id)))
    if spent or moved:
        code = session.scalar(select(BudgetTask.code).where(BudgetTask.id == line.task_id))
        raise ValidationError(f"{code} {line.line_no}번 줄에는 집행 {spent}건, 전용·변경 {moved}건이 "
                              "있어 지울 수 없습니다.", field="예산 줄")
    session.delete(line)
    session.flush()


def start_year(session: Session, year: int, from_year: int) -> int:
    """A new fiscal year from the structure of ``from_year``: the same programmes, tasks and
    lines, last year's figures filled from it, this year's amounts left to plan."""
    if session.scalar(select(BudgetTask.id).where(BudgetTask.year == year)) is not None:
        raise ValidationError(f"{year}년 예산이 이미 있습니다.", field="연도")
    if not 2000 <= year <= 2100:
        raise ValidationError("연도는 2000~2100 사이입니다.", field="연도")
    source = read_plan(session, from_year)
    program_ids = {}
    for n, p in enumerate(source.programs):
        program = BudgetProgram(year=year, name=p.name, budget=None, last_year=p.budget,
                                last_year_final=p.budget, sort_order=n)
        session.add(program)
        session.flush()
        program_ids[p.id] = program.id
    for t in source.tasks:
        task = BudgetTask(year=year, code=t.code, goal=t.goal, title=t.title, state=t.state)
        session.add(task)
        session.flush()
        session.add_all(BudgetLine(
            task_id=task.id, line_no=x.line_no, department=x.department, name=x.name,
            account_ref=x.account_ref, last_year=x.amount,
            last_year_state=x.amount_state if x.amount_state != "재배정별도" else "",
            q_states=",,,", q_uses="|".join(x.uses), program_id=program_ids.get(x.program_id))
            for x in t.lines)
    session.flush()
    return len(source.tasks)
