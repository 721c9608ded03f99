"""Plan schedule text (추진 일정) → month spans → runs in those months → concrete days.

The plan writes schedules as free text: ``'21.4~9월``, ``'21.5월, 10월``, ``'21.9~'22.2월``,
``1기 '21.4월; 2기 '21.5월``, ``1기(4~5월), 2기(7~8월)``, ``연중``, ``미정``, ``승진 후, '21.4~10월``.
The text is kept as printed on the course; this module reads the months out of it so runs can be
dated.  It never raises: text it cannot read gives no spans.
"""

from __future__ import annotations

import calendar
import random
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "＇": "'", "～": "~", "∼": "~",
                         "〜": "~"})
_YEAR = r"(?:'(\d{2})\.?\s*)?"
_RANGE = re.compile(_YEAR + r"(\d{1,2})\s*(?:월)?\s*~\s*" + _YEAR + r"(\d{1,2})\s*월")
_SINGLE = re.compile(_YEAR + r"(\d{1,2})\s*월")
_ALL_YEAR = ("연중", "상시")


@dataclass(frozen=True)
class MonthSpan:
    """A run of whole months, ``start``/``end`` as (year, month), with the label before it."""

    start: tuple[int, int]
    end: tuple[int, int]
    label: str = ""

    @property
    def months(self) -> list[tuple[int, int]]:
        """Every (year, month) from start to end inclusive."""
        out, month = [], self.start
        while month <= self.end:
            out.append(month)
            month = _next_month(month)
        return out

    @property
    def first_day(self) -> date:
        return date(self.start[0], self.start[1], 1)

    @property
    def last_day(self) -> date:
        y, m = self.end
        return date(y, m, calendar.monthrange(y, m)[1])


def _year(two_digits: str | None, current: int) -> int:
    return 2000 + int(two_digits) if two_digits else current


def parse_schedule(text: str | None, default_year: int) -> list[MonthSpan]:
    """Read the month spans out of a schedule text; unknown text gives ``[]``."""
    if not text:
        return []
    normalized = text.translate(_QUOTES)
    year = default_year
    spans: list[MonthSpan] = []
    for part in re.split(r"[;,]", normalized):
        part = part.strip()
        if not part:
            continue
        pos, label_done, label = 0, False, ""
        while pos < len(part):
            rng, one = _RANGE.search(part, pos), _SINGLE.search(part, pos)
            match = rng if rng and (not one or rng.start() <= one.start()) else one
            if match is None:
                break
            if not label_done:
                label = part[:match.start()].strip(" (")
                label_done = True
            if match.re is _RANGE:
                y1 = _year(match.group(1), year)
                m1 = int(match.group(2))
                y2 = _year(match.group(3), y1)
                m2 = int(match.group(4))
                if match.group(3) is None and m2 < m1:
                    y2 = y1 + 1  # "11~2월" runs into the next year
                year = y2 if match.group(3) else y1
            else:
                y1 = y2 = _year(match.group(1), year)
                m1 = m2 = int(match.group(2))
                year = y1
            if 1 <= m1 <= 12 and 1 <= m2 <= 12 and (y1, m1) <= (y2, m2):
                spans.append(MonthSpan((y1, m1), (y2, m2), label))
            pos = match.end()
        if not label_done and any(word in part for word in _ALL_YEAR):
            spans.append(MonthSpan((year, 1), (year, 12), ""))
    return spans


@dataclass(frozen=True)
class PlannedRun:
    """Dates proposed for one run: the plan months it falls in, whole.

    ``months`` lists the plan months the run may use; it differs from start…end only when one
    run covers several spans (``'21.4월, 9월`` with one run may use April or September, not June).
    Empty means every month from start to end.
    """

    start: date
    end: date
    label: str = ""
    months: tuple[tuple[int, int], ...] = ()

    @property
    def plan_months(self) -> tuple[tuple[int, int], ...]:
        return self.months or tuple(MonthSpan((self.start.year, self.start.month),
                                              (self.end.year, self.end.month)).months)


