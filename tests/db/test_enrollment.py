"""Registration rules: seats, waitlist order, promotion, overlaps, remote limit, history."""

import threading
from datetime import date

import pytest

from desktop_app.errors import ConflictError, OverlapError, ValidationError
from desktop_app.services import enrollment, runs, settings
from desktop_app.services.enrollment import roster_ids, roster_rows
from tests.factories import ACTOR, make_course_with_run, make_people, make_person


def _statuses(database, run_id):
    with database.read_scope() as s:
        return [(r.person_id, r.status, r.waitlist_rank)
                for r in roster_rows(s, roster_ids(s, run_id))]


def test_front_desk_fills_the_run_then_waitlists_in_order(database):
    _c, run_id = make_course_with_run(database, capacity=2)
    people = make_people(database, 4)
    with database.session_scope() as s:
        results = [enrollment.enroll(s, run_id, p, ACTOR) for p in people]
    assert [r.status for r in results] == ["선발", "선발", "대기", "대기"]
    assert [r.waitlist_rank for r in results] == [None, None, 1, 2]
    with database.read_scope() as s:
        row = runs.run_row(s, run_id)
        assert (row.selected, row.waitlisted, row.seats_left) == (2, 2, 0)


def test_cancelling_a_seat_promotes_the_first_waitlisted(database):
    _c, run_id = make_course_with_run(database, capacity=2)
    a, b, c, d = make_people(database, 4)
    with database.session_scope() as s:
        ids = {p: enrollment.enroll(s, run_id, p, ACTOR).enrollment_id for p in (a, b, c, d)}
    with database.session_scope() as s:
        promoted = enrollment.cancel(s, ids[a], ACTOR, "개인 사정", expected_status="선발")
    assert promoted == [ids[c]]
    assert sorted(_statuses(database, run_id)) == sorted(
        [(b, "선발", None), (c, "선발", None), (d, "대기", 1), (a, "취소", None)])
    with database.read_scope() as s:
        history = enrollment.history(s, ids[c])
        assert [(e.from_status, e.to_status) for e in history] == [(None, "대기"), ("대기", "선발")]
        assert history[-1].actor == ACTOR and history[-1].reason.startswith("취소로 자리")
        assert isinstance(history[-1].at, type(history[0].at))


def test_cancelling_a_waitlisted_person_keeps_the_line(database):
    _c, run_id = make_course_with_run(database, capacity=1)
    a, b, c, d = make_people(database, 4)
    with database.session_scope() as s:
        ids = [enrollment.enroll(s, run_id, p, ACTOR).enrollment_id for p in (a, b, c, d)]
    with database.session_scope() as s:
        assert enrollment.cancel(s, ids[2], ACTOR, "중복 신청") == []
    assert [(p, st, r) for p, st, r in _statuses(database, run_id) if st == "대기"] == [
        (b, "대기", 1), (d, "대기", 2)]


def test_apply_then_bulk_select_in_application_order(database):
    _c, run_id = make_course_with_run(database, capacity=2)
    people = make_people(database, 3)
    with database.session_scope() as s:
        for p in people:
            enrollment.apply(s, run_id, p, ACTOR)
    with database.read_scope() as s:
        assert runs.run_row(s, run_id).applied == 3
    with database.session_scope() as s:
        assert enrollment.select_applicants(s, run_id, ACTOR) == (2, 1)
    assert [st for _p, st, _r in _statuses(database, run_id)] == ["선발", "선발", "대기"]
    with database.read_scope() as s:
        row = runs.run_row(s, run_id)
        assert (row.applied, row.selected, row.waitlisted) == (0, 2, 1)


def test_manual_select_refused_when_full_and_waitlist_only_from_applied(database):
    _c, run_id = make_course_with_run(database, capacity=1)
    a, b = make_people(database, 2)
    with database.session_scope() as s:
        ea = enrollment.apply(s, run_id, a, ACTOR)
        eb = enrollment.apply(s, run_id, b, ACTOR)
        enrollment.select_one(s, ea, ACTOR)
    with pytest.raises(ValidationError, match="정원\\(1명\\)이 찼습니다"):
        with database.session_scope() as s:
            enrollment.select_one(s, eb, ACTOR)
    with database.session_scope() as s:
        assert enrollment.waitlist(s, eb, ACTOR) == 1
    with pytest.raises(ValidationError, match="신청 상태만"):
        with database.session_scope() as s:
            enrollment.waitlist(s, ea, ACTOR)


