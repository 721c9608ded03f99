"""The budget plan: loading a year (the demo's 2021 from ``domain/data`` figures, unchanged),
the sums a budget officer relies on, and the check that lists every sum that does not hold.

Sums, all in 천원: a line's quarters add up to the line; a task's lines add up to the task (per
year and per quarter) and to what the plan's summary table printed for it; the programmes add
up to the total the plan printed.  Special states (재배정, 비예산) carry no amount and are left out
of the sums, never counted as zero by mistake.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..models import BudgetLine, BudgetProgram, BudgetTask

QUARTERS = ("q1", "q2", "q3", "q4")
STATE_IN_NOTE = re.compile(r"(budget_2021|budget_2020|q[1-4])=(재배정|비예산)")


def _int(text: str) -> int | None:
    text = (text or "").replace(",", "").strip()
    return int(text) if text.lstrip("-").isdigit() else None


def _states(note: str) -> dict[str, str]:
    """'budget_2021=재배정; q2=재배정' → {'budget_2021': '재배정', 'q2': '재배정'}."""
    return dict(STATE_IN_NOTE.findall(note or ""))


def load_plan(session: Session, year: int, folder: Path) -> tuple[int, int, int]:
    """Read ``budget_programs.csv``, ``budget_tasks.csv`` and ``budget_lines.csv`` of ``folder``
    as the plan of ``year`` (figures unchanged); returns (programmes, tasks, lines)."""
    if session.scalar(select(BudgetTask.id).where(BudgetTask.year == year)) is not None:
        raise ValidationError(f"{year}년 예산이 이미 있습니다.", field="연도")
    with (folder / "budget_programs.csv").open(encoding="utf-8") as f:
        programs = [r for r in csv.DictReader(f) if r["is_total"] != "1"]
    with (folder / "budget_tasks.csv").open(encoding="utf-8") as f:
        tasks = list(csv.DictReader(f))
    with (folder / "budget_lines.csv").open(encoding="utf-8") as f:
        lines = list(csv.DictReader(f))
    session.execute(insert(BudgetProgram), [dict(
        year=year, name=r["program"], budget=_int(r["budget_2021"]),
        last_year=_int(r["budget_2020"]), last_year_final=_int(r["final_2020"]), sort_order=n)
        for n, r in enumerate(programs)])
    task_ids = {}
    for r in tasks:
        state = _states(r["note"]).get("budget_2021", "")
        task = BudgetTask(year=year, code=r["code"], goal=int(r["goal"]), title=r["title"],
                          state="비예산" if state == "비예산" else "",
                          printed_budget=_int(r["budget_2021"]),
                          printed_last_year=_int(r["budget_2020"]),
                          **{f"printed_{q}": _int(r[q]) for q in QUARTERS})
        session.add(task)
        session.flush()
        task_ids[r["code"]] = task.id
    rows = []
    for r in lines:
        states = _states(r["note"])
        amount_state = states.get("budget_2021", "")
        if not amount_state and "(재배정별도)" in r["note"]:
            amount_state = "재배정별도"
        rows.append(dict(
            task_id=task_ids[r["task_code"]], line_no=int(r["line_no"]),
            department=r["department_tag"], name=r["line_name"], account_ref=r["account_code"],
            amount=_int(r["budget_2021"]), amount_state=amount_state,
            last_year=_int(r["budget_2020"]), last_year_state=states.get("budget_2020", ""),
            **{q: _int(r[q]) for q in QUARTERS},
            q_states=",".join(states.get(q, "") for q in QUARTERS),
            q_uses="|".join(r[f"{q}_use"] for q in QUARTERS), note=r["note"], version=1))
    session.execute(insert(BudgetLine), rows)
    return len(programs), len(tasks), len(rows)


@dataclass(frozen=True)
class Totals:
    """A year's programme totals, 천원."""

    budget: int
    last_year: int
    last_year_final: int


def program_totals(session: Session, year: int) -> Totals:
    rows = session.execute(select(BudgetProgram.budget, BudgetProgram.last_year,
                                  BudgetProgram.last_year_final)
                           .where(BudgetProgram.year == year)).all()
    return Totals(*(sum(r[i] or 0 for r in rows) for i in range(3)))


@dataclass(frozen=True)
class Difference:
    """A sum that does not hold: where, which column, the figure it should be and the sum found
    (a line's quarters against the line, a task's lines against the printed plan)."""

    where: str
    column: str
    expected: int
    found: int

    def __str__(self) -> str:
        if self.column == "분기 합":
            said = f"분기 합 {self.found:,} ≠ 예산 {self.expected:,}"
        else:
            said = f"내역 합계 {self.found:,} ≠ 인쇄된 값 {self.expected:,}"
        return f"{self.where} {self.column}: {said} (차이 {self.found - self.expected:+,})"


def differences(plan) -> list[Difference]:
    """Every sum of a read plan (:class:`budget_plan.Plan`) that does not hold."""
    from .budget_plan import SUM_LABELS

    found = []
    for task in plan.tasks:
        for line in task.lines:
            gap = line.quarter_gap
            if gap:
                found.append(Difference(f"{task.code} {line.line_no}번 줄", "분기 합",
                                        line.amount, line.amount + gap))
        found += [Difference(f"실천과제 {task.code}", SUM_LABELS[key], printed, total)
                  for key, printed, total in task.differences()]
    return found


def check(session: Session, year: int) -> list[Difference]:
    """Every sum of the year that does not hold (an empty list: all add up)."""
    from .budget_plan import read_plan      # the plan's sums, computed in one place

    return differences(read_plan(session, year))    # no plan: read_plan says so
