"""Courses (과정): create, edit, copy to the next year, close (폐강), list and search."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import ConflictError, NotFoundError, ValidationError
from ..models import Course, CourseRun, DepartmentTarget
from . import clock, enrollment, reference
from .common import Problems, clean, escape_like, fetch_ids, identifier, flush_or_conflict, parse_int, refuse_if_changed
from .values import parse_bool, reason_text, text_field

_TASK_CODE = re.compile(r"^[1-5]-[1-9]$")


def _f(label: str, default=None):
    return field(default=default, metadata={"label": label})


@dataclass(frozen=True)
class CourseFields:
    """What a user edits on a course.  Values may be typed or text (from the CLI)."""

    year: int = _f("연도", 0)
    title: str = _f("과정명", "")
    category: str = _f("연수종별", "")
    target_group: str = _f("대상", "")
    department: str = _f("운영부서", "")
    delivery: str = _f("운영방식", "집합")
    hours: int | None = _f("연수시간")
    credits: int | None = _f("학점")
    min_attendance_pct: int = _f("이수 출석률(%)", 90)
    min_score: int | None = _f("이수 점수")
    excused_counts: bool = _f("공결 인정", True)
    plan_task_code: str | None = _f("실천과제")
    planned_runs: int | None = _f("계획 과정 수")
    planned_people: int | None = _f("계획 인원")
    schedule_text: str = _f("추진 일정", "")
    is_new: bool = _f("신규", False)
    is_expanded: bool = _f("확대", False)
    notes: str = _f("비고", "")


@dataclass(frozen=True)
class CourseDetail(CourseFields):
    """A course as read now, with identity and version, for forms and conflict checks."""

    id: int = _f("번호", 0)
    code: str = _f("과정코드", "")
    status: str = _f("상태", "운영")
    closed_reason: str | None = _f("폐강 사유")
    dept_tag: str | None = _f("부서 표기")
    source_ref: str | None = _f("계획서 행")
    version: int = _f("버전", 0)

    def fields_only(self) -> CourseFields:
        """The editable part, to prefill a form."""
        return CourseFields(**{k: getattr(self, k) for k in CourseFields.__dataclass_fields__})


@dataclass(frozen=True)
class CourseRow:
    """One line of the course list."""

    id: int
    code: str
    title: str
    year: int
    category: str
    target_group: str
    department: str
    delivery: str
    plan_task_code: str | None
    status: str
    run_count: int
    capacity: int | None        # None when any open run has no limit
    selected: int
    waitlisted: int
    first_start: date | None
    last_end: date | None
    planned_runs: int | None
    planned_people: int | None
    hours: int | None
    credits: int | None
    schedule_text: str


@dataclass(frozen=True)
class CourseFilter:
    """The course list's filters; empty values mean "all"."""

    year: int | None = None
    department: str = ""
    category: str = ""
    status: str = ""
    month: int | None = None    # courses with a run in this month of ``year``
    text: str = ""


def validate_fields(f: CourseFields) -> CourseFields:
    """Check every field; returns normalized values or raises naming every wrong field."""
    p = Problems()
    year = parse_int(p, "연도", f.year, minimum=2000, maximum=2100, required=True)
    title = text_field(p, "과정명", f.title, max_len=200, required=True)
    category = f.category if f.category in reference.CATEGORIES else None
    if category is None:
        p.add("연수종별", f"'{f.category}'은(는) 연수종별이 아닙니다. "
                      f"가능한 값: {', '.join(reference.CATEGORIES)}")
    target = text_field(p, "대상", f.target_group, max_len=30, required=True)
    department = text_field(p, "운영부서", f.department, max_len=30, required=True)
    delivery = f.delivery if f.delivery in reference.DELIVERIES else None
    if delivery is None:
        p.add("운영방식", f"'{f.delivery}'은(는) 운영방식이 아닙니다. "
                      f"가능한 값: {', '.join(reference.DELIVERIES)}")
    hours = parse_int(p, "연수시간", f.hours, minimum=1, maximum=2000)
    credits = parse_int(p, "학점", f.credits, minimum=0, maximum=30)
    attendance = parse_int(p, "이수 출석률(%)", f.min_attendance_pct, minimum=0, maximum=100,
                           required=True)
    score = parse_int(p, "이수 점수", f.min_score, minimum=0, maximum=100)
    task = identifier(f.plan_task_code) or None
    if task is not None:
        if not _TASK_CODE.match(task):
            p.add("실천과제", f"'{task}'은(는) 실천과제 번호 형식(예: 1-1)이 아닙니다.")
        elif task not in reference.plan_tasks():
            p.add("실천과제", f"'{task}'은(는) 연간 계획에 없는 실천과제입니다.")
    planned_runs = parse_int(p, "계획 과정 수", f.planned_runs, minimum=0, maximum=100_000)
    planned_people = parse_int(p, "계획 인원", f.planned_people, minimum=0, maximum=10_000_000)
    schedule = text_field(p, "추진 일정", f.schedule_text, max_len=200)
    notes = text_field(p, "비고", f.notes, max_len=4000)
    p.raise_if_any()
    return CourseFields(
        year=year, title=title, category=category, target_group=target, department=department,
        delivery=delivery, hours=hours, credits=credits, min_attendance_pct=attendance,
        min_score=score, excused_counts=parse_bool(f.excused_counts), plan_task_code=task,
        planned_runs=planned_runs, planned_people=planned_people, schedule_text=schedule,
        is_new=parse_bool(f.is_new),
        is_expanded=parse_bool(f.is_expanded), notes=notes)


