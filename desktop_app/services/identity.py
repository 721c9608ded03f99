"""Which database is this: a stable id, so backups of different databases never mix.

Every database gets a random id the first time it is backed up (``ensure_identity``), kept in
the shared ``app_setting`` table under ``database_id`` (a JSON object with the id and the label
the database had then).  Because the id lives inside the data, every backup file carries it:
a SQLite backup can be asked directly (``identity_in_sqlite_file``), a pg_dump archive through
``pg_restore`` (the backup service does that).

The backups of one database live in ``<backup folder>/<label>-<first 8 of the id>/`` where the
label is where the database is now (the SQLite file's name, or server-database).  Both parts
matter: the id keeps two databases that happen to share a file name apart, and the label keeps
two copies of one file (same id, different names) from sharing one daily backup.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from ..db import Database
from ..errors import UserError
from ..models import Setting

KEY = "database_id"
SHORT = 8
_UNSAFE = re.compile(r"[^\w.-]+")  # \w keeps Hangul: a label may be a Korean file name


@dataclass(frozen=True)
class DatabaseIdentity:
    """A database's id (a UUID in hex) and the readable label it had when the id was made."""

    id: str
    label: str

    @property
    def short(self) -> str:
        """The first characters of the id, as shown to users and in folder names."""
        return self.id[:SHORT]

    def describe(self) -> str:
        """``yeonsu (1a2b3c4d)``: how messages and the backup list name the database."""
        return f"{self.label} ({self.short})"


def location_label(database: Database) -> str:
    """Where the database is, in a few characters fit for a folder name."""
    if database.sqlite_path is not None:
        raw = database.sqlite_path.stem
    else:
        url = make_url(database.url)
        raw = f"{url.host or 'localhost'}-{url.database or ''}"
    label = _UNSAFE.sub("_", raw).strip("._-")[:40]
    return label or "db"


def decode(value: str | None) -> DatabaseIdentity | None:
    """An identity from the text stored under ``database_id`` (also as read from a backup
    file); None when it is missing or not what this module writes."""
    if not value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None
    if not re.fullmatch(r"[0-9a-f]{32}", data["id"]):
        return None
    label = data.get("label") if isinstance(data.get("label"), str) else ""
    return DatabaseIdentity(data["id"], label or "db")


def _encode(identity: DatabaseIdentity) -> str:
    return json.dumps({"id": identity.id, "label": identity.label}, ensure_ascii=False)


def read_identity(database: Database) -> DatabaseIdentity | None:
    """The database's identity, or None when it has none yet (never backed up)."""
    with database.read_scope() as session:
        row = session.get(Setting, KEY)
        return decode(row.value) if row is not None else None


def ensure_identity(database: Database) -> DatabaseIdentity:
    """The database's identity, made and stored now if it has none."""
    found = read_identity(database)
    if found is not None:
        return found
    identity = DatabaseIdentity(uuid.uuid4().hex, location_label(database))
    try:
        set_identity(database, identity)
    except IntegrityError:  # another PC on the same server made one at the same moment
        found = read_identity(database)
        if found is None:
            raise
        return found
    except UserError:
        # Read-only (a file on a CD, a locked share): it can still be backed up, under an id
        # that stays the same for this place, since none can be stored in it.
        return DatabaseIdentity(uuid.uuid5(uuid.NAMESPACE_URL, database.url).hex,
                                location_label(database))
    return identity


def set_identity(database: Database, identity: DatabaseIdentity) -> None:
    """Store ``identity`` as the database's own (a restore puts the live one back with it)."""
    with database.bookkeeping_scope() as session:
        row = session.get(Setting, KEY)
        if row is None:
            session.add(Setting(key=KEY, value=_encode(identity)))
        elif row.value != _encode(identity):
            row.value = _encode(identity)


def folder_for(database: Database, root: Path, identity: DatabaseIdentity | None = None) -> Path:
    """This database's own backup folder under ``root`` (named, not created)."""
    identity = identity or ensure_identity(database)
    return Path(root) / f"{location_label(database)}-{identity.short}"


def identity_in_sqlite_file(path: Path) -> DatabaseIdentity | None:
    """The identity stored in a SQLite database or backup file; None when it has none or the
    file cannot be read (read-only: the file is not changed)."""
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM app_setting WHERE key = ?", (KEY,)).fetchone()
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return None
    return decode(row[0]) if row else None
