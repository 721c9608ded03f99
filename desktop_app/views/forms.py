"""The base of edit dialogs: fields with their reason shown beside them, save that never loses
typed values.

A subclass adds rows with :meth:`FormDialog.add_row`, builds its fields dataclass in
:meth:`collect`, checks it in :meth:`check` (the same service validation the save uses) and saves
in :meth:`save`.  Problems appear under the field they name as the user types (once the field was
touched) and all at once on Save.  A refused save keeps the dialog open with what was typed; a
conflict with another PC also refreshes the baseline so saving again applies the user's values.
Closing with unsaved changes asks first (:class:`GuardedDialog`, shared with the timetable).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                               QPushButton, QSizePolicy, QSpinBox, QVBoxLayout, QWidget)

from ..errors import ConflictError, UserError
from .i18n import tr
from .messages import show_error

ERROR_STYLE = "color: #b00020;"


def error_label() -> QLabel:
    """A hidden red label for a Korean reason."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def push_button(text: str, slot, tip: str = "") -> QPushButton:
    """A button that runs ``slot`` when clicked (``text`` and ``tip`` come translated)."""
    button = QPushButton(text)
    button.clicked.connect(slot)
    if tip:
        button.setToolTip(tip)
    return button


def dialog_buttons(dialog: QDialog, accept_text: str, cancel_text: str, on_accept,
                   save: bool = False) -> QDialogButtonBox:
    """Accept/Cancel buttons with Korean texts: Enter accepts, Esc cancels."""
    accept = (QDialogButtonBox.StandardButton.Save if save
              else QDialogButtonBox.StandardButton.Ok)
    box = QDialogButtonBox(accept | QDialogButtonBox.StandardButton.Cancel)
    box.button(accept).setText(accept_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    box.accepted.connect(on_accept)
    box.rejected.connect(dialog.reject)
    return box


class FieldRow(QWidget):
    """A field widget with its error line underneath."""

    def __init__(self, editor: QWidget, parent=None) -> None:
        super().__init__(parent)
        # The row takes the form's whole width, so its error wraps over that width (a narrow
        # editor such as a date box would otherwise squeeze the reason into a clipped column).
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        grows = (editor.sizePolicy().horizontalPolicy().value
                 & QSizePolicy.PolicyFlag.ExpandFlag.value)
        layout.addWidget(editor, 0, Qt.AlignmentFlag(0) if grows else Qt.AlignmentFlag.AlignLeft)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.editor = editor

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))


