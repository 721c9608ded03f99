"""Where Yeonsu keeps its files on this PC, without Qt.

The GUI and the CLI must agree on the default database, so the location is computed here in plain
Python.  It matches what Qt calls ``AppLocalDataLocation``: ``%LOCALAPPDATA%\\Yeonsu`` on Windows,
``~/Library/Application Support/Yeonsu`` on macOS and ``$XDG_DATA_HOME/Yeonsu`` elsewhere.
``YEONSU_HOME`` overrides it (tests and portable installs use this).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Yeonsu"
DB_FILENAME = "yeonsu.sqlite3"


def data_dir(create: bool = True) -> Path:
    """The per-user folder for the database, backups and local settings (created on demand;
    ``create=False`` only names it, for messages that must not fail)."""
    override = os.environ.get("YEONSU_HOME")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_NAME
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".local" / "share") / APP_NAME
    if create:
        base.mkdir(parents=True, exist_ok=True)
    return base


def default_db_path() -> Path:
    """The SQLite file used when no ``--db`` is given and no other location was chosen."""
    return data_dir() / DB_FILENAME


def backup_dir() -> Path:
    """Folder of automatic and pre-upgrade backups."""
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The ``resources/`` folder, in a source checkout or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def sqlite_file(location: str | os.PathLike | None) -> Path | None:
    """The file a ``--db`` value names: a path, a ``sqlite:///`` URL or None (the default file).

    None for a server URL or an in-memory database.  Plain string work, so the start-up can
    ask about a missing file before the database stack is imported.
    """
    if location is None or str(location).strip() == "":
        return default_db_path()
    value = str(location).strip()
    if "://" not in value:
        return _resolved(value)
    scheme, _, rest = value.partition("://")
    if scheme.split("+")[0] != "sqlite":
        return None
    name = rest[1:] if rest.startswith("/") else rest  # sqlite:///rel or sqlite:////abs
    name = name.split("?")[0]
    if name.startswith("file:"):  # sqlite:///file:PATH?mode=ro&uri=true
        name = name[len("file:"):]
    if not name or name == ":memory:":
        return None
    return _resolved(name)


def _resolved(name: str) -> Path:
    """An absolute path; a name Python cannot expand (``~nosuchuser``, characters Windows
    refuses) stays as typed, so opening it fails later with a Korean message."""
    try:
        return Path(name).expanduser().resolve()
    except (RuntimeError, OSError, ValueError):
        return Path(name)


def database_exists(location: str | os.PathLike | None) -> bool:
    """False only for a SQLite file that is not there (a server is assumed to exist)."""
    path = sqlite_file(location)
    return path is None or path.is_file()


def log_dir(create: bool = True) -> Path:
    """Folder of the rotating log files."""
    path = data_dir(create) / "logs"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path
