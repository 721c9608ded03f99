"""Runs: dates and capacity rules, capacity changes, closing, finding by code."""

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.errors import ConflictError, NotFoundError, ValidationError
from desktop_app.services import enrollment, runs
from desktop_app.services.runs import RunFields
from tests.factories import ACTOR, make_course, make_course_with_run, make_people


def test_add_runs_numbers_them(database):
    course_id = make_course(database)
    with database.session_scope() as s:
        first = runs.add_run(s, course_id, RunFields(date(2021, 5, 1), date(2021, 5, 3), 30))
        second = runs.add_run(s, course_id, RunFields("2021-10-04", "2021-10-06", "25",
                                                      venue="본관 201호", lodging="예"))
    with database.read_scope() as s:
        assert runs.run_detail(s, first).code == "2021-001-01"
        detail = runs.run_detail(s, second)
        assert (detail.code, detail.capacity, detail.lodging, detail.venue) == \
            ("2021-001-02", 25, True, "본관 201호")
        assert runs.find_run_id(s, "2021-001-02") == second
        with pytest.raises(NotFoundError):
            runs.find_run_id(s, "2021-001-99")


def test_run_field_rules(database):
    course_id = make_course(database)
    bad = RunFields(date(2021, 5, 3), date(2021, 5, 1), -5, date(2021, 4, 10),
                    date(2021, 4, 1))
    with pytest.raises(ValidationError) as info:
        with database.session_scope() as s:
            runs.add_run(s, course_id, bad)
    assert set(info.value.fields) == {"종료일", "정원", "신청 마감일"}
    with pytest.raises(ValidationError, match="과정 연도"):
        with database.session_scope() as s:
            runs.add_run(s, course_id, RunFields(date(2025, 1, 1), date(2025, 1, 2), 10))


def test_capacity_cannot_drop_below_selected_and_rising_promotes(database):
    _course, run_id = make_course_with_run(database, capacity=2)
    people = make_people(database, 4)
    with database.session_scope() as s:
        for p in people:
            enrollment.enroll(s, run_id, p, ACTOR)
        base = runs.run_detail(s, run_id)
    with pytest.raises(ValidationError, match="선발된 인원"):
        with database.session_scope() as s:
            runs.update_run(s, run_id, base, replace(base.fields_only(), capacity=1), ACTOR)
    with database.session_scope() as s:
        promoted = runs.update_run(s, run_id, base, replace(base.fields_only(), capacity=3),
                                   ACTOR)
    assert len(promoted) == 1
    with database.read_scope() as s:
        row = runs.run_row(s, run_id)
        assert (row.capacity, row.selected, row.waitlisted) == (3, 3, 1)
        events = enrollment.history(s, promoted[0])
        assert events[-1].reason == "정원이 늘어 자동 선발"


def test_roster_changes_do_not_make_edits_conflict(database):
    _course, run_id = make_course_with_run(database, capacity=5)
    [person] = make_people(database, 1)
    with database.read_scope() as s:
        base = runs.run_detail(s, run_id)
    with database.session_scope() as s:
        enrollment.enroll(s, run_id, person, ACTOR)
    with database.session_scope() as s:  # the form opened before the enrolment still saves
        runs.update_run(s, run_id, base, replace(base.fields_only(), venue="연수지원센터 3층"), ACTOR)
    with database.read_scope() as s:
        assert runs.run_detail(s, run_id).venue == "연수지원센터 3층"


def test_two_pcs_editing_one_run(database):
    _course, run_id = make_course_with_run(database)
    with database.read_scope() as s:
        a = runs.run_detail(s, run_id)
    with database.session_scope() as s:
        runs.update_run(s, run_id, a, replace(a.fields_only(), venue="본관 101호"), ACTOR)
    with pytest.raises(ConflictError, match="장소 \\(없음\\) → 본관 101호"):
        with database.session_scope() as s:
            runs.update_run(s, run_id, a, replace(a.fields_only(), capacity=40), ACTOR)


def test_close_and_reopen_a_run(database):
    course_id, run_id = make_course_with_run(database, capacity=1)
    people = make_people(database, 2)
    with database.session_scope() as s:
        for p in people:
            enrollment.enroll(s, run_id, p, ACTOR)
    with database.session_scope() as s:
        assert runs.close_run(s, run_id, "강사 사정", ACTOR) == 2
    with database.read_scope() as s:
        row = runs.run_row(s, run_id)
        assert (row.status, row.phase, row.selected, row.waitlisted) == ("폐강", "폐강", 0, 0)
    with pytest.raises(ValidationError, match="폐강된 기수"):
        with database.session_scope() as s:
            enrollment.enroll(s, run_id, people[0], ACTOR)
    with database.session_scope() as s:
        runs.reopen_run(s, run_id)
    with database.session_scope() as s:  # cancelled people may apply again
        assert enrollment.enroll(s, run_id, people[0], ACTOR).status == "선발"


def test_phase_follows_the_calendar(database):
    _course, run_id = make_course_with_run(database)
    with database.read_scope() as s:
        run = runs.get_run(s, run_id)
        run.apply_start, run.apply_end = date(2021, 4, 1), date(2021, 4, 20)
        assert runs.phase(run, date(2021, 3, 1)) == "모집 예정"
        assert runs.phase(run, date(2021, 4, 5)) == "모집 중"
        assert runs.phase(run, date(2021, 4, 25)) == "모집 마감"
        assert runs.phase(run, date(2021, 5, 11)) == "진행 중"
        assert runs.phase(run, date(2021, 6, 1)) == "종료"


def test_search_runs_for_the_picker(database):
    make_course_with_run(database, title="초등 영어 회화 직무연수")
    make_course_with_run(database, title="중등 수학 직무연수")
    with database.read_scope() as s:
        assert [r.course_title for r in runs.search_runs(s, "영어", 2021)] == ["초등 영어 회화 직무연수"]
        assert [r.code for r in runs.search_runs(s, "2021-002")] == ["2021-002-01"]
        assert len(runs.search_runs(s, "", 2021)) == 2
