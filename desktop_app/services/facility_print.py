"""Room papers: the day sheet (일일 현황) per building, and a door sheet per room (the room's name
and its bookings of the day, for the door)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import NotFoundError
from ..models import Room
from ..reports.roster_pdf import TableSection
from . import bookings
from .printing import page_info, write_tables

_WEEKDAYS = "월화수목금토일"


def _day_label(day: date) -> str:
    return f"{day:%Y-%m-%d}({_WEEKDAYS[day.weekday()]})"


def print_daysheet(session: Session, day: date, path: Path, building: str | None = None) -> Path:
    """One section per building with its live bookings of the day, by room and time."""
    rows = bookings.day_bookings(session, day, building)
    by_building: dict[str, list] = {}
    for r in rows:
        by_building.setdefault(r.building, []).append(r)
    sections = [TableSection(
        f"일일 현황 — {name}", f"{_day_label(day)} · 예약 {len(items)}건",
        ("강의실", "시간", "종류", "상태", "제목"), (30, 22, 14, 12, 92),
        [[r.room_name, f"{r.start:%H:%M}~{r.end:%H:%M}", r.kind, r.status, r.title]
         for r in items]) for name, items in by_building.items()]
    if not sections:
        sections = [TableSection(f"일일 현황 — {building or '전체'}", _day_label(day),
                                 ("강의실", "시간", "종류", "상태", "제목"), (30, 22, 14, 12, 92),
                                 [["", "", "", "", "이 날에는 예약이 없습니다."]])]
    return write_tables(path, page_info(session, f"일일 현황 {day:%Y-%m-%d}"), sections)


def print_door_sheet(session: Session, room_id: int, day: date, path: Path) -> Path:
    """The room's bookings of the day, large, for its door."""
    room = session.get(Room, room_id)
    if room is None:
        raise NotFoundError("강의실을 찾을 수 없습니다.", field="강의실")
    items = [r for r in bookings.day_bookings(session, day) if r.room_id == room_id]
    rows = [[f"{r.start:%H:%M}~{r.end:%H:%M}", r.title, r.status] for r in items] or \
        [["", "오늘은 예약이 없습니다.", ""]]
    return write_tables(path, page_info(session, f"{room.name} {day:%Y-%m-%d}"), [TableSection(
        room.name, f"{_day_label(day)} · 정원 {room.capacity}명", ("시간", "사용", "상태"),
        (28, 120, 16), rows, row_height_mm=14)])
