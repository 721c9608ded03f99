"""Menu bar, F5 and F1, the shortcut table, and the window's first size."""

import re
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen

from desktop_app.views import help_dialog
from desktop_app.views.course_page import CoursePage
from desktop_app.views.main_window import PAGES, MainWindow, page_key
from desktop_app.views.settings_page import SettingsPage
from tests.factories import make_person

VIEWS = Path(__file__).resolve().parents[2] / "desktop_app" / "views"


def active_window(qtbot, context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def menus(window: MainWindow) -> dict[str, dict[str, str]]:
    """Menu title → {action text: shortcut}, '&' mnemonics left out."""
    found = {}
    for top in window.menuBar().actions():
        found[top.text().replace("&", "")] = {
            a.text().replace("&", ""): a.shortcut().toString()
            for a in top.menu().actions() if not a.isSeparator()}
    return found


def test_menu_bar_has_the_menus_actions_and_shortcuts(qtbot, demo_context):
    window = active_window(qtbot, demo_context)
    bar = menus(window)
    assert list(bar) == ["파일(F)", "보기(V)", "이동(G)", "계정(U)", "도움말(H)"]
    file_menu = bar["파일(F)"]
    assert [t.split("(")[0] for t in file_menu] == ["백업", "복원", "내보내기", "데이터 폴더 열기",
                                                    "끝내기"]
    export = next(a.menu() for a in window.menuBar().actions()[0].menu().actions()
                  if a.text().startswith("내보내기"))
    assert [a.text() for a in export.actions()] == ["과정 목록 (엑셀)(&C)…",
                                                    "나이스 이수 자료 (연도)(&N)…",
                                                    "지금 보이는 표 (엑셀)(&T)…"]
    assert file_menu["끝내기(X)"] == "Ctrl+Q"  # also on Windows, whose standard Quit key is none
    assert bar["보기(V)"] == {"새로 고침(R)": "F5"}
    # a database without accounts: making the first 관리자, the trail and the erase
    shown = [a.text().replace("&", "") for a in window.menuBar().actions()[3].menu().actions()
             if a.isVisible() and not a.isSeparator()]
    assert shown == ["관리자 계정 만들기(A)…", "감사 기록(T)…", "개인정보 파기(D)…"]
    assert bar["계정(U)"]["화면 잠그기(L)"] == "Ctrl+L"
    assert bar["도움말(H)"] == {"도움말(H)": "F1", "단축키(K)": "", "프로그램 정보(A)": ""}
    assert list(bar["이동(G)"]) == [f"{title}\t{page_key(n)}" if page_key(n) else title
                                      for n, title in enumerate(PAGES, 1)]


def test_file_menu_runs_backup_restore_and_export_on_their_pages(qtbot, demo_context,
                                                                 monkeypatch):
    called = []
    monkeypatch.setattr(SettingsPage, "backup_now", lambda self: called.append("backup"))
    monkeypatch.setattr(SettingsPage, "restore_from_file", lambda self: called.append("restore"))
    monkeypatch.setattr(CoursePage, "export_excel", lambda self: called.append("export"))
    window = active_window(qtbot, demo_context)
    window.backup_action.trigger()
    assert window.stack.currentWidget() is window.settings_page
    window.restore_action.trigger()
    window.export_action.trigger()
    assert window.stack.currentWidget() is window.course_page  # shows what it exports
    assert called == ["backup", "restore", "export"]


def test_f5_refreshes_the_page_on_screen(qtbot, demo_context):
    window = active_window(qtbot, demo_context)
    window.nav.setCurrentRow(PAGES.index("연수생"))
    page = window.trainee_page
    assert page.count.text() == "600명"
    make_person(demo_context.database, name="새로온사람")  # another PC adds someone
    qtbot.keyClick(page.view, Qt.Key.Key_F5)  # one F5 only: a second one would be ambiguous
    assert page.count.text() == "601명"
    window.nav.setCurrentRow(PAGES.index("과정"))
    window.course_page.search.setText("없는과정이름")
    window.course_page.apply_filter()
    assert window.course_page.course_model.rowCount() == 0
    refreshed = []
    window.course_page.refresh = lambda: refreshed.append(True)
    window.refresh_action.trigger()
    assert refreshed == [True]


def test_f1_opens_the_help_of_the_current_page(qtbot, demo_context):
    window = active_window(qtbot, demo_context)
    qtbot.keyClick(window.course_page.course_view, Qt.Key.Key_F1)
    dialog = window._help_dialog
    assert dialog is not None and dialog.isVisible()
    assert "과정·기수" in dialog.text() and "필터 초기화" in dialog.text()
    assert "과정" in dialog.windowTitle()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setCurrentRow(PAGES.index("신청·선발"))
    qtbot.keyClick(window.registration_page.roster_view, Qt.Key.Key_F1)
    assert "신청·선발" in dialog.windowTitle()
    assert "창구 등록" in dialog.text() and "대기" in dialog.text()
    for title in PAGES:  # every page has its own text
        window.nav.setCurrentRow(PAGES.index(title))
        window.help_action.trigger()
        assert tr_title(title) in dialog.text().splitlines()[0]
    window.shortcuts_action.trigger()
    assert "Ctrl+Enter" in dialog.text() and "Alt+4" in dialog.text()


def tr_title(title: str) -> str:
    return {"과정": "과정·기수"}.get(title, title)


def test_shortcut_table_lists_every_shortcut_the_code_sets():
    listed = {keys for keys, _where, _what in help_dialog.SHORTCUTS}
    in_code = set()
    for path in VIEWS.glob("*.py"):
        in_code |= set(re.findall(r'QKeySequence\("([^"{]+)"\)', path.read_text("utf-8")))
    in_code |= {page_key(n) for n in range(1, len(PAGES) + 1)} - {""}
    assert in_code and in_code <= listed, in_code - listed


def test_the_window_opens_maximised_first_and_remembers_its_geometry(qtbot, demo_context,
                                                                     monkeypatch, tmp_path):
    monkeypatch.setenv("YEONSU_HOME", str(tmp_path / "home"))  # no ui.ini: a first start
    with monkeypatch.context() as big_screen:  # room for 1360×860: maximised all the same
        big_screen.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1920, 1040))
        window = MainWindow(demo_context)
    qtbot.addWidget(window)
    assert window.windowState() & Qt.WindowState.WindowMaximized
    window.show()
    qtbot.waitExposed(window)
    window.showNormal()
    window.resize(window.width(), 700)
    window.close()
    again = MainWindow(demo_context)  # the real 800×800 offscreen screen from here on
    qtbot.addWidget(again)
    assert not again.windowState() & Qt.WindowState.WindowMaximized
    assert again.height() == 700  # remembered (its width is shrunk onto the smaller screen)


