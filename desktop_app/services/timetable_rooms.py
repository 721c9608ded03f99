"""A timetable's rooms become bookings: filling the timetable books the room.

Each period whose 강의실 names a room (by name or code) gets a 과정 booking of that room for its
time, linked to the period.  Saving the timetable again keeps the bookings that still match,
cancels the ones whose period moved or lost its room, and books the new ones; a period whose room
is taken by anything else refuses the whole save, naming the row and the booking in the way.  A
run's own day-long booking without periods (the demo's, or one made by hand) gives way on the
days its timetable books rooms.  Public holidays do not stop a timetable (the course planner set
the date); blackouts (정비, 휴관) do.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import BookingConflictError, Problem
from ..models import Blackout, Booking, BookingEvent, CourseRun, CourseSession, Room
from ..models.facilities import CANCELLED
from . import bookings, clock

MOVED = "시간표가 바뀜"
REPLACED = "시간표의 교시 예약으로 바뀜"


def resolve_rooms(session: Session, names: set[str]) -> dict[str, int]:
    """Typed room → room id, for the names that name an active room (by name or code)."""
    cleaned = {n.strip() for n in names if n and n.strip()}
    if not cleaned:
        return {}
    found = {}
    for room_id, code, name in session.execute(
            select(Room.id, Room.code, Room.name).where(
                (Room.name.in_(cleaned)) | (Room.code.in_(cleaned)), Room.active.is_(True))):
        found[name] = room_id
        found[code] = room_id
    return found


def sync_bookings(session: Session, run_id: int, actor: str) -> int:
    """Make the run's period bookings match its periods' rooms; returns how many were booked
    anew.  Raises :class:`BookingConflictError` (nothing is written: the caller's transaction
    rolls back) naming each period whose room is taken."""
    run = session.get(CourseRun, run_id)
    periods = list(session.scalars(select(CourseSession).where(
        CourseSession.run_id == run_id).order_by(CourseSession.date, CourseSession.start_time)))
    wanted = {}
    for p in periods:
        if p.room_id is not None:
            wanted[p.id] = (p.room_id, datetime.combine(p.date, p.start_time),
                            datetime.combine(p.date, p.end_time))
    existing = list(session.scalars(select(Booking).where(
        Booking.run_id == run_id, Booking.status != CANCELLED)))
    now = clock.now(session)
    kept = set()
    for b in existing:
        if b.session_id is None:
            continue
        if wanted.get(b.session_id) == (b.room_id, b.start_at, b.end_at):
            kept.add(b.session_id)
        else:
            _cancel(session, b, MOVED, actor, now)
    booked_days = {start.date() for _r, start, _e in wanted.values()}
    for b in existing:
        if b.session_id is None and b.start_at.date() in booked_days:
            _cancel(session, b, REPLACED, actor, now)
    session.flush()
    problems, in_the_way = [], []
    rooms = {r.id: r for r in session.scalars(select(Room).where(
        Room.id.in_({r for r, _s, _e in wanted.values()})))} if wanted else {}
    title = f"{run.code} {run.course.title}"[:200]
    added = 0
    for number, p in enumerate(periods, start=1):
        if p.id not in wanted or p.id in kept:
            continue
        room_id, start, end = wanted[p.id]
        clash = bookings.conflicts(session, room_id, start, end)
        closed = session.scalars(select(Blackout).where(
            (Blackout.room_id == room_id) | Blackout.room_id.is_(None),
            Blackout.start_at < end, Blackout.end_at > start)).first()
        if clash:
            problems.append(Problem(f"{p.date} {p.start_time:%H:%M} {rooms[room_id].name}: "
                                    f"{clash[0].describe()}와(과) 겹칩니다.", "강의실", number))
            in_the_way.append(clash[0].id)
            continue
        if closed is not None:
            problems.append(Problem(f"{p.date} {p.start_time:%H:%M} {rooms[room_id].name}: "
                                    f"{closed.kind}({closed.reason}) 기간입니다.", "강의실", number))
            continue
        booking = Booking(room_id=room_id, start_at=start, end_at=end, kind="과정",
                          status="확정", title=title, run_id=run_id, session_id=p.id, note="",
                          created_at=now, created_by=actor)
        session.add(booking)
        session.flush()
        session.add(BookingEvent(booking_id=booking.id, at=now, actor=actor, action="확정",
                                 reason="시간표"))
        added += 1
    if problems:
        raise BookingConflictError(problems, in_the_way)
    session.flush()
    return added


def release_periods(session: Session, period_ids: list[int], actor: str) -> None:
    """Cancel the bookings of periods about to be deleted (before their link goes)."""
    if not period_ids:
        return
    now = clock.now(session)
    for booking in session.scalars(select(Booking).where(
            Booking.session_id.in_(period_ids), Booking.status != CANCELLED)):
        _cancel(session, booking, MOVED, actor, now)
    session.flush()


def _cancel(session: Session, booking: Booking, why: str, actor: str, at: datetime) -> None:
    booking.status = CANCELLED
    session.add(BookingEvent(booking_id=booking.id, at=at, actor=actor, action=CANCELLED,
                             reason=why))
