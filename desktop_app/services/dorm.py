"""The dormitory (숙소): stays of a lodging run's trainees (and of guests), the automatic bed
assignment, manual moves and swaps under the same rules, locks, check-in and check-out.

Hard rules, everywhere a bed is given: a room holds one gender a night (set by who sleeps there,
and by a floor kept for a gender), never more people than beds, a bed to one person a night (the
database's unique (room, bed, night) too), closed rooms stay empty, accessible rooms (장애인 전용)
go to those who need them, locked stays do not move.  Soft rules of the automatic assignment:
a run stays together, a room fills before the next opens, a floor keeps to one gender, people of
one organization together or apart (setting ``dorm_same_organization``).  The same input gives
the same result; everyone it could not place is listed with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import zip_longest

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ..errors import NotFoundError, ValidationError
from ..models import (Course, CourseRun, DormClosure, DormRoom, Enrollment, FloorReservation, Organization,
                      Person, Stay, StayNight)
from . import clock
from . import settings as settings_service
from .enrollment import SELECTED

ACCESSIBLE, GROUND = "장애인 전용", "1층"
LIVE = ("예정", "입실")


def nights(first: date, last: date) -> list[date]:
    """Every night from ``first`` to ``last``, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# ---------------------------------------------------------------- stays

def create_stays_for_run(session: Session, run_id: int) -> tuple[int, list[str]]:
    """A stay for each selected trainee of a lodging run who has none (nights from the first
    day to the night before the last); returns how many were made and who was left out (no
    gender recorded: the desk must ask, the program never guesses)."""
    run = session.get(CourseRun, run_id)
    if run is None:
        raise NotFoundError("기수를 찾을 수 없습니다.", field="기수")
    if not run.lodging:
        raise ValidationError(f"{run.code}은(는) 숙박하는 기수가 아닙니다 (기수 수정에서 '숙박'을 "
                              "고르십시오).", field="기수")
    if run.end_date <= run.start_date:
        raise ValidationError(f"{run.code}은(는) 하루 과정이라 묵는 밤이 없습니다.", field="기수")
    have = set(session.scalars(select(Stay.person_id).where(Stay.run_id == run_id)))
    people = session.execute(
        select(Person.id, Person.name, Person.gender).join(
            Enrollment, Enrollment.person_id == Person.id)
        .where(Enrollment.run_id == run_id, Enrollment.status == SELECTED)
        .order_by(Person.name, Person.id)).all()
    rows, left_out = [], []
    for person_id, name, gender in people:
        if person_id in have:
            continue
        if gender not in ("남", "여"):
            left_out.append(name)
            continue
        rows.append(dict(run_id=run_id, person_id=person_id, guest_name="", gender=gender,
                         need="", first_night=run.start_date,
                         last_night=run.end_date - timedelta(days=1), status="예정",
                         locked=False, key_issued=False, key_returned=False,
                         created_at=clock.now(session), version=1))
    if rows:
        session.execute(insert(Stay), rows)
    return len(rows), left_out


def add_guest_stay(session: Session, name: str, gender: str, first: date, last: date,
                   need: str = "") -> int:
    """A single stay for an instructor or a guest."""
    if not (name or "").strip():
        raise ValidationError("이름을 적으십시오.", field="이름")
    if gender not in ("남", "여"):
        raise ValidationError("성별은 남 또는 여입니다.", field="성별")
    if last < first:
        raise ValidationError("마지막 밤이 첫 밤보다 앞입니다.", field="마지막 밤")
    _check_need(need)
    stay = Stay(guest_name=name.strip(), gender=gender, need=need, first_night=first,
                last_night=last, created_at=clock.now(session))
    session.add(stay)
    session.flush()
    return stay.id


def _check_need(need: str) -> None:
    if need not in ("", ACCESSIBLE, GROUND):
        raise ValidationError(f"숙박 요구는 없음, {ACCESSIBLE}, {GROUND} 중 하나입니다.", field="요구")


def _stay(session: Session, stay_id: int) -> Stay:
    stay = session.get(Stay, stay_id, with_for_update=True)
    if stay is None:
        raise NotFoundError("숙박 기록을 찾을 수 없습니다.")
    return stay


def set_need(session: Session, stay_id: int, need: str) -> None:
    """Record what the person asked for (never inferred)."""
    _check_need(need)
    _stay(session, stay_id).need = need
    session.flush()


