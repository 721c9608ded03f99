"""The audit trail: a row for every changed record in the change's own transaction (none for a
rolled-back one), a row for every export or print of personal data naming the user and the
count, never changed or deleted; and random sequences of actions never leave a write without
its row."""

from __future__ import annotations

import shutil
from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select, text

from desktop_app import access
from desktop_app.db import open_database
from desktop_app.errors import AccessDeniedError, ValidationError
from desktop_app.excel.reader import SheetRows
from desktop_app.models import AuditEntry
from desktop_app.services import (accounts, audit, enrollment, persons, privacy, roster_export,
                                  roster_import, rooms)
from desktop_app.services.rooms import RoomFields
from tests.db.test_cli import run
from tests.factories import account, make_course_with_run, make_person, person_fields

ADMIN = access.SignedIn(1, "관리자1", (access.ADMIN,))
CLERK = access.SignedIn(2, "김주무관", (access.COURSES,))


def _trail(database, **where) -> list[SimpleNamespace]:
    with database.read_scope() as s:
        q = select(AuditEntry).order_by(AuditEntry.id)
        for key, value in where.items():
            q = q.where(getattr(AuditEntry, key) == value)
        return [SimpleNamespace(**{c: getattr(e, c) for c in AuditEntry.__table__.columns.keys()})
                for e in s.scalars(q)]


def test_바뀐_레코드마다_같은_트랜잭션에_기록된다(database):
    account(database, CLERK.name, *CLERK.roles)
    try:
        with pytest.raises(RuntimeError):
            with database.session_scope() as s:
                persons.create_person(s, person_fields(name="되돌림"))
                raise RuntimeError("after the write, before the commit")
        assert _trail(database, table_name="person") == []          # rolled back: no row
        person_id = make_person(database, name="홍길동", phone="010-1234-5678")
        with database.session_scope() as s:
            detail = persons.person_detail(s, person_id)
            persons.update_person(s, person_id, detail, person_fields(
                name="홍길동", phone="010-9999-8888", organization="새학교"))
        rows = _trail(database, table_name="person", record_id=str(person_id))
        assert rows[0].action == "추가" and {r.action for r in rows[1:]} == {"수정"}
        assert {r.actor for r in rows} == {"김주무관"}
        shown = "; ".join(audit.changes(r.before, r.after) for r in rows[1:])
        assert "전화: 바뀜 (개인정보)" in shown and "소속:" in shown
        assert not any("010" in (r.before or "") + (r.after or "") for r in rows)   # no number
    finally:
        database.act_as(access.NOBODY)


def test_감사_기록은_고치거나_지울_수_없다(database):
    make_person(database, name="누구")
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(AccessDeniedError, match="고치거나 지울 수 없습니다"):
            with database.session_scope() as s:
                s.execute(text(statement))
    with database.engine.connect() as conn:         # below the program's check: the trigger
        with pytest.raises(Exception, match="고치거나 지울 수 없습니다"):
            conn.exec_driver_sql("DELETE FROM audit_log")
    assert len(_trail(database, table_name="person")) == 1


def test_명단_내보내기는_사용자와_인원을_남긴다(database, tmp_path):
    _course, run_id = make_course_with_run(database)
    with database.session_scope() as s:
        for name in ("가연수", "나연수", "다연수"):
            pid = persons.create_person(s, person_fields(name=name))
            enrollment.enroll(s, run_id, pid, "나", late_reason="시험")
    account(database, CLERK.name, *CLERK.roles)
    try:
        with database.read_scope() as s:            # as the window does: a read
            written = roster_export.export_roster(s, run_id, tmp_path / "명단.xlsx")
        [row] = _trail(database, action=audit.EXPORTED)
        assert (row.actor, row.persons, row.file) == ("김주무관", 3, "명단.xlsx")
        assert written.exists()
    finally:
        database.act_as(access.NOBODY)


def test_감사_기록_보기와_내보내기는_관리자만(database, tmp_path):
    make_person(database, name="누구")
    account(database, CLERK.name, *CLERK.roles)
    with pytest.raises(AccessDeniedError, match="관리자"):
        with database.read_scope() as s:
            audit.count(s, audit.AuditFilter())
    account(database, ADMIN.name, *ADMIN.roles)
    try:
        with database.session_scope() as s:
            f = audit.AuditFilter(table="person", start=date.today(), end=date.today())
            assert audit.count(s, f) == 1
            assert audit.export(s, f, tmp_path / "감사.xlsx") == 1
        sheet = load_workbook(tmp_path / "감사.xlsx").active
        assert [c.value for c in sheet[1]][:5] == ["번호", "시각", "사용자", "종류", "자료"]
        assert sheet.cell(2, 5).value == "연수생" and sheet.max_row == 2
        assert _trail(database, action=audit.EXPORTED)[-1].what == "감사 기록 1줄"
    finally:
        database.act_as(access.NOBODY)


