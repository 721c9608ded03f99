"""Runs (기수): add, edit, close (폐강), reopen, list and find."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..errors import NotFoundError, ValidationError
from ..models import Course, CourseRun
from . import clock, enrollment
from .common import (Problems, clean, escape_like, fetch_ids, flush_or_conflict, half_width,
                     identifier, parse_int, refuse_if_changed)
from .courses import get_course
from .reference import REMOTE_DELIVERIES
from .run_phase import late_phase, phase
from .values import parse_bool, parse_date, reason_text, text_field


def _f(label: str, default=None):
    return field(default=default, metadata={"label": label})


@dataclass(frozen=True)
class RunFields:
    """What a user edits on a run."""

    start_date: date | None = _f("시작일")
    end_date: date | None = _f("종료일")
    capacity: int | None = _f("정원")
    apply_start: date | None = _f("신청 시작일")
    apply_end: date | None = _f("신청 마감일")
    venue: str = _f("장소", "")
    lodging: bool = _f("숙박", False)
    note: str = _f("비고", "")


@dataclass(frozen=True)
class RunDetail(RunFields):
    """A run as read now (identity and version for forms and conflict checks)."""

    id: int = _f("번호", 0)
    course_id: int = _f("과정", 0)
    seq: int = _f("기수", 0)
    code: str = _f("기수코드", "")
    status: str = _f("상태", "개설")
    closed_reason: str | None = _f("폐강 사유")
    version: int = _f("버전", 0)

    def fields_only(self) -> RunFields:
        return RunFields(**{k: getattr(self, k) for k in RunFields.__dataclass_fields__})


@dataclass(frozen=True)
class RunRow:
    """One line of a course's run list or of the run picker."""

    id: int
    course_id: int
    code: str
    seq: int
    course_title: str
    start_date: date
    end_date: date
    capacity: int | None
    selected: int
    applied: int
    waitlisted: int
    venue: str
    lodging: bool
    status: str
    phase: str
    remote: bool
    note: str = ""
    late: bool = False  # registering today needs a 늦은 신청 사유

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.selected, 0)


def _detail(run: CourseRun) -> RunDetail:
    return RunDetail(
        start_date=run.start_date, end_date=run.end_date, capacity=run.capacity,
        apply_start=run.apply_start, apply_end=run.apply_end, venue=run.venue,
        lodging=run.lodging, note=run.note, id=run.id, course_id=run.course_id, seq=run.seq,
        code=run.code, status=run.status, closed_reason=run.closed_reason, version=run.version)


def _row(run: CourseRun, course: Course, today: date) -> RunRow:
    return RunRow(
        id=run.id, course_id=run.course_id, code=run.code, seq=run.seq,
        course_title=course.title, start_date=run.start_date, end_date=run.end_date,
        capacity=run.capacity, selected=run.selected_count, applied=run.applied_count,
        waitlisted=run.waitlist_count, venue=run.venue, lodging=run.lodging, status=run.status,
        phase=phase(run, today), remote=course.delivery in REMOTE_DELIVERIES, note=run.note,
        late=late_phase(run, today) is not None)


def get_run(session: Session, run_id: int) -> CourseRun:
    run = session.get(CourseRun, run_id)
    if run is None:
        raise NotFoundError("기수를 찾을 수 없습니다 (다른 사용자가 지웠을 수 있습니다).")
    return run


def run_detail(session: Session, run_id: int) -> RunDetail:
    return _detail(get_run(session, run_id))


def run_row(session: Session, run_id: int) -> RunRow:
    run = get_run(session, run_id)
    return _row(run, run.course, clock.today(session))


def validate_fields(course_year: int, f: RunFields) -> RunFields:
    """Check a run's fields against each other and against the course's year."""
    p = Problems()
    start = parse_date(p, "시작일", f.start_date, required=True)
    end = parse_date(p, "종료일", f.end_date, required=True)
    capacity = parse_int(p, "정원", f.capacity, minimum=0, maximum=100_000)
    apply_start = parse_date(p, "신청 시작일", f.apply_start)
    apply_end = parse_date(p, "신청 마감일", f.apply_end)
    venue = text_field(p, "장소", f.venue, max_len=100)
    note = text_field(p, "비고", f.note, max_len=4000)
    if start and end and end < start:
        p.add("종료일", f"종료일({end})이 시작일({start})보다 빠릅니다.")
    if start and start.year not in (course_year, course_year + 1):
        p.add("시작일", f"시작일({start})이 과정 연도({course_year}년)와 맞지 않습니다.")
    if apply_start and apply_end and apply_end < apply_start:
        p.add("신청 마감일", f"신청 마감일({apply_end})이 신청 시작일({apply_start})보다 빠릅니다.")
    if apply_end and end and apply_end > end:
        p.add("신청 마감일", f"신청 마감일({apply_end})이 연수 종료일({end})보다 늦습니다.")
    p.raise_if_any()
    return RunFields(start, end, capacity, apply_start, apply_end, venue,
                     parse_bool(f.lodging), note)


def _apply(run: CourseRun, f: RunFields) -> None:
    for name in RunFields.__dataclass_fields__:
        value = getattr(f, name)
        if getattr(run, name) != value:
            setattr(run, name, value)


