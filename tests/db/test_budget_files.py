"""The year to Excel and back: the workbook has the plan's tables with live formulas and their
values (9,201,421 / 9,640,031 / 9,718,219; every task's 계); importing it untouched changes
nothing; an edited one previews every changed cell, then writes all of it; a bad cell is named
by sheet, row and column and nothing is written.  The quarterly report PDF."""

import shutil
import subprocess
from datetime import date

import openpyxl
import pytest

from desktop_app.errors import ConflictError, ValidationError
from desktop_app.excel.reader import read_rows
from desktop_app.services import budget_files, budget_plan, budget_report
from desktop_app.services import budget_execution as ex
from desktop_app.services.budget_plan import CellEdit
from tests.db.test_budget import _line_id, _load
from tests.db.test_budget_plan import _snapshot


def _export(database, path):
    with database.read_scope() as s:
        return budget_files.export_year(s, 2021, path)


def _preview(database, path, year=2021):
    with database.read_scope() as s:
        return budget_files.preview_import(s, year, path)


def test_the_workbook_has_the_reports_tables_with_live_totals(database, tmp_path):
    _load(database)
    path = _export(database, tmp_path / "예산.xlsx")
    sheets = {s.name: s for s in read_rows(path)}     # the values a viewer shows
    assert list(sheets)[:3] == ["세부사업", "실천과제", "1-1"] and len(sheets) == 34
    total = next(r for r in sheets["세부사업"].rows if r and r[0] == "계")
    assert total[1:4] == [9_201_421, 9_640_031, 9_718_219]
    tasks = {r[0]: r for r in sheets["실천과제"].rows[3:] if r}
    assert tasks["1-3"][3:5] == [275_621, 222_811] and tasks["1-3"][8] == 39_061
    assert "2분기 인쇄 39,060 (내역 39,061)" in tasks["1-3"][11]
    assert tasks["계"][3:5] == [6_074_710, 5_989_909]
    book = openpyxl.load_workbook(path)                # and the formulas behind them
    assert book["세부사업"]["B23"].value == "=SUM(B4:B22)"
    assert book["실천과제"]["D4"].value == "='1-1'!D6"
    assert book["1-1"]["F4"].value.startswith("=IF(AND(ISNUMBER(D4)")
    line = [c.value for c in book["4-5"][4]]
    assert line[3] == "재배정"                         # a state stays a word, not a number
    assert [c.value for c in book["3-1"][5]][18] == "(재배정별도)"


def test_importing_the_untouched_export_changes_nothing(database, tmp_path):
    _load(database)
    path = _export(database, tmp_path / "예산.xlsx")
    before = _snapshot(database)
    found = _preview(database, path)
    assert found.changes == [] and found.notes == []
    with database.session_scope() as s:
        assert budget_files.apply_import(s, found) == 0
    assert _snapshot(database) == before


