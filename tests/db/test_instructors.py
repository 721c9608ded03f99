"""The instructor registry: one record per human (a new instructor is refused as a likely
duplicate like a trainee; a registered trainee can also teach), profiles checked field by field,
personal data masked in lists, the timetable picking instructors by label or unique name, a
clash named, names left as text listed and linked, and a merge carrying the profile."""

from datetime import date, time

import pytest
from sqlalchemy import select

from desktop_app.errors import ConflictError, ValidationError
from desktop_app.models import CourseSession, Instructor
from desktop_app.services import instructors, persons, timetable
from desktop_app.services.instructors import InstructorProfile
from desktop_app.services.persons import DuplicatePersonError, PersonFields
from tests.factories import make_course, make_person, make_run

PROFILE = InstructorProfile(fields="수업혁신", pay_grade="1급", bank_name="국민은행",
                            bank_account="123-45-678901", account_holder="김강사",
                            excellent=True, excellent_year=2021, excellent_reason="만족도 상위")


def _teacher(database, name="김강사", org="서울가온초등학교", **profile) -> int:
    with database.session_scope() as s:
        return instructors.register(
            s, InstructorProfile(**{**PROFILE.__dict__, **profile}),
            person=PersonFields(name=name, birth_date=date(1975, 3, 2), organization=org,
                                phone="010-1234-5678"))


def test_register_once_per_human_and_check_every_field(database):
    first = _teacher(database)
    with database.session_scope() as s:
        with pytest.raises(DuplicatePersonError):       # the same person again
            instructors.register(s, PROFILE, person=PersonFields(
                name="김강사", birth_date=date(1975, 3, 2), organization="서울가온초등학교"))
        with pytest.raises(ValidationError) as refused:
            instructors.register(s, InstructorProfile(pay_grade="최고", bank_account="국민 12",
                                                      excellent=True),
                                 person=PersonFields(name="박강사"))
        fields = refused.value.fields
        assert {"강사료 등급", "계좌번호", "우수강사 연도"} <= set(fields)
    trainee = make_person(database, name="이교사")
    with database.session_scope() as s:                 # a trainee who also teaches
        both = instructors.register(s, InstructorProfile(fields="독서"), person_id=trainee)
        with pytest.raises(ValidationError, match="이미 강사로"):
            instructors.register(s, PROFILE, person_id=trainee)
    with database.read_scope() as s:
        rows = {r.id: r for r in instructors.instructor_rows(s)}
        full = {r.id: r for r in instructors.instructor_rows(s, full=True)}
        assert rows[first].account == "***-**-**8901" and rows[first].phone == "010-****-5678"
        assert full[first].account == "123-45-678901"
        assert rows[first].label == "김강사 (서울가온초등학교)" and rows[first].excellent == "2021"
        assert [r.id for r in instructors.instructor_rows(s, "독서")] == [both]
        assert [r.id for r in instructors.instructor_rows(s, excellent_only=True)] == [first]
        detail = instructors.instructor_detail(s, first)
    with database.session_scope() as s:
        instructors.update_profile(s, first, detail.version,
                                   InstructorProfile(**{**PROFILE.__dict__, "pay_grade": "특급"}))
        with pytest.raises(ConflictError):
            instructors.update_profile(s, first, detail.version, PROFILE)


def _run(database, start=date(2021, 5, 10)):
    course = make_course(database)
    return make_run(database, course, start=start, end=start)


