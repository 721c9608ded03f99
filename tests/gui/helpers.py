"""Drive dialogs the way a user would, without a modal event loop."""

from __future__ import annotations

from desktop_app.views.person_dialog import PersonDialog
from desktop_app.views.person_picker import PersonPickerDialog


def fill_person_dialog(dialog: PersonDialog, **values: str) -> None:
    widgets = {"name": dialog.name, "birth": dialog.birth, "neis": dialog.neis,
               "position": dialog.position, "organization": dialog.organization,
               "phone": dialog.phone, "email": dialog.email}
    for key, value in values.items():
        if key == "gender":
            dialog.gender.setCurrentText(value)
        elif key == "kind":
            dialog.kind.setCurrentText(value)
        else:
            widgets[key].setText(value)
            widgets[key].textEdited.emit(value)


def register_person(qtbot, context, **values: str) -> int | None:
    """Fill the new-trainee dialog and press 저장; returns the saved id (None if refused)."""
    dialog = PersonDialog(context)
    qtbot.addWidget(dialog)
    fill_person_dialog(dialog, **values)
    dialog.try_save()
    return dialog.result_value


def pick_person(qtbot, context, search: str) -> int | None:
    """Type in the picker's search box and choose the single match."""
    picker = PersonPickerDialog(context, "연수생 선택")
    qtbot.addWidget(picker)
    picker.search.setText(search)
    picker.refresh()
    assert picker.model.rowCount() == 1, f"'{search}' matched {picker.model.rowCount()} people"
    picker.accept_current()
    return picker.chosen_id
