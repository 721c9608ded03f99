"""Bench of the dormitory: assigning 1,000 trainees of a lodging run to 300 rooms (the whole
assignment: reading stays and occupancy, placing, writing the bed of every night)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import insert, update

PEOPLE, ROOMS = 1_000, 300


def assign_1000(row, median_ms) -> list[dict]:
    from desktop_app.models import CourseRun, DormRoom, Person, StayNight
    from desktop_app.services import dorm
    from rosters import _database

    folder = Path(tempfile.mkdtemp(prefix="yeonsu-bench-dorm-"))
    database, run_id = _database(folder, PEOPLE)
    with database.session_scope() as s:
        s.execute(update(CourseRun).where(CourseRun.id == run_id).values(
            lodging=True, start_date=date(2021, 3, 8), end_date=date(2021, 3, 12)))
        s.execute(update(Person).where(Person.id % 2 == 0).values(gender="여"))
        s.execute(update(Person).where(Person.id % 2 == 1).values(gender="남"))
        s.execute(insert(DormRoom), [dict(code=f"D{f}{n:02d}", floor=f, beds=4,
                                          accessible=(f, n) in ((1, 1), (1, 2)), active=True,
                                          note="") for f in range(1, 11) for n in range(1, 31)])
        dorm.create_stays_for_run(s, run_id)

    def ours() -> None:
        with database.session_scope() as s:
            result = dorm.assign(s, [run_id])
        assert result.placed == PEOPLE, result.unplaced[:3]

    total = median_ms(ours, 3)
    with database.read_scope() as s:
        nights = s.query(StayNight).count()
    database.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return [row(f"숙소 자동 배정 {PEOPLE:,}명 → {ROOMS}실 (4박)", total, None, 500,
                note=f"밤마다 침대 {nights:,}건 기록까지; 남녀 반씩")]

