"""Locks held by another PC become a Korean message, and nothing is saved."""

import sqlite3
import threading
import time

import pytest
from sqlalchemy import select, text

import desktop_app.db as db_module
from desktop_app.db import open_database
from desktop_app.errors import DatabaseBusyError
from desktop_app.models import Person
from desktop_app.services import persons
from tests.factories import make_person, person_fields


def test_sqlite_writer_waiting_too_long_is_told_to_retry(tmp_path, sqlite_template,
                                                         monkeypatch):
    import shutil

    path = tmp_path / "busy.sqlite3"
    shutil.copy(sqlite_template, path)
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    database = open_database(path)
    other_pc = sqlite3.connect(path, timeout=0.1)
    other_pc.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusyError, match="잠시 후 다시"):
            with database.session_scope() as s:
                persons.create_person(s, person_fields(name="대기중"))
    finally:
        other_pc.rollback()
        other_pc.close()
    with database.read_scope() as s:
        assert persons.search_person_ids(s) == []
    database.dispose()


def test_postgresql_deadlock_is_reported_not_crashed(pg_database):
    from tests.conftest import _truncate

    try:
        a = make_person(pg_database, name="가")
        b = make_person(pg_database, name="나")
        barrier = threading.Barrier(2)
        outcomes = []

        def worker(first, second):
            try:
                with pg_database.session_scope() as s:
                    s.execute(text("SET LOCAL deadlock_timeout = '100ms'"))
                    s.execute(select(Person.id).where(Person.id == first).with_for_update())
                    barrier.wait(timeout=10)
                    time.sleep(0.2)
                    s.execute(select(Person.id).where(Person.id == second).with_for_update())
                outcomes.append("ok")
            except DatabaseBusyError as exc:
                outcomes.append(exc.message)

        threads = [threading.Thread(target=worker, args=(a, b)),
                   threading.Thread(target=worker, args=(b, a))]
        [t.start() for t in threads]
        [t.join(timeout=30) for t in threads]
        assert sorted(outcomes)[0] == "ok" and "다른 PC" in sorted(outcomes)[1]
    finally:
        _truncate(pg_database)
