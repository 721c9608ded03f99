"""Buildings, rooms and their bookings (course sessions, internal events, outside rentals)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Versioned, now

BOOKING_KINDS = ("과정", "내부행사", "대관")
BOOKING_STATES = ("가예약", "확정", "취소")
CANCELLED = "취소"


class Building(Base):
    """A building of a site (본원: 교육동, 관리동 …; 연수지원센터)."""

    __tablename__ = "building"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    site: Mapped[str] = mapped_column(String(50))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Room(Versioned, Base):
    """A bookable room.  Retired rooms (``active`` false) keep their bookings and history."""

    __tablename__ = "room"
    __table_args__ = (CheckConstraint("capacity >= 0", name="capacity_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id"))
    kind: Mapped[str] = mapped_column(String(20))        # 강의실, 특별실, 스튜디오, 강당 …
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    floor: Mapped[int | None] = mapped_column(Integer)
    equipment: Mapped[str] = mapped_column(Text, default="")   # comma-separated
    rentable: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")

    building: Mapped[Building] = relationship()


class Booking(Versioned, Base):
    """One room for one span of time, half-open [start_at, end_at).

    No two live (not cancelled) bookings of one room overlap: the service checks, and the
    database guarantees it when two PCs book at once (an exclusion constraint on PostgreSQL,
    triggers on SQLite; migration 0005).
    """

    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="times_in_order"),
        CheckConstraint("kind IN ('과정', '내부행사', '대관')", name="kind_known"),
        CheckConstraint("status IN ('가예약', '확정', '취소')", name="status_known"),
        Index("ix_booking_room_start", "room_id", "start_at", "end_at"),
        Index("ix_booking_start", "start_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"))
    start_at: Mapped[datetime] = mapped_column(DateTime)
    end_at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("course_run.id", ondelete="SET NULL"),
                                               index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_session.id", ondelete="SET NULL"), index=True)
    series_id: Mapped[int | None] = mapped_column(Integer, index=True)  # a repeating booking
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    created_by: Mapped[str] = mapped_column(String(100))

    room: Mapped[Room] = relationship()


class BookingEvent(Base):
    """A booking's history: made, confirmed, cancelled, a blackout overridden — who and why."""

    __tablename__ = "booking_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"),
                                            index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=now)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")


class Blackout(Base):
    """A span when a room (or, with no room, the whole institute) cannot be booked:
    maintenance (정비) or a closure (휴관).  Public holidays come from the holiday library."""

    __tablename__ = "blackout"
    __table_args__ = (CheckConstraint("end_at > start_at", name="times_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id"), index=True)
    start_at: Mapped[datetime] = mapped_column(DateTime)
    end_at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(10))        # 정비, 휴관
    reason: Mapped[str] = mapped_column(Text, default="")


class Rental(Versioned, Base):
    """An outside group's rental (대관) of one booking: who, why, how many, the fee as computed
    when booked (won), the discount applied, the deposit and what was paid."""

    __tablename__ = "rental"
    __table_args__ = (CheckConstraint("fee >= 0 AND deposit >= 0 AND paid >= 0",
                                      name="money_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id"), unique=True)
    organization: Mapped[str] = mapped_column(String(100))
    contact_name: Mapped[str] = mapped_column(String(50))
    contact_phone: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(200))
    head_count: Mapped[int] = mapped_column(Integer)
    discount_kind: Mapped[str] = mapped_column(String(30))
    discount_pct: Mapped[int] = mapped_column(Integer, default=0)
    base_fee: Mapped[int] = mapped_column(Integer)        # before the discount, won
    fee: Mapped[int] = mapped_column(Integer)             # to pay, won
    deposit: Mapped[int] = mapped_column(Integer, default=0)
    paid: Mapped[int] = mapped_column(Integer, default=0)
    paid_on: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")

    booking: Mapped[Booking] = relationship()
