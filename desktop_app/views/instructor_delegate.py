"""The timetable grid's 강사 cell: an editable list of the registered instructors ('홍길동
(서울초)'), so the planner picks one from the registry; a name typed that the registry does not
know is kept as text and listed under 강사 → 이름만 있는 강사."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QStyledItemDelegate

from ..services import instructors


class InstructorDelegate(QStyledItemDelegate):
    """The registry's labels, read when the cell opens."""

    def __init__(self, context, parent=None) -> None:
        super().__init__(parent)
        self.context = context

    def labels(self) -> list[str]:
        try:
            return [text for _id, text in self.context.read(instructors.choices)]
        except Exception:  # a list it could not read: the cell stays a plain text box
            return []

    def createEditor(self, parent, _option, _index):  # noqa: N802 - Qt API
        box = QComboBox(parent)
        box.setEditable(True)
        box.setObjectName("instructorPicker")
        box.addItems(self.labels())
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(box.model(), box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        box.setCompleter(completer)
        return box

    def setEditorData(self, editor, index) -> None:  # noqa: N802 - Qt API
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        found = editor.findText(text)
        if found >= 0:
            editor.setCurrentIndex(found)
        else:
            editor.setEditText(str(text))

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 - Qt API
        model.setData(index, editor.currentText().strip(), Qt.ItemDataRole.EditRole)
