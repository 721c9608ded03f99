"""Invented end-of-run records for the demo (가상): what finished runs have.

Three in-person runs that ended before the demo's today get a timetable of 교시 (six 50-minute
periods a working day), invented trainees, attendance with a realistic mix (a few late or
leaving early, an excused absence, one or two who miss whole days and fail on attendance),
scores where the course is evaluated, and completion decided by the program's own rule:

* 2021-030-01 and 2021-159-01 — courses whose hours the plan gives (21 h, 56 h);
* 2021-118-01 초등 1급 정교사 자격연수 — evaluated (60 points); the plan gives no hours, so
  the demo sets **90 hours (invented)** on that course and says so in its note.

One remote run still open at the demo's today, 2021-127-02 (원격), gets trainees and **15
invented hours**, and ``resources/demo/원격연수_학습결과.xlsx`` is the remote platform's results
file for it (invented), for the user to import with 점수·결과 올리기… and then run 이수 판정.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from pathlib import Path

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from .. import paths
from ..excel.writer import SheetData, write_workbook
from ..models import Course, CourseRun, Enrollment, Person
from . import attendance, clock, completion, enrollment, timetable
from .timetable import PeriodRow

FINISHED = ("2021-030-01", "2021-159-01", "2021-118-01")
EVALUATED_HOURS = {"2021-118-01": 90}
REMOTE_RUN, REMOTE_HOURS = "2021-127-02", 15
REMOTE_RESULTS = "원격연수_학습결과.xlsx"
RESULTS_SEED = 20210615  # write_remote_results(…, random.Random(RESULTS_SEED)) made the file
INVENTED_NOTE = "데모: 연수시간 {hours}시간은 가상입니다 (계획서에 시간이 없음)."
PERIODS_A_DAY = (time(9, 0), time(10, 0), time(11, 0), time(13, 0), time(14, 0), time(15, 0))


def results_file() -> Path:
    """Where the demo's remote results file is shipped."""
    return paths.resources_dir() / "demo" / REMOTE_RESULTS


def _run(session: Session, code: str) -> CourseRun | None:
    return session.scalar(select(CourseRun).where(CourseRun.code == code))


def _free_people(session: Session, count: int) -> list[int]:
    """Invented people with no enrolment yet (no overlap question can arise)."""
    busy = select(Enrollment.person_id)
    return list(session.scalars(select(Person.id).where(Person.id.not_in(busy))
                                .order_by(Person.id).limit(count)))


def _give_hours(session: Session, run: CourseRun, hours: int) -> None:
    course = session.get(Course, run.course_id)
    if course.hours is None:
        course.hours = hours
        course.notes = (course.notes + "\n" if course.notes else "") + INVENTED_NOTE.format(
            hours=hours)


def _enrol(session: Session, run: CourseRun, people: list[int], actor: str) -> None:
    """Register before the run opened, on that day's clock (as the desk would have)."""
    day = (run.apply_start or run.start_date - timedelta(days=14))
    clock.set_reference_date(session, day)
    for person_id in people:
        enrollment.enroll(session, run.id, person_id, actor)


def _timetable(session: Session, run: CourseRun, hours: int, holidays: set[date]) -> None:
    days, day = [], run.start_date
    while day <= run.end_date:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    rows: list[PeriodRow] = []
    for day in days:
        for start in PERIODS_A_DAY:
            if len(rows) == hours:
                break
            rows.append(PeriodRow(day, start, time(start.hour, 50), f"교시 {len(rows) + 1} (가상)"))
    timetable.save(session, run.id, run.timetable_version, rows)


