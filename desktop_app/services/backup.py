"""Backups and restore that cannot hurt.

**Formats.**  A backup is one file of one of two kinds, told apart by its first bytes (never by
its name):

* a *SQLite file* (``SQLite format 3``).  From a SQLite database it is made with SQLite's online
  backup API (consistent while the program is open).  From PostgreSQL it is the fallback *table
  copy* when ``pg_dump`` is not on PATH or fails: the schema made by the migrations, then every
  row, read in one repeatable-read snapshot.  It restores into either back end.
* a *pg_dump archive* (custom format, ``PGDMP``), made from PostgreSQL when ``pg_dump`` is on
  PATH; named ``….pgdump`` by the GUI.  It restores into PostgreSQL only and needs ``pg_restore``.

**Checking a candidate** (before anything is replaced; a failure is a Korean ValidationError
naming the table and column, and the live database is not touched):

1. SQLite: ``PRAGMA integrity_check``; an ``alembic_version`` row with a revision this program
   knows.  pg_dump: ``pg_restore --list`` reads, the table of contents has Yeonsu's tables, and
   the revision comes from ``pg_restore --data-only --table=alembic_version``.
2. The exact schema of that revision: every table and column the migrations make (names,
   NOT NULL, type kind), built once per revision by migrating an empty in-memory database
   (``expected_schema``).  Missing and extra tables and columns are both refused.
3. Every row of every mapped table read with the models' column types, in chunks, and each value
   checked against its Python type and length — a date column holding text, text in an integer
   column or a too-long code are found here.  SQLite files also pass ``PRAGMA
   foreign_key_check``.  A file at an older revision is checked after upgrading a temporary copy.

A pg_dump archive can only be read by a server, so for (2) and (3) it is first restored into a
scratch database on the same server (``CREATE DATABASE``; dropped afterwards).

**Restore** keeps what it replaces: a safety copy ``before-restore-<stamp>[-N]`` in the backup
folder (a SQLite copy, or a pg_dump / table copy of a server), whose name is claimed with
``O_EXCL`` so it never overwrites an earlier one.  Then, in one transaction each:

* SQLite target: the backup API copies the checked file into the live file.
* PostgreSQL target, SQLite file: delete every table's rows and copy the backup's rows in.
* PostgreSQL target, pg_dump archive: ``pg_restore --clean --if-exists --single-transaction
  --exit-on-error --no-owner --no-privileges`` into the live database.  We do not swap
  databases by renaming (other PCs hold connections to the live name, and it needs more rights)
  nor empty the schema first (two steps: a failure in the second would leave it empty); a
  single-transaction ``--clean`` restore either replaces every table or leaves all as they were.

**Which database.**  Every backup carries its database's id (``services/identity.py``, stored in
``app_setting`` before the first backup is written), and the automatic and suggested backups of
one database go to its own folder ``<backup folder>/<label>-<id>/``.  The list and the daily
"already done today" check look only there (plus files loose in the backup folder itself that
carry this id or none: backups made before ids existed, shown as of an unknown database).  A
check reads the file's id (``BackupInfo.database``) so the question before a restore can say
whose backup it is and warn about another database's.  A restore keeps the live database's own
id (see ``restore``).

The server takes only backups of this program's own revision (``HEAD_REVISION``).  Passwords
reach ``pg_dump``/``pg_restore`` through ``PGPASSWORD``, never on the command line.  Both backup
and restore are meant for a moment when nobody else is writing.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import (URL, Connection, Engine, String, column, create_engine, delete, event,
                        insert, inspect, select, text, update)
from sqlalchemy.engine import make_url
from sqlalchemy.sql import sqltypes
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool, StaticPool

from .. import audit_schema
from ..access import ADMIN, COPYING, require
from ..db import (BUSY_TIMEOUT_MS, WHO, Database, change_count, keep_change_count_above,
                  open_database, reserve_path, safety_copy, sqlite_copy, timestamp, upgrade_to,
                  upgrade_to_head)
from ..errors import Problem, ValidationError
from ..migrations import HEAD_REVISION, KNOWN_REVISIONS
from ..models import AuditEntry, Base
from .audit import record
from .identity import (DatabaseIdentity, ensure_identity, folder_for, identity_in_sqlite_file,
                       read_identity, set_identity)
from .identity import decode as decode_identity

log = logging.getLogger(__name__)

AUTO_PREFIX = "auto-"
SQLITE, PG_DUMP = "sqlite", "pg_dump"
SUFFIXES = {SQLITE: ".sqlite3", PG_DUMP: ".pgdump"}
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
FIELD = "파일"
MAX_PROBLEMS = 10
READ_CHUNK = 2000
Progress = Callable[[int, str], bool | None]


@dataclass(frozen=True)
class BackupFile:
    """A backup in the backup folder."""

    path: Path
    size: int
    modified: datetime
    automatic: bool
    #: the database the file is a backup of; None when that is not known (an old backup)
    database: DatabaseIdentity | None = None

    @property
    def kind(self) -> str:
        """What made it: 자동, 업그레이드 전, 복원 전 or 수동 (read from the name it was given)."""
        for prefix, kind in ((AUTO_PREFIX, "자동"), ("before-upgrade-", "업그레이드 전"),
                             ("before-restore-", "복원 전")):
            if self.path.name.startswith(prefix):
                return kind
        return "수동"


@dataclass(frozen=True)
class BackupResult:
    """A written backup: where, which format (``SQLITE``/``PG_DUMP``) and how it was made."""

    path: Path
    format: str
    note: str


@dataclass(frozen=True)
class BackupInfo:
    """A checked backup file."""

    path: Path
    format: str
    revision: str
    #: (size, modification time) when it was checked: the check holds while these do
    stamp: tuple[int, int] = (0, 0)
    #: the database the file is a backup of; None for a backup made before ids existed
    database: DatabaseIdentity | None = None

    def still_checked(self, path: Path) -> bool:
        """True while ``path`` is the file that was checked, unchanged since."""
        return Path(path).resolve() == Path(self.path).resolve() and _stamp(path) == self.stamp


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = Path(path).stat()
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class RestoreResult:
    """The reopened database and the safety copy of what the restore replaced."""

    database: Database
    safety_copy: Path
    #: the database the restored file was a backup of (None: not known); the live id is kept
    source_database: DatabaseIdentity | None = None


# ---------------------------------------------------------------- PostgreSQL client programs


class _ToolFailed(Exception):
    """pg_dump/pg_restore could not start or ended with an error (message: its stderr)."""


def find_tool(name: str) -> str | None:
    """Path of a PostgreSQL client program (``pg_dump``, ``pg_restore``) on PATH, else None."""
    return shutil.which(name)


def _libpq(url: str | URL) -> tuple[str, dict[str, str]]:
    """(libpq URI without the password, environment with PGPASSWORD) for a SQLAlchemy URL."""
    parsed = make_url(url)
    conninfo = URL.create("postgresql", username=parsed.username, host=parsed.host,
                          port=parsed.port, database=parsed.database, query=parsed.query)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return conninfo.render_as_string(hide_password=False), env


def _run_tool(args: list[str], env: dict[str, str] | None = None,
              progress: Progress | None = None, label: str = "",
              cancelled: str = "작업을 취소했습니다.") -> str:
    """Run a client program, reporting progress while it works; returns its stdout.

    Cancel (``progress`` returns False) kills it and raises ValidationError(``cancelled``).
    """
    log.debug("running %s", args[0])
    flags = subprocess.CREATE_NO_WINDOW if os.name == "nt" else 0
    try:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, creationflags=flags)
    except OSError as exc:
        raise _ToolFailed(str(exc)) from exc
    started = time.monotonic()
    while True:
        try:
            out, err = proc.communicate(timeout=0.25)
            break
        except subprocess.TimeoutExpired:
            percent = min(90, 5 + int(time.monotonic() - started))
            if progress is not None and progress(percent, label) is False:
                proc.kill()
                proc.communicate()
                raise ValidationError(cancelled) from None
    if proc.returncode != 0:
        raise _ToolFailed(_tool_message(err, proc.returncode))
    return out.decode("utf-8", "replace")


def _tool_message(stderr: bytes, code: int) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()
             if line.strip()]
    errors = [line for line in lines if "error" in line.lower() or "오류" in line] or lines
    message = " / ".join(errors[:3]) or f"종료 코드 {code}"
    return message if len(message) <= 400 else message[:400] + "…"


# ---------------------------------------------------------------- what a backup must look like


@dataclass(frozen=True)
class _Column:
    nullable: bool
    kind: str


Schema = dict[str, dict[str, _Column]]

# Checked in this order: a DateTime is not a Date, a Boolean is not an Integer.
_KINDS = ((sqltypes.Boolean, "참/거짓"), (sqltypes.Integer, "정수"), (sqltypes.DateTime, "날짜와 시각"),
          (sqltypes.Date, "날짜"), (sqltypes.Time, "시각"), (sqltypes.String, "문자열"),
          (sqltypes.Float, "실수"))


def _kind(sa_type) -> str:
    """The kind of value a column holds, in words (also for reflected dialect types)."""
    for kind, words in _KINDS:
        if isinstance(sa_type, kind):
            return words
    if isinstance(sa_type, sqltypes.NullType):
        return "형식 없음"
    return f"알 수 없는 형식 {sa_type}"


def _schema_of(conn: Connection) -> Schema:
    """Tables (of the default schema) → column name → (NOT NULL, kind), as the database has them."""
    found = inspect(conn)
    return {table: {c["name"]: _Column(bool(c["nullable"]), _kind(c["type"]))
                    for c in found.get_columns(table)}
            for table in found.get_table_names() if not table.startswith("sqlite_")}


@lru_cache(maxsize=None)
def expected_schema(revision: str) -> Schema:
    """The schema the migrations make up to ``revision`` (built once per revision and process)."""
    engine = create_engine("sqlite://", poolclass=StaticPool)  # one private in-memory database
    try:
        upgrade_to(engine, revision)
        with engine.connect() as conn:
            return _schema_of(conn)
    finally:
        engine.dispose()


def _quoted(names) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _table_problems(expected: set[str], actual: set[str], revision: str) -> list[Problem]:
    problems = []
    if missing := sorted(expected - actual):
        problems.append(Problem(f"백업 파일에 {_quoted(missing)} 표가 없습니다 "
                                f"(스키마 {revision}).", FIELD))
    if extra := sorted(actual - expected):
        problems.append(Problem(f"백업 파일에 연수 프로그램이 만들지 않는 {_quoted(extra)} 표가 "
                                "있습니다.", FIELD))
    return problems


def _schema_problems(actual: Schema, revision: str) -> list[Problem]:
    expected = expected_schema(revision)
    problems = _table_problems(set(expected), set(actual), revision)
    for table in sorted(set(expected) & set(actual)):
        want, have = expected[table], actual[table]
        if missing := [name for name in want if name not in have]:
            problems.append(Problem(f"백업 파일의 '{table}' 표에 {_quoted(missing)} 열이 없습니다.",
                                    FIELD))
        if extra := [name for name in have if name not in want]:
            problems.append(Problem(f"백업 파일의 '{table}' 표에 알 수 없는 {_quoted(extra)} 열이 "
                                    "있습니다.", FIELD))
        for name in want.keys() & have.keys():
            w, h = want[name], have[name]
            if w.kind != h.kind:
                problems.append(Problem(f"백업 파일의 '{table}' 표 '{name}' 열의 형식이 다릅니다 "
                                        f"(백업: {h.kind}, 이 프로그램: {w.kind}).", FIELD))
            elif w.nullable != h.nullable:
                rule = ("빈 값을 허용합니다 (이 프로그램에서는 꼭 있어야 하는 값입니다)" if h.nullable
                        else "빈 값을 허용하지 않습니다 (이 프로그램에서는 비워 둘 수 있습니다)")
                problems.append(Problem(f"백업 파일의 '{table}' 표 '{name}' 열이 {rule}.", FIELD))
    return problems


def _refuse(problems: list[Problem]) -> None:
    """Raise the problems (at most MAX_PROBLEMS lines) as one ValidationError, if any."""
    if not problems:
        return
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [Problem(f"… 그 밖에 {more}건", FIELD)]
    raise ValidationError(problems)


def _row_name(table, row) -> str:
    """'id 12' — the primary key of ``row`` (whose first values are the key columns)."""
    keys = list(table.primary_key.columns)
    return ", ".join(f"{c.name} {row[i]}" for i, c in enumerate(keys))


def _value_problem(col, value) -> str | None:
    """Why ``value`` cannot be in column ``col``, else None."""
    if value is None:
        return None if col.nullable else "비어 있습니다 (꼭 있어야 하는 값입니다)"
    python_type = col.type.python_type
    if not isinstance(value, python_type) or (python_type is int and isinstance(value, bool)):
        return f"{_kind(col.type)} 값이 아닙니다: {str(value)[:40]!r}"
    length = getattr(col.type, "length", None) if isinstance(col.type, String) else None
    if length is not None and len(value) > length:
        return f"{length}자보다 깁니다 ({len(value)}자)"
    return None


def _read_problems(conn: Connection, progress: Progress | None, label: str) -> list[Problem]:
    """Read every row of every mapped table with the models' types; one problem per bad table."""
    tables = Base.metadata.sorted_tables
    problems = []
    for index, table in enumerate(tables):
        if progress is not None and progress(int(100 * index / len(tables)),
                                             f"{label}: {table.name}") is False:
            raise ValidationError("검사를 취소했습니다. 아무것도 바꾸지 않았습니다.")
        problem = _read_table(conn, table)
        if problem is not None:
            problems.append(problem)
    return problems


