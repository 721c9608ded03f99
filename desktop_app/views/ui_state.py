"""Window geometry and column widths, remembered per PC in an INI file in the data folder."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QSplitter, QTableView, QWidget

from .. import paths


def settings() -> QSettings:
    # Never fails: QSettings only writes when it can (a data folder that cannot be made means
    # the window forgets its size, not that the program stops).
    return QSettings(str(paths.data_dir(create=False) / "ui.ini"), QSettings.Format.IniFormat)


def restore_geometry(widget: QWidget, key: str) -> bool:
    value = settings().value(f"geometry/{key}")
    return isinstance(value, QByteArray) and widget.restoreGeometry(value)


def save_geometry(widget: QWidget, key: str) -> None:
    settings().setValue(f"geometry/{key}", widget.saveGeometry())


def restore_header(view: QTableView, key: str) -> bool:
    value = settings().value(f"columns/{key}")
    return isinstance(value, QByteArray) and view.horizontalHeader().restoreState(value)


def save_header(view: QTableView, key: str) -> None:
    settings().setValue(f"columns/{key}", view.horizontalHeader().saveState())


def restore_splitter(splitter: QSplitter, key: str) -> None:
    value = settings().value(f"splitters/{key}")
    if isinstance(value, QByteArray):
        splitter.restoreState(value)


def save_splitter(splitter: QSplitter, key: str) -> None:
    settings().setValue(f"splitters/{key}", splitter.saveState())


def setup_table(view: QTableView, key: str, widths: dict[int, int] | None = None,
                sortable: bool = False) -> None:
    """Common look of data tables; column widths come back from the last session."""
    view.setObjectName(key)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    view.setSortingEnabled(sortable)
    if not restore_header(view, key):
        for column, width in (widths or {}).items():
            view.setColumnWidth(column, width)
