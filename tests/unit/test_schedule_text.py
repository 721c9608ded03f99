import random
from datetime import date, timedelta
from itertools import pairwise

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.services.schedule_text import (MonthSpan, date_runs, month_text, parse_schedule,
                                                plan_runs, working_days)

KR = holidays.country_holidays("KR", years=range(2020, 2025))


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


def test_fewer_runs_than_spans_keep_to_the_spans_months():
    (run,) = plan_runs(parse_schedule("'21.4월, 9월", 2021), 1)
    assert run.plan_months == ((2021, 4), (2021, 9))
    (run,) = plan_runs(parse_schedule("'21.4~5월", 2021), 1)
    assert run.plan_months == ((2021, 4), (2021, 5))


# ---------------------------------------------------------------- concrete days


def _working(day):
    return day.weekday() < 5 and day not in KR


def test_working_days_skip_weekends_and_korean_holidays():
    september = working_days([(2021, 9)], KR)
    assert len(september) == 19                                  # 22 weekdays less 추석
    assert not {date(2021, 9, 20), date(2021, 9, 21), date(2021, 9, 22)} & set(september)
    assert date(2021, 9, 4) not in september                     # a Saturday
    assert date(2021, 8, 16) not in working_days([(2021, 8)], KR)  # substitute for 광복절


@pytest.mark.parametrize("months, text", [
    ([(2021, 4)], "2021년 4월"),
    ([(2021, 4), (2021, 5), (2021, 6)], "2021년 4~6월"),
    ([(2021, 9), (2021, 10), (2021, 11), (2021, 12), (2022, 1), (2022, 2)],
     "2021년 9월~2022년 2월"),
    ([(2021, 4), (2021, 9)], "2021년 4월, 9월"),
    ([(2021, 12), (2022, 3)], "2021년 12월, 2022년 3월"),
])
def test_month_text(months, text):
    assert month_text(months) == text


def test_runs_sharing_a_month_are_spread_through_it_apart():
    planned = plan_runs(parse_schedule("'21.4월", 2021), 4)     # April 2021: no holiday
    runs = date_runs(planned, 3, KR, random.Random(7))
    assert len(runs) == 4
    assert all(a.end < b.start for a, b in pairwise(runs))
    assert all((r.end - r.start).days == 2 for r in runs)       # Mon–Fri of one week
    assert runs[0].start <= date(2021, 4, 9) and runs[-1].start >= date(2021, 4, 20)


def test_more_runs_than_a_month_holds_share_days_evenly():
    runs = date_runs(plan_runs(parse_schedule("'21.4월", 2021), 20), 3, KR, random.Random(7))
    assert len(runs) == 20
    assert all(r.start.month == r.end.month == 4 for r in runs)
    # from the first week that holds three days in a row (Thu 1st, Fri 2nd do not) to the last
    assert runs[0].start == date(2021, 4, 5) and runs[-1].end == date(2021, 4, 30)
    # every Monday, Tuesday and Wednesday of April's four full weeks starts a run: shared days,
    # each run still inside one week
    assert len({r.start for r in runs}) == 12 and all((r.end - r.start).days == 2 for r in runs)


def test_one_run_over_two_spans_never_uses_the_months_between():
    planned = plan_runs(parse_schedule("'21.4월, 9월", 2021), 1)
    for seed in range(30):
        (run,) = date_runs(planned, 15, KR, random.Random(seed))
        assert run.start.month == run.end.month and run.start.month in (4, 9)


def test_no_days_means_the_whole_plan_months():
    planned = plan_runs(parse_schedule("'21.3~8월, 9~'22.2월", 2021), 2)
    runs = date_runs(planned, None, KR, random.Random(1))
    assert [(r.start, r.end) for r in runs] == [(date(2021, 3, 2), date(2021, 8, 31)),
                                                (date(2021, 9, 1), date(2022, 2, 28))]


def test_a_run_longer_than_its_month_is_shortened_to_it():
    (run,) = date_runs(plan_runs(parse_schedule("'21.9월", 2021), 1), 30, KR, random.Random(1))
    assert (run.start, run.end, run.days) == (date(2021, 9, 1), date(2021, 9, 30), 19)


def test_the_same_seed_gives_the_same_days():
    planned = plan_runs(parse_schedule("'21.3~11월", 2021), 25)
    first = date_runs(planned, 3, KR, random.Random("2021:C001"))
    assert first == date_runs(planned, 3, KR, random.Random("2021:C001"))
    assert first != date_runs(planned, 3, KR, random.Random("2021:C002"))


@given(st.lists(st.tuples(st.integers(1, 12), st.integers(0, 11)), min_size=1, max_size=4),
       st.integers(1, 60), st.one_of(st.none(), st.integers(1, 25)), st.integers(0, 10**6))
def test_dated_runs_are_working_days_inside_their_plan_months(parts, count, days, seed):
    spans = []
    for month, length in parts:
        end = month + length
        spans.append(MonthSpan((2021, month), (2021 + (end - 1) // 12, (end - 1) % 12 + 1)))
    planned = plan_runs(spans, count)
    runs = date_runs(planned, days, KR, random.Random(seed))
    assert len(runs) == count
    assert [r.start for r in runs] == sorted(r.start for r in runs)
    allowed = {m for s in spans for m in s.months}
    assert sorted(r.months for r in runs) == sorted(p.plan_months for p in planned)
    for run in runs:
        for day in (run.start, run.end):
            assert _working(day) and (day.year, day.month) in run.months
        assert set(run.months) <= allowed
        used = sum(_working(run.start + timedelta(n)) for n in range((run.end - run.start).days + 1))
        assert used == run.days
        if days is not None:
            assert run.days <= days