def opt_out(session: Session, stay_id: int) -> None:
    """The trainee will not lodge: the stay is cancelled and its beds freed."""
    stay = _stay(session, stay_id)
    stay.status = "취소"
    session.execute(delete(StayNight).where(StayNight.stay_id == stay_id))
    session.flush()


def set_locked(session: Session, stay_id: int, locked: bool) -> None:
    """A locked stay keeps its bed when the assignment runs again."""
    _stay(session, stay_id).locked = locked
    session.flush()


# ---------------------------------------------------------------- the occupancy of nights

@dataclass(frozen=True, slots=True)
class RoomInfo:
    """A room as the assignment reads it thousands of times (plain values, not ORM rows)."""

    id: int
    code: str
    floor: int
    beds: int
    accessible: bool


def active_rooms(session: Session) -> list[RoomInfo]:
    """The rooms in service, by floor and number."""
    return [RoomInfo(*row) for row in session.execute(
        select(DormRoom.id, DormRoom.code, DormRoom.floor, DormRoom.beds, DormRoom.accessible)
        .where(DormRoom.active.is_(True)).order_by(DormRoom.floor, DormRoom.code))]


class Occupancy:
    """Who holds which bed on which night, the gender of each room-night, closures and floors
    kept for a gender, over a span of nights."""

    def __init__(self, session: Session, first: date, last: date, *,
                 leave_out: set[int] = frozenset()) -> None:
        self.rooms = active_rooms(session)
        self.by_id = {r.id: r for r in self.rooms}
        self.beds: dict[tuple[int, date], dict[int, int]] = defaultdict(dict)
        self.floor_genders: dict[tuple[int, date], set[str]] = defaultdict(set)
        self.gender: dict[tuple[int, date], str] = {}
        genders = dict(session.execute(select(Stay.id, Stay.gender)).all())
        for stay_id, night, room_id, bed in session.execute(
                select(StayNight.stay_id, StayNight.night, StayNight.room_id, StayNight.bed)
                .where(StayNight.night >= first, StayNight.night <= last)):
            if stay_id in leave_out:
                continue
            self.beds[(room_id, night)][bed] = stay_id
            self.gender[(room_id, night)] = genders[stay_id]
            if room_id in self.by_id:
                self.floor_genders[(self.by_id[room_id].floor, night)].add(genders[stay_id])
        self.closed = set()
        for room_id, f, l in session.execute(select(DormClosure.room_id, DormClosure.first_night,
                                                    DormClosure.last_night)
                                             .where(DormClosure.last_night >= first,
                                                    DormClosure.first_night <= last)):
            self.closed |= {(room_id, n) for n in nights(max(f, first), min(l, last))}
        self.floor_gender: dict[tuple[int, date], str] = {}
        for floor, g, f, l in session.execute(select(
                FloorReservation.floor, FloorReservation.gender, FloorReservation.first_night,
                FloorReservation.last_night).where(FloorReservation.last_night >= first,
                                                   FloorReservation.first_night <= last)):
            for n in nights(max(f, first), min(l, last)):
                self.floor_gender[(floor, n)] = g

    def why_not(self, room: RoomInfo, gender: str, stay_nights: list[date],
                need: str) -> str | None:
        """Why the room cannot take this person for these nights (None: it can)."""
        if need == ACCESSIBLE and not room.accessible:
            return "장애인 전용 객실이 아닙니다"
        if need == GROUND and room.floor != 1:
            return "1층 객실이 아닙니다"
        for n in stay_nights:
            key = (room.id, n)
            if key in self.closed:
                return f"{n} 사용 중지 기간입니다"
            if self.gender.get(key, gender) != gender:
                return f"{n}에 {self.gender[key]}성이 묵는 방입니다"
            if self.floor_gender.get((room.floor, n), gender) != gender:
                return f"{n}에 {room.floor}층은 {self.floor_gender[(room.floor, n)]}성 층입니다"
            if len(self.beds[key]) >= room.beds:
                return f"{n}에 빈 침대가 없습니다"
        return None

    def free_bed(self, room: RoomInfo, stay_nights: list[date]) -> int | None:
        """The lowest bed number free on every one of the nights."""
        for bed in range(1, room.beds + 1):
            if all(bed not in self.beds[(room.id, n)] for n in stay_nights):
                return bed
        return None

    def take(self, room: RoomInfo, bed: int, stay_id: int, gender: str,
             stay_nights: list[date]) -> None:
        for n in stay_nights:
            self.beds[(room.id, n)][bed] = stay_id
            self.gender[(room.id, n)] = gender
            self.floor_genders[(room.floor, n)].add(gender)

    def used(self, room: RoomInfo, stay_nights: list[date]) -> bool:
        return any(self.beds[(room.id, n)] for n in stay_nights)


