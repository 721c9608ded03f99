"""The NEIS column template setting: parsed, refused with the reason, and documented."""

import pytest

from desktop_app import paths
from desktop_app.errors import ValidationError
from desktop_app.services.neis_columns import ITEMS, parse_columns


def test_headings_and_renames_in_order():
    assert parse_columns("성명, 인정시간=이수시간 ,나이스개인번호") == [
        ("성명", "name"), ("인정시간", "hours"), ("나이스개인번호", "neis_no")]


@pytest.mark.parametrize("text, words", [
    ("성명, 주소", "알 수 없는 항목: 주소"), ("", "하나 이상"), ("성명, 성명", "같은 제목"),
    ("=성명", "알 수 없는 항목")])
def test_bad_templates_are_refused_with_the_reason(text, words):
    with pytest.raises(ValidationError) as caught:
        parse_columns(text)
    assert words in caught.value.message


def test_every_item_is_listed_in_the_settings_help():
    text = (paths.resources_dir() / "help" / "settings.html").read_text(encoding="utf-8")
    assert all(item in text for item in ITEMS)
