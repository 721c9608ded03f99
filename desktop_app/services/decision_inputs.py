"""When what a completion decision was made from changes, the decision is withdrawn.

A rule-made 이수/미이수 rests on attendance, a score and (remote) minutes studied.  Any later
change to those for a trainee sets the trainee back to undecided, with a 해제 row in the
history naming why, so no stale 이수 reaches NEIS and the roster shows who must be judged
again.  Decisions made by hand stay: their reason is the officer's, not the data's.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ..models import CompletionEvent, Enrollment
from . import clock
from .certificate_guard import refuse_if_certified


def withdraw_decisions(session: Session, enrollment_ids: Collection[int], actor: str,
                       why: str) -> int:
    """Undo the rule-made decisions of these enrolments; returns how many were withdrawn."""
    ids = list(enrollment_ids)
    decided: list[int] = []
    for start in range(0, len(ids), 500):
        decided += session.scalars(select(Enrollment.id).where(
            Enrollment.id.in_(ids[start:start + 500]), Enrollment.completion.is_not(None),
            Enrollment.completion_manual.is_(False)))
    if not decided:
        return 0
    refuse_if_certified(session, decided, f"이 변경({why})을 저장")
    for start in range(0, len(decided), 500):
        session.execute(update(Enrollment.__table__)
                        .where(Enrollment.__table__.c.id.in_(decided[start:start + 500]))
                        .values(completion=None, completion_reason=None, completed_on=None,
                                recognised_minutes=None))
    at = clock.now(session)
    session.execute(insert(CompletionEvent), [
        {"enrollment_id": eid, "at": at, "actor": actor, "result": "해제",
         "reason": f"{why}: 다시 판정해야 합니다", "manual": False} for eid in decided])
    return len(decided)