# ---------------------------------------------------------------- automatic assignment

@dataclass(frozen=True)
class Unplaced:
    """Someone the assignment could not place, and why."""

    stay_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class AssignResult:
    """What one assignment did."""

    placed: int
    kept: int                       # locked stays left where they were
    unplaced: tuple[Unplaced, ...]


def _order(stays: list[tuple], together: bool) -> list[tuple]:
    """Needs first; then each run and gender together, by organization (together: one after
    another; apart: taking turns) and name."""
    def key(s):
        _sid, run_id, gender, need, org, name, _f, _l = s
        return ({ACCESSIBLE: 0, GROUND: 1}.get(need, 2), run_id or 0, gender, org, name, _sid)

    ordered = sorted(stays, key=key)
    if together:
        return ordered
    out, group = [], []
    for s in ordered + [None]:
        if group and (s is None or (s[3], s[1], s[2]) != (group[0][3], group[0][1], group[0][2])):
            by_org: dict[str, list] = defaultdict(list)
            for item in group:
                by_org[item[4]].append(item)
            for batch in zip_longest(*by_org.values()):
                out += [x for x in batch if x is not None]
            group = []
        if s is not None:
            group.append(s)
    return out


def assign(session: Session, run_ids: list[int], *, dry_run: bool = False) -> AssignResult:
    """Give beds to the live, unlocked stays of the runs (their earlier beds are taken back
    first; locked stays stay); ``dry_run`` computes without writing."""
    together = settings_service.get(session, "dorm_same_organization") != "따로"
    rows = session.execute(
        select(Stay.id, Stay.run_id, Stay.gender, Stay.need, Organization.name,
               Person.name, Stay.guest_name, Stay.first_night, Stay.last_night, Stay.locked)
        .outerjoin(Person, Person.id == Stay.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Stay.run_id.in_(run_ids), Stay.status.in_(LIVE))).all()
    if not rows:
        raise ValidationError("배정할 숙박이 없습니다 (숙박 대상을 먼저 만드십시오).", field="기수")
    movable = [(sid, run, g, need, org or "", name or guest, f, l)
               for sid, run, g, need, org, name, guest, f, l, locked in rows if not locked]
    kept = len(rows) - len(movable)
    first = min(r[7] for r in rows)
    last = max(r[8] for r in rows)
    occupancy = Occupancy(session, first, last, leave_out={m[0] for m in movable})
    current: dict[tuple, RoomInfo] = {}
    new_nights, unplaced = [], []
    for sid, run, gender, need, _org, name, f, l in _order(movable, together):
        stay_nights = nights(f, l)
        group = (run, gender, need)
        room = current.get(group)
        if room is None or occupancy.why_not(room, gender, stay_nights, need):
            room, reason = _next_room(occupancy, gender, stay_nights, need)
            if room is None:
                unplaced.append(Unplaced(sid, name, reason))
                continue
            current[group] = room
        bed = occupancy.free_bed(room, stay_nights)
        occupancy.take(room, bed, sid, gender, stay_nights)
        new_nights += [dict(stay_id=sid, night=n, room_id=room.id, bed=bed) for n in stay_nights]
    if not dry_run:
        ids = [m[0] for m in movable]
        for start in range(0, len(ids), 500):
            session.execute(delete(StayNight).where(StayNight.stay_id.in_(ids[start:start + 500])))
        if new_nights:
            session.execute(insert(StayNight), new_nights)
    return AssignResult(len(movable) - len(unplaced), kept, tuple(unplaced))


def assign_run(session: Session, run_id: int, *, dry_run: bool = False
               ) -> tuple[int, list[str], AssignResult]:
    """The desk's one click: stays for the run's trainees who have none, then the assignment;
    returns (stays made, who was left out for want of a recorded gender, the result)."""
    made, left_out = create_stays_for_run(session, run_id)
    return made, left_out, assign(session, [run_id], dry_run=dry_run)


