"""Backups and restore.

A backup is always one SQLite file.  From a SQLite database it is made with SQLite's online
backup API (consistent while the program is open); from PostgreSQL every table is copied into a
new SQLite file with the same schema.  Restore checks the file first (``PRAGMA
integrity_check``, a Yeonsu schema this program knows), keeps a copy of what it replaces, then
puts the backup in place and upgrades it if it is older.  Both are meant for a moment when
nobody else is writing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, delete, insert, select, text, update

from ..db import Database, open_database, sqlite_copy
from ..errors import ValidationError
from ..migrations import HEAD_REVISION, KNOWN_REVISIONS
from ..models import Base

AUTO_PREFIX = "auto-"
Progress = Callable[[int, str], bool | None]


@dataclass(frozen=True)
class BackupFile:
    """A backup in the backup folder."""

    path: Path
    size: int
    modified: datetime
    automatic: bool


def verify_backup(path: Path) -> str:
    """Check a backup file; returns its schema revision or raises a Korean ValidationError."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"백업 파일이 없습니다: {path}", field="파일")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ValidationError(f"백업 파일을 열 수 없습니다: {exc}", field="파일") from exc
    try:
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            raise ValidationError(f"SQLite 데이터베이스 파일이 아닙니다: {path.name} ({exc})",
                                  field="파일") from exc
        if result != "ok":
            raise ValidationError(f"백업 파일이 손상되었습니다 (무결성 검사: {result}).", field="파일")
        if "alembic_version" not in names or not {"course", "person"} <= names:
            raise ValidationError(f"연수 프로그램의 백업 파일이 아닙니다: {path.name}", field="파일")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    if revision is None:
        raise ValidationError("백업 파일에 스키마 버전이 없습니다.", field="파일")
    if revision[0] not in KNOWN_REVISIONS:
        raise ValidationError(f"더 새로운 버전의 프로그램으로 만든 백업입니다 (스키마 {revision[0]}). "
                              "프로그램을 업데이트한 뒤 복원하십시오.", field="파일")
    return revision[0]


def backup(database: Database, out: Path, progress: Progress | None = None) -> Path:
    """Write a complete copy of the database to ``out`` (a SQLite file)."""
    out = Path(out).expanduser().resolve()
    if out.is_dir():
        raise ValidationError(f"폴더가 아니라 파일 이름을 주십시오: {out}", field="파일")
    if database.sqlite_path is not None and out == database.sqlite_path.resolve():
        raise ValidationError("지금 쓰고 있는 데이터베이스 파일에 백업할 수는 없습니다.", field="파일")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if database.sqlite_path is not None:
            sqlite_copy(database.sqlite_path, out)
        else:
            _snapshot_to_sqlite(database.engine, out, progress)
    except OSError as exc:
        raise ValidationError(f"백업 파일을 쓸 수 없습니다: {exc}", field="파일") from exc
    return out


def _snapshot_to_sqlite(source: Engine, out: Path, progress: Progress | None) -> None:
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    target = create_engine(f"sqlite:///{tmp}")
    try:
        Base.metadata.create_all(target)
        with source.connect() as src, target.begin() as dst:
            revision = src.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            dst.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL "
                             "PRIMARY KEY)"))
            dst.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": revision})
            _copy_tables(src, dst, progress)
    finally:
        target.dispose()
    tmp.replace(out)


def _copy_tables(src, dst, progress: Progress | None) -> None:
    """Copy every table, parents first; self-references are filled in after the rows exist."""
    tables = Base.metadata.sorted_tables
    for index, table in enumerate(tables):
        if progress is not None and progress(int(100 * index / len(tables)),
                                             f"{table.name} 복사 중") is False:
            raise ValidationError("백업을 취소했습니다.")
        self_refs = [fk.parent.name for fk in table.foreign_keys
                     if fk.column.table is table]
        pending = []
        result = src.execute(select(table).order_by(*table.primary_key.columns))
        while chunk := result.fetchmany(5000):
            rows = [dict(r._mapping) for r in chunk]
            for row in rows:
                for column in self_refs:
                    if row[column] is not None:
                        pending.append((row, column, row[column]))
                        row[column] = None
            dst.execute(insert(table), rows)
        pk = list(table.primary_key.columns)[0]
        for row, column, value in pending:
            dst.execute(update(table).where(pk == row[pk.name]).values({column: value}))


def restore(database: Database, source: Path, safety_folder: Path,
            progress: Progress | None = None) -> Database:
    """Replace the database's contents with the backup ``source``; returns the reopened database.

    What was there before is first saved to ``safety_folder`` (SQLite databases).
    """
    source = Path(source).expanduser().resolve()
    revision = verify_backup(source)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    url = database.url
    if database.sqlite_path is not None:
        target = database.sqlite_path
        if source == target.resolve():
            raise ValidationError("지금 쓰고 있는 데이터베이스 파일 자체는 복원할 수 없습니다.", field="파일")
        sqlite_copy(target, Path(safety_folder) / f"before-restore-{stamp}.sqlite3")
        database.dispose()
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    else:
        _restore_into_server(database.engine, source, revision, progress)
        database.dispose()
    return open_database(url, backup_folder=Path(safety_folder))


def _restore_into_server(engine: Engine, source: Path, revision: str,
                         progress: Progress | None) -> None:
    if revision != HEAD_REVISION:
        raise ValidationError("공유 서버에는 이 프로그램과 같은 버전의 백업만 복원할 수 있습니다. "
                              "먼저 백업 파일을 한 PC에서 열어 최신 형식으로 바꾸십시오.", field="파일")
    backup_engine = create_engine(f"sqlite:///{source}")
    try:
        with backup_engine.connect() as src, engine.begin() as dst:
            for table in reversed(Base.metadata.sorted_tables):
                dst.execute(delete(table))
            _copy_tables(src, dst, progress)
            if dst.dialect.name == "postgresql":
                _reset_sequences(dst)
    finally:
        backup_engine.dispose()


def _reset_sequences(conn) -> None:
    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].autoincrement is not False and pk[0].type.python_type is int:
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"))


def list_backups(folder: Path) -> list[BackupFile]:
    """Backups in ``folder``, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    files = []
    for path in folder.glob("*.sqlite3"):
        stat = path.stat()
        files.append(BackupFile(path, stat.st_size, datetime.fromtimestamp(stat.st_mtime),
                                path.name.startswith(AUTO_PREFIX)))
    return sorted(files, key=lambda f: f.modified, reverse=True)


def daily_backup(database: Database, folder: Path, today: date | None = None,
                 keep: int = 14) -> Path | None:
    """Once a day (on close): copy a SQLite database into ``folder`` and keep the last ``keep``.

    Returns the new file, or None when today's backup exists or the database is on a server.
    """
    if database.sqlite_path is None or not database.sqlite_path.exists():
        return None
    today = today or date.today()
    folder = Path(folder)
    out = folder / f"{AUTO_PREFIX}{today.isoformat()}.sqlite3"
    if out.exists():
        return None
    sqlite_copy(database.sqlite_path, out)
    autos = sorted(folder.glob(f"{AUTO_PREFIX}*.sqlite3"), reverse=True)
    for old in autos[max(keep, 1):]:
        old.unlink(missing_ok=True)
    return out

