"""A run's timetable (교시): read it, and save the whole grid at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..errors import ConflictError, Problem, ValidationError
from ..models import Attendance, CourseRun, CourseSession
from . import instructors, timetable_rooms
from .common import Problems, clean, default_actor
from .runs import get_run
from .values import parse_date, parse_time, text_field

COLUMNS = ("날짜", "시작", "종료", "과목", "강사", "강의실")


@dataclass(frozen=True)
class PeriodRow:
    """One period as the grid shows it; values may be typed or text before saving."""

    date: date | str | None
    start: time | str | None
    end: time | str | None
    subject: str = ""
    instructor: str = ""
    room: str = ""


@dataclass(frozen=True)
class Timetable:
    """A run's periods in order, with the version the grid started from."""

    run_id: int
    version: int
    periods: tuple[PeriodRow, ...]

    @property
    def total_minutes(self) -> int:
        return sum((p.end.hour * 60 + p.end.minute) - (p.start.hour * 60 + p.start.minute)
                   for p in self.periods if isinstance(p.start, time) and isinstance(p.end, time))


def load(session: Session, run_id: int) -> Timetable:
    """The run's periods by date and start time."""
    run = get_run(session, run_id)
    rows = session.scalars(select(CourseSession).where(CourseSession.run_id == run_id)
                           .order_by(CourseSession.date, CourseSession.start_time))
    periods = tuple(PeriodRow(s.date, s.start_time, s.end_time, s.subject, s.instructor_name,
                              s.room_name) for s in rows)
    return Timetable(run_id, run.timetable_version, periods)


def _is_blank(row: PeriodRow) -> bool:
    return not any(clean(v) for v in (row.date, row.start, row.end, row.subject, row.instructor,
                                      row.room))


def validate(run: CourseRun, rows: list[PeriodRow]) -> list[PeriodRow]:
    """Check every row (1-based row numbers in messages); blank rows are dropped."""
    problems: list[Problem] = []
    checked: list[tuple[int, PeriodRow]] = []
    for number, row in enumerate(rows, start=1):
        if _is_blank(row):
            continue
        p = Problems()
        day = parse_date(p, "날짜", row.date, required=True)
        start = parse_time(p, "시작", row.start)
        end = parse_time(p, "종료", row.end)
        subject = text_field(p, "과목", row.subject, max_len=200)
        if not subject:
            p.add("과목", "과목을 입력하십시오.")
        instructor = text_field(p, "강사", row.instructor, max_len=50)
        room = text_field(p, "강의실", row.room, max_len=50)
        if day and not run.start_date <= day <= run.end_date:
            p.add("날짜", f"{day}은(는) 연수 기간({run.start_date}~{run.end_date}) 밖입니다.")
        if start and end and end <= start:
            p.add("종료", f"종료({end:%H:%M})가 시작({start:%H:%M})보다 늦어야 합니다.")
        problems.extend(Problem(x.message, x.field, number) for x in p.items)
        if not p.items:
            checked.append((number, PeriodRow(day, start, end, subject, instructor, room)))
    checked.sort(key=lambda item: (item[1].date, item[1].start))
    for (n1, a), (n2, b) in zip(checked, checked[1:]):
        if a.date == b.date and b.start < a.end:
            problems.append(Problem(
                f"{n1}행({a.start:%H:%M}~{a.end:%H:%M})과 시간이 겹칩니다.", "시작", n2))
    if problems:
        problems.sort(key=lambda x: x.row or 0)
        raise ValidationError(problems)
    return [row for _n, row in checked]


def _replace_periods(session: Session, run_id: int, periods: list[PeriodRow], actor: str) -> None:
    """Make the run's periods equal ``periods``, keeping each period that stays at its date and
    start time (its attendance hangs on it).  A period with attendance entered cannot go."""
    existing = {(s.date, s.start_time): s for s in session.scalars(
        select(CourseSession).where(CourseSession.run_id == run_id))}
    wanted = {(p.date, p.start): p for p in periods}
    gone = [s for key, s in existing.items() if key not in wanted]
    if gone:
        marked = set(session.scalars(select(Attendance.session_id).where(
            Attendance.session_id.in_([s.id for s in gone])).distinct()))
        problems = [Problem(f"{s.date} {s.start_time:%H:%M} 교시에 출결이 입력되어 있어 지울 수 "
                            "없습니다. 출결을 먼저 지우거나 시간을 그대로 두십시오.", "날짜")
                    for s in sorted(gone, key=lambda s: (s.date, s.start_time))
                    if s.id in marked]
        if problems:
            raise ValidationError(problems)
        timetable_rooms.release_periods(session, [s.id for s in gone], actor)
        session.execute(delete(CourseSession).where(
            CourseSession.id.in_([s.id for s in gone])))
    rooms = timetable_rooms.resolve_rooms(session, {p.room for p in periods})
    # a name already linked in this timetable (picked, or linked by hand under 이름만 있는 강사)
    # keeps its instructor; only new or changed names are looked up in the registry
    linked = {clean(s.instructor_name): s.instructor_id for s in existing.values()
              if s.instructor_id is not None}
    teachers = instructors.resolve_names(
        session, {p.instructor for p in periods if clean(p.instructor) not in linked})
    for key, p in wanted.items():
        period = existing.get(key)
        room_id = rooms.get(p.room.strip()) if p.room else None
        name = clean(p.instructor)
        instructor_id = (linked.get(name) or teachers.get(name)) if name else None
        if period is None:
            session.add(CourseSession(run_id=run_id, date=p.date, start_time=p.start,
                                      end_time=p.end, subject=p.subject,
                                      instructor_name=p.instructor, room_name=p.room,
                                      room_id=room_id, instructor_id=instructor_id))
        else:
            period.end_time, period.subject = p.end, p.subject
            period.instructor_name, period.room_name = p.instructor, p.room
            period.room_id, period.instructor_id = room_id, instructor_id


def save(session: Session, run_id: int, base_version: int, rows: list[PeriodRow],
         actor: str | None = None) -> int:
    """Replace the run's timetable with ``rows``; returns the new timetable version.  The
    periods' rooms are booked (:mod:`.timetable_rooms`); a room taken by another booking refuses
    the save, naming the row.

    Refused when someone saved the same timetable since ``base_version`` was read.
    """
    actor = actor or default_actor()
    run = get_run(session, run_id)
    periods = validate(run, rows)
    table = CourseRun.__table__
    bumped = session.execute(
        update(table).where(table.c.id == run_id, table.c.timetable_version == base_version)
        .values(timetable_version=table.c.timetable_version + 1))
    if bumped.rowcount != 1:
        raise ConflictError("다른 사용자가 이 시간표를 먼저 저장했습니다. 입력하신 내용은 그대로 "
                            "두었으니 다시 불러와 확인하십시오.")
    _replace_periods(session, run_id, periods, actor)
    session.flush()
    timetable_rooms.sync_bookings(session, run_id, actor)
    return base_version + 1
