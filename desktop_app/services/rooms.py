"""Rooms (강의실, 특별실 …): list, add, edit, retire; and the timetable's typed room names mapped
to rooms.  A retired room keeps its bookings and history; it only stops being offered."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select, text, update
from sqlalchemy.orm import Session

from ..errors import NotFoundError
from ..models import Building, CourseSession, Room
from .common import Problems, flush_or_conflict
from .values import text_field

ROOM_KINDS = ("강의실", "특별실", "스튜디오", "강당", "체육시설")


@dataclass(frozen=True)
class RoomRow:
    """One room as lists and commands show it."""

    id: int
    code: str
    name: str
    building: str
    site: str
    kind: str
    capacity: int
    floor: int | None
    equipment: tuple[str, ...]
    rentable: bool
    active: bool
    note: str

    def as_json(self) -> dict:
        return {"code": self.code, "name": self.name, "building": self.building,
                "site": self.site, "kind": self.kind, "capacity": self.capacity,
                "floor": self.floor, "equipment": list(self.equipment),
                "rentable": self.rentable, "active": self.active}


@dataclass(frozen=True)
class RoomFields:
    """A room as the form types it."""

    code: str
    name: str
    building_code: str
    kind: str
    capacity: object = 0
    floor: object = None
    equipment: str = ""
    rentable: bool = False
    active: bool = True
    note: str = ""


def equipment_list(value: str) -> tuple[str, ...]:
    """'빔프로젝터, PC 30' → ('빔프로젝터', 'PC 30')."""
    return tuple(item.strip() for item in (value or "").replace("·", ",").split(",")
                 if item.strip())


def _row(room: Room, building: Building) -> RoomRow:
    return RoomRow(room.id, room.code, room.name, building.name, building.site, room.kind,
                   room.capacity, room.floor, equipment_list(room.equipment), room.rentable,
                   room.active, room.note)


def room_rows(session: Session, *, building: str | None = None, active_only: bool = False
              ) -> list[RoomRow]:
    """Rooms by building order and code; ``building`` is a building's code or name."""
    query = select(Room, Building).join(Building, Building.id == Room.building_id)
    if building:
        query = query.where((Building.code == building) | (Building.name == building))
    if active_only:
        query = query.where(Room.active.is_(True))
    # lecture rooms first in each building (the desk's daily work), then the special rooms
    kind_order = case((Room.kind == "강의실", 0), else_=1)
    return [_row(r, b) for r, b in session.execute(
        query.order_by(Building.sort_order, kind_order, Room.code))]


def buildings(session: Session) -> list[tuple[str, str]]:
    """(code, name) of every building, in order."""
    return [(code, name) for code, name in session.execute(
        select(Building.code, Building.name).order_by(Building.sort_order))]


def find_room(session: Session, value: str) -> Room:
    """A room by its code or name (as typed on a command line)."""
    cleaned = (value or "").strip()
    room = session.scalar(select(Room).where((Room.code == cleaned) | (Room.name == cleaned)))
    if room is None:
        raise NotFoundError(f"'{value}'인 강의실이 없습니다 (room list로 코드를 보십시오).",
                            field="강의실")
    return room


def _validate(session: Session, f: RoomFields, room_id: int | None) -> dict:
    p = Problems()
    code = text_field(p, "코드", f.code, max_len=20)
    name = text_field(p, "이름", f.name, max_len=50)
    p.check(bool(code), "코드", "강의실 코드를 입력하십시오.")
    p.check(bool(name), "이름", "강의실 이름을 입력하십시오.")
    building = session.scalar(select(Building).where(
        (Building.code == f.building_code) | (Building.name == f.building_code)))
    p.check(building is not None, "건물", f"'{f.building_code}' 건물이 없습니다.")
    p.check(f.kind in ROOM_KINDS, "종류", f"종류는 {', '.join(ROOM_KINDS)} 중 하나입니다.")
    try:
        capacity = int(f.capacity or 0)
    except (TypeError, ValueError):
        capacity = -1
    p.check(0 <= capacity <= 5000, "정원", "정원은 0~5,000 사이의 숫자여야 합니다.")
    floor = None
    if f.floor not in (None, ""):
        try:
            floor = int(f.floor)
        except (TypeError, ValueError):
            p.add("층", "층은 숫자여야 합니다 (지하는 -1).")
    for column, value, label in ((Room.code, code, "코드"), (Room.name, name, "이름")):
        if value:
            other = session.scalar(select(Room.id).where(column == value))
            p.check(other is None or other == room_id, label, f"'{value}'은(는) 이미 있는 강의실의 "
                                                              f"{label}입니다.")
    p.raise_if_any()
    return dict(code=code, name=name, building_id=building.id, kind=f.kind, capacity=capacity,
                floor=floor, equipment=", ".join(equipment_list(f.equipment)),
                rentable=bool(f.rentable), active=bool(f.active), note=(f.note or "").strip())


def add_room(session: Session, f: RoomFields) -> int:
    """A new room; typed timetable names that name it are mapped to it."""
    room = Room(**_validate(session, f, None))
    session.add(room)
    flush_or_conflict(session, "강의실")
    map_room_names(session)
    return room.id


def edit_room(session: Session, room_id: int, f: RoomFields) -> None:
    """Change a room (retire it with ``active=False``: its bookings and history stay)."""
    room = session.get(Room, room_id)
    if room is None:
        raise NotFoundError("강의실을 찾을 수 없습니다.")
    for key, value in _validate(session, f, room_id).items():
        setattr(room, key, value)
    flush_or_conflict(session, "강의실")
    map_room_names(session)


def map_room_names(session: Session) -> int:
    """Point every timetable period whose typed room names a room (by name or code) at it;
    returns how many were mapped."""
    result = session.execute(text(
        "UPDATE course_session SET room_id = (SELECT r.id FROM room r WHERE "
        "r.name = trim(course_session.room_name) OR r.code = trim(course_session.room_name)) "
        "WHERE room_id IS NULL AND trim(room_name) <> '' AND EXISTS (SELECT 1 FROM room r WHERE "
        "r.name = trim(course_session.room_name) OR r.code = trim(course_session.room_name))"))
    return result.rowcount or 0


def unmapped_room_names(session: Session) -> list[tuple[str, int]]:
    """Typed room names no room matches, with how many periods use each (most used first)."""
    rows = session.execute(
        select(func.trim(CourseSession.room_name), func.count())
        .where(CourseSession.room_id.is_(None), func.trim(CourseSession.room_name) != "")
        .group_by(func.trim(CourseSession.room_name))
        .order_by(func.count().desc(), func.trim(CourseSession.room_name))).all()
    return [(name, count) for name, count in rows]


def retire(session: Session, room_id: int) -> None:
    """Stop offering a room (its bookings stay)."""
    done = session.execute(update(Room).where(Room.id == room_id).values(
        active=False, version=Room.version + 1))
    if not done.rowcount:
        raise NotFoundError("강의실을 찾을 수 없습니다.")

