"""The attendance grid (출결): trainees × periods, kept from the keyboard, saved as changes.

Keys on the selected cells: 1 or Space 출석, 2 지각, 3 조퇴, 4 결석, 5 공결, Delete clears.
One cell typed moves down to the next trainee, as in a spreadsheet.  "빈 칸 출석" fills the
empty cells of the selected days for everyone (whole-day fill).  Every change is one step
of an undo stack (Ctrl+Z / Ctrl+Y); nothing is written until 저장 (Ctrl+S), and then only the
cells that changed, each checked against the value it had when the grid was read.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from ..services import attendance as attendance_service
from ..services.attendance import AttendanceSheet
from .i18n import tr

KEY_MARKS = {Qt.Key.Key_1: "출석", Qt.Key.Key_Space: "출석", Qt.Key.Key_2: "지각",
             Qt.Key.Key_3: "조퇴", Qt.Key.Key_4: "결석", Qt.Key.Key_5: "공결"}
_COLORS = {"결석": QColor("#f6c9c9"), "지각": QColor("#fbe7b5"), "조퇴": QColor("#fbe7b5"),
           "공결": QColor("#cfe0f6")}
_CHANGED_FONT = QFont()
_CHANGED_FONT.setBold(True)

Key = tuple[int, int]  # (enrollment_id, session_id)


class AttendanceGridModel(QAbstractTableModel):
    """Rows are trainees; column 0 is 출석률 (always in sight), then one column per period.
    The marks are a working copy of the sheet's."""

    vertical_title = "성명"  # the row headers are names: a table export keeps them

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.sheet: AttendanceSheet | None = None
        self.marks: dict[Key, str] = {}
        # cells now different from the sheet as read, kept as they change: a 1,000 × 60 grid
        # must not be compared whole on every key press
        self._changed: set[Key] = set()

    def load(self, sheet: AttendanceSheet | None) -> None:
        self.beginResetModel()
        self.sheet = sheet
        self.marks = dict(sheet.marks) if sheet else {}
        self._changed = set()
        self.endResetModel()

    # -------------------------------------------------------------- shape

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() or self.sheet is None else len(self.sheet.trainees)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() or self.sheet is None else len(self.sheet.periods) + 1

    def is_period(self, column: int) -> bool:
        return self.sheet is not None and 1 <= column <= len(self.sheet.periods)

    def period(self, column: int):
        """The period shown in ``column`` (a period column)."""
        return self.sheet.periods[column - 1]

    def key(self, row: int, column: int) -> Key | None:
        if self.sheet is None or not self.is_period(column) \
                or not 0 <= row < len(self.sheet.trainees):
            return None
        return self.sheet.trainees[row].enrollment_id, self.period(column).id

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if self.sheet is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section <= len(self.sheet.periods):
                return None
            if section == 0:
                return tr("출석률") if role == Qt.ItemDataRole.DisplayRole else None
            period = self.period(section)
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{period.date:%m-%d}\n{period.start:%H:%M}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{period.label}~{period.end:%H:%M} {period.subject}"
            return None
        if not 0 <= section < len(self.sheet.trainees):
            return None
        trainee = self.sheet.trainees[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return trainee.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{trainee.name} ({trainee.birth_date or ''}, {trainee.organization})"
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.sheet is None or index.row() >= self.rowCount() \
                or index.column() >= self.columnCount():
            return None
        if not self.is_period(index.column()):
            if role == Qt.ItemDataRole.DisplayRole:
                trainee = self.sheet.trainees[index.row()]
                counted = attendance_service.tally(self.sheet.periods, self.marks,
                                                   trainee.enrollment_id,
                                                   self.sheet.excused_counts)
                return "" if counted.percent is None else f"{counted.percent:g}%"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        key = self.key(index.row(), index.column())
        mark = self.marks.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return mark or ""
        if role == Qt.ItemDataRole.BackgroundRole and mark in _COLORS:
            return QBrush(_COLORS[mark])
        if role == Qt.ItemDataRole.FontRole and mark != self.sheet.marks.get(key):
            return _CHANGED_FONT
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    # -------------------------------------------------------------- changes

    def set_marks(self, values: dict[Key, str | None]) -> None:
        """Set cells without an undo step (the undo commands call this)."""
        if self.sheet is None:
            return
        rows = {t.enrollment_id: i for i, t in enumerate(self.sheet.trainees)}
        columns = {p.id: i for i, p in enumerate(self.sheet.periods, start=1)}
        base = self.sheet.marks
        for key, mark in values.items():
            if mark is None:
                self.marks.pop(key, None)
            else:
                self.marks[key] = mark
            if base.get(key) == mark:
                self._changed.discard(key)
            else:
                self._changed.add(key)
        touched_rows = sorted({rows[eid] for eid, _sid in values})
        touched_columns = sorted({columns[sid] for _eid, sid in values})
        if touched_rows:  # the marks and the 출석률 column of those rows
            self.dataChanged.emit(self.index(touched_rows[0], 0),
                                  self.index(touched_rows[-1], touched_columns[-1]))

    def changes(self) -> attendance_service.Changes:
        """Cells that differ from the grid as read: key → (value read, value now)."""
        if self.sheet is None:
            return {}
        base = self.sheet.marks
        return {k: (base.get(k), self.marks.get(k)) for k in self._changed}

    def has_changes(self) -> bool:
        return bool(self._changed)


class _SetMarks(QUndoCommand):
    def __init__(self, model: AttendanceGridModel, before: dict, after: dict, text: str) -> None:
        super().__init__(text)
        self.model, self.before, self.after = model, before, after

    def redo(self) -> None:
        self.model.set_marks(self.after)

    def undo(self) -> None:
        self.model.set_marks(self.before)


class AttendanceGrid(QTableView):
    """The grid view with its keys, its undo stack and the whole-day fill."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = AttendanceGridModel(self)
        self.setModel(self.grid)
        self.undo_stack = QUndoStack(self)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setDefaultSectionSize(52)
        self.horizontalHeader().setMinimumHeight(40)
        self.verticalHeader().setDefaultSectionSize(24)
        self.setObjectName("attendanceGrid")
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo_stack.undo,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence.StandardKey.Redo, self, activated=self.undo_stack.redo,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def load(self, sheet: AttendanceSheet | None) -> None:
        self.undo_stack.clear()
        self.grid.load(sheet)
        if sheet is not None and sheet.periods:
            self.setColumnWidth(0, 64)

    def rebase(self, sheet: AttendanceSheet, keep: attendance_service.Changes) -> None:
        """Take the sheet as it is now and put back the user's changes in ``keep`` whose cell
        still holds the value they were made from (one undo step)."""
        self.load(sheet)
        trainees = {t.enrollment_id for t in sheet.trainees}
        periods = {p.id for p in sheet.periods}
        values = {(eid, sid): new for (eid, sid), (old, new) in keep.items()
                  if eid in trainees and sid in periods and self.grid.marks.get((eid, sid)) == old}
        self.apply(values, tr("저장하지 못한 변경"))

    def selected_keys(self) -> list[Key]:
        keys = [self.grid.key(i.row(), i.column()) for i in self.selectionModel().selectedIndexes()]
        return [k for k in keys if k is not None]

    def apply(self, values: dict[Key, str | None], text: str) -> None:
        """Change cells as one undo step (nothing when nothing changes)."""
        values = {k: v for k, v in values.items() if self.grid.marks.get(k) != v}
        if values:
            before = {k: self.grid.marks.get(k) for k in values}
            self.undo_stack.push(_SetMarks(self.grid, before, values, text))

    def mark_selection(self, mark: str | None) -> None:
        keys = self.selected_keys()
        if not keys:
            return
        self.apply(dict.fromkeys(keys, mark), tr("출결 {mark}").format(mark=mark or tr("지움")))
        current = self.currentIndex()
        if len(keys) == 1 and current.isValid() and current.row() + 1 < self.grid.rowCount():
            self.setCurrentIndex(self.grid.index(current.row() + 1, current.column()))

    def fill_days(self) -> int:
        """Every empty cell of the selected cells' days becomes 출석; returns how many."""
        sheet = self.grid.sheet
        if sheet is None:
            return 0
        columns = {i.column() for i in self.selectionModel().selectedIndexes()
                   if self.grid.is_period(i.column())}
        days = {self.grid.period(c).date for c in columns}
        values = {(t.enrollment_id, p.id): "출석" for t in sheet.trainees for p in sheet.periods
                  if p.date in days and (t.enrollment_id, p.id) not in self.grid.marks}
        self.apply(values, tr("빈 칸 출석"))
        return len(values)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        mark = KEY_MARKS.get(Qt.Key(event.key()))
        if mark is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.mark_selection(mark)
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.mark_selection(None)
            return
        super().keyPressEvent(event)