def test_stale_screen_is_told_the_status_moved(database):
    _c, run_id = make_course_with_run(database, capacity=3)
    [a] = make_people(database, 1)
    with database.session_scope() as s:
        eid = enrollment.apply(s, run_id, a, ACTOR)
    with database.session_scope() as s:
        enrollment.cancel(s, eid, ACTOR, "본인 요청")
    with pytest.raises(ConflictError, match="'취소'"):
        with database.session_scope() as s:
            enrollment.select_one(s, eid, ACTOR, expected_status="신청")


def test_same_person_twice_and_reapply_after_cancel(database):
    _c, run_id = make_course_with_run(database, capacity=3)
    [a] = make_people(database, 1)
    with database.session_scope() as s:
        eid = enrollment.enroll(s, run_id, a, ACTOR).enrollment_id
    with pytest.raises(ValidationError, match="이미 이 기수에 '선발'"):
        with database.session_scope() as s:
            enrollment.enroll(s, run_id, a, ACTOR)
    with database.session_scope() as s:
        enrollment.cancel(s, eid, ACTOR, "착오")
        again = enrollment.apply(s, run_id, a, ACTOR)
    assert again == eid
    with database.read_scope() as s:
        assert [e.to_status for e in enrollment.history(s, eid)] == ["선발", "취소", "신청"]
        assert runs.run_row(s, run_id).applied == 1


def test_cancel_needs_a_reason(database):
    _c, run_id = make_course_with_run(database)
    [a] = make_people(database, 1)
    with database.session_scope() as s:
        eid = enrollment.enroll(s, run_id, a, ACTOR).enrollment_id
    with pytest.raises(ValidationError, match="취소 사유"):
        with database.session_scope() as s:
            enrollment.cancel(s, eid, ACTOR, "")


def test_overlapping_in_person_runs_need_a_recorded_reason(database):
    _c1, first = make_course_with_run(database, start=date(2021, 5, 10), end=date(2021, 5, 12))
    _c2, second = make_course_with_run(database, title="겹치는 과정", start=date(2021, 5, 12),
                                       end=date(2021, 5, 14))
    _c3, later = make_course_with_run(database, title="다음 주 과정", start=date(2021, 5, 13),
                                      end=date(2021, 5, 14))
    _c4, remote = make_course_with_run(database, title="원격 과정", delivery="원격",
                                       start=date(2021, 5, 1), end=date(2021, 5, 31))
    [a] = make_people(database, 1)
    with database.session_scope() as s:
        enrollment.enroll(s, first, a, ACTOR)
        enrollment.enroll(s, later, a, ACTOR)   # 13–14 May: no clash with 10–12
        enrollment.enroll(s, remote, a, ACTOR)  # remote runs do not clash
    with pytest.raises(OverlapError) as info:
        with database.session_scope() as s:
            enrollment.enroll(s, second, a, ACTOR)
    assert info.value.conflicting_run_codes == ["2021-001-01", "2021-003-01"]
    assert "사유" in info.value.message
    with database.session_scope() as s:
        result = enrollment.enroll(s, second, a, ACTOR, override_reason="부서장 승인(공문 123호)")
    with database.read_scope() as s:
        [row] = [r for r in roster_rows(s, roster_ids(s, second))]
        assert row.override_reason == "부서장 승인(공문 123호)"
        assert "부서장 승인" in enrollment.history(s, result.enrollment_id)[0].reason


def test_remote_runs_at_most_three_at_once(database):
    person = make_person(database)
    months = [(date(2021, 3, 1), date(2021, 6, 30)), (date(2021, 4, 1), date(2021, 7, 31)),
              (date(2021, 5, 1), date(2021, 8, 31)), (date(2021, 6, 1), date(2021, 6, 30)),
              (date(2021, 9, 1), date(2021, 9, 30))]
    run_ids = [make_course_with_run(database, title=f"원격 {i}", delivery="원격", start=s, end=e)[1]
               for i, (s, e) in enumerate(months)]
    with database.session_scope() as s:
        for run_id in run_ids[:3]:
            enrollment.enroll(s, run_id, person, ACTOR)
    with pytest.raises(ValidationError, match="3개까지만"):
        with database.session_scope() as s:
            enrollment.enroll(s, run_ids[3], person, ACTOR)
    with database.session_scope() as s:
        enrollment.enroll(s, run_ids[4], person, ACTOR)  # September: only one at a time
        settings.set_values(s, {"remote_max_concurrent": 4})
    with database.session_scope() as s:
        enrollment.enroll(s, run_ids[3], person, ACTOR)


