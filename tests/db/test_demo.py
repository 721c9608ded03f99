"""The demo year: every course row of the plan, figures unchanged, runs given invented working
days inside the months of the schedule text."""

import csv
import re
from collections import defaultdict
from datetime import date, timedelta

import holidays
import pytest

from desktop_app import paths
from desktop_app.errors import ValidationError
from desktop_app.models import Course, CourseRun, DepartmentTarget, Enrollment, Person
from desktop_app.services import courses, demo, demo_notes, runs
from desktop_app.services.schedule_text import parse_schedule
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


def _months(*pairs):
    return {(y, m) for y, m in pairs}


def test_runs_are_dated_from_the_schedule_text(demo_db):
    database, _ = demo_db
    with database.read_scope() as s:
        def months(ref):
            course = s.query(Course).filter_by(source_ref=ref).one()
            return [{(r.start_date.year, r.start_date.month), (r.end_date.year, r.end_date.month)}
                    for r in runs.runs_of_course(s, course.id)]

        assert months("C013") == [{(2021, 4)}, {(2021, 9)}]                  # '21.4월, 9월
        first, second = months("C030")                                       # 상·하반기
        assert first <= _months(*((2021, m) for m in range(1, 7)))
        assert second <= _months(*((2021, m) for m in range(7, 13)))
        assert months("C289") == [{(2022, 1)}] * 2                            # '22.1월
        (only,) = months("C174")                                             # 미정 → 목표 일정
        assert only <= _months(*((2021, m) for m in range(1, 11)))
        note = s.query(CourseRun).join(Course).filter(Course.source_ref == "C174").one().note
        assert "미정" in note and "1~10월" in note
        assert "계획 월: 2021년 1~10월" in note and demo.INVENTED_DATES in note


def _plan_months(course, fallback):
    spans = (parse_schedule(course.schedule_text, 2021)
             or parse_schedule(fallback.get((course.plan_task_code, course.dept_tag)), 2021)
             or parse_schedule("연중", 2021))
    return {month for span in spans for month in span.months}


def test_every_run_is_on_working_days_inside_its_plan_months(demo_db):
    database, _ = demo_db
    off = holidays.country_holidays("KR", years=[2021, 2022])
    fallback = {(r["task_code"], r["dept_tag"]): r["schedule"] for r in _plan()
                if r["row_kind"] == "target_summary"}
    with database.read_scope() as s:
        courses_by_id = {c.id: c for c in s.query(Course)}
        by_course = defaultdict(list)
        for run in s.query(CourseRun).order_by(CourseRun.course_id, CourseRun.seq):
            by_course[run.course_id].append(run)
        assert sum(map(len, by_course.values())) == 4094
        for course_id, course_runs in by_course.items():
            _check_course_runs(courses_by_id[course_id], course_runs, fallback, off)


def _check_course_runs(course, course_runs, fallback, off):
    allowed = _plan_months(course, fallback)
    days = demo.run_days(course.category, course.delivery, course.hours)
    assert [r.start_date for r in course_runs] == sorted(r.start_date for r in course_runs)
    for run in course_runs:
        for day in (run.start_date, run.end_date):
            assert day.weekday() < 5 and day not in off, (run.code, day)
            assert (day.year, day.month) in allowed, (run.code, day, course.schedule_text)
        assert run.start_date <= run.end_date
        assert demo.INVENTED_DATES in run.note and "계획 월: " in run.note
        used = sum(1 for n in range((run.end_date - run.start_date).days + 1)
                   if _is_working(run.start_date + timedelta(n), off))
        if days is not None:
            assert used == days, (run.code, used, days)
        else:  # 특별연수: its plan months whole, first to last working day
            start, end = run.start_date, run.end_date
            assert not any(_is_working(start.replace(day=n), off) for n in range(1, start.day))
            assert not any(_is_working(end + timedelta(n), off)
                           for n in range(1, 4) if (end + timedelta(n)).month == end.month)
    # Runs of one course sharing a month do not share a day while the month can hold them apart.
    if course.delivery == "집합" and days is not None:
        by_month = defaultdict(list)
        for run in course_runs:
            by_month[(run.start_date.year, run.start_date.month)].append(run)
        for (y, m), month_runs in by_month.items():
            if len(month_runs) <= _runs_apart(y, m, days, off):
                for a, b in zip(month_runs, month_runs[1:]):
                    assert a.end_date < b.start_date, (a.code, b.code)


