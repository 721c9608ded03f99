"""The course list saved as .xlsx: the same rows and figures the screen shows."""

from datetime import date

import pytest
from openpyxl import load_workbook

from desktop_app.errors import ValidationError
from desktop_app.services.course_list_export import COURSE_HEADERS, RUN_HEADERS, export_courses
from desktop_app.services import courses, enrollment
from tests.factories import ACTOR, make_course_with_run, make_people


def test_courses_and_runs_in_two_sheets(database, tmp_path):
    course_id, run_id = make_course_with_run(database, capacity=1, start=date(2021, 5, 10),
                                             end=date(2021, 5, 12))
    make_course_with_run(database, title="중등 과정", capacity=None)
    with database.session_scope() as s:
        for p in make_people(database, 2):
            enrollment.enroll(s, run_id, p, ACTOR)
    with database.read_scope() as s:
        ids = courses.list_course_ids(s, courses.CourseFilter(year=2021))
        out = export_courses(s, ids, tmp_path / "목록.xlsx")
    book = load_workbook(out)
    assert book.sheetnames == ["과정", "기수"]
    rows = list(book["과정"].values)
    assert rows[0] == COURSE_HEADERS
    first = dict(zip(COURSE_HEADERS, rows[1]))
    assert (first["과정코드"], first["정원"], first["선발"], first["대기"]) == ("2021-001", 1, 1, 1)
    assert dict(zip(COURSE_HEADERS, rows[2]))["정원"] is None  # no limit
    runs = list(book["기수"].values)
    assert runs[0] == RUN_HEADERS
    run = dict(zip(RUN_HEADERS, runs[1]))
    assert (run["기수코드"], run["시작일"].date(), run["선발"]) == ("2021-001-01", date(2021, 5, 10), 1)
    assert book["기수"]["E2"].number_format == "yyyy-mm-dd"


def test_bad_file_name_and_cancel(database, tmp_path):
    make_course_with_run(database)
    with database.read_scope() as s:
        ids = courses.list_course_ids(s, courses.CourseFilter())
        with pytest.raises(ValidationError, match=".xlsx"):
            export_courses(s, ids, tmp_path / "목록.csv")
        with pytest.raises(ValidationError, match="취소"):
            export_courses(s, ids, tmp_path / "x.xlsx", progress=lambda pct, text: False)
    assert not (tmp_path / "x.xlsx").exists()


def test_text_that_looks_like_a_formula_stays_text(database, tmp_path):
    title = '=HYPERLINK("http://x","y")'
    make_course_with_run(database, title=title)
    with database.read_scope() as s:
        out = export_courses(s, courses.list_course_ids(s, courses.CourseFilter()),
                             tmp_path / "목록.xlsx")
    book = load_workbook(out)
    for sheet, column in (("과정", "B"), ("기수", "C")):
        cell = book[sheet][f"{column}2"]
        assert cell.value == title and cell.data_type == "s" and cell.quotePrefix
    # and in the file itself: no <f> (formula) element anywhere
    import zipfile

    with zipfile.ZipFile(out) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist()
                  if n.startswith("xl/worksheets/")]
    assert not any("<f>" in xml or "<f " in xml for xml in sheets)