def test_주민등록번호로_보이는_열은_열_이름과_함께_거절된다():
    with pytest.raises(ValidationError, match="'주민번호' 열\\(엑셀 C열\\)"):
        privacy.refuse_resident_numbers([["성명", "소속", "주민번호"], ["홍", "학교", "x"]], 0)
    with pytest.raises(ValidationError, match="이름 없는 열\\(엑셀 B열\\)"):
        privacy.refuse_resident_numbers([["성명", None], ["홍", "850302-1234567"],
                                         ["김", "900101-2******"]], 0)
    privacy.refuse_resident_numbers([["성명", "생년월일"], ["홍", "1985-03-02"]], 0)


def test_명단_올리기는_주민등록번호_열을_거절한다(database):
    _course, run_id = make_course_with_run(database)
    sheet = SheetRows("명단", 1, [["성명", "주민등록번호"], ["홍길동", "850302-1234567"]])
    with database.read_scope() as s:
        with pytest.raises(ValidationError, match="'주민등록번호' 열"):
            roster_import.plan_import(s, sheet, 0, {"name": 0}, run_id)


def test_보유_기간이_지난_연락처_파기는_미리보기와_같다(database, tmp_path):
    old = make_person(database, name="오래된사람", phone="010-1111-2222", email="a@b.kr")
    make_person(database, name="요즘사람", phone="010-3333-4444")
    with database.engine.begin() as conn:       # last seen long ago
        conn.execute(text("UPDATE person SET updated_at = '2010-01-01 00:00:00' WHERE id = :i"),
                     {"i": old})
    account(database, CLERK.name, *CLERK.roles)
    with pytest.raises(AccessDeniedError):
        with database.session_scope() as s:
            privacy.plan_purge(s, 5)
    account(database, ADMIN.name, *ADMIN.roles)
    try:
        with database.session_scope() as s:
            plan = privacy.plan_purge(s, 5)
        assert [(line.name, line.fields) for line in plan.lines] == [
            ("오래된사람", ("전화", "이메일"))]
        with database.session_scope() as s:
            assert privacy.purge(s, plan) == 1
        with database.read_scope() as s:
            gone = persons.person_detail(s, old)
            assert not gone.phone and not gone.email
            assert privacy.plan_purge(s, 5).lines == ()
        assert _trail(database, action="파기")[0].persons == 1
    finally:
        database.act_as(access.NOBODY)


def _db_path(tmp_path):
    return str(tmp_path / "cli.sqlite3")


def test_감사_내보내기와_파기_명령(tmp_path, capsys, monkeypatch):
    db = _db_path(tmp_path)
    assert run(capsys, "--db", db, "init")[0] == 0
    database = open_database(db)
    old = make_person(database, name="오래된사람", phone="010-1111-2222")
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE person SET updated_at = '2001-01-01 00:00:00'"))
    with database.session_scope() as s:
        accounts.add_user(s, "관리자1", "비밀번호-12345", ["관리자"], None)
    database.dispose()
    monkeypatch.setenv("YEONSU_PASSWORD", "비밀번호-12345")
    code, out, _err = run(capsys, "--db", db, "--user", "관리자1", "privacy", "purge",
                          "--older-than-years", "5", "--dry-run")
    assert code == 0 and f"오래된사람 (번호 {old})" in out and "바꾼 것은 없습니다" in out
    listed = [line for line in out.splitlines() if "마지막 활동" in line]
    confirm = out.split("--confirm ")[1].split(")")[0]
    code, _out, err = run(capsys, "--db", db, "--user", "관리자1", "privacy", "purge",
                          "--older-than-years", "5")
    assert code == 2 and "--confirm" in err                 # not without the dry run's code
    code, _out, err = run(capsys, "--db", db, "--user", "관리자1", "privacy", "purge",
                          "--older-than-years", "5", "--confirm", "00000000")
    assert code == 2 and "다릅니다" in err
    code, out2, _err = run(capsys, "--db", db, "--user", "관리자1", "privacy", "purge",
                           "--older-than-years", "5", "--confirm", confirm)
    assert code == 0 and [line for line in out2.splitlines() if "마지막 활동" in line] == listed
    out_file = tmp_path / "trail.xlsx"
    code, out, err = run(capsys, "--db", db, "--user", "관리자1", "audit", "export", "--from",
                         "2020-01-01", "--to", "2099-12-31", "--out", str(out_file))
    assert code == 0, err
    sheet = load_workbook(out_file).active
    kinds = [sheet.cell(r, 4).value for r in range(2, sheet.max_row + 1)]
    assert "파기" in kinds and "추가" in kinds
    code, _out, err = run(capsys, "--db", db, "--user", "관리자1", "audit", "export", "--from",
                          "2021-13-01", "--to", "2021-01-01", "--out", str(out_file))
    assert code == 2 and "--from" in err


