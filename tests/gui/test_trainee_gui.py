"""Trainee page: search per keystroke, add with validation, duplicates and merge."""

from PySide6.QtCore import Qt

from desktop_app.services import persons
from desktop_app.views import trainee_page as trainee_module
from desktop_app.views.duplicates_dialog import DuplicatesDialog
from desktop_app.views.person_dialog import PersonDialog
from desktop_app.views.trainee_page import TraineePage
from tests.factories import person_fields
from tests.gui.helpers import fill_person_dialog, register_person


def test_search_as_you_type(qtbot, demo_context):
    page = TraineePage(demo_context)
    qtbot.addWidget(page)
    assert page.count.text() == "600명"
    page.search.setText("김")
    qtbot.waitUntil(lambda: page.model.rowCount() < 600)
    assert all(page.model.row_at(r).name.find("김") >= 0 or "김" in page.model.row_at(r)
               .organization for r in range(page.model.rowCount()))
    page.search.setText("서울한빛초등학교")
    qtbot.waitUntil(lambda: {page.model.row_at(r).organization
                             for r in range(page.model.rowCount())} == {"서울한빛초등학교"})
    assert page.person_title.text().endswith("건")


def test_bad_input_is_shown_beside_the_field_and_nothing_saved(qtbot, context):
    dialog = PersonDialog(context)
    qtbot.addWidget(dialog)
    fill_person_dialog(dialog, name="홍길동", birth="1980-02-30", neis="12345",
                       phone="전화", email="a@")
    dialog.try_save()
    assert "날짜" in dialog.error_of("생년월일")
    assert "형식" in dialog.error_of("나이스 개인번호")
    assert dialog.error_of("전화번호") and dialog.error_of("전자우편")
    assert dialog.name.text() == "홍길동"  # typed values stay
    assert context.read(lambda s: persons.search_person_ids(s)) == []
    fill_person_dialog(dialog, birth="1980-02-28", neis="a123456789", phone="010 1111 2222",
                       email="hong@school.kr")
    dialog.try_save()
    saved = context.read(lambda s: persons.person_detail(s, dialog.result_value))
    assert (saved.neis_no, saved.phone) == ("A123456789", "010-1111-2222")


def test_likely_duplicate_asks_first(qtbot, context, message_boxes):
    fields = dict(name="박민수", birth="1985-04-01", organization="서울누리중학교")
    first = register_person(qtbot, context, **fields)
    from PySide6.QtWidgets import QMessageBox

    message_boxes.answer = QMessageBox.StandardButton.No
    assert register_person(qtbot, context, **fields) is None
    assert "같은 사람일 수 있습니다" in message_boxes.texts()
    message_boxes.answer = QMessageBox.StandardButton.Yes
    second = register_person(qtbot, context, **fields)
    assert second not in (None, first)


def test_new_trainee_from_the_page_and_merge_duplicates(qtbot, context, monkeypatch):
    with context.write() as s:
        keep = persons.create_person(s, person_fields(name="정수아", neis_no=None))
        persons.create_person(s, person_fields(name="정수아", neis_no="B111111111",
                                               birth_date=persons.person_detail(s, keep)
                                               .birth_date), allow_duplicate=True)
    page = TraineePage(context)
    qtbot.addWidget(page)
    monkeypatch.setattr(trainee_module.PersonDialog, "ask", classmethod(
        lambda cls, parent, ctx, person_id=None, initial=None: register_person(
            qtbot, ctx, name="한새봄", birth="1991-09-09")))
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.search.text() == "한새봄" and page.count.text() == "1명"
    assert page.model.row_at(page.view.currentIndex().row()).name == "한새봄"
    page.search.clear()
    page.refresh()
    assert page.count.text() == "3명"

    dialog = DuplicatesDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.groups.count() == 1 and dialog.model.rowCount() == 2
    dialog.view.selectRow(0)
    dialog.merge_selected()
    assert dialog.merged == 1 and dialog.groups.count() == 0
    survivor = context.read(lambda s: persons.person_detail(s, keep))
    assert survivor.neis_no == "B111111111"
    page.refresh()
    assert page.count.text() == "2명"