def test_remote_limit_counts_only_what_runs_at_the_same_time(database):
    person = make_person(database)
    short = [(date(2021, m, 1), date(2021, m, 28)) for m in (1, 2, 3)]
    run_ids = [make_course_with_run(database, title=f"원격 {m}", delivery="실시간", start=s, end=e)[1]
               for m, (s, e) in enumerate(short)]
    _c, year_long = make_course_with_run(database, title="연중 원격", delivery="원격",
                                         start=date(2021, 1, 1), end=date(2021, 12, 31))
    with database.session_scope() as s:
        for run_id in run_ids + [year_long]:  # never more than two at once
            enrollment.enroll(s, run_id, person, ACTOR)


def test_merged_or_missing_people_and_closed_runs(database):
    from desktop_app.errors import NotFoundError

    _c, run_id = make_course_with_run(database)
    with pytest.raises(NotFoundError):
        with database.session_scope() as s:
            enrollment.enroll(s, run_id, 9999, ACTOR)
    [a] = make_people(database, 1)
    with pytest.raises(NotFoundError):
        with database.session_scope() as s:
            enrollment.enroll(s, 9999, a, ACTOR)


def test_unlimited_run_never_waitlists(database):
    _c, run_id = make_course_with_run(database, capacity=None, delivery="원격")
    people = make_people(database, 5)
    with database.session_scope() as s:
        assert {enrollment.enroll(s, run_id, p, ACTOR).status for p in people} == {"선발"}


def test_person_page_lists_their_enrolments(database):
    _c1, r1 = make_course_with_run(database, capacity=0, start=date(2021, 3, 1),
                                   end=date(2021, 3, 2))
    _c2, r2 = make_course_with_run(database, title="둘째", start=date(2021, 9, 1),
                                   end=date(2021, 9, 2))
    [a] = make_people(database, 1)
    with database.session_scope() as s:
        enrollment.enroll(s, r1, a, ACTOR)
        enrollment.enroll(s, r2, a, ACTOR)
    with database.read_scope() as s:
        rows = enrollment.enrollments_of_person(s, a)
    assert [(r.course_title, r.status, r.waitlist_rank) for r in rows] == [
        ("둘째", "선발", None), ("초등 수업 나눔 직무연수", "대기", 1)]


@pytest.mark.parametrize("seats, pcs", [(1, 2), (3, 8)])
def test_capacity_holds_when_pcs_register_at_the_same_moment(database, seats, pcs):
    """Several connections (front-desk PCs) enrol different people into one run at once."""
    _c, run_id = make_course_with_run(database, capacity=seats)
    people = make_people(database, pcs)
    start = threading.Barrier(pcs)
    outcomes, errors = [], []

    def front_desk(person_id):
        try:
            start.wait(timeout=10)
            with database.session_scope() as s:
                outcomes.append(enrollment.enroll(s, run_id, person_id, f"창구{person_id}").status)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=front_desk, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(outcomes) == sorted(["선발"] * seats + ["대기"] * (pcs - seats))
    with database.read_scope() as s:
        rows = roster_rows(s, roster_ids(s, run_id))
        row = runs.run_row(s, run_id)
    assert sum(r.status == "선발" for r in rows) == seats == row.selected
    assert sorted(r.waitlist_rank for r in rows if r.status == "대기") == list(
        range(1, pcs - seats + 1))


def test_two_connections_cancel_and_enrol_at_once_keep_counts_true(database):
    _c, run_id = make_course_with_run(database, capacity=2)
    people = make_people(database, 6)
    with database.session_scope() as s:
        ids = [enrollment.enroll(s, run_id, p, ACTOR).enrollment_id for p in people[:4]]
    barrier = threading.Barrier(2)
    errors = []

    def cancel_first():
        try:
            barrier.wait(timeout=10)
            with database.session_scope() as s:
                enrollment.cancel(s, ids[0], "창구1", "취소")
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    def enrol_more():
        try:
            barrier.wait(timeout=10)
            with database.session_scope() as s:
                enrollment.enroll(s, run_id, people[4], "창구2")
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=cancel_first), threading.Thread(target=enrol_more)]
    [t.start() for t in threads]
    [t.join(timeout=60) for t in threads]
    assert errors == []
    with database.read_scope() as s:
        rows = roster_rows(s, roster_ids(s, run_id))
        row = runs.run_row(s, run_id)
    selected = [r for r in rows if r.status == "선발"]
    waiting = [r for r in rows if r.status == "대기"]
    assert len(selected) == row.selected == 2
    assert len(waiting) == row.waitlisted == 2