def _next_room(occupancy: Occupancy, gender: str, stay_nights: list[date],
               need: str) -> tuple[RoomInfo | None, str]:
    """The first room that takes the person: rooms already holding this gender (fill before
    opening), then floors of this gender, then empty rooms; accessible rooms only for those who
    need them."""
    def floor_rank(room: RoomInfo) -> int:
        n = stay_nights[0]
        if occupancy.floor_gender.get((room.floor, n)) == gender:
            return 0
        present = occupancy.floor_genders[(room.floor, n)]
        if gender in present:
            return 1
        return 3 if present else 2   # a floor the other gender has begun comes last

    candidates = [r for r in occupancy.rooms if r.accessible == (need == ACCESSIBLE)
                  and (need != GROUND or r.floor == 1)]
    if not occupancy.rooms:
        return None, "등록된 숙소 객실이 없습니다"
    if not candidates:
        return None, {ACCESSIBLE: "장애인 전용 객실이 없습니다", GROUND: "1층 객실이 없습니다"}.get(
            need, "객실이 없습니다")
    floors: dict[int, int] = {}
    for r in candidates:
        if r.floor not in floors:
            floors[r.floor] = floor_rank(r)
    started = [r for r in candidates if occupancy.used(r, stay_nights)]
    fresh = [r for r in candidates if not occupancy.used(r, stay_nights)]
    first_reason = None
    for room in started + sorted(fresh, key=lambda r: (floors[r.floor], r.floor, r.code)):
        why = occupancy.why_not(room, gender, stay_nights, need)
        if why is None:
            return room, ""
        first_reason = first_reason or f"{room.code}: {why}"
    label = {ACCESSIBLE: "장애인 전용 객실", GROUND: "1층 객실"}.get(need, "객실")
    return None, (f"{'남' if gender == '남' else '여'}성이 묵을 수 있는 {label}에 빈 침대가 없습니다"
                  f" (예: {first_reason})")


# ---------------------------------------------------------------- by hand

def move(session: Session, stay_id: int, room_id: int) -> int:
    """Put a stay in another room for all its nights, under the same rules; returns the bed."""
    stay = _stay(session, stay_id)
    if stay.status not in LIVE:
        raise ValidationError(f"'{stay.status}' 상태의 숙박은 옮길 수 없습니다.", field="숙박")
    stay_nights = nights(stay.first_night, stay.last_night)
    occupancy = Occupancy(session, stay.first_night, stay.last_night, leave_out={stay.id})
    room = occupancy.by_id.get(room_id)
    if room is None:
        raise NotFoundError("사용할 수 있는 객실이 아닙니다.", field="객실")
    why = occupancy.why_not(room, stay.gender, stay_nights, stay.need)
    bed = None if why else occupancy.free_bed(room, stay_nights)
    if why or bed is None:
        raise ValidationError(f"{room.code}에 옮길 수 없습니다: {why or '모든 밤에 같은 침대가 비지 않습니다'}.",
                              field="객실")
    session.execute(delete(StayNight).where(StayNight.stay_id == stay.id))
    session.execute(insert(StayNight), [dict(stay_id=stay.id, night=n, room_id=room.id, bed=bed)
                                        for n in stay_nights])
    return bed


def swap(session: Session, first_id: int, second_id: int) -> None:
    """Exchange two stays' rooms and beds (same nights), under the same rules."""
    a, b = _stay(session, first_id), _stay(session, second_id)
    if (a.first_night, a.last_night) != (b.first_night, b.last_night):
        raise ValidationError("묵는 밤이 같은 두 사람만 맞바꿀 수 있습니다.", field="숙박")
    places = {s.id: session.execute(select(StayNight.room_id, StayNight.bed)
                                    .where(StayNight.stay_id == s.id).limit(1)).first()
              for s in (a, b)}
    if None in places.values():
        raise ValidationError("배정되지 않은 사람이 있어 맞바꿀 수 없습니다.", field="숙박")
    stay_nights = nights(a.first_night, a.last_night)
    occupancy = Occupancy(session, a.first_night, a.last_night, leave_out={a.id, b.id})
    for stay, other in ((a, b), (b, a)):
        room = occupancy.by_id[places[other.id][0]]
        why = occupancy.why_not(room, stay.gender, stay_nights, stay.need)
        if why:
            raise ValidationError(f"맞바꿀 수 없습니다: {room.code} — {why}.", field="숙박")
        occupancy.take(room, places[other.id][1], stay.id, stay.gender, stay_nights)
    session.execute(delete(StayNight).where(StayNight.stay_id.in_([a.id, b.id])))
    session.flush()
    session.execute(insert(StayNight), [
        dict(stay_id=stay.id, night=n, room_id=places[other.id][0], bed=places[other.id][1])
        for stay, other in ((a, b), (b, a)) for n in stay_nights])


# ---------------------------------------------------------------- the front desk

