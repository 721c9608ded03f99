"""The instructor registry (강사 인력풀): a person of the registry with an instructor's profile.

One human is one record: an instructor is registered as a person with the same duplicate rules
as trainees (or an already registered person — a trainee may also teach — gets the profile),
so personal data lives once, in ``person``.  The timetable refers to instructors; a name typed
in a timetable is matched to the registry (:func:`resolve_names`), and one booked in two places
at once is named (:func:`clashes`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, time

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from ..db import who_of
from ..errors import NotFoundError, Problems, ValidationError
from ..models import (Course, CourseRun, CourseSession, Instructor, Organization, PayItem,
                      PaySheet, Person, SurveyAnswer, SurveyResponse)
from . import masking, pay_rules, persons, surveys
from .common import clean, flush_or_conflict
from .values import text_field

PAY_GRADES = pay_rules.GRADES
_ACCOUNT = re.compile(r"^[\d-]{6,30}$")


@dataclass(frozen=True)
class InstructorProfile:
    """What the office keeps about an instructor besides the person's own data."""

    fields: str = ""
    subjects: str = ""
    qualifications: str = ""
    pay_grade: str = ""
    bank_name: str = ""
    bank_account: str = ""
    account_holder: str = ""
    excellent: bool = False
    excellent_year: int | None = None
    excellent_reason: str = ""
    meeting_notes: str = ""
    note: str = ""
    active: bool = True


def check_profile(p: Problems, f: InstructorProfile) -> InstructorProfile:
    """Every field of a profile checked (Korean problems by field); the cleaned profile."""
    account = re.sub(r"\s", "", f.bank_account or "")
    if account and not _ACCOUNT.match(account):
        p.add("계좌번호", "계좌번호는 숫자와 '-'로 적습니다.")
    if f.pay_grade and f.pay_grade not in PAY_GRADES:
        p.add("강사료 등급", f"강사료 등급은 {', '.join(PAY_GRADES)} 중 하나입니다.")
    if f.excellent and not f.excellent_year:
        p.add("우수강사 연도", "우수강사로 정한 연도를 적으십시오.")
    if f.excellent_year is not None and not 2000 <= f.excellent_year <= 2100:
        p.add("우수강사 연도", "연도는 2000~2100 사이입니다.")
    return InstructorProfile(
        text_field(p, "분야", f.fields, max_len=200),
        text_field(p, "강의 과목", f.subjects, max_len=2000),
        text_field(p, "자격·경력", f.qualifications, max_len=2000), f.pay_grade or "",
        text_field(p, "은행", f.bank_name, max_len=30), account,
        text_field(p, "예금주", f.account_holder, max_len=50), bool(f.excellent),
        f.excellent_year if f.excellent else None,
        text_field(p, "우수강사 사유", f.excellent_reason, max_len=500) if f.excellent else "",
        text_field(p, "사전협의회", f.meeting_notes, max_len=4000),
        text_field(p, "비고", f.note, max_len=2000),
        bool(f.active))


def _apply(instructor: Instructor, f: InstructorProfile) -> None:
    for name in InstructorProfile.__dataclass_fields__:
        setattr(instructor, name, getattr(f, name))


def register(session: Session, profile: InstructorProfile, *,
             person: persons.PersonFields | None = None, person_id: int | None = None,
             allow_duplicate: bool = False) -> int:
    """A new instructor: a new person (refused as a likely duplicate like a trainee would be,
    unless ``allow_duplicate``) or the registered person ``person_id``."""
    p = Problems()
    checked = check_profile(p, profile)
    p.raise_if_any()
    if person_id is None:
        if person is None:
            raise ValidationError("강사의 인적 사항을 적으십시오.", field="성명")
        person_id = persons.create_person(session, person, allow_duplicate=allow_duplicate)
    else:
        persons.get_person(session, person_id)
        taken = session.scalar(select(Instructor.id).where(Instructor.person_id == person_id))
        if taken is not None:
            raise ValidationError(f"{persons.describe_ids(session, [person_id])}은(는) 이미 강사로 "
                                  "등록되어 있습니다.", field="성명")
    instructor = Instructor(person_id=person_id)
    _apply(instructor, checked)
    session.add(instructor)
    session.flush()
    return instructor.id


def update_profile(session: Session, instructor_id: int, version: int,
                   profile: InstructorProfile) -> None:
    """Save the profile; refused when another PC saved it since ``version`` was read."""
    p = Problems()
    checked = check_profile(p, profile)
    p.raise_if_any()
    instructor = _get(session, instructor_id)
    if instructor.version != version:
        from ..errors import ConflictError
        raise ConflictError("다른 PC에서 이 강사 정보를 먼저 고쳤습니다. 다시 연 뒤 고치십시오.")
    if checked.bank_account and checked.bank_account == masking.account(instructor.bank_account):
        # the account as shown masked, not typed again: it stays as it is
        checked = replace(checked, bank_account=instructor.bank_account)
    _apply(instructor, checked)
    flush_or_conflict(session, "강사 정보")


