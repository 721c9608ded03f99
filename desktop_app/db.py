"""Engine, sessions and the schema check that runs when a database is opened.

``open_database`` is the one way in: it turns ``--db`` (a path or any SQLAlchemy URL) into an
engine with the SQLite pragmas set, creates a new database, backs up and upgrades an older one,
and refuses one written by a newer program.  Callers then do one session per user action::

    with database.session_scope() as session:
        services.enrollment.enroll(session, ...)

On SQLite a writing session starts with ``BEGIN IMMEDIATE`` so two writers queue on the busy
timeout instead of failing half-way; read sessions start a normal deferred transaction.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from . import access, audit_schema, local_config, paths
from .errors import (AccessDeniedError, DatabaseBusyError, DatabaseError, DatabaseMissingError,
                     UserError)
from .migrations import HEAD_REVISION, KNOWN_REVISIONS

BUSY_TIMEOUT_MS = 10_000
log = logging.getLogger(__name__)


def database_url(db: str | Path | None) -> str:
    """``--db`` value → SQLAlchemy URL.  Empty means the default file in the data folder."""
    if db is None or str(db).strip() == "":
        return f"sqlite:///{paths.default_db_path()}"
    value = str(db).strip()
    if "://" in value:
        return value
    return f"sqlite:///{paths.sqlite_file(value)}"


#: execution option: the :class:`access.Who` whose work runs on a connection
WHO = "yeonsu_who"
#: connection info: SQLite's ``yeonsu_actor()`` reads the name the audit triggers record from
#: here ([None]: this write is not audited)
_ACTOR = "yeonsu_actor"
#: connection info: the (actor, audited) a PostgreSQL transaction has set for its triggers
_PG_ACTOR = "yeonsu_pg_actor"


def _install_access_hooks(engine: Engine, sqlite: bool) -> None:
    """Check every changing statement against the roles of the person behind it, and tell the
    audit triggers who that is (see :mod:`desktop_app.access`, :mod:`desktop_app.audit_schema`).
    """
    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(conn, cursor, statement, parameters, context, executemany) -> None:
        found = access.written_table(statement)
        if found is None:
            return
        who = conn.get_execution_options().get(WHO, access.NOBODY)
        reason = access.refusal(who, *found)
        if reason:
            raise AccessDeniedError(reason)
        actor = who.actor if who.audited else None
        if sqlite:
            conn.info[_ACTOR][0] = actor
        elif conn.info.get(_PG_ACTOR) != (actor,):
            cursor.execute("SELECT set_config('yeonsu.actor', %s, true), "
                           "set_config('yeonsu.audit', %s, true)",
                           (actor or "", "on" if actor is not None else "off"))
            conn.info[_PG_ACTOR] = (actor,)

    if not sqlite:
        @event.listens_for(engine, "begin")
        def _on_begin(conn) -> None:
            conn.info[_PG_ACTOR] = None     # set_config(…, true) ends with the transaction


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record) -> None:
        # the audit triggers' "who": set before each write by _before_write
        holder: list[str | None] = [access.NOBODY.actor]
        record.info[_ACTOR] = holder
        dbapi_connection.create_function("yeonsu_actor", 0, lambda: holder[0])
        # Let SQLAlchemy's "begin" hook below issue BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # a row's audit trigger makes each inserted row a statement SQLite may have to undo on
        # its own (a statement journal): kept in memory, not a temporary file per statement
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        mode = connection.get_execution_options().get("yeonsu_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_db_engine(url: str) -> Engine:
    """An engine for ``url`` with Yeonsu's connection settings."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _install_sqlite_hooks(engine)
        _install_access_hooks(engine, sqlite=True)
        return engine
    # An unreachable server must not hang a start or a close for the OS's TCP timeout.
    connect_args = {} if "connect_timeout" in url else {"connect_timeout": 10}
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    _install_access_hooks(engine, sqlite=False)
    return engine


# One statement both back ends know; the row is made by the first write (a copy or a restore
# brings its own).
_BUMP = text("INSERT INTO change_counter (id, value) VALUES (1, 1) "
             "ON CONFLICT (id) DO UPDATE SET value = change_counter.value + 1 RETURNING value")
