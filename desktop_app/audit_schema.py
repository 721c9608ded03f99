"""The audit trail in the database itself: a trigger on every table writes who, when, which
record and the fields before and after into ``audit_log``, in the same transaction as the
change (a rolled-back change leaves no row; nothing writes around it, whatever the code path).

Who: SQLite calls ``yeonsu_actor()``, a function every connection of the program defines (an
outside tool that lacks it cannot write at all); PostgreSQL reads ``yeonsu.actor``, set at the
first write of each transaction (see :mod:`desktop_app.db`).  Fields that carry personal data
are recorded only as "(개인정보)" — whether they changed, never the value — so an erased phone
number does not live on in the trail.

The trail is append-only: a trigger refuses UPDATE and DELETE on it on both databases (and
TRUNCATE on PostgreSQL, where the program's role also loses those privileges).

:func:`install` (re)creates every trigger from the tables as they are; the upgrade runs it
after every migration, so a migration that changes a table's columns needs nothing more.
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from .access import APPEND_ONLY, TRAIL_REFUSED

TABLE = APPEND_ONLY
NOT_AUDITED = frozenset({TABLE, "alembic_version", "change_counter"})
SECRET = "(개인정보)"
SECRET_CHANGED = "(개인정보·새 값)"
#: columns whose values never enter the trail
SENSITIVE: dict[str, tuple[str, ...]] = {
    "person": ("birth_date", "neis_no", "phone", "email"),
    "person_merge": ("snapshot",),
    "certificate": ("snapshot",),
    "instructor": ("bank_account",),
    "rental": ("contact_phone",),
    "user_account": ("password_hash",),
}
ACTIONS = {"INSERT": "추가", "UPDATE": "수정", "DELETE": "삭제"}
REFUSED = TRAIL_REFUSED


def install(conn: Connection) -> None:
    """Create (or re-create) the audit triggers of every table ``conn`` sees."""
    seen = inspect(conn)
    names = seen.get_table_names()
    if TABLE not in names:
        return
    tables = {name: seen.get_columns(name) for name in _audited(names)}
    keys = {name: (seen.get_pk_constraint(name)["constrained_columns"] or ["id"])[0]
            for name in tables}
    if conn.dialect.name == "sqlite":
        _install_sqlite(conn, tables, keys)
    else:
        _install_postgres(conn, tables, keys)


def _audited(names: list[str]) -> list[str]:
    return [n for n in names if n not in NOT_AUDITED]


def _expected_triggers(conn: Connection, names: list[str]) -> int:
    """How many audit triggers these tables should have (SQLite: three a table; PostgreSQL:
    one a table; two keep the trail itself)."""
    per_table = 3 if conn.dialect.name == "sqlite" else 1
    return per_table * len(_audited(names)) + 2


def _present_triggers(conn: Connection) -> int:
    """How many audit triggers there are."""
    if conn.dialect.name == "sqlite":
        return conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name LIKE 'audit\\_%' ESCAPE '\\'").scalar()
    return conn.exec_driver_sql(
        "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
        "AND t.tgname IN ('audit_row', 'audit_keep', 'audit_keep_all')").scalar()


def ensure(conn: Connection) -> bool:
    """Re-create the triggers when some are missing (a file an outside tool changed, a copy
    restored from one); True when it had to."""
    names = inspect(conn).get_table_names()
    if TABLE not in names or _present_triggers(conn) == _expected_triggers(conn, names):
        return False
    install(conn)
    return True


def _sqlite_json(columns: list[dict], row: str, table: str, other: str | None = None) -> str:
    secret = SENSITIVE.get(table, ())
    parts = []
    for col in columns:
        name = col["name"]
        value = f'{row}."{name}"'
        if name in secret:
            marker = f"'{SECRET}'"
            if other is not None:       # the new value of an UPDATE: say whether it changed
                marker = (f"CASE WHEN {value} IS {other}.\"{name}\" THEN '{SECRET}' "
                          f"ELSE '{SECRET_CHANGED}' END")
            value = f"CASE WHEN {value} IS NULL THEN NULL ELSE {marker} END"
        parts.append(f"'{name}', {value}")
    return f"json_object({', '.join(parts)})"


def _install_sqlite(conn: Connection, tables: dict[str, list[dict]], keys: dict[str, str]) -> None:
    existing = [r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit\\_%' "
        "ESCAPE '\\'")]
    for name in existing:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    now = "strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime')"
    for table, columns in tables.items():
        key = keys[table]
        for op, action in ACTIONS.items():
            row = "OLD" if op == "DELETE" else "NEW"
            before = "NULL" if op == "INSERT" else _sqlite_json(columns, "OLD", table)
            after = ("NULL" if op == "DELETE" else
                     _sqlite_json(columns, "NEW", table, "OLD" if op == "UPDATE" else None))
            conn.exec_driver_sql(
                f'CREATE TRIGGER "audit_{table}_{op.lower()}" AFTER {op} ON "{table}" '
                f"WHEN yeonsu_actor() IS NOT NULL BEGIN "
                f"INSERT INTO {TABLE} (at, actor, action, table_name, record_id, before, after) "
                f"VALUES ({now}, yeonsu_actor(), '{action}', '{table}', "
                f'CAST({row}."{key}" AS TEXT), {before}, {after}); END')
    for op in ("UPDATE", "DELETE"):
        conn.exec_driver_sql(
            f'CREATE TRIGGER "audit_{TABLE}_keep_{op.lower()}" BEFORE {op} ON {TABLE} '
            f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END")


_PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION yeonsu_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    b jsonb;
    a jsonb;
    k text;
    i int;
BEGIN
    IF current_setting('yeonsu.audit', true) = 'off' THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN b := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN a := to_jsonb(NEW); END IF;
    FOR i IN 1 .. TG_NARGS - 1 LOOP
        k := TG_ARGV[i];
        IF b IS NOT NULL AND b->>k IS NOT NULL THEN
            b := jsonb_set(b, ARRAY[k], '"{SECRET}"');
        END IF;
        IF a IS NOT NULL AND a->>k IS NOT NULL THEN
            IF TG_OP = 'UPDATE' AND (to_jsonb(OLD)->k) IS NOT DISTINCT FROM (to_jsonb(NEW)->k) THEN
                a := jsonb_set(a, ARRAY[k], '"{SECRET}"');
            ELSE
                a := jsonb_set(a, ARRAY[k], to_jsonb(CASE WHEN TG_OP = 'UPDATE'
                                                     THEN '{SECRET_CHANGED}' ELSE '{SECRET}' END));
            END IF;
        END IF;
    END LOOP;
    INSERT INTO {TABLE} (at, actor, action, table_name, record_id, before, after)
    VALUES (LOCALTIMESTAMP(0),
            COALESCE(NULLIF(current_setting('yeonsu.actor', true), ''), session_user),
            CASE TG_OP WHEN 'INSERT' THEN '추가' WHEN 'UPDATE' THEN '수정' ELSE '삭제' END,
            TG_TABLE_NAME, COALESCE(a, b)->>TG_ARGV[0], b::text, a::text);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION yeonsu_audit_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSED}';
END $$;
"""


def _install_postgres(conn: Connection, tables: dict[str, list[dict]],
                      keys: dict[str, str]) -> None:
    conn.exec_driver_sql(_PG_FUNCTIONS)
    for table in tables:
        args = ", ".join(f"'{a}'" for a in (keys[table], *SENSITIVE.get(table, ())))
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS audit_row ON "{table}"')
        conn.exec_driver_sql(
            f'CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION yeonsu_audit({args})")
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS audit_keep ON {TABLE}")
    conn.exec_driver_sql(f"CREATE TRIGGER audit_keep BEFORE UPDATE OR DELETE ON {TABLE} "
                         "FOR EACH ROW EXECUTE FUNCTION yeonsu_audit_keep()")
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS audit_keep_all ON {TABLE}")
    conn.exec_driver_sql(f"CREATE TRIGGER audit_keep_all BEFORE TRUNCATE ON {TABLE} "
                         "FOR EACH STATEMENT EXECUTE FUNCTION yeonsu_audit_keep()")
    # the program's own role: append only (a superuser is not bound by privileges; the
    # triggers above still refuse it)
    conn.exec_driver_sql(f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM CURRENT_USER")
