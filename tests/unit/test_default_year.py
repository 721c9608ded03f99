"""The year the course list opens on."""

from desktop_app.services.courses import default_year


def test_this_year_when_it_has_courses():
    assert default_year([2027, 2026, 2021], 2026) == 2026


def test_latest_year_with_data_when_this_year_has_none():
    assert default_year([2021, 2020], 2026) == 2021
    assert default_year([2020, 2027], 2026) == 2027  # a plan made ahead is the latest


def test_this_year_on_an_empty_database():
    assert default_year([], 2026) == 2026
