"""Ask where to save a workbook, then write it from a read of the database in the background."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from .context import AppContext
from .file_dialogs import EXCEL_FILTER, FileChooser
from .messages import show_error
from .tasks import run_task


def save_in_background(parent: QWidget, context: AppContext, title: str, suggested: Path,
                       write: Callable[[Any, Path], Any], done: Callable[[Any], None]):
    """``write(session, path)`` in a ``run_task`` once the user chose a file; ``done(result)``
    after, a refusal shown.  Returns the task, or None when the user closed the file dialog."""
    chosen = FileChooser.save_path(parent, title, str(suggested), EXCEL_FILTER)
    if chosen is None:
        return None
    database = context.database

    def work(_progress):
        with database.read_scope() as session:
            return write(session, Path(chosen))

    return run_task(parent, title, work, done, lambda exc: show_error(parent, exc))
