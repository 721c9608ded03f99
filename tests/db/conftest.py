"""Fixtures of the database and command tests."""

import shutil

import pytest


@pytest.fixture
def db_path(tmp_path, sqlite_template) -> str:
    """A fresh, migrated SQLite file, by path (what the commands are given)."""
    path = tmp_path / "cli.sqlite3"
    shutil.copy(sqlite_template, path)
    return str(path)
