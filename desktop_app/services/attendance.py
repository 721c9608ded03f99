"""Attendance (출결): a run's selected trainees × its timetable periods.

A cell holds 출석, 지각, 조퇴, 결석 or 공결, or nothing (not entered yet).  The grid is saved as
the changes the user made, each with the value it had when the grid was read, so two officers
entering different days of one run never overwrite each other, and the same cell changed on
two PCs is refused naming the trainee and the period.

Attended time is counted in minutes of the periods: 출석, 지각 and 조퇴 count the period (the
lateness is kept on the record, not deducted), 결석 does not, and 공결 counts when the course
says so (``Course.excused_counts``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import delete, select, tuple_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from . import masking
from ..db import who_of
from ..errors import ConflictError, ValidationError
from ..models import Attendance, Course, CourseRun, CourseSession, Enrollment, Organization, Person
from .decision_inputs import withdraw_decisions
from .enrollment import SELECTED, lock_run
from .runs import get_run

PRESENT, LATE, LEFT_EARLY, ABSENT, EXCUSED = "출석", "지각", "조퇴", "결석", "공결"
MARKS = (PRESENT, LATE, LEFT_EARLY, ABSENT, EXCUSED)
ATTENDED = frozenset({PRESENT, LATE, LEFT_EARLY})


@dataclass(frozen=True)
class Period:
    """One timetable period (교시) as the grid shows it."""

    id: int
    date: date
    start: time
    end: time
    subject: str

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    @property
    def label(self) -> str:
        """How messages and files name the period: ``2021-03-02 09:00``."""
        return f"{self.date:%Y-%m-%d} {self.start:%H:%M}"


@dataclass(frozen=True)
class Trainee:
    """A selected trainee of the run (a row of the grid)."""

    enrollment_id: int
    person_id: int
    name: str
    birth_date: date | None
    organization: str
    neis_no: str | None


@dataclass(frozen=True)
class AttendanceSheet:
    """Everything the grid needs: periods in time order, trainees by name, marks entered."""

    run_id: int
    periods: tuple[Period, ...]
    trainees: tuple[Trainee, ...]
    marks: dict[tuple[int, int], str]    # (enrollment_id, session_id) → mark
    excused_counts: bool

    def summary(self, enrollment_id: int) -> Tally:
        return tally(self.periods, self.marks, enrollment_id, self.excused_counts)


@dataclass(frozen=True)
class Tally:
    """One trainee's attendance in minutes and counts."""

    total_minutes: int
    attended_minutes: int
    unrecorded: int
    counts: dict[str, int]

    @property
    def percent(self) -> float | None:
        if self.total_minutes <= 0:
            return None
        return round(self.attended_minutes * 100 / self.total_minutes, 1)


def counts_as_attended(mark: str | None, excused_counts: bool, *,
                       unrecorded_as_present: bool = False) -> bool:
    """The one rule of what counts as attended time (the grid, the roster and completion)."""
    if mark is None:
        return unrecorded_as_present
    return mark in ATTENDED or (mark == EXCUSED and excused_counts)


def tally(periods: Iterable[Period], marks: dict[tuple[int, int], str], enrollment_id: int,
          excused_counts: bool, *, unrecorded_as_present: bool = False) -> Tally:
    """Attended minutes of one trainee over ``periods``."""
    total = attended = unrecorded = 0
    counts = dict.fromkeys(MARKS, 0)
    for period in periods:
        minutes = period.minutes
        total += minutes
        mark = marks.get((enrollment_id, period.id))
        if mark is None:
            unrecorded += 1
        else:
            counts[mark] += 1
        if counts_as_attended(mark, excused_counts, unrecorded_as_present=unrecorded_as_present):
            attended += minutes
    return Tally(total, attended, unrecorded, counts)


def periods_of(session: Session, run_id: int) -> tuple[Period, ...]:
    """The run's timetable in time order."""
    rows = session.execute(
        select(CourseSession.id, CourseSession.date, CourseSession.start_time,
               CourseSession.end_time, CourseSession.subject)
        .where(CourseSession.run_id == run_id)
        .order_by(CourseSession.date, CourseSession.start_time))
    return tuple(Period(*row) for row in rows)


def trainees_of(session: Session, run_id: int) -> tuple[Trainee, ...]:
    """The run's selected trainees in 가나다 order."""
    rows = session.execute(
        select(Enrollment.id, Person.id, Person.name, Person.birth_date, Organization.name,
               Person.neis_no)
        .join(Person, Person.id == Enrollment.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Enrollment.run_id == run_id, Enrollment.status == SELECTED)
        .order_by(Person.name, Person.birth_date, Enrollment.id))
    shown = masking.viewer(who_of(session))
    return tuple(Trainee(eid, pid, name, shown.birth(birth), org or "", shown.neis(neis))
                 for eid, pid, name, birth, org, neis in rows)


