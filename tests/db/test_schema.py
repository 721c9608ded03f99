"""Opening databases: migrations, drift, pragmas, refusing the unknown, backup before upgrade."""

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

import desktop_app.db as db_module
from desktop_app.db import current_revision, database_url, open_database
from desktop_app.errors import DatabaseError, DatabaseMissingError
from desktop_app.migrations import HEAD_REVISION, KNOWN_REVISIONS
from desktop_app.models import Base

MIGRATIONS = Path(db_module.__file__).parent / "migrations"


def test_known_revisions_match_the_scripts():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(chain) == KNOWN_REVISIONS
    assert script.get_current_head() == HEAD_REVISION


def test_empty_database_upgrades_to_head_without_drift(database):
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == \
            HEAD_REVISION
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_pragmas(sqlite_database):
    with sqlite_database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_foreign_keys_are_enforced(database):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with database.session_scope() as s:
            s.execute(text("INSERT INTO course_run (course_id, seq, code, start_date, end_date,"
                           " venue, lodging, status, note, selected_count, applied_count,"
                           " waitlist_count, waitlist_seq, timetable_version, version,"
                           " created_at, updated_at) VALUES (999, 1, 'x', '2021-01-01',"
                           " '2021-01-02', '', false, '개설', '', 0, 0, 0, 0, 0, 1,"
                           " '2021-01-01 00:00:00', '2021-01-01 00:00:00')"))


def test_db_argument_takes_a_path_or_url(tmp_path, monkeypatch):
    monkeypatch.setenv("YEONSU_HOME", str(tmp_path))
    assert database_url(None) == f"sqlite:///{tmp_path / 'yeonsu.sqlite3'}"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url(str(tmp_path / "a.sqlite3")) == f"sqlite:///{tmp_path / 'a.sqlite3'}"


def test_default_file_is_created_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("YEONSU_HOME", str(tmp_path))
    database = open_database()
    database.dispose()
    assert (tmp_path / "yeonsu.sqlite3").exists()


def test_newer_database_is_refused(sqlite_database):
    path = sqlite_database.sqlite_path
    sqlite_database.dispose()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="더 새로운 버전"):
        open_database(path)


def test_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="데이터베이스가 아닙니다"):
        open_database(path)


def _korean_only(message: str, allowed: str = "") -> None:
    """No driver English in what the user reads (paths and URLs named in it are allowed)."""
    rest = message.replace(allowed, "")
    assert "sqlalche.me" not in rest and "Background" not in rest
    assert not re.search(r"[A-Za-z]{4,}", rest), rest


