"""Satisfaction surveys: a form's export imported into a run (columns guessed from the items'
text or number and the instructors' names; words of the scale read), every bad cell named with
nothing written, the same export again adding nothing; the run's results (response rate, %
satisfied per item and instructor, low scores, comments) and the year split as the report
splits it; the result sheet as PDF."""

from datetime import date, time

import openpyxl
import pytest

from desktop_app.errors import ValidationError
from desktop_app.excel.reader import read_rows
from desktop_app.models import CourseRun
from desktop_app.services import enrollment, instructors, survey_print, surveys, timetable
from desktop_app.services.instructors import InstructorProfile
from desktop_app.services.persons import PersonFields
from tests.factories import make_course, make_people, make_run

HEADER = ["타임스탬프", "1. 연수 내용이 직무 수행에 도움이 되었다", "2. 연수 내용과 수준이 적절하였다",
          "3.", "연수 운영(일정·시설·안내)이 적절하였다", "5. 전반적 만족", "김강사 강의 만족도",
          "기타 의견", "소속(선택)"]


def _run(database) -> int:
    with database.session_scope() as s:
        instructors.register(s, InstructorProfile(pay_grade="1급"), person=PersonFields(
            name="김강사", birth_date=date(1975, 3, 2)))
    run_id = make_run(database, make_course(database), start=date(2021, 5, 10),
                      end=date(2021, 5, 10))
    people = make_people(database, 4)
    with database.session_scope() as s:
        timetable.save(s, run_id, 0, [timetable.PeriodRow(date(2021, 5, 10), time(9), time(10),
                                                          "강의", "김강사")])
        for person in people:
            enrollment.enroll(s, run_id, person, "담당")
    return run_id


def _file(tmp_path, rows, name="응답.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return read_rows(path)[0]


ROWS = [["2021-05-10 17:01", 5, 4, 5, "그렇다", 5, 5, "유익했습니다", "가온초"],
        ["2021-05-10 17:02", 4, 3, 4, 3, "매우 그렇다", 4, "", ""],
        ["2021-05-10 17:03", 2, 2, 3, "보통", 3, 5, "시간이 짧았습니다", ""]]


def test_import_results_and_the_same_file_again(database, tmp_path):
    run_id = _run(database)
    sheet = _file(tmp_path, ROWS)
    with database.session_scope() as s:
        found = surveys.plan_import(s, run_id, sheet)
        assert [t.kind for t in found.columns.values()] == [
            "key", "item", "item", "item", "item", "item", "instructor", "comment"]
        assert found.unmapped == ["소속(선택)"]
        assert surveys.apply_import(s, found, "응답.xlsx") == 3
    with database.read_scope() as s:
        result = surveys.run_result(s, run_id)
    assert (result.responses, result.selected, result.response_rate) == (3, 4, 75.0)
    first = result.items[0]
    assert (first.answers, first.mean, first.satisfied_pct, first.low) == (3, 3.67, 66.7, True)
    assert result.instructors[0].label == "김강사" and result.instructors[0].satisfied_pct == 100.0
    assert result.comments == ["유익했습니다", "시간이 짧았습니다"]
    with database.session_scope() as s:                  # the same export again
        again = surveys.plan_import(s, run_id, sheet)
        assert (len(again.responses), again.already) == (0, 3)
    with database.read_scope() as s:
        table, runs = surveys.year_results(s, 2021)
        survey_print.result_pdf(s, run_id, tmp_path / "결과.pdf")
        survey_print.year_xlsx(s, 2021, tmp_path / "만족도.xlsx")
    assert table[("교원", "집합")].answers == 18 and runs[0].responses == 3
    book = openpyxl.load_workbook(tmp_path / "만족도.xlsx")
    assert book.sheetnames == ["2021 만족도", "기수별", "부서별", "과정별"]
    assert [c.value for c in book["부서별"][2]][:2] == ["초등교원연수부", 18]
    assert (tmp_path / "결과.pdf").read_bytes().startswith(b"%PDF")


def test_bad_cells_are_named_and_nothing_is_written(database, tmp_path):
    run_id = _run(database)
    sheet = _file(tmp_path, ROWS + [["2021-05-10 17:04", 6, 4, 4, "아주 좋음", 4, 4, "", ""],
                                    ["2021-05-10 17:01", 5, 5, 5, 5, 5, 5, "", ""]])
    with database.session_scope() as s:
        with pytest.raises(ValidationError) as refused:
            surveys.plan_import(s, run_id, sheet)
    message = refused.value.message
    assert "행 5, 열 '1. 연수 내용이 직무 수행에 도움이 되었다': '6'" in message
    assert "행 5, 열 '연수 운영(일정·시설·안내)이 적절하였다': '아주 좋음'" in message
    assert "행 6: 응답 번호 '2021-05-10 17:01'이(가) 두 번" in message
    with database.read_scope() as s:
        assert surveys.run_result(s, run_id).responses == 0
    stranger = tmp_path / "다른.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["성명", "소속"])
    book.active.append(["홍길동", "가온초"])
    book.save(stranger)
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="문항이나 강사 이름과 맞는 열이 없습니다"):
            surveys.plan_import(s, run_id, read_rows(stranger)[0])


