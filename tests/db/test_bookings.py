"""Room bookings: never two live bookings of one room at once (the service names the one in the
way, the database refuses what slips past, two PCs at once: one wins), holidays and blackouts
need a reason, repeating bookings list their conflicts first, and rooms are found by size and
equipment.  A property test throws random booking sequences at it and never finds an overlap."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from desktop_app.errors import BookingConflictError, ConflictError, ValidationError
from desktop_app.models import Blackout, Booking, BookingEvent, CourseSession
from desktop_app.services import bookings, rooms, timetable
from desktop_app.services.bookings import BookingFields, Repeat
from tests.factories import ACTOR, make_course_with_run

MONDAY = datetime(2021, 3, 8)   # a working Monday


def at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    return MONDAY + timedelta(days=day_offset, hours=hour, minutes=minute)


def make_room(database, code="E301", name=None, capacity=40, equipment="빔프로젝터",
              rentable=False, building="E", kind="강의실") -> int:
    with database.session_scope() as s:
        return rooms.add_room(s, rooms.RoomFields(code, name or f"교육동 {code[1:]}호", building,
                                                  kind, capacity, 3, equipment, rentable))


def book(database, room_id, start, end, title="연수", override=None, **kw) -> int:
    with database.session_scope() as s:
        return bookings.add_booking(s, BookingFields(room_id, start, end, title=title, **kw),
                                    ACTOR, override_reason=override)


def test_an_overlap_is_refused_naming_the_booking_in_the_way(database):
    room = make_room(database)
    first = book(database, room, at(0, 9), at(0, 12), "디지털 수업 연수")
    with pytest.raises(BookingConflictError) as refused:
        book(database, room, at(0, 11), at(0, 13), "회의")
    message = str(refused.value)
    assert "교육동 301호" in message and "2021-03-08 09:00~12:00" in message
    assert "디지털 수업 연수" in message and f"예약 {first}번" in message
    assert refused.value.in_the_way == [first]
    book(database, room, at(0, 12), at(0, 13), "바로 뒤")       # half-open: touching is fine
    book(database, make_room(database, "E302"), at(0, 9), at(0, 12), "다른 방")
    with database.session_scope() as s:
        bookings.cancel(s, first, "행사 취소", ACTOR)
    book(database, room, at(0, 10), at(0, 11), "취소된 자리")    # a cancelled one frees the time
    with database.read_scope() as s:
        actions = [a for _at, _who, a, _why in bookings.history(s, first)]
        assert actions == ["확정", "취소"]


def test_bad_input_is_refused_field_by_field(database):
    room = make_room(database)
    cases = [(dict(start=at(0, 12), end=at(0, 9)), "끝"), (dict(title=" "), "제목"),
             (dict(kind="파티"), "종류"), (dict(kind="대관"), "빌려주지 않는"),
             (dict(end=at(40, 9)), "31일")]
    for change, expected in cases:
        values = dict(start=at(0, 9), end=at(0, 10), title="연수") | change
        with pytest.raises(ValidationError, match=expected):
            with database.session_scope() as s:
                bookings.add_booking(s, BookingFields(room, **values), ACTOR)
    with database.read_scope() as s:
        assert s.scalar(select(Booking.id)) is None


def test_holidays_and_blackouts_need_a_reason_kept_in_the_history(database):
    room = make_room(database)
    삼일절 = datetime(2021, 3, 1, 9)
    with pytest.raises(ValidationError, match="공휴일"):
        book(database, room, 삼일절, 삼일절 + timedelta(hours=2))
    booked = book(database, room, 삼일절, 삼일절 + timedelta(hours=2), override="특별 행사 승인")
    with database.read_scope() as s:
        (_at, _who, action, why), = [h for h in bookings.history(s, booked) if h[2] == "예외 허용"]
        assert "특별 행사 승인" in why and "공휴일" in why
    with database.session_scope() as s:
        s.add(Blackout(room_id=None, start_at=at(2, 0), end_at=at(3, 0), kind="휴관",
                       reason="전기 점검"))
    with pytest.raises(ValidationError, match="연수원 전체 휴관"):
        book(database, room, at(2, 9), at(2, 10))


def test_a_repeating_booking_lists_its_conflicts_before_saving(database):
    room = make_room(database)
    taken = book(database, room, at(2, 9), at(2, 12), "이미 있는 행사")      # Wednesday
    weekly = BookingFields(room, at(0, 9), at(0, 12), title="수업 나눔 모임")
    every_mon_wed = Repeat(until=date(2021, 3, 24), weekdays=(0, 2))
    with database.read_scope() as s:
        planned = bookings.plan_series(s, weekly, every_mon_wed)
    assert [p.start.day for p in planned] == [8, 10, 15, 17, 22, 24]
    assert [p.conflict.id if p.conflict else None for p in planned] == [
        None, taken, None, None, None, None]
    with pytest.raises(BookingConflictError, match="2021-03-10"):
        with database.session_scope() as s:
            bookings.add_series(s, weekly, every_mon_wed, ACTOR)
    with database.session_scope() as s:
        ids = bookings.add_series(s, weekly, every_mon_wed, ACTOR, skip_unavailable=True)
    assert len(ids) == 5
    with database.read_scope() as s:
        series = {b.series_id for b in s.scalars(select(Booking).where(Booking.id.in_(ids)))}
    assert len(series) == 1 and None not in series


def test_free_rooms_fit_the_people_and_the_equipment(database):
    small = make_room(database, "E201", capacity=20, equipment="빔프로젝터")
    big = make_room(database, "E202", capacity=60, equipment="빔프로젝터, PC 60")
    busy = make_room(database, "E203", capacity=60, equipment="빔프로젝터, PC 60")
    book(database, busy, at(0, 9), at(0, 17))
    with database.read_scope() as s:
        assert [r.id for r in bookings.free_rooms(s, at(0, 10), at(0, 12))] == [small, big]
        assert [r.id for r in bookings.free_rooms(s, at(0, 10), at(0, 12), people=30,
                                                  equipment=["PC"])] == [big]


def test_the_database_refuses_an_overlap_that_slips_past_the_service(database):
    room = make_room(database)
    book(database, room, at(0, 9), at(0, 12))
    with pytest.raises(IntegrityError):
        with database.session_scope() as s:
            s.execute(insert(Booking), [dict(
                room_id=room, start_at=at(0, 10), end_at=at(0, 11), kind="과정", status="확정",
                title="몰래", note="", created_at=at(0, 0), created_by="x", version=1)])


def test_two_pcs_booking_the_same_hour_at_once_one_wins(database):
    room = make_room(database)
    start = threading.Barrier(2)
    won, refused, errors = [], [], []

    def desk(title):
        try:
            start.wait(timeout=10)
            won.append(book(database, room, at(0, 9), at(0, 12), title))
        except (BookingConflictError, ConflictError) as exc:
            refused.append(str(exc))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(t,)) for t in ("창구 1", "창구 2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and len(won) == 1 and len(refused) == 1
    assert "교육동 301호" in refused[0]


def test_rooms_are_added_retired_and_timetable_names_mapped(database):
    _, run_id = make_course_with_run(database)
    with database.session_scope() as s:
        timetable.save(s, run_id, 0, [
            timetable.PeriodRow(date(2021, 5, 10), "09:00", "10:00", "개강", "", "교육동 301호"),
            timetable.PeriodRow(date(2021, 5, 10), "10:00", "11:00", "강의", "", "3층 큰방")])
    with database.read_scope() as s:
        assert rooms.unmapped_room_names(s) == [("3층 큰방", 1), ("교육동 301호", 1)]
    room = make_room(database)
    with database.read_scope() as s:
        mapped = dict(s.execute(select(CourseSession.subject, CourseSession.room_id)).all())
        assert mapped == {"개강": room, "강의": None}
        assert rooms.unmapped_room_names(s) == [("3층 큰방", 1)]
        assert rooms.find_room(s, "E301").id == room
    with pytest.raises(ValidationError, match="이미 있는"):
        make_room(database, "E301")
    with database.session_scope() as s:
        rooms.retire(s, room)
    with pytest.raises(ValidationError, match="쓰지 않는"):
        book(database, room, at(0, 9), at(0, 10))
    with database.read_scope() as s:
        assert [r.code for r in rooms.room_rows(s, active_only=True)] == []
        assert [r.building for r in rooms.room_rows(s)] == ["교육동"]


_span = st.tuples(st.integers(0, 2), st.integers(0, 22), st.integers(1, 8))


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.tuples(st.just("book"), st.integers(0, 1), _span),
                          st.tuples(st.just("cancel"), st.integers(0, 30))),
                min_size=1, max_size=25))
def test_random_sequences_never_save_an_overlap(database, operations):
    room_ids = getattr(database, "_bench_rooms", None)
    if room_ids is None:
        room_ids = database._bench_rooms = [make_room(database, "E401"),
                                            make_room(database, "E402")]
    with database.session_scope() as s:
        s.execute(delete(BookingEvent))
        s.execute(delete(Booking))
    made = []
    for op in operations:
        try:
            if op[0] == "book":
                _op, which, (day, half_hour, length) = op
                start = at(day, 7) + timedelta(minutes=30 * half_hour)
                made.append(book(database, room_ids[which], start,
                                 start + timedelta(minutes=30 * length)))
            elif made:
                with database.session_scope() as s:
                    bookings.cancel(s, made[op[1] % len(made)], "취소", ACTOR)
        except ValidationError:
            pass
    with database.read_scope() as s:
        live = s.execute(select(Booking.room_id, Booking.start_at, Booking.end_at)
                         .where(Booking.status != "취소")).all()
    for i, a in enumerate(live):
        for b in live[i + 1:]:
            assert not (a[0] == b[0] and a[1] < b[2] and b[1] < a[2]), (a, b)


def test_a_blackout_lists_the_bookings_already_in_it(database):
    room = make_room(database)
    booked = book(database, room, at(1, 9), at(1, 12), "이미 잡힌 연수")
    with database.session_scope() as s:
        affected = bookings.add_blackout(s, room, at(1, 0), at(2, 0), "정비", "바닥 공사")
    assert [b.id for b in affected] == [booked]
    with pytest.raises(ValidationError, match="정비"):
        book(database, room, at(1, 14), at(1, 15))
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="사유"):
            bookings.add_blackout(s, None, at(3, 0), at(4, 0), "휴관", " ")


def test_year_figures_count_bookings_hours_and_rental_fees(database, tmp_path):
    from openpyxl import load_workbook

    from desktop_app.services import facility_stats, rentals

    room = make_room(database, rentable=True)
    book(database, room, at(0, 9), at(0, 12))
    book(database, room, at(1, 9), at(1, 18))
    with database.session_scope() as s:
        rentals.create_rental(s, rentals.RentalFields(
            room, at(4, 13), at(4, 15), "동네 합창단", "김", "010-1-2", "연습", 20), ACTOR)
    with database.read_scope() as s:
        per_room, months = facility_stats.year_figures(s, 2021)
        path = facility_stats.export_year(s, 2021, tmp_path / "현황.xlsx")
    (figure,) = per_room
    assert (figure.bookings, figure.hours, figure.rentals) == (3, 14.0, 1)
    days = facility_stats.working_days(2021)
    assert 240 < days < 255 and figure.utilisation_pct == round(100 * 14 / (days * 9), 1)
    assert months[2].rentals == 1 and months[2].fee == 60_000   # March: 2 hours × 30,000
    book_sheets = load_workbook(path).sheetnames
    assert book_sheets == ["2021 강의실별", "2021 월별 대관"]


def test_a_booking_moves_under_the_same_rules_and_its_history_says_so(database):
    room, other = make_room(database, "E301"), make_room(database, "E302")
    moving = book(database, room, at(0, 9), at(0, 10), "옮길 회의")
    taken = book(database, other, at(0, 13), at(0, 15), "다른 행사")
    with database.session_scope() as s:
        bookings.move_booking(s, moving, room, at(0, 9, 30), at(0, 10, 30), ACTOR)  # overlaps itself
    with database.session_scope() as s:
        with pytest.raises(BookingConflictError, match=f"예약 {taken}번"):
            bookings.move_booking(s, moving, other, at(0, 14), at(0, 16), ACTOR)
    with database.session_scope() as s:
        bookings.move_booking(s, moving, other, at(0, 15), at(0, 16), ACTOR)
    with database.read_scope() as s:
        row = bookings.booking_row(s, moving)
        assert (row.room_id, row.start, row.end) == (other, at(0, 15), at(0, 16))
        moves = [why for _a, _w, what, why in bookings.history(s, moving) if what == "변경"]
    assert len(moves) == 2 and "교육동 302호" in moves[-1]
    with database.session_scope() as s:
        blackout_rooms = bookings.add_blackout(s, None, at(5, 0), at(6, 0), "휴관", "소독")
        (blackout_id, where, *_rest), = bookings.blackouts(s, at(0, 0))
        assert blackout_rooms == [] and where == "연수원 전체"
        bookings.remove_blackout(s, blackout_id)
        assert bookings.blackouts(s, at(0, 0)) == []