def _runs_apart(y, m, days, off):
    """How many runs of ``days`` working days fit in the month without sharing a day (up to
    five days: Monday–Friday of one week, with no day off inside)."""
    pool = [d for n in range(31) if (d := date(y, m, 1) + timedelta(n)).month == m
            and _is_working(d, off)]

    def compact(i):
        return days > 5 or (pool[i + days - 1] - pool[i]).days == days - 1

    if not any(compact(i) for i in range(len(pool) - days + 1)):
        return len(pool) // days
    count = i = 0
    while i + days <= len(pool):
        if compact(i):
            count, i = count + 1, i + days
        else:
            i += 1
    return count


def _is_working(day, off):
    return day.weekday() < 5 and day not in off


def test_run_lengths_follow_hours_and_category():
    assert demo.run_days("교육훈련", "집합", 21) == 4         # 21 hours, 6 a day
    assert demo.run_days("교육훈련", "집합", 105) == 18
    assert demo.run_days("직무연수", "집합", None) == 3
    assert demo.run_days("자격연수", "집합", None) == 15
    assert demo.run_days("교육훈련", "집합", None) == 2
    assert demo.run_days("특별연수", "집합", None) is None   # the whole plan months
    assert demo.run_days("원격연수", "원격", None) == demo.run_days("직무연수", "원격", 30) == 15


def test_runs_of_a_busy_course_spread_through_the_month(demo_db):
    database, _ = demo_db
    with database.read_scope() as s:
        course = s.query(Course).filter_by(source_ref="C013").one()
        assert course.schedule_text == "'21.4월, 9월"
        course = s.query(Course).filter(Course.code == "2021-001").one()
        starts = [r.start_date for r in runs.runs_of_course(s, course.id)]
    april = [d for d in starts if d.month == 4]
    assert len(april) >= 3
    # not all in the first week: the month's runs reach into its last ten days
    assert min(april).day <= 10 and max(april).day >= 20


def test_qualification_courses_lodge_and_say_it_is_invented(demo_db):
    database, _ = demo_db
    with database.read_scope() as s:
        rows = [(run.lodging, run.note, run.end_date > run.start_date, course.category,
                 course.delivery, course.source_ref)
                for run, course in s.query(CourseRun, Course).join(Course)]
    lodging = [row for row in rows if row[0]]
    assert lodging
    assert all(category == "자격연수" and delivery == "집합" and several_days
               and demo.INVENTED_LODGING in note
               for _, note, several_days, category, delivery, _ in lodging)
    assert {row[5] for row in lodging} == {row[5] for row in rows if row[3] == "자격연수"}
    assert not any(demo.INVENTED_LODGING in row[1] for row in rows if not row[0])


def test_categories_and_departments_follow_the_plan(demo_db):
    database, _ = demo_db
    with database.read_scope() as s:
        cats = {c.category for c in s.query(Course)}
        assert cats <= {"자격연수", "직무연수", "특별연수", "원격연수", "교육훈련", "자율연수", "기본교육"}
        basic = {c.title for c in s.query(Course).filter_by(category="기본교육")}
        assert "신규공무원 공직적응 교육" in basic and len(basic) == 5   # read from the titles
        civil = s.query(Course).filter_by(source_ref="C199").one()
        assert (civil.category, civil.department, civil.hours) == ("기본교육", "교육행정연수부", 105)
        remote = s.query(Course).filter_by(source_ref="C010").one()
        assert (remote.delivery, remote.department) == ("원격", "기획평가부")


# Latin-letter names the plan itself prints; any other Latin letter in a note is English.
_PLAN_NAMES = ("Teaching Practice", "Start Up", "Step Up", "Skill Up", "HOW TO", "OJT")


def _english_left(text):
    for name in _PLAN_NAMES:
        text = text.replace(name, "")
    return re.findall(r"[A-Za-z]+", text)


def test_course_notes_are_korean_only(demo_db):
    database, _ = demo_db
    with database.read_scope() as s:
        notes = {c.source_ref: (c.notes, c.hours) for c in s.query(Course)}
    assert {ref: _english_left(text) for ref, (text, _) in notes.items()
            if _english_left(text)} == {}
    # the analysts' note in Korean, the original marking and the source line stay
    assert notes["C004"][0].splitlines() == ["협력 (협력학교 과정)", "원문 표기: [신규]",
                                             "출처: 2021 주요업무보고 740행"]
    assert "원문 표기: 확대 (괄호 없이 표기)" in notes["C013"][0]
    assert "722행" in notes["C013"][0]
    # hours are still read from the plan's note
    assert "기수마다 105시간" in notes["C199"][0] and notes["C199"][1] == 105
    # Korean notes are shown as the plan has them
    assert notes["C030"][0].startswith("상·하반기; 제주도교육청 위탁 교육생 2명/반기 참여 (5-3)")


