"""Settings page: shared rules, this PC's operator, backup and restore in the background."""

from desktop_app import local_config
from desktop_app.services import persons, settings
from desktop_app.views import file_dialogs
from desktop_app.views.settings_page import OverwriteQuestion, RestoreQuestion, SettingsPage
from tests.factories import outside_tool, person_fields


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


def test_backup_then_restore_selected(qtbot, context, monkeypatch, tmp_path, message_boxes):
    with context.write() as s:
        persons.create_person(s, person_fields(name="백업전"))
    page = SettingsPage(context)
    qtbot.addWidget(page)
    assert not page.restore_selected_button.isEnabled()  # nothing to restore from yet
    assert "고르십시오" in page.restore_selected_button.toolTip()
    target = tmp_path / "backups" / "manual.sqlite3"
    monkeypatch.setattr(file_dialogs.FileChooser, "save_path",
                        classmethod(lambda cls, *a, **k: str(target)))
    page.backup_now()
    qtbot.waitUntil(lambda: page._task.finished, timeout=20_000)
    assert target.exists() and page.backup_model.rowCount() == 1
    assert page.backup_model.row_at(0).kind == "수동"
    with context.write() as s:
        persons.create_person(s, person_fields(name="백업후"))
    page.backup_view.selectRow(0)
    assert page.restore_selected_button.isEnabled()
    with qtbot.waitSignal(page.database_changed, timeout=20_000):
        page.restore_selected()
    qtbot.waitUntil(lambda: page._task.finished, timeout=20_000)
    kept = list((tmp_path / "backups").rglob("before-restore-*.sqlite3"))
    assert len(kept) == 1 and str(kept[0]) in message_boxes.texts()
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
    qtbot.waitUntil(lambda: page._task.finished, timeout=20_000)
    assert "연수 백업 파일이 아닙니다" in message_boxes.texts()


def test_a_damaged_backup_is_refused_before_asking(qtbot, context, monkeypatch, tmp_path,
                                                  message_boxes):

    from desktop_app.services import backup

    with context.write() as s:
        persons.create_person(s, person_fields(name="그대로"))
    damaged = backup.backup(context.database, tmp_path / "damaged.sqlite3").path
    with outside_tool(damaged) as conn:
        conn.execute("UPDATE person SET birth_date = 'yesterday'")
    page = SettingsPage(context)
    qtbot.addWidget(page)
    changed = []
    page.database_changed.connect(changed.append)
    page.restore(damaged)
    qtbot.waitUntil(lambda: page._task.finished, timeout=20_000)
    texts = message_boxes.texts()
    assert "'person' 표" in texts and "'birth_date' 값을 날짜(으)로 읽을 수 없습니다" in texts
    assert "되돌립니다" not in texts and changed == []  # never asked, nothing replaced
    with context.database.read_scope() as s:
        assert [r.name for r in persons.person_rows(s, persons.search_person_ids(s))] == ["그대로"]


def test_backup_asks_before_overwriting_a_file_that_is_not_a_backup(qtbot, context, monkeypatch,
                                                                   tmp_path, message_boxes):
    letter = tmp_path / "letter.docx"
    letter.write_bytes(b"PK\x03\x04 not a backup")
    page = SettingsPage(context)
    qtbot.addWidget(page)
    monkeypatch.setattr(file_dialogs.FileChooser, "save_path",
                        classmethod(lambda cls, *a, **k: str(letter)))
    asked = []
    monkeypatch.setattr(OverwriteQuestion, "ask",
                        classmethod(lambda cls, parent, name: asked.append(name) or False))
    task_before = page._task
    page.backup_now()
    assert asked == ["letter.docx"] and page._task is task_before  # declined: nothing started
    assert letter.read_bytes() == b"PK\x03\x04 not a backup"
    monkeypatch.setattr(OverwriteQuestion, "ask",
                        classmethod(lambda cls, parent, name: asked.append(name) or True))
    page.backup_now()
    qtbot.waitUntil(lambda: page._task.finished, timeout=20_000)
    assert asked == ["letter.docx", "letter.docx"]
    assert letter.read_bytes().startswith(b"SQLite format 3")
    assert "백업했습니다" in message_boxes.texts()
    # a Yeonsu backup is replaced without asking
    page.backup_now()
    qtbot.waitUntil(lambda: page._task.finished, timeout=20_000)
    assert len(asked) == 2



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


def test_the_list_shows_this_databases_backups_and_a_restore_of_anothers_warns(
        qtbot, context, monkeypatch, tmp_path, sqlite_template, message_boxes):
    import shutil
    from datetime import date

    from desktop_app.db import open_database
    from desktop_app.services import backup, identity

    other_path = tmp_path / "other" / "yeonsu.sqlite3"
    other_path.parent.mkdir()
    shutil.copy(sqlite_template, other_path)
    other = open_database(other_path)
    try:
        with other.session_scope() as s:
            persons.create_person(s, person_fields(name="남의 자료"))
        theirs = backup.daily_backup(other, context.backup_folder, date.today())
        their_id = identity.read_identity(other)
    finally:
        other.dispose()
    with context.write() as s:
        persons.create_person(s, person_fields(name="내 자료"))
    mine = backup.daily_backup(context.database, context.backup_folder, date.today())
    assert mine is not None  # the other database's backup of today does not count here
    page = SettingsPage(context)
    qtbot.addWidget(page)
    listed = [page.backup_model.row_at(i).path for i in range(page.backup_model.rowCount())]
    assert listed == [mine]
    shown = page.backup_model.data(page.backup_model.index(0, 1))
    assert identity.read_identity(context.database).short in shown

    # the other's file picked by hand: the question names it and warns; "No" keeps everything
    monkeypatch.setattr(file_dialogs.FileChooser, "open_path",
                        classmethod(lambda cls, *a, **k: str(theirs)))
    changed = []
    page.database_changed.connect(changed.append)
    page.restore_from_file()
    qtbot.waitUntil(lambda: page._task.finished, timeout=20_000)
    texts = message_boxes.texts()
    assert "다른 데이터베이스" in texts and their_id.describe() in texts
    assert changed == []
    with context.database.read_scope() as s:
        assert [r.name for r in persons.person_rows(s, persons.search_person_ids(s))] == ["내 자료"]

    # asked again and answered yes: restored, and the database keeps its own id and folder
    own = identity.read_identity(context.database)
    asked = []
    monkeypatch.setattr(RestoreQuestion, "ask", classmethod(
        lambda cls, parent, name, mine_, source: asked.append((mine_, source)) or True))
    with qtbot.waitSignal(page.database_changed, timeout=20_000):
        page.restore_from_file()
    qtbot.waitUntil(lambda: page._task.finished, timeout=20_000)
    assert asked == [(own, their_id)]
    reopened = open_database(context.database.url)
    try:
        assert identity.read_identity(reopened) == own
        with reopened.read_scope() as s:
            assert [r.name for r in persons.person_rows(
                s, persons.search_person_ids(s))] == ["남의 자료"]
    finally:
        reopened.dispose()
