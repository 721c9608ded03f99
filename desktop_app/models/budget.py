"""The budget plan (예산): programmes (세부사업), plan tasks (실천과제 1-1 … 5-7) and their lines,
each line split into four quarters.  Amounts are in 천원, as the plan prints them.

Special values are states, not numbers: a line (or a quarter) may be 재배정 (allotted by the
education office, no local amount), an amount may be (재배정별도) (it excludes those funds), a
task may be 비예산 (no budget at all); "nothing planned" is a quarter with no amount and no state.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Versioned, now

AMOUNT_STATES = ("", "재배정", "재배정별도", "비예산")


class BudgetProgram(Base):
    """A programme of a fiscal year, with last year's budget and last year's final budget."""

    __tablename__ = "budget_program"
    __table_args__ = (UniqueConstraint("year", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(100))
    budget: Mapped[int | None] = mapped_column(Integer)          # 천원; None: none this year
    last_year: Mapped[int | None] = mapped_column(Integer)
    last_year_final: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class BudgetTask(Base):
    """A plan task (실천과제) of a fiscal year with its goal number and title.  ``printed_*``
    keep the figures the plan's summary table printed, so a misprint shows as a difference."""

    __tablename__ = "budget_task"
    __table_args__ = (UniqueConstraint("year", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    code: Mapped[str] = mapped_column(String(10))
    goal: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(10), default="")   # '' or 비예산
    printed_budget: Mapped[int | None] = mapped_column(Integer)
    printed_last_year: Mapped[int | None] = mapped_column(Integer)
    printed_q1: Mapped[int | None] = mapped_column(Integer)
    printed_q2: Mapped[int | None] = mapped_column(Integer)
    printed_q3: Mapped[int | None] = mapped_column(Integer)
    printed_q4: Mapped[int | None] = mapped_column(Integer)


class BudgetLine(Versioned, Base):
    """A line of a task: department, name, account reference, this year's and last year's
    amount, the four quarters with their spending kind (집행내용)."""

    __tablename__ = "budget_line"
    __table_args__ = (
        UniqueConstraint("task_id", "line_no"),
        CheckConstraint("amount_state IN ('', '재배정', '재배정별도', '비예산')", name="state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(Integer, index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    department: Mapped[str] = mapped_column(String(20), default="")
    name: Mapped[str] = mapped_column(String(300))
    account_ref: Mapped[str] = mapped_column(String(30), default="")
    amount: Mapped[int | None] = mapped_column(Integer)
    amount_state: Mapped[str] = mapped_column(String(10), default="")
    last_year: Mapped[int | None] = mapped_column(Integer)
    last_year_state: Mapped[str] = mapped_column(String(10), default="")
    q1: Mapped[int | None] = mapped_column(Integer)
    q2: Mapped[int | None] = mapped_column(Integer)
    q3: Mapped[int | None] = mapped_column(Integer)
    q4: Mapped[int | None] = mapped_column(Integer)
    q_states: Mapped[str] = mapped_column(String(40), default=",,,")   # per quarter: '' or 재배정
    q_uses: Mapped[str] = mapped_column(Text, default="|||")            # 집행내용 per quarter
    note: Mapped[str] = mapped_column(Text, default="")
    # the programme (세부사업) the line is spent under; the plan does not say, the office does
    program_id: Mapped[int | None] = mapped_column(Integer, index=True)


class Spending(Base):
    """A spending entry (집행) against a line: date, amount (원), description, payee, evidence
    number, optionally the course run it was for."""

    __tablename__ = "budget_spending"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id"), index=True)
    spent_on: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[int] = mapped_column(Integer)             # 원
    description: Mapped[str] = mapped_column(String(200))
    payee: Mapped[str] = mapped_column(String(100), default="")
    evidence_no: Mapped[str] = mapped_column(String(50), default="")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("course_run.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    created_by: Mapped[str] = mapped_column(String(100), default="")


class BudgetTransfer(Base):
    """A recorded change (전용 / 변경) moving budget (원) from one line to another, with the reason;
    the lines' planned amounts stay as planned, the transfers add to and take from them."""

    __tablename__ = "budget_transfer"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),
                      CheckConstraint("from_line_id <> to_line_id", name="two_lines"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(5))              # 전용, 변경
    from_line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id"), index=True)
    to_line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)              # 원
    reason: Mapped[str] = mapped_column(Text)
    changed_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(100), default="")
