"""Bookings of rooms: one model for course sessions, internal events and outside rentals.

The one rule this desk must never break: no two live bookings of one room overlap (half-open
[start, end), whatever their kinds).  :func:`add_booking` checks it and names the booking in the
way; the database refuses it too when two PCs book at once (migration 0005), and that refusal
comes back as the same kind of Korean message.

A booking on a public holiday (the ``holidays`` library) or inside a blackout (정비, 휴관) needs
an override reason, kept in the booking's history.  Repeating bookings are planned first
(:func:`plan_series`: each date with what is in its way) and saved with or without the dates
that conflict (:func:`add_series`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import (BookingConflictError, ConflictError, NotFoundError, Problem, Problems,
                      ValidationError)
from ..models import Blackout, Booking, BookingEvent, Building, Room
from ..models.facilities import BOOKING_KINDS, BOOKING_STATES, CANCELLED
from . import clock
from .holiday_calendar import holiday_name
from .values import reason_text, text_field

MAX_SPAN = timedelta(days=31)
WEEKDAYS = "월화수목금토일"


@dataclass(frozen=True)
class BookingFields:
    """What a new booking asks for."""

    room_id: int
    start: datetime
    end: datetime
    kind: str = "내부행사"
    title: str = ""
    status: str = "확정"
    run_id: int | None = None
    session_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class BookingRow:
    """A booking as lists, the timeline and messages show it."""

    id: int
    room_id: int
    room_code: str
    room_name: str
    building: str
    start: datetime
    end: datetime
    kind: str
    status: str
    title: str
    run_id: int | None
    series_id: int | None

    def describe(self) -> str:
        """'교육동 301호 2021-03-02 09:00~12:00 「디지털 수업」(과정, 확정, 예약 12번)'."""
        span = f"{self.start:%Y-%m-%d %H:%M}~{self.end:%H:%M}" if self.start.date() == \
            self.end.date() else f"{self.start:%Y-%m-%d %H:%M}~{self.end:%Y-%m-%d %H:%M}"
        return f"{self.room_name} {span} 「{self.title}」({self.kind}, {self.status}, 예약 {self.id}번)"


def _rows(session: Session, query) -> list[BookingRow]:
    return [BookingRow(b.id, r.id, r.code, r.name, g.name, b.start_at, b.end_at, b.kind,
                       b.status, b.title, b.run_id, b.series_id)
            for b, r, g in session.execute(query)]


def _joined():
    return (select(Booking, Room, Building).join(Room, Room.id == Booking.room_id)
            .join(Building, Building.id == Room.building_id))


def booking_row(session: Session, booking_id: int) -> BookingRow:
    """One booking (cancelled ones too)."""
    found = _rows(session, _joined().where(Booking.id == booking_id))
    if not found:
        raise NotFoundError(f"예약 {booking_id}번이 없습니다 (다른 사용자가 지웠을 수 있습니다).",
                            field="예약")
    return found[0]


def conflicts(session: Session, room_id: int, start: datetime, end: datetime,
              exclude_id: int | None = None) -> list[BookingRow]:
    """Live bookings of the room that overlap [start, end)."""
    query = _joined().where(Booking.room_id == room_id, Booking.status != CANCELLED,
                            Booking.start_at < end, Booking.end_at > start)
    if exclude_id is not None:
        query = query.where(Booking.id != exclude_id)
    return _rows(session, query.order_by(Booking.start_at))


def blocked_by(session: Session, room_id: int, start: datetime, end: datetime) -> list[str]:
    """Why the span cannot be booked without an override: public holidays in it, blackouts of
    the room or of the whole institute."""
    reasons = []
    day = start.date()
    while day <= (end - timedelta(microseconds=1)).date():
        name = holiday_name(day)
        if name:
            reasons.append(f"{day} 공휴일({name})")
        day += timedelta(days=1)
    for b in session.scalars(select(Blackout).where(
            (Blackout.room_id == room_id) | Blackout.room_id.is_(None),
            Blackout.start_at < end, Blackout.end_at > start).order_by(Blackout.start_at)):
        where = "연수원 전체" if b.room_id is None else "이 강의실"
        reasons.append(f"{b.start_at:%Y-%m-%d %H:%M}~{b.end_at:%Y-%m-%d %H:%M} {where} "
                       f"{b.kind}({b.reason})")
    return reasons


def _checked(session: Session, f: BookingFields) -> tuple[Room, str]:
    p = Problems()
    room = session.get(Room, f.room_id)
    if room is None:
        raise NotFoundError("강의실을 찾을 수 없습니다.", field="강의실")
    p.check(room.active, "강의실", f"{room.name}은(는) 더 이상 쓰지 않는 강의실입니다.")
    p.check(f.kind in BOOKING_KINDS, "종류", f"종류는 {', '.join(BOOKING_KINDS)} 중 하나입니다.")
    p.check(f.status in BOOKING_STATES[:2], "상태", "새 예약은 가예약 또는 확정입니다.")
    p.check(f.kind != "대관" or room.rentable, "강의실",
            f"{room.name}은(는) 외부에 빌려주지 않는 강의실입니다.")
    title = text_field(p, "제목", f.title, max_len=200)
    p.check(bool(title), "제목", "예약 제목(행사명, 과정명, 대관 단체 …)을 입력하십시오.")
    if not (isinstance(f.start, datetime) and isinstance(f.end, datetime)):
        p.add("시작", "시작과 끝 시각을 입력하십시오.")
    elif f.end <= f.start:
        p.add("끝", f"끝({f.end:%Y-%m-%d %H:%M})이 시작({f.start:%Y-%m-%d %H:%M})보다 늦어야 합니다.")
    elif f.end - f.start > MAX_SPAN:
        p.add("끝", "한 예약은 31일을 넘을 수 없습니다. 반복 예약으로 나누십시오.")
    p.raise_if_any()
    return room, title


def _overlap_error(room: Room, rows: Sequence[BookingRow]) -> BookingConflictError:
    first = rows[0]
    more = f" 외 {len(rows) - 1}건" if len(rows) > 1 else ""
    return BookingConflictError(
        Problem(f"{room.name}은(는) 이미 예약되어 있습니다: {first.describe()}{more}. 다른 시간이나 "
                "강의실을 고르십시오.", "강의실"), [r.id for r in rows])


def _insert(session: Session, f: BookingFields, room: Room, title: str, actor: str,
            override_reason: str | None, series_id: int | None = None) -> int:
    booking = Booking(room_id=room.id, start_at=f.start, end_at=f.end, kind=f.kind,
                      status=f.status, title=title, run_id=f.run_id, session_id=f.session_id,
                      series_id=series_id, note=(f.note or "").strip(),
                      created_at=clock.now(session), created_by=actor)
    _in_savepoint(session, room, lambda: session.add(booking))
    session.add(BookingEvent(booking_id=booking.id, at=clock.now(session), actor=actor,
                             action=f.status, reason=""))
    if override_reason:
        session.add(BookingEvent(booking_id=booking.id, at=clock.now(session), actor=actor,
                                 action="예외 허용", reason=override_reason))
    return booking.id


def _in_savepoint(session: Session, room: Room, change) -> None:
    """Make ``change()`` (add a booking, move one) and flush it in a savepoint; the database's
    own overlap guard (another PC booked the same span a moment ago) becomes the Korean refusal,
    not a crash.  The change is made inside: ``begin_nested`` flushes what is pending first."""
    session.flush()  # what came before is not part of the savepoint's fate
    try:
        with session.begin_nested():
            change()
            session.flush()
    except IntegrityError as exc:
        text = str(exc.orig)
        if "booking_overlap" in text or "booking_no_overlap" in text:
            raise ConflictError(f"{room.name}: 다른 PC에서 방금 같은 시간에 예약했습니다. 예약 현황을 "
                                "새로 고쳐 확인하십시오.") from None
        raise


def add_booking(session: Session, f: BookingFields, actor: str, *,
                override_reason: str | None = None) -> int:
    """Book the room; refused when a live booking overlaps (naming it), or on a holiday or in
    a blackout unless ``override_reason`` is given (kept in the history)."""
    room, title = _checked(session, f)
    why = _admissible(session, room, f.start, f.end, override_reason)
    return _insert(session, f, room, title, actor, why)


def _admissible(session: Session, room: Room, start: datetime, end: datetime,
                override_reason: str | None, exclude_id: int | None = None) -> str | None:
    """Refuse a span another live booking holds (naming it), or a holiday or blackout without
    an override reason; returns the override for the history (None when none was needed)."""
    in_the_way = conflicts(session, room.id, start, end, exclude_id=exclude_id)
    if in_the_way:
        raise _overlap_error(room, in_the_way)
    blocked = blocked_by(session, room.id, start, end)
    if not blocked:
        return None
    if not (override_reason or "").strip():
        raise ValidationError(f"{room.name}: 예약할 수 없는 때입니다 — {'; '.join(blocked)}. "
                              "그래도 예약하려면 사유를 적으십시오.", field="시작")
    return reason_text(override_reason, "사유", None) + f" ({'; '.join(blocked)})"


def _live(session: Session, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id, with_for_update=True)
    if booking is None:
        raise NotFoundError(f"예약 {booking_id}번이 없습니다.", field="예약")
    return booking


def cancel(session: Session, booking_id: int, reason: str, actor: str) -> None:
    """Cancel a booking with a reason (the time becomes free; the booking stays in history)."""
    why = reason_text(reason, "사유", "취소 사유를 적으십시오.")
    booking = _live(session, booking_id)
    if booking.status == CANCELLED:
        raise ValidationError(f"예약 {booking_id}번은 이미 취소되었습니다.", field="예약")
    booking.status = CANCELLED
    session.add(BookingEvent(booking_id=booking.id, at=clock.now(session), actor=actor,
                             action=CANCELLED, reason=why))
    session.flush()


def move_booking(session: Session, booking_id: int, room_id: int, start: datetime,
                 end: datetime, actor: str, *, override_reason: str | None = None) -> None:
    """Move a live booking to another time or room, under the same rules as a new one (its
    own old time does not count against it); the move is kept in its history."""
    booking = _live(session, booking_id)
    if booking.status == CANCELLED:
        raise ValidationError(f"예약 {booking_id}번은 취소되었습니다.", field="예약")
    if booking.session_id is not None:
        raise ValidationError("시간표의 교시 예약은 시간표에서 바꾸십시오.", field="예약")
    f = BookingFields(room_id, start, end, booking.kind, booking.title, booking.status)
    room, _title = _checked(session, f)
    override = _admissible(session, room, start, end, override_reason, exclude_id=booking.id)
    before = f"{booking.room.name} {booking.start_at:%Y-%m-%d %H:%M}~{booking.end_at:%H:%M}"

    def moved() -> None:
        booking.room_id, booking.start_at, booking.end_at = room.id, start, end

    _in_savepoint(session, room, moved)
    why = f"{before} → {room.name} {start:%Y-%m-%d %H:%M}~{end:%H:%M}"
    if override:
        why += f" (예외 허용: {override})"
    session.add(BookingEvent(booking_id=booking.id, at=clock.now(session), actor=actor,
                             action="변경", reason=why))
    session.flush()


def blackouts(session: Session, start: datetime) -> list[tuple[int, str, datetime, datetime,
                                                                 str, str]]:
    """Blackouts ending after ``start``: (id, room or 연수원 전체, start, end, kind, reason)."""
    rows = session.execute(select(Blackout, Room.name).outerjoin(Room, Room.id == Blackout.room_id)
                           .where(Blackout.end_at > start).order_by(Blackout.start_at))
    return [(b.id, name or "연수원 전체", b.start_at, b.end_at, b.kind, b.reason)
            for b, name in rows]


def remove_blackout(session: Session, blackout_id: int) -> None:
    """Take back a blackout entered by mistake."""
    blackout = session.get(Blackout, blackout_id)
    if blackout is None:
        raise NotFoundError("정비·휴관 기록을 찾을 수 없습니다.")
    session.delete(blackout)
    session.flush()


def confirm(session: Session, booking_id: int, actor: str) -> None:
    """가예약 → 확정."""
    booking = _live(session, booking_id)
    if booking.status != "가예약":
        raise ValidationError(f"예약 {booking_id}번은 가예약이 아닙니다 ({booking.status}).",
                              field="예약")
    booking.status = "확정"
    session.add(BookingEvent(booking_id=booking.id, at=clock.now(session), actor=actor,
                             action="확정", reason=""))
    session.flush()


def history(session: Session, booking_id: int) -> list[tuple[datetime, str, str, str]]:
    """(when, who, what, why) of a booking, oldest first."""
    return [tuple(row) for row in session.execute(
        select(BookingEvent.at, BookingEvent.actor, BookingEvent.action, BookingEvent.reason)
        .where(BookingEvent.booking_id == booking_id).order_by(BookingEvent.id))]


def bookings_between(session: Session, start: datetime, end: datetime, *,
                     building: str | None = None, include_cancelled: bool = False
                     ) -> list[BookingRow]:
    """Bookings overlapping [start, end), by room and time; ``building`` by code or name."""
    query = _joined().where(Booking.start_at < end, Booking.end_at > start)
    if not include_cancelled:
        query = query.where(Booking.status != CANCELLED)
    if building:
        query = query.where((Building.code == building) | (Building.name == building))
    return _rows(session, query.order_by(Building.sort_order, Room.code, Booking.start_at))


def day_bookings(session: Session, day: date, building: str | None = None) -> list[BookingRow]:
    """A day's live bookings (the 일일 현황)."""
    start = datetime.combine(day, time())
    return bookings_between(session, start, start + timedelta(days=1), building=building)


