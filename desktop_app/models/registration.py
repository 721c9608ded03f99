"""Enrolments (신청·선발·대기·취소) and their append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Versioned, now
from .courses import CourseRun
from .people import Person


class Enrollment(Versioned, Base):
    """A person's place in one run.  One row per (run, person); re-applying reuses it."""

    __tablename__ = "enrollment"
    __table_args__ = (
        UniqueConstraint("run_id", "person_id"),
        Index("ix_enrollment_person_status", "person_id", "status"),
        Index("ix_enrollment_run_status", "run_id", "status", "waitlist_pos"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("course_run.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    status: Mapped[str] = mapped_column(String(10))       # 신청, 선발, 대기, 취소
    waitlist_pos: Mapped[int | None] = mapped_column(Integer)
    applied_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    override_reason: Mapped[str | None] = mapped_column(Text)  # why an overlap was allowed
    note: Mapped[str] = mapped_column(Text, default="")

    run: Mapped[CourseRun] = relationship()
    person: Mapped[Person] = relationship()
    events: Mapped[list[EnrollmentEvent]] = relationship(
        back_populates="enrollment", order_by="EnrollmentEvent.id")


class EnrollmentEvent(Base):
    """One status change: who, when, from, to, why.  Rows are only ever added."""

    __tablename__ = "enrollment_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=now)
    actor: Mapped[str] = mapped_column(String(100))
    from_status: Mapped[str | None] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")

    enrollment: Mapped[Enrollment] = relationship(back_populates="events")