def _detail(course: Course) -> CourseDetail:
    return CourseDetail(
        year=course.year, title=course.title, category=course.category,
        target_group=course.target_group, department=course.department,
        delivery=course.delivery, hours=course.hours, credits=course.credits,
        min_attendance_pct=course.min_attendance_pct, min_score=course.min_score,
        excused_counts=course.excused_counts,
        plan_task_code=course.plan_task_code, planned_runs=course.planned_runs,
        planned_people=course.planned_people, schedule_text=course.schedule_text,
        is_new=course.is_new, is_expanded=course.is_expanded, notes=course.notes,
        id=course.id, code=course.code, status=course.status, closed_reason=course.closed_reason,
        dept_tag=course.dept_tag, source_ref=course.source_ref, version=course.version)


def get_course(session: Session, course_id: int) -> Course:
    course = session.get(Course, course_id)
    if course is None:
        raise NotFoundError("과정을 찾을 수 없습니다 (다른 사용자가 지웠을 수 있습니다).")
    return course


def course_detail(session: Session, course_id: int) -> CourseDetail:
    """The course as it is now."""
    return _detail(get_course(session, course_id))


def next_course_code(session: Session, year: int) -> str:
    """``YYYY-NNN``: the next free number in the year."""
    prefix = f"{year}-"
    codes = session.scalars(select(Course.code).where(Course.code.like(prefix + "%"))).all()
    numbers = [int(c[len(prefix):]) for c in codes if c[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _apply(course: Course, f: CourseFields) -> None:
    for name in CourseFields.__dataclass_fields__:
        value = getattr(f, name)
        if getattr(course, name) != value:
            setattr(course, name, value)
    # Keep a tag that still names this department ([원격] and [기평] are both 기획평가부).
    if reference.DEPT_TAGS.get(course.dept_tag) != f.department:
        course.dept_tag = next((t for t, d in reference.DEPT_TAGS.items() if d == f.department),
                               None)


def create_course(session: Session, fields: CourseFields, *, source_ref: str | None = None,
                  dept_tag: str | None = None) -> int:
    """Add a course to its year; returns the new id."""
    f = validate_fields(fields)
    course = Course(code=next_course_code(session, f.year), status="운영", source_ref=source_ref)
    _apply(course, f)
    if dept_tag:
        course.dept_tag = dept_tag
    session.add(course)
    try:
        session.flush()
    except IntegrityError as exc:
        raise ConflictError("같은 때 다른 과정이 만들어져 과정코드가 겹쳤습니다. 다시 저장하십시오.") from exc
    return course.id


def update_course(session: Session, course_id: int, base: CourseDetail,
                  fields: CourseFields) -> None:
    """Save edits made on ``base``; refused with the changed fields if someone saved first."""
    f = validate_fields(fields)
    course = get_course(session, course_id)
    refuse_if_changed("과정", base, _detail(course), base.version, course.version)
    if f.year != course.year and course.runs:
        raise ValidationError("기수가 있는 과정은 연도를 바꿀 수 없습니다. '다음 해로 복사'를 쓰십시오.",
                              field="연도")
    _apply(course, f)
    flush_or_conflict(session, "과정")


def close_course(session: Session, course_id: int, reason: str, actor: str) -> int:
    """폐강: the course and all its open runs close; active enrolments are cancelled.

    Returns the number of enrolments cancelled.
    """
    reason = reason_text(reason, "폐강 사유", "폐강 사유를 입력하십시오.")
    course = get_course(session, course_id)
    if course.status == "폐강":
        raise ValidationError("이미 폐강된 과정입니다.")
    course.status = "폐강"
    course.closed_reason = reason
    course.closed_at = clock.now(session)
    cancelled = enrollment.close_runs(session, [r for r in course.runs if r.status == "개설"], reason,
                               actor)
    flush_or_conflict(session, "과정")
    return cancelled


def reopen_course(session: Session, course_id: int) -> None:
    """폐강 취소: the course runs again (its runs stay closed until reopened one by one)."""
    course = get_course(session, course_id)
    if course.status != "폐강":
        raise ValidationError("폐강된 과정이 아닙니다.")
    course.status = "운영"
    course.closed_reason = None
    course.closed_at = None
    flush_or_conflict(session, "과정")


def _shift_year(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def copy_courses_to_year(session: Session, course_ids: list[int], target_year: int) -> list[int]:
    """Copy courses and their runs (dates moved by whole years) into ``target_year``.

    Rosters, timetables and closures are not copied.  A course already copied into that year
    is refused, so pressing the button twice does not double the plan.
    """
    p = Problems()
    target_year = parse_int(p, "연도", target_year, minimum=2000, maximum=2100, required=True)
    p.raise_if_any()
    if not course_ids:
        raise ValidationError("복사할 과정을 고르십시오.")
    new_ids = []
    for course_id in course_ids:
        course = get_course(session, course_id)
        if course.year == target_year:
            raise ValidationError(f"{course.code} '{course.title}'은(는) 이미 {target_year}년 과정입니다.",
                                  field="연도")
        existing = session.scalar(select(Course.code).where(
            Course.copied_from_id == course.id, Course.year == target_year))
        if existing:
            raise ValidationError(f"{course.code} '{course.title}'은(는) 이미 {target_year}년으로 "
                                  f"복사되었습니다 ({existing}).")
        years = target_year - course.year
        fields = replace(_detail(course).fields_only(), year=target_year, is_new=False,
                         is_expanded=False)
        new_id = create_course(session, fields, source_ref=course.source_ref,
                               dept_tag=course.dept_tag)
        copy = session.get(Course, new_id)
        copy.copied_from_id = course.id
        for seq, run in enumerate(course.runs, start=1):
            session.add(CourseRun(
                course_id=new_id, seq=seq, code=f"{copy.code}-{seq:02d}",
                start_date=_shift_year(run.start_date, years),
                end_date=_shift_year(run.end_date, years), capacity=run.capacity,
                apply_start=_shift_year(run.apply_start, years),
                apply_end=_shift_year(run.apply_end, years), venue=run.venue,
                lodging=run.lodging, status="개설", note=run.note))
        session.flush()
        new_ids.append(new_id)
    return new_ids


# ---------------------------------------------------------------- listing


def _run_stats():
    """Per-course aggregates of runs, as a subquery (closed runs do not count seats)."""
    open_run = CourseRun.status == "개설"
    return (
        select(
            CourseRun.course_id.label("course_id"),
            func.count(CourseRun.id).label("run_count"),
            func.sum(case((open_run, CourseRun.capacity), else_=0)).label("capacity"),
            func.sum(case((and_(open_run, CourseRun.capacity.is_(None)), 1), else_=0))
            .label("unlimited"),
            func.sum(CourseRun.selected_count).label("selected"),
            func.sum(CourseRun.waitlist_count).label("waitlisted"),
            func.min(CourseRun.start_date).label("first_start"),
            func.max(CourseRun.end_date).label("last_end"),
        )
        .group_by(CourseRun.course_id)
        .subquery("run_stats")
    )


SORT_KEYS = ("code", "title", "category", "target_group", "department", "delivery",
             "plan_task_code", "status", "run_count", "capacity", "selected", "waitlisted",
             "first_start", "last_end")


def list_course_ids(session: Session, filt: CourseFilter, sort: str = "code",
                    ascending: bool = True) -> list[int]:
    """Ids of the courses matching ``filt``, sorted in SQL."""
    stats = _run_stats()
    query = select(Course.id).outerjoin(stats, stats.c.course_id == Course.id)
    if filt.year:
        query = query.where(Course.year == filt.year)
    if filt.department:
        query = query.where(Course.department == filt.department)
    if filt.category:
        query = query.where(Course.category == filt.category)
    if filt.status:
        query = query.where(Course.status == filt.status)
    if filt.month and filt.year:
        first = date(filt.year, filt.month, 1)
        last = date(filt.year + (filt.month == 12), filt.month % 12 + 1, 1)
        in_month = select(CourseRun.id).where(CourseRun.course_id == Course.id,
                                              CourseRun.start_date < last,
                                              CourseRun.end_date >= first)
        query = query.where(in_month.exists())
    text = clean(filt.text)
    if text:
        like = f"%{escape_like(text)}%"
        query = query.where(or_(Course.title.like(like, escape="\\"),
                                Course.code.like(like, escape="\\"),
                                Course.notes.like(like, escape="\\")))
    column = {
        "run_count": stats.c.run_count, "capacity": stats.c.capacity,
        "selected": stats.c.selected, "waitlisted": stats.c.waitlisted,
        "first_start": stats.c.first_start, "last_end": stats.c.last_end,
    }.get(sort)
    if column is None:
        column = getattr(Course, sort if sort in SORT_KEYS else "code")
    order = column.asc() if ascending else column.desc()
    query = query.order_by(order.nulls_last(), Course.code.asc())
    return fetch_ids(session, query)


def course_rows(session: Session, ids: list[int]) -> list[CourseRow]:
    """Rows for the given ids, in the same order (missing ids are skipped)."""
    if not ids:
        return []
    stats = _run_stats()
    query = (select(Course, stats).outerjoin(stats, stats.c.course_id == Course.id)
             .where(Course.id.in_(ids)))
    rows = {}
    for course, *agg in session.execute(query):
        _cid, run_count, capacity, unlimited, selected, waitlisted, first, last = agg
        rows[course.id] = CourseRow(
            id=course.id, code=course.code, title=course.title, year=course.year,
            category=course.category, target_group=course.target_group,
            department=course.department, delivery=course.delivery,
            plan_task_code=course.plan_task_code, status=course.status,
            run_count=run_count or 0, capacity=None if unlimited else (capacity or 0),
            selected=selected or 0, waitlisted=waitlisted or 0, first_start=first,
            last_end=last, planned_runs=course.planned_runs,
            planned_people=course.planned_people, hours=course.hours, credits=course.credits,
            schedule_text=course.schedule_text)
    return [rows[i] for i in ids if i in rows]


def years(session: Session) -> list[int]:
    """Years that have courses, newest first."""
    return list(session.scalars(select(Course.year).distinct().order_by(Course.year.desc())))


def default_year(years_with_data: list[int], today_year: int) -> int:
    """The year the course list opens on: this year when it has courses, else the latest year
    that has some (a database of 2021 data opened in 2026 shows 2021, not an empty 2026), and
    this year when there are no courses at all."""
    if not years_with_data or today_year in years_with_data:
        return today_year
    return max(years_with_data)


@dataclass(frozen=True)
class TargetRow:
    """A department target (추진 목표) beside the courses it summarises."""

    id: int
    task_code: str
    dept_tag: str
    department: str
    title: str
    planned_runs: int | None
    planned_people: int | None
    schedule_text: str
    course_count: int           # course rows of the same task and department tag
    course_planned_runs: int
    course_planned_people: int


def department_targets(session: Session, year: int) -> list[TargetRow]:
    """The year's 추진 목표 rows, each compared with the sum of its course rows."""
    sums = (select(Course.plan_task_code, Course.dept_tag,
                   func.count(Course.id), func.coalesce(func.sum(Course.planned_runs), 0),
                   func.coalesce(func.sum(Course.planned_people), 0))
            .where(Course.year == year)
            .group_by(Course.plan_task_code, Course.dept_tag))
    by_key = {(t, d): (n, r, p) for t, d, n, r, p in session.execute(sums)}
    out = []
    targets = session.scalars(select(DepartmentTarget).where(DepartmentTarget.year == year)
                              .order_by(DepartmentTarget.task_code, DepartmentTarget.id))
    for t in targets:
        n, r, p = by_key.get((t.task_code, t.dept_tag), (0, 0, 0))
        out.append(TargetRow(t.id, t.task_code, t.dept_tag, t.department, t.title,
                             t.planned_runs, t.planned_people, t.schedule_text, n, r, p))
    return out


