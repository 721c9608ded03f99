"""The dormitory's papers and the kitchen's file: a run's room list, door tags per room, the
check-in sheet, and the meal counts per day (조식 · 중식 · 석식) as .xlsx.

Meals come from the stays and the runs' timetables: breakfast for everyone who slept there the
night before, dinner for everyone sleeping there that night, lunch for the selected trainees of
every run with a period that day (lodged or not); an in-person run without a timetable yet
counts on its working days.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..excel.writer import SheetData, write_workbook
from ..models import Course, CourseRun, CourseSession, Enrollment, StayNight
from ..reports.roster_pdf import TableSection
from . import audit, dorm
from .enrollment import SELECTED
from .holiday_calendar import korean_holidays
from .printing import page_info, write_tables
from .runs import run_row

KINDS = {"rooms": "객실 배정표", "doors": "객실 문 이름표", "checkin": "입실 확인표"}
WEEKDAYS = "월화수목금토일"


def print_dorm(session: Session, run_id: int, path: Path, kind: str = "rooms") -> Path:
    """One of :data:`KINDS` for the run."""
    written = _print_dorm(session, run_id, path, kind)
    persons = sum(1 for r in dorm.stay_rows(session, run_id)
                  if r.status in dorm.LIVE or r.status == "퇴실")
    audit.record_file(session, f"{run_row(session, run_id).code} {KINDS[kind]}", persons,
                      written, printed=True)
    return written


def _print_dorm(session: Session, run_id: int, path: Path, kind: str) -> Path:
    if kind not in KINDS:
        raise ValidationError(f"종류는 {', '.join(KINDS)} 중 하나입니다.", field="종류")
    run = run_row(session, run_id)
    rows = dorm.stay_rows(session, run_id)
    live = [r for r in rows if r.status in dorm.LIVE or r.status == "퇴실"]
    if not live:
        raise ValidationError(f"{run.code}에 숙박하는 사람이 없습니다.", field="기수")
    info = page_info(session, f"{run.code} {KINDS[kind]}")
    about = f"{run.course_title} · {run.start_date}~{run.end_date} · 숙박 {len(live)}명"
    if kind == "rooms":
        table = [[r.room or "미배정", r.bed or "", r.name, r.gender, r.organization,
                  f"{r.first_night:%m-%d}~{r.last_night:%m-%d}", r.need, r.status] for r in live]
        return write_tables(path, info, [TableSection(
            f"객실 배정표 — {run.code}", about,
            ("객실", "침대", "성명", "성별", "소속", "숙박(밤)", "요구", "상태"),
            (16, 10, 20, 10, 44, 24, 18, 12), table)])
    if kind == "checkin":
        table = [[n, r.room or "미배정", r.bed or "", r.name, r.organization, "", "", ""]
                 for n, r in enumerate(sorted(live, key=lambda r: r.name), start=1)]
        return write_tables(path, info, [TableSection(
            f"입실 확인표 — {run.code}", about,
            ("번호", "객실", "침대", "성명", "소속", "열쇠", "입실 시각", "서명"),
            (10, 16, 10, 20, 46, 14, 20, 24), table, row_height_mm=9)])
    by_room: dict[str, list] = {}
    for r in live:
        if r.room:
            by_room.setdefault(r.room, []).append(r)
    sections = [TableSection(room, f"{run.code} {run.course_title}", ("침대", "성명", "숙박(밤)"),
                             (16, 60, 40), [[r.bed, r.name,
                                             f"{r.first_night:%m-%d}~{r.last_night:%m-%d}"]
                                            for r in sorted(people, key=lambda r: r.bed or 0)],
                             row_height_mm=14)
                for room, people in sorted(by_room.items())]
    if not sections:
        raise ValidationError("아직 객실이 배정되지 않았습니다. 먼저 배정하십시오.", field="기수")
    return write_tables(path, info, sections)


def meal_counts(session: Session, first: date, last: date) -> list[tuple[date, int, int, int]]:
    """(day, 조식, 중식, 석식) for every day from ``first`` to ``last``."""
    if last < first:
        raise ValidationError("끝 날짜가 시작보다 앞입니다.", field="기간")
    if (last - first).days > 366:
        raise ValidationError("한 번에 1년까지입니다.", field="기간")
    nights = dict(session.execute(
        select(StayNight.night, func.count()).where(
            StayNight.night >= first - timedelta(days=1), StayNight.night <= last)
        .group_by(StayNight.night)).all())
    lunch = dict(session.execute(
        select(CourseSession.date, func.count(distinct(Enrollment.id)))
        .join(Enrollment, Enrollment.run_id == CourseSession.run_id)
        .where(CourseSession.date >= first, CourseSession.date <= last,
               Enrollment.status == SELECTED)
        .group_by(CourseSession.date)).all())
    with_periods = select(CourseSession.run_id).distinct()
    holidays = korean_holidays({first.year, last.year})
    for start, end, selected in session.execute(
            select(CourseRun.start_date, CourseRun.end_date, CourseRun.selected_count)
            .join(Course, Course.id == CourseRun.course_id)
            .where(Course.delivery == "집합", CourseRun.status == "개설",
                   CourseRun.selected_count > 0, CourseRun.start_date <= last,
                   CourseRun.end_date >= first, CourseRun.id.not_in(with_periods))):
        for day in dorm.nights(max(start, first), min(end, last)):
            if day.weekday() < 5 and day not in holidays:
                lunch[day] = lunch.get(day, 0) + selected
    return [(day, nights.get(day - timedelta(days=1), 0), lunch.get(day, 0), nights.get(day, 0))
            for day in dorm.nights(first, last)]


def export_meals(session: Session, first: date, last: date, path: Path) -> Path:
    """The kitchen's file: one row a day, and the totals."""
    counts = meal_counts(session, first, last)
    rows = [[f"{d:%Y-%m-%d}", WEEKDAYS[d.weekday()], b, lu, di] for d, b, lu, di in counts]
    rows.append(["계", "", sum(c[1] for c in counts), sum(c[2] for c in counts),
                 sum(c[3] for c in counts)])
    return write_workbook(Path(path), [SheetData(
        "식수", ("날짜", "요일", "조식", "중식", "석식"), (12, 6, 8, 8, 8), rows)])

