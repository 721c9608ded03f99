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


def reference_date(session: Session) -> date | None:
    """The database's own reference date (a demo's 기준일), or None for a real database."""
    row = session.get(Setting, REFERENCE_DATE_KEY)
    if row is None:
        return None
    try:
        return date.fromisoformat(json.loads(row.value))
    except (TypeError, ValueError):
        return None  # a damaged value must not stop the program: fall back to the real date


def set_reference_date(session: Session, day: date | None) -> None:
    """Give the database its own "today" (None: back to the real date)."""
    row = session.get(Setting, REFERENCE_DATE_KEY)
    if day is None:
        if row is not None:
            session.delete(row)
        return
    value = json.dumps(day.isoformat())
    if row is None:
        session.add(Setting(key=REFERENCE_DATE_KEY, value=value))
    else:
        row.value = value
    session.flush()


def today(session: Session | None = None) -> date:
    """Today for the rules: a fixed test date, else the database's reference date, else the
    real date."""
    if _fixed is not None:
        return _fixed
    if session is not None:
        day = reference_date(session)
        if day is not None:
            return day
    return date.today()


def now(session: Session | None = None) -> datetime:
    """The time of a business event (an application, a status change): today's date from
    :func:`today` with the real time of day, to the second."""
    wall = datetime.now().replace(microsecond=0)
    day = today(session)
    return wall if day == wall.date() else datetime.combine(day, wall.time())


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
