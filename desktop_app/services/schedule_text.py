"""Plan schedule text (추진 일정) → month spans → run dates.

The plan writes schedules as free text: ``'21.4~9월``, ``'21.5월, 10월``, ``'21.9~'22.2월``,
``1기 '21.4월; 2기 '21.5월``, ``1기(4~5월), 2기(7~8월)``, ``연중``, ``미정``, ``승진 후, '21.4~10월``.
The text is kept as printed on the course; this module reads the months out of it so runs can be
dated.  It never raises: text it cannot read gives no spans.
"""

from __future__ import annotations

import calendar
import re
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
        out, (y, m) = [], self.start
        while (y, m) <= self.end:
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
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
    """Dates proposed for one run."""

    start: date
    end: date
    label: str = ""


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
                                  group[0].label))
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
