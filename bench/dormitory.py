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



def chart_300x60(row, median_ms) -> list[dict]:
    """The occupancy chart of 300 rooms over 60 nights painted whole, beside a bare QPainter
    filling the same cells."""
    import random
    from datetime import timedelta

    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from desktop_app.services.dorm import OccupancyGrid, RoomInfo
    from desktop_app.views.occupancy_chart import HEADER_HEIGHT, LABEL_WIDTH, ROW_HEIGHT, OccupancyChart

    app = QApplication.instance() or QApplication([])
    rng = random.Random(9)
    rooms = tuple(RoomInfo(i, f"D{i:03d}", 1 + i // 30, 4, False) for i in range(ROOMS))
    nights = tuple(date(2021, 7, 1) + timedelta(days=n) for n in range(60))
    cells = {(r.id, n): (rng.randint(1, 4), rng.choice("남여"), frozenset({1}))
             for r in rooms for n in nights if rng.random() < 0.7}
    used: dict = {}
    for (_r, n), (count, _g, _x) in cells.items():
        used[n] = used.get(n, 0) + count
    grid = OccupancyGrid(rooms, nights, cells, used)
    chart = OccupancyChart()
    chart.resize(1100, HEADER_HEIGHT + ROW_HEIGHT * ROOMS)
    chart.set_grid(grid, 1)
    total = median_ms(lambda: chart.grab(), 5)
    width = (1100 - LABEL_WIDTH) / 60

    def floor() -> None:
        pixmap = QPixmap(chart.size())
        pixmap.fill(QColor("white"))
        painter = QPainter(pixmap)
        colour = QColor("#4F81BD")
        for (room_id, night), _cell in cells.items():
            painter.fillRect(int(LABEL_WIDTH + (night - nights[0]).days * width),
                             HEADER_HEIGHT + room_id * ROW_HEIGHT, int(width), ROW_HEIGHT - 4,
                             colour)
        painter.end()

    bare = median_ms(floor, 5)
    del app
    return [row("숙소 배정표 그리기 (객실 300 × 60밤)", total, bare, 150,
                note="전체를 한 번에; floor: QPainter로 같은 칸 채우기")]
