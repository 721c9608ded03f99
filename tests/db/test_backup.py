"""Backups: online copy, verified restore, daily rotation, PostgreSQL round trip."""

import sqlite3
from datetime import date, timedelta

import pytest
from sqlalchemy import text

import desktop_app.db as db_module
from desktop_app.db import current_revision, open_database
from desktop_app.errors import ValidationError
from desktop_app.migrations import HEAD_REVISION, KNOWN_REVISIONS
from desktop_app.services import backup, persons
from tests.factories import make_course_with_run, make_person


def _names(database):
    with database.read_scope() as s:
        return [r.name for r in persons.person_rows(s, persons.search_person_ids(s))]


def _edit(path, *statements):
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_backup_and_restore_round_trip(database, tmp_path):
    make_course_with_run(database)
    make_person(database, name="백업전")
    out = backup.backup(database, tmp_path / "out" / "copy.sqlite3")
    assert backup.verify_backup(out)
    make_person(database, name="백업후")
    assert _names(database) == ["백업전", "백업후"]
    restored = backup.restore(database, out, tmp_path / "safety")
    try:
        assert _names(restored) == ["백업전"]
        with restored.session_scope() as s:  # writable and ids continue correctly
            persons.create_person(s, persons.PersonFields(name="복원후", birth_date="1990-01-01"))
        assert _names(restored) == ["백업전", "복원후"]
    finally:
        restored.dispose()
    if database.is_sqlite:
        assert list((tmp_path / "safety").glob("before-restore-*.sqlite3"))


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
    newer = backup.backup(sqlite_database, tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    corrupt = backup.backup(sqlite_database, tmp_path / "corrupt.sqlite3")
    with sqlite3.connect(corrupt) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'person'").fetchone()[0]
    data = bytearray(corrupt.read_bytes())
    offset = (root - 1) * 4096
    data[offset:offset + 12] = b"\x07" * 12  # not a valid b-tree page header
    corrupt.write_bytes(bytes(data))
    for path, message in ((tmp_path / "missing.sqlite3", "없습니다"),
                          (damaged, "SQLite|손상|아닙니다"), (foreign, "백업 파일이 아닙니다"),
                          (newer, "더 새로운 버전"), (corrupt, "손상|아닙니다")):
        with pytest.raises(ValidationError, match=message):
            backup.restore(sqlite_database, path, tmp_path / "safety")
    assert _names(sqlite_database) == ["그대로"]


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


def test_a_failed_backup_leaves_nothing_behind(sqlite_database, tmp_path, monkeypatch):
    def broken_move(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(db_module.shutil, "move", broken_move)
    with pytest.raises(ValidationError, match="백업 파일을 쓸 수 없습니다"):
        backup.backup(sqlite_database, tmp_path / "out" / "b.sqlite3")
    assert list((tmp_path / "out").iterdir()) == []


def test_daily_backup_once_a_day_keeps_fourteen(sqlite_database, tmp_path):
    folder = tmp_path / "auto"
    start = date(2021, 3, 1)
    for day in range(20):
        assert backup.daily_backup(sqlite_database, folder, start + timedelta(days=day), 14)
    assert backup.daily_backup(sqlite_database, folder, start + timedelta(days=19), 14) is None
    kept = sorted(p.name for p in folder.glob("auto-*.sqlite3"))
    assert len(kept) == 14
    assert kept[0] == "auto-2021-03-07.sqlite3" and kept[-1] == "auto-2021-03-20.sqlite3"
    (folder / "manual.sqlite3").write_bytes(b"")
    assert [f.automatic for f in backup.list_backups(folder)].count(False) == 1


def test_daily_backup_skips_server_databases(database, tmp_path):
    result = backup.daily_backup(database, tmp_path / "auto", date(2021, 1, 1))
    assert (result is None) == (not database.is_sqlite)
