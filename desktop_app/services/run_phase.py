"""Where a run stands on a given day (모집 예정 … 종료), and which phases make a registration late.

Kept apart from :mod:`.runs` so the registration rules (:mod:`.enrollment`) can use it without
importing the run use cases, which themselves use registration.
"""

from __future__ import annotations

from datetime import date

from ..models import CourseRun

CLOSED = "폐강"
ENDED = "종료"
LATE_PHASES = ("모집 마감", "진행 중", ENDED)  # registering then needs a 늦은 신청 사유


def phase(run: CourseRun, today: date) -> str:
    """Where the run stands on ``today`` (:func:`.clock.today`): 폐강, 모집 예정, 모집 중,
    모집 마감, 진행 중, 종료."""
    if run.status == CLOSED:
        return CLOSED
    if run.end_date < today:
        return ENDED
    if run.start_date <= today:
        return "진행 중"
    if run.apply_start and today < run.apply_start:
        return "모집 예정"
    if run.apply_end and today > run.apply_end:
        return "모집 마감"
    return "모집 중"


def is_late(phase_name: str) -> bool:
    """Whether registering in this phase is a late registration (needs a reason)."""
    return phase_name in LATE_PHASES
