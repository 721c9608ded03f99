"""A completion that an issued certificate rests on is not taken back behind the ledger's back.

Every path that could undo a trainee's 이수 — a new decision, one made by hand, a change to the
attendance or score it was made from, a change of registration status — asks here first; the
certificate must be revoked in the ledger (with its reason) before the completion can change.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..models import Certificate, Enrollment, Person, serial_text


def refuse_if_certified(session: Session, enrollment_ids: Collection[int], change: str) -> None:
    """Raise when any of these enrolments holds a live certificate, naming them and serials."""
    ids = list(enrollment_ids)
    held = []
    for start in range(0, len(ids), 500):
        held += session.execute(
            select(Person.name, Certificate.year, Certificate.number)
            .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
            .join(Person, Person.id == Enrollment.person_id)
            .where(Certificate.enrollment_id.in_(ids[start:start + 500]),
                   Certificate.revoked_at.is_(None))
            .order_by(Certificate.year, Certificate.number)).all()
    if held:
        shown = ", ".join(f"{name}(제 {serial_text(y, n)} 호)" for name, y, n in held[:5])
        more = f" 외 {len(held) - 5}명" if len(held) > 5 else ""
        raise ValidationError(
            f"이수증이 발급된 연수생이 있어 {change}할 수 없습니다: {shown}{more}. 먼저 발급대장에서 "
            "그 이수증의 발급을 취소하십시오 (사유를 남깁니다).", field="이수증")
