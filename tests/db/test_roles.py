"""Roles are enforced under the services: every cell of the role matrix that must be refused
is refused (and writes nothing), every cell that must be allowed works, whatever the view shows.
A 조회 user can change nothing at all."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from sqlalchemy import func, select, text

from desktop_app import access
from desktop_app.db import open_database
from desktop_app.errors import AccessDeniedError
from desktop_app.models import AuditEntry, BudgetLine, Enrollment
from desktop_app.services import (accounts, audit, backup, budget_execution, certificates,
                                  courses, demo, dorm, enrollment, persons, rooms, settings)
from desktop_app.services.rooms import RoomFields
from tests.factories import (account, course_fields, make_course_with_run, make_person,
                             person_fields)

A, C, CE, F, D, B, R = access.ROLES


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, sqlite_template):
    path = tmp_path_factory.mktemp("roles") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    database = open_database(path)
    with database.session_scope() as s:
        demo.load(s)
        accounts.add_user(s, "처음관리자", "비밀번호-12345", [A], None)
    run_id, person_id = make_course_with_run(database)[1], make_person(database, name="신청자")
    database.dispose()
    return path, run_id, person_id


def _completed_run(s) -> int:
    return s.scalar(select(Enrollment.run_id).where(Enrollment.completion == "이수").limit(1))


#: (what, roles that may, the call)
ACTIONS = [
    ("과정 만들기", {C}, lambda s, w: courses.create_course(s, course_fields(title="새 과정"))),
    ("연수생 등록", {C}, lambda s, w: persons.create_person(s, person_fields(name="새사람"))),
    ("신청 받기", {C}, lambda s, w: enrollment.enroll(s, w["run"], w["person"], "나",
                                                   late_reason="시험")),
    ("이수증 발급", {CE}, lambda s, w: certificates.issue_for_run(
        s, _completed_run(s), w["tmp"] / "c.pdf", actor="나")),
    ("강의실 추가", {F}, lambda s, w: rooms.add_room(s, RoomFields("T-901", "시험실", "A", "강의실",
                                                             20))),
    ("숙소 객실 추가", {D}, lambda s, w: dorm.add_dorm_room(s, "T901", 9, 2)),
    ("예산 집행", {B}, lambda s, w: budget_execution.spend(
        s, s.scalar(select(BudgetLine.id).order_by(BudgetLine.id)), date(2021, 6, 1), 1000,
        "시험 집행", "나")),
    ("학점 설정", {A, C}, lambda s, w: settings.set_values(s, {"credit_hours": 16})),
    ("대관료 설정", {A, F}, lambda s, w: settings.set_values(
        s, {"rental_discounts": "일반=0, 공공기관=40, 학교=50, 교육청 소속 기관=100"})),
    ("잠금 설정", {A}, lambda s, w: settings.set_values(s, {"idle_lock_minutes": 5})),
    ("계정 만들기", {A}, lambda s, w: accounts.add_user(s, "새계정", "비밀번호-12345", [R],
                                                    w["user"])),
    ("감사 기록 보기", {A}, lambda s, w: audit.count(s, audit.AuditFilter())),
]


def _state(database) -> tuple:
    """Everything a refused call must leave as it was: the change counter, the row count of
    every table and the trail."""
    with database.read_scope() as s:
        tables = [t for t in access.TABLE_ROLES if t != "user_account"]
        counts = tuple(s.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables)
        return counts, s.scalar(select(func.count()).select_from(AuditEntry))


@pytest.mark.parametrize("role", access.ROLES)
def test_역할마다_허용과_거부(role, demo_file, tmp_path):
    source, run_id, person_id = demo_file
    path = tmp_path / "db.sqlite3"
    shutil.copy(source, path)
    database = open_database(path)
    try:
        user = account(database, "시험사용자", role)
        world = {"run": run_id, "person": person_id, "tmp": tmp_path, "user": user}
        for what, roles, call in ACTIONS:
            before = _state(database)
            if role in roles:
                with database.session_scope() as s:
                    call(s, world)
            else:
                with pytest.raises(AccessDeniedError, match="권한이 없습니다|바꿀 수 없습니다|관리자만"):
                    with database.session_scope() as s:
                        call(s, world)
                assert _state(database) == before, what
        if role != A:
            with pytest.raises(AccessDeniedError, match="관리자"):
                backup.restore(database, source, tmp_path / "safety")
            assert not (tmp_path / "safety").exists()
    finally:
        database.dispose()


def test_조회_사용자는_어떤_표도_바꿀_수_없다(database):
    """Below every service: a bare statement on any table is refused for 조회, and for someone
    not logged in on a database with accounts (except the login's own bookkeeping)."""
    viewer = access.Who.signed_in(access.SignedIn(1, "조회자", (R,)))
    nobody = access.Who(actor="?", accounts=True)
    for who in (viewer, nobody):
        for table in access.TABLE_ROLES:
            for verb, sql in (("INSERT", f"INSERT INTO {table} DEFAULT VALUES"),
                              ("UPDATE", f"UPDATE {table} SET version = version"),
                              ("DELETE", f"DELETE FROM {table}")):
                if table == "user_account" and verb == "UPDATE":
                    continue        # failed logins, one's own password (the service checks)
                assert access.refusal(who, verb, table), (who.actor, verb, table)
                database.act_as(who)
                with pytest.raises(AccessDeniedError):
                    with database.session_scope() as s:
                        s.execute(text(sql))
    database.act_as(access.NOBODY)


def test_모든_표에_역할이_정해져_있다():
    """A new table must say which role changes it (else it is open to everyone)."""
    from desktop_app.audit_schema import NOT_AUDITED
    from desktop_app.models import Base

    named = set(access.TABLE_ROLES) | access.ANY_WRITER | NOT_AUDITED
    assert {t.name for t in Base.metadata.sorted_tables} <= named


def test_계정이_없으면_모두_허용되고_운영자_이름이_남는다(database):
    database.act_as(access.Who(actor="창구PC"))
    make_person(database, name="누구나")
    with database.read_scope() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "person")).first()
        assert entry.actor == "창구PC" and entry.action == "추가"
    database.act_as(access.NOBODY)


def test_관리자가_바꾼_역할은_바로_적용된다(database):
    """A role taken away (or the account turned off) holds from the user's next action, not
    from their next login."""
    clerk = account(database, "김주무관", access.COURSES)
    make_person(database, name="처음")
    admin = access.SignedIn(0, "관리자", (access.ADMIN,))
    with database.engine.begin() as conn:       # as a 관리자 on another PC would
        conn.execute(text("UPDATE user_account SET roles = '조회' WHERE id = :i"),
                     {"i": clerk.id})
    with pytest.raises(AccessDeniedError, match="과정 담당"):
        make_person(database, name="다음")
    assert database.who.user.roles == ("조회",)
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE user_account SET roles = '과정 담당', active = false "
                          "WHERE id = :i"), {"i": clerk.id})
    with pytest.raises(AccessDeniedError, match="꺼졌거나"):
        make_person(database, name="그다음")
    assert admin and database.who.gone
    database.act_as(access.NOBODY)
