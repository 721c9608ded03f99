"""명단 업로드 planning: every row checked, matched and told what it becomes; nothing written."""

from datetime import date, datetime

import openpyxl
import pytest

from desktop_app.errors import ValidationError
from desktop_app.excel.reader import read_rows
from desktop_app.excel.roster_columns import find_header
from desktop_app.models import Enrollment, Person
from desktop_app.services import clock, enrollment, roster_import
from tests.factories import ACTOR, make_course_with_run, make_person


def _school_list(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "직무연수 대상자 명단"
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["번호", "성 명", "생년월일", "나이스개인번호", "소속", "휴대전화"])
    for number, row in enumerate(rows, start=1):
        ws.append([number, *row])
    wb.save(path)
    [sheet] = read_rows(path)
    return sheet


def _plan(database, sheet, run_id):
    guess = find_header(sheet.rows)
    with database.read_scope() as s:
        return roster_import.plan_import(s, sheet, guess.row_index, guess.columns, run_id)


def test_a_messy_list_is_checked_matched_and_previewed(database, tmp_path):
    _c, run_id = make_course_with_run(database, capacity=3)
    known = make_person(database, name="김기존", neis_no="K000000001",
                        birth_date=date(1979, 4, 1), organization="서울한빛초등학교")
    sheet = _school_list(tmp_path / "list.xlsx", [
        ["홍길동", datetime(1985, 3, 2), None, "서울한빛초등학교", "010-1234-5678"],   # row 4
        ["김기존", "1979.4.1.", "k000000001", "서울한빛초등학교", None],               # row 5
        ["이잘못", "1985-02-30", None, "서울한빛초등학교", "12"],                       # row 6
        [None, None, None, None, None],                                                 # blank
        ["박다른", 850302, "K000000001", "서울한빛초등학교", None],                     # row 8
        ["홍길동", "1985-03-02", None, "서울한빛초등학교", None],                       # row 9
        ["최넷째", "900101", None, "서울누리중학교", 1098765432],                      # row 10
        ["정다섯", "19910505", None, "서울누리중학교", None],                           # row 11
    ])
    plan = _plan(database, sheet, run_id)
    by_row = {r.row: r for r in plan.rows}
    assert sorted(by_row) == [4, 5, 6, 8, 9, 10, 11] and plan.header_row == 3
    assert (by_row[4].outcome, by_row[4].becomes) == ("새 연수생", "선발")
    assert (by_row[5].person_id, by_row[5].becomes) == (known, "선발")
    assert "김기존(1979-04-01" in by_row[5].person
    wrong = {p.field: p.message for p in by_row[6].problems}
    assert set(wrong) == {"생년월일", "휴대전화"} and all(p.row == 6 for p in by_row[6].problems)
    assert "5행(김기존)과 나이스 개인번호가 같은데 성명이 다릅니다" in by_row[8].problems[0].message
    assert by_row[8].problems[0].field == "나이스개인번호"
    assert "4행과 같은 사람" in by_row[9].problems[0].message
    assert by_row[10].values.phone == "010-9876-5432" and by_row[10].becomes == "선발"
    assert by_row[11].becomes == "대기"  # three seats: 4, 5, 10
    assert plan.count("거부") == 3 and plan.count("선발") == 3 and plan.count("대기") == 1
    assert str(plan.problems[0]).startswith("행 6, 열 '생년월일'")
    with database.read_scope() as s:  # nothing written
        assert s.query(Person).count() == 1 and s.query(Enrollment).count() == 0


def test_a_number_already_held_by_someone_else_is_named(database, tmp_path):
    _c, run_id = make_course_with_run(database)
    make_person(database, name="김기존", neis_no="K000000009", birth_date=date(1979, 4, 1))
    sheet = _school_list(tmp_path / "list.xlsx", [
        ["박다른", "1985-03-02", "K000000009", "서울한빛초등학교", None]])
    [row] = _plan(database, sheet, run_id).rows
    assert "이미 김기존(1979-04-01" in row.problems[0].message
    assert row.problems[0].field == "나이스개인번호"