def _attendance(session: Session, run: CourseRun, rng: random.Random, failing: int,
                actor: str) -> None:
    sheet = attendance.load_sheet(session, run.id)
    days = sorted({p.date for p in sheet.periods})
    marks: dict[tuple[int, int], str] = {}
    trainees = list(sheet.trainees)
    absent_days = {t.enrollment_id: set(rng.sample(days, min(len(days), max(2, len(days) // 4))))
                   for t in rng.sample(trainees, failing)}
    for t in trainees:
        for p in sheet.periods:
            mark = "출석"
            if p.date in absent_days.get(t.enrollment_id, ()):
                mark = "결석"
            else:
                roll = rng.random()
                if roll < 0.02:
                    mark = "지각"
                elif roll < 0.03:
                    mark = "조퇴"
                elif roll < 0.035:
                    mark = "공결"
            marks[(t.enrollment_id, p.id)] = mark
    attendance.write_marks(session, marks, actor)


def _scores(session: Session, run: CourseRun, rng: random.Random) -> None:
    ids = [t.enrollment_id for t in attendance.trainees_of(session, run.id)]
    scores = {eid: round(min(100.0, max(40.0, rng.gauss(84, 7))), 1) for eid in ids}
    scores[ids[len(ids) // 2]] = 55.0  # one falls short of the 60-point line
    table = Enrollment.__table__
    session.execute(update(table).where(table.c.id == bindparam("eid"))
                    .values(score=bindparam("score")),
                    [{"eid": eid, "score": s} for eid, s in scores.items()])


def finish_runs(session: Session, rng: random.Random, actor: str, today: date,
                holidays: set[date]) -> list[str]:
    """Give the demo's finished runs their records and decide completion; returns their codes."""
    done = []
    for number, code in enumerate(FINISHED):
        run = _run(session, code)
        if run is None or run.end_date >= today:
            continue
        if code in EVALUATED_HOURS:
            _give_hours(session, run, EVALUATED_HOURS[code])
        course = session.get(Course, run.course_id)
        if not course.hours:
            continue
        if run.selected_count == 0:
            wanted = min(run.capacity or 30, 30)
            _enrol(session, run, _free_people(session, wanted), actor)
        session.refresh(run)
        if run.selected_count == 0:
            continue  # a demo without invented people (the benchmarks' big database)
        _timetable(session, run, course.hours, holidays)
        _attendance(session, run, rng, failing=1 + number % 2, actor=actor)
        if course.min_score is not None:
            _scores(session, run, rng)
        clock.set_reference_date(session, today)
        completion.apply(session, run.id, actor, today=today)
        done.append(code)
    remote = _run(session, REMOTE_RUN)
    if remote is not None:
        _give_hours(session, remote, REMOTE_HOURS)
        # a platform course completes on the whole playback time (the demo's choice, said so)
        course = session.get(Course, remote.course_id)
        course.min_attendance_pct = 100
        course.notes += " 이수 기준: 학습 시간 100%(가상)."
        _enrol(session, remote, _free_people(session, 24), actor)
    clock.set_reference_date(session, today)
    return done


def write_remote_results(session: Session, path: Path, rng: random.Random) -> Path:
    """The remote platform's results for the demo's remote run, as it would send them:
    NEIS number (or name + birth date), minutes studied, progress, completion date.

    This made the shipped ``resources/demo/원격연수_학습결과.xlsx`` (seed ``RESULTS_SEED``); a
    test makes it again from a fresh demo and compares, so the two never drift apart.
    """
    run = _run(session, REMOTE_RUN)
    trainees = attendance.trainees_of(session, run.id)
    need = REMOTE_HOURS * 60
    rows = []
    for number, t in enumerate(trainees, start=1):
        roll = rng.random()
        if number == 3:
            minutes, done = need - 1, None          # one minute short: not yet
        elif roll < 0.7:
            minutes = need + rng.randint(0, 90)
            done = run.start_date + timedelta(days=rng.randint(3, 15))
        else:
            minutes, done = rng.randint(120, need - 60), None   # still studying
        birth = f"{t.birth_date:%y%m%d}" if t.birth_date else None
        rows.append([number, t.neis_no if number % 4 else None, t.name, birth, minutes,
                     round(min(minutes, need) * 100 / need, 1), done])
    sheet = SheetData("학습결과", ("순번", "나이스개인번호", "성명", "생년월일", "학습시간(분)",
                                 "진도율(%)", "이수일자"), (6, 15, 10, 10, 12, 10, 12), rows)
    return write_workbook(path, [sheet])
