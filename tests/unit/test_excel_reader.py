"""Reading the trainee lists offices send: .xlsx with titles and merged cells, CSV in UTF-8
or CP949, headers spelled many ways; bad files are a Korean ValidationError, never a crash."""

from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.errors import ValidationError
from desktop_app.excel.reader import read_rows
from desktop_app.excel.roster_columns import field_of, find_header, layout_key


def _messy_school_list(path):
    """A list as a school makes it: title, merged cells, a note, header on row 3, notes sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "연수 대상자"
    ws["A1"] = "2021학년도 직무연수 대상자 명단"
    ws.merge_cells("A1:F1")
    ws["A2"] = "서울한빛초등학교"
    ws["E2"] = "작성일: 2021. 5. 3."
    ws.append(["번호", "성 명", "생년월일", "나이스개인번호", "연락처(휴대전화)", "소속"])
    ws.append([1, "홍길동", datetime(1985, 3, 2), "A123456789", "010-1234-5678", "서울한빛초"])
    ws.append([2, " 김철수 ", "1985.3.2.", None, 1012345678, "서울한빛초"])
    ws.append([3, "이영희", 850302, "ｂ１２３４５６７８９", "01098765432", None])
    ws.append([None, None, None, None, None, None])
    notes = wb.create_sheet("작성 안내")
    notes["A1"] = "성명은 주민등록상 이름으로 적어 주십시오."
    wb.create_sheet("빈 시트")
    wb.save(path)


def test_a_messy_school_list_is_read_with_excel_row_numbers(tmp_path):
    path = tmp_path / "명단.xlsx"
    _messy_school_list(path)
    sheets = read_rows(path)
    assert [s.name for s in sheets] == ["연수 대상자", "작성 안내"]  # the empty sheet is left out
    roster = sheets[0]
    guess = find_header(roster.rows)
    assert guess is not None and roster.row_number(guess.row_index) == 3
    assert guess.columns == {"name": 1, "birth_date": 2, "neis_no": 3, "phone": 4,
                             "organization": 5}
    first, second, third = roster.rows[guess.row_index + 1:guess.row_index + 4]
    assert first[1] == "홍길동" and first[2] == date(1985, 3, 2) and first[0] == 1
    assert second[1] == " 김철수 " and second[3] is None and second[4] == 1012345678
    assert third[2] == 850302 and third[3] == "ｂ１２３４５６７８９"
    assert find_header(sheets[1].rows) is None  # a notes sheet has no header


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_csv_in_the_encodings_offices_save(tmp_path, encoding):
    path = tmp_path / "list.csv"
    path.write_bytes("이름,학교명,휴대폰\n홍길동,서울한빛초등학교,010-1234-5678\n,,\n"
                     .encode(encoding))
    [sheet] = read_rows(path)
    guess = find_header(sheet.rows)
    assert guess.columns == {"name": 0, "organization": 1, "phone": 2}
    assert sheet.rows[1] == ["홍길동", "서울한빛초등학교", "010-1234-5678"]


def test_a_tab_separated_csv(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("성명\t직급\t근무처\n박지민\t주무관\t교육청\n", encoding="utf-8")
    [sheet] = read_rows(path)
    assert find_header(sheet.rows).columns == {"name": 0, "position": 1, "organization": 2}


@pytest.mark.parametrize("spelling, field", [
    ("성명", "name"), ("이 름", "name"), ("* 성명", "name"), ("성명(한글)", "name"),
    ("나이스 개인번호", "neis_no"), ("개인번호", "neis_no"), ("NEIS", "neis_no"),
    ("소속", "organization"), ("학교명", "organization"), ("근무처", "organization"),
    ("직위", "position"), ("직급", "position"), ("생년월일", "birth_date"),
    ("생년월일(6자리)", "birth_date"), ("성별", "gender"), ("남/여", "gender"),
    ("연락처", "phone"), ("휴대전화", "phone"), ("휴대전화 (필수)", "phone"),
    ("ｅ－ｍａｉｌ", "email"), ("번호", None), ("비고", None), (None, None), (12, None)])
def test_header_spellings(spelling, field):
    assert field_of(spelling) == field


def test_layouts_are_named_loosely():
    assert layout_key(["성 명", "소속"]) == layout_key(["성명", "소속 "])
    assert layout_key(["성명", "소속"]) != layout_key(["소속", "성명"])


@pytest.mark.parametrize("name, content, message", [
    ("list.xlsx", b"PK\x03\x04 not really a zip" * 10, "엑셀 파일로 읽을 수 없습니다"),
    ("list.xlsx", b"", "엑셀 파일로 읽을 수 없습니다"),
    ("list.csv", b"", "내용이 없습니다"),
    ("list.csv", b"\xff\xfe\x00\x00binary\x00\x00" * 20, "CSV"),
    ("list.xls", b"\xd0\xcf\x11\xe0", "예전 엑셀 형식"),
    ("list.pdf", b"%PDF-1.4", "읽을 수 있는 형식이 아닙니다"),
])
def test_bad_files_are_a_korean_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        read_rows(path)


def test_a_missing_file(tmp_path):
    with pytest.raises(ValidationError, match="찾을 수 없습니다"):
        read_rows(tmp_path / "없는 파일.xlsx")


_cells = st.one_of(
    st.none(),
    # (a spreadsheet cannot hold control characters: openpyxl refuses to write them)
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=300),
    st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)),
    st.sampled_from(["=1+1", "=HYPERLINK(\"x\")", "+82", "-", "@SUM(A1)", "성명", "이름",
                     "소속", "생년월일", "연락처"]))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_cells, max_size=8), max_size=12))
def test_any_sheet_reads_or_is_refused_in_korean(tmp_path, rows):
    path = tmp_path / "random.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("시트")
    for row in rows:
        ws.append(row)
    wb.save(path)
    try:
        sheets = read_rows(path)
    except ValidationError as exc:
        assert exc.message  # a Korean reason, nothing else
        return
    for sheet in sheets:
        find_header(sheet.rows)
        for row in sheet.rows:
            assert all(c is None or isinstance(c, (str, int, float, bool, date)) or
                       type(c).__name__ in ("time", "timedelta") for c in row)


def test_a_table_that_does_not_start_at_a1_keeps_its_row_numbers(tmp_path):
    path = tmp_path / "offset.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C5"], ws["D5"], ws["C6"], ws["D6"] = "성명", "소속", "홍길동", "서울한빛초등학교"
    wb.save(path)
    [sheet] = read_rows(path)
    guess = find_header(sheet.rows)
    assert sheet.row_number(guess.row_index) == 5 and sheet.row_number(guess.row_index + 1) == 6
    assert sheet.rows[1] == ["홍길동", "서울한빛초등학교"]
