"""The demo year: every course row of the plan, figures unchanged, runs dated from the text."""

import csv
from collections import defaultdict
from datetime import date

import pytest

from desktop_app import paths
from desktop_app.errors import ValidationError
from desktop_app.models import Course, CourseRun, DepartmentTarget, Person
from desktop_app.services import courses, demo, runs
from tests.factories import make_person


def _plan():
    with (paths.resources_dir() / "demo" / "courses.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def demo_db(database):
    with database.session_scope() as s:
        summary = demo.load(s)
    return database, summary


def test_every_course_row_becomes_a_course_with_runs(demo_db):
    database, summary = demo_db
    plan = _plan()
    course_rows = [r for r in plan if r["row_kind"] == "course"]
    assert summary.courses == len(course_rows) == 210
    assert summary.targets == sum(r["row_kind"] == "target_summary" for r in plan) == 75
    with database.read_scope() as s:
        by_ref = {c.source_ref: c for c in s.query(Course)}
        run_counts = defaultdict(int)
        capacities = defaultdict(int)
        for run in s.query(CourseRun):
            run_counts[run.course_id] += 1
            capacities[run.course_id] += run.capacity or 0
        assert set(by_ref) == {r["course_id"] for r in course_rows}
        for row in course_rows:
            course = by_ref[row["course_id"]]
            assert course.title == row["title"] and course.year == 2021
            assert course.plan_task_code == row["task_code"]
            assert run_counts[course.id] == (int(row["course_count"]) if row["course_count"]
                                             else 1)
            if row["planned_people"]:
                assert capacities[course.id] == int(row["planned_people"])
                assert course.planned_people == int(row["planned_people"])
        # targets are their own rows, never courses
        assert s.query(DepartmentTarget).count() == 75
        assert not {r["course_id"] for r in plan if r["row_kind"] == "target_summary"} & set(
            by_ref)


def test_runs_are_dated_from_the_schedule_text(demo_db):
    database, _ = demo_db
    with database.read_scope() as s:
        def dates(ref):
            course = s.query(Course).filter_by(source_ref=ref).one()
            return [(r.start_date, r.end_date) for r in runs.runs_of_course(s, course.id)]

        assert dates("C013") == [(date(2021, 4, 1), date(2021, 4, 30)),
                                 (date(2021, 9, 1), date(2021, 9, 30))]      # '21.4월, 9월
        assert dates("C030") == [(date(2021, 1, 1), date(2021, 6, 30)),
                                 (date(2021, 7, 1), date(2021, 12, 31))]     # 상·하반기
        assert dates("C289") == [(date(2022, 1, 1), date(2022, 1, 31))] * 2  # '22.1월
        assert dates("C174") == [(date(2021, 1, 1), date(2021, 10, 31))]     # 미정 → 목표 일정
        note = s.query(CourseRun).join(Course).filter(Course.source_ref == "C174").one().note
        assert "미정" in note and "1~10월" in note


def test_categories_and_departments_follow_the_plan(demo_db):
    database, _ = demo_db
    with database.read_scope() as s:
        cats = {c.category for c in s.query(Course)}
        assert cats <= {"자격연수", "직무연수", "특별연수", "원격연수", "교육훈련", "자율연수"}
        civil = s.query(Course).filter_by(source_ref="C199").one()
        assert (civil.category, civil.department, civil.hours) == ("교육훈련", "교육행정연수부", 105)
        remote = s.query(Course).filter_by(source_ref="C010").one()
        assert (remote.delivery, remote.department) == ("원격", "기획평가부")


def test_department_targets_are_shown_beside_their_courses(demo_db):
    database, _ = demo_db
    with database.read_scope() as s:
        rows = {(t.task_code, t.dept_tag): t for t in courses.department_targets(s, 2021)}
    target = rows[("1-1", "초등")]
    assert (target.planned_runs, target.planned_people) == (63, 1380)
    assert (target.course_planned_runs, target.course_planned_people) == (63, 1380)
    mismatch = rows[("1-2", "교행")]
    assert (mismatch.planned_runs, mismatch.course_planned_runs) == (11, 25)


def test_invented_people_are_labelled_and_rosters_exist(demo_db):
    database, summary = demo_db
    with database.read_scope() as s:
        assert summary.persons == s.query(Person).count() == 600
        assert {p.note for p in s.query(Person)} == {"가상 인물 (데모)"}
        assert summary.enrollments > 100
        full = [r for r in s.query(CourseRun) if r.waitlist_count]
        assert full and all(r.selected_count == r.capacity for r in full)
        assert "가상" in demo.notice(s)


def test_demo_only_into_an_empty_database(database):
    make_person(database)
    with pytest.raises(ValidationError, match="이미"):
        with database.session_scope() as s:
            demo.load(s)


def test_demo_load_can_be_cancelled(database):
    with pytest.raises(ValidationError, match="취소"):
        with database.session_scope() as s:
            demo.load(s, progress=lambda pct, _text: pct < 50)
    with database.read_scope() as s:
        assert demo.is_empty(s) and not demo.is_loaded(s)