BLACKOUT_KINDS = ("정비", "휴관")


def add_blackout(session: Session, room_id: int | None, start: datetime, end: datetime,
                 kind: str, reason: str) -> list[BookingRow]:
    """Close a room (or, with no room, the institute) for a span; returns the live bookings
    already in it — they stay, and the desk tells their people."""
    p = Problems()
    p.check(kind in BLACKOUT_KINDS, "종류", f"종류는 {', '.join(BLACKOUT_KINDS)} 중 하나입니다.")
    p.check(end > start, "끝", "끝이 시작보다 늦어야 합니다.")
    p.raise_if_any()
    why = reason_text(reason, "사유", "정비·휴관 사유를 적으십시오.")
    if room_id is not None and session.get(Room, room_id) is None:
        raise NotFoundError("강의실을 찾을 수 없습니다.", field="강의실")
    session.add(Blackout(room_id=room_id, start_at=start, end_at=end, kind=kind, reason=why))
    session.flush()
    query = _joined().where(Booking.status != CANCELLED, Booking.start_at < end,
                            Booking.end_at > start)
    if room_id is not None:
        query = query.where(Booking.room_id == room_id)
    return _rows(session, query.order_by(Booking.start_at))


# ---------------------------------------------------------------- repeating bookings

@dataclass(frozen=True)
class Repeat:
    """Every day (``weekdays`` empty) or on the chosen weekdays (0 = Monday), until a date."""

    until: date
    weekdays: tuple[int, ...] = ()


