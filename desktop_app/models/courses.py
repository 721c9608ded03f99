"""Courses (과정), their runs (기수·차수), timetable periods (교시) and department targets."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer,
                        String, Text, Time, UniqueConstraint)
from sqlalchemy import true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped, Versioned


class Course(Versioned, Timestamped, Base):
    """A course of one year: what is taught, to whom, by which department, and how it completes."""

    __tablename__ = "course"
    __table_args__ = (
        Index("ix_course_year_department", "year", "department"),
        CheckConstraint("min_attendance_pct BETWEEN 0 AND 100", name="attendance_pct"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(10))       # 자격연수, 직무연수, ...
    target_group: Mapped[str] = mapped_column(String(30))   # 초등, 중등, 교행, ...
    department: Mapped[str] = mapped_column(String(30))     # 운영 부서
    dept_tag: Mapped[str | None] = mapped_column(String(10))  # [초등] [중등] [교행] ...
    delivery: Mapped[str] = mapped_column(String(10))       # 집합, 원격, 혼합, 실시간
    hours: Mapped[int | None] = mapped_column(Integer)
    credits: Mapped[int | None] = mapped_column(Integer)
    min_attendance_pct: Mapped[int] = mapped_column(Integer, default=90)
    min_score: Mapped[int | None] = mapped_column(Integer)  # None: 평가 없음
    # Whether an excused absence (공결) counts as attended time when completion is decided.
    excused_counts: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    plan_task_code: Mapped[str | None] = mapped_column(String(5))  # 실천과제 1-1 … 5-7
    planned_runs: Mapped[int | None] = mapped_column(Integer)
    planned_people: Mapped[int | None] = mapped_column(Integer)
    schedule_text: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="운영")  # 운영, 폐강
    closed_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_new: Mapped[bool] = mapped_column(Boolean, default=False)
    is_expanded: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    source_ref: Mapped[str | None] = mapped_column(String(20))
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("course.id"))

    runs: Mapped[list[CourseRun]] = relationship(back_populates="course",
                                                 order_by="CourseRun.seq")


class CourseRun(Versioned, Timestamped, Base):
    """One run (기수) of a course with its own dates, seats and roster.

    ``selected_count`` / ``applied_count`` / ``waitlist_count`` are kept by the enrolment service
    under a row lock, so lists can show seat counts without counting a million enrolments.  They
    are not user-editable and do not bump ``version``.
    """

    __tablename__ = "course_run"
    __table_args__ = (
        UniqueConstraint("course_id", "seq"),
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date)
    capacity: Mapped[int | None] = mapped_column(Integer)  # None: 제한 없음
    apply_start: Mapped[date | None] = mapped_column(Date)
    apply_end: Mapped[date | None] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(100), default="")
    lodging: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="개설")  # 개설, 폐강
    closed_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    selected_count: Mapped[int] = mapped_column(Integer, default=0)
    applied_count: Mapped[int] = mapped_column(Integer, default=0)
    waitlist_count: Mapped[int] = mapped_column(Integer, default=0)
    waitlist_seq: Mapped[int] = mapped_column(Integer, default=0)  # last waitlist number issued
    timetable_version: Mapped[int] = mapped_column(Integer, default=0)

    course: Mapped[Course] = relationship(back_populates="runs")
    sessions: Mapped[list[CourseSession]] = relationship(
        back_populates="run", order_by="(CourseSession.date, CourseSession.start_time)",
        cascade="all, delete-orphan")


class CourseSession(Base):
    """One timetable period (교시) of a run."""

    __tablename__ = "course_session"
    __table_args__ = (
        Index("ix_course_session_run_date", "run_id", "date"),
        CheckConstraint("end_time > start_time", name="times_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("course_run.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    subject: Mapped[str] = mapped_column(String(200))
    instructor_name: Mapped[str] = mapped_column(String(50), default="")
    # the instructor from the registry; instructor_name keeps what was typed or shown
    instructor_id: Mapped[int | None] = mapped_column(
        ForeignKey("instructor.id", ondelete="SET NULL"), index=True)
    room_name: Mapped[str] = mapped_column(String(50), default="")
    # the room from the room list; room_name keeps what was typed (and what could not be mapped)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id"), index=True)

    run: Mapped[CourseRun] = relationship(back_populates="sessions")


class DepartmentTarget(Base):
    """A row of a plan task's 추진 목표 table: a department's aggregate target, not a course.

    It is shown beside the courses it summarises and never added to them.
    """

    __tablename__ = "department_target"
    __table_args__ = (Index("ix_department_target_year_task", "year", "task_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    task_code: Mapped[str] = mapped_column(String(5))
    dept_tag: Mapped[str] = mapped_column(String(10))
    department: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    planned_runs: Mapped[int | None] = mapped_column(Integer)
    planned_people: Mapped[int | None] = mapped_column(Integer)
    schedule_text: Mapped[str] = mapped_column(String(200), default="")
    source_ref: Mapped[str | None] = mapped_column(String(20))
