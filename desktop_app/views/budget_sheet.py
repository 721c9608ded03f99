"""A small spreadsheet for the budget: type in a cell, move with the arrow keys and Enter, copy
and paste blocks to and from Excel (tab-separated text), Delete empties the chosen cells, and
Ctrl+Z / Ctrl+Y undo and redo.  Amounts show in 천원 with thousands separators.

The sheet keeps no data of its own: a change goes to ``save(edits, versions)`` (the page
writes it through the service in one session and reads the plan again), and an undo is the same
kind of change with the old texts.  Each change remembers the versions of the records it left,
so undoing over another PC's later change is refused, not a silent overwrite; a refused change
is not put on the undo stack, and a refused undo or redo drops that step.
"""

from __future__ import annotations

from functools import cache

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer,
                            Signal)
from PySide6.QtGui import (QBrush, QColor, QFont, QGuiApplication, QKeySequence, QShortcut,
                           QUndoCommand, QUndoStack)
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QLineEdit, QTableView,
                               QWidget)

from .i18n import tr

Index = QModelIndex | QPersistentModelIndex
TOTAL_BRUSH = QBrush(QColor("#EEF1F5"))
WRONG_BRUSH = QBrush(QColor("#F8D7D5"))
WATCH_BRUSH = QBrush(QColor("#FFF0C2"))


@cache
def _bold() -> QFont:
    """The 계 rows' font, made once (data() is asked for it on every paint)."""
    font = QFont()
    font.setBold(True)
    return font


@dataclass(frozen=True)
class SheetColumn:
    """A column: title, the row's text, whether it is typed (``key``) or computed, alignment."""

    title: str
    text: Callable[[Any], str]
    key: str | None = None           # the service's field key; None: computed, not typed
    amount: bool = False             # right-aligned
    width: int = 80


@dataclass(frozen=True)
class SheetRow:
    """A row: the record's id (None for a computed row such as 계) and what the columns read;
    ``marks`` gives per column key a (brush, tooltip) that stands out."""

    row_id: int | None
    data: Any
    bold: bool = False
    marks: dict[int, tuple[QBrush, str]] | None = None


