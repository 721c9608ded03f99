"""Bench of room bookings: the overlap check of one new booking against 50,000 existing ones,
and the week timeline of 160 rooms and 2,000 bookings painted."""

from __future__ import annotations

import random
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from raw import connect as raw_connect  # noqa: E402 - bench dir on sys.path

ROOMS, BOOKINGS = 160, 50_000
MONDAY = datetime(2021, 3, 1)


def _database(folder: Path):
    from sqlalchemy import insert, select

    from desktop_app.db import open_database
    from desktop_app.models import Booking, Building, Room

    database = open_database(folder / "bench.sqlite3")
    rng = random.Random(7)
    with database.session_scope() as s:
        building = s.scalar(select(Building.id).where(Building.code == "E"))
        s.execute(insert(Room), [dict(code=f"R{i:03d}", name=f"강의실 {i:03d}",
                                      building_id=building, kind="강의실", capacity=40,
                                      floor=1, equipment="", rentable=False, active=True,
                                      note="", version=1) for i in range(ROOMS)])
        room_ids = list(s.scalars(select(Room.id)))
        rows, per_room = [], BOOKINGS // ROOMS
        for room in room_ids:     # back to back through the year: no overlaps to refuse
            moment = MONDAY
            for _ in range(per_room):
                moment += timedelta(hours=rng.choice((1, 2, 3)))
                length = timedelta(hours=rng.choice((1, 2)))
                rows.append(dict(room_id=room, start_at=moment, end_at=moment + length,
                                 kind="과정", status="확정", title="벤치 예약", note="",
                                 created_at=MONDAY, created_by="bench", version=1))
                moment += length
        s.execute(insert(Booking), rows)
    return database, room_ids


def conflict_check(row, median_ms) -> list[dict]:
    """``bookings.conflicts`` for one new span against 50,000 bookings, beside the same query
    in bare sqlite3."""
    from desktop_app.services import bookings

    folder = Path(tempfile.mkdtemp(prefix="yeonsu-bench-booking-"))
    database, room_ids = _database(folder)
    rng = random.Random(3)
    spans = [(rng.choice(room_ids), MONDAY + timedelta(hours=rng.randrange(24 * 300)))
             for _ in range(200)]
    session_cm = database.read_scope()
    session = session_cm.__enter__()
    index = iter(range(10**9))

    def ours() -> None:
        room, start = spans[next(index) % len(spans)]
        bookings.conflicts(session, room, start, start + timedelta(hours=2))

    total = median_ms(ours, 200)
    raw = raw_connect(folder / "bench.sqlite3")

    def floor() -> None:
        room, start = spans[next(index) % len(spans)]
        end = start + timedelta(hours=2)
        raw.execute("SELECT id FROM booking WHERE room_id = ? AND status <> '취소' AND "
                    "start_at < ? AND end_at > ?", (room, end.isoformat(" "),
                                                     start.isoformat(" "))).fetchall()

    bare = median_ms(floor, 200)
    raw.close()
    session_cm.__exit__(None, None, None)
    database.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return [row("예약 겹침 확인 1건 (기존 예약 50,000건)", total, bare, 5,
                note="floor: sqlite3로 같은 조건 조회")]


def timeline_week(row, median_ms) -> list[dict]:
    """The week timeline of 160 rooms and 2,000 bookings painted whole, beside a bare QPainter
    drawing the same rectangles and titles."""
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from desktop_app.services.bookings import BookingRow
    from desktop_app.services.rooms import RoomRow
    from desktop_app.views.timeline import TimelineGeometry, TimelineView

    app = QApplication.instance() or QApplication([])
    rng = random.Random(5)
    rooms = [RoomRow(i, f"R{i:03d}", f"교육동 {i:03d}호", "교육동", "본원", "강의실", 40, 1, (),
                     False, True, "") for i in range(ROOMS)]
    bookings = []
    for n in range(2_000):
        start = MONDAY + timedelta(days=rng.randrange(7), hours=8 + rng.randrange(9))
        bookings.append(BookingRow(n, rng.randrange(ROOMS), "", "", "교육동", start,
                                   start + timedelta(hours=1 + rng.randrange(3)),
                                   rng.choice(("과정", "내부행사", "대관")), "확정",
                                   f"2021-{n:03d}-01 초등 수업 연수", None, None))
    geometry = TimelineGeometry(MONDAY.date(), 7, width=1100)
    view = TimelineView(geometry)
    view.resize(1100, geometry.row_height * ROOMS)
    view.set_data(rooms, bookings)
    size = view.size()

    def ours() -> None:
        view.grab()

    total = median_ms(ours, 5)
    rects = [view.booking_rect(b.room_id, b) for b in bookings]

    def floor() -> None:
        pixmap = QPixmap(size)
        pixmap.fill(QColor("white"))
        painter = QPainter(pixmap)
        painter.setBrush(QColor("#4F81BD"))
        for rect, b in zip(rects, bookings):
            painter.drawRect(rect)
            painter.drawText(rect, b.title)
        for i, r in enumerate(rooms):
            painter.drawText(6, i * geometry.row_height + 16, r.name)
        painter.end()

    bare = median_ms(floor, 5)
    del app
    return [row("시설 주간 타임라인 그리기 (강의실 160, 예약 2,000)", total, bare, 150,
                note="전체를 한 번에 그림 (화면에는 보이는 줄만); floor: QPainter로 같은 사각형·글자")]
