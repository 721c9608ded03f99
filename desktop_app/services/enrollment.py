"""Registration: apply (신청), select (선발), waitlist (대기), cancel (취소), promotion.

Rules kept here:

* A run's capacity is never exceeded.  Every change to a run's roster first locks the run row
  (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite writers are serialized by ``BEGIN IMMEDIATE``),
  so two PCs registering at the same moment queue instead of both taking the last seat.
* When a seat frees, the first waitlisted person is selected automatically.
* A person cannot hold two in-person runs whose dates overlap unless the user gives a reason,
  which is recorded.  Remote runs do not clash with anything but are limited to N at once
  (setting ``remote_max_concurrent``, 3 by default).
* Every status change appends an :class:`EnrollmentEvent` (who, when, from, to, why).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from . import masking
from ..db import who_of
from ..errors import (ConflictError, LateRegistrationError, NotFoundError, OverlapError,
                      ValidationError)
from ..models import Course, CourseRun, Enrollment, EnrollmentEvent, Organization, Person
from . import clock, run_phase, settings
from .certificate_guard import refuse_if_certified
from .bulk_sql import in_values
from .common import clean
from .reference import REMOTE_DELIVERIES
from .values import reason_text

APPLIED, SELECTED, WAITLISTED, CANCELLED = "신청", "선발", "대기", "취소"
ACTIVE = (APPLIED, SELECTED, WAITLISTED)
STATUSES = (APPLIED, SELECTED, WAITLISTED, CANCELLED)
_COUNTER = {APPLIED: "applied_count", SELECTED: "selected_count", WAITLISTED: "waitlist_count"}


# ------------------------------------------------------------------ locking and counters


def lock_run(session: Session, run_id: int) -> CourseRun:
    """Load a run with a row lock, refreshed from the database."""
    run = session.scalars(
        select(CourseRun).where(CourseRun.id == run_id).with_for_update()
        .execution_options(populate_existing=True)).one_or_none()
    if run is None:
        raise NotFoundError("기수를 찾을 수 없습니다 (다른 사용자가 지웠을 수 있습니다).", field="기수")
    return run


def _lock_person(session: Session, person_id: int) -> None:
    """Lock the person's row so two PCs cannot give one person two clashing runs at once."""
    row = session.execute(
        select(Person.id, Person.merged_into_id).where(Person.id == person_id)
        .with_for_update()).one_or_none()
    if row is None:
        raise NotFoundError("연수생을 찾을 수 없습니다 (다른 사용자가 지웠을 수 있습니다).", field="연수생")
    if row.merged_into_id is not None:
        raise ValidationError("다른 기록으로 병합된 연수생입니다. 병합된 기록으로 신청하십시오.",
                              field="연수생")


def bump_counters(session: Session, run: CourseRun, **deltas: int) -> None:
    """Change the run's counters without touching its version (they are not user edits)."""
    table = CourseRun.__table__
    values = {name: table.c[name] + delta for name, delta in deltas.items() if delta}
    if not values:
        return
    session.execute(update(table).where(table.c.id == run.id).values(**values))
    for name, delta in deltas.items():
        set_committed_value(run, name, getattr(run, name) + delta)


def _record(session: Session, enrollment: Enrollment, from_status: str | None, to_status: str,
            actor: str, reason: str) -> None:
    session.add(EnrollmentEvent(enrollment_id=enrollment.id, at=clock.now(session), actor=actor,
                                from_status=from_status, to_status=to_status,
                                reason=reason or ""))


def _move(session: Session, enrollment: Enrollment, run: CourseRun, to_status: str, actor: str,
          reason: str) -> None:
    """Change status, keep the run's counters and the waitlist order, write history."""
    from_status = enrollment.status if enrollment.id is not None else None
    if from_status == SELECTED and to_status != SELECTED and enrollment.completion == "이수":
        refuse_if_certified(session, [enrollment.id], f"'{to_status}'(으)로 바꿀")
    deltas: dict[str, int] = {}
    if from_status in _COUNTER:
        deltas[_COUNTER[from_status]] = -1
    if to_status in _COUNTER:
        deltas[_COUNTER[to_status]] = deltas.get(_COUNTER[to_status], 0) + 1
    if to_status == WAITLISTED:
        deltas["waitlist_seq"] = 1
    bump_counters(session, run, **deltas)
    enrollment.status = to_status
    enrollment.waitlist_pos = run.waitlist_seq if to_status == WAITLISTED else None
    enrollment.status_changed_at = clock.now(session)
    _record(session, enrollment, from_status, to_status, actor, reason)