def _read_table(conn: Connection, table) -> Problem | None:
    columns = list(table.columns)
    keys = list(table.primary_key.columns)
    ordered = keys + [c for c in columns if c not in keys]
    try:
        result = conn.execution_options(stream_results=True).execute(
            select(*ordered).order_by(*keys))
        # fast path per value: the exact Python type (or an allowed NULL) and the length
        quick = [(c.nullable, c.type.python_type,
                  getattr(c.type, "length", None) if isinstance(c.type, String) else None)
                 for c in ordered]
        for chunk in result.partitions(READ_CHUNK):
            for row in chunk:
                for (nullable, python_type, length), col, value in zip(quick, ordered, row):
                    if value is None:
                        if nullable:
                            continue
                    elif type(value) is python_type and (length is None or len(value) <= length):
                        continue
                    why = _value_problem(col, value)
                    if why is not None:
                        return Problem(f"백업 파일의 '{table.name}' 표 {_row_name(table, row)} 행의 "
                                       f"'{col.name}' 값이 {why}", FIELD)
    except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
        conn.rollback()
        return _unreadable_value(conn, table, exc)
    return None


def _unreadable_value(conn: Connection, table, exc: Exception) -> Problem:
    """Find the row and column whose stored value the column's type cannot read."""
    keys = list(table.primary_key.columns)
    for col in table.columns:
        process = col.type.dialect_impl(conn.dialect).result_processor(conn.dialect, None)
        if process is None or col in keys:
            continue
        raw = conn.execute(select(*keys, column(col.name)).select_from(table).order_by(*keys))
        for row in raw:
            try:
                process(row[-1])
            except (ValueError, TypeError, OverflowError, ArithmeticError):
                return Problem(f"백업 파일의 '{table.name}' 표 {_row_name(table, row)} 행의 "
                               f"'{col.name}' 값을 {_kind(col.type)}(으)로 읽을 수 없습니다: "
                               f"{str(row[-1])[:40]!r}", FIELD)
    return Problem(f"백업 파일의 '{table.name}' 표를 읽을 수 없습니다: {exc}", FIELD)