_SET = text("INSERT INTO change_counter (id, value) VALUES (1, :value) "
            "ON CONFLICT (id) DO UPDATE SET value = :value")
#: ``session.info`` key: the counter value a committed write left (its own change)
CHANGE_COUNT = "yeonsu_change_count"


def count_change(session: Session) -> None:
    """Raise the change counter inside every write transaction, just before it commits.

    Other PCs (and other windows) watch the counter to reload stale screens.  It is taken
    last, after every other lock of the transaction, so it cannot be part of a deadlock.
    The value it reaches is left in ``session.info[CHANGE_COUNT]``, so the window that wrote
    can tell its own change from one made elsewhere.
    """
    session.info[CHANGE_COUNT] = session.execute(_BUMP).scalar()


def change_count(session: Session) -> int:
    """The change counter now (0 before the first write)."""
    return session.execute(text("SELECT value FROM change_counter WHERE id = 1")).scalar() or 0


#: ``session.info`` key: files written in the transaction whose audit row is in it
WRITTEN_FILES = "yeonsu_written_files"


def written_with(session: Session, path: Path) -> None:
    """``path`` was written in ``session``'s transaction: if it rolls back, the file goes too
    (a file of personal data never outlives its audit row)."""
    session.info.setdefault(WRITTEN_FILES, []).append(Path(path))


def _rolled_back(session: Session) -> None:
    session.rollback()
    for path in session.info.pop(WRITTEN_FILES, []):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove %s after a rollback", path)


def is_writing(session: Session) -> bool:
    """True for a session that commits (``session_scope``), False for a read."""
    return session.get_bind().get_execution_options().get("yeonsu_begin") == "IMMEDIATE"


@contextmanager
def _working_as(session: Session, **changes) -> Iterator[None]:
    """``session``'s connection works as its person with ``changes`` for the block (the engine
    hook and :func:`who_of` read the connection's own option)."""
    conn = session.connection()
    who = who_of(session)
    conn.execution_options(**{WHO: replace(who, **changes)})
    try:
        yield
    finally:
        conn.execution_options(**{WHO: who})


def recorded_as(session: Session, actor: str) -> None:
    """From here on this session's audit rows name ``actor`` (a login: the name being tried;
    roles stay as they were)."""
    session.connection().execution_options(**{WHO: replace(who_of(session), actor=actor)})


def announce_insert(session: Session, table: str) -> None:
    """Before rows go in by a path the engine hook cannot see (PostgreSQL's COPY on the
    driver's cursor): an INSERT of no rows on the same connection, so the role is checked and
    the audit triggers learn who is writing, exactly as for any other insert."""
    session.execute(text(f'INSERT INTO "{table}" SELECT * FROM "{table}" WHERE 1 = 0'))


def who_of(session: Session) -> access.Who:
    """The person a session works for (nobody in particular for a bare session)."""
    return session.connection().get_execution_options().get(WHO, access.NOBODY)


def unaudited_writes(session: Session):
    """Writes of ``session`` in this block leave no audit rows: loading the demo year is a data
    load, not someone's work (the caller records one row saying what it did)."""
    return _working_as(session, audited=False)


@contextmanager
def granted(session: Session, *roles: str) -> Iterator[None]:
    """Writes of ``session`` in this block may also touch what ``roles`` own: a service that
    has checked its own permission (관리자's retention erase of contact fields) writes into
    another role's tables; the trail still names the person."""
    user = who_of(session).user
    if user is None:
        yield
        return
    with _working_as(session, user=replace(user, roles=tuple(dict.fromkeys(user.roles + roles)))):
        yield


def keep_change_count_above(session: Session, value: int) -> None:
    """After a restore: never go back to a value open windows have already seen (the
    commit's own bump then makes it a change for all of them)."""
    if change_count(session) < value:
        session.execute(_SET, {"value": value})