def _has_seat(run: CourseRun) -> bool:
    return run.capacity is None or run.selected_count < run.capacity


# ------------------------------------------------------------------ person rules


def _is_remote(course: Course) -> bool:
    return course.delivery in REMOTE_DELIVERIES


def overlapping_enrollments(session: Session, run: CourseRun,
                            person_ids: list[int]) -> dict[int, list]:
    """person → their active enrolments in other open runs sharing a day with ``run``
    (one query for them all: the import checks a whole file at once)."""
    found: dict[int, list] = {pid: [] for pid in person_ids}
    if not person_ids:
        return found
    rows = session.execute(
        select(Enrollment.person_id, CourseRun.code, CourseRun.start_date,
               CourseRun.end_date, Course.title, Course.delivery)
        .join(CourseRun, Enrollment.run_id == CourseRun.id)
        .join(Course, Course.id == CourseRun.course_id)
        .where(in_values(session, Enrollment.person_id, person_ids), Enrollment.status.in_(ACTIVE),
               CourseRun.status == "개설", CourseRun.id != run.id,
               CourseRun.start_date <= run.end_date, CourseRun.end_date >= run.start_date)
        .order_by(CourseRun.start_date))
    for row in rows:
        found[row.person_id].append(row)
    return found


def person_rule_problem(run: CourseRun, others: list, remote_limit: int,
                        override_reason: str | None) -> ValidationError | None:
    """The refusal the person rules give for joining ``run`` while holding ``others`` (from
    :func:`overlapping_enrollments`), or None: remote runs are limited to ``remote_limit`` at
    once; in-person runs may not share a day unless a reason is given (:class:`OverlapError`).
    """
    if _is_remote(run.course):
        remote = [o for o in others if o.delivery in REMOTE_DELIVERIES]
        spans = [(o.start_date, o.end_date) for o in remote]
        if _max_concurrent(run.start_date, spans) >= remote_limit:
            names = ", ".join(f"{o.code} {o.title}" for o in remote)
            return ValidationError(
                f"원격 연수는 같은 기간에 {remote_limit}개까지만 들을 수 있습니다. "
                f"이미 수강 중: {names}", field="기수")
        return None
    clashes = [o for o in others if o.delivery not in REMOTE_DELIVERIES]
    if clashes and not clean(override_reason):
        lines = "; ".join(f"{o.code} {o.title} ({o.start_date}~{o.end_date})" for o in clashes)
        return OverlapError(f"기간이 겹치는 다른 연수를 이미 신청했습니다: {lines}. "
                            "그래도 신청하려면 사유를 입력하십시오.",
                            [o.code for o in clashes])
    return None


def _check_person_rules(session: Session, person_id: int, run: CourseRun,
                        override_reason: str | None) -> None:
    others = overlapping_enrollments(session, run, [person_id])[person_id]
    problem = person_rule_problem(run, others, settings.get(session, "remote_max_concurrent"),
                                  override_reason)
    if problem is not None:
        raise problem


def _max_concurrent(new_start: date, spans: list[tuple[date, date]]) -> int:
    """Most of ``spans`` running on any one day of the new run (all spans overlap it)."""
    points = {new_start} | {s for s, _e in spans if s >= new_start}
    return max((sum(1 for s, e in spans if s <= day <= e) for day in points), default=0)


# ------------------------------------------------------------------ use cases


@dataclass(frozen=True)
class EnrollResult:
    """Outcome of a front-desk registration."""

    enrollment_id: int
    status: str
    waitlist_rank: int | None


@dataclass(frozen=True)
class _Prepared:
    """A checked registration, ready to be saved."""

    run: CourseRun
    enrollment: Enrollment
    is_new: bool
    previous_status: str | None  # the status before a cancellation, when restoring one
    notes: str  # the reasons given to allow it, for the history


