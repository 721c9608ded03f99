"""The trainee registry: validation, duplicates, merge, search."""

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.errors import ConflictError, ValidationError
from desktop_app.models import Person, PersonMerge
from desktop_app.services import enrollment, persons, settings
from desktop_app.services.persons import DuplicatePersonError, PersonFields
from tests.factories import ACTOR, make_course_with_run, make_person, person_fields


def test_create_normalizes_values(database):
    pid = make_person(database, neis_no=" b123456789 ", phone="01098765432",
                      organization="  서울 한빛초등학교 ")
    with database.read_scope() as s:
        d = persons.person_detail(s, pid)
    assert (d.neis_no, d.phone, d.organization) == ("B123456789", "010-9876-5432",
                                                   "서울 한빛초등학교")


def test_every_wrong_field_is_named(database):
    bad = PersonFields(name="홍길동1", birth_date="1980-02-30", gender="기타", neis_no="12345",
                       employee_kind="학생", phone="전화없음", email="a@b")
    with pytest.raises(ValidationError) as info:
        with database.session_scope() as s:
            persons.create_person(s, bad)
    assert set(info.value.fields) == {"성명", "생년월일", "성별", "나이스 개인번호", "직종", "전화번호",
                                      "전자우편"}
    with database.read_scope() as s:
        assert s.query(Person).count() == 0


def test_future_birth_date_and_missing_name(database):
    with pytest.raises(ValidationError) as info:
        with database.session_scope() as s:
            persons.create_person(s, PersonFields(name="", birth_date=date(2999, 1, 1)))
    assert set(info.value.fields) == {"성명", "생년월일"}


def test_neis_pattern_is_a_setting(database):
    with database.session_scope() as s:
        settings.set_values(s, {"neis_pattern": r"^[A-Z]{2}[0-9]{8}$"})
    make_person(database, neis_no="AB12345678")
    with pytest.raises(ValidationError, match="형식"):
        make_person(database, neis_no="A123456789")


def test_neis_number_is_unique(database):
    make_person(database, name="김첫째", neis_no="C000000001")
    with pytest.raises(ValidationError, match="이미 등록된 나이스 개인번호입니다: 김첫째"):
        make_person(database, name="김둘째", neis_no="c000000001")


def test_without_neis_same_name_birth_and_org_is_a_likely_duplicate(database):
    fields = person_fields(name="박민수", neis_no=None, birth_date=date(1985, 4, 1))
    with database.session_scope() as s:
        first = persons.create_person(s, fields)
    with pytest.raises(DuplicatePersonError) as info:
        with database.session_scope() as s:
            persons.create_person(s, fields)
    assert info.value.candidate_ids == [first]
    with database.session_scope() as s:  # the clerk confirms it is another person
        persons.create_person(s, fields, allow_duplicate=True)
        persons.create_person(s, replace(fields, organization="서울푸른솔중학교"))
    with database.read_scope() as s:
        groups = persons.duplicate_groups(s)
    assert [[r.name for r in g] for g in groups] == [["박민수", "박민수"]]


def test_two_different_neis_numbers_are_two_people(database):
    make_person(database, name="이하나", birth_date=date(1990, 1, 1), neis_no="D000000001")
    make_person(database, name="이하나", birth_date=date(1990, 1, 1), neis_no="D000000002")
    with database.read_scope() as s:
        assert persons.duplicate_groups(s) == []


def test_edit_conflict_names_the_field(database):
    pid = make_person(database)
    with database.read_scope() as s:
        a = persons.person_detail(s, pid)
    with database.session_scope() as s:
        persons.update_person(s, pid, a, replace(a.fields_only(), phone="010-1111-2222"))
    with pytest.raises(ConflictError, match="전화번호 010-1234-5678 → 010-1111-2222"):
        with database.session_scope() as s:
            persons.update_person(s, pid, a, replace(a.fields_only(), position="수석교사"))


def test_merge_loses_nothing(database):
    keep = make_person(database, name="최다은", neis_no=None, phone=None, email=None,
                       birth_date=date(1979, 9, 9), note="기존 메모")
    drop = make_person(database, name="최다은", neis_no="E123456789", phone="010-5555-6666",
                       birth_date=date(1979, 9, 9), note="옛 기록")
    _c1, shared_run = make_course_with_run(database, capacity=1)
    _c2, own_run = make_course_with_run(database, title="다른 과정", start=date(2021, 9, 1),
                                        end=date(2021, 9, 3))
    other = make_person(database)
    with database.session_scope() as s:
        enrollment.enroll(s, shared_run, keep, ACTOR)
        dup = enrollment.enroll(s, shared_run, drop, ACTOR, override_reason="중복 기록")
        waiting = enrollment.enroll(s, shared_run, other, ACTOR)
        moved = enrollment.enroll(s, own_run, drop, ACTOR).enrollment_id
    with database.session_scope() as s:
        persons.merge_persons(s, keep, drop, ACTOR)
    with database.read_scope() as s:
        kept = persons.person_detail(s, keep)
        assert (kept.neis_no, kept.phone) == ("E123456789", "010-5555-6666")
        assert "기존 메모" in kept.note and "옛 기록" in kept.note
        tomb = s.get(Person, drop)
        assert tomb.merged_into_id == keep and tomb.neis_no is None
        log = s.query(PersonMerge).one()
        assert '"neis_no": "E123456789"' in log.snapshot and log.actor == ACTOR
        assert [r.run_id for r in enrollment.enrollments_of_person(s, keep)] == sorted(
            [shared_run, own_run], reverse=True)
        assert enrollment.enrollments_of_person(s, keep)[0].id == moved
        statuses = {r.id: r.status for r in enrollment.roster_rows(
            s, enrollment.roster_ids(s, shared_run))}
        assert statuses[dup.enrollment_id] == "취소"
        assert statuses[waiting.enrollment_id] == "대기"  # the duplicate was waiting too
        assert persons.search_person_ids(s, "최다은") == [keep]
    with pytest.raises(ValidationError, match="이미 병합된"):
        with database.session_scope() as s:
            persons.merge_persons(s, keep, drop, ACTOR)


