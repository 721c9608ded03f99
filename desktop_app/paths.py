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


def data_dir() -> Path:
    """The per-user folder for the database, backups and local settings (created on demand)."""
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
