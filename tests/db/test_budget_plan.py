"""Editing the plan: every edit of a change written or none (the refusal names the line and
the column, the database as before); a line another PC changed is refused; the same value
typed again is no change; lines added and (without spending) deleted; a new year from the old;
execution grouped per task, department and programme with behind / ahead."""

from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.errors import ConflictError, ValidationError
from desktop_app.models import BudgetLine
from desktop_app.services import budget, budget_plan
from desktop_app.services import budget_execution as ex
from desktop_app.services.budget_plan import CellEdit
from tests.db.test_budget import _line_id, _load


def _snapshot(database):
    with database.read_scope() as s:
        return [(x.id, x.amount, x.q1, x.q2, x.q_states, x.name, x.version, x.program_id)
                for x in s.scalars(select(BudgetLine).order_by(BudgetLine.id))]


def test_edits_are_written_together_and_checked_as_typed(database):
    _load(database)
    with database.read_scope() as s:
        first, second = _line_id(s, "1-1", 1), _line_id(s, "1-1", 2)
        plan = budget_plan.read_plan(s, 2021)
    line = plan.line(first)
    assert (line.change, line.change_pct, line.quarter_gap) == (36_820, 50.3, 0)
    assert plan.task("1-1").sums["amount"] == 170_070 and plan.task("1-1").change == 13_420
    with database.session_scope() as s:
        changed = budget_plan.apply_edits(s, 2021, [
            CellEdit(first, "amount", "120,000"), CellEdit(first, "q1", "재배정"),
            CellEdit(second, "name", "국어 직무연수 16과정"),
            CellEdit(second, "program", "교원연수운영")], {first: line.version})
    assert changed == 2
    with database.read_scope() as s:
        plan = budget_plan.read_plan(s, 2021)
        found = budget.check(s, 2021)
    line = plan.line(first)
    assert (line.amount, line.quarters[0], line.quarter_states[0]) == (120_000, None, "재배정")
    assert line.quarter_gap == 58_980 + 20_640 + 30_450 - 120_000
    assert plan.line(second).program == "교원연수운영"
    # the check sees the line and the task at once
    assert ("1-1 1번 줄", "분기 합") in [(d.where, d.column) for d in found]
    assert ("실천과제 1-1", "예산") in [(d.where, d.column) for d in found]


def test_one_bad_cell_refuses_the_whole_change_naming_line_and_column(database):
    _load(database)
    with database.read_scope() as s:
        first, second = _line_id(s, "1-1", 1), _line_id(s, "1-1", 2)
    before = _snapshot(database)
    with database.session_scope() as s:
        with pytest.raises(ValidationError) as refused:
            budget_plan.apply_edits(s, 2021, [
                CellEdit(first, "amount", "1"), CellEdit(second, "q2", "반액"),
                CellEdit(second, "name", "")])
    message = refused.value.message
    assert "1-1 2번 줄 · 2분기: '반액'" in message and "1-1 2번 줄 · 사업명: 비워 둘 수" in message
    assert _snapshot(database) == before
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="없는 줄"):
            budget_plan.apply_edits(s, 2030, [CellEdit(first, "amount", "1")])
        with pytest.raises(ValidationError, match="고칠 수 없는 열"):
            budget_plan.apply_edits(s, 2021, [CellEdit(first, "change", "1")])
    assert _snapshot(database) == before


def test_a_line_changed_elsewhere_is_refused_and_the_same_value_is_no_change(database):
    _load(database)
    with database.read_scope() as s:
        first = _line_id(s, "1-1", 1)
        seen = budget_plan.read_plan(s, 2021).line(first).version
    with database.session_scope() as s:      # the same text again: nothing written
        assert budget_plan.apply_edits(s, 2021, [CellEdit(first, "amount", "110070")]) == 0
    assert _snapshot(database)[0][6] == seen
    with database.session_scope() as s:      # another PC
        budget_plan.apply_edits(s, 2021, [CellEdit(first, "amount", "110,000")])
    before = _snapshot(database)
    with database.session_scope() as s:
        with pytest.raises(ConflictError, match="1-1 1번 줄"):
            budget_plan.apply_edits(s, 2021, [CellEdit(first, "amount", "1")], {first: seen})
    assert _snapshot(database) == before


def test_programmes_lines_added_and_deleted_and_a_new_year(database):
    _load(database)
    with database.read_scope() as s:
        plan = budget_plan.read_plan(s, 2021)
        first = _line_id(s, "1-1", 1)
    teachers = plan.programs[0]
    assert (teachers.name, teachers.change, teachers.change_pct) == ("교원연수운영", 36_892, 1.0)
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="같은 이름"):
            budget_plan.apply_program_edits(s, 2021, [CellEdit(teachers.id, "name",
                                                                 plan.programs[1].name)])
        with pytest.raises(ValidationError, match="교원연수운영' · 예산"):
            budget_plan.apply_program_edits(s, 2021, [CellEdit(teachers.id, "budget", "재배정")])
        assert budget_plan.apply_program_edits(
            s, 2021, [CellEdit(teachers.id, "budget", "3,900,000")]) == 1
        task = plan.task("1-1")
        added = budget_plan.add_line(s, task.id)
        ex.spend(s, first, date(2021, 5, 1), 1000, "강사수당", "예산담당")
    with database.read_scope() as s:
        assert budget.program_totals(s, 2021).budget == 9_201_421 - 3_827_983 + 3_900_000
        plan = budget_plan.read_plan(s, 2021)
    assert [x.line_no for x in plan.task("1-1").lines] == [1, 2, 3]
    assert plan.line(added).name == "새 줄" and plan.line(added).amount is None
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="집행 1건"):
            budget_plan.delete_line(s, first)
        budget_plan.delete_line(s, added)
        assert budget_plan.start_year(s, 2022, 2021) == 32
        with pytest.raises(ValidationError, match="이미 있습니다"):
            budget_plan.start_year(s, 2022, 2021)
    with database.read_scope() as s:
        assert budget_plan.years(s) == [2022, 2021]
        new = budget_plan.read_plan(s, 2022)
    line = new.task("1-1").lines[0]
    assert (line.amount, line.last_year, line.uses[1]) == (None, 110_070, "연수운영")
    assert new.programs[0].last_year == 3_900_000 and new.programs[0].budget is None
    assert new.task("3-1").lines[0].last_year_state == "재배정"
    assert new.task("1-3").differences() == []       # nothing printed yet for the new year