def check_in(session: Session, stay_id: int, key_issued: bool = True) -> None:
    stay = _stay(session, stay_id)
    if stay.status != "예정":
        raise ValidationError(f"'{stay.status}' 상태에서는 입실할 수 없습니다.", field="숙박")
    stay.status, stay.checked_in_at, stay.key_issued = "입실", clock.now(session), key_issued
    session.flush()


def check_out(session: Session, stay_id: int, key_returned: bool = True) -> None:
    """Check out today; leaving before the last night frees the remaining nights at once."""
    stay = _stay(session, stay_id)
    if stay.status != "입실":
        raise ValidationError(f"'{stay.status}' 상태에서는 퇴실할 수 없습니다.", field="숙박")
    today = clock.today(session)
    if today <= stay.last_night:   # early: tonight and after are free again
        session.execute(delete(StayNight).where(StayNight.stay_id == stay.id,
                                                StayNight.night >= today))
        stay.last_night = max(stay.first_night, today - timedelta(days=1))
    stay.status, stay.checked_out_at, stay.key_returned = "퇴실", clock.now(session), key_returned
    session.flush()


def no_show(session: Session, stay_id: int) -> None:
    """Never came: the beds go back."""
    stay = _stay(session, stay_id)
    if stay.status != "예정":
        raise ValidationError(f"'{stay.status}' 상태는 노쇼로 바꿀 수 없습니다.", field="숙박")
    stay.status = "노쇼"
    session.execute(delete(StayNight).where(StayNight.stay_id == stay.id))
    session.flush()


# ---------------------------------------------------------------- lists

@dataclass(frozen=True)
class StayRow:
    """A stay as lists and commands show it."""

    id: int
    name: str
    gender: str
    need: str
    organization: str
    room: str | None
    bed: int | None
    first_night: date
    last_night: date
    status: str
    locked: bool

    def as_json(self) -> dict:
        return {"name": self.name, "gender": self.gender, "room": self.room, "bed": self.bed,
                "first_night": self.first_night.isoformat(),
                "last_night": self.last_night.isoformat(), "need": self.need,
                "status": self.status, "locked": self.locked}


def stay_rows(session: Session, run_id: int) -> list[StayRow]:
    """The run's stays by room and bed (the unplaced last)."""
    first_bed = {sid: (code, bed) for sid, code, bed in session.execute(
        select(StayNight.stay_id, DormRoom.code, StayNight.bed)
        .join(DormRoom, DormRoom.id == StayNight.room_id)
        .join(Stay, Stay.id == StayNight.stay_id)
        .where(Stay.run_id == run_id, StayNight.night == Stay.first_night))}
    rows = []
    for s, name, org in session.execute(
            select(Stay, Person.name, Organization.name)
            .outerjoin(Person, Person.id == Stay.person_id)
            .outerjoin(Organization, Organization.id == Person.organization_id)
            .where(Stay.run_id == run_id)):
        room, bed = first_bed.get(s.id, (None, None))
        rows.append(StayRow(s.id, name or s.guest_name, s.gender, s.need, org or "", room, bed,
                            s.first_night, s.last_night, s.status, s.locked))
    rows.sort(key=lambda r: (r.room is None, r.room or "", r.bed or 0, r.name))
    return rows


# ---------------------------------------------------------------- the occupancy chart

@dataclass(frozen=True)
class OccupancyGrid:
    """Rooms down, nights across: who fills each room-night (count, gender, runs)."""

    rooms: tuple[RoomInfo, ...]
    nights: tuple[date, ...]
    cells: dict[tuple[int, date], tuple[int, str, frozenset]]   # (room, night) → (n, gender, runs)
    used: dict[date, int]                                        # beds taken each night

    def occupancy_pct(self, night: date) -> float:
        beds = sum(r.beds for r in self.rooms)
        return round(100 * self.used.get(night, 0) / beds, 1) if beds else 0.0


def occupancy_grid(session: Session, first: date, last: date) -> OccupancyGrid:
    """The chart's data for the nights from ``first`` to ``last``."""
    rooms = tuple(active_rooms(session))
    counts: dict[tuple[int, date], list] = {}
    for room_id, night, gender, run_id in session.execute(
            select(StayNight.room_id, StayNight.night, Stay.gender, Stay.run_id)
            .join(Stay, Stay.id == StayNight.stay_id)
            .where(StayNight.night >= first, StayNight.night <= last)):
        entry = counts.setdefault((room_id, night), [0, gender, set()])
        entry[0] += 1
        entry[2].add(run_id)
    cells = {k: (v[0], v[1], frozenset(v[2])) for k, v in counts.items()}
    used: dict[date, int] = defaultdict(int)
    for (_room, night), (count, _g, _r) in cells.items():
        used[night] += count
    return OccupancyGrid(rooms, tuple(nights(first, last)), cells, dict(used))