def test_export_the_visible_table_and_a_years_neis_file(qtbot, demo_context, monkeypatch,
                                                         tmp_path, message_boxes):
    import openpyxl

    from desktop_app.views import file_dialogs, roster_page

    window = active_window(qtbot, demo_context)
    window.nav.setCurrentRow(PAGES.index("연수생"))
    target = tmp_path / "연수생.xlsx"
    monkeypatch.setattr(file_dialogs.FileChooser, "save_path",
                        classmethod(lambda cls, *a, **k: str(target)))
    from desktop_app.views.purpose_dialog import ExportPurpose

    monkeypatch.setattr(ExportPurpose, "ask", classmethod(lambda cls, p, what: ""))
    window.table_action.trigger()
    qtbot.waitUntil(lambda: "저장했습니다" in message_boxes.texts(), timeout=10_000)
    rows = list(openpyxl.load_workbook(target).active.values)
    assert rows[0][:3] == ("성명", "생년월일", "성별") and len(rows) == 601
    assert all(str(r[1]).endswith("-**") for r in rows[1:] if r[1])   # no purpose: masked
    neis = tmp_path / "neis.xlsx"
    monkeypatch.setattr(file_dialogs.FileChooser, "save_path",
                        classmethod(lambda cls, *a, **k: str(neis)))
    monkeypatch.setattr(roster_page.YearQuestion, "ask", classmethod(lambda cls, p, d: 2021))
    window.neis_action.trigger()
    assert window.stack.currentWidget() is window.roster_page
    qtbot.waitUntil(lambda: "이수자" in window.roster_page.message.text(), timeout=10_000)
    book = openpyxl.load_workbook(neis)
    assert len(list(book["나이스 이수 자료"].values)) > 30  # the demo finished runs' completers
