"""Personal data shown no wider than needed: masked for roles whose work does not need the full
value (on screen and in what they export), exports masked unless a purpose is stated (which
the trail keeps); a 조회 user changes nothing through the commands either."""

from __future__ import annotations

from openpyxl import load_workbook
from sqlalchemy import text

from desktop_app import access
from desktop_app.db import open_database
from desktop_app.services import accounts, audit, enrollment, instructors, persons, roster_export
from tests.db.test_cli import run
from tests.factories import account, make_course_with_run, make_person, person_fields


def _as(database, *roles: str) -> None:
    account(database, "사용자", *roles)


def test_역할에_따라_가려_보인다(database):
    pid = make_person(database, name="홍길동", phone="010-1234-5678", neis_no="A123456789")
    try:
        _as(database, access.FACILITIES)
        with database.read_scope() as s:
            [row] = persons.person_rows(s, [pid])
            assert (row.phone, row.neis_no) == ("010-****-5678", "A123******")
            assert str(row.birth_date).endswith("-**")
            assert persons.person_detail(s, pid).phone == "010-****-5678"
        _as(database, access.COURSES)
        with database.read_scope() as s:
            [row] = persons.person_rows(s, [pid])
            assert (row.phone, row.neis_no) == ("010-1234-5678", "A123456789")
        _as(database, access.CERTIFICATES)          # birth and NEIS for certificates, no phone
        with database.read_scope() as s:
            [row] = persons.person_rows(s, [pid])
            assert row.neis_no == "A123456789" and row.phone == "010-****-5678"
    finally:
        database.act_as(access.NOBODY)


def test_강사_계좌는_예산_담당만_전체로(database):
    with database.session_scope() as s:
        iid = instructors.register(s, instructors.InstructorProfile(
            bank_name="국민", bank_account="123-45-678901", account_holder="홍강사"),
            person=person_fields(name="홍강사"))
    try:
        for roles, shown in (((access.COURSES,), "***-**-**8901"),
                             ((access.BUDGET,), "123-45-678901")):
            _as(database, *roles)
            with database.read_scope() as s:
                [row] = [r for r in instructors.instructor_rows(s, full=True) if r.id == iid]
                assert row.account == shown
    finally:
        database.act_as(access.NOBODY)


def test_명단_내보내기는_목적을_적어야_가리지_않는다(database, tmp_path):
    _course, run_id = make_course_with_run(database)
    with database.session_scope() as s:
        pid = persons.create_person(s, person_fields(name="홍길동", phone="010-1234-5678"))
        enrollment.enroll(s, run_id, pid, "나", late_reason="시험")
    _as(database, access.COURSES)
    try:
        with database.read_scope() as s:
            roster_export.export_roster(s, run_id, tmp_path / "가림.xlsx")
            roster_export.export_roster(s, run_id, tmp_path / "전체.xlsx", "  연수 안내 문자 ")
        masked = [c.value for c in load_workbook(tmp_path / "가림.xlsx").active[2]]
        full = [c.value for c in load_workbook(tmp_path / "전체.xlsx").active[2]]
        assert "010-****-5678" in masked and "010-1234-5678" not in masked
        assert "010-1234-5678" in full
        _as(database, access.ADMIN)
        with database.session_scope() as s:
            rows = audit.rows(s, audit.ids(s, audit.AuditFilter(action=audit.EXPORTED)))
        assert {(r.file, r.purpose) for r in rows} == {("가림.xlsx", ""),
                                                        ("전체.xlsx", "연수 안내 문자")}
        assert all(r.actor == "사용자" and r.persons == 1 for r in rows)
    finally:
        database.act_as(access.NOBODY)


def test_조회_사용자는_명령으로도_바꿀_수_없다(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "cli.sqlite3")
    assert run(capsys, "--db", db, "init")[0] == 0
    database = open_database(db)
    _course, run_id = make_course_with_run(database)
    make_person(database, name="홍길동", neis_no="A000000001")
    with database.session_scope() as s:
        accounts.add_user(s, "관리자1", "비밀번호-12345", ["관리자"], None)
        admin = accounts.log_in(s, "관리자1", "비밀번호-12345")
        accounts.add_user(s, "조회1", "비밀번호-12345", ["조회"], admin)
        code = s.execute(text(
            "SELECT code FROM course_run WHERE id = :i"), {"i": run_id}).scalar()
    database.dispose()
    monkeypatch.setenv("YEONSU_PASSWORD", "비밀번호-12345")
    status, _out, err = run(capsys, "--db", db, "--user", "조회1", "enroll", "--run", code,
                            "--neis", "A000000001", "--late-reason", "시험")
    assert status == 3 and "조회1" in err and len(err.strip().splitlines()) == 1
    out_file = tmp_path / "명단.xlsx"
    status, _out, err = run(capsys, "--db", db, "--user", "조회1", "roster", "export", "--run",
                            code, "--out", str(out_file))
    assert status == 0, err                        # reading and exporting is allowed
    database = open_database(db)
    with database.read_scope() as s:
        assert s.execute(text(
            "SELECT count(*) FROM enrollment")).scalar() == 0
        assert s.execute(text(
            "SELECT actor FROM audit_log WHERE action = '내보내기'")).scalar() == "조회1"
    database.dispose()
