"""The main window as a user meets it: first start, demo, navigation, closing."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop_app.services import demo
from desktop_app.views import main_window as main_window_module
from desktop_app.views import ui_state
from desktop_app.views.main_window import MainWindow, PAGES


def make_window(qtbot, context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_demo_window_shows_the_2021_courses_and_says_it_is_a_demo(qtbot, demo_context):
    window = make_window(qtbot, demo_context)
    page = window.course_page
    assert page.year.currentText() == "2021"
    assert page.count.text() == "과정 210개"
    assert page.course_model.rowCount() == 210
    assert "가상" in window.demo_label.text() and window.demo_label.isVisible()
    assert page.run_model.rowCount() > 0  # the first course's runs are shown
    # ... with their invented days, and the note saying so in the 비고 column
    model = page.run_model
    note_column = next(c for c in range(model.columnCount())
                       if model.headerData(c, Qt.Orientation.Horizontal) == "비고")
    first_note = model.data(model.index(0, note_column))
    assert "계획 월: 2021년" in first_note and "가상 날짜" in first_note
    assert model.data(model.index(0, note_column), Qt.ItemDataRole.ToolTipRole) == first_note
    assert "평일" in window.demo_label.text()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == list(PAGES)


def test_filters_narrow_the_list(qtbot, demo_context):
    window = make_window(qtbot, demo_context)
    page = window.course_page
    page.department.setCurrentText("교육행정연수부")
    department_count = page.course_model.rowCount()
    assert 0 < department_count < 210
    page.category.setCurrentText("자격연수")
    assert page.course_model.rowCount() == 0  # 교행 has no 자격연수
    page.department.setCurrentText("전체")
    assert page.course_model.rowCount() == 8  # 1급 정교사 ×4, 교감·교장 ×4
    page.category.setCurrentText("전체")
    page.month.setCurrentIndex(1)  # 1월
    january = page.course_model.rowCount()
    assert 0 < january < 210
    page.month.setCurrentIndex(0)
    page.search.insert("1급 정교사")  # QTest types ASCII only
    qtbot.waitUntil(lambda: page.course_model.rowCount() == 4)


def test_keyboard_navigation_between_pages(qtbot, demo_context):
    window = make_window(qtbot, demo_context)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.nav, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.trainee_page
    assert window.trainee_page.count.text() == "600명"
    qtbot.keyClick(window.nav, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.roster_page
    qtbot.keyClick(window.nav, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.certificate_page
    qtbot.keyClick(window.nav, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.facility_page
    qtbot.keyClick(window.nav, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.dorm_page
    qtbot.keyClick(window.nav, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.instructor_page
    qtbot.keyClick(window.nav, Qt.Key.Key_9, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.budget_page
    qtbot.keyClick(window.nav, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.statistics_page
    assert window.statistics_page.status.text().startswith("2021년: 과정 210")
    window.nav.setCurrentRow(window.nav.count() - 1)    # 설정: by click or the 이동 menu
    assert window.stack.currentWidget() is window.settings_page


def test_first_start_offers_the_demo(qtbot, context, monkeypatch):
    monkeypatch.setattr(main_window_module.DemoOffer, "ask", classmethod(lambda cls, p: True))
    window = make_window(qtbot, context)
    assert window.course_page.course_model.rowCount() == 0
    with qtbot.waitSignal(window.demo_loaded, timeout=60_000):
        window.offer_demo()
    assert window.course_page.count.text() == "과정 210개"
    assert "가상" in window.demo_label.text()


def test_declining_the_demo_leaves_the_database_empty(qtbot, context, monkeypatch):
    monkeypatch.setattr(main_window_module.DemoOffer, "ask", classmethod(lambda cls, p: False))
    window = make_window(qtbot, context)
    window.offer_demo()
    assert context.read(demo.is_empty)
    assert not window.demo_label.isVisible()


def test_closing_saves_geometry_and_makes_the_daily_backup(qtbot, demo_context):
    window = make_window(qtbot, demo_context)
    window.course_view_width = window.course_page.course_view.columnWidth(1)
    window.course_page.course_view.setColumnWidth(1, 123)
    window.close()
    backups = list(demo_context.backup_folder.rglob("auto-*.sqlite3"))
    assert [b.name for b in backups] == [f"auto-{date.today().isoformat()}.sqlite3"]
    assert ui_state.settings().value("geometry/main") is not None
    again = make_window(qtbot, demo_context)
    assert again.course_page.course_view.columnWidth(1) == 123


def test_switching_to_another_database(qtbot, demo_context, tmp_path, message_boxes):
    # Decline the demo the empty database is offered: a load left running in the background
    # would outlive the test and write into the next one's time.
    message_boxes.answer = QMessageBox.StandardButton.No
    window = make_window(qtbot, demo_context)
    window.settings_page.switch_to(str(tmp_path / "other.sqlite3"))
    assert window.context.database.sqlite_path == tmp_path / "other.sqlite3"
    assert window.course_page.course_model.rowCount() == 0
    assert "데모 자료" in message_boxes.texts() and window.context.read(demo.is_empty)
    assert (tmp_path / "other.sqlite3").exists()


def test_switching_to_an_unreachable_server_keeps_the_current_one(qtbot, demo_context,
                                                                  message_boxes):
    window = make_window(qtbot, demo_context)
    window.settings_page.switch_to("postgresql+psycopg://x@127.0.0.1:1/none?connect_timeout=1")
    assert "연결할 수 없습니다" in message_boxes.texts()
    assert window.course_page.course_model.rowCount() == 210