def refuse_late(run: CourseRun, today: date, late_reason: str | None) -> str:
    """The 늦은 신청 사유 when registering today is late; refused without it."""
    current = run_phase.late_phase(run, today)
    if current is None:
        return ""
    if late_reason:
        return late_reason
    when = {run_phase.APPLICATIONS_CLOSED: f"신청 마감 {run.apply_end}",
            run_phase.RUNNING: f"{run.start_date}에 시작",
            run_phase.ENDED: f"{run.end_date}에 종료"}[current]
    raise LateRegistrationError(
        f"{run.code} {run.course.title}: 지금 '{current}' 상태입니다 ({when}). "
        "그래도 등록하려면 늦은 신청 사유를 입력하십시오.", current)


def _prepare(session: Session, run_id: int, person_id: int, override_reason: str | None,
             late_reason: str | None) -> _Prepared:
    """Common checks of apply/enroll/restore: the run is open, the person is not on it yet,
    a late registration has its reason, the person's other runs allow it."""
    _lock_person(session, person_id)
    run = lock_run(session, run_id)
    if run.status != "개설" or run.course.status != "운영":
        raise ValidationError(f"{run.code}은(는) 폐강된 기수라 신청할 수 없습니다.", field="기수")
    existing = session.scalars(select(Enrollment).where(
        Enrollment.run_id == run.id, Enrollment.person_id == person_id)).one_or_none()
    if existing is not None and existing.status != CANCELLED:
        raise ValidationError(f"이미 이 기수에 '{existing.status}' 상태로 있습니다.", field="연수생")
    late = refuse_late(run, clock.today(session),
                        reason_text(late_reason, "늦은 신청 사유", None) or None)
    override_reason = reason_text(override_reason, "사유", None) or None
    _check_person_rules(session, person_id, run, override_reason)
    notes = "".join(f" ({label}: {why})" for label, why in (
        ("늦은 신청 사유", late), ("기간 중복 허용 사유", override_reason)) if why)
    stamp = clock.now(session)
    if existing is None:
        existing = Enrollment(run_id=run.id, person_id=person_id, status=APPLIED,
                              applied_at=stamp, status_changed_at=stamp,
                              override_reason=override_reason)
        return _Prepared(run, existing, True, None, notes)
    previous = session.scalars(
        select(EnrollmentEvent.from_status)
        .where(EnrollmentEvent.enrollment_id == existing.id,
               EnrollmentEvent.to_status == CANCELLED)
        .order_by(EnrollmentEvent.id.desc()).limit(1)).first()
    existing.override_reason = override_reason
    existing.applied_at = stamp
    return _Prepared(run, existing, False, previous, notes)


def _insert(session: Session, run: CourseRun, enrollment: Enrollment, to_status: str,
            actor: str, reason: str) -> None:
    """Save a new enrolment straight into ``to_status`` with one history row."""
    enrollment.status = to_status
    deltas = {_COUNTER[to_status]: 1}
    if to_status == WAITLISTED:
        deltas["waitlist_seq"] = 1
    bump_counters(session, run, **deltas)
    enrollment.waitlist_pos = run.waitlist_seq if to_status == WAITLISTED else None
    session.add(enrollment)
    session.flush()
    _record(session, enrollment, None, to_status, actor, reason)


def _save(session: Session, prepared: _Prepared, to_status: str, actor: str,
          reason: str) -> None:
    if prepared.is_new:
        _insert(session, prepared.run, prepared.enrollment, to_status, actor,
                reason + prepared.notes)
    else:
        _move(session, prepared.enrollment, prepared.run, to_status, actor,
              reason + prepared.notes)


def apply(session: Session, run_id: int, person_id: int, actor: str, *,
          override_reason: str | None = None, late_reason: str | None = None,
          reason: str = "") -> int:
    """신청: put a person on a run's applicant list; returns the enrolment id."""
    prepared = _prepare(session, run_id, person_id, override_reason, late_reason)
    _save(session, prepared, APPLIED, actor,
          reason or ("신청 접수" if prepared.is_new else "재신청"))
    return prepared.enrollment.id


def _seat_or_waitlist(session: Session, prepared: _Prepared, actor: str,
                      reasons: tuple[str, str]) -> EnrollResult:
    """선발 while a seat is free, else 대기 at the end of the line."""
    to_status = SELECTED if _has_seat(prepared.run) else WAITLISTED
    _save(session, prepared, to_status, actor, reasons[0 if to_status == SELECTED else 1])
    enrollment = prepared.enrollment
    rank = waitlist_rank(session, enrollment) if to_status == WAITLISTED else None
    return EnrollResult(enrollment.id, to_status, rank)


