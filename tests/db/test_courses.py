"""Courses: create, validate, edit with conflicts, copy to the next year, close, list."""

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.errors import ConflictError, ValidationError
from desktop_app.models import Course
from desktop_app.services import courses, enrollment, runs
from desktop_app.services.courses import CourseFilter
from tests.factories import ACTOR, course_fields, make_course, make_course_with_run, make_person


def test_create_assigns_year_codes(database):
    first = make_course(database)
    second = make_course(database, title="둘째 과정")
    other_year = make_course(database, year=2022)
    with database.read_scope() as s:
        assert courses.course_detail(s, first).code == "2021-001"
        assert courses.course_detail(s, second).code == "2021-002"
        detail = courses.course_detail(s, other_year)
        assert detail.code == "2022-001"
        assert detail.dept_tag == "초등" and detail.version == 1


def test_every_wrong_field_is_named_and_nothing_saved(database):
    bad = course_fields(title=" ", category="연수", delivery="우편", hours="열다섯",
                        min_attendance_pct=120, plan_task_code="9-9", min_score=-1)
    with pytest.raises(ValidationError) as info:
        with database.session_scope() as s:
            courses.create_course(s, bad)
    assert set(info.value.fields) == {"과정명", "연수종별", "운영방식", "연수시간", "이수 출석률(%)",
                                      "실천과제", "이수 점수"}
    assert "9-9" in info.value.fields["실천과제"]
    with database.read_scope() as s:
        assert s.query(Course).count() == 0


def test_unknown_plan_task_is_refused(database):
    with pytest.raises(ValidationError, match="연간 계획에 없는 실천과제"):
        with database.session_scope() as s:
            courses.create_course(s, course_fields(plan_task_code="5-9"))


def test_edit_and_conflict_names_what_changed(database):
    course_id = make_course(database)
    with database.read_scope() as s:
        seen_by_a = courses.course_detail(s, course_id)
        seen_by_b = courses.course_detail(s, course_id)
    with database.session_scope() as s:  # PC B saves first
        courses.update_course(s, course_id, seen_by_b,
                              replace(seen_by_b.fields_only(), hours=30, credits=2))
    typed_by_a = replace(seen_by_a.fields_only(), title="A가 고친 제목")
    with pytest.raises(ConflictError) as info:
        with database.session_scope() as s:
            courses.update_course(s, course_id, seen_by_a, typed_by_a)
    assert set(info.value.changes) == {"연수시간", "학점"}
    assert "연수시간 15 → 30" in info.value.message
    assert typed_by_a.title == "A가 고친 제목"  # the user's values are untouched
    with database.read_scope() as s:
        now = courses.course_detail(s, course_id)
    assert (now.title, now.hours, now.version) == ("초등 수업 나눔 직무연수", 30, 2)
    with database.session_scope() as s:  # A saves again on top of what is there now
        courses.update_course(s, course_id, now, replace(typed_by_a, hours=now.hours))
    with database.read_scope() as s:
        assert courses.course_detail(s, course_id).title == "A가 고친 제목"


def test_year_of_a_course_with_runs_cannot_change(database):
    course_id, _run = make_course_with_run(database)
    with database.read_scope() as s:
        base = courses.course_detail(s, course_id)
    with pytest.raises(ValidationError, match="연도를 바꿀 수 없습니다"):
        with database.session_scope() as s:
            courses.update_course(s, course_id, base, replace(base.fields_only(), year=2022))


