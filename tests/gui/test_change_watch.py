"""A change made elsewhere (another PC, a command) shows on the open page without F5."""

import os
import subprocess
import sys
from pathlib import Path

from desktop_app.db import change_count
from desktop_app.services import clock, enrollment, persons
from desktop_app.services import runs as run_service
from desktop_app.views.main_window import MainWindow
from tests.factories import person_fields

ROOT = Path(__file__).resolve().parents[2]


def _open_run_with_seats(context):
    with clock.fixed(None), context.database.read_scope() as s:
        return next(r for r in run_service.search_runs(s, "", 2021, limit=10_000)
                    if r.phase == "모집 중" and not r.remote and (r.seats_left or 0) > 5)


def test_enroll_in_another_process_appears_on_the_open_registration_page(qtbot, demo_context):
    run = _open_run_with_seats(demo_context)
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    window.open_run(run.id)
    reg = window.registration_page
    window.watcher.timer.setInterval(200)
    qtbot.waitUntil(lambda: window.watcher.seen() is not None)
    assert f"선발 <b>{run.selected}</b>" in reg.header.text()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(demo_context.database.sqlite_path),
         "enroll", "--run", run.code, "--name", "다른창구", "--birth", "1988-08-08",
         "--org", "서울다른초등학교"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: f"선발 <b>{run.selected + 1}</b>" in reg.header.text(),
                    timeout=10_000)
    names = {reg.roster_model.row_at(r).name for r in range(reg.roster_model.rowCount())}
    assert "다른창구" in names
    assert "반영했습니다" in window.statusBar().currentMessage()


def test_no_reload_under_an_open_dialog_and_the_place_is_kept(qtbot, demo_context,
                                                               monkeypatch):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(1)
    page = window.trainee_page
    page.view.selectRow(300)
    chosen = page.current_person_id()
    window.watcher.timer.setInterval(100)
    qtbot.waitUntil(lambda: window.watcher.seen() is not None)
    before = window.watcher.seen()
    reloads = []
    real = page.on_database_changed
    monkeypatch.setattr(page, "on_database_changed", lambda: reloads.append(1) or real())
    monkeypatch.setattr(window, "_can_reload", lambda: False)  # as under a dialog
    with demo_context.database.session_scope() as s:  # another PC: not through this window
        persons.create_person(s, person_fields(name="가나다"))
    qtbot.wait(400)
    assert reloads == [] and window.watcher.seen() == before  # still pending
    monkeypatch.setattr(window, "_can_reload", lambda: True)
    qtbot.waitUntil(lambda: reloads == [1], timeout=3000)
    assert page.current_person_id() == chosen and page.count.text() == "601명"


def test_every_write_counts_once_and_reads_do_not(database):
    with database.read_scope() as s:
        start = change_count(s)
    pid = None
    with database.session_scope() as s:
        pid = persons.create_person(s, person_fields())
    with database.read_scope() as s:
        assert change_count(s) == start + 1
        enrollment.enrollments_of_person(s, pid)
    with database.read_scope() as s:
        assert change_count(s) == start + 1


def test_the_windows_own_save_is_not_announced_as_made_elsewhere(qtbot, demo_context):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(1)
    window.watcher.timer.setInterval(100)
    qtbot.waitUntil(lambda: window.watcher.seen() is not None)
    announced = []
    window.watcher.changed.connect(lambda: announced.append(1))
    with demo_context.write() as s:  # a save of this window, as its pages make them
        persons.create_person(s, person_fields(name="내저장"))
    with demo_context.database.read_scope() as s:
        assert window.watcher.seen() == change_count(s)
    qtbot.wait(500)
    assert announced == []
    with demo_context.database.session_scope() as s:  # as another PC: not through the context
        persons.create_person(s, person_fields(name="남저장"))
    qtbot.waitUntil(lambda: announced == [1], timeout=3000)


def test_an_own_save_does_not_swallow_a_change_made_elsewhere_before_it(qtbot, demo_context,
                                                                         monkeypatch):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    window.watcher.timer.setInterval(100)
    qtbot.waitUntil(lambda: window.watcher.seen() is not None)
    announced = []
    window.watcher.changed.connect(lambda: announced.append(1))
    monkeypatch.setattr(window, "_can_reload", lambda: False)  # a dialog is open meanwhile
    with demo_context.database.session_scope() as s:  # another PC
        persons.create_person(s, person_fields(name="남먼저"))
    with demo_context.write() as s:  # then this window saves
        persons.create_person(s, person_fields(name="내나중"))
    qtbot.wait(300)
    assert announced == []
    monkeypatch.setattr(window, "_can_reload", lambda: True)
    qtbot.waitUntil(lambda: announced == [1], timeout=3000)
