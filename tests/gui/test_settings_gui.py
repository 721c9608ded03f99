"""Settings page: shared rules, this PC's operator, backup and restore in the background."""

from desktop_app import local_config
from desktop_app.services import persons, settings
from desktop_app.views import file_dialogs
from desktop_app.views.settings_page import SettingsPage
from tests.factories import person_fields


def test_rules_are_checked_and_saved(qtbot, context, message_boxes):
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.rule_editors["neis_pattern"].setText("[A-Z")
    page.save_rules()
    assert "정규식" in page.rules_error.text()
    assert context.read(lambda s: settings.get(s, "neis_pattern")) == r"^[A-Z][0-9]{9}$"
    page.rule_editors["neis_pattern"].setText(r"^[A-Z][0-9]{9}$")
    page.rule_editors["remote_max_concurrent"].setValue(4)
    page.save_rules()
    assert context.read(lambda s: settings.get(s, "remote_max_concurrent")) == 4
    assert "저장했습니다" in message_boxes.texts()


def test_operator_name_is_used_as_who(qtbot, context):
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.operator.setText("김담당")
    page.operator.editingFinished.emit()
    assert local_config.load().operator_name == "김담당"
    assert context.actor == "김담당"


def test_backup_then_restore_selected(qtbot, context, monkeypatch, tmp_path):
    with context.write() as s:
        persons.create_person(s, person_fields(name="백업전"))
    page = SettingsPage(context)
    qtbot.addWidget(page)
    target = tmp_path / "backups" / "manual.sqlite3"
    monkeypatch.setattr(file_dialogs.FileChooser, "save_path",
                        classmethod(lambda cls, *a, **k: str(target)))
    page.backup_now()
    qtbot.waitUntil(lambda: page._task.finished, timeout=20_000)
    assert target.exists() and page.backup_model.rowCount() == 1
    with context.write() as s:
        persons.create_person(s, person_fields(name="백업후"))
    page.backup_view.selectRow(0)
    with qtbot.waitSignal(page.database_changed, timeout=20_000):
        page.restore_selected()
    from desktop_app.db import open_database

    reopened = open_database(context.database.url)
    with reopened.read_scope() as s:
        names = [r.name for r in persons.person_rows(s, persons.search_person_ids(s))]
    reopened.dispose()
    assert names == ["백업전"]


def test_restoring_a_bad_file_says_why(qtbot, context, monkeypatch, tmp_path, message_boxes):
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database", encoding="utf-8")
    page = SettingsPage(context)
    qtbot.addWidget(page)
    monkeypatch.setattr(file_dialogs.FileChooser, "open_path",
                        classmethod(lambda cls, *a, **k: str(bad)))
    page.restore_from_file()
    assert "SQLite 데이터베이스 파일이 아닙니다" in message_boxes.texts()


def test_settings_show_and_open_the_data_folder_and_log(qtbot, context, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from desktop_app import logs, paths
    from desktop_app.views.settings_page import SettingsPage

    page = SettingsPage(context)
    qtbot.addWidget(page)
    assert page.data_folder.text() == str(paths.data_dir())
    assert page.log_file.text() == str(logs.log_path())
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(
        lambda url: opened.append(url.toLocalFile()) or True))
    page.findChild(type(page.backup_button), "openDataFolder").click()
    assert opened == [str(paths.data_dir())]
