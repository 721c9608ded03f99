"""Timetable grid: save, validate row by row, overlaps, two PCs."""

from datetime import date, time

import pytest

from desktop_app.errors import ConflictError, ValidationError
from desktop_app.services import timetable
from desktop_app.services.timetable import PeriodRow
from tests.factories import make_course_with_run


def test_save_and_load_in_order(database):
    _c, run_id = make_course_with_run(database)
    rows = [PeriodRow("2021-05-11", "13:00", "13:50", "수업 나눔", "김강사", "본관 201"),
            PeriodRow(date(2021, 5, 10), time(9), time(9, 50), "여는 마당", "", "대강당"),
            PeriodRow("", "", "", "", "", "")]
    with database.session_scope() as s:
        assert timetable.save(s, run_id, 0, rows) == 1
    with database.read_scope() as s:
        table = timetable.load(s, run_id)
    assert table.version == 1
    assert [(p.date, p.start, p.subject) for p in table.periods] == [
        (date(2021, 5, 10), time(9), "여는 마당"), (date(2021, 5, 11), time(13), "수업 나눔")]
    assert table.total_minutes == 100


def test_errors_name_row_and_column(database):
    _c, run_id = make_course_with_run(database)
    rows = [PeriodRow("2021-05-10", "09:00", "09:50", "첫 시간"),
            PeriodRow("2021-06-01", "10:00", "09:00", ""),
            PeriodRow("2021-05-10", "09:30", "10:20", "겹침"),
            PeriodRow("어제", "25:00", "10:00", "x")]
    with pytest.raises(ValidationError) as info:
        with database.session_scope() as s:
            timetable.save(s, run_id, 0, rows)
    lines = str(info.value).splitlines()
    assert "행 2, 열 '날짜': 2021-06-01은(는) 연수 기간(2021-05-10~2021-05-12) 밖입니다." in lines
    assert "행 2, 열 '과목': 과목을 입력하십시오." in lines
    assert "행 2, 열 '종료': 종료(09:00)가 시작(10:00)보다 늦어야 합니다." in lines
    assert "행 3, 열 '시작': 1행(09:00~09:50)과 시간이 겹칩니다." in lines
    assert any(line.startswith("행 4, 열 '날짜'") for line in lines)
    assert any(line.startswith("행 4, 열 '시작'") for line in lines)
    with database.read_scope() as s:
        assert timetable.load(s, run_id).periods == ()


def test_second_pc_saving_an_old_grid_is_refused(database):
    _c, run_id = make_course_with_run(database)
    row = PeriodRow("2021-05-10", "09:00", "09:50", "가")
    with database.session_scope() as s:
        timetable.save(s, run_id, 0, [row])
    with pytest.raises(ConflictError, match="먼저 저장"):
        with database.session_scope() as s:
            timetable.save(s, run_id, 0, [row, PeriodRow("2021-05-10", "10:00", "10:50", "나")])
    with database.read_scope() as s:
        assert len(timetable.load(s, run_id).periods) == 1