def _foreign_key_problems(conn: Connection) -> list[Problem]:
    rows = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return [Problem(f"백업 파일의 '{table}' 표 {rowid}번 행이 '{parent}' 표에 없는 행을 "
                    "가리킵니다.", FIELD) for table, rowid, parent, _fk in rows[:MAX_PROBLEMS + 1]]


def _sqlite_reader(path: Path) -> Engine:
    """A read-only engine on a SQLite file (nothing about the file changes while it is read)."""
    uri = path.resolve().as_uri() + "?mode=ro"
    return create_engine("sqlite://", poolclass=NullPool,
                         creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))


def _check_revision(revision: str | None) -> str:
    if revision is None:
        raise ValidationError("백업 파일에 스키마 버전이 없습니다.", field=FIELD)
    if revision not in KNOWN_REVISIONS:
        raise ValidationError(f"더 새로운 버전의 프로그램으로 만든 백업입니다 (스키마 {revision}). "
                              "프로그램을 업데이트한 뒤 복원하십시오.", field=FIELD)
    return revision


def _check_sqlite_file(path: Path, progress: Progress | None) -> str:
    engine = _sqlite_reader(path)
    try:
        with engine.connect() as conn:
            try:
                result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
                names = set(inspect(conn).get_table_names())
            except DBAPIError as exc:
                raise ValidationError(f"SQLite 데이터베이스 파일이 아니거나 손상되었습니다: "
                                      f"{path.name} ({exc.orig})", field=FIELD) from exc
            if result != "ok":
                raise ValidationError(f"백업 파일이 손상되었습니다 (무결성 검사: {result}).",
                                      field=FIELD)
            if "alembic_version" not in names or not {"course", "person"} <= names:
                raise ValidationError(f"연수 프로그램의 백업 파일이 아닙니다: {path.name}",
                                      field=FIELD)
            versions = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
            if len(versions) > 1:
                raise ValidationError("백업 파일에 스키마 버전이 여러 개 있습니다.", field=FIELD)
            revision = _check_revision(versions[0][0] if versions else None)
            _refuse(_schema_problems(_schema_of(conn), revision))
            _refuse(_foreign_key_problems(conn))
            if revision == HEAD_REVISION:
                _refuse(_read_problems(conn, progress, "백업 파일을 읽는 중"))
    except SQLAlchemyError as exc:
        raise ValidationError(f"백업 파일을 읽을 수 없습니다: {path.name} "
                              f"({getattr(exc, 'orig', None) or exc})", field=FIELD) from exc
    finally:
        engine.dispose()
    if revision != HEAD_REVISION:
        _check_upgraded_copy(path, progress)
    return revision


