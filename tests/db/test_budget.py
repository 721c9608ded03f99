"""The 2021 budget plan loads with the document's figures to the last 천원: programme totals
9,201,421 / 9,640,031 / 9,718,219, every task's 계, special states kept as states; the check
finds exactly the one known misprint (task 1-3, Q2: 39,060 printed, 39,061 from its lines)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app import paths
from desktop_app.errors import ValidationError
from desktop_app.models import BudgetLine, BudgetTask
from desktop_app.services import budget

FOLDER = paths.resources_dir() / "demo" / "budget"


def _load(database):
    with database.session_scope() as s:
        return budget.load_plan(s, 2021, FOLDER)


def test_the_2021_plan_reproduces_the_documents_tables(database):
    assert _load(database) == (19, 32, 69)
    with database.read_scope() as s:
        totals = budget.program_totals(s, 2021)
        assert (totals.budget, totals.last_year, totals.last_year_final) == (
            9_201_421, 9_640_031, 9_718_219)
        lines = list(s.scalars(select(BudgetLine)))
        tasks = {t.id: t for t in s.scalars(select(BudgetTask))}
        assert sum(line.amount or 0 for line in lines) == 6_074_710
        assert sum(line.last_year or 0 for line in lines) == 5_989_909
        states = {(tasks[line.task_id].code, line.line_no): line.amount_state for line in lines
                  if line.amount_state}
        assert states == {("3-1", 1): "재배정", ("3-1", 2): "재배정별도",
                          ("3-3", 1): "재배정별도", ("4-5", 1): "재배정",
                          ("5-4", 3): "재배정", ("5-7", 1): "비예산"}
        assert next(t for t in tasks.values() if t.code == "5-7").state == "비예산"
        found = budget.check(s, 2021)
    assert [(d.where, d.column, d.expected, d.found) for d in found] == [
        ("실천과제 1-3", "2분기", 39_060, 39_061)]
    assert "차이 +1" in str(found[0])
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="이미 있습니다"):
            budget.load_plan(s, 2021, FOLDER)
        with pytest.raises(ValidationError, match="예산이 없습니다"):
            budget.check(s, 2030)


def _line_id(s, code, no):
    from desktop_app.models import BudgetTask
    return s.scalar(select(BudgetLine.id).join(BudgetTask, BudgetTask.id == BudgetLine.task_id)
                    .where(BudgetTask.code == code, BudgetLine.line_no == no))


def test_spending_changes_and_execution_against_the_plan(database):
    from datetime import date

    from desktop_app.services import budget_execution as ex

    _load(database)
    with database.read_scope() as s:
        line, other, reallocated = _line_id(s, "1-1", 1), _line_id(s, "1-1", 2), \
            _line_id(s, "3-1", 1)
    with database.session_scope() as s:
        assert ex.available(s, line) == 110_070_000          # 110,070천원
        ex.spend(s, line, date(2021, 5, 3), "58,000,000", "연수 운영비", "예산담당",
                 payee="○○출판", evidence_no="2021-0042")
        with pytest.raises(ValidationError, match="남은 예산 52,070,000원보다 많습니다"):
            ex.spend(s, line, date(2021, 8, 3), 60_000_000, "강사수당", "예산담당")
        with pytest.raises(ValidationError, match="재배정 줄"):
            ex.spend(s, reallocated, date(2021, 5, 3), 1000, "x", "예산담당")
        with pytest.raises(ValidationError, match="사유"):
            ex.transfer(s, "전용", other, line, 10_000_000, " ", date(2021, 7, 1), "예산담당")
        ex.transfer(s, "전용", other, line, 10_000_000, "과정 확대", date(2021, 7, 1), "예산담당")
        ex.spend(s, line, date(2021, 8, 3), 60_000_000, "강사수당", "예산담당")
    with database.read_scope() as s:
        rows = {r.line_id: r for r in ex.execution(s, 2021)}
    mine = rows[line]
    assert mine.planned == (0, 58_980_000, 20_640_000, 30_450_000)     # the plan stays as printed
    assert (mine.changes, mine.spent, mine.remaining) == (10_000_000, 118_000_000, 2_070_000)
    assert mine.executed == (0, 58_000_000, 60_000_000, 0)
    assert mine.variance(2) == 58_000_000 - 58_980_000 and mine.rate_pct == 98.3
    assert rows[other].changes == -10_000_000
    assert {g.name: g for g in ex.grouped(list(rows.values()), "task")}["1-1"].spent == 118_000_000