@dataclass(frozen=True)
class PlannedDate:
    """One date of a repeating booking and what stands in its way (nothing: free)."""

    start: datetime
    end: datetime
    conflict: BookingRow | None = None
    blocked: tuple[str, ...] = ()

    @property
    def free(self) -> bool:
        return self.conflict is None and not self.blocked


def plan_series(session: Session, f: BookingFields, repeat: Repeat) -> list[PlannedDate]:
    """The dates of the repeat, each with its conflict or blackout, before anything is saved."""
    _checked(session, f)
    if repeat.until < f.start.date():
        raise ValidationError("반복 끝 날짜가 첫 예약보다 앞입니다.", field="반복 끝")
    if (repeat.until - f.start.date()).days > 366:
        raise ValidationError("반복은 1년까지입니다.", field="반복 끝")
    if any(not 0 <= d <= 6 for d in repeat.weekdays):
        raise ValidationError("요일은 월~일 중에서 고르십시오.", field="요일")
    length = f.end - f.start
    planned = []
    day = f.start.date()
    while day <= repeat.until:
        if not repeat.weekdays or day.weekday() in repeat.weekdays:
            start = datetime.combine(day, f.start.time())
            found = conflicts(session, f.room_id, start, start + length)
            planned.append(PlannedDate(start, start + length, found[0] if found else None,
                                       tuple(blocked_by(session, f.room_id, start,
                                                        start + length))))
        day += timedelta(days=1)
    return planned