def test_people_already_on_the_run_are_not_added_twice(database, tmp_path):
    _c, run_id = make_course_with_run(database, capacity=10)
    pid = make_person(database, name="이미", neis_no="K000000002")
    with database.session_scope() as s:
        enrollment.enroll(s, run_id, pid, ACTOR)
    sheet = _school_list(tmp_path / "list.xlsx", [
        ["이미", "1980-01-01", "K000000002", "서울한빛초등학교", None]])
    [row] = _plan(database, sheet, run_id).rows
    assert row.accepted and row.becomes == "이미 '선발'"


def test_the_registration_rules_hold_for_every_row(database, tmp_path):
    _c1, first = make_course_with_run(database, start=date(2021, 5, 10), end=date(2021, 5, 12))
    _c2, second = make_course_with_run(database, title="겹치는 과정", start=date(2021, 5, 11),
                                       end=date(2021, 5, 13))
    pid = make_person(database, name="겹침", neis_no="K000000003")
    with database.session_scope() as s:
        enrollment.enroll(s, first, pid, ACTOR)
    sheet = _school_list(tmp_path / "list.xlsx", [
        ["겹침", "1980-01-01", "K000000003", "서울한빛초등학교", None]])
    [row] = _plan(database, sheet, second).rows
    assert row.outcome == "거부" and "기간이 겹치는" in row.problems[0].message


def test_a_late_run_says_so_and_a_closed_one_is_refused(database, tmp_path):
    _c, run_id = make_course_with_run(database)
    sheet = _school_list(tmp_path / "list.xlsx", [["홍길동", "1985-03-02", None, "학교", None]])
    with clock.fixed(date(2021, 6, 1)):
        assert _plan(database, sheet, run_id).late_phase == "종료"
    with database.session_scope() as s:
        from desktop_app.services import runs

        runs.close_run(s, run_id, "인원 부족", ACTOR)
    with pytest.raises(ValidationError, match="폐강"):
        _plan(database, sheet, run_id)


# ------------------------------------------------------------------ writing the plan


def _apply(database, plan, **kw):
    from desktop_app.services.roster_import_apply import apply_import

    with database.session_scope() as s:
        return apply_import(s, plan, ACTOR, source="list.xlsx", **kw)


def _list_with(tmp_path, count, prefix="가"):
    return _school_list(tmp_path / f"{prefix}.xlsx", [
        [f"{prefix}{chr(0xAC00 + i)}", date(1980, 1, 1 + i % 28), f"K{i + 10:09d}",
         "서울한빛초등학교", None] for i in range(count)])


def test_the_accepted_rows_go_in_with_the_registration_rules(database, tmp_path):
    from desktop_app.services import runs

    _c, run_id = make_course_with_run(database, capacity=3)
    known = make_person(database, name="가가", neis_no="K000000010",
                        birth_date=date(1980, 1, 1), organization="서울한빛초등학교")
    with database.session_scope() as s:  # once cancelled: the import registers them again
        eid = enrollment.enroll(s, run_id, known, ACTOR).enrollment_id
        enrollment.cancel(s, eid, ACTOR, "착오")
    sheet = _list_with(tmp_path, 5)
    plan = _plan(database, sheet, run_id)
    result = _apply(database, plan)
    assert (result.persons_added, result.selected, result.waitlisted) == (4, 3, 2)
    with database.read_scope() as s:
        run = runs.get_run(s, run_id)
        assert (run.selected_count, run.waitlist_count) == (3, 2)
        rows = enrollment.roster_rows(s, enrollment.roster_ids(s, run_id))
        assert [r.status for r in rows].count("선발") == 3
        assert [r.waitlist_rank for r in rows if r.status == "대기"] == [1, 2]
        history = enrollment.history(s, eid)
        assert (history[-1].from_status, history[-1].to_status) == ("취소", "선발")
        assert history[-1].reason == "명단 업로드 (list.xlsx)"
        assert s.query(Person).filter(Person.organization_id.is_(None)).count() == 0
    # the same file again adds nobody
    again = _plan(database, sheet, run_id)
    assert {r.becomes for r in again.rows} <= {"이미 '선발'", "이미 '대기'"}
    result = _apply(database, again)
    assert (result.persons_added, result.selected, result.waitlisted, result.already) == (
        0, 0, 0, 5)
    # the desk path and the bulk path leave the same counters: a cancellation promotes
    with database.session_scope() as s:
        first = next(r for r in rows if r.status == "선발")
        enrollment.cancel(s, first.id, ACTOR, "본인 요청")
    with database.read_scope() as s:
        run = runs.get_run(s, run_id)
        assert (run.selected_count, run.waitlist_count) == (3, 1)