def marks_of(session: Session, run_id: int) -> dict[tuple[int, int], str]:
    """Every mark entered for the run's periods."""
    rows = session.execute(
        select(Attendance.enrollment_id, Attendance.session_id, Attendance.status)
        .join(CourseSession, CourseSession.id == Attendance.session_id)
        .where(CourseSession.run_id == run_id))
    return {(eid, sid): mark for eid, sid, mark in rows}


def excused_counts_of(session: Session, run_id: int) -> bool:
    return bool(session.scalar(select(Course.excused_counts)
                               .join(CourseRun, CourseRun.course_id == Course.id)
                               .where(CourseRun.id == run_id)))


def load_sheet(session: Session, run_id: int) -> AttendanceSheet:
    """The run's attendance grid as it is now."""
    get_run(session, run_id)
    return AttendanceSheet(run_id, periods_of(session, run_id), trainees_of(session, run_id),
                           marks_of(session, run_id), excused_counts_of(session, run_id))


#: A change of one cell: (enrollment_id, session_id) → (value read, value wanted); None = empty.
Changes = dict[tuple[int, int], tuple[str | None, str | None]]


def save_changes(session: Session, run_id: int, changes: Changes, actor: str) -> int:
    """Write the grid's changes in bulk; returns how many cells changed.

    The run is locked first, so two PCs saving (or a timetable being saved) take turns.
    Refused as a whole (nothing written) when a cell is not of this run, a mark is unknown,
    or another user changed one of the same cells since the grid was read.
    """
    if not changes:
        return 0
    lock_run(session, run_id)
    periods = {p.id: p for p in periods_of(session, run_id)}
    trainees = {t.enrollment_id: t for t in trainees_of(session, run_id)}
    for (eid, sid), (_old, new) in changes.items():
        if eid not in trainees:
            raise ConflictError("출결을 저장하려는 연수생이 이 기수의 선발 명단에 없습니다 "
                                "(다른 사용자가 취소했을 수 있습니다). 다시 불러오십시오.")
        if sid not in periods:
            raise ConflictError("출결을 저장하려는 교시가 시간표에 없습니다 (다른 사용자가 시간표를 "
                                "바꿨을 수 있습니다). 다시 불러오십시오.")
        if new is not None and new not in MARKS:
            raise ValidationError(f"'{new}'은(는) 출결 값이 아닙니다. 가능한 값: "
                                  f"{', '.join(MARKS)}", field=periods[sid].label)
    now_marks = marks_of(session, run_id) if len(changes) > 2000 \
        else _current(session, list(changes))
    clashes = [key for key, (old, _new) in changes.items() if now_marks.get(key) != old]
    if clashes:
        raise AttendanceConflict(clashes, [
            f"{trainees[eid].name} {periods[sid].label}: 지금 '{now_marks.get((eid, sid)) or '미입력'}'"
            for eid, sid in clashes])
    write_marks(session, {key: new for key, (_old, new) in changes.items()}, actor)
    return len(changes)


class AttendanceConflict(ConflictError):
    """Cells another user changed first; ``cells`` lets the grid keep every other change."""

    def __init__(self, cells: list[tuple[int, int]], lines: list[str]) -> None:
        shown = lines[:10] + ([f"… 외 {len(lines) - 10}칸"] if len(lines) > 10 else [])
        super().__init__("다른 사용자가 같은 칸의 출결을 먼저 바꿨습니다. 그 칸은 지금 값으로 다시 "
                         "불러왔고, 겹치지 않은 변경은 그대로 두었으니 확인하고 다시 저장하십시오.\n"
                         + "\n".join(shown))
        self.cells = cells


def _current(session: Session, keys: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        found.update(((eid, sid), mark) for eid, sid, mark in session.execute(
            select(Attendance.enrollment_id, Attendance.session_id, Attendance.status)
            .where(tuple_(Attendance.enrollment_id, Attendance.session_id).in_(chunk))))
    return found


def write_marks(session: Session, marks: dict[tuple[int, int], str | None], actor: str) -> None:
    """Set cells (None clears) in bulk: an upsert for marks, a delete for cleared cells.  A
    rule-made completion of a trainee whose attendance changed is withdrawn."""
    cleared = [key for key, mark in marks.items() if mark is None]
    for start in range(0, len(cleared), 500):
        session.execute(delete(Attendance).where(
            tuple_(Attendance.enrollment_id, Attendance.session_id).in_(
                cleared[start:start + 500])))
    rows = [{"enrollment_id": eid, "session_id": sid, "status": mark}
            for (eid, sid), mark in marks.items() if mark is not None]
    if rows:
        dialect = postgresql_insert if session.get_bind().dialect.name == "postgresql" \
            else sqlite_insert
        statement = dialect(Attendance)
        session.execute(statement.on_conflict_do_update(
            index_elements=["enrollment_id", "session_id"],
            set_={"status": statement.excluded.status}), rows)
    withdraw_decisions(session, {eid for eid, _sid in marks}, actor, "출결이 바뀜")
