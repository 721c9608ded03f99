"""UI text goes through tr(): a pseudo-translation shows where text is displayed, while the code
that looks up pages, filter choices and form fields keeps using the Korean keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QFormLayout

from desktop_app.views.course_dialog import CourseDialog
from desktop_app.views.i18n import CONTEXT, tr
from desktop_app.views.main_window import PAGES, MainWindow
from desktop_app.views.person_dialog import PersonDialog


class PseudoTranslator(QTranslator):
    """Marks every Yeonsu text with «», so shown text and keys can be told apart."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 - Qt API
        return f"«{source}»" if context == CONTEXT else None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


@pytest.fixture
def pseudo(qapp):
    translator = PseudoTranslator()
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def test_without_translations_tr_returns_the_korean_text():
    assert tr("저장") == "저장"
    assert tr("과정 {count:,}개").format(count=1234) == "과정 1,234개"


def test_pages_filters_and_headers_are_translated_where_shown(qtbot, demo_context, pseudo):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == \
        [f"«{title}»" for title in PAGES]
    assert window.page_index("신청·선발") == 2
    page = window.course_page
    assert page.course_model.headerData(0, Qt.Orientation.Horizontal) == "«과정코드»"
    assert page.department.itemText(0) == "«전체»"
    assert page.current_filter().department == ""  # "all" is the first choice, not its text
    assert page.count.text() == f"«과정 {page.course_model.rowCount():,}개»"
    registration = window.registration_page
    assert registration.status_filter.itemText(0) == "«전체»"
    registration.reload_roster()
    assert registration.roster_model.status_filter == ""


def test_form_rows_keep_korean_keys_under_translated_labels(qtbot, demo_context, pseudo):
    dialog = PersonDialog(demo_context)
    qtbot.addWidget(dialog)
    label = dialog.form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget()
    assert label.text() == "«성명»"
    dialog.try_save()
    assert dialog.error_of("성명")  # the service's problem still finds its row
    course = CourseDialog(demo_context, None, 2021)
    qtbot.addWidget(course)
    assert course.task.itemText(0) == "«(없음)»"
    assert course.collect().plan_task_code is None


def test_qt_standard_buttons_are_korean(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop_app.app import install_qt_korean

    assert install_qt_korean(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    assert box.button(QDialogButtonBox.StandardButton.Yes).text().replace("&", "") != "Yes"


def test_qt_file_dialog_texts_are_korean(qapp):
    from PySide6.QtCore import QCoreApplication, QLibraryInfo

    from desktop_app.app import install_qt_korean

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (folder / "qtbase_ko.qm").is_file():
        pytest.skip("Qt의 한국어 번역 파일(qtbase_ko.qm)이 없습니다")
    assert install_qt_korean(qapp)
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "다음에서 찾기:"
    assert QCoreApplication.translate("QFileDialog", "Files of type:") == "파일 형식:"


def test_without_qts_korean_file_the_start_goes_on_in_english(monkeypatch, tmp_path, qapp):
    from PySide6.QtCore import QLibraryInfo, QObject

    from desktop_app.app import install_qt_korean

    class App(QObject):
        installed: list = []

        def installTranslator(self, translator):  # noqa: N802 - Qt API
            self.installed.append(translator)

    monkeypatch.setattr(QLibraryInfo, "path", staticmethod(lambda _which: str(tmp_path)))
    app = App()
    assert install_qt_korean(app) is False and app.installed == []


def test_file_dialogs_leave_the_native_dialog_on(monkeypatch, qapp):
    from PySide6.QtWidgets import QFileDialog

    from desktop_app.views.file_dialogs import FileChooser

    calls = []

    def record(*args, **kwargs):
        calls.append((args, kwargs))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(record))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(record))
    assert FileChooser.save_path(None, "저장", "a.sqlite3") is None
    assert FileChooser.open_path(None, "열기", ".") is None
    for args, kwargs in calls:
        options = kwargs.get("options", args[4] if len(args) > 4 else None)
        assert options is None or not options & QFileDialog.Option.DontUseNativeDialog
