"""Backups: online copy, checked restore that cannot hurt, safety copies, pg_dump, rotation."""

import shutil
import sqlite3
from datetime import date, timedelta

import pytest
from sqlalchemy import text

import desktop_app.db as db_module
from desktop_app.db import current_revision, open_database
from desktop_app.errors import ValidationError
from desktop_app.migrations import HEAD_REVISION, KNOWN_REVISIONS
from desktop_app.services import backup, identity, persons
from tests.conftest import _truncate
from tests.factories import make_course_with_run, make_person, outside_tool

needs_pg_tools = pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="pg_dump/pg_restore 가 PATH에 없습니다")


@pytest.fixture
def pg(pg_database):
    """The PostgreSQL database alone, emptied afterwards."""
    yield pg_database
    _truncate(pg_database)


def _names(database):
    with database.read_scope() as s:
        return [r.name for r in persons.person_rows(s, persons.search_person_ids(s))]


def _sqlite_backup(database, path):
    """A SQLite-format backup on either back end (the table copy on PostgreSQL)."""
    if database.is_sqlite:
        return backup.backup(database, path).path
    original = backup.find_tool
    backup.find_tool = lambda name: None if name == "pg_dump" else original(name)
    try:
        return backup.backup(database, path).path
    finally:
        backup.find_tool = original