def _check_upgraded_copy(path: Path, progress: Progress | None) -> None:
    """An older backup: upgrade a temporary copy, then check it as if it were current."""
    with tempfile.TemporaryDirectory(prefix="yeonsu-check-") as folder:
        copy = Path(folder) / "check.sqlite3"
        sqlite_copy(path, copy)
        engine = create_engine(f"sqlite:///{copy}", poolclass=NullPool)
        try:
            try:
                upgrade_to_head(engine)
            except Exception as exc:  # any migration failure means this file cannot be used
                log.warning("upgrading a copy of %s failed", path, exc_info=exc)
                raise ValidationError(f"백업 파일을 이 프로그램의 형식으로 올릴 수 없습니다: {exc}",
                                      field=FIELD) from exc
            with engine.connect() as conn:
                _refuse(_schema_problems(_schema_of(conn), HEAD_REVISION))
                _refuse(_read_problems(conn, progress, "백업 파일을 읽는 중"))
        finally:
            engine.dispose()


_TOC_LINE = re.compile(r"^\d+; \d+ \d+ (TABLE DATA|TABLE) (\S+) (\S+)")


def _check_archive(path: Path) -> str:
    """What can be checked of a pg_dump archive without a server: contents and revision."""
    tool = _need_pg_restore()
    try:
        toc = _run_tool([tool, "--list", str(path)])
    except _ToolFailed as exc:
        raise ValidationError(f"pg_dump 백업 파일이 손상되었거나 읽을 수 없습니다: {path.name} "
                              f"({exc})", field=FIELD) from exc
    tables, data = set(), set()
    for line in toc.splitlines():
        match = _TOC_LINE.match(line)
        if match and match[2] == "public":
            (data if match[1] == "TABLE DATA" else tables).add(match[3])
    if "alembic_version" not in data or not {"course", "person"} <= tables:
        raise ValidationError(f"연수 프로그램의 백업 파일이 아닙니다: {path.name}", field=FIELD)
    try:
        sql = _run_tool([tool, "--data-only", "--table=alembic_version", "--file=-", str(path)])
    except _ToolFailed as exc:
        raise ValidationError(f"pg_dump 백업 파일의 스키마 버전을 읽을 수 없습니다: {exc}",
                              field=FIELD) from exc
    versions = [row.get("version_num", "").strip() for row in _copy_rows(sql, "alembic_version")]
    if len(versions) > 1:
        raise ValidationError("백업 파일에 스키마 버전이 여러 개 있습니다.", field=FIELD)
    revision = _check_revision(versions[0] if versions else None)
    _refuse(_table_problems(set(expected_schema(revision)), tables, revision))
    return revision


def _archive_identity(path: Path) -> DatabaseIdentity | None:
    """The database id inside a pg_dump archive (its ``app_setting`` rows), None if absent."""
    try:
        sql = _run_tool([_need_pg_restore(), "--data-only", "--table=app_setting", "--file=-",
                         str(path)])
    except _ToolFailed:
        return None
    for row in _copy_rows(sql, "app_setting"):
        if row.get("key") == "database_id":
            return decode_identity(row.get("value"))
    return None


def _copy_rows(sql: str, table: str) -> list[dict[str, str]]:
    """The rows of ``table`` in pg_restore's ``--data-only`` script (COPY text format)."""
    rows: list[dict[str, str]] = []
    names: list[str] = []
    for line in sql.splitlines():
        if not names and line.startswith("COPY ") and table in line.split("(", 1)[0]:
            names = [n.strip().strip('"') for n in line.split("(", 1)[1].split(")")[0].split(",")]
        elif names and line == "\\.":
            break
        elif names and line.strip():
            rows.append(dict(zip(names, (_copy_unescape(v) for v in line.split("\t")))))
    return rows


def _copy_unescape(value: str) -> str:
    """A value of COPY's text format as it was stored (the escapes pg_dump writes)."""
    escapes = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m[1], m[1]), value)


