"""Filling the timetable books the room: periods with a room become bookings, a second save
keeps what did not change, a moved or deleted period gives its room back, a taken room refuses
the save naming the row and the booking in the way, and the run's day-long booking gives way."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from desktop_app.errors import BookingConflictError
from desktop_app.models import Booking
from desktop_app.services import bookings, timetable
from desktop_app.services.bookings import BookingFields
from desktop_app.services.timetable import PeriodRow
from tests.db.test_bookings import make_room
from tests.factories import ACTOR, make_course_with_run

DAY = date(2021, 5, 10)   # the factory run's first day, a Monday


def _save(database, run_id, rows):
    with database.session_scope() as s:
        version = timetable.load(s, run_id).version
        return timetable.save(s, run_id, version, rows, ACTOR)


def _live(database, run_id):
    with database.read_scope() as s:
        return sorted((b.room_id, b.start_at, b.end_at, b.session_id is not None)
                      for b in s.scalars(select(Booking).where(Booking.run_id == run_id,
                                                               Booking.status != "취소")))


def test_periods_book_their_rooms_and_give_them_back(database):
    room, other = make_room(database, "E301"), make_room(database, "E302")
    _, run_id = make_course_with_run(database)
    rows = [PeriodRow(DAY, "09:00", "09:50", "개강", "", "E301"),
            PeriodRow(DAY, "10:00", "10:50", "강의", "", "교육동 301호"),
            PeriodRow(DAY, "11:00", "11:50", "토의", "", "3층 큰방")]   # names no room
    _save(database, run_id, rows)
    assert _live(database, run_id) == [
        (room, datetime(2021, 5, 10, 9), datetime(2021, 5, 10, 9, 50), True),
        (room, datetime(2021, 5, 10, 10), datetime(2021, 5, 10, 10, 50), True)]
    _save(database, run_id, rows)                                      # nothing changed
    with database.read_scope() as s:
        assert s.query(Booking).count() == 2
    rows[1] = PeriodRow(DAY, "10:00", "10:50", "강의", "", "E302")    # moved to another room
    _save(database, run_id, rows[1:2])                                 # and the first deleted
    assert _live(database, run_id) == [
        (other, datetime(2021, 5, 10, 10), datetime(2021, 5, 10, 10, 50), True)]
    with database.read_scope() as s:
        assert s.query(Booking).filter(Booking.status == "취소").count() == 2


def test_a_taken_room_refuses_the_save_naming_row_and_booking(database):
    room = make_room(database, "E301")
    _, run_id = make_course_with_run(database)
    with database.session_scope() as s:
        taken = bookings.add_booking(s, BookingFields(
            room, datetime(2021, 5, 10, 10, 30), datetime(2021, 5, 10, 12), title="학부모 설명회"),
            ACTOR)
    with pytest.raises(BookingConflictError) as refused:
        _save(database, run_id, [PeriodRow(DAY, "09:00", "09:50", "개강", "", "E301"),
                                 PeriodRow(DAY, "10:00", "10:50", "강의", "", "E301")])
    problem, = refused.value.problems
    assert problem.row == 2 and problem.field == "강의실" and "학부모 설명회" in problem.message
    assert refused.value.in_the_way == [taken]
    with database.read_scope() as s:
        assert timetable.load(s, run_id).periods == ()                 # nothing saved


def test_the_runs_day_long_booking_gives_way_to_its_periods(database):
    room = make_room(database, "E301")
    _, run_id = make_course_with_run(database)
    with database.session_scope() as s:
        for day in (10, 11):
            bookings.add_booking(s, BookingFields(
                room, datetime(2021, 5, day, 9), datetime(2021, 5, day, 17), "과정", "하루 배정",
                run_id=run_id), ACTOR)
    _save(database, run_id, [PeriodRow(DAY, "09:00", "09:50", "개강", "", "E301")])
    live = _live(database, run_id)
    assert (room, datetime(2021, 5, 10, 9), datetime(2021, 5, 10, 9, 50), True) in live
    assert (room, datetime(2021, 5, 11, 9), datetime(2021, 5, 11, 17), False) in live
    assert len(live) == 2   # the 10th's day block gave way, the 11th's stays
