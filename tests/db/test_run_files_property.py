"""Random sheets fed to the attendance and results imports: a clean result or a Korean
validation error naming rows, never anything else, and nothing written on refusal."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.errors import ValidationError
from desktop_app.services import attendance, run_files
from tests.db.test_completion import _setup

HEADER = ["성명", "생년월일", "나이스개인번호", "5/10 09:00", "5/10 10:00", "점수", "학습시간(분)",
          "이수일자"]
_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=300)
_cell = st.one_of(
    st.none(), _text, st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1)),
    st.sampled_from(["김출석", "이결석", "출석", "○", "결", "=1+1", "@SUM(A1)", "-", "2021-05-10",
                     "850302", "99.5", "2:05", "15시간", "B000000001", " "]))


def test_random_sheets_give_a_result_or_a_named_refusal(sqlite_database, tmp_path):
    run_id, _sheet = _setup(sqlite_database)
    path = tmp_path / "random.xlsx"

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.lists(_cell, min_size=0, max_size=len(HEADER)), max_size=6),
           st.booleans())
    def check(rows, with_title):
        book = openpyxl.Workbook()
        sheet = book.active
        if with_title:
            sheet.append(["출결·결과 (무작위)"])
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
        book.save(path)
        for importer in (run_files.import_attendance, run_files.import_results):
            with sqlite_database.read_scope() as s:
                before = attendance.marks_of(s, run_id)
            try:
                with sqlite_database.session_scope() as s:
                    importer(s, run_id, path, "검사")
            except ValidationError as exc:
                assert exc.message and all(p.message for p in exc.problems)
                with sqlite_database.read_scope() as s:
                    assert attendance.marks_of(s, run_id) == before

    check()