def test_merge_frees_a_duplicate_seat(database):
    fields = person_fields(name="정수아", neis_no=None, birth_date=date(1988, 1, 1),
                           organization="서울가온초등학교")
    with database.session_scope() as s:
        keep = persons.create_person(s, fields)
        drop = persons.create_person(s, fields, allow_duplicate=True)
        waiting = persons.create_person(s, replace(fields, organization="서울미르중학교"))
    _c, run_id = make_course_with_run(database, capacity=2)
    with database.session_scope() as s:
        enrollment.enroll(s, run_id, keep, ACTOR)
        enrollment.enroll(s, run_id, drop, ACTOR)
        w = enrollment.enroll(s, run_id, waiting, ACTOR).enrollment_id
    with database.session_scope() as s:
        persons.merge_persons(s, keep, drop, ACTOR)
    with database.read_scope() as s:
        [row] = [r for r in enrollment.roster_rows(s, enrollment.roster_ids(s, run_id))
                 if r.id == w]
        assert row.status == "선발"


def test_merge_refuses_two_neis_numbers_and_self(database):
    a = make_person(database, neis_no="F000000001")
    b = make_person(database, neis_no="F000000002")
    with pytest.raises(ValidationError, match="다른 사람"):
        with database.session_scope() as s:
            persons.merge_persons(s, a, b, ACTOR)
    with pytest.raises(ValidationError):
        with database.session_scope() as s:
            persons.merge_persons(s, a, a, ACTOR)


def test_search_by_name_neis_phone_birth_and_org(database):
    a = make_person(database, name="홍길동", neis_no="G111111111", phone="010-2222-3333",
                    birth_date=date(1977, 7, 7), organization="서울한빛초등학교")
    b = make_person(database, name="홍길순", neis_no="H222222222", phone="010-4444-5555",
                    organization="서울특별시동부교육지원청")
    with database.read_scope() as s:
        assert persons.search_person_ids(s, "홍길") == [a, b]
        assert persons.search_person_ids(s, "길순") == [b]
        assert persons.search_person_ids(s, "g1111") == [a]
        assert persons.search_person_ids(s, "3333") == [a]
        assert persons.search_person_ids(s, "010-4444-5555") == [b]
        assert persons.search_person_ids(s, "19770707") == [a]
        assert persons.search_person_ids(s, "44445555") == [b]  # 8 digits, not a date: phone
        assert persons.search_person_ids(s, "동부교육") == [b]
        assert persons.search_person_ids(s, "홍 한빛") == [a]
        assert persons.search_person_ids(s, "%") == []
        assert persons.search_person_ids(s, "", sort="organization") == [b, a]
        assert persons.search_person_ids(s, "", sort="name", ascending=False) == [b, a]
        rows = persons.person_rows(s, [b, a])
        assert [r.organization for r in rows] == ["서울특별시동부교육지원청", "서울한빛초등학교"]


def test_search_finds_a_neis_number_by_any_part(database):
    a = make_person(database, name="오지현", neis_no="J234543454", phone="010-7777-8888",
                    birth_date=date(1981, 2, 3))
    b = make_person(database, name="오지민", neis_no="K218330000", phone=None,
                    birth_date=date(1982, 3, 4))
    c = make_person(database, name="오지후", neis_no=None, phone="010-3454-1212",
                    birth_date=date(1983, 4, 5))
    d = make_person(database, name="오지안", neis_no="L119800101", phone=None,
                    birth_date=date(1980, 1, 1))
    e = make_person(database, name="오지원", neis_no=None, phone=None, birth_date=date(1980, 1, 1))
    with database.read_scope() as s:
        assert persons.search_person_ids(s, "3454") == [a, c]  # NEIS middle, phone group
        assert persons.search_person_ids(s, "45434") == [a]  # five digits across the middle
        assert persons.search_person_ids(s, "21833") == [b]
        assert persons.search_person_ids(s, "ｋ２１８３３") == [b]  # full-width, small letter
        assert persons.search_person_ids(s, "j2345") == [a]  # the start still works
        assert persons.search_person_ids(s, "3454 오지현") == [a]
        assert persons.search_person_ids(s, "34541212") == [c]  # 8 digits, not a date: phone
        # A birth date finds the people born that day and a NEIS number holding its digits.
        assert persons.search_person_ids(s, "19800101") == [d, e]
        assert persons.search_person_ids(s, "19830405") == [c]
        assert persons.search_person_ids(s, "0000") == [b]
        assert persons.search_person_ids(s, "J2_4") == []  # no wildcard gets through


def test_organizations_are_reused(database):
    make_person(database, organization="서울누리중학교")
    make_person(database, organization="서울누리중학교")
    with database.read_scope() as s:
        assert persons.organization_names(s, "누리") == ["서울누리중학교"]


def test_search_with_digits_of_other_scripts_finds_nothing_instead_of_failing(database):
    make_person(database, name="오지현", neis_no="J234543454")
    with database.read_scope() as s:
        for text in ("12²", "١٢٣٤", "①②③"):
            assert persons.search_person_ids(s, text) == []