def test_every_english_note_of_the_plan_has_a_korean_one():
    plan = [r for r in _plan() if r["row_kind"] == "course"]
    english = {r["notes"] for r in plan if _english_left(r["notes"])}
    assert english and english == set(demo_notes.KOREAN_NOTES)  # none missing, none stale
    assert not [v for v in demo_notes.KOREAN_NOTES.values() if _english_left(v)]
    flags = {r["flag_basis"] for r in plan if _english_left(r["flag_basis"])}
    assert flags == set(demo_notes.FLAG_BASIS)
    assert demo_notes.korean("학년군별") == "학년군별"
    assert demo_notes.korean("an English note nobody translated") is None


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


def test_the_demo_lives_on_its_own_date_with_runs_in_every_phase(database):
    from desktop_app.services import clock

    with clock.fixed(None):  # the demo's own today, not the tests' fixed one
        with database.session_scope() as s:
            demo.load(s)
        with database.read_scope() as s:
            assert clock.today(s) == demo.DEMO_TODAY == date(2021, 6, 15)
            rows = runs.search_runs(s, "", 2021, limit=10_000)
            phases = {r.phase for r in rows}
            assert {"모집 예정", "모집 중", "모집 마감", "진행 중", "종료"} <= phases
            [full] = [r for r in rows if r.waitlisted]
            assert full.phase == "모집 중"  # the desk meets a full run that still takes people
            stamps = [e.applied_at for e in s.query(Enrollment)]
            assert stamps and max(stamps).date() <= demo.DEMO_TODAY
    with database.read_scope() as s:
        assert clock.reference_date(s) == date(2021, 6, 15)


def test_finished_runs_have_their_records_and_the_remote_file_imports(demo_db):
    """Three finished runs with timetable, attendance, scores where evaluated and completion
    decided; the shipped remote results file imports into the demo's open remote run."""
    from desktop_app.services import clock, completion, demo_finished, run_files, run_roster

    database, _summary = demo_db
    with database.read_scope() as s:
        for code in demo_finished.FINISHED:
            roster = run_roster.run_roster(s, runs.find_run_id(s, code))
            assert roster.has_timetable and roster.count("이수") >= 10
            assert 1 <= roster.count("미이수") <= 3, code
            assert all(line.completion for line in roster.lines if line.status == "선발")
        evaluated = run_roster.run_roster(s, runs.find_run_id(s, "2021-118-01"))
        assert all(line.score is not None for line in evaluated.lines)
        assert any("점수 55점" in line.completion_reason for line in evaluated.lines)
        course = s.get(Course, s.get(CourseRun, evaluated.run_id).course_id)
        assert course.hours == 90 and "가상" in course.notes
        remote_id = runs.find_run_id(s, demo_finished.REMOTE_RUN)
    with clock.fixed(None):  # the demo's own today, 2021-06-15
        with database.session_scope() as s:
            result = run_files.import_results(s, remote_id, demo_finished.results_file(), "확인")
        with database.session_scope() as s:
            decided = completion.apply(s, remote_id, "확인")
    assert result.trainees == 24 and result.studies == 24
    assert decided.count("이수") >= 10 and decided.pending >= 1


def test_the_shipped_results_file_is_what_the_demo_makes(demo_db, tmp_path):
    import random

    import openpyxl

    from desktop_app.services import demo_finished

    database, _summary = demo_db
    with database.read_scope() as s:
        made = demo_finished.write_remote_results(
            s, tmp_path / "again.xlsx", random.Random(demo_finished.RESULTS_SEED))
    values = [list(openpyxl.load_workbook(p).active.values)
              for p in (made, demo_finished.results_file())]
    assert values[0] == values[1] and len(values[0]) == 25


def test_a_demo_without_people_loads(sqlite_database):
    """The benchmarks' big database starts from the demo year with no invented people."""
    with sqlite_database.session_scope() as s:
        summary = demo.load(s, persons=0)
    assert (summary.persons, summary.enrollments) == (0, 0)