def _need_pg_restore() -> str:
    tool = find_tool("pg_restore")
    if tool is None:
        raise ValidationError("pg_restore 프로그램이 없어 PostgreSQL 백업(pg_dump) 파일을 검사하거나 "
                              "복원할 수 없습니다. PostgreSQL 클라이언트 도구를 설치하십시오.",
                              field=FIELD)
    return tool


def _format_of(path: Path) -> str | None:
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return SQLITE
    if head.startswith(PG_DUMP_MAGIC):
        return PG_DUMP
    return None


def inspect_backup(path: Path, progress: Progress | None = None) -> BackupInfo:
    """Check a backup file as far as can be done without a server; raises ValidationError."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise ValidationError(f"백업 파일이 없습니다: {path}", field=FIELD)
    try:
        kind = _format_of(path)
    except OSError as exc:
        raise ValidationError(f"백업 파일을 읽을 수 없습니다: {exc}", field=FIELD) from exc
    if kind is None:
        raise ValidationError(f"연수 백업 파일이 아닙니다: {path.name} (SQLite 데이터베이스 "
                              "파일도 pg_dump 파일도 아닙니다)", field=FIELD)
    stamp = _stamp(path)
    if kind == SQLITE:
        revision = _check_sqlite_file(path, progress)
        database = identity_in_sqlite_file(path)
    else:
        revision = _check_archive(path)
        database = _archive_identity(path)
    return BackupInfo(path, kind, revision, stamp, database)


def verify_backup(path: Path, progress: Progress | None = None) -> str:
    """Check a backup file; returns its schema revision or raises a Korean ValidationError."""
    return inspect_backup(path, progress).revision


# ---------------------------------------------------------------- backup


def is_yeonsu_backup(path: Path) -> bool:
    """Does ``path`` look like a Yeonsu backup (a quick look, not the full check)?"""
    path = Path(path)
    try:
        kind = _format_of(path)
        if kind == PG_DUMP:
            with open(path, "rb") as f:  # the table of contents is at the start
                return b"alembic_version" in f.read(1 << 20)
        if kind == SQLITE:
            conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
            try:
                names = {r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
            finally:
                conn.close()
            return {"alembic_version", "course", "person"} <= names
    except (OSError, sqlite3.Error):
        return False
    return False


def is_foreign_file(path: Path) -> bool:
    """An existing, non-empty file that is not a Yeonsu backup (backup will not overwrite it)."""
    path = Path(path)
    try:
        return path.is_file() and path.stat().st_size > 0 and not is_yeonsu_backup(path)
    except OSError:
        return False


def backup_suffix(database: Database) -> str:
    """The file name ending a new backup of ``database`` will get its format from."""
    if not database.is_sqlite and find_tool("pg_dump") is not None:
        return SUFFIXES[PG_DUMP]
    return SUFFIXES[SQLITE]


def backup(database: Database, out: Path, progress: Progress | None = None, *,
           overwrite_foreign: bool = False) -> BackupResult:
    """Write a complete copy of the database to ``out``.

    An existing file is replaced only when it is a Yeonsu backup (or empty), unless
    ``overwrite_foreign``.  Nothing is left behind when the backup fails.
    """
    out = Path(out).expanduser().resolve()
    if out.is_dir():
        raise ValidationError(f"폴더가 아니라 파일 이름을 주십시오: {out}", field=FIELD)
    if database.sqlite_path is not None and out == database.sqlite_path.resolve():
        raise ValidationError("지금 쓰고 있는 데이터베이스 파일에 백업할 수는 없습니다.", field=FIELD)
    if not overwrite_foreign and is_foreign_file(out):
        raise ValidationError(f"'{out.name}'은(는) 연수 백업 파일이 아니어서 덮어쓰지 않았습니다. "
                              "다른 파일 이름을 주십시오.", field=FIELD)
    ensure_identity(database)  # before the copy, so that the file says whose it is
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if database.sqlite_path is not None:
            sqlite_copy(database.sqlite_path, out)
            result = BackupResult(out, SQLITE, "SQLite 파일")
        else:
            tmp = out.with_name(out.name + ".part")
            try:
                kind, note = _write_server_backup(database, tmp, progress)
                os.replace(tmp, out)
            finally:
                tmp.unlink(missing_ok=True)
            result = BackupResult(out, kind, note)
    except (OSError, sqlite3.Error) as exc:
        raise ValidationError(f"백업 파일을 쓸 수 없습니다: {exc}", field=FIELD) from exc
    except SQLAlchemyError as exc:
        raise ValidationError(f"데이터베이스를 읽지 못해 백업하지 못했습니다: "
                              f"{getattr(exc, 'orig', None) or exc}") from exc
    log.info("backup written: %s (%s; %s)", out, result.format, result.note)
    return result


def _write_server_backup(database: Database, tmp: Path,
                         progress: Progress | None) -> tuple[str, str]:
    """pg_dump into ``tmp``, or the table copy when pg_dump is missing or fails."""
    tool = find_tool("pg_dump")
    if tool is None:
        reason = "pg_dump 프로그램이 없어"
        log.info("pg_dump not on PATH; backing up by table copy")
    else:
        conninfo, env = _libpq(database.url)
        try:
            _run_tool([tool, "--format=custom", "--no-owner", "--no-privileges",
                       f"--file={tmp}", f"--dbname={conninfo}"], env, progress,
                      "pg_dump로 백업하는 중", "백업을 취소했습니다.")
            return PG_DUMP, "pg_dump 형식 (PostgreSQL 서버에만 복원할 수 있습니다)"
        except _ToolFailed as exc:
            log.warning("pg_dump failed, backing up by table copy: %s", exc)
            reason = f"pg_dump가 실패하여 ({exc})"
    tmp.unlink(missing_ok=True)
    _snapshot_to_sqlite(database.engine, tmp, progress)
    return SQLITE, f"{reason} 표 복사 방식(SQLite 파일)으로 백업했습니다."


def _snapshot_to_sqlite(source: Engine, out: Path, progress: Progress | None) -> None:
    """The table copy: the migrations' schema in a new SQLite file, then every row."""
    target = create_engine(f"sqlite:///{out}", poolclass=NullPool)
    # rows copied, not changed: the copy's audit triggers record nothing (the source's trail
    # is copied with the rest)
    event.listen(target, "connect",
                 lambda conn, _record: conn.create_function("yeonsu_actor", 0, lambda: None))
    try:
        upgrade_to_head(target)
        with source.connect() as src, target.begin() as dst:
            if src.dialect.name == "postgresql":  # every table from one snapshot
                src.execution_options(isolation_level="REPEATABLE READ")
            revision = src.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            if revision != HEAD_REVISION:
                raise ValidationError(f"데이터베이스의 스키마 버전({revision})이 이 프로그램과 "
                                      "달라 백업하지 못했습니다.")
            _copy_tables(src, dst, progress, "백업을 취소했습니다.")
    finally:
        target.dispose()