def _with_apply_window(database, run_id, start, end):
    with database.session_scope() as s:
        run = runs.get_run(s, run_id)
        run.apply_start, run.apply_end = start, end


@pytest.mark.parametrize("today, phase", [
    (date(2021, 5, 1), "모집 마감"), (date(2021, 5, 11), "진행 중"), (date(2021, 5, 13), "종료")])
def test_late_registration_needs_a_reason_and_keeps_it(database, today, phase):
    from desktop_app.errors import LateRegistrationError
    from desktop_app.services import clock

    _c, run_id = make_course_with_run(database)  # 2021-05-10 ~ 05-12
    _with_apply_window(database, run_id, date(2021, 4, 1), date(2021, 4, 30))
    [a] = make_people(database, 1)
    with clock.fixed(today):
        for use_case in (enrollment.enroll, enrollment.apply):
            with pytest.raises(LateRegistrationError, match=f"'{phase}' 상태") as caught:
                with database.session_scope() as s:
                    use_case(s, run_id, a, ACTOR)
            assert caught.value.phase == phase
        with database.read_scope() as s:
            assert roster_ids(s, run_id) == []
        with database.session_scope() as s:
            result = enrollment.enroll(s, run_id, a, ACTOR, late_reason="사후 승인")
        with database.read_scope() as s:
            [event] = enrollment.history(s, result.enrollment_id)
            assert "늦은 신청 사유: 사후 승인" in event.reason and event.at.date() == today


def test_registration_before_and_during_the_application_period_needs_no_reason(database):
    from desktop_app.services import clock

    _c, run_id = make_course_with_run(database)
    _with_apply_window(database, run_id, date(2021, 4, 1), date(2021, 4, 30))
    a, b = make_people(database, 2)
    for today, person in ((date(2021, 3, 1), a), (date(2021, 4, 30), b)):  # 모집 예정, 모집 중
        with clock.fixed(today), database.session_scope() as s:
            enrollment.enroll(s, run_id, person, ACTOR)


def test_restore_follows_the_rules_of_a_new_registration(database):
    _c, run_id = make_course_with_run(database, capacity=1)
    applicant, holder, waiting = make_people(database, 3)
    with database.session_scope() as s:
        applied = enrollment.apply(s, run_id, applicant, ACTOR)
        seat = enrollment.enroll(s, run_id, holder, ACTOR).enrollment_id
        enrollment.enroll(s, run_id, waiting, ACTOR)
        enrollment.cancel(s, applied, ACTOR, "본인 요청")
        enrollment.cancel(s, seat, ACTOR, "본인 요청")  # the seat goes to the waiting person
    with pytest.raises(ValidationError, match="복원 사유"):
        with database.session_scope() as s:
            enrollment.restore(s, seat, ACTOR, " ")
    with database.session_scope() as s:
        again = enrollment.restore(s, applied, ACTOR, "착오 취소")
        back = enrollment.restore(s, seat, ACTOR, "착오 취소")
    assert again.status == "신청"                  # it was only an application
    assert (back.status, back.waitlist_rank) == ("대기", 1)  # its seat is taken now
    with database.read_scope() as s:
        assert enrollment.history(s, seat)[-1].reason.startswith("취소 복원: 착오 취소")
        run = runs.get_run(s, run_id)
        assert (run.selected_count, run.applied_count, run.waitlist_count) == (1, 1, 1)
    with pytest.raises(ConflictError, match="취소된 신청이 아닙니다"):
        with database.session_scope() as s:
            enrollment.restore(s, seat, ACTOR, "두 번")


def test_a_run_that_started_is_not_late_while_its_applications_are_open(database):
    from desktop_app.services import clock

    _c, run_id = make_course_with_run(database)  # 2021-05-10 ~ 05-12
    _with_apply_window(database, run_id, date(2021, 4, 1), date(2021, 5, 11))
    a, b = make_people(database, 2)
    with clock.fixed(date(2021, 5, 11)), database.session_scope() as s:
        enrollment.enroll(s, run_id, a, ACTOR)  # 진행 중, but the office still takes them
    with clock.fixed(date(2021, 5, 12)):
        with pytest.raises(ValidationError, match="'진행 중' 상태"):
            with database.session_scope() as s:
                enrollment.enroll(s, run_id, b, ACTOR)