def _get(session: Session, instructor_id: int) -> Instructor:
    instructor = session.get(Instructor, instructor_id)
    if instructor is None:
        raise NotFoundError("강사를 찾을 수 없습니다.", field="강사")
    return instructor


def label(name: str, organization: str | None) -> str:
    """How an instructor is named in lists and the timetable: '홍길동 (서울초)'."""
    return f"{name} ({organization})" if organization else name


def _hours(start: time, end: time) -> float:
    return ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) / 60


@dataclass(frozen=True)
class InstructorRow:
    """An instructor as the registry lists it (personal data masked)."""

    id: int
    person_id: int
    name: str
    organization: str
    position: str
    fields: str
    pay_grade: str
    excellent: str
    phone: str
    account: str
    periods: int
    hours: float
    active: bool

    @property
    def label(self) -> str:
        return label(self.name, self.organization)


def instructor_rows(session: Session, text: str = "", *, excellent_only: bool = False,
                    year: int | None = None, full: bool = False) -> list[InstructorRow]:
    """The registry, searched by name, organization or field; periods and hours taught in
    ``year`` (every year when None).  Phone and account masked unless ``full``."""
    query = (select(Instructor, Person.name, Organization.name, Person.position, Person.phone)
             .join(Person, Person.id == Instructor.person_id)
             .outerjoin(Organization, Organization.id == Person.organization_id)
             .where(Person.merged_into_id.is_(None))       # a merged-away record stays hidden
             .order_by(Person.name, Instructor.id))
    words = clean(text)
    if words:
        like = f"%{words}%"
        query = query.where(or_(Person.name.like(like), Organization.name.like(like),
                                Instructor.fields.like(like), Instructor.subjects.like(like)))
    if excellent_only:
        query = query.where(Instructor.excellent.is_(True))
    periods = select(CourseSession.instructor_id, CourseSession.start_time,
                     CourseSession.end_time).where(CourseSession.instructor_id.is_not(None))
    if year is not None:
        periods = periods.where(CourseSession.date >= date(year, 1, 1),
                                CourseSession.date <= date(year, 12, 31))
    counts: dict[int, list[float]] = {}
    for iid, start, end in session.execute(periods):
        entry = counts.setdefault(iid, [0, 0.0])
        entry[0] += 1
        entry[1] += _hours(start, end)
    rows = []
    allowed = masking.viewer(who_of(session))        # ``full`` only where the role needs it
    full_phone, full_account = full and allowed.phone_full, full and allowed.account_full
    for instructor, name, org, position, phone in session.execute(query):
        n, hours = counts.get(instructor.id, (0, 0.0))
        rows.append(InstructorRow(
            instructor.id, instructor.person_id, name, org or "", position or "",
            instructor.fields, instructor.pay_grade,
            f"{instructor.excellent_year}" if instructor.excellent else "",
            (phone or "") if full_phone else masking.phone(phone),
            instructor.bank_account if full_account else masking.account(instructor.bank_account),
            int(n), round(hours, 1), instructor.active))
    return rows


@dataclass(frozen=True)
class TaughtPeriod:
    """A period an instructor taught or will teach."""

    date: date
    start: time
    end: time
    run_code: str
    course_title: str
    subject: str


@dataclass(frozen=True)
class InstructorDetail:
    """An instructor with the profile, the person's version, every period, hours per year."""

    id: int
    version: int
    person_id: int
    label: str
    profile: InstructorProfile
    periods: list[TaughtPeriod] = field(default_factory=list)
    paid_by_year: dict[int, int] = field(default_factory=dict)    # gross 원 of paid sheets
    # year → (answers, % satisfied: 4–5 of 5) of the surveys' ratings of this instructor
    satisfaction_by_year: dict[int, tuple[int, float]] = field(default_factory=dict)

    @property
    def hours_by_year(self) -> dict[int, float]:
        out: dict[int, float] = {}
        for p in self.periods:
            out[p.date.year] = out.get(p.date.year, 0) + _hours(p.start, p.end)
        return {year: round(hours, 1) for year, hours in sorted(out.items())}