@dataclass
class Database:
    """An open, up-to-date database and the session factories over it."""

    url: str
    engine: Engine
    #: whose work the sessions carry (``act_as``); at open: nobody logged in
    who: access.Who | None = None

    def __post_init__(self) -> None:
        if self.who is None:
            self.who = access.Who(actor=access.NOBODY.actor, accounts=self._has_accounts())
        self.act_as(self.who)

    def _has_accounts(self) -> bool:
        with self.engine.connect() as conn:
            try:
                return conn.execute(text("SELECT 1 FROM user_account LIMIT 1")).first() is not None
            except DBAPIError:      # an older schema being looked at (no accounts table yet)
                return False

    def act_as(self, who: access.Who) -> None:
        """From now on, sessions work as ``who``: their writes are checked against its roles
        and the audit trail names it."""
        self.who = who
        write = self.engine.execution_options(yeonsu_begin="IMMEDIATE", **{WHO: who})
        self._write = sessionmaker(write, expire_on_commit=False)
        event.listen(self._write, "before_commit", count_change)
        self._read = sessionmaker(self.engine.execution_options(**{WHO: who}),
                                  expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The file behind a SQLite database, else None."""
        return paths.sqlite_file(self.url) if self.is_sqlite else None

    @property
    def display_name(self) -> str:
        """Where the data lives, for the status bar (password hidden)."""
        path = self.sqlite_path
        return str(path) if path else self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """One unit of work: commit when the block ends, roll back everything on any error.

        A lock timeout, a deadlock or a lost server becomes a Korean :class:`UserError`.
        """
        with self._scope(self._write) as session:
            self._refresh_roles(session)
            yield session

    def _refresh_roles(self, session: Session) -> None:
        """The logged-in user's roles as they are now: a 관리자 who takes a role away, or turns
        an account off, does not wait for that user's window to close."""
        who = self.who
        if who.user is None:
            return
        row = session.execute(text("SELECT name, roles, active FROM user_account WHERE id = :i"),
                              {"i": who.user.id}).first()
        if row is None or not row.active or row.name != who.user.name:
            now = access.Who(actor=who.actor, accounts=True, gone=True)
        else:
            roles = tuple(r for r in (row.roles or "").split(",") if r)
            if roles == who.user.roles:
                return
            now = access.Who.signed_in(access.SignedIn(who.user.id, who.user.name, roles))
        session.connection().execution_options(**{WHO: now})
        self.act_as(now)

    @contextmanager
    def _scope(self, factory: sessionmaker) -> Iterator[Session]:
        session = factory()
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            _rolled_back(session)
            mapped = _user_facing(exc)
            if mapped is None:
                raise
            raise mapped from exc
        except BaseException:
            _rolled_back(session)
            raise
        finally:
            session.close()

    @contextmanager
    def bookkeeping_scope(self) -> Iterator[Session]:
        """A write the program does for itself whoever is working (the database's identity,
        made at the first backup): no role needed, still audited under the user's name."""
        factory = sessionmaker(self.engine.execution_options(
            yeonsu_begin="IMMEDIATE", **{WHO: access.Who(actor=self.who.actor)}),
            expire_on_commit=False)
        event.listen(factory, "before_commit", count_change)
        with self._scope(factory) as session:
            yield session

    @contextmanager
    def read_scope(self) -> Iterator[Session]:
        """A read-only unit of work (never commits; does not block writers)."""
        session = self._read()
        try:
            yield session
        except DBAPIError as exc:
            mapped = _user_facing(exc)
            if mapped is None:
                raise
            raise mapped from exc
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


# PostgreSQL SQLSTATEs meaning "another transaction was in the way": deadlock, lock not
# available, serialization failure.
_BUSY_SQLSTATES = frozenset({"40P01", "55P03", "40001"})


# SQLite's words for a file that is not a database or is damaged, and for one it may not write.
_DAMAGED = ("file is not a database", "database disk image is malformed", "malformed",
            "not a database", "disk i/o error")
_READ_ONLY = ("attempt to write a readonly database", "readonly database",
              "unable to open database file")


def _user_facing(exc: DBAPIError) -> UserError | None:
    """The Korean error for a driver error the user can act on, else None (a bug)."""
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)
    words = str(orig).lower()
    if sqlstate in _BUSY_SQLSTATES or "database is locked" in words:
        return DatabaseBusyError("다른 PC가 같은 자료를 저장하고 있어 이번 작업을 저장하지 못했습니다. "
                                 "입력한 내용은 그대로 있으니 잠시 후 다시 하십시오.",
                                 details=str(orig))
    if exc.connection_invalidated:
        return DatabaseError("데이터베이스 서버와 연결이 끊겼습니다. 네트워크를 확인한 뒤 다시 하십시오. "
                             "이번 작업은 저장되지 않았습니다.", details=str(orig))
    if not type(orig).__module__.startswith("sqlite3"):
        return None  # another driver's words ("malformed array literal") are a bug, not a file
    if any(w in words for w in _READ_ONLY):
        return DatabaseError("데이터베이스 파일에 쓸 수 없습니다 (읽기 전용이거나 폴더에 쓰기 권한이 "
                             "없습니다). 파일의 속성과 폴더 권한을 확인하십시오. 이번 작업은 저장되지 "
                             "않았습니다.", details=str(orig))
    if any(w in words for w in _DAMAGED):
        return DatabaseError("데이터베이스 파일이 손상되었거나 읽을 수 없습니다. 백업에서 복원하십시오 "
                             "(설정 → 백업). 이번 작업은 저장되지 않았습니다.", details=str(orig))
    return None