def test_columns_by_words_before_numbers_and_rows_without_a_number(database, tmp_path):
    run_id = _run(database)
    path = tmp_path / "순서.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["2. 연수에 전반적으로 만족한다", "1. 김강사 강사 만족도", "의견"])
    for _ in range(2):                            # two respondents answering alike
        book.active.append([5, 4, ""])
    book.active.append([None, None, "의견만 남깁니다"])
    book.save(path)
    with database.session_scope() as s:
        found = surveys.plan_import(s, run_id, read_rows(path)[0])
        kinds = {t.label: (t.kind, t.ref) for t in found.columns.values()}
        fifth = [i for i in surveys.items(s, s.get(CourseRun, run_id).course_id)
                 if i.position == 5][0]
        assert kinds["2. 연수에 전반적으로 만족한다"] == ("item", fifth.id)
        assert kinds["1. 김강사 강사 만족도"][0] == "instructor"
        assert len(found.responses) == 3
        surveys.apply_import(s, found, "순서.xlsx")
        assert len(surveys.plan_import(s, run_id, read_rows(path)[0]).responses) == 0
    twice = tmp_path / "두번.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["1. 도움", "문항 1", "의견"])
    book.active.append([5, 4, ""])
    book.save(twice)
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="같은 문항"):
            surveys.plan_import(s, run_id, read_rows(twice)[0])


def test_a_result_sheet_of_comments_only(database, tmp_path):
    run_id = _run(database)
    path = tmp_path / "의견.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["1. 도움", "기타 의견"])
    book.active.append([None, "좋았습니다"])
    book.save(path)
    with database.session_scope() as s:
        surveys.apply_import(s, surveys.plan_import(s, run_id, read_rows(path)[0]), "의견")
    with database.read_scope() as s:
        survey_print.result_pdf(s, run_id, tmp_path / "의견.pdf")
    assert (tmp_path / "의견.pdf").exists()


def test_columns_chosen_by_hand(database, tmp_path):
    run_id = _run(database)
    path = tmp_path / "손.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["좋았나요?", "김강사 어땠나요"])
    book.active.append([5, "그렇다"])
    book.save(path)
    sheet = read_rows(path)[0]
    with database.session_scope() as s:
        choices = surveys.targets(s, run_id)
        assert [t.kind for t in choices][:2] == ["key", "comment"]
        guessed = surveys.guess_for_run(s, run_id, sheet.rows[0])
        assert [t.kind for t in guessed.values()] == ["instructor"]
        item = next(t for t in choices if t.kind == "item")
        found = surveys.plan_import(s, run_id, sheet, {**guessed, 0: item})
        assert (item.ref, None, 5) in found.responses[0][2]
        with pytest.raises(ValidationError, match="같은"):
            surveys.plan_import(s, run_id, sheet, {0: item, 1: item})