class SheetModel(QAbstractTableModel):
    """The sheet's cells over :class:`SheetRow` s; editing asks the owner to save."""

    def __init__(self, columns: Sequence[SheetColumn], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[SheetRow] = []
        self.save: Callable[[list[tuple[int, str, str]]], bool] | None = None

    def set_rows(self, rows: Sequence[SheetRow]) -> None:
        """Show ``rows``; the same records again (a saved edit) only repaint, so an open editor
        and the current cell are not torn down under the user."""
        rows = list(rows)
        if [r.row_id for r in rows] == [r.row_id for r in self._rows] and rows:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(rows) - 1, len(self.columns) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> SheetRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.columns)):
            return tr(self.columns[section].title)
        return None

    def editable(self, row: int, column: int) -> bool:
        entry = self.row_at(row)
        return (entry is not None and entry.row_id is not None
                and 0 <= column < len(self.columns) and self.columns[column].key is not None)

    def text(self, row: int, column: int) -> str:
        entry = self.row_at(row)
        if entry is None or not 0 <= column < len(self.columns):
            return ""
        return self.columns[column].text(entry.data)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable(index.row(), index.column()):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return column.text(entry.data)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.amount:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        mark = (entry.marks or {}).get(index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            if mark:
                return mark[0]
            return TOTAL_BRUSH if entry.row_id is None else None
        if role == Qt.ItemDataRole.ToolTipRole and mark:
            return mark[1]
        if role == Qt.ItemDataRole.FontRole and entry.bold:
            return _bold()
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not self.editable(index.row(), index.column()):
            return False
        sheet = self.parent()
        if not isinstance(sheet, BudgetSheet):
            return False
        done = sheet.change([(index.row(), index.column(), str(value))], tr("칸 고침"))
        if not done and str(value).strip() != self.text(index.row(), index.column()):
            sheet.refused_text = (QPersistentModelIndex(index), str(value))
        return done


class _CellChange(QUndoCommand):
    """Cells set from ``before`` to ``after`` texts (record id, key, text); ``versions`` are
    those the records had after the last time this step was applied."""

    def __init__(self, sheet: BudgetSheet, before: list, after: list, versions: dict,
                 text: str) -> None:
        super().__init__(text)
        self.sheet, self.before, self.after, self.versions = sheet, before, after, versions
        self.done = True        # pushed after the first save succeeded

    def _apply(self, edits: list, seen: list) -> None:
        olds = {(i, k): t for i, k, t in seen}
        if self.sheet.write([(i, k, t, olds[(i, k)]) for i, k, t in edits], self.versions):
            self.versions = self.sheet.versions_of({i for i, _k, _t in edits})
        else:
            self.setObsolete(True)      # refused (another PC changed it): this step goes

    def redo(self) -> None:
        if self.done:
            self.done = False
            return
        self._apply(self.after, self.before)

    def undo(self) -> None:
        self._apply(self.before, self.after)


class BudgetSheet(QTableView):
    """The budget's spreadsheet view; see the module docstring."""

    changed = Signal()
    edit_closed = Signal()
    said = Signal(str)

    def __init__(self, columns: Sequence[SheetColumn], save: Callable[[list, dict | None], bool],
                 versions: Callable[[set[int]], dict] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheet_model = SheetModel(columns, self)
        self.setModel(self.sheet_model)
        self._save = save
        self._versions = versions
        self.refused_text: tuple[QPersistentModelIndex, str] | None = None
        self.undo_stack = QUndoStack(self)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setHighlightSections(False)
        for n, column in enumerate(columns):
            self.setColumnWidth(n, column.width)
        for keys, slot in ((QKeySequence.StandardKey.Undo, self.undo_stack.undo),
                           (QKeySequence.StandardKey.Redo, self.undo_stack.redo),
                           (QKeySequence("Ctrl+Y"), self.undo_stack.redo),
                           (QKeySequence.StandardKey.Copy, self.copy_selection),
                           (QKeySequence.StandardKey.Paste, self.paste_clipboard),
                           (QKeySequence.StandardKey.Delete, self.clear_selection)):
            QShortcut(keys, self, activated=slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # ------------------------------------------------------------ changing

    def change(self, cells: list[tuple[int, int, str]], label: str) -> bool:
        """Set cells (row, column, text) as one undoable change; False when refused."""
        model = self.sheet_model
        before, after = [], []
        for row, column, text in cells:
            entry = model.row_at(row)
            if not model.editable(row, column) or entry is None:
                continue
            old = model.text(row, column)
            if old == text.strip():
                continue
            key = model.columns[column].key
            before.append((entry.row_id, key, old))
            after.append((entry.row_id, key, text))
        if not after:
            return False
        ids = {i for i, _k, _t in after}
        if not self.write([(i, k, t, o[2]) for (i, k, t), o in zip(after, before, strict=True)],
                          self.versions_of(ids)):
            return False
        self.undo_stack.push(_CellChange(self, before, after, self.versions_of(ids), label))
        return True

    def versions_of(self, ids: set[int]) -> dict:
        return self._versions(ids) if self._versions else {}

    def write(self, edits: list[tuple[int, str, str, str]], versions: dict | None) -> bool:
        """Save (record id, key, new text, text the user saw); False when refused."""
        current = self.currentIndex()
        done = self._save(edits, versions)
        if done:
            self.changed.emit()
            if current.isValid():
                self.setCurrentIndex(self.sheet_model.index(current.row(), current.column()))
        return done

    def editing(self) -> bool:
        return self.state() == QAbstractItemView.State.EditingState

    def selected_cells(self) -> list[tuple[int, int]]:
        cells = sorted({(i.row(), i.column()) for i in self.selectedIndexes()})
        if not cells and self.currentIndex().isValid():
            cells = [(self.currentIndex().row(), self.currentIndex().column())]
        return cells

    def clear_selection(self) -> bool:
        """Delete: empty the chosen typed cells (computed ones stay)."""
        return self.change([(r, c, "") for r, c in self.selected_cells()], tr("지우기"))

    def copy_selection(self) -> str:
        """The chosen block as tab-separated text on the clipboard (Excel reads it)."""
        cells = self.selected_cells()
        if not cells:
            return ""
        rows = sorted({r for r, _c in cells})
        columns = sorted({c for _r, c in cells})
        text = "\n".join("\t".join(self.sheet_model.text(r, c).replace(",", "")
                                   if self.sheet_model.columns[c].amount
                                   else self.sheet_model.text(r, c) for c in columns)
                         for r in rows)
        QGuiApplication.clipboard().setText(text)
        return text

    def paste_clipboard(self) -> None:
        said = self.paste()
        if said:
            self.said.emit(said)

    def paste(self, text: str | None = None) -> str:
        """Paste a block (Excel's tab-separated text) from the current cell down and right;
        computed columns keep their formulas.  Returns what was done, in words."""
        text = QGuiApplication.clipboard().text() if text is None else text
        start = self.currentIndex()
        if not text or not start.isValid():
            return ""
        block = [line.split("\t") for line in text.rstrip("\r\n").replace("\r\n", "\n").split("\n")]
        model = self.sheet_model
        typed_rows = [r for r in range(start.row(), model.rowCount())
                      if model.row_at(r).row_id is not None]
        if len(block) > len(typed_rows):
            message = tr("붙여 넣을 줄이 모자랍니다: {need}줄이 필요한데 {have}줄 남았습니다. "
                         "'줄 추가'로 먼저 늘리십시오.").format(need=len(block), have=len(typed_rows))
            self.refused(message)
            return message
        cells, skipped = [], set()
        for offset, values in enumerate(block):
            for step, value in enumerate(values):
                column = start.column() + step
                if column >= model.columnCount():
                    break
                if model.columns[column].key is None:
                    skipped.add(model.columns[column].title)
                    continue
                cells.append((typed_rows[offset], column, value))
        self.change(cells, tr("붙여넣기"))
        if skipped:
            return tr("계산되는 열({names})에 붙여 넣은 값은 쓰지 않았습니다.").format(
                names=", ".join(tr(s) for s in sorted(skipped)))
        return ""

    def refused(self, message: str) -> None:
        from .messages import inform
        inform(self, tr("붙여넣기"), message)

    # ------------------------------------------------------------ keys

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        # Enter moves down as in Excel (the editor commits first); Tab moves right as usual
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.state() != QAbstractItemView.State.EditingState:
            current = self.currentIndex()
            if current.isValid() and current.row() + 1 < self.sheet_model.rowCount():
                self.setCurrentIndex(self.sheet_model.index(current.row() + 1, current.column()))
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:  # noqa: N802 - Qt API
        super().closeEditor(editor, hint)
        refused, self.refused_text = self.refused_text, None
        if refused is not None and refused[0].isValid():
            # the message has been shown: back to the cell with what was typed, to correct it
            QTimer.singleShot(0, lambda: self._edit_again(*refused))
        elif hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            # Enter after typing commits and moves down, like a spreadsheet
            current = self.currentIndex()
            if current.isValid() and current.row() + 1 < self.sheet_model.rowCount():
                self.setCurrentIndex(self.sheet_model.index(current.row() + 1, current.column()))
        self.edit_closed.emit()

    def _edit_again(self, index: QPersistentModelIndex, text: str) -> None:
        if not index.isValid():
            return
        self.setCurrentIndex(QModelIndex(index))
        self.edit(QModelIndex(index))
        editor = self.indexWidget(QModelIndex(index))
        if isinstance(editor, QLineEdit):
            editor.setText(text)
