"""Course and run dialogs, timetable grid, closing and copying, through the real widgets."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from desktop_app.services import clock, courses, runs, timetable
from desktop_app.views import course_page as course_page_module
from desktop_app.views.course_dialog import CourseDialog
from desktop_app.views.course_page import CoursePage
from desktop_app.views.reason_dialog import ReasonDialog
from desktop_app.views.run_dialog import RunDialog
from desktop_app.views.timetable_dialog import TimetableDialog
from tests.factories import make_course_with_run


def test_new_course_dialog_validates_beside_fields_and_saves(qtbot, context):
    dialog = CourseDialog(context, year=2022)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("   ")
    dialog.title_edit.textEdited.emit("   ")
    assert dialog.error_of("과정명") == "과정명을(를) 입력하십시오."  # shown as you type
    assert dialog.error_of("추진 일정") == ""
    dialog.try_save()
    assert dialog.result_value is None
    assert dialog.error_of("과정명")
    dialog.title_edit.setText("2022 새 직무연수")
    dialog.hours.setValue(30)
    dialog.credits.setValue(2)
    dialog.scored.setChecked(True)
    dialog.task.setCurrentIndex(3)
    dialog.try_save()
    assert dialog.result_value is not None
    detail = context.read(lambda s: courses.course_detail(s, dialog.result_value))
    assert (detail.code, detail.title, detail.hours, detail.min_score, detail.plan_task_code) == (
        "2022-001", "2022 새 직무연수", 30, 60, "1-3")


def test_conflict_in_the_dialog_keeps_typed_values(qtbot, context, message_boxes):
    course_id, _ = make_course_with_run(context.database)
    dialog = CourseDialog(context, course_id)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("내가 고친 제목")
    with context.write() as s:  # another PC saves first
        base = courses.course_detail(s, course_id)
        from dataclasses import replace

        courses.update_course(s, course_id, base, replace(base.fields_only(), hours=40))
    dialog.try_save()
    assert "다른 사용자가 이 과정을(를) 먼저 고쳤습니다" in message_boxes.texts()
    assert "연수시간 15 → 40" in message_boxes.texts()
    assert dialog.title_edit.text() == "내가 고친 제목" and dialog.result_value is None
    dialog.hours.setValue(40)  # the user takes the other change into account
    dialog.try_save()
    assert dialog.result_value == course_id
    detail = context.read(lambda s: courses.course_detail(s, course_id))
    assert (detail.title, detail.hours) == ("내가 고친 제목", 40)


def test_run_dialog_refuses_bad_dates_and_keeps_the_dialog(qtbot, context):
    course_id, _ = make_course_with_run(context.database)
    dialog = RunDialog(context, course_id)
    qtbot.addWidget(dialog)
    from PySide6.QtCore import QDate

    dialog.start.setDate(QDate(2021, 6, 10))
    dialog.end.setDate(QDate(2021, 6, 1))
    dialog.try_save()
    assert "종료일" in dialog.error_of("종료일") and dialog.result_value is None
    dialog.end.setDate(QDate(2021, 6, 12))
    dialog.capacity.setValue(-1)  # 제한 없음
    dialog.lodging.setChecked(True)
    dialog.try_save()
    row = context.read(lambda s: runs.run_row(s, dialog.result_value))
    assert (row.start_date, row.capacity, row.lodging, row.code) == (date(2021, 6, 10), None,
                                                                    True, "2021-001-02")


def test_timetable_grid_marks_bad_rows_and_saves(qtbot, context):
    _course, run_id = make_course_with_run(context.database)
    dialog = TimetableDialog(context, run_id)
    qtbot.addWidget(dialog)
    model = dialog.model
    dialog.add_period()
    assert [model.data(model.index(0, c)) for c in range(3)] == ["2021-05-10", "09:00", "09:50"]
    for column, value in enumerate(("2021-05-10", "09:00", "09:50", "여는 마당", "김강사", "대강당")):
        model.setData(model.index(0, column), value)
    dialog.view.setCurrentIndex(model.index(0, 0))
    dialog.add_period()
    assert [model.data(model.index(1, c)) for c in range(3)] == ["2021-05-10", "10:00", "10:50"]
    model.setData(model.index(1, 0), "2021-07-01")  # outside the run
    dialog.try_save()
    assert "행 2, 열 '날짜'" in dialog.errors.text() and "행 2, 열 '과목'" in dialog.errors.text()
    assert model.cell_error(1, 0) and model.cell_error(1, 3)
    assert context.read(lambda s: timetable.load(s, run_id).periods) == ()
    model.setData(model.index(1, 0), "2021-05-10")
    model.setData(model.index(1, 3), "수업 나눔")
    dialog.try_save()
    assert [p.subject for p in context.read(lambda s: timetable.load(s, run_id).periods)] == [
        "여는 마당", "수업 나눔"]


def test_close_reopen_and_copy_from_the_page(qtbot, context, monkeypatch, message_boxes):
    course_id, _ = make_course_with_run(context.database)
    page = CoursePage(context)
    qtbot.addWidget(page)
    page.course_view.selectRow(0)
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: "강사 사정"))
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert page.course_model.row_at(0).status == "폐강"
    assert "폐강: 강사 사정" in page.course_info.text()
    assert page.reopen_button.isEnabled() and not page.add_run_button.isEnabled()
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert page.course_model.row_at(0).status == "운영"
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (2022, True)))
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert "2022년 계획으로 과정 1개를 복사" in message_boxes.texts()
    assert page.year.currentText() == "2022"
    assert page.course_model.row_at(0).code == "2022-001"


def test_department_targets_tab(qtbot, demo_context):
    page = CoursePage(demo_context)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    assert page.target_model.rowCount() == 75
    first = page.target_model.row_at(0)
    assert (first.task_code, first.planned_runs) == ("1-1", 63)
    assert page.course_model.rowCount() == 210  # targets are never added to the courses


def test_new_course_from_the_page_shows_in_the_list(qtbot, demo_context, monkeypatch):
    page = CoursePage(demo_context)
    qtbot.addWidget(page)

    def fill(cls, parent, context, course_id=None, year=None):
        dialog = CourseDialog(context, course_id, year, parent)
        dialog.title_edit.setText("초등 새 과정 직무연수")
        dialog.try_save()
        return dialog.result_value

    monkeypatch.setattr(course_page_module.CourseDialog, "ask", classmethod(fill))
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.count.text() == "과정 211개"
    assert page.course_model.row_at(page.course_view.currentIndex().row()).title == \
        "초등 새 과정 직무연수"


def test_excel_button_saves_the_listed_courses(qtbot, demo_context, monkeypatch, tmp_path,
                                               message_boxes):
    from openpyxl import load_workbook

    from desktop_app.views import file_dialogs

    page = CoursePage(demo_context)
    qtbot.addWidget(page)
    page.department.setCurrentText("교육행정연수부")
    listed = page.course_model.rowCount()
    target = tmp_path / "교행.xlsx"
    monkeypatch.setattr(file_dialogs.FileChooser, "save_path",
                        classmethod(lambda cls, *a, **k: str(target)))
    qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page._task.finished, timeout=30_000)
    qtbot.waitUntil(lambda: "저장했습니다" in message_boxes.texts())
    sheet = load_workbook(target)["과정"]
    assert sheet.max_row == listed + 1
    assert {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"교육행정연수부"}


def test_keyboard_shortcuts_on_the_pages(qtbot, demo_context, monkeypatch):
    from desktop_app.views import registration_page as registration_module
    from desktop_app.views.main_window import MainWindow

    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.course_page.course_view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.course_page.search
    window.nav.setCurrentRow(1)
    qtbot.keyClick(window.trainee_page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.trainee_page.search
    window.nav.setCurrentRow(2)  # the run list is read when the page is first shown
    window.open_run(window.registration_page.run_model.row_at(0).id)
    asked = []
    monkeypatch.setattr(registration_module.PersonPickerDialog, "ask",
                        staticmethod(lambda *a, **k: asked.append(a) or None))
    qtbot.keyClick(window.registration_page.roster_view, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1  # Ctrl+N on the registration page is 창구 등록


def test_reset_filters_clears_search_and_every_filter(qtbot, demo_context):
    page = CoursePage(demo_context)
    qtbot.addWidget(page)
    page.department.setCurrentText("교육행정연수부")
    page.category.setCurrentText("직무연수")
    page.status.setCurrentText("폐강")
    page.month.setCurrentIndex(3)
    page.search.setText("없는 과정")
    page.apply_filter()
    assert page.course_model.rowCount() == 0
    page.reset_button.click()
    assert [b.currentIndex() for b in (page.department, page.category, page.status,
                                       page.month)] == [0, 0, 0, 0]
    assert page.search.text() == "" and page.year.currentText() == "2021"
    assert page.course_model.rowCount() == 210 and page.count.text() == "과정 210개"


def test_the_year_shown_is_this_year_with_data_else_the_latest(qtbot, context):
    """"This year" is the clock's (a demo's 기준일, the real date on a real database)."""
    with clock.fixed(date(2026, 11, 25)):
        _year_choice(qtbot, context, 2026)


def _year_choice(qtbot, context, this_year):
    page = CoursePage(context)
    qtbot.addWidget(page)
    assert page.year.currentText() == str(this_year)  # nothing yet: this year
    for year in (2020, 2021):  # a plan year long past, loaded behind the page (as the demo)
        make_course_with_run(context.database, year=year)
    page.refresh()
    assert page.year.currentText() == "2021"  # not an empty this year
    assert page.course_model.rowCount() == 1
    page.year.setCurrentText("2020")
    page.refresh()
    assert page.year.currentText() == "2020"  # a chosen year stays
    for year in (this_year, this_year + 1):  # next year's plan is being written
        make_course_with_run(context.database, year=year, start=date(year, 5, 11),
                             end=date(year, 5, 13), schedule_text="")
    fresh = CoursePage(context)
    qtbot.addWidget(fresh)
    assert fresh.year.currentText() == str(this_year)
    page.refresh()
    page.reset_filters()
    assert page.year.currentText() == str(this_year)
