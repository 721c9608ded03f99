"""SQL over a whole file's worth of values at once (a 20,000-row trainee list): finding rows
by a list of values (:func:`value_table`, :func:`in_values`) and inserting them
(:func:`insert_rows`).

``IN (…)`` with the values as parameters, 500 at a time, costs SQLAlchemy a few microseconds
per value to expand and bind, and SQLite cannot search an index with a list of (name, birth
date) pairs: each chunk scans the whole person index (4 s for 20,000 pairs among 200,000
people).  Here a list travels as ONE JSON text parameter and the database unpacks it into a
table of rows — ``json_each`` on SQLite, ``json_array_elements`` on PostgreSQL — which the
query joins, so every value is found by its index and the binding is one ``json.dumps``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (JSON, String, Table, Text, bindparam, cast, func, insert, literal_column,
                        select, type_coerce)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause
from sqlalchemy.types import TypeEngine

from ..db import announce_insert


@dataclass(frozen=True)
class ValueTable:
    """A list of rows as a table in a statement: join ``table`` on ``columns``."""

    table: FromClause
    columns: tuple[ColumnElement[Any], ...]


def value_table(session: Session, types: Sequence[TypeEngine], rows: Iterable[Sequence[Any]]
                ) -> ValueTable:
    """``rows`` (tuples of Python values, one per type) as a table for ``session``'s database.

    Each value is put in the JSON the way the database stores it (the dialect's own bind
    conversion: SQLite keeps a date as ``'1980-03-05'``), so the unpacked text compares equal
    to the stored one; on PostgreSQL each column is cast to its type.
    """
    dialect = session.get_bind().dialect
    convert = [t.dialect_impl(dialect).bind_processor(dialect) for t in types]
    by_column = list(zip(*rows)) or [() for _t in types]  # converted a column at a time
    if len(by_column) != len(types):
        raise ValueError(f"rows of {len(by_column)} values for {len(types)} types")
    by_column = [list(map(c, values)) if c else values for c, values in zip(convert, by_column)]
    # one column: a flat array, nothing to extract per element
    data = list(by_column[0]) if len(types) == 1 else list(zip(*by_column))
    param = bindparam(None, json.dumps(data, ensure_ascii=False, default=_json_value),
                      type_=Text())
    if dialect.name == "postgresql":
        unpack = func.json_array_elements_text if len(types) == 1 else func.json_array_elements
        table = unpack(cast(param, JSON)).table_valued("value")
        texts = [table.c.value] if len(types) == 1 else [
            table.c.value.op("->>")(literal_column(str(i))) for i in range(len(types))]
        columns = [t if isinstance(ty, String) else cast(t, ty) for t, ty in zip(texts, types)]
    else:
        table = func.json_each(param).table_valued("value")
        texts = [table.c.value] if len(types) == 1 else [
            func.json_extract(table.c.value, f"$[{i}]") for i in range(len(types))]
        columns = [type_coerce(t, ty) for t, ty in zip(texts, types)]
    return ValueTable(table, tuple(columns))


def in_values(session: Session, column: ColumnElement[Any], values: Iterable[Any]
              ) -> ColumnElement[bool]:
    """``column IN (values)`` with the values as one parameter (:func:`value_table`)."""
    wanted = value_table(session, [column.type], ((v,) for v in values))
    return column.in_(select(wanted.columns[0]).select_from(wanted.table))


def _json_value(value: Any) -> Any:
    if isinstance(value, date):  # PostgreSQL's driver takes dates as they are; JSON cannot
        return value.isoformat()
    raise TypeError(f"not a JSON value: {value!r}")


def insert_rows(session: Session, table: Table, columns: Sequence[str],
                rows: Sequence[Sequence[Any]], *, returning_ids: bool = False) -> list[int]:
    """INSERT ``rows`` (tuples in ``columns`` order) into ``table``; with ``returning_ids``,
    the new ids in the order of ``rows`` (else ``[]``).

    Every column with a default in Python must be given: these statements do not run the
    models' defaults, and a column silently left NULL would be worse than this error.
    SQLAlchemy's own executemany makes and processes a parameter dict per row, which costs
    more than the insert; so the rows go to the driver as they are (:func:`_insert_sqlite`,
    :func:`_insert_psycopg`), and only another driver takes SQLAlchemy's batched
    ``INSERT … VALUES … RETURNING``.
    """
    missing = [c.name for c in table.columns
               if c.default is not None and c.name not in columns]
    if missing:
        raise ValueError(f"{table.name}: give {', '.join(missing)} (their defaults are not run)")
    if not rows:
        return []
    dialect = session.get_bind().dialect
    if dialect.name == "sqlite":
        return _insert_sqlite(session, table, columns, rows, returning_ids)
    if dialect.driver == "psycopg":
        return _insert_psycopg(session, table, columns, rows, returning_ids)
    values = [dict(zip(columns, row, strict=True)) for row in rows]
    if returning_ids:
        return list(session.scalars(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), values))
    session.execute(insert(table), values)
    return []


def _insert_sqlite(session: Session, table: Table, columns: Sequence[str],
                   rows: Sequence[Sequence[Any]], returning_ids: bool) -> list[int]:
    """One statement over a JSON array, each column's values converted as the dialect
    stores them, a distinct value once (a file's rows share their time stamp).  The new ids
    are the ones after the old largest: under the writing transaction's ``BEGIN IMMEDIATE``
    nobody else inserts, so they are ours, in order (checked)."""
    dialect = session.get_bind().dialect
    by_column = list(zip(*rows))
    for i, name in enumerate(columns):
        convert = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            stored = {value: convert(value) for value in set(by_column[i])}
            by_column[i] = list(map(stored.__getitem__, by_column[i]))
    quote = dialect.identifier_preparer.quote
    # ONE statement over the rows as a JSON array, not an executemany: every table has an
    # audit trigger, and each statement that fires one pays for a statement journal of its
    # own (four times the insert itself, row by row)
    picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
           f"SELECT {picks} FROM json_each(?) ORDER BY key")
    before = (session.scalar(select(func.max(table.c.id))) or 0) if returning_ids else 0
    session.connection().exec_driver_sql(
        sql, (json.dumps(list(zip(*by_column)), ensure_ascii=False, default=_json_value),))
    if not returning_ids:
        return []
    # SQLite gives each new row the largest id so far + 1: ours are the next len(rows) ids,
    # in order.  Counted rather than fetched (fetching 20,000 ids cost more than this check).
    count, first, last = session.execute(
        select(func.count(), func.min(table.c.id), func.max(table.c.id))
        .where(table.c.id > before)).one()
    if (count, first, last) != (len(rows), before + 1, before + len(rows)):
        raise RuntimeError(f"{table.name}: {len(rows)} rows inserted after id {before}, "
                           f"found {count} from {first} to {last}")
    return list(range(before + 1, before + len(rows) + 1))


def _insert_psycopg(session: Session, table: Table, columns: Sequence[str],
                    rows: Sequence[Sequence[Any]], returning_ids: bool) -> list[int]:
    """PostgreSQL's ``COPY … FROM STDIN``, the rows streamed by psycopg.  The ids are taken
    from the table's sequence first, as many as rows, and given with them (other PCs taking
    ids meanwhile only leave gaps).  SQLAlchemy's batched ``INSERT … VALUES`` spent seconds
    in psycopg parsing statements of thousands of bound parameters, each batch a new one."""
    announce_insert(session, table.name)     # roles and the audit's "who" (COPY is unseen)
    if returning_ids:
        ids = sorted(session.scalars(
            select(func.nextval(func.pg_get_serial_sequence(table.name, "id")))
            .select_from(func.generate_series(1, len(rows)))))
        columns = ("id", *columns)
        rows = [(new_id, *row) for new_id, row in zip(ids, rows, strict=True)]
    quote = session.get_bind().dialect.identifier_preparer.quote
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        with cursor.copy(f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
                         "FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()
    return ids if returning_ids else []
