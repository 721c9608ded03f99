from desktop_app import local_config, paths


def test_defaults_when_missing_or_damaged():
    local_config.config_path().unlink(missing_ok=True)
    assert local_config.load() == local_config.LocalConfig()
    local_config.config_path().write_text("{not json", encoding="utf-8")
    assert local_config.load() == local_config.LocalConfig()


def test_round_trip_and_wrong_types_ignored():
    local_config.save(local_config.LocalConfig(database="/x/y.sqlite3", operator_name="김담당"))
    assert local_config.load().operator_name == "김담당"
    local_config.config_path().write_text('{"backup_keep": "many", "unknown": 1}',
                                          encoding="utf-8")
    assert local_config.load().backup_keep == 14


def test_data_folder_follows_override(monkeypatch, tmp_path):
    monkeypatch.setenv("YEONSU_HOME", str(tmp_path / "home"))
    assert paths.default_db_path() == tmp_path / "home" / "yeonsu.sqlite3"
    assert paths.backup_dir().is_dir()
