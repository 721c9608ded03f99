"""Instructor pay on a run's timetable: computed per day and grade, withholding as other
income, a line adjusted with its reason, approved, paid into spending entries of the budget
line (all or none), the sheet as .xlsx and PDF, and the year's ledger."""

from datetime import date, time

import openpyxl
import pytest
from sqlalchemy import select

from desktop_app.errors import ValidationError
from desktop_app.models import Spending
from desktop_app.services import budget, instructors, pay, pay_print, timetable
from desktop_app.services.instructors import InstructorProfile
from desktop_app.services.persons import PersonFields
from tests.db.test_budget import FOLDER, _line_id
from tests.factories import make_course, make_run


def _setup(database):
    with database.session_scope() as s:
        budget.load_plan(s, 2021, FOLDER)
        first = instructors.register(s, InstructorProfile(pay_grade="1급"), person=PersonFields(
            name="김강사", birth_date=date(1975, 3, 2), organization="서울가온초등학교"))
        second = instructors.register(s, InstructorProfile(pay_grade="3급"), person=PersonFields(
            name="박강사", birth_date=date(1980, 1, 2)))
    course = make_course(database)
    run_id = make_run(database, course, start=date(2021, 5, 10), end=date(2021, 5, 11))
    day1, day2 = date(2021, 5, 10), date(2021, 5, 11)
    with database.session_scope() as s:
        timetable.save(s, run_id, 0, [
            timetable.PeriodRow(day1, time(9), time(9, 50), "1교시", "김강사 (서울가온초등학교)"),
            timetable.PeriodRow(day1, time(10), time(10, 50), "2교시", "김강사"),
            timetable.PeriodRow(day1, time(11), time(11, 50), "3교시", "김강사"),
            timetable.PeriodRow(day2, time(9), time(9, 50), "4교시", "김강사"),
            timetable.PeriodRow(day2, time(10), time(10, 50), "5교시", "박강사")])
    return run_id, first, second


def test_a_sheet_from_the_timetable_adjusted_approved_and_paid(database, tmp_path):
    run_id, first, _second = _setup(database)
    with database.session_scope() as s:
        sheet_id = pay.prepare(s, run_id)
    with database.read_scope() as s:
        view = pay.sheet_view(s, run_id)
    kim = next(x for x in view.lines if x.instructor.startswith("김강사"))
    park = next(x for x in view.lines if x.instructor.startswith("박강사"))
    # 1급: day one 3 hours (200,000 + 2 × 150,000), day two 1 hour (200,000)
    assert (kim.periods, kim.days, kim.lecture_fee) == (4, 2, 700_000)
    assert (kim.income_tax, kim.local_tax) == (56_000, 5_600)     # taxable 280,000
    assert (park.lecture_fee, park.income_tax) == (100_000, 0)      # taxable 40,000 ≤ 50,000
    assert view.total("net") == 700_000 - 61_600 + 100_000
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="사유"):
            pay.adjust(s, kim.id, lecture_fee="650,000", manuscript_pages=2, travel_fee=0,
                       reason=" ")
        pay.adjust(s, kim.id, lecture_fee="650,000", manuscript_pages=2, travel_fee="30000",
                   reason="1교시 단축")
        pay.prepare(s, run_id)                        # again: the adjusted line stays
    with database.read_scope() as s:
        kim = next(x for x in pay.sheet_view(s, run_id).lines if x.instructor.startswith("김"))
    assert (kim.lecture_fee, kim.manuscript_fee, kim.travel_fee) == (650_000, 26_000, 30_000)
    assert kim.income_tax == 54_080 and kim.reason == "1교시 단축"   # (676,000 × 40 %) × 20 %
    with database.session_scope() as s:
        line = _line_id(s, "1-1", 1)
        with pytest.raises(ValidationError, match="승인된 명세만"):
            pay.pay(s, sheet_id, line, date(2021, 5, 20), "예산담당")
        pay.approve(s, sheet_id, "팀장")
        with pytest.raises(ValidationError, match="고칠 수 없습니다"):
            pay.adjust(s, kim.id, lecture_fee=1, manuscript_pages=0, travel_fee=0, reason="x")
    with database.session_scope() as s:                # a line without budget: nothing paid
        reallocated = _line_id(s, "3-1", 1)
        with pytest.raises(ValidationError, match="재배정 줄"):
            pay.pay(s, sheet_id, reallocated, date(2021, 5, 20), "예산담당")
    with database.read_scope() as s:
        assert s.scalar(select(Spending.id)) is None
        assert pay.sheet_view(s, run_id).status == "승인"
    with database.session_scope() as s:
        assert pay.pay(s, sheet_id, _line_id(s, "1-1", 1), date(2021, 5, 20), "예산담당") == 2
    with database.read_scope() as s:
        spent = [(x.amount, x.description, x.run_id)
                 for x in s.scalars(select(Spending).order_by(Spending.amount))]
        ledger = pay.payment_ledger(s, 2021)
        pay_print.export_sheet(s, run_id, tmp_path / "명세.xlsx")
        pay_print.export_sheet(s, run_id, tmp_path / "명세.pdf")
        pay_print.export_ledger(s, 2021, tmp_path / "대장.xlsx")
    assert [x[0] for x in spent] == [100_000, 706_000]
    assert spent[1][1].endswith("강사수당 김강사") and spent[1][2] == run_id
    assert [(r.instructor, r.taxed, r.travel) for r in ledger] == [
        ("김강사", 676_000, 30_000), ("박강사", 100_000, 0)]
    sheet = openpyxl.load_workbook(tmp_path / "명세.xlsx").active
    assert [c.value for c in sheet[4]][:2] == ["계", None]
    assert (tmp_path / "명세.pdf").read_bytes().startswith(b"%PDF")
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="이미 지급"):
            pay.prepare(s, run_id)


def test_a_sheet_needs_instructors_with_grades(database):
    run_id, first, _second = _setup(database)
    with database.session_scope() as s:
        detail = instructors.instructor_detail(s, first)
        instructors.update_profile(s, first, detail.version, InstructorProfile(pay_grade=""))
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="김강사: 강사료 등급"):
            pay.prepare(s, run_id)
    other = make_run(database, make_course(database), start=date(2021, 6, 1), end=date(2021, 6, 1))
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="강사 명단의 강사가 없습니다"):
            pay.prepare(s, other)


def test_a_sheet_changed_elsewhere_and_a_paid_spending_kept(database, tmp_path):
    from desktop_app.errors import ConflictError
    from desktop_app.services import budget_execution

    run_id, _first, _second = _setup(database)
    with database.session_scope() as s:
        pay.prepare(s, run_id)
    with database.read_scope() as s:
        seen = pay.sheet_view(s, run_id)
    with database.session_scope() as s:               # another PC raises a line
        pay.adjust(s, seen.lines[0].id, lecture_fee="9,000,000", manuscript_pages=0,
                   travel_fee=0, reason="다른 PC")
    with database.session_scope() as s:
        with pytest.raises(ConflictError):
            pay.check_version(s, seen.id, seen.version)
    with database.read_scope() as s:
        fresh = pay.sheet_view(s, run_id)
    with database.session_scope() as s:
        pay.check_version(s, fresh.id, fresh.version)
        pay.approve(s, fresh.id, "팀장")
        pay.pay(s, fresh.id, _line_id(s, "1-2", 1), date(2021, 5, 20), "예산담당")
    with database.session_scope() as s:
        spent = s.scalar(select(Spending.id))
        with pytest.raises(ValidationError, match="강사수당 명세로 지급한 집행"):
            budget_execution.delete_spending(s, spent)