def enroll(session: Session, run_id: int, person_id: int, actor: str, *,
           override_reason: str | None = None,
           late_reason: str | None = None) -> EnrollResult:
    """Front-desk registration: selected while a seat is free, waitlisted after.

    A run past its application period needs ``late_reason`` (:class:`LateRegistrationError`
    names the phase otherwise); dates overlapping another in-person run need
    ``override_reason`` (:class:`OverlapError`).  Both are kept in the history.
    """
    prepared = _prepare(session, run_id, person_id, override_reason, late_reason)
    return _seat_or_waitlist(session, prepared, actor,
                             ("창구 등록: 자리가 있어 선발", "창구 등록: 정원이 차서 대기"))


def restore(session: Session, enrollment_id: int, actor: str, reason: str, *,
            override_reason: str | None = None,
            late_reason: str | None = None) -> EnrollResult:
    """취소 복원: bring a cancelled enrolment back under the rules of a new registration.

    One that was only 신청 becomes 신청 again; one that held a seat or a place in line gets a
    seat when one is free, else goes to the end of the waitlist.  The run must be open, and
    the late-registration and overlap rules apply as for :func:`enroll`.
    """
    reason = reason_text(reason, "복원 사유", "복원 사유를 입력하십시오.")
    row = session.execute(select(Enrollment.run_id, Enrollment.person_id, Enrollment.status)
                          .where(Enrollment.id == enrollment_id)).one_or_none()
    if row is None:
        raise NotFoundError("신청 기록을 찾을 수 없습니다.")
    if row.status != CANCELLED:
        raise ConflictError(f"취소된 신청이 아닙니다 (지금 '{row.status}'). 목록을 새로 고치십시오.")
    prepared = _prepare(session, row.run_id, row.person_id, override_reason, late_reason)
    why = f"취소 복원: {reason}"
    if prepared.previous_status == APPLIED:
        _save(session, prepared, APPLIED, actor, why)
        return EnrollResult(prepared.enrollment.id, APPLIED, None)
    return _seat_or_waitlist(session, prepared, actor,
                             (f"{why} (자리가 있어 선발)", f"{why} (정원이 차서 대기)"))


def _load_locked(session: Session, enrollment_id: int,
                 expected_status: str | None) -> tuple[Enrollment, CourseRun]:
    """The enrolment, read after its run is locked, so its status cannot move under us."""
    run_id = session.scalar(select(Enrollment.run_id).where(Enrollment.id == enrollment_id))
    if run_id is None:
        raise NotFoundError("신청 기록을 찾을 수 없습니다.")
    run = lock_run(session, run_id)
    enrollment = session.get(Enrollment, enrollment_id, populate_existing=True)
    if expected_status is not None and enrollment.status != expected_status:
        raise ConflictError(f"다른 사용자가 먼저 상태를 '{enrollment.status}'(으)로 바꿨습니다. "
                            "목록을 새로 고친 뒤 다시 하십시오.")
    return enrollment, run


def select_one(session: Session, enrollment_id: int, actor: str, *, reason: str = "",
               expected_status: str | None = None) -> None:
    """선발: give the person a seat (from 신청 or 대기); refused when the run is full."""
    enrollment, run = _load_locked(session, enrollment_id, expected_status)
    if enrollment.status not in (APPLIED, WAITLISTED):
        raise ValidationError(f"'{enrollment.status}' 상태에서는 선발할 수 없습니다.", field="상태")
    if not _has_seat(run):
        raise ValidationError(f"정원({run.capacity}명)이 찼습니다. 대기로 등록하거나 정원을 늘리십시오.",
                              field="정원")
    _move(session, enrollment, run, SELECTED, actor, reason or "선발")


def waitlist(session: Session, enrollment_id: int, actor: str, *, reason: str = "",
             expected_status: str | None = None) -> int:
    """대기: put an applicant at the end of the waitlist; returns their rank."""
    enrollment, run = _load_locked(session, enrollment_id, expected_status)
    if enrollment.status != APPLIED:
        raise ValidationError(f"'{enrollment.status}' 상태에서는 대기로 돌릴 수 없습니다 "
                              "(신청 상태만 가능합니다).", field="상태")
    _move(session, enrollment, run, WAITLISTED, actor, reason or "대기 등록")
    return waitlist_rank(session, enrollment)


