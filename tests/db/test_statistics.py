"""The year's statistics: a database whose completions are exactly the 2020 report's overall
table (stats_2020.csv, 2,140 과정, 156,896명) gives back every cell of it; closed runs are not
counted; the demo's 2021 comes out in the same layout; the months, departments and plan tasks
add up to the same totals."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest
from sqlalchemy import insert, select, text, update

from desktop_app import paths
from desktop_app.errors import ValidationError
from desktop_app.models import Course, CourseRun, Enrollment, Person
from desktop_app.services import statistics
from desktop_app.services.statistics import REPORT_ROWS

REFERENCE = paths.resources_dir() / "reference" / "stats_2020.csv"
# the report's rows → a course that the counting rules put there
ROW_COURSES = {
    ("교원", "자격연수"): ("자격연수", "초등교원연수부", "집합"),
    ("교원", "직무연수(집합,혼합,특별)"): ("직무연수", "중등교원연수부", "혼합"),
    ("교원", "원격(콘텐츠원격)"): ("원격연수", "기획평가부", "원격"),
    ("지방공무원", "기본"): ("기본교육", "교육행정연수부", "집합"),
    ("지방공무원", "전문"): ("교육훈련", "교육행정연수부", "집합"),
    ("지방공무원", "원격(콘텐츠원격)"): ("교육훈련", "교육행정연수부", "원격"),
}


def reference_table() -> dict[tuple[str, str], tuple[int, int]]:
    with REFERENCE.open(encoding="utf-8") as f:
        return {(r["target"], r["category"]): (int(r["courses"]), int(r["people"]))
                for r in csv.DictReader(f) if r["section"] == "overall_2020"}


def build_year(database, year: int, table: dict[tuple[str, str], tuple[int, int]]) -> None:
    """Courses with one run each and exactly ``people`` completers per row, spread evenly
    (bulk inserts with ids given, so 2,140 courses and 156,896 enrolments take seconds)."""
    stamp = datetime(year, 1, 2)
    most = max(-(-people // courses) for courses, people in table.values())
    courses_, runs, enrolments = [], [], []
    number = 0
    for key, (courses, people) in table.items():
        category, department, delivery = ROW_COURSES[key]
        for n in range(courses):
            number += 1
            start = date(year, n % 12 + 1, 10)
            courses_.append(dict(
                id=number, year=year, code=f"{year}-S{number:04d}", title=f"통계 과정 {number}",
                category=category, target_group="초등", department=department,
                delivery=delivery, planned_runs=1, planned_people=10, plan_task_code="1-1",
                created_at=stamp, updated_at=stamp, version=1))
            runs.append(dict(id=number, course_id=number, seq=1, code=f"{year}-S{number:04d}-01",
                             start_date=start, end_date=start, created_at=stamp,
                             updated_at=stamp, version=1))
            share = people // courses + (1 if n < people % courses else 0)
            enrolments += [dict(run_id=number, person_id=i + 1, status="선발", completion="이수",
                                applied_at=stamp, status_changed_at=stamp, version=1)
                           for i in range(share)]
    with database.session_scope() as s:
        s.execute(insert(Person), [dict(id=n + 1, name=f"연수생{n}", neis_no=f"T{n:07d}",
                                        created_at=stamp, updated_at=stamp)
                                   for n in range(most)])
        s.execute(insert(Course), courses_)
        s.execute(insert(CourseRun), runs)
        s.execute(insert(Enrollment), enrolments)
    if not database.is_sqlite:    # ids given by hand: the sequences move past them
        with database.session_scope() as s:
            for table_name in ("person", "course", "course_run"):
                s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "
                               f"(SELECT max(id) FROM {table_name}))"))


def test_the_2020_reference_table_is_reproduced_cell_by_cell(database):
    table = reference_table()
    assert len(table) == 7 and table[("총계", "총계")] == (2140, 156_896)
    total = table.pop(("총계", "총계"))
    build_year(database, 2020, table)
    with database.read_scope() as s:
        stats = statistics.year_statistics(s, 2020)
    for key in REPORT_ROWS:
        figures = stats.report[key]
        assert (figures.courses, figures.completed) == table[key], key
        assert figures.runs == figures.courses and figures.completion_pct == 100.0
    assert (stats.totals.courses, stats.totals.completed) == total
    assert stats.group_total("교원").completed == 2473 + 12485 + 87449
    assert sum(f.completed for f in stats.by_month.values()) == total[1]
    assert sum(f.courses for f in stats.by_department.values()) == total[0]
    assert stats.by_task["1-1"].planned_runs == total[0]
    rows = [r.as_json() for r in stats.rows]
    assert {"category", "target_group", "delivery", "courses", "runs", "selected",
            "completed"} <= set(rows[0])
    assert sum(r["completed"] for r in rows) == total[1]
    # a closed run is not counted, and neither are its people
    with database.session_scope() as s:
        run_id = s.scalar(select(CourseRun.id).join(Course).where(Course.category == "자격연수")
                          .order_by(CourseRun.id).limit(1))
        closed = s.scalar(select(Enrollment.id).where(Enrollment.run_id == run_id).limit(1))
        assert closed
        s.execute(update(CourseRun).where(CourseRun.id == run_id).values(status="폐강"))
    with database.read_scope() as s:
        again = statistics.year_statistics(s, 2020).report[("교원", "자격연수")]
    assert again.courses == 21 and again.completed < 2473


def test_a_year_without_courses_and_the_demo_year(database):
    from desktop_app.services import demo

    with database.read_scope() as s:
        with pytest.raises(ValidationError, match="2030년 과정이 없습니다"):
            statistics.year_statistics(s, 2030)
    with database.session_scope() as s:
        demo.load(s)
    with database.read_scope() as s:
        stats = statistics.year_statistics(s, 2021)
    assert stats.totals.courses == 210
    assert sum(f.courses for f in stats.report.values()) == 210
    assert stats.totals.selected == sum(f.selected for f in stats.by_month.values()) > 0
    assert stats.report[("교원", "원격(콘텐츠원격)")].courses > 0
    assert stats.by_task["1-1"].planned_people > 0
    # a year under way: the rate is over those decided, not over everyone selected
    t = stats.totals
    assert t.selected > t.decided >= t.completed > 0
    assert t.completion_pct == round(100 * t.completed / t.decided, 1)
    assert stats.report[("지방공무원", "기본")].courses == 5


def test_plan_targets_count_courses_not_held_yet(database):
    from tests.factories import make_course, make_run

    held = make_course(database, department="초등교원연수부", planned_runs=2, planned_people=60)
    make_run(database, held)
    make_course(database, department="초등교원연수부", planned_runs=3, planned_people=90)
    with database.read_scope() as s:
        stats = statistics.year_statistics(s, 2021)
    row = stats.by_department["초등교원연수부"]
    assert (row.planned_runs, row.planned_people, row.runs, row.courses) == (5, 150, 1, 1)
