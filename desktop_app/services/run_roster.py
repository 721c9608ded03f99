"""A run's roster (연수생 명단) after selection: who, their attendance %, score and completion,
with counts by status and by organization; and a person's training record (연수 이력)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import masking
from ..db import who_of
from ..models import Course, CourseRun, Enrollment, Organization, Person
from . import attendance as attendance_service
from .completion import COMPLETED
from .enrollment import SELECTED
from .runs import get_run


@dataclass(frozen=True)
class RosterLine:
    """One trainee of a run as the 명단 tab shows them."""

    enrollment_id: int
    person_id: int
    name: str
    birth_date: date | None
    organization: str
    position: str
    status: str
    attendance_pct: float | None    # None: not selected, or no timetable
    unrecorded: int
    score: float | None
    completion: str                 # 이수, 미이수, or "" (not decided)
    completion_reason: str
    manual: bool
    recognised_minutes: int | None
    gender: str | None = None
    neis_no: str | None = None
    phone: str | None = None
    applied_at: datetime | None = None
    status_changed_at: datetime | None = None


@dataclass(frozen=True)
class RunRoster:
    """A run's roster lines (selected first, then by name) with its counts."""

    run_id: int
    lines: tuple[RosterLine, ...]
    by_status: dict[str, int]
    by_organization: list[tuple[str, int, int]]   # (organization, selected, completed)
    has_timetable: bool

    def count(self, completion: str) -> int:
        return sum(1 for line in self.lines if line.status == SELECTED
                   and line.completion == completion)


def run_roster(session: Session, run_id: int) -> RunRoster:
    """Every enrolment of the run with its attendance %, score and completion."""
    get_run(session, run_id)
    # periods and marks only: the trainees come with the roster's own query below
    periods = attendance_service.periods_of(session, run_id)
    marks = attendance_service.marks_of(session, run_id) if periods else {}
    excused = attendance_service.excused_counts_of(session, run_id)
    # plain columns, not ORM objects: a 20,000-trainee run is read in a fraction of the time
    rows = session.execute(
        select(Enrollment.id, Enrollment.person_id, Person.name, Person.birth_date,
               Organization.name, Person.position, Enrollment.status, Enrollment.score,
               Enrollment.completion, Enrollment.completion_reason,
               Enrollment.completion_manual, Enrollment.recognised_minutes, Person.gender,
               Person.neis_no, Person.phone, Enrollment.applied_at,
               Enrollment.status_changed_at)
        .join(Person, Person.id == Enrollment.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Enrollment.run_id == run_id)
        .order_by(Enrollment.status != SELECTED, Person.name, Person.birth_date,
                  Enrollment.id)).all()
    lines = []
    shown = masking.viewer(who_of(session))     # what the one working may see in full
    for (eid, pid, name, birth, org, position, status, score, completion, reason, manual,
         minutes, gender, neis, phone, applied, changed) in rows:
        birth, neis, phone = shown.birth(birth), shown.neis(neis), shown.phone(phone)
        pct, unrecorded = None, 0
        if status == SELECTED and periods:
            counted = attendance_service.tally(periods, marks, eid, excused)
            pct, unrecorded = counted.percent, counted.unrecorded
        lines.append(RosterLine(eid, pid, name, birth, org or "", position or "", status, pct,
                                unrecorded, score, completion or "", reason or "",
                                bool(manual), minutes, gender, neis, phone, applied, changed))
    by_status = Counter(line.status for line in lines)
    orgs: dict[str, list[int]] = {}
    for line in lines:
        if line.status == SELECTED:
            entry = orgs.setdefault(line.organization or "(소속 없음)", [0, 0])
            entry[0] += 1
            entry[1] += line.completion == COMPLETED
    by_org = sorted(((org, n, done) for org, (n, done) in orgs.items()),
                    key=lambda item: (-item[1], item[0]))
    return RunRoster(run_id, tuple(lines), dict(by_status), by_org, bool(periods))


@dataclass(frozen=True)
class RecordLine:
    """One run a person applied to, as the training record lists it."""

    enrollment_id: int
    year: int
    run_code: str
    course_title: str
    category: str
    start_date: date
    end_date: date
    status: str
    completion: str
    recognised_minutes: int
    credits: int | None

    @property
    def hours(self) -> float:
        return round(self.recognised_minutes / 60, 2)


@dataclass(frozen=True)
class YearTotal:
    """A year of a person's record: runs applied to, completed, hours and credits recognised."""

    year: int
    runs: int
    completed: int
    recognised_minutes: int
    credits: int

    @property
    def hours(self) -> float:
        return round(self.recognised_minutes / 60, 2)


@dataclass(frozen=True)
class TrainingRecord:
    """A person's 연수 이력: every run applied to, newest first, and totals per year."""

    person_id: int
    lines: tuple[RecordLine, ...]
    years: tuple[YearTotal, ...]


def training_record(session: Session, person_id: int) -> TrainingRecord:
    """Every enrolment of the person with its completion, and per-year totals."""
    rows = session.execute(
        select(Enrollment.id, Course.year, CourseRun.code, Course.title, Course.category,
               CourseRun.start_date, CourseRun.end_date, Enrollment.status,
               Enrollment.completion, Enrollment.recognised_minutes, Course.credits)
        .join(CourseRun, CourseRun.id == Enrollment.run_id)
        .join(Course, Course.id == CourseRun.course_id)
        .where(Enrollment.person_id == person_id)
        .order_by(CourseRun.start_date.desc(), CourseRun.code)).all()
    lines = []
    for eid, year, code, title, category, start, end, status, completion, minutes, credits \
            in rows:
        done = status == SELECTED and completion == COMPLETED
        lines.append(RecordLine(eid, year, code, title, category, start, end, status,
                                completion or "" if status == SELECTED else "",
                                (minutes or 0) if done else 0, credits if done else None))
    totals: dict[int, list[int]] = {}
    for line in lines:
        entry = totals.setdefault(line.year, [0, 0, 0, 0])
        entry[0] += 1
        if line.completion == COMPLETED:
            entry[1] += 1
            entry[2] += line.recognised_minutes
            entry[3] += line.credits or 0
    years = tuple(YearTotal(year, *values) for year, values in sorted(totals.items(),
                                                                       reverse=True))
    return TrainingRecord(person_id, tuple(lines), years)
