"""The NEIS completion file (나이스 이수 자료): a year's or a run's completers as ``.xlsx``.

Columns and headings follow the ``neis_columns`` setting (:mod:`.neis_columns`).  A completer
without a NEIS personal number cannot be uploaded to NEIS; such rows go to a second sheet
("나이스번호 없음") and into :attr:`NeisExport.missing`, so the officer sees them by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from ..access import CERTIFICATES, COURSES, require
from ..db import who_of
from ..errors import ValidationError
from ..excel.writer import SheetData, write_workbook
from ..models import Course, CourseRun, Enrollment, Organization, Person
from . import settings as settings_service
from .completion import COMPLETED
from .enrollment import SELECTED
from .neis_columns import parse_columns

_WIDTHS = {"neis_no": 15, "name": 10, "birth_date": 12, "organization": 24, "position": 10,
           "course_title": 36, "course_code": 11, "run_code": 13, "category": 10,
           "start_date": 12, "end_date": 12, "hours": 9, "minutes": 10, "credits": 6,
           "score": 7, "completed_on": 12, "institute": 26}


@dataclass(frozen=True)
class CompletionRecord:
    """One completer of one run, with everything a NEIS column can ask for."""

    neis_no: str | None
    name: str
    birth_date: date | None
    organization: str
    position: str | None
    course_title: str
    course_code: str
    run_code: str
    category: str
    start_date: date
    end_date: date
    minutes: int
    credits: int | None
    score: float | None
    completed_on: date | None
    institute: str

    @property
    def hours(self) -> float:
        """Recognised hours; whole when whole, else to the minute (e.g. 12.5)."""
        value = round(self.minutes / 60, 2)
        return int(value) if value == int(value) else value

    def value(self, item: str):
        return getattr(self, item)


@dataclass(frozen=True)
class NeisExport:
    """What was written: how many rows went to NEIS, and who had no NEIS number."""

    path: Path
    written: int
    missing: tuple[CompletionRecord, ...]


def completions(session: Session, *, year: int | None = None,
                run_id: int | None = None) -> list[CompletionRecord]:
    """Completers (이수) of a year's courses or of one run, by run and name."""
    if (year is None) == (run_id is None):
        raise ValidationError("연도나 기수 중 하나를 고르십시오.")
    institute = settings_service.get(session, "institute_name")
    query = (select(Person.neis_no, Person.name, Person.birth_date, Organization.name,
                    Person.position, Course.title, Course.code, CourseRun.code, Course.category,
                    CourseRun.start_date, CourseRun.end_date, Enrollment.recognised_minutes,
                    Course.credits, Enrollment.score, Enrollment.completed_on)
             .join(Person, Person.id == Enrollment.person_id)
             .outerjoin(Organization, Organization.id == Person.organization_id)
             .join(CourseRun, CourseRun.id == Enrollment.run_id)
             .join(Course, Course.id == CourseRun.course_id)
             .where(Enrollment.status == SELECTED, Enrollment.completion == COMPLETED)
             .order_by(CourseRun.code, Person.name, Person.birth_date))
    query = query.where(Course.year == year) if run_id is None \
        else query.where(CourseRun.id == run_id)
    return [CompletionRecord(neis, name, birth, org or "", position, title, ccode, rcode,
                             category, start, end, minutes or 0, credits, score, done,
                             institute)
            for neis, name, birth, org, position, title, ccode, rcode, category, start, end,
            minutes, credits, score, done in session.execute(query)]


def export_neis(session: Session, path: Path, *, year: int | None = None,
                run_id: int | None = None) -> NeisExport:
    """Write the NEIS file; rows without a NEIS number go to a second sheet, never dropped.
    Full NEIS numbers and birth dates by nature: for 과정 담당 and 증명서 발급 only."""
    require(who_of(session), COURSES, CERTIFICATES, doing="나이스 이수 자료 내보내기")
    columns = parse_columns(settings_service.get(session, "neis_columns"))
    records = completions(session, year=year, run_id=run_id)
    if not records:
        raise ValidationError("이수자가 없습니다. 이수 처리를 먼저 하십시오.")
    ready = [r for r in records if r.neis_no]
    missing = tuple(r for r in records if not r.neis_no)
    headers = [h for h, _ in columns]
    widths = [_WIDTHS.get(item, 12) for _, item in columns]
    sheets = [SheetData("나이스 이수 자료", headers, widths,
                        ([r.value(item) for _, item in columns] for r in ready))]
    if missing:
        sheets.append(SheetData(
            "나이스번호 없음", ("성명", "생년월일", "소속", "기수코드", "연수과정명", "이수일자"),
            (10, 12, 24, 13, 36, 12),
            ([r.name, r.birth_date, r.organization, r.run_code, r.course_title, r.completed_on]
             for r in missing)))
    written = write_workbook(Path(path), sheets)
    audit.record_file(session, "나이스 이수 자료" + (f" {year}년" if year else ""), len(records),
                      written, purpose="나이스 이수 등록")
    return NeisExport(written, len(ready), missing)
