"""The dormitory: stays from a lodging run, the automatic assignment (genders never mixed in a
room-night, beds never over-filled or held twice, needs to the right rooms, locks kept, the same
result twice, everyone unplaced listed with the reason), moves and swaps under the same rules,
check-in and early check-out freeing the nights; and a property test over random runs."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select, update

from desktop_app.errors import ValidationError
from desktop_app.models import (CourseRun, DormClosure, DormRoom, FloorReservation, Stay,
                                StayNight)
from desktop_app.services import clock, dorm, enrollment
from desktop_app.services import settings as settings_service
from tests.factories import ACTOR, make_course_with_run, make_person

START, END = date(2021, 5, 10), date(2021, 5, 14)   # four nights: 10, 11, 12, 13


def h(prefix: str, i: int) -> str:
    """A Hangul name (names take no digits): 남가, 남각, …"""
    return prefix + chr(0xAC00 + i)


def _rooms(database, spec):
    """spec: (code, floor, beds, accessible)."""
    with database.session_scope() as s:
        s.execute(insert(DormRoom), [dict(code=c, floor=f, beds=b, accessible=a, active=True,
                                          note="") for c, f, b, a in spec])
        return dict(s.execute(select(DormRoom.code, DormRoom.id)).all())


def _run(database, people):
    """people: (name, gender, organization)."""
    _, run_id = make_course_with_run(database, capacity=None, start=START, end=END)
    with database.session_scope() as s:
        s.execute(update(CourseRun).where(CourseRun.id == run_id).values(lodging=True))
    ids = [make_person(database, name=n, gender=g, organization=o) for n, g, o in people]
    with database.session_scope() as s:
        for pid in ids:
            enrollment.enroll(s, run_id, pid, ACTOR)
    with database.session_scope() as s:
        made, left_out = dorm.create_stays_for_run(s, run_id)
    return run_id, made, left_out


def _check_rules(database):
    """The hard rules, read back from what was saved."""
    with database.read_scope() as s:
        rooms = {i: (beds, accessible) for i, beds, accessible in s.execute(
            select(DormRoom.id, DormRoom.beds, DormRoom.accessible))}
        genders = dict(s.execute(select(Stay.id, Stay.gender)).all())
        needs = dict(s.execute(select(Stay.id, Stay.need)).all())
        per_night = defaultdict(list)
        for stay_id, night, room_id, bed in s.execute(select(StayNight.stay_id, StayNight.night,
                                                             StayNight.room_id, StayNight.bed)):
            per_night[(room_id, night)].append((stay_id, bed))
        closed = {(c.room_id, n) for c in s.scalars(select(DormClosure))
                  for n in dorm.nights(c.first_night, c.last_night)}
    for (room_id, night), held in per_night.items():
        assert len({genders[sid] for sid, _b in held}) == 1, "mixed genders"
        assert len(held) <= rooms[room_id][0], "more people than beds"
        assert len({b for _s, b in held}) == len(held), "a bed held twice"
        assert (room_id, night) not in closed
        for sid, _b in held:
            if needs[sid] == dorm.ACCESSIBLE:
                assert rooms[room_id][1]


def test_stays_come_from_the_run_and_the_assignment_follows_the_rules(database):
    rooms = _rooms(database, [("D101", 1, 2, True), ("D201", 2, 4, False),
                              ("D202", 2, 4, False), ("D301", 3, 4, False)])
    people = [(h("남", i), "남", "가초등학교" if i % 2 else "나초등학교") for i in range(6)] + \
             [(h("여", i), "여", "다초등학교") for i in range(5)] + [("성별미상", None, "가초등학교")]
    run_id, made, left_out = _run(database, people)
    assert made == 11 and left_out == ["성별미상"]
    with database.session_scope() as s:
        stay = s.scalar(select(Stay.id).where(Stay.gender == "여").order_by(Stay.id))
        dorm.set_need(s, stay, dorm.ACCESSIBLE)
    with database.session_scope() as s:
        result = dorm.assign(s, [run_id])
    assert (result.placed, result.kept) == (11, 0) and result.unplaced == ()
    _check_rules(database)
    with database.read_scope() as s:
        listed = dorm.stay_rows(s, run_id)
    by_room = defaultdict(set)
    for r in listed:
        by_room[r.room].add(r.gender)
    assert all(len(g) == 1 for g in by_room.values())
    assert next(r for r in listed if r.need == dorm.ACCESSIBLE).room == "D101"
    assert {r.room for r in listed if r.gender == "남"} == {"D201", "D202"}   # filled in turn
    assert listed[0].first_night == START and listed[0].last_night == date(2021, 5, 13)
    first = [(r.name, r.room, r.bed) for r in listed]
    with database.session_scope() as s:
        dorm.assign(s, [run_id])
    with database.read_scope() as s:
        assert [(r.name, r.room, r.bed) for r in dorm.stay_rows(s, run_id)] == first  # same again
    assert rooms


def test_the_unplaced_are_listed_with_the_reason_and_locks_are_kept(database):
    _rooms(database, [("D201", 2, 2, False)])
    run_id, _made, _ = _run(database, [("남일", "남", "가초등학교"), ("남이", "남", "가초등학교"), ("남삼", "남", "가초등학교"),
                                       ("여일", "여", "가초등학교")])
    with database.session_scope() as s:
        result = dorm.assign(s, [run_id])
    assert result.placed == 2
    assert sorted(u.name for u in result.unplaced) == ["남일", "여일"]  # 가나다: 남삼, 남이 first
    assert all("빈 침대가 없습니다" in u.reason for u in result.unplaced)
    with database.session_scope() as s:
        locked = s.scalar(select(Stay.id).join(StayNight, StayNight.stay_id == Stay.id).limit(1))
        dorm.set_locked(s, locked, True)
        again = dorm.assign(s, [run_id], dry_run=True)
    assert again.kept == 1


def test_moves_swaps_and_the_front_desk(database):
    rooms = _rooms(database, [("D201", 2, 2, False), ("D202", 2, 2, False)])
    run_id, _made, _ = _run(database, [("남일", "남", "가초등학교"), ("남이", "남", "가초등학교"), ("여일", "여", "가초등학교")])
    with database.session_scope() as s:
        dorm.assign(s, [run_id])
    with database.read_scope() as s:
        rows = {r.name: r for r in dorm.stay_rows(s, run_id)}
    man_room = rows["남일"].room
    woman_room = rows["여일"].room
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="여성이 묵는 방"):
            dorm.move(s, rows["남일"].id, rooms[woman_room])
    with database.session_scope() as s:
        dorm.move(s, rows["남이"].id, rooms[man_room])   # already there: another bed or the same
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="맞바꿀 수 없습니다"):
            dorm.swap(s, rows["남일"].id, rows["여일"].id)
    _check_rules(database)
    with clock.fixed(date(2021, 5, 10)), database.session_scope() as s:
        dorm.check_in(s, rows["남일"].id)
    with clock.fixed(date(2021, 5, 12)), database.session_scope() as s:
        dorm.check_out(s, rows["남일"].id)         # early: the 12th and 13th are freed
    with database.read_scope() as s:
        held = sorted(n for (n,) in s.execute(select(StayNight.night).where(
            StayNight.stay_id == rows["남일"].id)))
        stay = s.get(Stay, rows["남일"].id)
        after = (stay.status, stay.last_night, stay.key_returned)
    assert held == [date(2021, 5, 10), date(2021, 5, 11)]
    assert after == ("퇴실", date(2021, 5, 11), True)
    with database.session_scope() as s:
        dorm.no_show(s, rows["여일"].id)
        with pytest.raises(ValidationError, match="노쇼"):
            dorm.check_in(s, rows["여일"].id)


def test_floors_kept_for_a_gender_and_closed_rooms(database):
    rooms = _rooms(database, [("D201", 2, 4, False), ("D301", 3, 4, False)])
    with database.session_scope() as s:
        s.add(FloorReservation(floor=2, gender="여", first_night=START, last_night=END))
        s.add(DormClosure(room_id=rooms["D301"], first_night=START, last_night=START,
                          reason="도배"))
    run_id, _m, _ = _run(database, [("남일", "남", "가초등학교"), ("여일", "여", "가초등학교")])
    with database.session_scope() as s:
        result = dorm.assign(s, [run_id])
    assert [u.name for u in result.unplaced] == ["남일"]   # 2층 is women's, 301 closed night 1
    _check_rules(database)


_person = st.tuples(st.sampled_from("남여"), st.sampled_from(["", "", "", dorm.ACCESSIBLE,
                                                              dorm.GROUND]),
                    st.sampled_from(["가초등학교", "나초등학교", "다초등학교"]))


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_person, min_size=1, max_size=14), st.lists(st.integers(0, 40), max_size=4),
       st.booleans())
def test_random_runs_never_break_the_rules(database, people, moves, apart):
    with database.session_scope() as s:
        for table in (StayNight, Stay, DormClosure, FloorReservation, DormRoom):
            s.execute(delete(table))
        settings_service.set_values(s, {"dorm_same_organization": "따로" if apart else "함께"})
    _rooms(database, [("D101", 1, 2, True), ("D102", 1, 3, False), ("D201", 2, 4, False),
                      ("D202", 2, 2, False)])
    run_id, made, _ = _run(database, [(h("연", i), g, o) for i, (g, _n, o) in enumerate(people)])
    with database.session_scope() as s:
        for stay_id, (_g, need, _o) in zip(sorted(s.scalars(select(Stay.id).where(
                Stay.run_id == run_id))), people):
            dorm.set_need(s, stay_id, need)
    with database.session_scope() as s:
        result = dorm.assign(s, [run_id])
    assert result.placed + len(result.unplaced) == made     # everyone placed or listed
    with database.read_scope() as s:
        stays = sorted(s.scalars(select(Stay.id).where(Stay.run_id == run_id)))
        room_ids = sorted(s.scalars(select(DormRoom.id)))
    for m in moves:
        try:
            with database.session_scope() as s:
                dorm.move(s, stays[m % len(stays)], room_ids[m % len(room_ids)])
        except ValidationError:
            pass
    _check_rules(database)


def test_dorm_commands(db_path, capsys):
    import json as json_module

    from desktop_app.db import open_database
    from tests.db.test_cli import run

    other = open_database(db_path)
    _rooms(other, [("D201", 2, 4, False)])
    run_id, _m, _ = _run(other, [("남일", "남", "가초등학교"), ("여일", "여", "가초등학교")])
    with other.read_scope() as s:
        run_code = s.get(CourseRun, run_id).code
    other.dispose()
    out = run(capsys, "--db", db_path, "dorm", "assign", "--run", run_code, "--dry-run")[1]
    assert "1명 배정" in out and "여일: 여성이 묵을 수 있는 객실에 빈 침대가 없습니다" in out
    assert json_module.loads(run(capsys, "--db", db_path, "dorm", "list", "--run", run_code,
                                 "--json")[1])[0]["room"] is None     # the dry run wrote nothing
    run(capsys, "--db", db_path, "dorm", "assign", "--run", run_code)
    listed = json_module.loads(run(capsys, "--db", db_path, "dorm", "list", "--run", run_code,
                                   "--json")[1])
    assert {(r["name"], r["room"]) for r in listed} == {("남일", "D201"), ("여일", None)}
    assert {"name", "gender", "room", "bed", "first_night", "last_night"} <= set(listed[0])


def test_meal_counts_follow_the_stays_and_the_papers_print(database, tmp_path):
    from desktop_app.services import dorm_print

    _rooms(database, [("D201", 2, 4, False), ("D202", 2, 4, False)])
    run_id, made, _ = _run(database, [("남일", "남", "가초등학교"), ("여일", "여", "가초등학교"),
                                      ("여이", "여", "나초등학교")])
    with database.session_scope() as s:
        dorm.assign(s, [run_id])
        stay = s.scalar(select(Stay.id).where(Stay.gender == "남"))
    with clock.fixed(START), database.session_scope() as s:
        dorm.check_in(s, stay)
    with clock.fixed(date(2021, 5, 12)), database.session_scope() as s:
        dorm.check_out(s, stay)          # leaves on the 12th: nights 10 and 11 only
    with database.read_scope() as s:
        counts = dorm_print.meal_counts(s, date(2021, 5, 9), date(2021, 5, 15))
        papers = {kind: dorm_print.print_dorm(s, run_id, tmp_path / f"{kind}.pdf", kind)
                  for kind in dorm_print.KINDS}
    as_table = {d.day: (b, lu, di) for d, b, lu, di in counts}
    assert as_table[9] == (0, 0, 0)
    assert as_table[10] == (0, 3, 3)       # arrive: lunch (the run's working day), dinner
    assert as_table[11] == (3, 3, 3)
    assert as_table[12] == (3, 3, 2)       # he left after breakfast and lunch
    assert as_table[14] == (2, 3, 0)       # last day: breakfast, lunch, no night
    assert as_table[15] == (0, 0, 0)
    assert all(p.exists() for p in papers.values())
    with pytest.raises(ValidationError, match="종류"):
        with database.read_scope() as s:
            dorm_print.print_dorm(s, run_id, tmp_path / "x.pdf", "menu")


def test_rooms_closures_and_floors_from_the_desk(database):
    with database.session_scope() as s:
        room = dorm.add_dorm_room(s, "D501", 5, 2)
        with pytest.raises(ValidationError, match="이미 있습니다"):
            dorm.add_dorm_room(s, "D501", 5, 2)
    run_id, _m, _ = _run(database, [("남일", "남", "가초등학교")])
    with database.session_scope() as s:
        dorm.assign(s, [run_id])
    with database.session_scope() as s:
        assert dorm.close_room(s, room, date(2021, 5, 12), date(2021, 5, 20), "누수") == ["남일"]
        with pytest.raises(ValidationError, match="다른 성별"):
            dorm.keep_floor(s, 5, "여", START, END)
        dorm.keep_floor(s, 5, "남", START, END)
        guest = dorm.add_guest_stay(s, "초빙강사", "여", START, START)
    with database.session_scope() as s:
        result = dorm.assign(s, [run_id])
    assert result.placed == 0 and "사용 중지" in result.unplaced[0].reason   # room closed now
    with database.read_scope() as s:
        assert s.get(Stay, guest).guest_name == "초빙강사"
