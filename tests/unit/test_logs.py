"""The log file: where it is, what it says, and never a reason to stop the program."""

import logging

import pytest

from desktop_app import logs


@pytest.fixture
def fresh_log(monkeypatch):
    monkeypatch.setattr(logs, "_handler", None)
    yield
    if logs._handler is not None:
        logging.getLogger("desktop_app").removeHandler(logs._handler)
        logs._handler.close()


def test_the_log_is_in_the_data_folder_and_records_the_start(tmp_path, monkeypatch, fresh_log):
    monkeypatch.setenv("YEONSU_HOME", str(tmp_path))
    path = logs.setup("test")
    assert path == tmp_path / "logs" / "yeonsu.log" == logs.log_path()
    logging.getLogger("desktop_app.db").info("database opened: x")
    text = path.read_text(encoding="utf-8")
    assert "start test" in text and "database opened: x" in text


def test_the_log_follows_the_data_folder(tmp_path, monkeypatch, fresh_log):
    monkeypatch.setenv("YEONSU_HOME", str(tmp_path / "a"))
    first = logs.setup("test")
    monkeypatch.setenv("YEONSU_HOME", str(tmp_path / "b"))
    second = logs.setup("test")
    assert first != second == logs.log_path()
    logging.getLogger("desktop_app").info("here")
    assert "here" in second.read_text(encoding="utf-8")
    assert "here" not in first.read_text(encoding="utf-8")


def test_a_data_folder_that_cannot_be_made_means_no_log_not_a_crash(tmp_path, monkeypatch,
                                                                    fresh_log):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("YEONSU_HOME", str(blocker / "home"))
    assert logs.setup("test") is None