def _copy_tables(src, dst, progress: Progress | None, cancelled: str, *,
                 keep_trail: bool = False) -> None:
    """Copy every table, parents first; self-references are filled in after the rows exist.

    The target is a freshly migrated database: the rows its migrations put in (the buildings)
    go first, so the copy holds exactly the source's rows.  ``keep_trail``: the target's audit
    trail stays as it is (a restore into a server never deletes it), the source's is not
    copied."""
    tables = [t for t in Base.metadata.sorted_tables
              if not (keep_trail and t.name == audit_schema.TABLE)]
    for table in reversed(tables):
        if table.name != audit_schema.TABLE:    # append-only; a new target's is empty
            dst.execute(delete(table))
    for index, table in enumerate(tables):
        if progress is not None and progress(int(100 * index / len(tables)),
                                             f"{table.name} 복사 중") is False:
            raise ValidationError(cancelled)
        self_refs = [fk.parent.name for fk in table.foreign_keys
                     if fk.column.table is table]
        pending = []
        result = src.execute(select(table).order_by(*table.primary_key.columns))
        while chunk := result.fetchmany(5000):
            rows = [dict(r._mapping) for r in chunk]
            for row in rows:
                for name in self_refs:
                    if row[name] is not None:
                        pending.append((row, name, row[name]))
                        row[name] = None
            dst.execute(insert(table), rows)
        pk = list(table.primary_key.columns)[0]
        for row, name, value in pending:
            dst.execute(update(table).where(pk == row[pk.name]).values({name: value}))


# ---------------------------------------------------------------- restore


def check_restore(database: Database, source: Path,
                  progress: Progress | None = None) -> BackupInfo:
    """Every check ``restore`` makes before it touches anything; raises ValidationError."""
    source = Path(source).expanduser().resolve()
    if database.sqlite_path is not None and source == database.sqlite_path.resolve():
        raise ValidationError("지금 쓰고 있는 데이터베이스 파일 자체는 복원할 수 없습니다.", field=FIELD)
    info = inspect_backup(source, progress)
    if info.format == PG_DUMP and database.is_sqlite:
        raise ValidationError(f"'{source.name}'은(는) PostgreSQL 서버의 백업(pg_dump)이라 이 PC의 "
                              "데이터베이스 파일에는 복원할 수 없습니다. 공유 서버에 연결한 뒤 "
                              "복원하십시오.", field=FIELD)
    if not database.is_sqlite and info.revision != HEAD_REVISION:
        raise ValidationError("공유 서버에는 이 프로그램과 같은 버전의 백업만 복원할 수 있습니다. "
                              "먼저 백업 파일을 한 PC에서 열어 최신 형식으로 바꾸십시오.", field=FIELD)
    if info.format == PG_DUMP:
        _check_archive_on_server(database, info, progress)
    return info


def restore(database: Database, source: Path, safety_folder: Path,
            progress: Progress | None = None, *, checked: BackupInfo | None = None
            ) -> RestoreResult:
    """Replace the database's contents with the backup ``source``.

    The file is checked first (``check_restore``) unless ``checked`` is what that check
    returned for this very file, unchanged since (the GUI checks before it asks); what was there is saved to a new file in
    ``safety_folder``; then the contents are replaced in one transaction.  Returns the reopened
    database (``database`` itself is disposed) and the safety copy.

    The restored database keeps the live database's id, not the file's: the id names the place
    (this file, this server database) whose backups go to one folder, and the restored contents
    now live there.  Taking the file's id would make a copy restored on a second PC, or another
    database's backup restored here, share a folder and a daily backup with its origin — the
    very mix-up ids exist to prevent.
    """
    require(database.who, ADMIN, doing="복원")
    source = Path(source).expanduser().resolve()
    info = (checked if checked is not None and checked.still_checked(source)
            else check_restore(database, source, progress))
    own = ensure_identity(database)
    with database.read_scope() as session:
        seen = change_count(session)
    safety_folder = Path(safety_folder)
    kept = _keep_current(database, safety_folder, progress)
    url = database.url
    database.dispose()
    if database.sqlite_path is not None:
        _copy_file_into(source, database.sqlite_path)
    elif info.format == PG_DUMP:
        _stash_trail(database.engine)
        try:
            _pg_restore_live(url, source, progress)
            _unstash_trail(database.engine)
        finally:
            _drop_stash(database.engine)
            database.dispose()
    else:
        _restore_into_server(database.engine, source, progress)
        database.dispose()
    reopened = open_database(url, backup_folder=safety_folder)
    reopened.act_as(database.who)
    try:
        set_identity(reopened, own)
        if database.sqlite_path is not None:
            _carry_trail(kept, reopened)
        with reopened.session_scope() as session:  # every open window must see it changed
            keep_change_count_above(session, seen)
            record(session, "복원", what=f"{source.name}에서 복원 (이전 자료: {kept.name})",
                   file=source.name)
    except Exception:
        reopened.dispose()
        raise
    log.info("restored %s (database %s) into %s (the replaced data is in %s)", source,
             info.database.describe() if info.database else "unknown", database.display_name,
             kept)
    return RestoreResult(reopened, kept, info.database)


