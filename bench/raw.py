"""What the measurements share: a scratch database made and removed around one measurement,
and the bare library as a floor — a plain ``sqlite3`` connection to the same file.

The program's audit triggers call ``yeonsu_actor()``, which only the program's own connections
define; a floor connection defines it to say "not audited", so it measures the bare statement.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def connect(path: str | Path) -> sqlite3.Connection:
    """A bare connection whose writes leave no audit rows."""
    conn = sqlite3.connect(path)
    conn.create_function("yeonsu_actor", 0, lambda: None)
    return conn


@contextmanager
def scratch_database(prefix: str) -> Iterator[tuple[Path, object]]:
    """(folder, database) of a new database in a temporary folder, both gone afterwards."""
    from desktop_app.db import open_database

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    database = open_database(folder / "bench.sqlite3")
    try:
        yield folder, database
    finally:
        database.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def bare_query_ms(path: Path, sql: str, median_ms: Callable, repeat: int) -> float:
    """The median time of ``sql`` on a bare connection to ``path`` (the floor)."""
    raw = connect(path)
    try:
        return median_ms(lambda: raw.execute(sql).fetchall(), repeat)
    finally:
        raw.close()
