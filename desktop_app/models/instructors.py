"""Instructors (강사): a person of the registry (one record per human, shared with trainees)
with an instructor's profile: fields, qualifications, pay grade, bank account for payment, the
excellent-instructor pool flag (우수강사) and the notes of the pre-course meeting (사전협의회)."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Timestamped, Versioned


class Instructor(Versioned, Timestamped, Base):
    """The instructor's profile of a person."""

    __tablename__ = "instructor"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    fields: Mapped[str] = mapped_column(String(200), default="")        # 분야
    subjects: Mapped[str] = mapped_column(Text, default="")             # 강의 과목
    qualifications: Mapped[str] = mapped_column(Text, default="")       # 자격·경력
    pay_grade: Mapped[str] = mapped_column(String(10), default="")      # 강사료 등급
    bank_name: Mapped[str] = mapped_column(String(30), default="")
    bank_account: Mapped[str] = mapped_column(String(40), default="")
    account_holder: Mapped[str] = mapped_column(String(50), default="")
    excellent: Mapped[bool] = mapped_column(Boolean, default=False)     # 우수강사 인력풀
    excellent_year: Mapped[int | None] = mapped_column(Integer)
    excellent_reason: Mapped[str] = mapped_column(Text, default="")
    meeting_notes: Mapped[str] = mapped_column(Text, default="")       # 사전협의회
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