def _carry_trail(kept: Path, reopened: Database) -> None:
    """The audit trail is this place's history, not the backup's: after a file restore the
    trail is the one the safety copy holds (every row up to the restore), never the older one
    that came with the backup.  The program's own maintenance: the append-only triggers are
    lifted for it and put back at once."""
    live = reopened.sqlite_path
    reopened.engine.dispose()            # no pooled connection holds the file
    conn = sqlite3.connect(live, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS kept", (str(kept),))
        columns = [r[1] for r in conn.execute(f"PRAGMA kept.table_info({audit_schema.TABLE})")]
        if not columns:
            return                       # a copy from before the trail: nothing to keep
        names = ", ".join(f'"{c}"' for c in columns)
        conn.execute("BEGIN IMMEDIATE")
        for (name,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'trigger' "
                                    f"AND tbl_name = '{audit_schema.TABLE}'").fetchall():
            conn.execute(f'DROP TRIGGER main."{name}"')
        conn.execute(f"DELETE FROM main.{audit_schema.TABLE}")
        conn.execute(f"INSERT INTO main.{audit_schema.TABLE} ({names}) "
                     f"SELECT {names} FROM kept.{audit_schema.TABLE} ORDER BY id")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
        with reopened.engine.begin() as c:
            audit_schema.install(c)      # the append-only triggers back at once


_STASH = "yeonsu_trail_kept"


def _stash_trail(engine: Engine) -> None:
    """PostgreSQL: keep the live trail beside the tables pg_restore replaces."""
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_STASH}")
        conn.exec_driver_sql(f"CREATE TABLE {_STASH} AS SELECT * FROM {audit_schema.TABLE}")


def _unstash_trail(engine: Engine) -> None:
    """PostgreSQL: the live trail back in place of the archive's, the append-only triggers
    and privileges made again (pg_restore recreated the table without them)."""
    columns = ", ".join(f'"{c.name}"' for c in AuditEntry.__table__.columns)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"ALTER TABLE {audit_schema.TABLE} DISABLE TRIGGER USER")
        conn.exec_driver_sql(f"TRUNCATE {audit_schema.TABLE}")
        conn.exec_driver_sql(f"INSERT INTO {audit_schema.TABLE} ({columns}) "
                             f"SELECT {columns} FROM {_STASH} ORDER BY id")
        conn.exec_driver_sql(f"ALTER TABLE {audit_schema.TABLE} ENABLE TRIGGER USER")
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{audit_schema.TABLE}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {audit_schema.TABLE}), 0) + 1, false)")
        audit_schema.install(conn)


def _drop_stash(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_STASH}")


def _keep_current(database: Database, folder: Path, progress: Progress | None) -> Path:
    """Save what a restore is about to replace to a new file; never overwrites."""
    stem = f"before-restore-{timestamp()}"
    try:
        if database.sqlite_path is not None:
            kept = safety_copy(database.sqlite_path, folder, stem)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{stem}-{uuid.uuid4().hex[:8]}.part"
            try:
                kind, _note = _write_server_backup(database, tmp, progress)
                kept = reserve_path(folder, stem, SUFFIXES[kind])
                os.replace(tmp, kept)
            finally:
                tmp.unlink(missing_ok=True)
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        raise ValidationError(f"지금 자료를 먼저 보관할 수 없어 복원하지 않았습니다 ({folder}): "
                              f"{getattr(exc, 'orig', None) or exc}", field=FIELD) from exc
    log.info("safety copy before restore: %s", kept)
    return kept


def _copy_file_into(source: Path, target: Path) -> None:
    """SQLite: copy the checked backup into the live file (one transaction on the target)."""
    try:
        src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target, timeout=10)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise ValidationError(f"복원하지 못했습니다. 지금 자료는 그대로입니다: {exc}",
                              field=FIELD) from exc


def _restore_into_server(engine: Engine, source: Path, progress: Progress | None) -> None:
    """A SQLite backup into PostgreSQL: delete and copy every table in one transaction."""
    backup_engine = _sqlite_reader(source)
    try:
        with backup_engine.connect() as src, \
                engine.execution_options(**{WHO: COPYING}).begin() as dst:
            _copy_tables(src, dst, progress, "복원을 취소했습니다. 지금 자료는 그대로입니다.",
                         keep_trail=True)
            if dst.dialect.name == "postgresql":
                _reset_sequences(dst)
    except SQLAlchemyError as exc:
        raise ValidationError(f"복원하지 못했습니다. 지금 자료는 그대로입니다: "
                              f"{getattr(exc, 'orig', None) or exc}", field=FIELD) from exc
    finally:
        backup_engine.dispose()


def _reset_sequences(conn) -> None:
    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].autoincrement is not False and pk[0].type.python_type is int:
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"))


