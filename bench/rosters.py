"""Benchmarks of the rosters issue (run through ``bench/run.py --only rosters``):

* the roster workbook of a 20,000-trainee run ← a bare openpyxl ``write_only`` loop writing
  the same rows (what any exporter must at least pay);
* completion of a run of 1,000 trainees × 60 periods (60,000 attendance cells) ← the bare
  ``sqlite3`` read of those cells (the data the rule needs, with no rule applied).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import date, datetime, time as clock_time, timedelta
from pathlib import Path

from sqlalchemy import insert
from raw import connect as raw_connect  # noqa: E402 - bench dir on sys.path


def _database(folder: Path, trainees: int, periods_per_day: int = 0, days: int = 0):
    """A run with ``trainees`` selected trainees (and a timetable); the rows go in with Core
    inserts because only the measured step matters here."""
    from desktop_app.db import open_database
    from desktop_app.models import Enrollment, Organization, Person
    from desktop_app.services import clock, courses, runs, timetable
    from desktop_app.services.timetable import PeriodRow

    database = open_database(folder / "bench.sqlite3")
    start = date(2021, 3, 8)
    with clock.fixed(date(2020, 12, 1)), database.session_scope() as s:
        course_id = courses.create_course(s, courses.CourseFields(
            year=2021, title="벤치 과정", category="직무연수", target_group="초등",
            department="초등교원연수부", delivery="집합", hours=max(1, periods_per_day * days)))
        run_id = runs.add_run(s, course_id, runs.RunFields(
            start_date=start, end_date=start + timedelta(days=max(days, 1) + 5), capacity=None))
        s.execute(insert(Organization), [{"name": f"서울{i:03d}초등학교", "kind": "학교",
                                          "version": 1} for i in range(300)])
        stamp = datetime(2021, 1, 1)
        family, given = "김이박최정강조윤장임", "민서지도하윤현우준영수진예은"
        s.execute(insert(Person), [{
            "id": i + 1, "name": family[i % 10] + given[i % 14] + given[(i // 14) % 14],
            "birth_date": date(1960 + i % 40, 1 + i % 12, 1 + i % 28), "neis_no": f"B{i:09d}",
            "position": "교사", "organization_id": 1 + i % 300, "phone": "010-1234-5678",
            "version": 1, "created_at": stamp, "updated_at": stamp} for i in range(trainees)])
        s.execute(insert(Enrollment), [{
            "run_id": run_id, "person_id": i + 1, "status": "선발", "applied_at": stamp,
            "status_changed_at": stamp, "version": 1, "note": ""} for i in range(trainees)])
    if days:
        weekdays = [d for d in (start + timedelta(days=k) for k in range(days + 5))
                    if d.weekday() < 5][:days]
        rows = [PeriodRow(d, clock_time(9 + h, 0), clock_time(9 + h, 50), f"교시 {h + 1}")
                for d in weekdays for h in range(periods_per_day)]
        with database.session_scope() as s:
            timetable.save(s, run_id, 0, rows)
    return database, run_id


def export_20000(row, median_ms) -> list[dict]:
    """명단 엑셀로 of a 20,000-trainee run beside openpyxl write_only writing the same rows."""
    from openpyxl import Workbook

    from desktop_app.services.roster_export import export_roster

    folder = Path(tempfile.mkdtemp(prefix="yeonsu-bench-export-"))
    database, run_id = _database(folder, 20_000)
    out = folder / "명단.xlsx"

    def ours() -> None:
        with database.read_scope() as s:
            export_roster(s, run_id, out)

    start = time.perf_counter()
    ours()
    total = (time.perf_counter() - start) * 1000
    import openpyxl

    rows = list(openpyxl.load_workbook(out, read_only=True).active.values)

    def floor_write() -> None:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("명단")
        for values in rows:
            sheet.append(values)
        book.save(folder / "floor.xlsx")

    floor = median_ms(floor_write, 1)
    database.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return [row("명단 엑셀 20,000명 (출석률·점수·이수 열 포함)", total, floor, 3000,
                note=f"{len(rows[0])}열; floor: openpyxl write_only로 같은 행 쓰기")]


def completion_1000x60(row, median_ms) -> list[dict]:
    """이수 판정 and record for 1,000 trainees × 60 periods beside the bare read of the cells."""
    from desktop_app.services import attendance, clock, completion

    folder = Path(tempfile.mkdtemp(prefix="yeonsu-bench-completion-"))
    database, run_id = _database(folder, 1_000, periods_per_day=6, days=10)
    with database.session_scope() as s:
        sheet = attendance.load_sheet(s, run_id)
        marks = {}
        for i, t in enumerate(sheet.trainees):
            for j, p in enumerate(sheet.periods):
                marks[(t.enrollment_id, p.id)] = "결석" if (i % 25 == 0 and j < 12) else (
                    "지각" if (i + j) % 97 == 0 else "출석")
        attendance.write_marks(s, marks, "벤치")
    path = str(folder / "bench.sqlite3")

    def bare_read() -> None:
        con = raw_connect(path)
        con.execute("SELECT a.enrollment_id, a.session_id, a.status FROM attendance a "
                    "JOIN course_session s ON s.id = a.session_id WHERE s.run_id = ?",
                    (run_id,)).fetchall()
        con.close()

    floor = median_ms(bare_read, 5)
    results = []
    with clock.fixed(date(2021, 6, 1)):
        start = time.perf_counter()
        with database.session_scope() as s:
            decided = completion.apply(s, run_id, "벤치")
        first = (time.perf_counter() - start) * 1000

        def again() -> None:
            with database.session_scope() as s:
                completion.apply(s, run_id, "벤치")

        repeat = median_ms(again, 3)
    database.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    results.append(row("이수 판정 1,000명 × 60교시 (처음: 기록까지)", first, floor, 500,
                       note=f"이수 {decided.count('이수')}, 미이수 {decided.count('미이수')}; "
                            "floor: sqlite3로 출결 60,000칸 읽기만"))
    results.append(row("이수 판정 1,000명 × 60교시 (다시: 바뀐 것 없음)", repeat, floor, 500,
                       note="같은 결과는 다시 쓰지 않음"))
    return results


def roster_pdf_1000(row, median_ms) -> list[dict]:
    """The printed roster of a 1,000-trainee run beside a bare ReportLab table of the same
    rows in the same font (no frame, no paragraphs)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import LongTable, SimpleDocTemplate

    from desktop_app import paths
    from desktop_app.reports.fonts import GOTHIC, register_fonts
    from desktop_app.services import roster_print

    folder = Path(tempfile.mkdtemp(prefix="yeonsu-bench-pdf-"))
    database, run_id = _database(folder, 1_000)
    choice = roster_print.RosterPrint(("birth_date", "phone", "signature"))
    out = folder / "roster.pdf"

    def ours() -> None:
        with database.read_scope() as s:
            roster_print.print_roster(s, run_id, out, choice)

    total = median_ms(ours, 3)
    register_fonts(paths.resources_dir() / "fonts")
    rows = [[str(i), f"이름{i}", f"서울{i % 300:03d}초등학교", "교사", "1980-01-**",
             "010-****-5678", ""] for i in range(1000)]

    def bare() -> None:
        table = LongTable([["번호", "성명", "소속", "직위", "생년월일", "전화번호", "서명"]] + rows,
                          repeatRows=1)
        table.setStyle([("FONTNAME", (0, 0), (-1, -1), GOTHIC)])
        SimpleDocTemplate(str(folder / "bare.pdf"), pagesize=A4).build([table])

    floor = median_ms(bare, 3)
    size = out.stat().st_size
    database.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return [row("명단 PDF 1,000명 (가림, 서명 칸)", total, floor, 2000,
                note=f"{size / 1024:,.0f} KB; floor: ReportLab LongTable만 같은 글꼴로")]