def _edit(path, *statements):
    conn = outside_tool(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _restore_and_write(database, source, safety, names_in_backup):
    """Restore ``source``, check it holds ``names_in_backup``, and that it takes new rows
    (writable, and ids or sequences continue after the restored rows)."""
    restored = backup.restore(database, source, safety)
    try:
        assert _names(restored.database) == names_in_backup
        with restored.database.session_scope() as s:
            persons.create_person(s, persons.PersonFields(name="복원후", birth_date="1990-01-01"))
        assert _names(restored.database) == [*names_in_backup, "복원후"]
    finally:
        restored.database.dispose()
    return restored


def test_backup_and_restore_round_trip(database, tmp_path):
    make_course_with_run(database)
    make_person(database, name="백업전")
    result = backup.backup(database, tmp_path / "out" / "copy.sqlite3")
    assert backup.verify_backup(result.path) == HEAD_REVISION
    make_person(database, name="백업후")
    assert _names(database) == ["백업전", "백업후"]
    restored = _restore_and_write(database, result.path, tmp_path / "safety", ["백업전"])
    # what the restore replaced is kept, on both back ends
    assert restored.safety_copy.parent == tmp_path / "safety"
    assert restored.safety_copy.name.startswith("before-restore-")
    assert backup.is_yeonsu_backup(restored.safety_copy)


def test_backup_refuses_a_folder_or_the_database_itself(sqlite_database, tmp_path):
    with pytest.raises(ValidationError, match="파일 이름"):
        backup.backup(sqlite_database, tmp_path)
    with pytest.raises(ValidationError, match="쓰고 있는"):
        backup.backup(sqlite_database, sqlite_database.sqlite_path)


def test_restore_refuses_damaged_foreign_or_newer_files(sqlite_database, tmp_path):
    make_person(sqlite_database, name="그대로")
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("메모", encoding="utf-8")
    newer = backup.backup(sqlite_database, tmp_path / "newer.sqlite3").path
    _edit(newer, "UPDATE alembic_version SET version_num = '9999_future'")
    corrupt = backup.backup(sqlite_database, tmp_path / "corrupt.sqlite3").path
    with sqlite3.connect(corrupt) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'person'").fetchone()[0]
    data = bytearray(corrupt.read_bytes())
    offset = (root - 1) * 4096
    data[offset:offset + 12] = b"\x07" * 12  # not a valid b-tree page header
    corrupt.write_bytes(bytes(data))
    for path, message in ((tmp_path / "missing.sqlite3", "없습니다"),
                          (damaged, "SQLite|손상|아닙니다"), (foreign, "백업 파일이 아닙니다"),
                          (text_file, "연수 백업 파일이 아닙니다"),
                          (newer, "더 새로운 버전"), (corrupt, "손상|아닙니다")):
        with pytest.raises(ValidationError, match=message):
            backup.restore(sqlite_database, path, tmp_path / "safety")
    assert _names(sqlite_database) == ["그대로"]
    assert not (tmp_path / "safety").exists()  # refused before anything was done


def test_a_file_with_only_the_old_checked_tables_is_refused(database, tmp_path, capsys):
    """The issue: course, person and an alembic_version row used to be enough to replace it."""
    make_person(database, name="그대로")
    fake = tmp_path / "fake.sqlite3"
    _edit(fake, "CREATE TABLE course (id INTEGER PRIMARY KEY)",
          "CREATE TABLE person (id INTEGER PRIMARY KEY)",
          "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
          f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')")
    with pytest.raises(ValidationError) as info:
        backup.restore(database, fake, tmp_path / "safety")
    message = info.value.message
    assert "'course_run'" in message and "표가 없습니다" in message
    assert "백업 파일의 'person' 표에 'name', 'birth_date'," in message
    # the live database is as it was, and still works
    assert _names(database) == ["그대로"]
    make_person(database, name="그다음")
    assert _names(database) == ["그다음", "그대로"]  # name order


@pytest.mark.parametrize("statements, message", [
    (["ALTER TABLE course DROP COLUMN schedule_text"],
     "백업 파일의 'course' 표에 'schedule_text' 열이 없습니다"),
    (["ALTER TABLE person ADD COLUMN rrn TEXT"],
     "백업 파일의 'person' 표에 알 수 없는 'rrn' 열이 있습니다"),
    (["CREATE TABLE notes (x TEXT)"], "연수 프로그램이 만들지 않는 'notes' 표"),
    (["DROP TABLE enrollment_event"], "'enrollment_event' 표가 없습니다"),
    (["UPDATE person SET birth_date = 'yesterday'"],
     "'person' 표 id \\d+ 행의 'birth_date' 값을 날짜\\(으\\)로 읽을 수 없습니다: 'yesterday'"),
    (["UPDATE course_run SET closed_at = '2021-99-99 25:00:00'"],
     "'course_run' 표 id \\d+ 행의 'closed_at' 값을"),
    (["UPDATE course SET hours = 'many'"], "'course' 표 id \\d+ 행의 'hours' 값이 정수 값이 아닙니다"),
    (["UPDATE course SET code = 'X' || hex(randomblob(20))"], "'code' 값이 20자보다 깁니다"),
    (["UPDATE course_run SET course_id = 999"], "'course_run' 표 \\d+번 행이 'course' 표에 없는"),
    (["DELETE FROM alembic_version"], "스키마 버전이 없습니다"),
])
def test_a_damaged_backup_is_refused_naming_the_reason(database, tmp_path, statements, message):
    make_course_with_run(database)
    make_person(database, name="백업전")
    good = _sqlite_backup(database, tmp_path / "good.sqlite3")
    make_person(database, name="백업후")
    _edit(good, *statements)
    with pytest.raises(ValidationError, match=message):
        backup.restore(database, good, tmp_path / "safety")
    assert _names(database) == ["백업전", "백업후"]
    assert not (tmp_path / "safety").exists()  # refused before anything was done


def test_expected_schema_is_what_the_migrations_make():
    schema = backup.expected_schema(HEAD_REVISION)
    assert {"alembic_version", "course", "course_run", "person", "enrollment"} <= set(schema)
    assert schema["course_run"]["start_date"] == backup._Column(nullable=False, kind="날짜")
    assert schema["course_run"]["capacity"].nullable
    assert backup.expected_schema(HEAD_REVISION) is schema  # built once per revision


def test_two_restores_in_one_second_keep_two_safety_copies(sqlite_database, tmp_path,
                                                            monkeypatch):
    monkeypatch.setattr(backup, "timestamp", lambda: "20210301-090000")
    make_person(sqlite_database, name="처음")
    first_backup = backup.backup(sqlite_database, tmp_path / "a.sqlite3").path
    make_person(sqlite_database, name="둘째")
    first = backup.restore(sqlite_database, first_backup, tmp_path / "safety")
    make_person(first.database, name="셋째")
    second = backup.restore(first.database, first_backup, tmp_path / "safety")
    second.database.dispose()
    assert first.safety_copy.name == "before-restore-20210301-090000.sqlite3"
    assert second.safety_copy.name == "before-restore-20210301-090000-2.sqlite3"
    kept = {}
    for path in (first.safety_copy, second.safety_copy):
        copy = open_database(path)
        kept[path.name] = _names(copy)
        copy.dispose()
    assert kept == {"before-restore-20210301-090000.sqlite3": ["둘째", "처음"],
                    "before-restore-20210301-090000-2.sqlite3": ["셋째", "처음"]}


def test_upgrade_copies_in_one_second_never_overwrite(sqlite_database, tmp_path, monkeypatch):
    """Two older files opened in the same second keep two before-upgrade copies."""
    monkeypatch.setattr(db_module, "timestamp", lambda: "20210301-090000")
    monkeypatch.setattr(db_module, "HEAD_REVISION", "0002_next")
    monkeypatch.setattr(db_module, "KNOWN_REVISIONS", KNOWN_REVISIONS + ("0002_next",))

    def fake_upgrade(engine):
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0002_next'"))

    monkeypatch.setattr(db_module, "upgrade_to_head", fake_upgrade)
    path = sqlite_database.sqlite_path
    sqlite_database.dispose()
    other = tmp_path / "other.sqlite3"
    other.write_bytes(path.read_bytes())
    _edit(other, "INSERT INTO app_setting VALUES ('marker', 'other', 1)")
    for p in (path, other):
        open_database(p, backup_folder=tmp_path / "bk").dispose()
    stem = f"before-upgrade-{HEAD_REVISION}-20210301-090000"
    markers = {}
    for name in (f"{stem}.sqlite3", f"{stem}-2.sqlite3"):
        engine = db_module.create_db_engine(f"sqlite:///{tmp_path / 'bk' / name}")
        assert current_revision(engine)[0] == HEAD_REVISION
        with engine.connect() as conn:
            markers[name] = conn.execute(text("SELECT count(*) FROM app_setting")).scalar()
        engine.dispose()
    assert markers == {f"{stem}.sqlite3": 0, f"{stem}-2.sqlite3": 1}
    assert len(list((tmp_path / "bk").iterdir())) == 2


def test_reserve_path_never_hands_out_a_name_twice(tmp_path):
    names = [db_module.reserve_path(tmp_path, "x", ".sqlite3").name for _ in range(3)]
    assert names == ["x.sqlite3", "x-2.sqlite3", "x-3.sqlite3"]


def test_backup_does_not_overwrite_a_file_that_is_not_a_backup(database, tmp_path):
    make_person(database, name="백업")
    (tmp_path / "docs").mkdir()
    document = tmp_path / "docs" / "report.docx"
    document.write_bytes(b"PK\x03\x04 a word document")
    with pytest.raises(ValidationError, match="'report.docx'은\\(는\\) 연수 백업 파일이 아니어서 "
                                              "덮어쓰지 않았습니다"):
        backup.backup(database, document)
    assert document.read_bytes() == b"PK\x03\x04 a word document"
    assert list(document.parent.iterdir()) == [document]  # no .part left behind
    result = backup.backup(database, document, overwrite_foreign=True)
    assert backup.verify_backup(result.path) == HEAD_REVISION


def test_backup_overwrites_an_earlier_backup_or_an_empty_file(database, tmp_path):
    make_person(database, name="처음")
    earlier = backup.backup(database, tmp_path / "b.bak").path
    make_person(database, name="다음")
    assert backup.backup(database, earlier).path == earlier  # a Yeonsu backup: replaced
    empty = tmp_path / "empty.bak"
    empty.write_bytes(b"")
    assert backup.backup(database, empty).path == empty
    assert backup.is_yeonsu_backup(earlier) and backup.is_yeonsu_backup(empty)
    assert not backup.is_foreign_file(earlier) and not backup.is_foreign_file(tmp_path / "none")


def test_a_failed_backup_leaves_nothing_behind(sqlite_database, tmp_path, monkeypatch):
    def broken_move(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(db_module.shutil, "move", broken_move)
    with pytest.raises(ValidationError, match="백업 파일을 쓸 수 없습니다"):
        backup.backup(sqlite_database, tmp_path / "out" / "b.sqlite3")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_cancelled_server_backup_leaves_nothing_behind(pg, tmp_path, monkeypatch):
    make_person(pg, name="취소")
    monkeypatch.setattr(backup, "find_tool", lambda name: None)  # the table copy
    with pytest.raises(ValidationError, match="백업을 취소했습니다"):
        backup.backup(pg, tmp_path / "b.sqlite3", lambda percent, label: False)
    assert list(tmp_path.iterdir()) == []


@needs_pg_tools
def test_pg_dump_round_trip(pg, tmp_path):
    make_course_with_run(pg)
    make_person(pg, name="덤프전")
    assert backup.backup_suffix(pg) == ".pgdump"
    result = backup.backup(pg, tmp_path / "server.pgdump")
    assert result.format == backup.PG_DUMP and "pg_dump" in result.note
    assert result.path.read_bytes().startswith(b"PGDMP")
    assert backup.verify_backup(result.path) == HEAD_REVISION
    assert backup.is_yeonsu_backup(result.path)
    assert [f.path for f in backup.list_backups(pg, tmp_path)] == [result.path]
    assert backup.inspect_backup(result.path).database == identity.read_identity(pg)
    make_person(pg, name="덤프후")
    restored = _restore_and_write(pg, result.path, tmp_path / "safety", ["덤프전"])
    # the safety copy is a pg_dump archive of what was replaced
    assert restored.safety_copy.name.startswith("before-restore-")
    assert restored.safety_copy.suffix == ".pgdump"
    assert restored.safety_copy.read_bytes().startswith(b"PGDMP")
    again = backup.restore(pg, restored.safety_copy, tmp_path / "safety")
    again.database.dispose()
    assert _names(pg) == ["덤프전", "덤프후"]


def test_without_pg_dump_the_server_is_copied_table_by_table(pg, tmp_path, monkeypatch):
    make_person(pg, name="표복사")
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    assert backup.backup_suffix(pg) == ".sqlite3"
    result = backup.backup(pg, tmp_path / "server.sqlite3")
    assert result.format == backup.SQLITE
    assert "pg_dump 프로그램이 없어 표 복사 방식" in result.note
    assert result.path.read_bytes().startswith(b"SQLite format 3\x00")
    make_person(pg, name="나중")
    restored = backup.restore(pg, result.path, tmp_path / "safety")
    restored.database.dispose()
    assert _names(pg) == ["표복사"]
    assert restored.safety_copy.suffix == ".sqlite3"
    assert backup.verify_backup(restored.safety_copy) == HEAD_REVISION


def test_a_failing_pg_dump_falls_back_and_says_why(pg, tmp_path, monkeypatch):
    make_person(pg, name="실패")
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump: error: server version mismatch' >&2\nexit 1\n")
    fake.chmod(0o755)
    real = backup.find_tool
    monkeypatch.setattr(backup, "find_tool",
                        lambda name: str(fake) if name == "pg_dump" else real(name))
    result = backup.backup(pg, tmp_path / "out" / "server.bak")
    assert result.format == backup.SQLITE
    assert "pg_dump가 실패하여" in result.note and "server version mismatch" in result.note
    assert backup.verify_backup(result.path) == HEAD_REVISION
    assert list((tmp_path / "out").iterdir()) == [result.path]


@needs_pg_tools
def test_a_pg_dump_archive_is_refused_by_a_sqlite_database(pg, sqlite_database, tmp_path):
    make_person(sqlite_database, name="파일")
    archive = backup.backup(pg, tmp_path / "server.pgdump").path
    with pytest.raises(ValidationError, match="PostgreSQL 서버의 백업\\(pg_dump\\)이라"):
        backup.restore(sqlite_database, archive, tmp_path / "safety")
    assert _names(sqlite_database) == ["파일"]


@needs_pg_tools
def test_a_broken_pg_dump_archive_is_refused_and_the_server_is_untouched(pg, tmp_path):
    make_person(pg, name="서버")
    archive = backup.backup(pg, tmp_path / "server.pgdump").path
    data = archive.read_bytes()
    truncated = tmp_path / "truncated.pgdump"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    garbage = tmp_path / "garbage.pgdump"
    garbage.write_bytes(b"PGDMP" + b"\x00" * 300)
    for path in (truncated, garbage):
        with pytest.raises(ValidationError, match="pg_dump 백업 파일"):
            backup.restore(pg, path, tmp_path / "safety")
    assert _names(pg) == ["서버"]
    assert not (tmp_path / "safety").exists()


@needs_pg_tools
def test_a_pg_dump_archive_with_another_schema_is_refused(pg, tmp_path):
    """Checked in a scratch database before the live one is touched."""
    make_person(pg, name="서버")
    with pg.engine.begin() as conn:
        conn.execute(text("ALTER TABLE person ADD COLUMN rrn TEXT"))
    try:
        archive = backup.backup(pg, tmp_path / "odd.pgdump").path
    finally:
        with pg.engine.begin() as conn:
            conn.execute(text("ALTER TABLE person DROP COLUMN rrn"))
    make_person(pg, name="나중")
    with pytest.raises(ValidationError, match="'person' 표에 알 수 없는 'rrn' 열이 있습니다"):
        backup.restore(pg, archive, tmp_path / "safety")
    assert _names(pg) == ["나중", "서버"]
    assert not (tmp_path / "safety").exists()


@needs_pg_tools
def test_a_failing_pg_restore_leaves_the_server_as_it_was(pg, tmp_path):
    """The scratch check passes, then the live restore fails: one transaction, nothing lost."""
    make_person(pg, name="그대로")
    archive = backup.backup(pg, tmp_path / "server.pgdump").path
    make_person(pg, name="나중")
    # something the archive does not know depends on a table the restore must drop
    with pg.engine.begin() as conn:
        conn.execute(text("CREATE VIEW person_names AS SELECT name FROM person"))
    try:
        with pytest.raises(ValidationError, match="pg_restore가 실패하여 복원하지 않았습니다"):
            backup.restore(pg, archive, tmp_path / "safety")
        assert _names(pg) == ["그대로", "나중"]
    finally:
        with pg.engine.begin() as conn:
            conn.execute(text("DROP VIEW IF EXISTS person_names"))


@needs_pg_tools
def test_without_pg_restore_an_archive_is_refused(pg, tmp_path, monkeypatch):
    archive = backup.backup(pg, tmp_path / "server.pgdump").path
    monkeypatch.setattr(backup, "find_tool", lambda name: None)
    with pytest.raises(ValidationError, match="pg_restore 프로그램이 없어"):
        backup.restore(pg, archive, tmp_path / "safety")


def test_daily_backup_once_a_day_keeps_fourteen(sqlite_database, tmp_path):
    root = tmp_path / "auto"
    start = date(2021, 3, 1)
    for day in range(20):
        assert backup.daily_backup(sqlite_database, root, start + timedelta(days=day), 14)
    assert backup.daily_backup(sqlite_database, root, start + timedelta(days=19), 14) is None
    folder = backup.backup_folder(sqlite_database, root)
    assert folder.parent == root
    kept = sorted(p.name for p in folder.glob("auto-*.sqlite3"))
    assert len(kept) == 14
    assert kept[0] == "auto-2021-03-07.sqlite3" and kept[-1] == "auto-2021-03-20.sqlite3"
    (folder / "manual.sqlite3").write_bytes(b"")
    (folder / "server.pgdump").write_bytes(b"")
    listed = backup.list_backups(sqlite_database, root)
    assert len(listed) == 16 and [f.automatic for f in listed].count(False) == 2


def test_daily_backup_skips_server_databases(database, tmp_path):
    result = backup.daily_backup(database, tmp_path / "auto", date(2021, 1, 1))
    assert (result is None) == (not database.is_sqlite)


def test_a_file_checked_before_asking_is_not_read_twice_unless_it_changed(
        sqlite_database, tmp_path, monkeypatch):
    make_person(sqlite_database, name="백업전")
    out = backup.backup(sqlite_database, tmp_path / "b.sqlite3").path
    checked = backup.check_restore(sqlite_database, out)
    calls = []
    real = backup.check_restore
    monkeypatch.setattr(backup, "check_restore", lambda *a, **k: calls.append(a) or real(*a, **k))
    restored = backup.restore(sqlite_database, out, tmp_path / "safety", checked=checked)
    restored.database.dispose()
    assert calls == []
    import os
    os.utime(out, ns=(1, 1))  # touched since the check: checked again
    database = open_database(sqlite_database.sqlite_path)
    restored = backup.restore(database, out, tmp_path / "safety", checked=checked)
    restored.database.dispose()
    assert len(calls) == 1


@pytest.fixture
def two_databases(tmp_path, sqlite_template):
    """Two different SQLite databases with the same file name, in two folders."""
    databases = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        path = tmp_path / name / "yeonsu.sqlite3"
        shutil.copy(sqlite_template, path)
        databases.append(open_database(path))
    yield databases
    for database in databases:
        database.dispose()


def test_two_databases_sharing_a_backup_folder_each_get_their_daily_backup(
        tmp_path, two_databases):
    root = tmp_path / "backups"
    first, second = two_databases
    make_person(first, name="첫째")
    make_person(second, name="둘째")
    today = date(2021, 5, 3)
    made_first = backup.daily_backup(first, root, today)
    made_second = backup.daily_backup(second, root, today)  # not "done today" by the first
    assert made_first and made_second and made_first.parent != made_second.parent
    assert backup.daily_backup(first, root, today) is None
    own_first, own_second = identity.read_identity(first), identity.read_identity(second)
    assert own_first.id != own_second.id
    assert made_first.parent.name == f"yeonsu-{own_first.short}"
    # each list holds its own backup only, and says whose it is
    assert [(f.path, f.database) for f in backup.list_backups(first, root)] == [
        (made_first, own_first)]
    assert [(f.path, f.database) for f in backup.list_backups(second, root)] == [
        (made_second, own_second)]
    # a check says which database a file belongs to, wherever it lies
    moved = shutil.copy(made_second, tmp_path / "picked-by-hand.sqlite3")
    assert backup.check_restore(first, moved).database == own_second
    assert backup.check_restore(first, made_first).database == own_first


def test_old_backups_without_an_id_stay_listed_as_unknown(tmp_path, two_databases,
                                                          sqlite_template):
    root = tmp_path / "backups"
    first, second = two_databases
    root.mkdir()
    old = root / "auto-2020-01-01.sqlite3"  # made before databases had ids
    shutil.copy(sqlite_template, old)
    backup.daily_backup(first, root, date(2021, 5, 3))
    loose_second = backup.backup(second, root / "manual-second.sqlite3").path
    listed_first = {f.path: f.database for f in backup.list_backups(first, root)}
    assert listed_first[old] is None and loose_second not in listed_first
    listed_second = {f.path: f.database for f in backup.list_backups(second, root)}
    assert listed_second == {old: None, loose_second: identity.read_identity(second)}
    assert backup.check_restore(first, old).database is None


def test_a_restore_keeps_the_live_databases_own_id(tmp_path, two_databases):
    root = tmp_path / "backups"
    first, second = two_databases
    make_person(second, name="둘째")
    other = backup.backup(second, tmp_path / "second.sqlite3").path
    own = identity.ensure_identity(first)
    restored = backup.restore(first, other, backup.backup_folder(first, root))
    try:
        assert _names(restored.database) == ["둘째"]
        assert identity.read_identity(restored.database) == own
        assert restored.safety_copy.parent == root / f"yeonsu-{own.short}"
        made = backup.daily_backup(restored.database, root, date(2021, 5, 3))
        assert made.parent == restored.safety_copy.parent
    finally:
        restored.database.dispose()


def test_two_copies_of_one_file_do_not_share_a_daily_backup(tmp_path, two_databases):
    """A copied file keeps the id but not the name: its backups go to their own folder."""
    root = tmp_path / "backups"
    first = two_databases[0]
    identity.ensure_identity(first)
    copy_path = tmp_path / "copy-of-a.sqlite3"
    first.dispose()
    shutil.copy(first.sqlite_path, copy_path)
    first = open_database(first.sqlite_path)
    copy = open_database(copy_path)
    try:
        made = backup.daily_backup(first, root, date(2021, 5, 3))
        made_copy = backup.daily_backup(copy, root, date(2021, 5, 3))
        assert made and made_copy and made.parent != made_copy.parent
    finally:
        first.dispose()
        copy.dispose()


def test_a_restore_is_a_change_every_open_window_sees(tmp_path, two_databases):
    from desktop_app.db import change_count

    first = two_databases[0]
    make_person(first, name="앞")
    with first.read_scope() as s:
        before_backup = change_count(s)
    made = backup.backup(first, tmp_path / "first.sqlite3").path
    make_person(first, name="뒤")  # what an open window on another PC has seen last
    with first.read_scope() as s:
        seen = change_count(s)
    assert seen > before_backup
    restored = backup.restore(first, made, tmp_path / "safety")
    try:
        with restored.database.read_scope() as s:
            assert change_count(s) > seen  # never back to a value a window has already seen
    finally:
        restored.database.dispose()


@needs_pg_tools
def test_서버_복원도_감사_기록을_잃지_않는다(pg, tmp_path):
    """pg_restore replaces every table; the live trail is put back (rows since the backup
    included) and stays append-only."""
    from sqlalchemy import select

    from desktop_app.errors import AccessDeniedError
    from desktop_app.models import AuditEntry

    make_person(pg, name="덤프전")
    archive = backup.backup(pg, tmp_path / "server.pgdump").path
    make_person(pg, name="덤프후")
    with pg.read_scope() as s:
        before = list(s.execute(select(AuditEntry.table_name, AuditEntry.record_id,
                                       AuditEntry.action).order_by(AuditEntry.id)))
    result = backup.restore(pg, archive, tmp_path / "safety")
    try:
        with result.database.read_scope() as s:
            after = list(s.execute(select(AuditEntry.table_name, AuditEntry.record_id,
                                          AuditEntry.action).order_by(AuditEntry.id)))
        assert after[:len(before)] == before and after[-1].action == "복원"
        with pytest.raises(AccessDeniedError):
            with result.database.session_scope() as s:
                s.execute(text("DELETE FROM audit_log"))
        with result.database.engine.connect() as conn:        # the trigger is back too
            with pytest.raises(Exception, match="고치거나 지울 수 없습니다"):
                conn.exec_driver_sql("DELETE FROM audit_log")
    finally:
        result.database.dispose()
