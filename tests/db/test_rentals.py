"""Rentals (대관): the fee from the rate table (cheapest of hours, half day, day; discounts off,
rounded down to ten won), kept as booked; payments never past the fee; the papers' text; and
a rental refused like any booking when the room is taken, nothing half-saved."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from desktop_app.errors import BookingConflictError, ValidationError
from desktop_app.models import Booking, Rental
from desktop_app.services import rentals, settings
from desktop_app.services.rental_fees import Rate, base_fee, discounted, parse_rates
from desktop_app.services.rentals import RentalFields
from tests.db.test_bookings import make_room
from tests.db.test_roster_print import _text, needs_poppler
from tests.factories import ACTOR

SAT = datetime(2021, 6, 19)


def test_the_fee_is_the_cheapest_way_to_count_the_hours():
    rate = Rate(hour=30_000, half_day=100_000, day=180_000)
    at = lambda h, m=0: SAT.replace(hour=h, minute=m)  # noqa: E731
    assert base_fee(rate, at(9), at(11)) == 60_000          # 2 hours
    assert base_fee(rate, at(9), at(13)) == 100_000         # half day beats 4 hours
    assert base_fee(rate, at(9), at(15)) == 160_000         # half day + 2 hours
    assert base_fee(rate, at(9), at(18)) == 210_000         # day + 1 hour
    assert base_fee(rate, at(9), at(9, 10)) == 30_000       # a started hour counts whole
    # across midnight: 4 hours on the first day (half day), 10 on the second (day + 2 hours)
    assert base_fee(rate, at(20), datetime(2021, 6, 20, 10)) == 100_000 + 240_000
    assert discounted(123_456, 50) == 61_720 and discounted(99_999, 0) == 99_990
    with pytest.raises(ValidationError, match="강의실"):
        parse_rates("강의실=3만원")


def _rental(database, **change):
    values = dict(room_id=change.pop("room_id"), start=SAT.replace(hour=13),
                  end=SAT.replace(hour=17), organization="서초구 어린이 합창단",
                  contact_name="김단장", contact_phone="010-1234-5678", purpose="정기 공연",
                  head_count=80, discount_kind="공공기관", deposit="100,000") | change
    with database.session_scope() as s:
        return rentals.create_rental(s, RentalFields(**values), ACTOR)


def test_a_rental_books_the_room_with_its_fee_and_takes_payments(database, tmp_path):
    hall = make_room(database, "H-AU", "대강당", capacity=600, rentable=True, building="H",
                     kind="강당")
    rental_id = _rental(database, room_id=hall)
    with database.read_scope() as s:
        r = s.get(Rental, rental_id)
        assert (r.base_fee, r.discount_pct, r.fee, r.deposit) == (600_000, 50, 300_000, 100_000)
        assert s.get(Booking, r.booking_id).kind == "대관"
    with database.session_scope() as s:       # a later rate change leaves the booked fee alone
        settings.set_values(s, {"rental_rates": "강당=1/1/1, 강의실=1/1/1"})
    with database.session_scope() as s:
        assert rentals.record_payment(s, rental_id, "200,000", date(2021, 6, 10)) == 100_000
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="많이 받게"):
            rentals.record_payment(s, rental_id, 200_000, date(2021, 6, 11))
    with database.read_scope() as s:
        assert s.get(Rental, rental_id).paid == 200_000


def test_a_taken_room_or_bad_input_saves_nothing(database):
    hall = make_room(database, "H-AU", "대강당", capacity=600, rentable=True, building="H",
                     kind="강당")
    first = _rental(database, room_id=hall)
    with pytest.raises(BookingConflictError, match="서초구 어린이 합창단"):
        _rental(database, room_id=hall, organization="다른 단체", start=SAT.replace(hour=16),
                end=SAT.replace(hour=18))
    for change, expected in [(dict(head_count="많이"), "인원"), (dict(head_count=700), "정원"),
                             (dict(organization=""), "대관 단체"), (dict(discount_kind="지인"), "감면"),
                             (dict(deposit="-5"), "보증금")]:
        with pytest.raises(ValidationError, match=expected):
            _rental(database, room_id=hall, start=SAT.replace(hour=9), end=SAT.replace(hour=11),
                    **change)
    with database.read_scope() as s:
        assert [r.id for r in s.scalars(select(Rental))] == [first]
        assert s.query(Booking).count() == 1


@needs_poppler
def test_the_confirmation_and_the_fee_statement(database, tmp_path):
    hall = make_room(database, "H-AU", "대강당", capacity=600, rentable=True, building="H",
                     kind="강당")
    rental_id = _rental(database, room_id=hall)
    with database.read_scope() as s:
        confirmation = rentals.print_confirmation(s, rental_id, tmp_path / "확인서.pdf")
        statement = rentals.print_fee_statement(s, rental_id, tmp_path / "내역서.pdf")
    text = _text(confirmation)
    assert "시설 대관 확인서" in text and "서초구 어린이 합창단" in text and "300,000원" in text
    assert "2021-06-19 13:00 ~ 17:00" in text
    text = _text(statement)
    assert "600,000원" in text and "공공기관 50%" in text and "남은 금액" in text
