"""The timetable grid's 강의실 cell: an editable list of the rooms, each marked free or taken
for that row's date and time (the run's own bookings do not count as taken), so the planner
picks a free room; any text may still be typed (it is kept, and listed when it names no room)."""

from __future__ import annotations

from collections.abc import Callable
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from ..services import bookings, rooms
from .i18n import tr

TAKEN = " — 사용 중"


class RoomDelegate(QStyledItemDelegate):
    """``span_of(row)`` gives the row's (start, end) or None when its date or times are not
    typed yet; ``run_id``'s own bookings are not counted against it."""

    def __init__(self, context, run_id: int, span_of: Callable[[int], tuple | None],
                 parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.run_id = run_id
        self.span_of = span_of

    def options(self, row: int) -> list[tuple[str, bool]]:
        """(room name, free) for the rooms in order; all free when the row has no time yet."""
        span = self.span_of(row)

        def read(s):
            listed = rooms.room_rows(s, active_only=True)
            if span is None:
                return [(r.name, True) for r in listed]
            start, end = span
            taken = {b.room_id for b in bookings.bookings_between(s, start, end)
                     if b.run_id != self.run_id and b.start < end and b.end > start}
            return [(r.name, r.id not in taken) for r in listed]

        try:
            return self.context.read(read)
        except Exception:  # a list it could not read: the cell stays a plain text box
            return []

    def createEditor(self, parent, _option, index):  # noqa: N802 - Qt API
        box = QComboBox(parent)
        box.setEditable(True)
        box.setObjectName("roomPicker")
        for name, free in self.options(index.row()):
            box.addItem(name if free else name + tr(TAKEN), name)
            if not free:
                box.setItemData(box.count() - 1, Qt.GlobalColor.gray, Qt.ItemDataRole.ForegroundRole)
        return box

    def setEditorData(self, editor, index) -> None:  # noqa: N802 - Qt API
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        found = editor.findData(text)
        if found >= 0:
            editor.setCurrentIndex(found)
        else:
            editor.setEditText(str(text))

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 - Qt API
        text = editor.currentText()
        if text.endswith(tr(TAKEN)):
            text = text[: -len(tr(TAKEN))]
        model.setData(index, text.strip(), Qt.ItemDataRole.EditRole)

