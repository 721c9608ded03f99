"""No lost edit: closing an edited form asks; the first field has focus; errors are not cut."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.services import timetable as timetable_service
from desktop_app.views import forms
from desktop_app.views.person_dialog import PersonDialog
from desktop_app.views.timetable_dialog import TimetableDialog
from tests.factories import make_course_with_run
from tests.gui.helpers import fill_person_dialog


@pytest.fixture
def answers(monkeypatch):
    """Answer the unsaved-changes question from a list; records that it was asked."""
    given: list[str] = []
    asked: list[bool] = []

    def ask(cls, parent):
        asked.append(True)
        return given.pop(0) if given else "discard"  # closing at the test's end

    monkeypatch.setattr(forms.UnsavedChanges, "ask", classmethod(ask))
    return given, asked


def _shown_person_dialog(qtbot, context):
    dialog = PersonDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_esc_on_an_untouched_form_closes_without_asking(qtbot, context, answers):
    dialog = _shown_person_dialog(qtbot, context)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and answers[1] == []


def test_esc_on_an_edited_form_asks_and_keeps_editing(qtbot, context, answers):
    given, asked = answers
    dialog = _shown_person_dialog(qtbot, context)
    fill_person_dialog(dialog, name="홍길동")
    given.append("keep")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [True] and dialog.isVisible() and dialog.name.text() == "홍길동"
    given.append("discard")
    dialog.close()  # the title bar's ×
    assert not dialog.isVisible() and dialog.result_value is None


def test_save_from_the_question_saves_or_stays_open_with_the_reasons(qtbot, context, answers):
    given, _asked = answers
    dialog = _shown_person_dialog(qtbot, context)
    fill_person_dialog(dialog, name="홍길동", birth="1980-02-31")
    given.append("save")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "날짜" in dialog.error_of("생년월일")  # refused: still open
    fill_person_dialog(dialog, birth="1980-02-28")
    given.append("save")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result_value is not None


def test_typing_and_undoing_is_no_change(qtbot, context, answers):
    dialog = _shown_person_dialog(qtbot, context)
    fill_person_dialog(dialog, name="홍")
    fill_person_dialog(dialog, name="")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and answers[1] == []


def test_the_timetable_grid_asks_too(qtbot, context, answers):
    given, asked = answers
    _course, run_id = make_course_with_run(context.database)
    dialog = TimetableDialog(context, run_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.add_period()
    dialog.model.setData(dialog.model.index(0, 3), "여는 마당")
    given.append("discard")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and not dialog.isVisible()
    with context.database.read_scope() as s:
        assert list(timetable_service.load(s, run_id).periods) == []


def test_first_field_has_focus_and_errors_are_not_clipped(qtbot, context):
    dialog = _shown_person_dialog(qtbot, context)
    QApplication.processEvents()
    assert dialog.focusWidget() is dialog.name
    dialog.resize(dialog.minimumWidth(), dialog.sizeHint().height())
    fill_person_dialog(dialog, name="홍길동", birth="1980-13-45", phone="12",
                       email="이것은 전자우편 주소가 아닌 아주 긴 글자 " * 4)
    dialog.try_save()
    QApplication.processEvents()
    for field in ("생년월일", "전화번호", "전자우편"):
        label = dialog._rows[field].error
        assert label.isVisible() and label.text()
        assert label.height() >= label.heightForWidth(label.width()), field
        bottom = label.mapTo(dialog, label.rect().bottomLeft()).y()
        assert bottom <= dialog.height(), field


def test_a_narrow_field_s_error_wraps_over_the_form_width_and_is_not_clipped(qtbot, context):
    """The run dialog's date boxes are narrow: their reasons must still show whole."""
    from PySide6.QtCore import QDate

    from desktop_app.views.run_dialog import RunDialog
    from tests.factories import make_course

    course_id = make_course(context.database, title="아주 긴 과정 이름을 가진 " * 4 + "직무연수")
    dialog = RunDialog(context, course_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.end.setDate(QDate(2021, 1, 1))
    dialog.start.setDate(QDate(2021, 5, 10))
    dialog.try_save()
    QApplication.processEvents()
    label = dialog._rows["종료일"].error
    assert label.isVisible() and "빠릅니다" in label.text()
    assert label.width() > dialog.end.width() * 1.5  # the row's width, not the date box's
    assert label.height() >= label.heightForWidth(label.width())
    assert label.mapTo(dialog, label.rect().bottomLeft()).y() <= dialog.height()


def test_text_still_in_a_cell_editor_counts_as_a_change(qtbot, context, answers):
    from PySide6.QtWidgets import QLineEdit

    from desktop_app.services.timetable import PeriodRow

    given, asked = answers
    _course, run_id = make_course_with_run(context.database)
    with context.write() as s:
        timetable_service.save(s, run_id, 0, [PeriodRow("2021-05-10", "09:00", "09:50", "여는 마당")])
    dialog = TimetableDialog(context, run_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.view.setCurrentIndex(dialog.model.index(0, 3))  # opens the subject cell's editor
    [editor] = [e for e in dialog.view.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.setText("바뀐 과목")
    given.append("keep")
    dialog.close()  # the title bar's ×, the editor still open
    assert asked and dialog.isVisible()
    assert dialog.model.periods()[0].subject == "바뀐 과목"
