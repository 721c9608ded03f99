"""Where a run stands on a given day (모집 예정 … 종료), and which phases make a registration late.

Kept apart from :mod:`.runs` so the registration rules (:mod:`.enrollment`) can use it without
importing the run use cases, which themselves use registration.
"""

from __future__ import annotations

from datetime import date

from ..models import CourseRun

CLOSED = "폐강"
APPLICATIONS_CLOSED = "모집 마감"
RUNNING = "진행 중"
ENDED = "종료"
LATE_PHASES = (APPLICATIONS_CLOSED, RUNNING, ENDED)  # registering then needs a 늦은 신청 사유


def phase(run: CourseRun, today: date) -> str:
    """Where the run stands on ``today`` (:func:`.clock.today`): 폐강, 모집 예정, 모집 중,
    모집 마감, 진행 중, 종료."""
    if run.status == CLOSED:
        return CLOSED
    if run.end_date < today:
        return ENDED
    if run.start_date <= today:
        return RUNNING
    if run.apply_start and today < run.apply_start:
        return "모집 예정"
    if run.apply_end and today > run.apply_end:
        return APPLICATIONS_CLOSED
    return "모집 중"


def late_phase(run: CourseRun, today: date) -> str | None:
    """The phase that makes registering on ``today`` late (needing a reason), else None.

    A run that has started is late unless its application period, which may run into the
    course, is still open.
    """
    current = phase(run, today)
    if current not in LATE_PHASES:
        return None
    if current == RUNNING and run.apply_end is not None and today <= run.apply_end:
        return None
    return current
