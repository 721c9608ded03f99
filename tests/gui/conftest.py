"""GUI test set-up: real windows offscreen, message boxes answered, no modal ever waits."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox
from shiboken6 import isValid

from desktop_app.app import create_application
from desktop_app.db import open_database
from desktop_app.services import demo
from desktop_app.views import tasks
from desktop_app.views.context import AppContext


class MessageBoxes:
    """Records every message box instead of showing it; ``answer`` is what questions get."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes

    def texts(self) -> str:
        return "\n".join(f"{title}: {text}" for title, text in self.shown)


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch, qapp):
    boxes = MessageBoxes()

    def box_exec(self):
        boxes.shown.append((self.windowTitle(), self.text()))
        return QMessageBox.StandardButton.Ok

    def question(parent, title, text, *args, **kwargs):
        boxes.shown.append((title, text))
        return boxes.answer

    def information(parent, title, text, *args, **kwargs):
        boxes.shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    def refuse_modal(self):
        raise AssertionError(f"a test opened a modal dialog: {type(self).__name__} "
                             f"'{self.windowTitle()}' (patch its ask())")

    monkeypatch.setattr(QMessageBox, "exec", box_exec)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(information))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(information))
    monkeypatch.setattr(QDialog, "exec", refuse_modal)
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(
        lambda *a, **k: (_ for _ in ()).throw(AssertionError("unexpected QInputDialog"))))
    return boxes


@pytest.fixture(autouse=True)
def no_thread_left_running(monkeypatch, qapp):
    """Fail a test that ends while a QThread it started still runs.

    Such a thread outlives its test; when Python later frees the QThread object the whole
    process aborts ("QThread: Destroyed while thread is still running"), killing the suite in
    an unrelated test.  The leftovers are cancelled and waited for before failing.
    """
    started: list[QThread] = []
    original = QThread.start

    def start(self, *args):
        started.append(self)
        return original(self, *args)

    monkeypatch.setattr(QThread, "start", start)
    yield
    running = [t for t in started if isValid(t) and t.isRunning()]
    leftover_tasks = [task.title for task in tasks.running_tasks()]
    if running or leftover_tasks:
        tasks.cancel_all()
        for thread in running:
            if isValid(thread):
                thread.quit()
                thread.wait(30_000)
        pytest.fail(f"the test left {len(running)} QThread(s) running "
                    f"(tasks: {leftover_tasks or 'none'}); wait for them before it ends")


@pytest.fixture(scope="session")
def qapp_cls():
    return type(create_application())


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls, pytestconfig):  # noqa: ARG001 - pytest-qt hook signature
    return create_application()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, sqlite_template):
    """A database with the demo year loaded once; tests get copies."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    database = open_database(path)
    with database.session_scope() as session:
        demo.load(session)
    database.dispose()
    return path


@pytest.fixture
def context(sqlite_database, tmp_path):
    """An empty database in a context with its own backup folder."""
    return AppContext(sqlite_database, backup_folder=tmp_path / "backups")


@pytest.fixture
def demo_context(demo_template, tmp_path):
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    database = open_database(path)
    yield AppContext(database, backup_folder=tmp_path / "backups")
    database.dispose()