def cancel(session: Session, enrollment_id: int, actor: str, reason: str, *,
           expected_status: str | None = None) -> list[int]:
    """취소, with a reason.  A freed seat goes to the first waitlisted person.

    Returns the ids of enrolments promoted as a result.
    """
    reason = reason_text(reason, "사유", "취소 사유를 입력하십시오.")
    enrollment, run = _load_locked(session, enrollment_id, expected_status)
    if enrollment.status not in ACTIVE:
        raise ValidationError(f"'{enrollment.status}' 상태는 취소할 수 없습니다.", field="상태")
    _move(session, enrollment, run, CANCELLED, actor, reason)
    return fill_free_seats(session, run, actor, "취소로 자리가 생겨 대기자 자동 선발")


def fill_free_seats(session: Session, run: CourseRun, actor: str, reason: str) -> list[int]:
    """Promote waitlisted people, first in line first, while seats are free."""
    promoted = []
    if run.status != "개설":
        return promoted
    while _has_seat(run) and run.waitlist_count > 0:
        nxt = session.scalars(
            select(Enrollment).where(Enrollment.run_id == run.id,
                                     Enrollment.status == WAITLISTED)
            .order_by(Enrollment.waitlist_pos, Enrollment.id).limit(1)).first()
        if nxt is None:
            break
        _move(session, nxt, run, SELECTED, actor, reason)
        promoted.append(nxt.id)
    return promoted


def select_applicants(session: Session, run_id: int, actor: str,
                      enrollment_ids: list[int] | None = None) -> tuple[int, int]:
    """일괄 선발: applicants in order of application get seats; the rest go to the waitlist.

    ``enrollment_ids`` limits it to those applicants (in that order).  Returns
    (selected, waitlisted).
    """
    run = lock_run(session, run_id)
    if run.status != "개설":
        raise ValidationError("폐강된 기수입니다.")
    query = select(Enrollment).where(Enrollment.run_id == run.id, Enrollment.status == APPLIED)
    applicants = list(session.scalars(query.order_by(Enrollment.applied_at, Enrollment.id)))
    if enrollment_ids is not None:
        by_id = {e.id: e for e in applicants}
        applicants = [by_id[i] for i in enrollment_ids if i in by_id]
    selected = waitlisted = 0
    for enrollment in applicants:
        if _has_seat(run):
            _move(session, enrollment, run, SELECTED, actor, "일괄 선발")
            selected += 1
        else:
            _move(session, enrollment, run, WAITLISTED, actor, "일괄 선발: 정원이 차서 대기")
            waitlisted += 1
    return selected, waitlisted


def close_runs(session: Session, runs: list[CourseRun], reason: str, actor: str) -> int:
    """폐강 of runs (of one run, or of every open run of a closed course): each is closed and
    its active enrolments cancelled with history; returns how many were cancelled."""
    cancelled = 0
    for run in runs:
        run.status = "폐강"
        run.closed_reason = reason
        run.closed_at = clock.now(session)
        cancelled += cancel_all_in_run(session, run, actor, f"폐강: {reason}")
    return cancelled


def cancel_all_in_run(session: Session, run: CourseRun, actor: str, reason: str) -> int:
    """Cancel every active enrolment of a run (used when it closes)."""
    active = list(session.scalars(select(Enrollment).where(
        Enrollment.run_id == run.id, Enrollment.status.in_(ACTIVE))))
    for enrollment in active:
        _move(session, enrollment, run, CANCELLED, actor, reason)
    return len(active)


def waitlist_rank(session: Session, enrollment: Enrollment) -> int:
    """1 for the first in line."""
    ahead = session.scalar(select(func.count(Enrollment.id)).where(
        Enrollment.run_id == enrollment.run_id, Enrollment.status == WAITLISTED,
        Enrollment.waitlist_pos < enrollment.waitlist_pos))
    return (ahead or 0) + 1


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class RosterRow:
    """One person on a run's roster."""

    id: int
    person_id: int
    name: str
    birth_date: date | None
    organization: str
    neis_no: str | None
    phone: str | None
    status: str
    waitlist_rank: int | None
    applied_at: datetime
    status_changed_at: datetime
    override_reason: str | None