def test_copy_to_next_year_moves_run_dates_and_refuses_twice(database):
    course_id, run_id = make_course_with_run(database, start=date(2020, 2, 28),
                                             end=date(2020, 2, 29), year=2020)
    with database.session_scope() as s:
        [copy_id] = courses.copy_courses_to_year(s, [course_id], 2021)
    with database.read_scope() as s:
        copy = courses.course_detail(s, copy_id)
        assert (copy.year, copy.code, copy.title) == (2021, "2021-001", "초등 수업 나눔 직무연수")
        [run] = runs.runs_of_course(s, copy_id)
        assert (run.start_date, run.end_date) == (date(2021, 2, 28), date(2021, 2, 28))
        assert run.selected == 0 and run.code == "2021-001-01"
    with pytest.raises(ValidationError, match="이미 2021년으로 복사"):
        with database.session_scope() as s:
            courses.copy_courses_to_year(s, [course_id], 2021)
    with pytest.raises(ValidationError, match="이미 2021년 과정"):
        with database.session_scope() as s:
            courses.copy_courses_to_year(s, [copy_id], 2021)


def test_close_needs_a_reason_and_cancels_enrolments(database):
    course_id, run_id = make_course_with_run(database, capacity=1)
    a, b = make_person(database), make_person(database)
    with database.session_scope() as s:
        enrollment.enroll(s, run_id, a, ACTOR)
        enrollment.enroll(s, run_id, b, ACTOR)
    with pytest.raises(ValidationError, match="폐강 사유"):
        with database.session_scope() as s:
            courses.close_course(s, course_id, "  ", ACTOR)
    with database.session_scope() as s:
        assert courses.close_course(s, course_id, "신청 인원 부족", ACTOR) == 2
    with database.read_scope() as s:
        detail = courses.course_detail(s, course_id)
        assert (detail.status, detail.closed_reason) == ("폐강", "신청 인원 부족")
        [run] = runs.runs_of_course(s, course_id)
        assert (run.status, run.selected, run.waitlisted) == ("폐강", 0, 0)
        rows = enrollment.roster_rows(s, enrollment.roster_ids(s, run_id))
        assert {r.status for r in rows} == {"취소"}
        history = enrollment.history(s, rows[0].id)
        assert history[-1].reason == "폐강: 신청 인원 부족"
    with database.session_scope() as s:
        courses.reopen_course(s, course_id)
        with pytest.raises(ValidationError):
            courses.reopen_course(s, course_id)


def _ids(s, **kw):
    return [courses.course_detail(s, i).title for i in courses.list_course_ids(s, CourseFilter(**kw))]


def test_list_filters_and_sorting(database):
    a, _ = make_course_with_run(database, title="가 초등 과정", start=date(2021, 3, 2),
                                end=date(2021, 3, 5))
    b, _ = make_course_with_run(database, title="나 중등 과정", department="중등교원연수부",
                                target_group="중등", category="자격연수", start=date(2021, 7, 1),
                                end=date(2021, 8, 20))
    make_course(database, title="다 작년 과정", year=2020)
    with database.session_scope() as s:
        courses.close_course(s, b, "사유", ACTOR)
    with database.read_scope() as s:
        assert _ids(s, year=2021) == ["가 초등 과정", "나 중등 과정"]
        assert _ids(s, year=2021, department="중등교원연수부") == ["나 중등 과정"]
        assert _ids(s, year=2021, category="자격연수") == ["나 중등 과정"]
        assert _ids(s, year=2021, status="운영") == ["가 초등 과정"]
        assert _ids(s, year=2021, month=8) == ["나 중등 과정"]
        assert _ids(s, year=2021, month=3) == ["가 초등 과정"]
        assert _ids(s, year=2021, month=12) == []
        assert _ids(s, text="중등") == ["나 중등 과정"]
        assert _ids(s, text="100%") == []
        ordered = courses.list_course_ids(s, CourseFilter(year=2021), sort="first_start",
                                          ascending=False)
        assert [courses.course_detail(s, i).title for i in ordered] == ["나 중등 과정", "가 초등 과정"]
        assert courses.years(s) == [2021, 2020]
        [row] = courses.course_rows(s, [a])
        assert (row.run_count, row.capacity, row.first_start) == (1, 30, date(2021, 3, 2))


def test_unlimited_runs_show_no_capacity_total(database):
    course_id, _ = make_course_with_run(database, capacity=None, delivery="원격")
    with database.read_scope() as s:
        [row] = courses.course_rows(s, [course_id])
        assert row.capacity is None
