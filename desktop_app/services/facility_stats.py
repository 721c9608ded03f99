"""The year's room figures: bookings and hours per room with its utilisation, and rentals and
their fees per month — shown and exported to .xlsx.

Utilisation is booked hours over the hours a room could be used: the year's working days
(weekdays that are not public holidays) × 9 hours (09:00–18:00).  Hours outside that window
count as booked too, so a room used in the evenings can pass 100 %.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..excel.writer import SheetData, write_workbook
from ..models import Booking, Building, Rental, Room
from ..models.facilities import CANCELLED
from .holiday_calendar import korean_holidays

HOURS_A_DAY = 9


@dataclass(frozen=True)
class RoomYear:
    """One room's year."""

    code: str
    name: str
    building: str
    kind: str
    bookings: int
    hours: float
    utilisation_pct: float
    rentals: int


@dataclass(frozen=True)
class MonthRentals:
    """One month's rentals."""

    month: int
    rentals: int
    fee: int
    paid: int


def working_days(year: int) -> int:
    holidays = korean_holidays([year])
    day, count = date(year, 1, 1), 0
    while day.year == year:
        count += day.weekday() < 5 and day not in holidays
        day += timedelta(days=1)
    return count


def year_figures(session: Session, year: int) -> tuple[list[RoomYear], list[MonthRentals]]:
    """Per room and per month, live bookings that start in the year."""
    start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    rows = session.execute(
        select(Booking.room_id, Booking.start_at, Booking.end_at, Booking.kind)
        .where(Booking.status != CANCELLED, Booking.start_at >= start, Booking.start_at < end))
    count, hours, rented = defaultdict(int), defaultdict(float), defaultdict(int)
    for room_id, s, e, kind in rows:
        count[room_id] += 1
        hours[room_id] += (e - s).total_seconds() / 3600
        rented[room_id] += kind == "대관"
    available = working_days(year) * HOURS_A_DAY
    rooms = [RoomYear(r.code, r.name, b.name, r.kind, count[r.id], round(hours[r.id], 1),
                      round(100 * hours[r.id] / available, 1) if available else 0.0,
                      rented[r.id])
             for r, b in session.execute(select(Room, Building).join(
                 Building, Building.id == Room.building_id).order_by(Building.sort_order,
                                                                     Room.code))]
    months = {m: [0, 0, 0] for m in range(1, 13)}
    for at, fee, paid in session.execute(
            select(Booking.start_at, Rental.fee, Rental.paid)
            .join(Booking, Booking.id == Rental.booking_id)
            .where(Booking.status != CANCELLED, Booking.start_at >= start,
                   Booking.start_at < end)):
        entry = months[at.month]
        entry[0] += 1
        entry[1] += fee
        entry[2] += paid
    return rooms, [MonthRentals(m, *v) for m, v in months.items()]


def export_year(session: Session, year: int, path: Path) -> Path:
    """Two sheets: 강의실별 (bookings, hours, utilisation) and 월별 대관 (rentals, fees)."""
    rooms, months = year_figures(session, year)
    room_rows = [[r.code, r.name, r.building, r.kind, r.bookings, r.hours, r.utilisation_pct,
                  r.rentals] for r in rooms]
    month_rows = [[f"{m.month}월", m.rentals, m.fee, m.paid] for m in months]
    month_rows.append(["계", sum(m.rentals for m in months), sum(m.fee for m in months),
                       sum(m.paid for m in months)])
    return write_workbook(Path(path), [
        SheetData(f"{year} 강의실별", ("코드", "강의실", "건물", "종류", "예약 수", "예약 시간",
                                     "이용률(%)", "대관 수"), (10, 24, 14, 10, 9, 10, 10, 9),
                  room_rows),
        SheetData(f"{year} 월별 대관", ("월", "대관 수", "사용료(원)", "받은 금액(원)"),
                  (8, 10, 14, 14), month_rows)])
