"""Generate a large database for the benchmarks: 200,000 persons and 1,000,000 enrolments.

Built on top of the demo year (2,100 courses: the 210 real ones plus invented copies), with Core
inserts, counters kept consistent with the enrolments.  Everything here is invented.
"""

from __future__ import annotations

import random
import shutil
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from desktop_app.access import COPYING
from desktop_app.db import open_database
from desktop_app.models import Course, CourseRun, Organization, Person
from desktop_app.services import demo
from desktop_app.services.demo import _GIVEN, _SCHOOL_NAMES, _SURNAMES
from raw import connect as raw_connect  # noqa: E402 - bench dir on sys.path

PERSONS = 200_000
ENROLLMENTS = 1_000_000
COURSES = 2_100


def generate(path: Path, persons: int = PERSONS, enrollments: int = ENROLLMENTS,
             courses: int = COURSES, log=print) -> Path:
    """Write the big database to ``path`` (replacing it)."""
    started = time.perf_counter()
    path.unlink(missing_ok=True)
    database = open_database(path)
    rng = random.Random(7)
    with database.session_scope() as session:
        demo.load(session, persons=0)
    log(f"  demo year loaded ({time.perf_counter() - started:.1f}s)")
    # a data load, like the demo: rows copied in, not anyone's work (no audit rows)
    engine = database.engine.execution_options(yeonsu_who=COPYING)
    with engine.begin() as conn:
        base_courses = conn.execute(select(Course.__table__)).mappings().all()
        base_runs = conn.execute(select(CourseRun.__table__)).mappings().all()
        runs_by_course: dict[int, list] = {}
        for run in base_runs:
            runs_by_course.setdefault(run["course_id"], []).append(run)
        copies, next_number = [], len(base_courses) + 1
        while len(base_courses) + len(copies) < courses:
            src = rng.choice(base_courses)
            row = dict(src)
            row.pop("id")
            row.update(code=f"2021-{next_number:04d}", title=f"{src['title']} (가상 {next_number})",
                       source_ref=None, notes="벤치마크용 가상 과정")
            copies.append((row, src["id"]))
            next_number += 1
        for row, src_id in copies:
            new_id = conn.execute(insert(Course.__table__).values(**row)
                                  .returning(Course.__table__.c.id)).scalar_one()
            new_runs = []
            for run in runs_by_course[src_id][:3]:
                r = dict(run)
                r.pop("id")
                r.update(course_id=new_id, code=f"{row['code']}-{r['seq']:02d}")
                new_runs.append(r)
            conn.execute(insert(CourseRun.__table__), new_runs)
    log(f"  {courses:,} courses ({time.perf_counter() - started:.1f}s)")
    with engine.begin() as conn:
        orgs = [dict(name=f"서울{n}{level}{i}", kind="학교", region=None, version=1)
                for i in range(1, 31) for n in _SCHOOL_NAMES
                for level in ("초등학교", "중학교", "고등학교")]
        conn.execute(insert(Organization.__table__), orgs)
        org_ids = [r[0] for r in conn.execute(select(Organization.__table__.c.id))]
        stamp = datetime(2021, 1, 4, 9)
        batch = []
        for i in range(persons):
            teacher = i % 4 != 3
            batch.append(dict(
                name=rng.choice(_SURNAMES[:60]) + rng.choice(_GIVEN),
                birth_date=datetime(1960 + i % 38, 1 + i % 12, 1 + i % 28).date(),
                gender="남여"[i % 2], neis_no=f"{'ABCDEFGHJK'[i % 10]}{i:09d}" if teacher else None,
                employee_kind="교원" if teacher else "지방공무원", position="교사" if teacher else "주무관",
                organization_id=rng.choice(org_ids),
                phone=f"010-{1000 + i % 9000}-{rng.randint(1000, 9999)}", email=None,
                note="가상 인물 (벤치마크)", merged_into_id=None, version=1, created_at=stamp,
                updated_at=stamp))
            if len(batch) == 20_000:
                conn.execute(insert(Person.__table__), batch)
                batch = []
        if batch:
            conn.execute(insert(Person.__table__), batch)
    log(f"  {persons:,} persons ({time.perf_counter() - started:.1f}s)")
    database.dispose()
    _enrol(path, persons, enrollments, rng)
    log(f"  {enrollments:,} enrolments ({time.perf_counter() - started:.1f}s)")
    return path


def _enrol(path: Path, persons: int, enrollments: int, rng: random.Random) -> None:
    """Enrolments with plain sqlite3 (fastest), then counters from the rows themselves."""
    conn = raw_connect(path)

    try:
        runs = conn.execute("SELECT id, start_date, capacity FROM course_run ORDER BY id").fetchall()
        person_ids = list(range(1, persons + 1))
        seen: set[tuple[int, int]] = set()
        rows, events = [], []
        eid = 0
        while eid < enrollments:
            run_id, start, capacity = runs[rng.randrange(len(runs))]
            person = person_ids[rng.randrange(len(person_ids))]
            if (run_id, person) in seen:
                continue
            seen.add((run_id, person))
            eid += 1
            at = (datetime.fromisoformat(start) - timedelta(days=20)).isoformat(sep=" ")
            status = "선발" if rng.random() < 0.8 else ("대기" if rng.random() < 0.5 else "취소")
            rows.append((eid, run_id, person, status, eid if status == "대기" else None, at, at,
                         None, "", 1))
            events.append((eid, at, "벤치마크", None, status, "가상 신청"))
        conn.executemany("INSERT INTO enrollment (id, run_id, person_id, status, waitlist_pos,"
                         " applied_at, status_changed_at, override_reason, note, version)"
                         " VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        conn.executemany("INSERT INTO enrollment_event (enrollment_id, at, actor, from_status,"
                         " to_status, reason) VALUES (?,?,?,?,?,?)", events)
        conn.execute("""UPDATE course_run SET
            selected_count = (SELECT COUNT(*) FROM enrollment e WHERE e.run_id = course_run.id
                              AND e.status = '선발'),
            waitlist_count = (SELECT COUNT(*) FROM enrollment e WHERE e.run_id = course_run.id
                              AND e.status = '대기'),
            waitlist_seq = COALESCE((SELECT MAX(waitlist_pos) FROM enrollment e
                                     WHERE e.run_id = course_run.id), 0),
            capacity = CASE WHEN capacity IS NULL THEN NULL ELSE MAX(capacity, (
                SELECT COUNT(*) FROM enrollment e WHERE e.run_id = course_run.id
                AND e.status = '선발')) END""")
        conn.commit()
    finally:
        conn.close()


def cached(folder: Path, log=print) -> Path:
    """The big database, generated once and copied for each use (it is never changed)."""
    folder.mkdir(parents=True, exist_ok=True)
    master = folder / f"big-{PERSONS}-{ENROLLMENTS}.sqlite3"
    if not master.exists():
        log(f"generating {master.name} (once) …")
        generate(master.with_suffix(".part"), log=log)
        shutil.move(str(master.with_suffix(".part")), master)
    return master
