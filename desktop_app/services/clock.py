"""The one clock of the services: what "today" is for every rule that depends on the date.

A real database uses the real date.  A demo database carries its own reference date (기준일,
stored in ``app_setting``), so the 2021 plan shows runs in every phase — 모집 예정, 모집 중,
진행 중, 종료 — as in a live year, and registrations made on it are dated on that day.
Tests fix the clock with :func:`fixed` instead of patching :func:`datetime.date.today`.

Wall-clock times that describe the machine rather than the business (file names of backups,
log lines, ``created_at``/``updated_at``) keep using the real time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy.orm import Session

from ..models import Setting

REFERENCE_DATE_KEY = "reference_date"

_fixed: date | None = None  # set by tests through fixed()


_CACHE = "yeonsu_reference_date"  # session.info key: read once per session


def reference_date(session: Session) -> date | None:
    """The database's own reference date (a demo's 기준일), or None for a real database."""
    if _CACHE in session.info:
        return session.info[_CACHE]
    row = session.get(Setting, REFERENCE_DATE_KEY)
    try:
        day = None if row is None else date.fromisoformat(json.loads(row.value))
    except (TypeError, ValueError):
        day = None  # a damaged value must not stop the program: fall back to the real date
    session.info[_CACHE] = day
    return day


def set_reference_date(session: Session, day: date | None) -> None:
    """Give the database its own "today" (None: back to the real date)."""
    row = session.get(Setting, REFERENCE_DATE_KEY)
    if day is None:
        session.info[_CACHE] = None
        if row is not None:
            session.delete(row)
        return
    session.info[_CACHE] = day
    value = json.dumps(day.isoformat())
    if row is None:
        session.add(Setting(key=REFERENCE_DATE_KEY, value=value))
    else:
        row.value = value
    session.flush()


def _set_day(session: Session | None) -> date | None:
    """The day that replaces the real date: a fixed test day, else the database's own."""
    if _fixed is not None:
        return _fixed
    return reference_date(session) if session is not None else None


def today(session: Session | None = None) -> date:
    """Today for the rules: a fixed test date, else the database's reference date, else the
    real date."""
    return _set_day(session) or date.today()


def now(session: Session | None = None) -> datetime:
    """The time of a business event (an application, a status change): the real time of day,
    on :func:`today`'s date, to the second."""
    wall = datetime.now().replace(microsecond=0)
    day = _set_day(session)  # read once: the real date and time come from one reading
    return wall if day is None or day == wall.date() else datetime.combine(day, wall.time())


@contextmanager
def fixed(day: date | None) -> Iterator[date | None]:
    """Make :func:`today` return ``day`` inside the block (tests; the clock is process-wide).

    ``None`` lets the block see the database's reference date and the real date again.
    """
    global _fixed
    before = _fixed
    _fixed = day
    try:
        yield day
    finally:
        _fixed = before
