"""Benchmarks of the foundation issue; prints a table and writes ``bench/out/results.json``.

Each figure stands beside its floor, the same work done by the bare library in the same run:

* cold start to the painted main window on the demo database  ← a bare PySide6 window;
* a trainee search per keystroke over 200,000 persons / 1,000,000 enrolments ← the same SQL
  on plain ``sqlite3``;
* opening the course list on that database ← the same aggregate SQL on ``sqlite3``;
* the trainee table: rows held in memory, and scrolling to the end;
* enrolling 10,000 persons through the service ← raw inserts of the same rows;
* uploading a 20,000-row trainee list (read, check, match, write), the same list again, and
  the list into a registry of 200,000 people ← a bare python-calamine read of the file.

Usage: ``uv run python bench/run.py [--quick] [--only start|big|enrol|import|rosters|certificates|bundle|facilities|dormitory|budget|statistics|surveys]`` (``--quick``: fewer
repeats).  The big database
is generated once into ``bench/out/`` (about 30 s) and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("YEONSU_HOME", tempfile.mkdtemp(prefix="yeonsu-bench-home-"))

import bigdata  # noqa: E402
import budget as budget_bench  # noqa: E402
import statistics_bench  # noqa: E402
import surveys_bench  # noqa: E402
import certificates  # noqa: E402
import dormitory  # noqa: E402
import facilities  # noqa: E402
import rosters  # noqa: E402
from raw import connect as raw_connect  # noqa: E402

BARE_WINDOW = """
import os, time, sys
launched = float(os.environ["YEONSU_BENCH_T0"])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1360, 860)
class Watch(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint and getattr(obj, "window", lambda: None)() is window:
            self.done = True
            print(f"painted {time.time() - launched:.3f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
watch = Watch()
app.installEventFilter(watch)
window.show()
app.exec()
"""


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches the way a second keystroke finds them
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def row(name: str, ours: float, floor: float | None, target: float | None, unit="ms",
        note: str = "") -> dict:
    ratio = ours / floor if floor else None
    return {"name": name, "ours": round(ours, 1), "floor": round(floor, 1) if floor else None,
            "ratio": round(ratio, 2) if ratio else None, "target": target, "unit": unit,
            "meets": (ours <= target) if target is not None else None, "note": note}


# ---------------------------------------------------------------- cold start


def launch_ms(cmd: list[str], env: dict, event: str, repeat: int) -> float:
    """Median time from starting the process to the moment it reports ``event`` (the process
    prints ``<event> <seconds since YEONSU_BENCH_T0>``)."""
    times = []
    for _ in range(repeat + 1):
        run_env = dict(env, YEONSU_BENCH_T0=repr(time.time()))
        done = subprocess.run(cmd, env=run_env, check=True, capture_output=True, text=True,
                              cwd=ROOT)
        line = next(x for x in done.stdout.splitlines() if x.startswith(event + " "))
        times.append(float(line.split()[1]) * 1000)
    return statistics.median(times[1:])  # the first run only fills the OS file cache


def _starts(program: list[str], repeat: int) -> tuple[float, float, float]:
    """A bare PySide6 window's start, then ``program --db DEMO``'s start to its painted frame
    and to its painted course list, on a fresh demo database (ms, medians)."""
    from desktop_app.db import open_database
    from desktop_app.services import demo

    folder = Path(tempfile.mkdtemp(prefix="yeonsu-bench-"))
    db_path = folder / "demo.sqlite3"
    database = open_database(db_path)
    with database.session_scope() as session:
        demo.load(session)
    database.dispose()
    env = dict(os.environ, YEONSU_HOME=str(folder))
    # As on an office PC: Python keeps compiled bytecode (an installed bundle ships it).  This
    # sandbox sets PYTHONDONTWRITEBYTECODE, which makes every start compile every module again;
    # the first, discarded run of each measurement writes the cache.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    floor = launch_ms([sys.executable, "-c", BARE_WINDOW], env, "painted", repeat)
    app = [*program, "--db", str(db_path)]
    frame = launch_ms(app, dict(env, YEONSU_BENCH_QUIT_AFTER="paint"), "painted", repeat)
    courses = launch_ms(app, dict(env, YEONSU_BENCH_QUIT_AFTER="courses"), "courses", repeat)
    shutil.rmtree(folder, ignore_errors=True)
    return floor, frame, courses


def cold_start(repeat: int) -> list[dict]:
    floor, frame, courses = _starts([sys.executable, "main.py"], repeat)
    platform_name = os.environ.get("QT_QPA_PLATFORM", "")
    note = (f"floor: a bare PySide6 window; QT_QPA_PLATFORM={platform_name}; "
            "bytecode cached")
    return [row("시작: 주 창 틀이 그려질 때까지 (목표 3배 이내)", frame, floor, round(3 * floor),
                note=note),
            row("시작: 과정 목록 210개가 그려질 때까지 (데모 DB)", courses, floor, 1200,
                note=note)]


def bundle(repeat: int) -> list[dict]:
    """The installed program (``bash installers/build-linux.sh`` first): its size on disk and
    its cold start to the painted main window and to the painted course list (demo database),
    beside a bare PySide6 window started by the source tree's Python."""
    exe = ROOT / "dist" / "yeonsu" / ("yeonsu.exe" if os.name == "nt" else "yeonsu")
    if not exe.exists():
        print(f"번들이 없어 생략합니다: {exe} (bash installers/build-linux.sh)")
        return []
    # links (PyInstaller links duplicate libraries) counted once, as du and Explorer do
    size_mb = sum(f.stat().st_size for f in exe.parent.rglob("*")
                  if f.is_file() and not f.is_symlink()) / 2**20
    floor, frame, courses = _starts([str(exe)], repeat)
    note = "floor: a bare PySide6 window from the source tree's Python"
    return [row("번들 크기 (dist/yeonsu)", size_mb, None, 200, unit="MiB"),
            row("번들 시작: 주 창 틀이 그려질 때까지", frame, floor, 2000, note=note),
            row("번들 시작: 과정 목록 210개가 그려질 때까지", courses, floor, 2000, note=note)]


# ---------------------------------------------------------------- big database

SEARCHES = ["김", "김민", "김민준", "민준", "A0001", "5678", "3454", "21833", "한빛초등학교1",
            "19800101", ""]

FLOOR_SEARCH_SQL = """
SELECT id FROM person WHERE merged_into_id IS NULL AND (name LIKE ? OR organization_id IN
 (SELECT id FROM organization WHERE name LIKE ?))
ORDER BY name, birth_date, organization_id, neis_no, phone, id"""
FLOOR_ALL_SQL = """SELECT id FROM person WHERE merged_into_id IS NULL
ORDER BY name, birth_date, organization_id, neis_no, phone, id"""
FLOOR_ROWS_SQL = """SELECT p.id, p.name, p.birth_date, p.gender, p.neis_no, p.employee_kind,
 p.position, o.name, p.phone FROM person p LEFT JOIN organization o ON o.id = p.organization_id
 WHERE p.id IN ({})"""
FLOOR_RUN_SQL = """SELECT r.id FROM course_run r JOIN course c ON c.id = r.course_id
ORDER BY r.code"""
FLOOR_RUN_ROWS_SQL = """SELECT r.*, c.* FROM course_run r JOIN course c ON c.id = r.course_id
WHERE r.id IN ({})"""
FLOOR_COURSE_SQL = """
SELECT c.id FROM course c LEFT JOIN (SELECT course_id, count(id) AS run_count,
 sum(CASE WHEN status = '개설' THEN capacity ELSE 0 END) AS capacity,
 sum(selected_count) AS selected, sum(waitlist_count) AS waitlisted,
 min(start_date) AS first_start, max(end_date) AS last_end
 FROM course_run GROUP BY course_id) s ON s.course_id = c.id
WHERE c.year = ? ORDER BY c.code"""
FLOOR_COURSE_ROWS_SQL = """
SELECT c.*, s.* FROM course c LEFT JOIN (SELECT course_id, count(id), sum(capacity),
 sum(selected_count), sum(waitlist_count), min(start_date), max(end_date)
 FROM course_run GROUP BY course_id) s ON s.course_id = c.id WHERE c.id IN ({})"""


def big_database(repeat: int) -> list[dict]:
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import create_application
    from desktop_app.db import open_database
    from desktop_app.views.context import AppContext
    from desktop_app.views.course_page import CoursePage
    from desktop_app.views.table_models import CourseTableModel, PersonTableModel
    from desktop_app.views.trainee_page import TraineePage
    from desktop_app.services.courses import CourseFilter

    master = bigdata.cached(OUT)
    path = Path(tempfile.mkdtemp(prefix="yeonsu-bench-")) / "big.sqlite3"
    shutil.copy(master, path)
    app = create_application()
    database = open_database(path)
    context = AppContext(database)
    raw = raw_connect(path)
    results = []

    # -- search per keystroke: the trainee model's query plus the first screen of rows
    model = PersonTableModel(context)

    def search(text: str) -> None:
        model.search_text = text
        model.reload()
        for r in range(min(40, model.rowCount())):
            model.row_at(r)

    def floor_search(text: str) -> None:
        if text:
            ids = [i for (i,) in raw.execute(FLOOR_SEARCH_SQL, (f"%{text}%", f"%{text}%"))]
        else:
            ids = [i for (i,) in raw.execute(FLOOR_ALL_SQL)]
        first = ids[:100]
        raw.execute(FLOOR_ROWS_SQL.format(",".join("?" * len(first))), first).fetchall()

    per_query = []
    for text in SEARCHES:
        ours = median_ms(lambda t=text: search(t), repeat)
        floor = median_ms(lambda t=text: floor_search(t), repeat)
        per_query.append((text, ours, floor, model.rowCount()))
    worst = max(per_query, key=lambda q: q[1])
    typed = [q for q in per_query if q[0]]
    results.append(row("검색 한 글자마다: 가장 느린 입력 (200,000명)", worst[1], worst[2], 50,
                       note=f"'{worst[0]}' → {worst[3]:,}명"))
    results.append(row("검색 한 글자마다: 입력한 검색어 중앙값", statistics.median(q[1] for q in typed),
                       statistics.median(q[2] for q in typed), 50,
                       note=", ".join(f"'{q[0]}' {q[1]:.0f}ms" for q in typed)))

    # -- opening the course list (model) and the whole course page
    course_model = CourseTableModel(context)

    def open_courses() -> None:
        course_model.filter = CourseFilter(year=2021)
        course_model.reload()
        for r in range(min(40, course_model.rowCount())):
            course_model.row_at(r)

    def floor_courses() -> None:
        ids = [r[0] for r in raw.execute(FLOOR_COURSE_SQL, (2021,))]
        raw.execute(FLOOR_COURSE_ROWS_SQL.format(",".join("?" * 100)), ids[:100]).fetchall()

    results.append(row("과정 목록 열기: 2,100과정 조회와 첫 화면 행", median_ms(open_courses, repeat),
                       median_ms(floor_courses, repeat), 200))

    def open_page() -> None:
        page = CoursePage(context)
        page.resize(1300, 800)
        page.show()
        QApplication.processEvents()
        page.close()
        page.deleteLater()

    results.append(row("과정 화면 열기: 화면 만들기·그리기 포함", median_ms(open_page, max(repeat // 2, 3)),
                       median_ms(floor_courses, repeat), 200,
                       note="floor: the same SQL without any widget"))

    # -- the run finder of the registration page: every run, the first screen of rows
    from desktop_app.db import change_count
    from desktop_app.views.table_models import RunPickTableModel

    run_model = RunPickTableModel(context)

    def find_runs() -> None:
        run_model.search_text = ""
        run_model.reload()
        for r in range(min(40, run_model.rowCount())):
            run_model.row_at(r)

    def floor_runs() -> None:
        ids = [i for (i,) in raw.execute(FLOOR_RUN_SQL)]
        raw.execute(FLOOR_RUN_ROWS_SQL.format(",".join("?" * 100)), ids[:100]).fetchall()

    find_ms = median_ms(find_runs, repeat)
    results.append(row("기수 찾기: 모든 기수 조회와 첫 화면 행", find_ms, median_ms(floor_runs, repeat),
                       200, note=f"{run_model.rowCount():,}개 기수"))

    # -- the look an open window takes every few seconds for changes made elsewhere
    def look() -> None:
        with database.read_scope() as session:
            change_count(session)

    def floor_look() -> None:
        raw.execute("SELECT value FROM change_counter WHERE id = 1").fetchone()

    results.append(row("다른 PC의 변경 확인 한 번 (3초마다, 화면 밖 스레드)",
                       median_ms(look, repeat * 5), median_ms(floor_look, repeat * 5), 20))

    # -- the trainee table: rows in memory and scrolling
    page = TraineePage(context)
    page.resize(1300, 800)
    start = time.perf_counter()
    page.show()
    QApplication.processEvents()
    open_ms = (time.perf_counter() - start) * 1000
    loaded = page.model.loaded_row_count()
    start = time.perf_counter()
    page.view.scrollToBottom()
    QApplication.processEvents()
    scroll_ms = (time.perf_counter() - start) * 1000
    after = page.model.loaded_row_count()
    results.append(row("연수생 표: 메모리에 올린 행 (전체 200,000명)", loaded, None, None, unit="행",
                       note=f"맨 끝까지 스크롤한 뒤 {after}행"))
    results.append(row("연수생 표: 맨 끝으로 스크롤", scroll_ms, None, 50,
                       note=f"화면 표시 {open_ms:.0f}ms"))
    page.close()
    raw.close()
    database.dispose()
    app.processEvents()
    shutil.rmtree(path.parent, ignore_errors=True)
    return results


# ---------------------------------------------------------------- enrolling 10,000


def enrol_10000() -> list[dict]:
    from datetime import date

    from desktop_app.services import clock

    # Registration cost, not the date rule: a day before the plan year, every run is open.
    with clock.fixed(date(2020, 12, 1)):
        return _enrol_10000()


def _enrol_10000() -> list[dict]:
    from sqlalchemy import insert, select

    from desktop_app.db import open_database
    from desktop_app.models import Course, CourseRun, Person
    from desktop_app.models.base import now
    from desktop_app.services import demo, enrollment

    folder = Path(tempfile.mkdtemp(prefix="yeonsu-bench-"))
    template = folder / "template.sqlite3"
    database = open_database(template)
    with database.session_scope() as session:
        demo.load(session, persons=0)
        stamp = now()
        session.execute(insert(Person.__table__), [
            dict(name=f"벤치{i:05d}", birth_date=stamp.date(), version=1, created_at=stamp,
                 updated_at=stamp, note="가상") for i in range(10_000)])
    with database.read_scope() as session:
        run_ids = list(session.scalars(
            select(CourseRun.id).join(Course).where(Course.delivery == "집합")
            .order_by(CourseRun.id).limit(100)))
        person_ids = list(session.scalars(select(Person.id).order_by(Person.id)))
    database.dispose()
    pairs = [(run_ids[i % 100], pid) for i, pid in enumerate(person_ids)]
    results = []

    copy = folder / "service.sqlite3"
    shutil.copy(template, copy)
    database = open_database(copy)
    start = time.perf_counter()
    for run_id, person_id in pairs:  # the front-desk path: one transaction per registration
        with database.session_scope() as session:
            enrollment.enroll(session, run_id, person_id, "벤치", override_reason=None)
    per_action = (time.perf_counter() - start) * 1000
    database.dispose()

    copy = folder / "batch.sqlite3"
    shutil.copy(template, copy)
    database = open_database(copy)
    start = time.perf_counter()
    with database.session_scope() as session:
        for run_id, person_id in pairs:
            enrollment.enroll(session, run_id, person_id, "벤치")
    one_transaction = (time.perf_counter() - start) * 1000
    database.dispose()

    copy = folder / "raw.sqlite3"
    shutil.copy(template, copy)
    raw = raw_connect(copy)
    start = time.perf_counter()
    at = now().isoformat(sep=" ")
    raw.executemany("INSERT INTO enrollment (run_id, person_id, status, applied_at,"
                    " status_changed_at, note, version) VALUES (?, ?, '선발', ?, ?, '', 1)",
                    [(r, p, at, at) for r, p in pairs])
    raw.execute("INSERT INTO enrollment_event (enrollment_id, at, actor, to_status, reason)"
                " SELECT id, applied_at, '벤치', status, '' FROM enrollment")
    raw.execute("UPDATE course_run SET selected_count = (SELECT COUNT(*) FROM enrollment e"
                " WHERE e.run_id = course_run.id)")
    raw.commit()
    floor = (time.perf_counter() - start) * 1000
    raw.close()
    shutil.rmtree(folder, ignore_errors=True)
    results.append(row("등록 10,000명: 서비스, 한 명마다 한 트랜잭션(창구)", per_action, floor, None,
                       note=f"{per_action / 10_000:.2f}ms/명"))
    results.append(row("등록 10,000명: 서비스, 한 트랜잭션", one_transaction, floor, None,
                       note=f"{one_transaction / 10_000:.2f}ms/명; floor: raw sqlite3 inserts"))
    return results


# ---------------------------------------------------------------- importing a 20,000-row list


def import_20000(repeat: int) -> list[dict]:
    """명단 업로드 of a 20,000-row .xlsx as the dialog does it: read and find the header, plan
    (check, match, decide) in a read session, then write in one transaction; beside a bare
    python-calamine read and an openpyxl read-only read of the same file.  Then the same file
    again into that run: every row matched to a registered person, nobody added; and the file
    into a registry of 200,000 people (as after some years), where matching searches them."""
    from datetime import date

    import openpyxl
    from python_calamine import CalamineWorkbook

    from desktop_app.db import open_database
    from desktop_app.services import clock, courses, runs

    folder = Path(tempfile.mkdtemp(prefix="yeonsu-bench-import-"))
    path = folder / "list.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("명단")
    ws.append(["2021 연수 대상자 명단"])
    ws.append([])
    ws.append(["번호", "성명", "생년월일", "나이스개인번호", "소속", "직위", "휴대전화"])
    family, given = "김이박최정강조윤장임", "민서지도하윤현우준영수진예은"
    for i in range(20_000):
        ws.append([i + 1, family[i % 10] + given[i % 14] + given[(i // 14) % 14],
                   date(1960 + i % 40, 1 + i % 12, 1 + i % 28), f"B{i:09d}",
                   f"서울{i % 900:03d}초등학교", "교사", f"010-{i % 10000:04d}-{i // 10 % 10000:04d}"])
    wb.save(path)
    template = folder / "template.sqlite3"
    database = open_database(template)
    with clock.fixed(date(2020, 12, 1)), database.session_scope() as s:
        course_id = courses.create_course(s, courses.CourseFields(
            year=2021, title="벤치 과정", category="직무연수", target_group="초등",
            department="초등교원연수부", delivery="집합", hours=15))
        run_id = runs.add_run(s, course_id, runs.RunFields(
            start_date=date(2021, 5, 10), end_date=date(2021, 5, 12), capacity=None))
    database.dispose()
    registry = folder / "registry.sqlite3"
    shutil.copy(template, registry)
    _fill_registry(registry, 200_000, family, given)

    def calamine_floor() -> None:
        workbook = CalamineWorkbook.from_path(str(path))
        workbook.get_sheet_by_index(0).to_python()
        workbook.close()

    def openpyxl_floor() -> None:
        workbook = openpyxl.load_workbook(path, read_only=True)
        for _row in workbook.active.iter_rows(values_only=True):
            pass
        workbook.close()

    calamine_floor()  # the file into the OS cache, calamine loaded
    slow_floor = median_ms(openpyxl_floor, 1)
    first, again, big, floors = [], [], [], []
    for attempt in range(repeat):  # a fresh copy of the database each time
        # The floor is timed beside each round of uploads, not once: this machine's speed
        # drifts by half over a minute, and a figure and its floor must share their moment.
        start = time.perf_counter()
        calamine_floor()
        floors.append((time.perf_counter() - start) * 1000)
        for source, uploads in ((template, [first, again]), (registry, [big])):
            copy = folder / f"bench-{attempt}.sqlite3"
            shutil.copy(source, copy)
            database = open_database(copy)
            with clock.fixed(date(2020, 12, 1)):
                for into in uploads:
                    into.append(_upload(database, path, run_id))
            database.dispose()
            copy.unlink()
    shutil.rmtree(folder, ignore_errors=True)
    floor = statistics.median(floors)
    return [_upload_row("명단 업로드 20,000행: 읽기·검사·대조·저장", first, floor, 1500,
                        f"floor: python-calamine 읽기만 (openpyxl read-only {slow_floor:,.0f}ms)"),
            _upload_row("같은 명단 다시: 20,000명 모두 대조됨, 추가 없음", again, floor, None,
                        "floor: python-calamine 읽기만"),
            _upload_row("명단 업로드 20,000행, 연수생 200,000명 등록부에", big, floor, None,
                        "floor: python-calamine 읽기만")]


def _fill_registry(path: Path, count: int, family: str, given: str) -> None:
    """``count`` people already registered, with plain sqlite3: the file's names, birth
    dates and schools among them (so matching finds candidates to tell apart), other NEIS
    numbers, a quarter without one."""
    import random
    from datetime import date, timedelta

    rng = random.Random(7)
    conn = raw_connect(path)
    try:
        conn.executemany("INSERT INTO organization (name, kind, version) VALUES (?, '학교', 1)",
                         [(f"서울{i:03d}초등학교",) for i in range(900)])
        org_ids = [r[0] for r in conn.execute("SELECT id FROM organization")]
        stamp = "2021-01-04 09:00:00.000000"
        conn.executemany(
            "INSERT INTO person (name, birth_date, neis_no, position, organization_id, phone, "
            "version, created_at, updated_at) VALUES (?, ?, ?, '교사', ?, ?, 1, ?, ?)",
            [(rng.choice(family) + rng.choice(given) + rng.choice(given),
              (date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))).isoformat(),
              f"R{i:09d}" if i % 4 else None, rng.choice(org_ids),
              f"010-{rng.randrange(10000):04d}-{rng.randrange(10000):04d}", stamp, stamp)
             for i in range(count)])
        conn.commit()
    finally:
        conn.close()


def _upload(database, path: Path, run_id: int) -> dict:
    """One upload timed by phase: read (and find the header), plan, write (with its commit)."""
    from desktop_app.excel.reader import read_rows
    from desktop_app.excel.roster_columns import find_header
    from desktop_app.services.roster_import import plan_import
    from desktop_app.services.roster_import_apply import apply_import

    start = time.perf_counter()
    [sheet] = read_rows(path)
    guess = find_header(sheet.rows)
    read = time.perf_counter()
    with database.read_scope() as s:
        plan = plan_import(s, sheet, guess.row_index, guess.columns, run_id)
    planned = time.perf_counter()
    with database.session_scope() as s:
        result = apply_import(s, plan, "벤치")
    written = time.perf_counter()
    return {"total": (written - start) * 1000, "read": (read - start) * 1000,
            "plan": (planned - read) * 1000, "write": (written - planned) * 1000,
            "result": result}


def _upload_row(name: str, uploads: list[dict], floor: float, target: float | None,
                note: str) -> dict:
    """The median upload, with its phases and what it wrote in the note."""
    middle = sorted(uploads, key=lambda r: r["total"])[len(uploads) // 2]
    result = middle["result"]
    return row(name, middle["total"], floor, target,
               note=f"읽기 {middle['read']:,.0f} · 검사·대조 {middle['plan']:,.0f} · 저장 "
                    f"{middle['write']:,.0f}ms; 새 연수생 {result.persons_added:,}명, 선발 "
                    f"{result.selected:,}, 이미 {result.already:,}; 중앙값 {len(uploads)}회; {note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--only", choices=("start", "big", "enrol", "import", "rosters",
                                           "certificates", "bundle", "facilities",
                                           "dormitory", "budget", "statistics", "surveys"),
                        help="one group of figures (the JSON then holds only those)")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    OUT.mkdir(parents=True, exist_ok=True)
    groups = {"start": lambda: cold_start(repeat), "big": lambda: big_database(repeat),
              "enrol": enrol_10000, "import": lambda: import_20000(min(repeat, 5)),
              "rosters": lambda: (rosters.export_20000(row, median_ms)
                                  + rosters.completion_1000x60(row, median_ms)
                                  + rosters.roster_pdf_1000(row, median_ms)),
              "certificates": lambda: certificates.certificates_1000(row, median_ms),
              "bundle": lambda: bundle(repeat),
              "facilities": lambda: (facilities.conflict_check(row, median_ms)
                                     + facilities.timeline_week(row, median_ms)),
              "dormitory": lambda: (dormitory.assign_1000(row, median_ms)
                                    + dormitory.chart_300x60(row, median_ms)),
              "budget": lambda: budget_bench.execution_20000(row, median_ms),
              "statistics": lambda: statistics_bench.statistics_2000_runs(row, median_ms),
              "surveys": lambda: surveys_bench.import_5000(row, median_ms)}
    results = [r for name, make in groups.items() if args.only in (None, name) for r in make()]
    width = max(len(r["name"]) for r in results) + 2
    print(f"\n{'측정':<{width}}{'연수':>10}{'기준(floor)':>14}{'배율':>8}{'목표':>10}  비고")
    for r in results:
        floor = f"{r['floor']:,.1f}" if r["floor"] is not None else "-"
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "-"
        target = f"≤{r['target']:,}" if r["target"] is not None else "-"
        mark = {True: " ✓", False: " ✗", None: ""}[r["meets"]]
        print(f"{r['name']:<{width}}{r['ours']:>10,.1f}{floor:>14}{ratio:>8}{target:>10}"
              f"{mark}  {r['unit']} {r['note']}")
    payload = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                           "cpus": os.cpu_count()},
               "when": time.strftime("%Y-%m-%d %H:%M:%S"), "results": results}
    (OUT / "results.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1),
                                      encoding="utf-8")
    print(f"\n→ {OUT / 'results.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
