"""Bench of the year's statistics: 2,000 runs and 160,000 enrolments (selected, most of them
completed) counted into every table, beside one bare sqlite3 GROUP BY of the enrolments per
run."""

from __future__ import annotations

import random
from datetime import date, datetime

from raw import bare_query_ms, scratch_database

RUNS = 2_000
ENROLMENTS = 160_000
PEOPLE = 200


def statistics_2000_runs(row, median_ms) -> list[dict]:
    from desktop_app.services import statistics

    with scratch_database("yeonsu-bench-stats-") as (folder, database):
        _fill(database)

        def ours() -> None:
            with database.read_scope() as s:
                statistics.year_statistics(s, 2021)

        total = median_ms(ours, 7)
        bare = bare_query_ms(folder / "bench.sqlite3",
                             "SELECT run_id, count(*), sum(completion = '이수') FROM enrollment "
                             "WHERE status = '선발' GROUP BY run_id", median_ms, 7)
    return [row(f"한 해 연수 실적 통계 (기수 {RUNS:,}개, 신청 {ENROLMENTS:,}건)", total, bare, 300,
                note="floor: sqlite3로 기수별 선발·이수 GROUP BY 한 번")]


def _fill(database) -> None:
    """500 courses of every kind, their 2,000 runs and the enrolments (a data load: no audit
    rows)."""
    from sqlalchemy import insert

    from desktop_app.db import unaudited_writes
    from desktop_app.models import Course, CourseRun, Enrollment, Person

    rng = random.Random(13)
    stamp = datetime(2021, 1, 2)
    kinds = [("자격연수", "초등교원연수부", "집합"), ("직무연수", "중등교원연수부", "집합"),
             ("원격연수", "기획평가부", "원격"), ("기본교육", "교육행정연수부", "집합"),
             ("교육훈련", "교육행정연수부", "집합"), ("교육훈련", "교육행정연수부", "원격")]
    courses = 500
    with database.session_scope() as s, unaudited_writes(s):
        s.execute(insert(Person), [dict(id=n + 1, name=f"연수생{n}", neis_no=f"B{n:07d}",
                                        created_at=stamp, updated_at=stamp) for n in range(PEOPLE)])
        s.execute(insert(Course), [dict(
            id=n + 1, year=2021, code=f"2021-B{n:04d}", title=f"과정 {n}", category=c, target_group="초등",
            department=d, delivery=v, planned_runs=4, planned_people=320,
            plan_task_code=f"{rng.randint(1, 5)}-{rng.randint(1, 7)}", created_at=stamp,
            updated_at=stamp, version=1)
            for n, (c, d, v) in ((n, kinds[n % len(kinds)]) for n in range(courses))])
        s.execute(insert(CourseRun), [dict(
            id=n + 1, course_id=n % courses + 1, seq=n // courses + 1, code=f"2021-B{n:05d}",
            start_date=date(2021, rng.randint(1, 12), 10), end_date=date(2021, 12, 20),
            created_at=stamp, updated_at=stamp, version=1) for n in range(RUNS)])
        per_run = ENROLMENTS // RUNS
        s.execute(insert(Enrollment), [dict(
            run_id=r + 1, person_id=p + 1, status="선발",
            completion="이수" if rng.random() < 0.9 else None, applied_at=stamp,
            status_changed_at=stamp, version=1) for r in range(RUNS) for p in range(per_run)])