def arrivals_and_departures(session: Session, day: date) -> tuple[int, int]:
    """How many stays begin tonight and how many end this morning (the desk's day)."""
    arriving = session.scalar(select(func.count()).select_from(Stay).where(
        Stay.first_night == day, Stay.status.in_(LIVE))) or 0
    leaving = session.scalar(select(func.count()).select_from(Stay).where(
        Stay.last_night == day - timedelta(days=1), Stay.status.in_(LIVE))) or 0
    return arriving, leaving


def runs_with_stays(session: Session) -> set[int]:
    """Ids of the runs that have live stays."""
    return set(session.scalars(select(Stay.run_id).where(Stay.status.in_(LIVE),
                                                         Stay.run_id.is_not(None)).distinct()))


def lodging_runs(session: Session) -> list[tuple[int, str, str, date, date]]:
    """(id, code, title, start, end) of the runs that lodge, by start date."""
    return [tuple(r) for r in session.execute(
        select(CourseRun.id, CourseRun.code, Course.title, CourseRun.start_date,
               CourseRun.end_date).join(Course, Course.id == CourseRun.course_id)
        .where(CourseRun.lodging.is_(True), CourseRun.status == "개설")
        .order_by(CourseRun.start_date, CourseRun.code))]


# ---------------------------------------------------------------- the rooms

def add_dorm_room(session: Session, code: str, floor: int, beds: int,
                  accessible: bool = False) -> int:
    """A dormitory room; its code is unique."""
    code = (code or "").strip()
    if not code:
        raise ValidationError("객실 번호를 적으십시오.", field="객실")
    if not 1 <= int(beds) <= 20:
        raise ValidationError("침대는 1~20개입니다.", field="침대")
    if session.scalar(select(DormRoom.id).where(DormRoom.code == code)) is not None:
        raise ValidationError(f"'{code}' 객실이 이미 있습니다.", field="객실")
    room = DormRoom(code=code, floor=int(floor), beds=int(beds), accessible=bool(accessible))
    session.add(room)
    session.flush()
    return room.id


def close_room(session: Session, room_id: int, first: date, last: date, reason: str) -> list[str]:
    """Take a room out of service for nights [first, last]; returns who is already in it then
    (they keep their beds until moved — the desk decides)."""
    if last < first:
        raise ValidationError("마지막 밤이 첫 밤보다 앞입니다.", field="기간")
    if not (reason or "").strip():
        raise ValidationError("사유를 적으십시오.", field="사유")
    if session.get(DormRoom, room_id) is None:
        raise NotFoundError("객실을 찾을 수 없습니다.", field="객실")
    session.add(DormClosure(room_id=room_id, first_night=first, last_night=last,
                            reason=reason.strip()))
    session.flush()
    return list(session.scalars(
        select(func.coalesce(Person.name, Stay.guest_name)).select_from(StayNight)
        .join(Stay, Stay.id == StayNight.stay_id).outerjoin(Person, Person.id == Stay.person_id)
        .where(StayNight.room_id == room_id, StayNight.night >= first,
               StayNight.night <= last).distinct()))


def keep_floor(session: Session, floor: int, gender: str, first: date, last: date) -> None:
    """Keep a floor for one gender over nights [first, last]; refused when the other gender
    already sleeps there then."""
    if gender not in ("남", "여"):
        raise ValidationError("성별은 남 또는 여입니다.", field="성별")
    if last < first:
        raise ValidationError("마지막 밤이 첫 밤보다 앞입니다.", field="기간")
    other = session.scalar(
        select(func.count()).select_from(StayNight)
        .join(Stay, Stay.id == StayNight.stay_id).join(DormRoom, DormRoom.id == StayNight.room_id)
        .where(DormRoom.floor == floor, Stay.gender != gender, StayNight.night >= first,
               StayNight.night <= last))
    if other:
        raise ValidationError(f"{floor}층에는 그 기간에 이미 다른 성별이 묵습니다 ({other}박).",
                              field="층")
    session.add(FloorReservation(floor=floor, gender=gender, first_night=first, last_night=last))
    session.flush()