def test_an_edited_workbook_previews_every_changed_cell_then_writes_it(database, tmp_path):
    _load(database)
    path = _export(database, tmp_path / "예산.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["1-1"]
    sheet["D4"] = 111070                 # 1번 예산
    sheet["J4"] = 59980                  # 1번 2분기
    sheet["R5"] = "지방공무원연수운영"       # 2번 세부사업
    sheet.insert_rows(6)                 # a new line above 계
    sheet["B6"], sheet["C6"], sheet["D6"], sheet["N6"] = "초등", "새 연수", 5000, 5000
    book["3-1"]["S5"] = None             # (재배정별도) taken off
    book["세부사업"]["C4"] = 3_791_092
    book.save(path)
    found = _preview(database, path)
    cells = {(c.sheet, c.row, c.column): (c.before, c.after) for c in found.changes}
    assert cells[("1-1", 4, "1번 · 예산")] == ("110,070", "111,070")
    assert cells[("1-1", 4, "1번 · 2분기")] == ("58,980", "59,980")
    assert cells[("1-1", 5, "2번 · 세부사업")] == ("", "지방공무원연수운영")
    assert cells[("1-1", 6, "새 줄")][1].startswith("새 연수 (5,000)")
    assert cells[("3-1", 5, "2번 · 예산")][0].startswith("(재배정별도)")
    assert cells[("세부사업", 4, "교원연수운영 · 전년 예산")] == ("3,791,091", "3,791,092")
    assert len(found.changes) == 6
    with database.session_scope() as s:
        budget_files.apply_import(s, found)
    with database.read_scope() as s:
        plan = budget_plan.read_plan(s, 2021)
    lines = plan.task("1-1").lines
    assert (lines[0].amount, lines[0].quarters[1]) == (111_070, 59_980)
    assert lines[1].program == "지방공무원연수운영"
    assert (lines[2].line_no, lines[2].name, lines[2].quarters[3]) == (3, "새 연수", 5000)
    assert plan.task("3-1").lines[1].amount_state == ""
    assert plan.programs[0].last_year == 3_791_092
    assert _preview(database, _export(database, tmp_path / "다시.xlsx")).changes == []


def test_bad_cells_are_named_and_nothing_is_written(database, tmp_path):
    _load(database)
    path = _export(database, tmp_path / "예산.xlsx")
    book = openpyxl.load_workbook(path)
    book["1-1"]["D4"] = "많이"
    book["1-1"]["H5"] = -5
    book["1-1"]["A5"] = 9
    book["세부사업"]["B5"] = "많다"
    book.save(path)
    before = _snapshot(database)
    with pytest.raises(ValidationError) as refused:
        _preview(database, path)
    message = refused.value.message
    assert "시트 '1-1' 행 4, 열 '예산': '많이'" in message
    assert "시트 '1-1' 행 5: 번호 '9'인 줄이 1-1에 없습니다" in message
    assert "시트 '세부사업' 행 5, 열 '예산': '많다'" in message
    assert "행 4, 열 '예산': 시트" not in message         # named once
    assert _snapshot(database) == before
    with pytest.raises(ValidationError, match="2021년 예산입니다"):
        _preview(database, _export(database, tmp_path / "다시.xlsx"), year=2022)
    other = tmp_path / "명단.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(ValidationError):
        _preview(database, other)
    broken = tmp_path / "깨진.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ValidationError, match="읽을 수 없습니다"):
        _preview(database, broken)


def test_an_import_over_a_line_changed_since_the_preview_is_refused(database, tmp_path):
    _load(database)
    path = _export(database, tmp_path / "예산.xlsx")
    book = openpyxl.load_workbook(path)
    book["1-1"]["D4"] = 111070
    book.save(path)
    found = _preview(database, path)
    with database.session_scope() as s:
        budget_plan.apply_edits(s, 2021, [CellEdit(_line_id(s, "1-1", 1), "name", "다른 PC")])
    before = _snapshot(database)
    with database.session_scope() as s:
        with pytest.raises(ConflictError):
            budget_files.apply_import(s, found)
    assert _snapshot(database) == before


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils 없음")
def test_the_quarterly_report(database, tmp_path):
    _load(database)
    with database.read_scope() as s:
        first, second = _line_id(s, "1-1", 1), _line_id(s, "1-1", 2)
    with database.session_scope() as s:
        ex.spend(s, first, date(2021, 5, 3), 30_000_000, "연수운영", "예산담당")
        ex.transfer(s, "전용", second, first, 2_000_000, "과정 확대", date(2021, 6, 1), "예산담당")
        ex.transfer(s, "변경", second, first, 1_000_000, "3분기 일", date(2021, 8, 1), "예산담당")
    path = tmp_path / "보고.pdf"
    with database.read_scope() as s:
        budget_report.write_report(s, 2021, 2, path)
        with pytest.raises(ValidationError, match="분기는"):
            budget_report.write_report(s, 2021, 5, tmp_path / "x.pdf")
        with pytest.raises(ValidationError, match="예산이 없습니다"):
            budget_report.write_report(s, 2030, 1, tmp_path / "x.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "2021년 2분기 예산 집행 현황" in text and "세부사업별" in text and "부서별" in text
    assert "30,000,000" in text and "과정 확대" in text
    assert "3분기 일" not in text            # a change after the quarter is not in it
    assert "부진" in text


def test_a_year_without_a_plan_is_made_from_the_filled_form(database, tmp_path):
    _load(database)
    form = tmp_path / "2022.xlsx"
    with database.read_scope() as s:
        budget_files.export_year(s, 2022, form)      # no 2022 plan: the empty form
    book = openpyxl.load_workbook(form)
    assert book.sheetnames == ["세부사업", "실천과제", "1-1"]
    programs = book["세부사업"]
    programs.insert_rows(4)
    programs["A4"], programs["B4"], programs["C4"] = "교원연수운영", 3_900_000, 3_827_983
    book["실천과제"]["C4"] = "수업혁신 연수"
    book["실천과제"].insert_rows(5)
    book["실천과제"]["A5"], book["실천과제"]["C5"] = "2-1", "민주시민교육 연수"
    lines = book["1-1"]
    lines.insert_rows(4, 2)
    lines["B4"], lines["C4"], lines["D4"], lines["J4"], lines["R4"] = (
        "초등", "수업 성장 연수", 120_000, 120_000, "교원연수운영")
    lines["C5"], lines["D5"] = "원격 연수", "재배정"
    book.copy_worksheet(book["1-1"]).title = "9-9"
    book.save(form)
    with pytest.raises(ValidationError, match="'9-9': '실천과제' 시트에 없는 과제"):
        _preview(database, form, year=2022)
    del book["9-9"]
    book.save(form)
    found = _preview(database, form, year=2022)
    assert found.creates_year and "새로 만듭니다" in found.notes[0]
    assert [c.column for c in found.changes] == ["새 세부사업", "새 실천과제", "새 실천과제",
                                                 "새 줄", "새 줄"]
    with database.session_scope() as s:
        budget_files.apply_import(s, found)
    with database.read_scope() as s:
        assert budget_plan.years(s) == [2022, 2021]
        plan = budget_plan.read_plan(s, 2022)
    assert [(t.code, t.goal, t.title) for t in plan.tasks] == [
        ("1-1", 1, "수업혁신 연수"), ("2-1", 2, "민주시민교육 연수")]
    first, second = plan.task("1-1").lines
    assert (first.amount, first.quarters[1], first.program) == (120_000, 120_000, "교원연수운영")
    assert second.amount_state == "재배정" and plan.programs[0].budget == 3_900_000
    # the made year exports and imports as no change
    again = tmp_path / "다시.xlsx"
    with database.read_scope() as s:
        budget_files.export_year(s, 2022, again)
    assert _preview(database, again, year=2022).changes == []
    # a task's title changed in the task table
    book = openpyxl.load_workbook(again)
    book["실천과제"]["C4"] = "수업혁신 직무연수"
    book.save(again)
    found = _preview(database, again, year=2022)
    assert [(c.column, c.before, c.after) for c in found.changes] == [
        ("1-1 · 실천과제명", "수업혁신 연수", "수업혁신 직무연수")]
    with database.session_scope() as s:
        budget_files.apply_import(s, found)
    with database.read_scope() as s:
        assert budget_plan.read_plan(s, 2022).task("1-1").title == "수업혁신 직무연수"


def test_rows_under_the_total_and_a_second_import_of_new_lines_are_said(database, tmp_path):
    _load(database)
    path = _export(database, tmp_path / "예산.xlsx")
    book = openpyxl.load_workbook(path)
    book["1-1"]["C9"] = "계 아래에 적은 줄"
    book.save(path)
    with pytest.raises(ValidationError, match="'1-1' 시트 행 9이\\(가\\) 계 줄 \\(행 6\\) 아래"):
        _preview(database, path)
    book["1-1"]["C9"] = None
    book["1-1"].insert_rows(6)
    book["1-1"]["C6"], book["1-1"]["D6"] = "토요 연수", 100
    book.save(path)
    with database.session_scope() as s:
        budget_files.apply_import(s, _preview(database, path))
    again = _preview(database, path)              # the same file again
    assert any("같은 이름의 줄이 1-1에 이미 있습니다" in note for note in again.notes)