def instructor_detail(session: Session, instructor_id: int) -> InstructorDetail:
    instructor = _get(session, instructor_id)
    person = session.get(Person, instructor.person_id)
    org = session.get(Organization, person.organization_id) if person.organization_id else None
    periods = [TaughtPeriod(d, s, e, code, title, subject)
               for d, s, e, code, title, subject in session.execute(
                   select(CourseSession.date, CourseSession.start_time, CourseSession.end_time,
                          CourseRun.code, Course.title, CourseSession.subject)
                   .join(CourseRun, CourseRun.id == CourseSession.run_id)
                   .join(Course, Course.id == CourseRun.course_id)
                   .where(CourseSession.instructor_id == instructor_id)
                   .order_by(CourseSession.date, CourseSession.start_time))]
    profile = InstructorProfile(**{name: getattr(instructor, name)
                                   for name in InstructorProfile.__dataclass_fields__})
    profile = replace(profile, bank_account=masking.viewer(who_of(session)).account(
        profile.bank_account) or "")
    paid: dict[int, int] = {}
    for day, gross in session.execute(
            select(PaySheet.paid_on,
                   PayItem.lecture_fee + PayItem.manuscript_fee + PayItem.travel_fee)
            .join(PaySheet, PaySheet.id == PayItem.sheet_id)
            .where(PayItem.instructor_id == instructor_id, PaySheet.paid_on.is_not(None))):
        paid[day.year] = paid.get(day.year, 0) + gross
    rated: dict[int, list[int]] = {}
    for year, score in session.execute(
            select(Course.year, SurveyAnswer.score)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .join(CourseRun, CourseRun.id == SurveyResponse.run_id)
            .join(Course, Course.id == CourseRun.course_id)
            .where(SurveyAnswer.instructor_id == instructor_id)):
        rated.setdefault(year, []).append(score)
    satisfaction = {year: (len(s), surveys.satisfied_pct(s)) for year, s in sorted(rated.items())}
    return InstructorDetail(instructor.id, instructor.version, person.id,
                            label(person.name, org.name if org else None), profile, periods,
                            dict(sorted(paid.items())), satisfaction)


# ---------------------------------------------------------------------------- the timetable


def _names(session: Session) -> list[tuple[int, str, str, bool]]:
    """(id, name, label, active) of every listed instructor — names only, without the periods
    and hours :func:`instructor_rows` counts over the whole timetable."""
    return [(i, name, label(name, org), active) for i, name, org, active in session.execute(
        select(Instructor.id, Person.name, Organization.name, Instructor.active)
        .join(Person, Person.id == Instructor.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Person.merged_into_id.is_(None)).order_by(Person.name, Instructor.id))]


def choices(session: Session) -> list[tuple[int, str]]:
    """(id, label) of the active instructors, for the timetable's picker."""
    return [(i, shown) for i, _name, shown, active in _names(session) if active]


def resolve_names(session: Session, names: set[str]) -> dict[str, int]:
    """Typed or picked names → instructor ids: a label ('홍길동 (서울초)') or a name borne by one
    registered instructor only.  Names not in the registry, or borne by several, stay text."""
    wanted = {clean(n) for n in names if clean(n)}
    if not wanted:
        return {}
    found: dict[str, list[int]] = {}
    for instructor_id, name, shown, _active in _names(session):
        for key in {shown, name}:
            if key in wanted:
                found.setdefault(key, []).append(instructor_id)
    return {key: ids[0] for key, ids in found.items() if len(set(ids)) == 1}


def clashes(session: Session, run_id: int) -> list[str]:
    """The run's periods whose instructor teaches elsewhere at the same time, in words."""
    mine, other = aliased(CourseSession), aliased(CourseSession)
    rows = session.execute(
        select(mine.date, mine.start_time, mine.end_time, Person.name, CourseRun.code,
               other.start_time, other.end_time)
        .join(other, and_(other.instructor_id == mine.instructor_id, other.date == mine.date,
                          other.run_id != mine.run_id, other.start_time < mine.end_time,
                          mine.start_time < other.end_time))
        .join(CourseRun, CourseRun.id == other.run_id)
        .join(Instructor, Instructor.id == mine.instructor_id)
        .join(Person, Person.id == Instructor.person_id)
        .where(mine.run_id == run_id, mine.instructor_id.is_not(None))
        .order_by(mine.date, mine.start_time)).all()
    return [f"{day} {start:%H:%M}~{end:%H:%M} {name}: 같은 시간 {code} "
            f"({o_start:%H:%M}~{o_end:%H:%M})에도 강의가 있습니다."
            for day, start, end, name, code, o_start, o_end in rows]


def unmapped_names(session: Session) -> list[tuple[str, int]]:
    """Instructor names of timetables that name no registered instructor, with their periods."""
    return [(name, n) for name, n in session.execute(
        select(func.trim(CourseSession.instructor_name), func.count())
        .where(CourseSession.instructor_id.is_(None),
               func.trim(CourseSession.instructor_name) != "")
        .group_by(func.trim(CourseSession.instructor_name))
        .order_by(func.trim(CourseSession.instructor_name)))]


def link_name(session: Session, name: str, instructor_id: int) -> int:
    """Point every period that names ``name`` (and no instructor yet) at the instructor."""
    _get(session, instructor_id)
    result = session.execute(
        update(CourseSession)
        .where(CourseSession.instructor_id.is_(None),
               func.trim(CourseSession.instructor_name) == clean(name))
        .values(instructor_id=instructor_id))
    if not result.rowcount:
        raise ValidationError(f"'{name}'(으)로 적힌 교시가 없습니다.", field="이름")
    return result.rowcount
