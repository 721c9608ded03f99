"""Bench of a survey import: 5,000 answer rows (five items and two instructors each) checked
and written, beside a bare python-calamine read of the same file."""

from __future__ import annotations

import random
from datetime import date, time

from raw import scratch_database

ROWS = 5_000
REPEAT = 5


def import_5000(row, median_ms) -> list[dict]:
    with scratch_database("yeonsu-bench-survey-") as (folder, database):
        return _import_5000(row, median_ms, folder, database)


def _import_5000(row, median_ms, folder, database) -> list[dict]:
    import xlsxwriter

    from desktop_app.excel.reader import read_rows
    from desktop_app.services import courses, instructors, runs, surveys, timetable
    from desktop_app.services.instructors import InstructorProfile
    from desktop_app.services.persons import PersonFields

    with database.session_scope() as s:
        course = courses.create_course(s, courses.CourseFields(
            year=2021, title="벤치 과정", category="직무연수", target_group="초등",
            department="초등교원연수부", delivery="집합", hours=2, min_attendance_pct=90))
        names = []
        for n, name in enumerate(("김강사", "박강사")):
            instructors.register(s, InstructorProfile(pay_grade="1급"), person=PersonFields(
                name=name, birth_date=date(1970 + n, 1, 1)))
            names.append(name)
        # a fresh run for every import timed (the warm-up's and the repeats'): nothing to delete
        run_ids = []
        for _ in range(REPEAT + 1):
            run_id = runs.add_run(s, course, runs.RunFields(date(2021, 5, 10),
                                                             date(2021, 5, 10)))
            timetable.save(s, run_id, 0, [
                timetable.PeriodRow(date(2021, 5, 10), time(9 + n), time(9 + n, 50), "강의", name)
                for n, name in enumerate(names)])
            run_ids.append(run_id)
        questionnaire = surveys.items(s, course)
    path = folder / "answers.xlsx"
    rng = random.Random(5)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["응답 번호", *[f"{i.position}. {i.text}" for i in questionnaire],
                           *[f"{n} 강사 만족도" for n in names], "기타 의견"])
    for r in range(ROWS):
        sheet.write_row(r + 1, 0, [f"R{r:05d}", *[rng.randint(1, 5) for _ in range(7)],
                                   "의견" if r % 7 == 0 else ""])
    book.close()

    def ours() -> None:
        with database.session_scope() as s:
            found = surveys.plan_import(s, run_ids.pop(), read_rows(path)[0])
            surveys.apply_import(s, found, "bench")

    total = median_ms(ours, REPEAT)

    def floor() -> None:
        from python_calamine import CalamineWorkbook
        workbook = CalamineWorkbook.from_path(str(path))
        workbook.get_sheet_by_index(0).to_python()
        workbook.close()

    bare = median_ms(floor, REPEAT)
    return [row(f"만족도 응답 가져오기 ({ROWS:,}행)", total, bare, 1000,
                note="읽기·열 짐작·검사·저장(응답 5,000·점수 35,000); floor: python-calamine으로 같은 "
                     "파일 읽기만")]
