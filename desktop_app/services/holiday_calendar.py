"""Korean public holidays (substitute and lunar ones included) from the maintained ``holidays``
library: the demo's run days and the bookings' blackouts both ask here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache


@lru_cache(maxsize=64)
def _year(year: int) -> dict[date, str]:
    import holidays  # imported on first use: keeps it off the start-up path

    return dict(holidays.country_holidays("KR", years=[year]))


def korean_holidays(years: Iterable[int]) -> set[date]:
    """The public holidays of the years."""
    return {day for year in set(years) for day in _year(year)}


def holiday_name(day: date) -> str | None:
    """The holiday's Korean name, or None on a working day (weekends are not holidays here)."""
    return _year(day.year).get(day)
