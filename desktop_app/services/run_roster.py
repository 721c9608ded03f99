"""A run's roster (연수생 명단) after selection: who, their attendance %, score and completion,
with counts by status and by organization; and a person's training record (연수 이력)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

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
    sheet = attendance_service.load_sheet(session, run_id)
    rows = session.execute(
        select(Enrollment, Person.name, Person.birth_date, Organization.name, Person.position)
        .join(Person, Person.id == Enrollment.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Enrollment.run_id == run_id)
        .order_by(Enrollment.status != SELECTED, Person.name, Person.birth_date,
                  Enrollment.id)).all()
    lines = []
    for e, name, birth, org, position in rows:
        pct, unrecorded = None, 0
        if e.status == SELECTED and sheet.periods:
            counted = sheet.summary(e.id)
            pct, unrecorded = counted.percent, counted.unrecorded
        lines.append(RosterLine(e.id, e.person_id, name, birth, org or "", position or "",
                                e.status, pct, unrecorded, e.score, e.completion or "",
                                e.completion_reason or "", bool(e.completion_manual),
                                e.recognised_minutes))
    by_status = Counter(line.status for line in lines)
    orgs: dict[str, list[int]] = {}
    for line in lines:
        if line.status == SELECTED:
            entry = orgs.setdefault(line.organization or "(소속 없음)", [0, 0])
            entry[0] += 1
            entry[1] += line.completion == COMPLETED
    by_org = sorted(((org, n, done) for org, (n, done) in orgs.items()),
                    key=lambda item: (-item[1], item[0]))
    return RunRoster(run_id, tuple(lines), dict(by_status), by_org, bool(sheet.periods))


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
