"""Shared test set-up: headless Qt, a private data folder, databases on both back ends.

PostgreSQL tests need ``YEONSU_TEST_PG_URL`` (``.ci/run`` starts a throwaway server and sets it);
without it they are skipped with that reason shown in the summary.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from datetime import date
from pathlib import Path

# Before anything imports Qt: no screen here, and never touch the real user's data folder.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["YEONSU_HOME"] = tempfile.mkdtemp(prefix="yeonsu-test-home-")

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from desktop_app.access import NOBODY, Who  # noqa: E402
from desktop_app.db import Database, open_database  # noqa: E402
from desktop_app.models import Base  # noqa: E402
from desktop_app.services import clock  # noqa: E402

#: "Today" in tests: before the 2021 plan year, so the factories' runs are still taking
#: applications.  Tests of the date rules set their own day with ``clock.fixed``.
TEST_TODAY = date(2020, 12, 1)

PG_URL_VAR = "YEONSU_TEST_PG_URL"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def test_clock():
    """Every test runs on :data:`TEST_TODAY` unless it sets the clock itself."""
    with clock.fixed(TEST_TODAY) as day:
        yield day


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An empty database migrated to head once; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(path).dispose()
    return path


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The server named by YEONSU_TEST_PG_URL (its own database is never touched)."""
    url = os.environ.get(PG_URL_VAR)
    if not url:
        pytest.skip(f"PostgreSQL 테스트 생략: {PG_URL_VAR} 가 설정되지 않았습니다")
    return url


@pytest.fixture(scope="session")
def pg_url(pg_server_url) -> str:
    """A database of this test process alone, dropped at the end.

    Two copies of the suite (or pytest-xdist workers) share one server without meeting: each
    creates its own database instead of resetting a shared schema.
    """
    server = make_url(pg_server_url)
    name = f"yeonsu_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database(pg_url) -> Database:
    """One migrated PostgreSQL database for the whole run; emptied after every test."""
    database = open_database(pg_url)
    yield database
    database.dispose()


#: rows the migrations put in (the institute's buildings): part of an empty database
SEEDED_BY_MIGRATIONS = {"building"}


def _truncate(database: Database) -> None:
    names = ", ".join(t.name for t in Base.metadata.sorted_tables
                      if t.name not in SEEDED_BY_MIGRATIONS)
    with database.engine.begin() as conn:
        # the trail is append-only for the program; a test's throwaway database is emptied
        conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
    database.act_as(Who(actor=NOBODY.actor))    # a test that logged in leaves no user behind


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path, sqlite_template) -> Database:
    """A fresh, migrated, empty database on each back end."""
    if request.param == "sqlite":
        path = tmp_path / "yeonsu.sqlite3"
        shutil.copy(sqlite_template, path)
        db = open_database(path)
        yield db
        db.dispose()
    else:
        db = request.getfixturevalue("pg_database")
        try:
            yield db
        finally:
            _truncate(db)


@pytest.fixture
def sqlite_database(tmp_path, sqlite_template) -> Database:
    """A fresh SQLite database only (GUI tests and file-level tests)."""
    path = tmp_path / "yeonsu.sqlite3"
    shutil.copy(sqlite_template, path)
    db = open_database(path)
    yield db
    db.dispose()
