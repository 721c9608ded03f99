"""The dormitory (숙소): rooms with beds, their closures, floors reserved for one gender, the
stays of trainees and guests, and the bed each stay holds on each night."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Versioned, now

NEEDS = ("", "장애인 전용", "1층")
STAY_STATES = ("예정", "입실", "퇴실", "노쇼", "취소")


class DormRoom(Base):
    """A dormitory room: floor, beds, accessible (장애인 전용) or not, in service or not."""

    __tablename__ = "dorm_room"
    __table_args__ = (CheckConstraint("beds > 0", name="has_beds"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    floor: Mapped[int] = mapped_column(Integer)
    beds: Mapped[int] = mapped_column(Integer)
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")


class DormClosure(Base):
    """Nights a room is out of service, [first_night, last_night]."""

    __tablename__ = "dorm_closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("dorm_room.id"), index=True)
    first_night: Mapped[date] = mapped_column(Date)
    last_night: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")


class FloorReservation(Base):
    """A floor kept for one gender over some nights."""

    __tablename__ = "dorm_floor_reservation"

    id: Mapped[int] = mapped_column(primary_key=True)
    floor: Mapped[int] = mapped_column(Integer)
    gender: Mapped[str] = mapped_column(String(2))
    first_night: Mapped[date] = mapped_column(Date)
    last_night: Mapped[date] = mapped_column(Date)


class Stay(Versioned, Base):
    """Someone sleeping in the dormitory for nights [first_night, last_night]: a run's trainee
    (``person_id`` and ``run_id``) or an instructor or guest (``guest_name``)."""

    __tablename__ = "stay"
    __table_args__ = (
        CheckConstraint("last_night >= first_night", name="nights_in_order"),
        CheckConstraint("gender IN ('남', '여')", name="gender_known"),
        CheckConstraint("status IN ('예정', '입실', '퇴실', '노쇼', '취소')", name="status_known"),
        UniqueConstraint("run_id", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("course_run.id", ondelete="CASCADE"),
                                               index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    guest_name: Mapped[str] = mapped_column(String(50), default="")
    gender: Mapped[str] = mapped_column(String(2))
    need: Mapped[str] = mapped_column(String(10), default="")   # '', 장애인 전용, 1층
    first_night: Mapped[date] = mapped_column(Date)
    last_night: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(5), default="예정")
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    key_issued: Mapped[bool] = mapped_column(Boolean, default=False)
    key_returned: Mapped[bool] = mapped_column(Boolean, default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_out_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class StayNight(Base):
    """The bed a stay holds on one night.  A bed is held by one stay a night (unique)."""

    __tablename__ = "stay_night"
    __table_args__ = (
        UniqueConstraint("room_id", "bed", "night"),
        Index("ix_stay_night_night_room", "night", "room_id"),
    )

    stay_id: Mapped[int] = mapped_column(ForeignKey("stay.id", ondelete="CASCADE"),
                                         primary_key=True)
    night: Mapped[date] = mapped_column(Date, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("dorm_room.id"))
    bed: Mapped[int] = mapped_column(Integer)