def _open_failure(url: str, exc: Exception) -> DatabaseError:
    """A short Korean reason for a database that cannot be opened; the driver's words go to the
    log and the details, never into the message."""
    log.warning("cannot open %s: %r", _redact(url), exc)
    details = f"{type(exc).__name__}: {exc}"
    parsed_sqlite = url.startswith("sqlite")
    words = str(getattr(exc, "orig", exc)).lower()
    if parsed_sqlite:
        where = url.split("///", 1)[-1]
        if any(w in words for w in _DAMAGED):
            return DatabaseError(f"파일이 데이터베이스가 아니거나 손상되었습니다 ({where}). "
                                 "다른 파일을 고르거나 백업에서 복원하십시오.", details=details)
        if any(w in words for w in _READ_ONLY):
            return DatabaseError(f"데이터베이스 파일을 열 수 없습니다 (읽기 전용이거나 권한이 "
                                 f"없습니다): {where}", details=details)
        return DatabaseError(f"데이터베이스 파일을 열 수 없습니다: {where}", details=details)
    return DatabaseError(f"데이터베이스 서버에 연결할 수 없습니다 ({_redact(url)}). 서버 주소, "
                         "사용자, 암호와 네트워크를 확인하십시오.", details=details)


def current_revision(engine: Engine) -> tuple[str | None, bool]:
    """(schema revision stamped in the database, whether it has any tables at all)."""
    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
        if "alembic_version" not in names:
            return None, bool(names)
        rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return rev, True


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy a SQLite database with the online backup API (consistent even while it is open).

    The copy is written to ``target.part`` and moved over ``target`` only when complete; on any
    failure the ``.part`` file is removed and ``target`` is left as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                # A standalone copy: fold the WAL in so the single file is complete.
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        shutil.move(str(tmp), str(target))
    finally:
        tmp.unlink(missing_ok=True)


def timestamp() -> str:
    """Second-resolution stamp for safety-copy names (unique names come from ``reserve_path``)."""
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def reserve_path(folder: Path, stem: str, suffix: str) -> Path:
    """Create and return a new empty file ``folder/stem[-N]suffix`` that did not exist before.

    The name is claimed with ``O_EXCL``, so two callers (threads, processes, two restores in one
    second) never get the same file: the second gets ``stem-2suffix``, then ``-3`` …
    """
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            n += 1
            continue
        os.close(fd)
        return path