def add_run(session: Session, course_id: int, fields: RunFields) -> int:
    """Add the next run (기수) to a course; returns its id."""
    course = get_course(session, course_id)
    if course.status == "폐강":
        raise ValidationError("폐강된 과정에는 기수를 추가할 수 없습니다.")
    f = validate_fields(course.year, fields)
    seq = (session.scalar(select(func.max(CourseRun.seq)).where(CourseRun.course_id == course.id))
           or 0) + 1
    run = CourseRun(course_id=course.id, seq=seq, code=f"{course.code}-{seq:02d}", status="개설")
    _apply(run, f)
    session.add(run)
    session.flush()
    return run.id


def update_run(session: Session, run_id: int, base: RunDetail, fields: RunFields,
               actor: str) -> list[int]:
    """Save edits made on ``base``.  A larger capacity promotes waitlisted people.

    Returns the ids of enrolments promoted because of the new capacity.
    """
    run = enrollment.lock_run(session, run_id)
    f = validate_fields(run.course.year, fields)
    refuse_if_changed("기수", base, _detail(run), base.version, run.version)
    if f.capacity is not None and f.capacity < run.selected_count:
        raise ValidationError(
            f"정원을 이미 선발된 인원({run.selected_count}명)보다 적게 줄일 수 없습니다. "
            "먼저 선발을 취소하십시오.", field="정원")
    _apply(run, f)
    flush_or_conflict(session, "기수")
    return enrollment.fill_free_seats(session, run, actor, "정원이 늘어 자동 선발")


def close_run(session: Session, run_id: int, reason: str, actor: str) -> int:
    """폐강 of one run, with a reason; active enrolments are cancelled with history."""
    reason = reason_text(reason, "폐강 사유", "폐강 사유를 입력하십시오.")
    run = enrollment.lock_run(session, run_id)
    if run.status == "폐강":
        raise ValidationError("이미 폐강된 기수입니다.")
    cancelled = enrollment.close_runs(session, [run], reason, actor)
    flush_or_conflict(session, "기수")
    return cancelled


def reopen_run(session: Session, run_id: int) -> None:
    """폐강 취소 of a run (cancelled enrolments stay cancelled)."""
    run = enrollment.lock_run(session, run_id)
    if run.status != "폐강":
        raise ValidationError("폐강된 기수가 아닙니다.")
    if run.course.status == "폐강":
        raise ValidationError("과정이 폐강되어 있습니다. 먼저 과정의 폐강을 취소하십시오.")
    run.status = "개설"
    run.closed_reason = None
    run.closed_at = None
    flush_or_conflict(session, "기수")


def runs_of_course(session: Session, course_id: int, today: date | None = None) -> list[RunRow]:
    """A course's runs in order."""
    get_course(session, course_id)  # a missing course is an error, not an empty list
    return runs_of_courses(session, [course_id], today)[course_id]


def runs_of_courses(session: Session, course_ids: list[int],
                    today: date | None = None) -> dict[int, list[RunRow]]:
    """Runs of many courses with one query per 500 courses (exports, the JSON list)."""
    out: dict[int, list[RunRow]] = {course_id: [] for course_id in course_ids}
    today = today or clock.today(session)
    for start in range(0, len(course_ids), 500):
        chunk = course_ids[start:start + 500]
        query = (select(CourseRun, Course).join(Course, Course.id == CourseRun.course_id)
                 .where(CourseRun.course_id.in_(chunk))
                 .order_by(CourseRun.course_id, CourseRun.seq))
        for run, course in session.execute(query):
            out[course.id].append(_row(run, course, today))
    return out


def find_run_id(session: Session, code: str) -> int:
    """Run id from its code (``2021-004-01``); :class:`NotFoundError` when unknown."""
    run_id = session.scalar(select(CourseRun.id).where(CourseRun.code == identifier(code)))
    if run_id is None:
        raise NotFoundError(f"기수코드 '{code}'인 기수가 없습니다.", field="기수")
    return run_id


RUN_SORT_KEYS = {"code": CourseRun.code, "title": Course.title, "start_date": CourseRun.start_date}


def _run_search(text: str, year: int | None):
    query = select(CourseRun.id).join(Course, Course.id == CourseRun.course_id)
    if year:
        query = query.where(Course.year == year)
    for word in clean(half_width(text or "")).split():
        like = f"%{escape_like(word)}%"
        query = query.where(or_(Course.title.like(like, escape="\\"),
                                CourseRun.code.like(like, escape="\\")))
    return query


def search_run_ids(session: Session, text: str = "", year: int | None = None,
                   sort: str = "code", ascending: bool = True) -> list[int]:
    """Ids of runs whose code or course title contains every word of ``text``, sorted in SQL
    (the registration page's run finder loads their rows by page)."""
    column = RUN_SORT_KEYS.get(sort, CourseRun.code)
    order = [column.asc() if ascending else column.desc()]
    if column is not CourseRun.code:
        order.append(CourseRun.code.asc())
    return fetch_ids(session, _run_search(text, year).order_by(*order))


def run_rows(session: Session, ids: list[int], today: date | None = None) -> list[RunRow]:
    """Rows for the given run ids, in the same order."""
    if not ids:
        return []
    today = today or clock.today(session)
    query = (select(CourseRun, Course).join(Course, Course.id == CourseRun.course_id)
             .where(CourseRun.id.in_(ids)))
    found = {run.id: _row(run, course, today) for run, course in session.execute(query)}
    return [found[i] for i in ids if i in found]


def search_runs(session: Session, text: str, year: int | None = None, limit: int = 200,
                today: date | None = None) -> list[RunRow]:
    """Rows of the first ``limit`` runs :func:`search_run_ids` finds (commands, exports)."""
    return run_rows(session, search_run_ids(session, text, year)[:limit], today)
