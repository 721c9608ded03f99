from datetime import date, datetime, time

import pytest

from desktop_app.errors import ConflictError, Problem, ValidationError
from desktop_app.services.common import Problems, parse_int
from desktop_app.services.values import parse_bool, parse_date, parse_time


@pytest.mark.parametrize("text", ["2021-05-03", "2021.5.3", "2021. 5. 3.", "2021/05/03",
                                  "20210503", date(2021, 5, 3)])
def test_dates_in_the_forms_offices_type(text):
    p = Problems()
    assert parse_date(p, "시작일", text) == date(2021, 5, 3)
    assert not p


@pytest.mark.parametrize("text", ["2021-13-01", "2021-02-30", "내일", "5/3"])
def test_bad_dates_name_the_field(text):
    p = Problems()
    assert parse_date(p, "시작일", text) is None
    assert p.items[0].field == "시작일"
    assert "날짜" in p.items[0].message


def test_required_date_and_time():
    p = Problems()
    assert parse_date(p, "시작일", "", required=True) is None
    assert parse_time(p, "시작", "") is None
    assert [x.field for x in p.items] == ["시작일", "시작"]


def test_times():
    p = Problems()
    assert parse_time(p, "시작", "9:05") == time(9, 5)
    assert parse_time(p, "시작", "24:00") is None
    assert len(p.items) == 1


def test_integers():
    p = Problems()
    assert parse_int(p, "정원", "1,200") == 1200
    assert parse_int(p, "정원", "") is None
    assert parse_int(p, "정원", "-1", minimum=0) is None
    assert parse_int(p, "정원", "서른") is None
    assert parse_int(p, "정원", True) is None
    assert [x.field for x in p.items] == ["정원", "정원", "정원"]


def test_booleans():
    assert parse_bool("예") and parse_bool("Y") and parse_bool(True)
    assert not parse_bool("아니오") and not parse_bool("") and not parse_bool(None)


def test_problem_text_names_row_and_field():
    assert str(Problem("형식이 아닙니다", "나이스개인번호", 12)) == "행 12, 열 '나이스개인번호': 형식이 아닙니다"
    assert str(Problem("값을 입력하십시오.", "성명")) == "'성명': 값을 입력하십시오."
    error = ValidationError([Problem("a", "x"), Problem("b", "y", 3)])
    assert error.fields == {"x": "a", "y": "b"}
    assert str(error).splitlines() == ["'x': a", "행 3, 열 'y': b"]


def test_conflict_keeps_changes():
    error = ConflictError("바뀜", changes={"정원": (30, 40)})
    assert error.changes == {"정원": (30, 40)}
    with pytest.raises(ValueError):
        ValidationError([])


@pytest.mark.parametrize("value, expected", [
    (date(1985, 3, 2), date(1985, 3, 2)), (datetime(1985, 3, 2, 0, 0), date(1985, 3, 2)),
    ("1985-03-02", date(1985, 3, 2)), ("1985.3.2.", date(1985, 3, 2)),
    ("1985. 3. 2.", date(1985, 3, 2)), ("19850302", date(1985, 3, 2)),
    (19850302, date(1985, 3, 2)), ("850302", date(1985, 3, 2)), (850302, date(1985, 3, 2)),
    ("85.3.2.", date(1985, 3, 2)), ("１９８５-０３-０２", date(1985, 3, 2)),
    (10302, date(2001, 3, 2)),  # 010302 stored as a number: born 2001
    ("210302", date(1921, 3, 2)),  # a year not yet reached belongs to the last century
])
def test_birth_dates_as_offices_type_them(value, expected):
    from desktop_app.services.values import parse_birth_date

    p = Problems()
    assert parse_birth_date(p, "생년월일", value, today=date(2021, 3, 1)) == expected
    assert not p


@pytest.mark.parametrize("value", ["851302", "85.2.30", "1985-02-30", "어제", 12])
def test_impossible_birth_dates_are_named(value):
    from desktop_app.services.values import parse_birth_date

    p = Problems()
    assert parse_birth_date(p, "생년월일", value, today=date(2021, 3, 1)) is None
    assert p.items[0].field == "생년월일" and "1980-03-05" in p.items[0].message


@pytest.mark.parametrize("value, expected", [
    ("010-1234-5678", "010-1234-5678"), ("01012345678", "010-1234-5678"),
    (1012345678, "010-1234-5678"), ("０１０ １２３４ ５６７８", "010-1234-5678"),
    ("02-123-4567", "02-123-4567"), (21234567, "02-123-4567")])
def test_phones_as_offices_type_them(value, expected):
    from desktop_app.services.persons import normalize_phone

    p = Problems()
    assert normalize_phone(p, value) == expected and not p


def test_control_characters_are_exactly_category_cc_and_the_bidi_controls():
    """The compiled class stands for the definition: Unicode's Cc but line breaks and tabs,
    and the bidirectional overrides and isolates — checked over every code point."""
    import sys
    import unicodedata

    from desktop_app.services.common import control_characters

    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    expected = [chr(c) for c in range(sys.maxunicode + 1)
                if chr(c) not in "\n\r\t"
                and (unicodedata.category(chr(c)) == "Cc" or chr(c) in bidi)]
    every = "".join(chr(c) for c in range(sys.maxunicode + 1))
    assert control_characters(every) == expected
    assert control_characters("김\x1b[31m나\x1b연") == ["\x1b", "\x1b"]