def safety_copy(source: Path, folder: Path, stem: str) -> Path:
    """Copy the SQLite file ``source`` to a new, never-overwriting ``folder/stem….sqlite3``."""
    target = reserve_path(folder, stem, ".sqlite3")
    try:
        sqlite_copy(source, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def upgrade_to_head(engine: Engine) -> None:
    """Run the Alembic migrations up to the newest revision, in one transaction."""
    upgrade_to(engine, "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    """Run the Alembic migrations up to ``revision``, in one transaction."""
    from alembic import command  # imported here: only needed when the schema changes
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        if sqlite:
            # A batch migration rebuilds a table (copy, drop, rename); with foreign keys on,
            # dropping a table other rows point at fails on any database that has data.  They
            # are checked as a whole before the migration commits instead.  (The pragma only
            # works outside a transaction, so it goes to the driver before BEGIN.)
            raw.execute("PRAGMA foreign_keys = OFF")
            # a migration's own data changes are the program's, not someone's work (and a
            # bare engine — a backup's check copy — would not know the function at all)
            raw.create_function("yeonsu_actor", 0, lambda: None)
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
                audit_schema.install(conn)      # the triggers follow the tables as they are now
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseError(
                            "데이터베이스를 새 형식으로 올리지 못했습니다: 연결이 끊긴 자료가 있습니다. "
                            "파일은 바뀌지 않았습니다.", details=repr(broken[:10]))
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")
                holder = conn.info.get(_ACTOR)
                if holder is not None:           # the connection's own "who" again
                    raw.create_function("yeonsu_actor", 0, lambda: holder[0])


def open_database(db: str | Path | None = None, *, backup_folder: Path | None = None,
                  create: bool = True) -> Database:
    """Open (creating or upgrading as needed) the database named by ``db``.

    With ``create=False`` a SQLite file that does not exist is refused
    (:class:`DatabaseMissingError`) instead of being made, with its folders: a mistyped path
    must not look like an empty database.  Raises :class:`DatabaseError` with a Korean message
    when the database was made by a newer Yeonsu, is not a Yeonsu database, or cannot be reached.
    """
    try:
        url = database_url(db)
    except OSError as exc:  # the default file's data folder cannot be made
        raise DatabaseError(f"데이터 폴더를 만들 수 없습니다: {paths.data_dir(create=False)}",
                            details=str(exc)) from exc
    file = paths.sqlite_file(url)
    if file is not None:
        if file.is_dir():
            raise DatabaseError(f"폴더입니다. 데이터베이스 파일을 지정하십시오: {file}")
        if not file.exists():
            if not create:
                raise DatabaseMissingError(f"데이터베이스 파일이 없습니다 ({file})")
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"데이터베이스 폴더를 만들 수 없습니다: {file.parent}",
                                    details=str(exc)) from exc
    try:
        engine = create_db_engine(url)
        revision, has_tables = current_revision(engine)
    except Exception as exc:  # driver errors: unreachable server, unreadable file, bad URL
        raise _open_failure(url, exc) from exc

    if revision is None and has_tables:
        engine.dispose()
        raise DatabaseError(f"연수 프로그램의 데이터베이스가 아닙니다: {_redact(url)}")
    if revision is not None and revision not in KNOWN_REVISIONS:
        engine.dispose()
        raise DatabaseError(
            "이 데이터베이스는 더 새로운 버전의 연수 프로그램으로 만들어졌습니다 "
            f"(스키마 {revision}). 프로그램을 최신 버전으로 업데이트한 뒤 여십시오.")
    if revision != HEAD_REVISION:
        if revision is not None and engine.dialect.name == "sqlite":
            path = Path(engine.url.database)
            folder = backup_folder or local_config.backup_folder()
            try:
                safety_copy(path, folder, f"before-upgrade-{revision}-{timestamp()}")
            except (OSError, sqlite3.Error) as exc:
                engine.dispose()
                raise DatabaseError(f"형식을 올리기 전에 백업을 만들 수 없어 열지 않았습니다: "
                                    f"{folder}", details=str(exc)) from exc
        try:
            upgrade_to_head(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise (_user_facing(exc) or _open_failure(url, exc)) from exc
        log.info("schema of %s: %s -> %s", _redact(url), revision or "(new)", HEAD_REVISION)
    else:
        _ensure_trail(engine, url)
    log.info("database opened: %s", _redact(url))
    return Database(url, engine)


def _ensure_trail(engine: Engine, url: str) -> None:
    """Put back audit triggers an outside tool removed (the check is one count)."""
    try:
        with engine.begin() as conn:
            if audit_schema.ensure(conn):
                log.warning("audit triggers of %s were missing and were re-created", _redact(url))
    except DBAPIError as exc:    # a read-only file: it cannot be written either
        log.info("audit triggers of %s not checked: %s", _redact(url), exc)


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
