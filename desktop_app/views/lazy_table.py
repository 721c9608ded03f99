"""A table model over a list of ids whose rows are fetched in pages as the view asks for them.

The id query runs in SQL with the current sort and filter; only the pages a view paints are
loaded (and at most ``MAX_PAGES`` are kept), so a table over 200,000 trainees scrolls without
loading them all.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QBrush

from .i18n import tr

RowT = TypeVar("RowT")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[RowT]):
    """One column: header, how to show a row, and the SQL sort key (None: not sortable).

    ``title`` stays the Korean source text; the models translate it in ``headerData``.
    """

    title: str
    value: Callable[[Any], Any]
    sort_key: str | None = None
    align_right: bool = False
    tooltip: Callable[[Any], str] | None = None


def display(value: Any) -> str:
    """How plain values look in a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return tr("예") if value else ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


_MUTED = QBrush(QColor("#8a8a8a"))


class IdTableModel(QAbstractTableModel, Generic[RowT]):
    """Rows are ids from ``query_ids(sort_key, ascending)``; data from ``load_rows(ids)``."""

    PAGE_SIZE = 100
    MAX_PAGES = 40

    def __init__(self, columns: Sequence[Column], query_ids: Callable[[str, bool], list[int]],
                 load_rows: Callable[[list[int]], list[RowT]], parent=None,
                 default_sort: str = "", muted: Callable[[RowT], bool] | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._query_ids = query_ids
        self._load_rows = load_rows
        self._sort_key = default_sort or next((c.sort_key for c in columns if c.sort_key), "")
        self._ascending = True
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[RowT]] = OrderedDict()
        self._muted = muted
        self._loaded = False
        self._stale_sort = False

    # ------------------------------------------------------------ Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return tr(self._columns[section].title)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._ids):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return _MUTED if self._muted is not None and self._muted(row) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else None
        return display(column.value(row))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns) or not self._columns[column].sort_key:
            return
        key, ascending = self._columns[column].sort_key, order == Qt.SortOrder.AscendingOrder
        if (key, ascending) == (self._sort_key, self._ascending) and not self._stale_sort:
            return
        self._sort_key, self._ascending = key, ascending
        # Before the first load (views sort while they are set up) only remember the order.
        self._stale_sort = not self._loaded
        if self._loaded:
            self.reload()

    # ------------------------------------------------------------ ours

    def export_reader(self, columns: Sequence[int]) -> Callable[[], list[list[str]]]:
        """A function giving every row's shown text for ``columns``, safe to call on a worker
        thread: it reads the rows itself (500 at a time), not through the view's pages."""
        ids, load, chosen = list(self._ids), self._load_rows, [self._columns[c] for c in columns]

        def read() -> list[list[str]]:
            out = []
            for start in range(0, len(ids), 500):
                for row in load(ids[start:start + 500]):
                    out.append([display(c.value(row)) for c in chosen])
            return out
        return read

    def reload(self) -> None:
        """Run the id query again (after a filter change, a sort or a save)."""
        ids = self._query_ids(self._sort_key, self._ascending)
        self._loaded, self._stale_sort = True, False
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self.endResetModel()

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of_id(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> RowT | None:
        """The dataclass of a row, loading its page if needed."""
        if not 0 <= row < len(self._ids):
            return None
        page = row // self.PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            start = page * self.PAGE_SIZE
            ids = self._ids[start:start + self.PAGE_SIZE]
            loaded = {self._row_id(r): r for r in self._load_rows(ids)}
            rows = [loaded.get(i) for i in ids]
            self._pages[page] = rows
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows[row % self.PAGE_SIZE]

    @staticmethod
    def _row_id(row: Any) -> int:
        return row.id

    def loaded_row_count(self) -> int:
        """Rows held in memory now (never all of a large table)."""
        return sum(len(p) for p in self._pages.values())

    def ids(self) -> list[int]:
        return list(self._ids)


class ListTableModel(QAbstractTableModel, Generic[RowT]):
    """A small read-only table over a list of dataclasses (runs of a course, history …)."""

    def __init__(self, columns: Sequence[Column], parent=None,
                 muted: Callable[[RowT], bool] | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[RowT] = []
        self._muted = muted

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_rows()
        self.endResetModel()

    _sorted_by: tuple[int, bool] | None = None  # (column, descending) once a view sorted

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in memory (these lists are small); empty cells last either way."""
        if not 0 <= column < len(self._columns):
            return
        self.beginResetModel()
        self._sorted_by = (column, order == Qt.SortOrder.DescendingOrder)
        self._sort_rows()
        self.endResetModel()

    def _sort_rows(self) -> None:
        if self._sorted_by is None:
            return
        column, descending = self._sorted_by
        value = self._columns[column].value
        present = [r for r in self._rows if value(r) not in (None, "")]
        empty = [r for r in self._rows if value(r) in (None, "")]
        present.sort(key=value, reverse=descending)
        self._rows = present + empty

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def row_at(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._columns)):
            return tr(self._columns[section].title)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = self._columns[index.column()]
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column.value(row))
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and self._muted is not None and self._muted(row):
            return _MUTED
        return None