class UnsavedChanges:
    """"저장하지 않은 변경이 있습니다": 저장 / 버리기 / 계속 편집 → "save" / "discard" / "keep"."""

    @classmethod
    def ask(cls, parent: QWidget) -> str:
        box = QMessageBox(QMessageBox.Icon.Question, tr("저장하지 않은 변경"),
                          tr("저장하지 않은 변경이 있습니다. 저장할까요?"), parent=parent)
        save = box.addButton(tr("저장"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(tr("버리기"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(tr("계속 편집"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(keep)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "keep"


class GuardedDialog(QDialog):
    """The base of every dialog that edits: Esc, 닫기 or the title bar's × with unsaved changes
    asks 저장 / 버리기 / 계속 편집 instead of throwing the changes away.

    A subclass defines :meth:`current_values` (compared with what was shown when the dialog
    opened, so typing and undoing it is no change) and ``try_save`` (which calls ``accept``
    when saved and leaves the dialog open when refused).
    """

    _UNSHOWN = object()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._opened_with: Any = self._UNSHOWN

    def current_values(self) -> Any:
        raise TypeError(f"{type(self).__name__} must define current_values()")

    def try_save(self) -> None:
        raise TypeError(f"{type(self).__name__} must define try_save()")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._opened_with is self._UNSHOWN:
            self._opened_with = self.current_values()

    def has_unsaved_changes(self) -> bool:
        return (self._opened_with is not self._UNSHOWN
                and self.current_values() != self._opened_with)

    def reject(self) -> None:  # Esc, the close button and closeEvent all come here
        if self.has_unsaved_changes():
            answer = UnsavedChanges.ask(self)
            if answer == "keep":
                return
            if answer == "save":
                self.try_save()  # closes the dialog when saved; a refusal keeps it open
                return
        super().reject()


class FormDialog(GuardedDialog):
    """Edit dialog base; see the module docstring."""

    saved = Signal(object)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._rows: dict[str, FieldRow] = {}
        self._touched: set[str] = set()
        self._show_all = False
        self._focused_once = False
        self.result_value: Any = None
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        outer.addLayout(self.form)
        self.general_error = error_label()
        outer.addWidget(self.general_error)
        self.buttons = dialog_buttons(self, tr("저장"), tr("취소"), self.try_save, save=True)
        outer.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.try_save)

    # ------------------------------------------------------------ building

    def add_row(self, label: str, editor: QWidget, field: str | None = None) -> QWidget:
        """Add a labelled editor; ``field`` is the Korean field name problems use.

        Without ``field`` the label is that name, so the key stays the untranslated label and
        only the text shown in the form goes through :func:`tr`.
        """
        name = field or label
        row = FieldRow(editor)
        self._rows[name] = row
        self.form.addRow(tr(label), row)
        editor.setObjectName(f"field:{name}")
        for signal in _change_signals(editor):
            signal.connect(lambda *_a, n=name: self._changed(n))
        return editor

    # ------------------------------------------------------------ subclass hooks

    def collect(self) -> Any:
        """The fields dataclass built from the editors."""
        raise TypeError(f"{type(self).__name__} must define collect()")

    def check(self, values: Any) -> None:
        """Raise a UserError for problems (defaults to no live checks)."""

    def save(self, values: Any) -> Any:
        """Write ``values`` through a service; the return value becomes ``result_value``."""
        raise TypeError(f"{type(self).__name__} must define save()")

    def on_conflict(self) -> None:
        """Reload the baseline after another PC saved first (typed values stay)."""

    # ------------------------------------------------------------ behaviour

    def _changed(self, name: str) -> None:
        self._touched.add(name)
        self.validate_now()

    def current_values(self) -> Any:
        return self.collect()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._rows and not self._focused_once:  # typing starts in the first field
            self._focused_once = True
            next(iter(self._rows.values())).editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def validate_now(self) -> bool:
        """Show problems of touched fields (all fields after a Save attempt)."""
        try:
            self.check(self.collect())
        except UserError as exc:
            self._show(exc)
            return False
        self._show(None)
        return True

    def _show(self, exc: UserError | None) -> None:
        by_field = exc.fields if exc else {}
        for name, row in self._rows.items():
            visible = self._show_all or name in self._touched
            row.set_error(by_field.get(name) if visible else None)
        general = [p.message for p in exc.problems if p.field not in self._rows] if exc else []
        self.general_error.setText("\n".join(general) if self._show_all else "")
        self.general_error.setVisible(bool(general) and self._show_all)
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to show every wrapped error line (a word-wrapped label is never clipped)."""
        layout = self.layout()
        layout.activate()
        needed = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def try_save(self) -> None:
        """Save; on a refusal the dialog stays open with every problem shown."""
        self._show_all = True
        values = self.collect()
        try:
            self.check(values)
            self.result_value = self.save(values)
        except ConflictError as exc:
            show_error(self, exc)
            self.on_conflict()
            return
        except UserError as exc:
            self._show(exc)
            focus = next((self._rows[p.field].editor for p in exc.problems
                          if p.field in self._rows), None)
            if focus is not None:
                focus.setFocus()
            if not any(p.field in self._rows for p in exc.problems):
                show_error(self, exc)
            return
        except Exception as exc:  # a bug: say so, keep the dialog and its values
            show_error(self, exc)
            return
        self.saved.emit(self.result_value)
        self.accept()

    def error_of(self, field: str) -> str:
        """The problem shown under ``field`` (tests read it)."""
        return self._rows[field].error.text() if field in self._rows else ""


def _change_signals(editor: QWidget):
    if isinstance(editor, QLineEdit):
        return [editor.textEdited]
    if isinstance(editor, QPlainTextEdit):
        return [editor.textChanged]
    if isinstance(editor, QComboBox):
        signals = [editor.currentIndexChanged]
        if editor.isEditable():
            signals.append(editor.editTextChanged)
        return signals
    if isinstance(editor, QSpinBox):
        return [editor.valueChanged]
    if isinstance(editor, QDateEdit):
        return [editor.dateChanged]
    if isinstance(editor, QCheckBox):
        return [editor.toggled]
    return [s for s in (getattr(editor, "changed", None),) if s is not None]


# ------------------------------------------------------------------ editors


def line_edit(text: str | None = "", hint: str = "", max_length: int = 0) -> QLineEdit:
    edit = QLineEdit(text or "")
    if hint:
        edit.setPlaceholderText(hint)
    if max_length:
        edit.setMaxLength(max_length)
    return edit


def combo(choices, current: str | None = "", editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.setEditable(editable)
    box.addItems(list(choices))
    if current:
        index = box.findText(current)
        if index >= 0:
            box.setCurrentIndex(index)
        elif editable:
            box.setEditText(current)
    return box


def optional_spin(value: int | None, maximum: int, none_text: str, suffix: str = "") -> QSpinBox:
    """A spin box whose lowest value (−1) means "none" and shows ``none_text``."""
    spin = QSpinBox()
    spin.setRange(-1, maximum)
    spin.setSpecialValueText(none_text)
    spin.setSuffix(suffix)
    spin.setValue(-1 if value is None else value)
    spin.setAccelerated(True)
    return spin


def spin_value(spin: QSpinBox) -> int | None:
    return None if spin.value() == spin.minimum() and spin.specialValueText() else spin.value()


def date_edit(value: date | None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(value.year, value.month, value.day) if value else QDate.currentDate())
    return edit


def date_value(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def text_box(text: str | None = "", height: int = 60) -> QPlainTextEdit:
    box = QPlainTextEdit(text or "")
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)
    return box