def test_the_timetable_picks_from_the_registry_and_names_a_clash(database):
    teacher = _teacher(database)
    _teacher(database, name="최강사", org="서울나래중학교")
    _teacher(database, name="최강사", org="서울다솜중학교")   # two of the same name
    first, second = _run(database), _run(database)
    day = date(2021, 5, 10)
    with database.session_scope() as s:
        timetable.save(s, first, 0, [
            timetable.PeriodRow(day, time(9), time(10), "수업 설계", "김강사"),
            timetable.PeriodRow(day, time(10), time(11), "토론", "최강사"),           # ambiguous
            timetable.PeriodRow(day, time(11), time(12), "평가", "최강사 (서울다솜중학교)"),
            timetable.PeriodRow(day, time(13), time(14), "특강", "외부 명사")])
        timetable.save(s, second, 0, [
            timetable.PeriodRow(day, time(9, 30), time(10, 30), "다른 수업",
                                "김강사 (서울가온초등학교)")])
    with database.read_scope() as s:
        ids = [x.instructor_id for x in s.scalars(
            select(CourseSession).where(CourseSession.run_id == first)
            .order_by(CourseSession.start_time))]
        assert ids[0] == teacher and ids[1] is None and ids[2] is not None and ids[3] is None
        clash = instructors.clashes(s, second)
        assert len(clash) == 1 and "김강사" in clash[0] and "09:00~10:00" in clash[0]
        assert instructors.unmapped_names(s) == [("외부 명사", 1), ("최강사", 1)]
        detail = instructors.instructor_detail(s, teacher)
        assert len(detail.periods) == 2 and detail.hours_by_year == {2021: 2.0}
        row = next(r for r in instructors.instructor_rows(s, year=2021) if r.id == teacher)
        assert (row.periods, row.hours) == (2, 2.0)
    guest = _teacher(database, name="외부 명사", org="")
    with database.session_scope() as s:
        assert instructors.link_name(s, "외부 명사", guest) == 1
        with pytest.raises(ValidationError, match="적힌 교시가 없습니다"):
            instructors.link_name(s, "없는 이름", guest)
    with database.read_scope() as s:
        assert instructors.unmapped_names(s) == [("최강사", 1)]


def test_a_merge_carries_the_instructors_profile(database):
    teacher = _teacher(database)
    with database.read_scope() as s:
        teacher_person = s.get(Instructor, teacher).person_id
    other = make_person(database, name="김강사")
    with database.session_scope() as s:
        persons.merge_persons(s, other, teacher_person, "담당")
    with database.read_scope() as s:
        assert s.get(Instructor, teacher).person_id == other


def test_the_demo_has_instructors_teaching_its_finished_runs(database):
    from desktop_app.services import demo

    with database.session_scope() as s:
        demo.load(s)
    with database.read_scope() as s:
        rows = instructors.instructor_rows(s, year=2021)
        assert len(rows) == 12 and sum(r.periods for r in rows) == 167
        assert sum(1 for r in rows if r.excellent == "2021") == 3
        assert instructors.unmapped_names(s) == []
        for run_code in ("2021-118-01",):
            from desktop_app.models import CourseRun
            run_id = s.scalar(select(CourseRun.id).where(CourseRun.code == run_code))
            assert instructors.clashes(s, run_id) == []
        top = rows[0]
        detail = instructors.instructor_detail(s, top.id)
        assert detail.hours_by_year == {2021: top.hours}      # summed, then rounded once
        rated = [instructors.instructor_detail(s, r.id).satisfaction_by_year for r in rows]
        assert any(2021 in x and 0 < x[2021][1] <= 100 for x in rated)   # the demo's answers


def test_a_link_made_by_hand_survives_the_next_timetable_save(database):
    run_id = _run(database)
    day = date(2021, 5, 10)
    with database.session_scope() as s:
        timetable.save(s, run_id, 0, [timetable.PeriodRow(day, time(9), time(10), "특강",
                                                          "외부 명사 교수")])
    guest = _teacher(database, name="박명사", org="○○대학교")
    with database.session_scope() as s:
        assert instructors.link_name(s, "외부 명사 교수", guest) == 1
        table = timetable.load(s, run_id)
        timetable.save(s, run_id, table.version, [*table.periods, timetable.PeriodRow(
            day, time(10), time(11), "특강 2", "외부 명사 교수")])
    with database.read_scope() as s:
        ids = list(s.scalars(select(CourseSession.instructor_id)
                             .where(CourseSession.run_id == run_id)))
    assert ids == [guest, guest]      # kept, and the new period with the same name follows


def test_merging_two_instructors_keeps_one_in_the_list(database):
    first = _teacher(database)
    second = _teacher(database, name="김강사", org="서울나래중학교")
    with database.read_scope() as s:
        keep, drop = (s.get(Instructor, i).person_id for i in (first, second))
    with database.session_scope() as s:
        persons.merge_persons(s, keep, drop, "담당")
    with database.read_scope() as s:
        assert [r.id for r in instructors.instructor_rows(s)] == [first]
        assert s.get(Instructor, second).active is False