def test_a_change_between_preview_and_upload_writes_nothing(database, tmp_path):
    from desktop_app.errors import ConflictError

    _c, run_id = make_course_with_run(database, capacity=1)
    sheet = _list_with(tmp_path, 1)
    plan = _plan(database, sheet, run_id)
    assert plan.rows[0].becomes == "선발"
    other = make_person(database, name="다른창구")
    with database.session_scope() as s:  # another PC takes the last seat meanwhile
        enrollment.enroll(s, run_id, other, ACTOR)
    with pytest.raises(ConflictError, match="다시 미리"):
        _apply(database, plan)
    with database.read_scope() as s:
        assert s.query(Person).count() == 1 and s.query(Enrollment).count() == 1


def test_an_unchanged_database_is_not_matched_again(database, tmp_path, monkeypatch):
    """Nothing written since the preview: the plan is written as it is, without matching the
    rows again under the lock (the rules could only give the same)."""
    from desktop_app.services import roster_import_apply

    _c, run_id = make_course_with_run(database, capacity=2)
    plan = _plan(database, _list_with(tmp_path, 3), run_id)

    def not_again(*_args, **_kw):
        raise AssertionError("matched again")

    monkeypatch.setattr(roster_import_apply, "replan", not_again)
    result = _apply(database, plan)
    assert (result.persons_added, result.selected, result.waitlisted) == (3, 2, 1)


def test_any_write_since_the_preview_has_the_rows_matched_again(database, tmp_path):
    """A write elsewhere that leaves the rows as previewed is uploaded after matching them
    again; one that makes a new trainee a registered one refuses the upload."""
    from desktop_app.errors import ConflictError

    _c, run_id = make_course_with_run(database, capacity=5)
    sheet = _list_with(tmp_path, 3)
    plan = _plan(database, sheet, run_id)
    make_person(database, name="상관없음", neis_no="K999999999")  # someone not in the file
    assert _apply(database, plan).persons_added == 3
    sheet = _school_list(tmp_path / "new.xlsx", [
        ["나새로", "1981-02-03", "K000000100", "서울한빛초등학교", None],
        ["다새로", "1982-03-04", "K000000101", "서울한빛초등학교", None]])
    plan = _plan(database, sheet, run_id)
    assert plan.count("새 연수생") == 2
    # another PC registers the person of the file's first row (its NEIS number) meanwhile
    make_person(database, name="나새로", neis_no="K000000100", birth_date=date(1981, 2, 3),
                organization="서울한빛초등학교")
    with pytest.raises(ConflictError, match="다시 미리"):
        _apply(database, plan)


