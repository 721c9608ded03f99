"""Instructor pay sheets (강사수당 지급 명세): one per run, computed from its timetable, edited
with a reason, approved, then paid — each paid line becomes a spending entry of the budget."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Timestamped, Versioned


class PaySheet(Versioned, Timestamped, Base):
    """A run's pay sheet: 작성 → 승인 → 지급."""

    __tablename__ = "pay_sheet"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("course_run.id"), unique=True)
    status: Mapped[str] = mapped_column(String(5), default="작성")
    approved_by: Mapped[str] = mapped_column(String(100), default="")
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_line.id"))
    paid_on: Mapped[date | None] = mapped_column(Date)
    paid_by: Mapped[str] = mapped_column(String(100), default="")


class PayItem(Base):
    """One instructor's line of a sheet, 원: fees, taxes withheld, and the spending it became."""

    __tablename__ = "pay_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("pay_sheet.id", ondelete="CASCADE"),
                                          index=True)
    instructor_id: Mapped[int] = mapped_column(ForeignKey("instructor.id"), index=True)
    grade: Mapped[str] = mapped_column(String(10), default="")
    periods: Mapped[int] = mapped_column(Integer, default=0)
    days: Mapped[int] = mapped_column(Integer, default=0)
    lecture_fee: Mapped[int] = mapped_column(Integer, default=0)
    manuscript_pages: Mapped[int] = mapped_column(Integer, default=0)
    manuscript_fee: Mapped[int] = mapped_column(Integer, default=0)
    travel_fee: Mapped[int] = mapped_column(Integer, default=0)
    income_tax: Mapped[int] = mapped_column(Integer, default=0)
    local_tax: Mapped[int] = mapped_column(Integer, default=0)
    adjusted: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    spending_id: Mapped[int | None] = mapped_column(ForeignKey("budget_spending.id"))
