"""Enrolments (신청·선발·대기·취소) and their append-only history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Index, Integer,
                        String, Text, UniqueConstraint)
from sqlalchemy import false
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
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
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
    score: Mapped[float | None] = mapped_column(Float)               # 평가 점수, 0–100
    completion: Mapped[str | None] = mapped_column(String(5))        # 이수, 미이수; None: 미정
    completion_reason: Mapped[str | None] = mapped_column(Text)
    completion_manual: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=false())
    completed_on: Mapped[date | None] = mapped_column(Date)          # 이수일 of the decision
    recognised_minutes: Mapped[int | None] = mapped_column(Integer)  # 이수 인정 시간(분)
    studied_minutes: Mapped[int | None] = mapped_column(Integer)     # 원격: 학습 시간(분)
    platform_completed_on: Mapped[date | None] = mapped_column(Date)  # 원격: 플랫폼 이수일자

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


class CompletionEvent(Base):
    """One completion decision: 이수 or 미이수, or 해제 (withdrawn: handed back to the rule, or
    its attendance or score changed), by rule or by hand, with a reason.

    Rows are only ever added; the enrolment holds the decision in force.
    """

    __tablename__ = "completion_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=now)
    actor: Mapped[str] = mapped_column(String(100))
    result: Mapped[str] = mapped_column(String(5))
    reason: Mapped[str] = mapped_column(Text, default="")
    manual: Mapped[bool] = mapped_column(Boolean, default=False)


class Attendance(Base):
    """A trainee's attendance (출결) in one timetable period.  No row: not entered yet."""

    __tablename__ = "attendance"
    __table_args__ = (
        CheckConstraint("status IN ('출석', '지각', '조퇴', '결석', '공결')", name="status_known"),
        Index("ix_attendance_session_id", "session_id"),
    )

    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollment.id", ondelete="CASCADE"), primary_key=True)
    # no cascade: a period with attendance is never deleted (the timetable refuses, and the
    # database too, should two PCs race)
    session_id: Mapped[int] = mapped_column(ForeignKey("course_session.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(2))
