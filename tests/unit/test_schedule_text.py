from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.services.schedule_text import MonthSpan, parse_schedule, plan_runs


@pytest.mark.parametrize("text, expected", [
    ("'21.4~9월", [((2021, 4), (2021, 9))]),
    ("'21.5월, 10월", [((2021, 5), (2021, 5)), ((2021, 10), (2021, 10))]),
    ("’21.2~11월", [((2021, 2), (2021, 11))]),
    ("'21.9~'22.2월", [((2021, 9), (2022, 2))]),
    ("'21.3~8월, 9~'22.2월", [((2021, 3), (2021, 8)), ((2021, 9), (2022, 2))]),
    ("5월~'22.2월", [((2021, 5), (2022, 2))]),
    ("승진 후, '21.4~10월", [((2021, 4), (2021, 10))]),
    ("'22.1월", [((2022, 1), (2022, 1))]),
    ("연중", [((2021, 1), (2021, 12))]),
    ("연중 (4분기 상시과정)", [((2021, 1), (2021, 12))]),
    ("미정", []),
    ("", []),
    (None, []),
])
def test_parse_schedule_reads_the_plan_forms(text, expected):
    assert [(s.start, s.end) for s in parse_schedule(text, 2021)] == expected


def test_labels_before_each_part_are_kept():
    spans = parse_schedule("1기(4~5월), 2기(7~8월), 3기(9~10월)", 2021)
    assert [(s.label, s.start, s.end) for s in spans] == [
        ("1기", (2021, 4), (2021, 5)), ("2기", (2021, 7), (2021, 8)),
        ("3기", (2021, 9), (2021, 10))]
    spans = parse_schedule("연극 '21.6월; 영화 '21.6월; 뮤지컬 '21.5월", 2021)
    assert [s.label for s in spans] == ["연극", "영화", "뮤지컬"]


def test_one_run_per_span_when_numbers_match():
    runs = plan_runs(parse_schedule("'21.5월, 10월", 2021), 2)
    assert [(r.start, r.end) for r in runs] == [(date(2021, 5, 1), date(2021, 5, 31)),
                                                (date(2021, 10, 1), date(2021, 10, 31))]


def test_half_year_cohorts():
    runs = plan_runs(parse_schedule("'21.1~6월, 7~12월", 2021), 2)
    assert [(r.start, r.end) for r in runs] == [(date(2021, 1, 1), date(2021, 6, 30)),
                                                (date(2021, 7, 1), date(2021, 12, 31))]


def test_more_runs_than_months_share_months_evenly():
    runs = plan_runs(parse_schedule("'21.4~9월", 2021), 20)
    assert len(runs) == 20
    per_month = {}
    for r in runs:
        per_month[r.start.month] = per_month.get(r.start.month, 0) + 1
        assert r.start.month == r.end.month
    assert sorted(per_month) == [4, 5, 6, 7, 8, 9]
    assert max(per_month.values()) - min(per_month.values()) <= 1


def test_fewer_runs_than_months_take_blocks():
    runs = plan_runs(parse_schedule("'21.4~9월", 2021), 3)
    assert [(r.start, r.end) for r in runs] == [
        (date(2021, 4, 1), date(2021, 5, 31)), (date(2021, 6, 1), date(2021, 7, 31)),
        (date(2021, 8, 1), date(2021, 9, 30))]


def test_fewer_runs_than_spans_cover_neighbouring_spans():
    runs = plan_runs(parse_schedule("'21.4월, 9월", 2021), 1)
    assert [(r.start, r.end) for r in runs] == [(date(2021, 4, 1), date(2021, 9, 30))]


def test_no_spans_or_no_runs_give_nothing():
    assert plan_runs([], 3) == []
    assert plan_runs([MonthSpan((2021, 1), (2021, 1))], 0) == []


@given(st.text(max_size=60), st.integers(min_value=2000, max_value=2100))
def test_parse_never_fails_and_spans_are_ordered(text, year):
    for span in parse_schedule(text, year):
        assert 1 <= span.start[1] <= 12 and 1 <= span.end[1] <= 12
        assert span.start <= span.end
        assert span.first_day <= span.last_day


@given(st.lists(st.tuples(st.integers(1, 12), st.integers(0, 11)), min_size=1, max_size=5),
       st.integers(1, 60))
def test_plan_runs_gives_exactly_the_runs_asked_within_the_spans(parts, count):
    spans = []
    for month, length in parts:
        end = month + length
        spans.append(MonthSpan((2021, month), (2021 + (end - 1) // 12, (end - 1) % 12 + 1)))
    runs = plan_runs(spans, count)
    assert len(runs) == count
    first, last = min(s.first_day for s in spans), max(s.last_day for s in spans)
    for run in runs:
        assert first <= run.start <= run.end <= last