# ------------------------------------------------------------------ no write without its row

AUDITED = ("person", "organization", "enrollment", "enrollment_event", "room", "course_run")


def _snapshot(database) -> dict[tuple[str, str], tuple]:
    with database.read_scope() as s:
        out = {}
        for table in AUDITED:
            for row in s.execute(text(f"SELECT * FROM {table}")):
                out[(table, str(row[0]))] = tuple(row)
        return out


def _name(n: int) -> str:
    return "가나다라마바사아자차카타파하"[n % 14] + "하늘" + "가나다라"[n // 14 % 4]


def _action(kind: str, n: int):
    def create_person(s, w):
        w["people"].append(persons.create_person(s, person_fields(name=_name(n))))

    def rename(s, w):
        pid = w["people"][n % len(w["people"])]
        detail = persons.person_detail(s, pid)
        persons.update_person(s, pid, detail, person_fields(name=_name(n + 1),
                                                            organization=f"학교{n % 3}"))

    def enroll(s, w):
        enrollment.enroll(s, w["run"], w["people"][n % len(w["people"])], "나",
                          late_reason="시험")

    def add_room(s, w):
        rooms.add_room(s, RoomFields(f"T{n:03d}", f"시험실{n}", "A", "강의실", 10 + n))

    def refused(s, w):
        persons.create_person(s, person_fields(name="실패"))
        raise ValidationError("일부러 실패")

    return {"person": create_person, "rename": rename, "enroll": enroll, "room": add_room,
            "refused": refused}[kind]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["person", "rename", "enroll", "room", "refused"]),
                          st.integers(0, 40)), min_size=1, max_size=8))
def test_어떤_순서로_해도_기록_없는_쓰기는_없다(sqlite_template, tmp_path_factory, steps):
    path = tmp_path_factory.mktemp("hyp") / "db.sqlite3"
    shutil.copy(sqlite_template, path)
    database = open_database(path)
    try:
        world = {"run": make_course_with_run(database)[1],
                 "people": [make_person(database, name="처음")]}
        account(database, "두역할", access.COURSES, access.FACILITIES)
        for kind, n in steps:
            before = _snapshot(database)
            mark = max([e.id for e in _trail(database)] or [0])
            try:
                with database.session_scope() as s:
                    _action(kind, n)(s, world)
            except ValidationError:
                pass
            after = _snapshot(database)
            changed = {key for key in before.keys() | after.keys()
                       if before.get(key) != after.get(key)}
            logged = {(e.table_name, e.record_id) for e in _trail(database) if e.id > mark}
            assert changed <= logged, (kind, changed - logged)
            if kind == "refused":
                assert not changed and not logged
    finally:
        database.dispose()


def test_복원해도_감사_기록은_이어진다(sqlite_database, tmp_path):
    from desktop_app.services import backup

    database = sqlite_database
    make_person(database, name="백업전")
    saved = backup.backup(database, tmp_path / "b.sqlite3").path
    make_person(database, name="백업후")
    after_backup = [(e.table_name, e.record_id, e.action) for e in _trail(database)]
    result = backup.restore(database, saved, tmp_path / "safety")
    try:
        trail = _trail(result.database)
        kept = [(e.table_name, e.record_id, e.action) for e in trail if e.action != "복원"]
        assert kept[:len(after_backup)] == after_backup       # the rows since the backup too
        assert trail[-1].action == "복원" and trail[-1].file == "b.sqlite3"
    finally:
        result.database.dispose()


def test_되돌린_작업의_파일은_남지_않는다(database, tmp_path):
    """A file of personal data made in a transaction that rolls back goes with it: never a file
    without its audit row."""
    path = tmp_path / "명단.pdf"
    with pytest.raises(RuntimeError):
        with database.session_scope() as s:
            path.write_bytes(b"%PDF")
            audit.record_file(s, "명단", 3, path, printed=True)
            raise RuntimeError("the commit does not happen")
    assert not path.exists() and _trail(database, action=audit.PRINTED) == []
    with database.session_scope() as s:
        path.write_bytes(b"%PDF")
        audit.record_file(s, "명단", 3, path, printed=True)
    assert path.exists() and _trail(database, action=audit.PRINTED)[0].persons == 3