_STATUS_ORDER = case({SELECTED: 0, APPLIED: 1, WAITLISTED: 2, CANCELLED: 3},
                     value=Enrollment.status, else_=4)


def roster_ids(session: Session, run_id: int, status: str = "") -> list[int]:
    """Enrolment ids of a run: 선발, 신청, 대기 (in line), 취소; each by name."""
    query = (select(Enrollment.id).join(Person, Person.id == Enrollment.person_id)
             .where(Enrollment.run_id == run_id))
    if status:
        query = query.where(Enrollment.status == status)
    query = query.order_by(_STATUS_ORDER, Enrollment.waitlist_pos, Person.name, Enrollment.id)
    return list(session.scalars(query))


def roster_rows(session: Session, ids: list[int]) -> list[RosterRow]:
    """Rows for the given enrolment ids, in the same order."""
    if not ids:
        return []
    query = (select(Enrollment, Person.name, Person.birth_date, Organization.name,
                    Person.neis_no, Person.phone)
             .join(Person, Person.id == Enrollment.person_id)
             .outerjoin(Organization, Organization.id == Person.organization_id)
             .where(Enrollment.id.in_(ids)))
    found = {}
    run_ids = set()
    for enrollment, name, birth, org, neis, phone in session.execute(query):
        found[enrollment.id] = (enrollment, name, birth, org, neis, phone)
        run_ids.add(enrollment.run_id)
    ranks = waitlist_ranks(session, run_ids)
    shown = masking.viewer(who_of(session))
    out = []
    for i in ids:
        if i not in found:
            continue
        e, name, birth, org, neis, phone = found[i]
        out.append(RosterRow(e.id, e.person_id, name, shown.birth(birth), org or "",
                             shown.neis(neis), shown.phone(phone), e.status,
                             ranks.get(e.id), e.applied_at, e.status_changed_at,
                             e.override_reason))
    return out


def waitlist_ranks(session: Session, run_ids: set[int]) -> dict[int, int]:
    """enrolment id → place in its run's waiting line (1 first) for every waitlisted one."""
    ranks: dict[int, int] = {}
    if not run_ids:
        return ranks
    rows = session.execute(select(Enrollment.id, Enrollment.run_id).where(
        Enrollment.run_id.in_(run_ids), Enrollment.status == WAITLISTED)
        .order_by(Enrollment.run_id, Enrollment.waitlist_pos, Enrollment.id))
    counters: dict[int, int] = {}
    for eid, rid in rows:
        counters[rid] = counters.get(rid, 0) + 1
        ranks[eid] = counters[rid]
    return ranks


@dataclass(frozen=True)
class EventRow:
    """One history line of an enrolment."""

    at: datetime
    actor: str
    from_status: str | None
    to_status: str
    reason: str


def history(session: Session, enrollment_id: int) -> list[EventRow]:
    """An enrolment's status changes, oldest first."""
    events = session.scalars(select(EnrollmentEvent)
                             .where(EnrollmentEvent.enrollment_id == enrollment_id)
                             .order_by(EnrollmentEvent.id))
    return [EventRow(e.at, e.actor, e.from_status, e.to_status, e.reason) for e in events]


@dataclass(frozen=True)
class PersonEnrollmentRow:
    """One of a person's enrolments, for the trainee page."""

    id: int
    run_id: int
    run_code: str
    course_title: str
    start_date: date
    end_date: date
    status: str
    waitlist_rank: int | None


def enrollments_of_person(session: Session, person_id: int) -> list[PersonEnrollmentRow]:
    """Every enrolment of a person, newest run first."""
    rows = session.execute(
        select(Enrollment, CourseRun.code, Course.title, CourseRun.start_date,
               CourseRun.end_date)
        .join(CourseRun, CourseRun.id == Enrollment.run_id)
        .join(Course, Course.id == CourseRun.course_id)
        .where(Enrollment.person_id == person_id)
        .order_by(CourseRun.start_date.desc(), CourseRun.code)).all()
    ranks = waitlist_ranks(session, {e.run_id for e, *_ in rows if e.status == WAITLISTED})
    return [PersonEnrollmentRow(e.id, e.run_id, code, title, start, end, e.status,
                                ranks.get(e.id))
            for e, code, title, start, end in rows]
