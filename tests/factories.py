"""Small builders for test data, going through the services like a user would."""

from __future__ import annotations

from datetime import date
from itertools import count

from desktop_app.db import Database
from desktop_app.services import courses, persons, runs
from desktop_app.services.courses import CourseFields
from desktop_app.services.persons import PersonFields
from desktop_app.services.runs import RunFields

ACTOR = "테스트담당"
_numbers = count(1)


def course_fields(**overrides) -> CourseFields:
    values = dict(year=2021, title="초등 수업 나눔 직무연수", category="직무연수", target_group="초등",
                  department="초등교원연수부", delivery="집합", hours=15, credits=1,
                  min_attendance_pct=90, min_score=None, plan_task_code="1-1",
                  planned_runs=2, planned_people=60, schedule_text="'21.5월, 10월")
    values.update(overrides)
    return CourseFields(**values)


def make_course(db: Database, **overrides) -> int:
    with db.session_scope() as s:
        return courses.create_course(s, course_fields(**overrides))


def make_run(db: Database, course_id: int, start=date(2021, 5, 10), end=date(2021, 5, 12),
             capacity: int | None = 30, **overrides) -> int:
    with db.session_scope() as s:
        return runs.add_run(s, course_id, RunFields(start_date=start, end_date=end,
                                                    capacity=capacity, **overrides))


def make_course_with_run(db: Database, capacity: int | None = 30, delivery="집합",
                         start=date(2021, 5, 10), end=date(2021, 5, 12), **overrides):
    course_id = make_course(db, delivery=delivery, **overrides)
    return course_id, make_run(db, course_id, start, end, capacity)


def person_fields(**overrides) -> PersonFields:
    n = next(_numbers)
    values = dict(name="김연수", birth_date=date(1980, 1, 1 + n % 28),
                  gender="여", neis_no=f"A{n:09d}", employee_kind="교원", position="교사",
                  organization="서울한빛초등학교", phone="010-1234-5678",
                  email=f"t{n}@example.kr")
    values.update(overrides)
    return PersonFields(**values)


def make_person(db: Database, **overrides) -> int:
    with db.session_scope() as s:
        return persons.create_person(s, person_fields(**overrides))


def make_people(db: Database, n: int) -> list[int]:
    with db.session_scope() as s:
        return [persons.create_person(s, person_fields(name=f"연수생{chr(0xAC00 + i)}"))
                for i in range(n)]


def outside_tool(path):
    """A plain sqlite3 connection to the file, as another program would open it: the audit
    triggers removed first (they would refuse its DDL, and it lacks the program's
    ``yeonsu_actor()``); the program puts them back when it opens the file."""
    import sqlite3

    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                "AND name LIKE 'audit%'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.commit()
    return conn


def account(db: Database, name: str, *roles: str):
    """A real account holding ``roles`` (made straight in the table, no login needed), and the
    database working as it from now on; returns its ``SignedIn``."""
    from datetime import datetime

    from sqlalchemy import insert, select

    from desktop_app.access import SignedIn, Who
    from desktop_app.models import UserAccount

    with db.engine.begin() as conn:
        found = conn.execute(select(UserAccount.id).where(UserAccount.name == name)).scalar()
        if found is None:
            stamp = datetime(2021, 1, 1)
            found = conn.execute(insert(UserAccount).values(
                name=name, password_hash="(시험)", roles=",".join(roles), active=True,
                failed_logins=0, version=1, created_at=stamp, updated_at=stamp)
                .returning(UserAccount.id)).scalar()
        else:
            conn.execute(UserAccount.__table__.update().where(UserAccount.id == found)
                         .values(roles=",".join(roles)))
    user = SignedIn(found, name, tuple(roles))
    db.act_as(Who.signed_in(user))
    return user
