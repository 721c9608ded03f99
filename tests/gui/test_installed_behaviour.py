"""What an installed program must do: one copy per user (a second start brings the first
forward), an About dialog with the licences, and the ``--smoke`` self-test the bundle runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop_app import __version__
from desktop_app.views.about_dialog import AboutDialog
from desktop_app.views.single_instance import SingleInstance, server_name

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_copy_wakes_the_first_and_steps_aside(qtbot, tmp_path):
    name = f"yeonsu-test-{os.getpid()}"
    first, second = SingleInstance(name), SingleInstance(name)
    assert first.claim()
    with qtbot.waitSignal(first.woken, timeout=3_000):
        assert not second.claim()
    first.release()
    third = SingleInstance(name)
    assert third.claim()  # the name is free again once the first copy ended
    third.release()


def test_starting_the_program_twice_brings_the_open_one_forward(qtbot, tmp_path):
    env = dict(os.environ, YEONSU_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    old = os.environ.get("YEONSU_HOME")
    os.environ["YEONSU_HOME"] = str(tmp_path)
    try:
        running = SingleInstance(server_name())
    finally:
        if old is not None:
            os.environ["YEONSU_HOME"] = old
    assert running.claim()
    woken = []
    running.woken.connect(lambda: woken.append(True))
    second = subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
    _out, err = second.communicate()
    qtbot.waitUntil(lambda: bool(woken), timeout=3_000)
    running.release()
    assert second.returncode == 0 and "이미 열려" in err


def test_about_names_the_version_places_and_licences(qtbot):
    dialog = AboutDialog("/tmp/x.sqlite3")
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert __version__ in text and "/tmp/x.sqlite3" in text and "yeonsu.log" in text
    for expected in ("PySide6-Essentials", "LGPL-3.0", "reportlab", "segno", "SIL OPEN FONT LICENSE"):
        assert expected.lower() in text.lower(), expected


def test_smoke_mode_passes_from_the_source_tree(tmp_path):
    env = dict(os.environ, YEONSU_HOME=str(tmp_path / "untouched"))
    env.pop("QT_QPA_PLATFORM", None)  # smoke mode makes itself offscreen
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--smoke"], env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "smoke: 통과" in done.stdout and "이수증 PDF" in done.stdout
    assert not (tmp_path / "untouched").exists()  # the user's data folder is not touched


def test_backups_go_to_the_folder_chosen_and_a_folder_that_cannot_be_written_is_refused(
        qtbot, context, tmp_path, monkeypatch, message_boxes):
    from desktop_app import local_config
    from desktop_app.views import settings_page
    from desktop_app.views.settings_page import SettingsPage

    page = SettingsPage(context)
    qtbot.addWidget(page)
    chosen = tmp_path / "네트워크" / "백업"
    monkeypatch.setattr(settings_page.FolderChooser, "choose",
                        classmethod(lambda cls, *a: str(chosen)))
    page.choose_backup_folder()
    assert context.backup_folder == chosen and chosen.is_dir()
    assert local_config.load().backup_folder == str(chosen)
    assert str(chosen) in page.location.text()
    blocked = tmp_path / "파일"
    blocked.write_text("x")
    assert not page.set_backup_folder(str(blocked / "안"))
    assert "쓸 수 없습니다" in message_boxes.shown[-1][1]
    assert context.backup_folder == chosen  # the old folder is kept
    assert page.set_backup_folder("")
    assert local_config.load().backup_folder == ""