def test_execution_grouped_with_behind_and_ahead(database):
    _load(database)
    with database.read_scope() as s:
        first, second = _line_id(s, "1-1", 1), _line_id(s, "1-1", 2)
    with database.session_scope() as s:
        budget_plan.apply_edits(s, 2021, [CellEdit(first, "program", "교원연수운영")])
        ex.spend(s, first, date(2021, 4, 10), 58_980_000, "연수운영", "예산담당")   # Q2 as planned
        ex.spend(s, second, date(2021, 5, 10), 10_000_000, "연수운영", "예산담당")  # of 37,500,000
        ex.spend(s, second, date(2021, 2, 1), 1_000_000, "선금", "예산담당")    # nothing planned
    with database.read_scope() as s:
        rows = ex.execution(s, 2021)
    by_line = {r.line_id: r for r in rows}
    assert by_line[first].standing(2) == "" and by_line[second].standing(2) == "부진"
    assert by_line[second].standing(1) == "초과" and by_line[first].standing(1) == ""
    tasks = {g.name: g for g in ex.grouped(rows, "task")}
    assert tasks["1-1"].spent == 69_980_000 and tasks["1-1"].budget == 170_070_000
    programs = {g.name: g for g in ex.grouped(rows, "program")}
    assert programs["교원연수운영"].spent == 58_980_000 and "미지정" in programs
    assert list(programs)[-1] == "미지정"
    departments = {g.name for g in ex.grouped(rows, "department")}
    assert {"초등", "중등", "교행"} <= departments
    assert ex.grouped(rows, "line") is rows
    with pytest.raises(ValidationError, match="묶음"):
        ex.grouped(rows, "week")
    assert ex.quarter_end(2021, 1) == date(2021, 3, 31) and ex.quarter_end(2021, 4) == date(2021, 12, 31)


def test_figures_as_of_a_quarter_are_not_moved_by_later_entries(database):
    _load(database)
    with database.read_scope() as s:
        first, second = _line_id(s, "1-1", 1), _line_id(s, "1-1", 2)
    with database.session_scope() as s:
        ex.spend(s, first, date(2021, 5, 3), 50_000_000, "연수운영", "예산담당")
        ex.spend(s, first, date(2021, 8, 3), 20_000_000, "연수운영", "예산담당")
        ex.transfer(s, "전용", second, first, 3_000_000, "3분기 증설", date(2021, 7, 2), "예산담당")
    with database.read_scope() as s:
        line = {r.line_id: r for r in ex.execution(s, 2021)}[first]
    assert line.changed == (0, 0, 3_000_000, 0)
    assert (line.budget_at(2), line.spent_to(2), line.remaining_at(2)) == (
        110_070_000, 50_000_000, 60_070_000)
    assert line.rate_at(2) == 45.4 and line.rate_pct == round(100 * 70 / 113.07, 1)
    assert line.budget == 113_070_000 and line.changes == 3_000_000


def test_spending_and_changes_keep_to_the_lines_year_and_amounts_read_one_way(database):
    _load(database)
    with database.session_scope() as s:
        budget_plan.start_year(s, 2022, 2021)
    with database.read_scope() as s:
        first = _line_id(s, "1-1", 1)
        plan_2022 = budget_plan.read_plan(s, 2022)
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="2021년 안이어야"):
            ex.spend(s, first, date(2022, 1, 3), 1000, "연수운영", "예산담당")
        with pytest.raises(ValidationError, match="서로 다른 회계연도"):
            ex.transfer(s, "전용", first, plan_2022.task("1-1").lines[0].id, 1000, "이월",
                        date(2021, 12, 1), "예산담당")
        with pytest.raises(ValidationError, match="2,147,483,647원까지"):
            ex.spend(s, first, date(2021, 5, 1), "3,000,000,000", "연수운영", "예산담당")
        assert ex.spend(s, first, date(2021, 5, 1), "1,000원", "연수운영", "예산담당")
    assert ex.parse_won("1,250,000") == 1_250_000 and ex.parse_won(12.0) == 12
    assert ex.parse_won("0") is None and ex.parse_won("-5") is None and ex.parse_won(True) is None


def test_a_programme_changed_elsewhere_since_it_was_seen_is_refused(database):
    _load(database)
    with database.read_scope() as s:
        program = budget_plan.read_plan(s, 2021).programs[0]
    with database.session_scope() as s:           # another PC
        budget_plan.apply_program_edits(s, 2021, [CellEdit(program.id, "budget", "1")])
    with database.session_scope() as s:
        with pytest.raises(ConflictError, match="교원연수운영"):
            budget_plan.apply_program_edits(
                s, 2021, [CellEdit(program.id, "budget", "2", before=program.cell("budget"))])
    with database.read_scope() as s:
        assert budget_plan.read_plan(s, 2021).programs[0].budget == 1
