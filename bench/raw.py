"""The bare library as a floor: a plain ``sqlite3`` connection to a Yeonsu file.

The program's audit triggers call ``yeonsu_actor()``, which only the program's own connections
define; a floor connection defines it to say "not audited", so it measures the bare statement.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect(path: str | Path) -> sqlite3.Connection:
    """A bare connection whose writes leave no audit rows."""
    conn = sqlite3.connect(path)
    conn.create_function("yeonsu_actor", 0, lambda: None)
    return conn