def add_series(session: Session, f: BookingFields, repeat: Repeat, actor: str, *,
               skip_unavailable: bool = False) -> list[int]:
    """Save the repeating booking as one series; dates that conflict or fall on a holiday or
    blackout are refused (listed) unless ``skip_unavailable``, then they are left out."""
    planned = plan_series(session, f, repeat)
    unavailable = [d for d in planned if not d.free]
    if unavailable and not skip_unavailable:
        lines = [f"{d.start:%Y-%m-%d}({WEEKDAYS[d.start.weekday()]}): "
                 + (d.conflict.describe() if d.conflict else "; ".join(d.blocked))
                 for d in unavailable[:10]]
        more = f"\n… 외 {len(unavailable) - 10}일" if len(unavailable) > 10 else ""
        raise BookingConflictError(
            Problem("예약할 수 없는 날이 있습니다. 그 날을 빼고 저장하거나 시간·강의실을 바꾸십시오.\n"
                    + "\n".join(lines) + more, "반복"),
            [d.conflict.id for d in unavailable if d.conflict])
    room, title = _checked(session, f)
    free = [d for d in planned if d.free]
    if not free:
        raise ValidationError("예약할 수 있는 날이 하나도 없습니다.", field="반복")
    series = (session.scalar(select(func.max(Booking.series_id))) or 0) + 1
    return [_insert(session, BookingFields(room.id, d.start, d.end, f.kind, title, f.status,
                                           f.run_id, f.session_id, f.note), room, title, actor,
                    None, series) for d in free]


# ---------------------------------------------------------------- finding a room

def free_rooms(session: Session, start: datetime, end: datetime, *, people: int = 0,
               equipment: Sequence[str] = (), rentable_only: bool = False) -> list[Room]:
    """Active rooms with no live booking in [start, end), seats for ``people`` and every piece
    of equipment asked for (by its name as typed in the room), smallest fitting room first."""
    busy = select(Booking.room_id).where(Booking.status != CANCELLED, Booking.start_at < end,
                                         Booking.end_at > start)
    query = select(Room).where(Room.active.is_(True), Room.capacity >= people,
                               Room.id.not_in(busy))
    if rentable_only:
        query = query.where(Room.rentable.is_(True))
    rooms = list(session.scalars(query.order_by(Room.capacity, Room.code)))
    wanted = [w.strip() for w in equipment if w.strip()]
    return [r for r in rooms if all(w in (r.equipment or "") for w in wanted)]