def _split_evenly(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _runs_in_span(span: MonthSpan, count: int) -> list[PlannedRun]:
    months = span.months
    if count <= len(months):
        # Fewer runs than months: each run takes a block of consecutive months.
        out, index = [], 0
        for size in _split_evenly(len(months), count):
            block = months[index:index + size]
            index += size
            part = MonthSpan(block[0], block[-1])
            out.append(PlannedRun(part.first_day, part.last_day, span.label))
        return out
    # More runs than months: several runs share a month.
    out = []
    for month, size in zip(months, _split_evenly(count, len(months)), strict=True):
        part = MonthSpan(month, month)
        out.extend(PlannedRun(part.first_day, part.last_day, span.label) for _ in range(size))
    return out


def plan_runs(spans: list[MonthSpan], count: int) -> list[PlannedRun]:
    """Spread ``count`` runs over the spans, in month order.

    One run per span when the numbers match (``'21.5월, 10월`` with 2 runs gives May and
    October); otherwise runs are shared out in proportion to each span's months.
    """
    if not spans or count < 1:
        return []
    if count < len(spans):
        # Fewer runs than spans: each run covers a group of neighbouring spans.
        out, index = [], 0
        for size in _split_evenly(len(spans), count):
            group = spans[index:index + size]
            index += size
            out.append(PlannedRun(min(g.first_day for g in group), max(g.last_day for g in group),
                                  group[0].label,
                                  tuple(sorted({m for g in group for m in g.months}))))
        return out
    weights = [len(s.months) for s in spans]
    shares = [1] * len(spans)
    # Largest-remainder apportionment of the runs left after one per span.
    left = count - len(spans)
    total_weight = sum(weights)
    quotas = [left * w / total_weight for w in weights]
    for i, quota in enumerate(quotas):
        shares[i] += int(quota)
    remainder = count - sum(shares)
    order = sorted(range(len(spans)), key=lambda i: (-(quotas[i] - int(quotas[i])), i))
    for i in order[:remainder]:
        shares[i] += 1
    out: list[PlannedRun] = []
    for span, share in zip(spans, shares, strict=True):
        out.extend(_runs_in_span(span, share))
    return out


# ---------------------------------------------------------------- concrete days


@dataclass(frozen=True)
class DatedRun:
    """A run given concrete days inside its plan months."""

    start: date
    end: date
    days: int                             # working days from start to end, both included
    label: str
    months: tuple[tuple[int, int], ...]   # the plan months it was placed in


def month_text(months: Sequence[tuple[int, int]]) -> str:
    """``2021년 4월``, ``2021년 4~6월``, ``2021년 9월~2022년 2월``, ``2021년 4월, 9월``."""
    spans: list[list[tuple[int, int]]] = []
    for y, m in sorted(months):
        if spans and _next_month(spans[-1][-1]) == (y, m):
            spans[-1].append((y, m))
        else:
            spans.append([(y, m)])
    parts, year = [], None
    for span in spans:
        (y1, m1), (y2, m2) = span[0], span[-1]
        first = f"{m1}월" if y1 == year else f"{y1}년 {m1}월"
        if (y1, m1) == (y2, m2):
            parts.append(first)
        elif y1 == y2:
            parts.append(first[:-1] + f"~{m2}월")
        else:
            parts.append(f"{first}~{y2}년 {m2}월")
        year = y2
    return ", ".join(parts)


def _next_month(month: tuple[int, int]) -> tuple[int, int]:
    y, m = month
    return (y + 1, 1) if m == 12 else (y, m + 1)


def working_days(months: Sequence[tuple[int, int]], holidays: Container[date]) -> list[date]:
    """Monday–Friday days of the months that are not in ``holidays``, in order."""
    out = []
    for y, m in sorted(months):
        for day in range(1, calendar.monthrange(y, m)[1] + 1):
            d = date(y, m, day)
            if d.weekday() < 5 and d not in holidays:
                out.append(d)
    return out


def _starts(pool: list[date], length: int) -> list[int]:
    """Indexes in ``pool`` where a run of ``length`` working days can start: inside one block
    of neighbouring plan months, and (up to five days) inside one week with no day off."""
    block, number = [], 0
    for i, day in enumerate(pool):
        if i and (day.year, day.month) not in ((pool[i - 1].year, pool[i - 1].month),
                                               _next_month((pool[i - 1].year, pool[i - 1].month))):
            number += 1
        block.append(number)
    last = len(pool) - length
    same_block = [s for s in range(last + 1) if block[s] == block[s + length - 1]]
    if length <= 5:
        compact = [s for s in same_block if (pool[s + length - 1] - pool[s]).days == length - 1]
        return compact or same_block
    return same_block


def _place(pool: list[date], count: int, days: int | None,
           rng: random.Random) -> list[tuple[int, int]]:
    """(first, last) indexes in ``pool`` for ``count`` runs of ``days`` working days."""
    n = len(pool)
    length = n if days is None else max(1, min(days, n))
    starts = _starts(pool, length)
    while not starts:  # no block of neighbouring months is long enough: shorten the run
        length -= 1
        starts = _starts(pool, length)
    is_start = set(starts)
    # room[i]: how many runs fit one after another, without sharing a day, from index i on
    room = [0] * (n + length + 1)
    for i in range(n - 1, -1, -1):
        room[i] = max(room[i + 1], 1 + room[i + length] if i in is_start else 0)
    out: list[tuple[int, int]] = []
    if count > room[0]:
        # The months cannot hold the runs apart: space the starts evenly, a free one first.
        used: set[int] = set()
        for j in range(count):
            target = j * (n - length) / max(count - 1, 1)
            start = min(starts, key=lambda s: (s in used, abs(s - target), s))
            used.add(start)
            out.append((start, start + length - 1))
        return out
    free = 0  # the first index after the runs placed so far
    for j in range(count):
        low, high = j * n // count, (j + 1) * n // count
        # a start after the previous run that leaves room for the runs still to place
        allowed = [s for s in starts if s >= free and room[s + length] >= count - j - 1]
        inside = [s for s in allowed if low <= s and s + length <= high]
        start = rng.choice(inside) if inside else min(allowed, key=lambda s: (abs(s - low), s))
        out.append((start, start + length - 1))
        free = start + length
    return out


def date_runs(planned: Sequence[PlannedRun], days: int | None, holidays: Container[date],
              rng: random.Random) -> list[DatedRun]:
    """Give each planned run concrete days inside its plan months; the result is ordered by date.

    A run takes ``days`` working days in a row (Monday–Friday, not in ``holidays``), or every
    working day of its months when ``days`` is None; a run of up to five days stays inside one
    week, a longer one inside one block of neighbouring plan months, and a run longer than its
    months is shortened to fit.  Runs planned for the same months are spread through them: the
    months' working days are cut into as many equal stretches as there are runs, and each run is
    placed at random (``rng``) within its own stretch, or as near it as the runs before and
    after allow, so they do not share a day.  When the months cannot hold the runs apart, their
    starts are spaced evenly (a free start first) and runs share days.
    Start and end are always working days inside the plan months.
    """
    out: list[DatedRun] = []
    pools: dict[tuple[tuple[int, int], ...], list[date]] = {}
    i = 0
    while i < len(planned):
        months = planned[i].plan_months
        j = i
        while j < len(planned) and planned[j].plan_months == months:
            j += 1
        if months not in pools:
            # A month always has weekdays; only an absurd holiday list could empty it.
            pools[months] = working_days(months, holidays) or working_days(months, ())
        pool = pools[months]
        for run, (first, last) in zip(planned[i:j], _place(pool, j - i, days, rng), strict=True):
            out.append(DatedRun(pool[first], pool[last], last - first + 1, run.label, months))
        i = j
    return sorted(out, key=lambda r: (r.start, r.end))