def test_a_change_earlier_in_the_uploads_own_transaction_is_seen(database, tmp_path):
    """The counter moves only when a transaction commits: the run's own state tells that the
    upload's transaction itself took a seat before writing the plan."""
    from desktop_app.errors import ConflictError
    from desktop_app.services.roster_import_apply import apply_import

    _c, run_id = make_course_with_run(database, capacity=1)
    plan = _plan(database, _list_with(tmp_path, 1), run_id)
    other = make_person(database, name="다른창구")
    plan = _plan(database, _list_with(tmp_path, 1), run_id)  # after that write
    with pytest.raises(ConflictError, match="다시 미리"):
        with database.session_scope() as s:
            enrollment.enroll(s, run_id, other, ACTOR)
            apply_import(s, plan, ACTOR)
    with database.read_scope() as s:
        assert s.query(Enrollment).count() == 0


def test_a_late_upload_needs_its_reason(database, tmp_path):
    from desktop_app.errors import LateRegistrationError

    _c, run_id = make_course_with_run(database)
    sheet = _list_with(tmp_path, 2)
    with clock.fixed(date(2021, 6, 1)):
        plan = _plan(database, sheet, run_id)
        with pytest.raises(LateRegistrationError, match="'종료'"):
            _apply(database, plan)
        result = _apply(database, plan, late_reason="사후 등록 승인")
    assert result.selected == 2
    with database.read_scope() as s:
        [first, *_] = enrollment.roster_ids(s, run_id)
        assert "늦은 신청 사유: 사후 등록 승인" in enrollment.history(s, first)[0].reason


def test_any_sheet_plans_or_is_refused_in_korean(sqlite_database):
    """Random cells under a real header: a plan with per-cell reasons, never anything else."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from desktop_app.excel.reader import SheetRows

    _c, run_id = make_course_with_run(sqlite_database)
    cell = st.one_of(
        st.none(), st.text(max_size=120), st.integers(-10**12, 10**12),
        st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
        st.dates(min_value=date(1, 1, 1)), st.sampled_from(["=1+1", "@A1", "0101234567"]))
    header = ["성명", "생년월일", "나이스개인번호", "소속", "연락처", "성별", "직위", "이메일"]

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.lists(cell, min_size=0, max_size=10), max_size=8))
    def check(rows):
        sheet = SheetRows("시트", 1, [header, *rows])
        guess = find_header(sheet.rows)
        try:
            with sqlite_database.read_scope() as s:
                plan = roster_import.plan_import(s, sheet, guess.row_index, guess.columns, run_id)
        except ValidationError as exc:
            assert exc.message
            return
        for row in plan.rows:
            assert row.accepted or all(p.row == row.row and p.message for p in row.problems)

    check()


def test_a_layouts_columns_are_remembered_and_damage_is_ignored(database):
    from desktop_app.models import Setting

    headers = ["성 명", "생일", "학교", "핸드폰 번호"]
    with database.session_scope() as s:
        assert roster_import.remembered_columns(s, headers) is None
        roster_import.remember_columns(s, headers, {"name": 0, "phone": 3})
    with database.read_scope() as s:
        assert roster_import.remembered_columns(s, ["성명", "생일", "학교", "핸드폰번호"]) == {
            "name": 0, "phone": 3}  # the same layout, spelled loosely
        assert roster_import.remembered_columns(s, ["학교", "성명"]) is None
    with database.session_scope() as s:
        for row in s.query(Setting).filter(Setting.key.like("roster_layout:%")):
            row.value = "{broken"
    with database.read_scope() as s:
        assert roster_import.remembered_columns(s, headers) is None


def test_planning_reports_progress_and_can_be_stopped(database, tmp_path):
    _c, run_id = make_course_with_run(database)
    sheet = _list_with(tmp_path, 5)
    guess = find_header(sheet.rows)
    seen = []
    with database.read_scope() as s:
        roster_import.plan_import(s, sheet, guess.row_index, guess.columns, run_id,
                                  lambda pct, text: seen.append((pct, text)))
        assert seen and "행 검사" in seen[0][1]
        with pytest.raises(ValidationError, match="취소"):
            roster_import.plan_import(s, sheet, guess.row_index, guess.columns, run_id,
                                      lambda pct, text: False)
