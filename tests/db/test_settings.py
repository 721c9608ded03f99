import pytest

from desktop_app.errors import ValidationError
from desktop_app.services import settings


def test_defaults_then_saved_values(database):
    with database.read_scope() as s:
        assert settings.get(s, "remote_max_concurrent") == 3
        assert settings.all_values(s)["default_min_attendance_pct"] == 90
    with database.session_scope() as s:
        settings.set_values(s, {"remote_max_concurrent": "4", "credit_hours": 15})
    with database.read_scope() as s:
        assert settings.get(s, "remote_max_concurrent") == 4


def test_bad_values_are_all_reported_and_nothing_saved(database):
    with pytest.raises(ValidationError) as info:
        with database.session_scope() as s:
            settings.set_values(s, {"remote_max_concurrent": 0, "neis_pattern": "[A-Z",
                                    "credit_hours": "열다섯"})
    assert set(info.value.fields) == {"원격 연수 동시 수강 한도(개)", "나이스 개인번호 형식(정규식)",
                                      "1학점당 시간(직무연수)"}
    with database.read_scope() as s:
        assert settings.get(s, "remote_max_concurrent") == 3
