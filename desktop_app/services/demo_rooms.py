"""The demo's rooms and their bookings.

The 2021 plan counts rooms (본원: 44 lecture rooms and 57 special rooms; 연수지원센터: 23 and 5;
the smart training room with its 32 laptops, pads and VR sets) but names none and gives no
capacities: the room numbers, capacities, equipment and which rooms are rented out are invented
here, and the demo notice says so.  The in-person runs of June and July are then given a lecture
room for their days (09:00–17:00), smallest fitting room first, never two in one room at once;
the runs no room is free for are listed, not double-booked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..models import Booking, BookingEvent, Building, Course, CourseRun, Room
from .holiday_calendar import korean_holidays
from .rooms import map_room_names

LECTURE_CAPACITIES = (30, 36, 40, 30, 48, 60, 40, 36, 30, 80, 40)
#: (building code, code prefix, name, kind, capacity, equipment, rentable, how many)
SPECIAL_ROOMS = (
    ("E", "E-SM", "스마트 연수실", "특별실", 32,
     "노트북 32, 스마트 패드 32, VR 기기 32, 스마트 칠판 6, 빔프로젝터", False, 1),
    ("E", "E-AV", "종합영상강의실", "특별실", 120, "빔프로젝터 3, TV 6, 음향", True, 1),
    ("E", "E-PC", "컴퓨터실", "특별실", 40, "PC 40, 빔프로젝터", True, 4),
    ("E", "E-SE", "세미나실", "특별실", 20, "TV, 화상회의", True, 10),
    ("E", "E-GR", "분임토의실", "특별실", 12, "화이트보드", False, 16),
    ("E", "E-ST", "원격 콘텐츠 스튜디오", "스튜디오", 6, "카메라, 조명, 크로마키", False, 2),
    ("A", "A-MT", "관리동 회의실", "특별실", 24, "TV, 화상회의", False, 6),
    ("W", "W-RM", "후생동 다목적실", "특별실", 50, "빔프로젝터, 음향", True, 4),
    ("W", "W-LB", "후생동 북카페", "특별실", 30, "", False, 1),
    ("H", "H-AU", "대강당", "강당", 600, "무대, 음향, 빔프로젝터 2", True, 1),
    ("H", "H-WM", "우면관", "강당", 300, "무대, 음향, 빔프로젝터", True, 1),
    ("H", "H-SA", "소강당", "강당", 150, "음향, 빔프로젝터", True, 2),
    ("P", "P-SW", "수영장", "체육시설", 60, "", True, 1),
    ("P", "P-GY", "체력단련실", "체육시설", 30, "", False, 1),
    ("D", "D-LN", "숙소동 휴게실", "특별실", 20, "TV", False, 6),
    ("S", "S-SE", "연수지원센터 세미나실", "특별실", 30, "빔프로젝터, 화상회의", True, 3),
    ("S", "S-PC", "연수지원센터 컴퓨터실", "특별실", 30, "PC 30", True, 2),
)
BOOKED_MONTHS = ((2021, 6), (2021, 7))
DAY_START, DAY_END = time(9, 0), time(17, 0)


@dataclass(frozen=True)
class DemoRooms:
    """What the demo put in: rooms, runs given a room, runs no room was free for."""

    rooms: int
    booked_runs: int
    bookings: int
    unplaced: tuple[str, ...]   # run codes


def _room_dicts(building_ids: dict[str, int]) -> list[dict]:
    rooms = []
    # 본원 교육동: 44 lecture rooms on floors 2–6; 연수지원센터: 23 on floors 2–4
    for building, count, floors in (("E", 44, (2, 3, 4, 5, 6)), ("S", 23, (2, 3, 4))):
        per_floor = -(-count // len(floors))
        for n in range(count):
            floor = floors[n // per_floor]
            number = f"{floor}{n % per_floor + 1:02d}"
            capacity = LECTURE_CAPACITIES[n % len(LECTURE_CAPACITIES)]
            equipment = "빔프로젝터, 전자칠판" + (", PC 40" if n % 9 == 4 else "")
            label = "교육동" if building == "E" else "연수지원센터"
            rooms.append(dict(code=f"{building}{number}", name=f"{label} {number}호",
                              building_id=building_ids[building], kind="강의실",
                              capacity=capacity, floor=floor, equipment=equipment,
                              rentable=n % 5 == 0, active=True, note="데모: 가상 호실·정원",
                              version=1))
    for building, prefix, name, kind, capacity, equipment, rentable, count in SPECIAL_ROOMS:
        for n in range(1, count + 1):
            suffix = f" {n}" if count > 1 else ""
            rooms.append(dict(code=f"{prefix}{n:02d}" if count > 1 else prefix,
                              name=f"{name}{suffix}", building_id=building_ids[building],
                              kind=kind, capacity=capacity, floor=1, equipment=equipment,
                              rentable=rentable, active=True, note="데모: 가상 호실·정원",
                              version=1))
    return rooms


def _run_days(start: date, end: date, holidays: set[date]) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def load(session: Session, actor: str, stamp: datetime) -> DemoRooms:
    """Seed the rooms and book the in-person runs of the demo's June and July."""
    building_ids = dict(session.execute(select(Building.code, Building.id)).all())
    seeded = _room_dicts(building_ids)
    session.execute(insert(Room), seeded)
    map_room_names(session)
    lecture = session.execute(select(Room.id, Room.capacity).where(Room.kind == "강의실")
                              .order_by(Room.capacity, Room.code)).all()
    first = date(*BOOKED_MONTHS[0], 1)
    last_year, last_month = BOOKED_MONTHS[-1]
    after = date(last_year + last_month // 12, last_month % 12 + 1, 1)
    runs = session.execute(
        select(CourseRun.id, CourseRun.code, CourseRun.start_date, CourseRun.end_date,
               CourseRun.capacity, Course.title)
        .join(Course, Course.id == CourseRun.course_id)
        .where(Course.delivery == "집합", CourseRun.start_date >= first,
               CourseRun.start_date < after)
        .order_by(CourseRun.start_date, CourseRun.code)).all()
    holidays = korean_holidays({first.year, after.year})
    taken: dict[int, set[date]] = {room_id: set() for room_id, _c in lecture}
    rows, unplaced, placed = [], [], 0
    for run_id, code, start, end, capacity, title in runs:
        days = _run_days(start, end, holidays)
        need = capacity or 20
        room = next((rid for rid, seats in lecture
                     if seats >= need and not taken[rid] & set(days)), None)
        if room is None or not days:
            unplaced.append(code)
            continue
        taken[room] |= set(days)
        placed += 1
        rows += [dict(room_id=room, start_at=datetime.combine(d, DAY_START),
                      end_at=datetime.combine(d, DAY_END), kind="과정", status="확정",
                      title=f"{code} {title}"[:200], run_id=run_id, note="데모: 자동 배정",
                      created_at=stamp, created_by=actor, version=1) for d in days]
    if rows:
        ids = session.execute(insert(Booking).returning(Booking.id), rows).scalars().all()
        session.execute(insert(BookingEvent), [dict(booking_id=i, at=stamp, actor=actor,
                                                     action="확정", reason="데모 자동 배정")
                                                for i in ids])
    return DemoRooms(len(seeded), placed, len(rows), tuple(unplaced))