def test_not_a_database_file_is_refused_in_korean_only(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("이것은 데이터베이스가 아닙니다" * 100, encoding="utf-8")
    with pytest.raises(DatabaseError, match="파일이 데이터베이스가 아니거나 손상되었습니다") as caught:
        open_database(path)
    _korean_only(caught.value.message, str(path))
    assert "file is not a database" in caught.value.details  # kept for the log and details


def test_unreachable_server_gives_a_korean_message():
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    with pytest.raises(DatabaseError, match="연결할 수 없습니다") as caught:
        open_database(url)
    _korean_only(caught.value.message, url)


def test_a_missing_file_is_not_created_unless_asked(tmp_path):
    path = tmp_path / "no" / "such" / "folder" / "x.db"
    with pytest.raises(DatabaseMissingError, match="데이터베이스 파일이 없습니다"):
        open_database(path, create=False)
    assert not (tmp_path / "no").exists()
    open_database(path, create=True).dispose()
    assert path.is_file()


def test_older_database_is_backed_up_before_upgrading(sqlite_database, tmp_path, monkeypatch):
    """Pretend a newer program (one more migration) opens today's file."""
    path = sqlite_database.sqlite_path
    sqlite_database.dispose()
    upgraded = []
    monkeypatch.setattr(db_module, "HEAD_REVISION", "0002_next")
    monkeypatch.setattr(db_module, "KNOWN_REVISIONS", KNOWN_REVISIONS + ("0002_next",))

    def fake_upgrade(engine):
        backups = list((tmp_path / "bk").glob("before-upgrade-*.sqlite3"))
        upgraded.append(len(backups))  # the copy exists before the upgrade runs
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0002_next'"))

    monkeypatch.setattr(db_module, "upgrade_to_head", fake_upgrade)
    reopened = open_database(path, backup_folder=tmp_path / "bk")
    reopened.dispose()
    assert upgraded == [1]
    backup = next((tmp_path / "bk").glob("before-upgrade-*.sqlite3"))
    assert HEAD_REVISION in backup.name
    assert current_revision(create_engine(f"sqlite:///{backup}"))[0] == HEAD_REVISION


def test_read_scope_never_commits(database):
    from desktop_app.models import Setting

    with database.read_scope() as s:
        s.add(Setting(key="x", value="1"))
        s.flush()
    with database.read_scope() as s:
        assert s.get(Setting, "x") is None


def test_session_scope_rolls_back_everything_on_error(database):
    from desktop_app.models import Setting

    with pytest.raises(RuntimeError):
        with database.session_scope() as s:
            s.add(Setting(key="x", value="1"))
            s.flush()
            raise RuntimeError("boom")
    with database.read_scope() as s:
        assert s.get(Setting, "x") is None


def test_a_database_with_data_upgrades_through_every_migration(tmp_path):
    """An office's file from before attendance (0002), full of rows that point at each other,
    opens with the newest program: SQLite's table rebuilds must not trip the foreign keys."""
    path = tmp_path / "office.sqlite3"
    engine = db_module.create_db_engine(database_url(str(path)))
    db_module.upgrade_to(engine, "0002_change_counter")
    stamp = "2021-03-01 09:00:00"
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO course (id, year, code, title, category, target_group, department, "
            "delivery, hours, min_attendance_pct, schedule_text, status, is_new, is_expanded, "
            "notes, version, created_at, updated_at) VALUES (1, 2021, '2021-001', '과정', "
            "'직무연수', '초등', '초등교원연수부', '집합', 15, 90, '', '운영', 0, 0, '', 1, :t, :t)"),
            {"t": stamp})
        conn.execute(text(
            "INSERT INTO course_run (id, course_id, seq, code, start_date, end_date, venue, "
            "lodging, status, note, selected_count, applied_count, waitlist_count, waitlist_seq, "
            "timetable_version, version, created_at, updated_at) VALUES (1, 1, 1, '2021-001-01', "
            "'2021-05-10', '2021-05-12', '', 0, '개설', '', 1, 0, 0, 0, 0, 1, :t, :t)"),
            {"t": stamp})
        conn.execute(text(
            "INSERT INTO person (id, name, version, created_at, updated_at) VALUES "
            "(1, '홍길동', 1, :t, :t)"), {"t": stamp})
        conn.execute(text(
            "INSERT INTO enrollment (id, run_id, person_id, status, applied_at, "
            "status_changed_at, note, version) VALUES (1, 1, 1, '선발', :t, :t, '', 1)"),
            {"t": stamp})
        conn.execute(text(
            "INSERT INTO enrollment_event (id, enrollment_id, at, actor, to_status, reason) "
            "VALUES (1, 1, :t, '담당', '선발', '')"), {"t": stamp})
        # the timetable's instructors as text: one registered person's name, one new name twice
        for n, (day, name) in enumerate((("2021-05-10", "홍길동"), ("2021-05-11", "김강사 "),
                                         ("2021-05-12", "김강사")), start=1):
            conn.execute(text(
                "INSERT INTO course_session (id, run_id, date, start_time, end_time, subject, "
                "instructor_name, room_name) VALUES (:i, 1, :d, '09:00', '10:00', '수업', :n, '')"),
                {"i": n, "d": day, "n": name})
    db_module.upgrade_to_head(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status, completion FROM enrollment")).all() == [
            ("선발", None)]
        assert conn.execute(text("SELECT excused_counts FROM course")).scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on
        # 0011: the new name became one instructor for both periods; the trainee's name stays text
        mapped = conn.execute(text("SELECT s.id, p.name FROM course_session s LEFT JOIN "
                                   "instructor i ON i.id = s.instructor_id LEFT JOIN person p "
                                   "ON p.id = i.person_id ORDER BY s.id")).all()
        assert mapped == [(1, None), (2, "김강사"), (3, "김강사")]
        assert conn.execute(text("SELECT count(*) FROM instructor")).scalar() == 1
    engine.dispose()
    database = open_database(path)
    assert current_revision(database.engine)[0] == HEAD_REVISION
    database.dispose()
