"""Text from a Mac (NFD Hangul), escape sequences and endless reasons, everywhere text enters."""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app import cli
from desktop_app.db import open_database
from desktop_app.errors import ValidationError
from desktop_app.models import Enrollment, Organization, Person
from desktop_app.services import enrollment, persons, runs
from desktop_app.services.values import REASON_MAX_LEN
from tests.factories import make_course_with_run, make_person


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


def test_nfd_name_and_school_find_the_same_person_and_seat(database):
    _, run_id = make_course_with_run(database, capacity=5)
    with database.session_scope() as s:
        first = persons.create_person(s, persons.PersonFields(
            name="김나연", birth_date="1985-03-02", organization="서울초등학교"))
        enrollment.enroll(s, run_id, first, "테스트")
    with database.session_scope() as s:
        same = persons.find_same_person(s, nfd("김나연"), date(1985, 3, 2),
                                        nfd("서울초등학교"))
        assert same == [first]
        with pytest.raises(ValidationError, match="이미 이 기수에"):
            enrollment.enroll(s, run_id, same[0], "테스트")
    with database.read_scope() as s:
        assert s.scalar(select(func.count(Person.id))) == 1
        assert s.scalar(select(func.count(Organization.id))) == 1
        assert s.scalar(select(func.count(Enrollment.id))) == 1


def test_nfd_input_is_stored_composed(database):
    with database.session_scope() as s:
        pid = persons.create_person(s, persons.PersonFields(
            name=nfd("김나연"), birth_date="1985-03-02", organization=nfd("서울초등학교"),
            position=nfd("교사")))
    with database.read_scope() as s:
        detail = persons.person_detail(s, pid)
        assert detail.name == "김나연" and detail.organization == "서울초등학교"
        assert detail.position == "교사"
        assert persons.search_person_ids(s, nfd("김나")) == [pid]


def test_enroll_command_with_nfd_reuses_the_record(tmp_path, sqlite_template, capsys):
    path = tmp_path / "x.sqlite3"
    shutil.copy(sqlite_template, path)
    database = open_database(path)
    make_course_with_run(database, capacity=5)
    database.dispose()
    args = ["--db", str(path), "enroll", "--run", "2021-001-01", "--birth", "1985-03-02"]
    assert cli.main(args + ["--name", "김나연", "--org", "서울초등학교"]) == 0
    capsys.readouterr()
    code = cli.main(args + ["--name", nfd("김나연"), "--org", nfd("서울초등학교")])
    err = capsys.readouterr().err
    assert code == 2 and "이미 이 기수에" in err and "쓸 수 없는 글자" not in err
    database = open_database(path)
    with database.read_scope() as s:
        assert s.scalar(select(func.count(Person.id))) == 1
        assert s.scalar(select(func.count(Organization.id))) == 1
    database.dispose()


@pytest.mark.parametrize("bad", ["김\x1b[31m나연", "김나연\x00", "김\u202e나연", "\x07"])
def test_control_characters_are_refused_naming_the_field(database, bad):
    with pytest.raises(ValidationError) as caught:
        with database.session_scope() as s:
            persons.create_person(s, persons.PersonFields(
                name="김나연", birth_date="1985-03-02", organization=bad))
    assert "'소속'" in caught.value.message and "제어 문자" in caught.value.message
    with database.read_scope() as s:
        assert s.scalar(select(func.count(Person.id))) == 0


def test_reasons_have_a_length_limit_and_no_escapes(database):
    _, run_id = make_course_with_run(database, capacity=5)
    for reason, words in (("가" * (REASON_MAX_LEN + 1), f"{REASON_MAX_LEN}자 이하"),
                          ("사유\x1b[2J", "제어 문자"), ("   ", "폐강 사유를 입력")):
        with pytest.raises(ValidationError, match=words):
            with database.session_scope() as s:
                runs.close_run(s, run_id, reason, "테스트")
    with database.session_scope() as s:
        runs.close_run(s, run_id, nfd("강사 사정으로 폐강"), "테스트")
        assert runs.run_row(s, run_id).status == "폐강"


def test_full_width_neis_and_phone_are_one_form(database):
    pid = make_person(database, name="박서준", neis_no="Ａ１２３４５６７８９", phone="０１０-１２３４-５６７８")
    with database.read_scope() as s:
        detail = persons.person_detail(s, pid)
        assert detail.neis_no == "A123456789" and detail.phone == "010-1234-5678"
        assert persons.find_by_neis(s, "a 123 456 789") == pid


def test_an_email_with_a_blank_inside_is_refused_not_squeezed(database):
    with pytest.raises(ValidationError, match="전자우편"):
        make_person(database, name="홍길동", email="hong gil@x.kr")
    pid = make_person(database, name="홍길동", email="ｈｏｎｇ@x.kr")
    with database.read_scope() as s:
        assert persons.person_detail(s, pid).email == "hong@x.kr"


def test_full_width_digits_in_the_search_box_find_the_phone(database):
    pid = make_person(database, name="최서윤", phone="010-2345-6789")
    with database.read_scope() as s:
        assert persons.search_person_ids(s, "６７８９") == [pid]
        assert persons.search_person_ids(s, "최서") == [pid]
