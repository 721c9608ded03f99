"""A budget cell's one rule: numbers in 천원 with or without separators, states as words,
(재배정별도) on an amount, "nothing planned" as an empty cell; every wrong cell a Korean reason."""

import pytest

from desktop_app.services.budget_plan import LINE_FIELDS, format_amount, parse_amount, parse_cell

ALL = ("재배정", "재배정별도", "비예산")


@pytest.mark.parametrize("typed, expected", [
    ("110,070", (110070, "")), ("110070", (110070, "")), (110070, (110070, "")),
    (110070.0, (110070, "")), (" 1,234 천원", (1234, "")), ("0", (0, "")),
    ("", (None, "")), (None, (None, "")), ("-", (None, "")),
    ("재배정", (None, "재배정")), ("비예산", (None, "비예산")),
    ("(재배정별도) 12,345", (12345, "재배정별도")), ("12,345 (재배정별도)", (12345, "재배정별도")),
])
def test_cells_that_are_taken(typed, expected):
    assert parse_amount(typed, ALL) == expected


@pytest.mark.parametrize("typed, reason", [
    ("12.5", "정수"), (12.5, "정수"), ("-100", "아닙니다"), ("열만", "금액"),
    ("(재배정별도)", "금액과 함께"), ("3000000000", "너무 큽니다"), (True, "숫자"),
    (float("nan"), "숫자"),
])
def test_cells_that_are_refused_say_why(typed, reason):
    with pytest.raises(ValueError, match=reason):
        parse_amount(typed, ALL)


def test_a_state_only_where_the_column_allows_it():
    with pytest.raises(ValueError, match="재배정"):      # the message names what may be typed
        parse_amount("비예산", ("재배정",))
    with pytest.raises(ValueError):
        parse_cell(LINE_FIELDS["q1"], "(재배정별도) 100", {})
    assert parse_cell(LINE_FIELDS["q1"], "재배정", {}) == (None, "재배정")


def test_shown_as_typed_and_read_back_the_same():
    for value, state in ((110070, ""), (None, "재배정"), (12345, "재배정별도"), (None, "")):
        text = format_amount(value, state)
        assert parse_amount(text, ALL) == (value, state)
    assert format_amount(1234567) == "1,234,567" and format_amount(None) == ""


def test_text_cells_and_programmes():
    with pytest.raises(ValueError, match="비워 둘 수 없습니다"):
        parse_cell(LINE_FIELDS["name"], "  ", {})
    with pytest.raises(ValueError, match="40자"):
        parse_cell(LINE_FIELDS["q1_use"], "가" * 41, {})
    assert parse_cell(LINE_FIELDS["program"], "교원연수운영", {"교원연수운영": 7}) == 7
    assert parse_cell(LINE_FIELDS["program"], "", {"교원연수운영": 7}) is None
    with pytest.raises(ValueError, match="세부사업이 아닙니다"):
        parse_cell(LINE_FIELDS["program"], "없는사업", {"교원연수운영": 7})