@contextmanager
def _scratch_database(engine: Engine) -> Iterator[str]:
    """A new empty database on the same server, dropped afterwards; yields its URL."""
    name = f"yeonsu_check_{uuid.uuid4().hex[:16]}"
    admin = create_engine(engine.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
        except DBAPIError as exc:
            raise ValidationError("백업 파일을 검사할 임시 데이터베이스를 서버에 만들 수 없어 복원하지 "
                                  "않았습니다 (데이터베이스를 만들 권한이 필요합니다): "
                                  f"{exc.orig}", field=FIELD) from exc
        try:
            yield engine.url.set(database=name).render_as_string(hide_password=False)
        finally:
            try:
                with admin.connect() as conn:
                    force = " WITH (FORCE)" if conn.dialect.server_version_info >= (13,) else ""
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"{force}')
            except DBAPIError:
                log.warning("could not drop the scratch database %s", name, exc_info=True)
    finally:
        admin.dispose()


def _check_archive_on_server(database: Database, info: BackupInfo,
                             progress: Progress | None) -> None:
    """Restore a pg_dump archive into a scratch database, then check schema and every row."""
    tool = _need_pg_restore()
    with _scratch_database(database.engine) as scratch_url:
        conninfo, env = _libpq(scratch_url)
        try:
            _run_tool([tool, "--no-owner", "--no-privileges", "--exit-on-error",
                       "--single-transaction", f"--dbname={conninfo}", str(info.path)], env,
                      progress, "백업 파일을 검사하는 중",
                      "검사를 취소했습니다. 아무것도 바꾸지 않았습니다.")
        except _ToolFailed as exc:
            raise ValidationError(f"pg_dump 백업 파일을 읽어 들일 수 없습니다: {exc}",
                                  field=FIELD) from exc
        engine = create_engine(scratch_url, poolclass=NullPool)
        try:
            with engine.connect() as conn:
                _refuse(_schema_problems(_schema_of(conn), info.revision))
                _refuse(_read_problems(conn, progress, "백업 파일을 읽는 중"))
        finally:
            engine.dispose()


def _pg_restore_live(url: str, source: Path, progress: Progress | None) -> None:
    """The checked archive into the live database: all tables replaced in one transaction."""
    tool = _need_pg_restore()
    conninfo, env = _libpq(url)
    try:
        _run_tool([tool, "--clean", "--if-exists", "--single-transaction", "--exit-on-error",
                   "--no-owner", "--no-privileges", f"--dbname={conninfo}", str(source)], env,
                  progress, "복원하는 중", "복원을 취소했습니다. 지금 자료는 그대로입니다.")
    except _ToolFailed as exc:
        raise ValidationError(f"pg_restore가 실패하여 복원하지 않았습니다. 지금 자료는 그대로입니다: "
                              f"{exc}", field=FIELD) from exc


# ---------------------------------------------------------------- the backup folder


def list_backups(database: Database, root: Path) -> list[BackupFile]:
    """The backups of ``database`` under the backup folder ``root``, newest first.

    Its own folder's files, and files loose in ``root`` itself that carry its id or none at all
    (backups made before ids existed: ``database`` None).  Other databases' folders and files
    are left out.
    """
    root = Path(root)
    own = read_identity(database)
    files = []
    if own is not None:
        files += _backup_files(folder_for(database, root, own), lambda _path: own)
    loose = [f for f in _backup_files(root, _identity_of_file)
             if f.database is None or (own is not None and f.database.id == own.id)]
    return sorted(files + loose, key=lambda f: f.modified, reverse=True)


def _identity_of_file(path: Path) -> DatabaseIdentity | None:
    """A quick look for the listing: SQLite files are asked; a pg_dump archive would need
    pg_restore once per file, so it counts as unknown."""
    return identity_in_sqlite_file(path) if path.suffix == SUFFIXES[SQLITE] else None


def _backup_files(folder: Path, identity_of: Callable[[Path], DatabaseIdentity | None]
                  ) -> list[BackupFile]:
    if not folder.is_dir():
        return []
    files = []
    for suffix in SUFFIXES.values():
        for path in folder.glob(f"*{suffix}"):
            try:
                stat = path.stat()
            except OSError:  # removed while listing
                continue
            files.append(BackupFile(path, stat.st_size, datetime.fromtimestamp(stat.st_mtime),
                                    path.name.startswith(AUTO_PREFIX), identity_of(path)))
    return files


def backup_folder(database: Database, root: Path) -> Path:
    """The folder of ``database``'s own backups under ``root`` (made now, with its id)."""
    folder = folder_for(database, Path(root))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def browse_folder(database: Database, root: Path) -> Path:
    """Where a file dialog for this database's backups starts: its own folder when it has one,
    else the backup folder ``root`` (nothing is made or stored)."""
    own = read_identity(database)
    if own is not None and (folder := folder_for(database, Path(root), own)).is_dir():
        return folder
    return Path(root)


def daily_backup(database: Database, root: Path, today: date | None = None,
                 keep: int = 14) -> Path | None:
    """Once a day (on close): copy a SQLite database into its own folder under the backup
    folder ``root`` and keep its last ``keep``.

    Returns the new file, or None when this database's backup of today exists or the database
    is on a server.  Another database's backups in ``root`` count for nothing here.
    """
    if database.sqlite_path is None or not database.sqlite_path.exists():
        return None
    today = today or date.today()
    folder = backup_folder(database, root)
    out = folder / f"{AUTO_PREFIX}{today.isoformat()}.sqlite3"
    if out.exists():
        return None
    sqlite_copy(database.sqlite_path, out)
    autos = sorted(folder.glob(f"{AUTO_PREFIX}*.sqlite3"), reverse=True)
    for old in autos[max(keep, 1):]:
        old.unlink(missing_ok=True)
    log.info("daily backup written: %s", out)
    return out
