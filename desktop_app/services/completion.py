"""Completion (이수): the course's rule applied to a run's selected trainees.

The rule, one function for every path (:func:`verdict`):

* attendance — attended minutes over the timetable's minutes (``attendance.tally``) must reach
  the course's ``min_attendance_pct`` (compared exactly, not after rounding); a remote (원격)
  course counts the minutes studied on the platform (``Enrollment.studied_minutes``, from its
  results file) against the course's hours, to the minute, and needs the platform's 이수일자
  (``platform_completed_on``); an in-person run without a timetable cannot be judged;
* score — where the course is evaluated (``min_score``), a score at least that;
* recognised time (:func:`recognised_minutes`) — the course's hours for an in-person
  completer; for a remote one the minutes actually studied, at most the course's hours (the
  2021 rule: playback time, to the minute); nothing otherwise.

A decision made by hand (:func:`override`, with a reason) is kept when the rule is run again,
until it is handed back to the rule (``override(result=None)``).  A rule-made decision whose
inputs change afterwards (attendance, a score, a results file) is withdrawn
(:mod:`.decision_inputs`).  Every decision is added to ``completion_event``; the enrolment
holds the one in force.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from ..errors import ConflictError, NotFoundError, ValidationError
from ..models import CompletionEvent, Course, CourseRun, Enrollment, Person
from . import attendance as attendance_service
from . import clock
from .certificate_guard import refuse_if_certified
from .enrollment import SELECTED, lock_run
from .reference import ON_PLATFORM
from .runs import get_run
from .values import reason_text

COMPLETED, NOT_COMPLETED = "이수", "미이수"
RESULTS = (COMPLETED, NOT_COMPLETED)
BACK_TO_RULE = "해제"  # a history row: the decision in force was withdrawn


@dataclass(frozen=True)
class Rule:
    """What a run's trainees must reach, read from its course."""

    hours: int | None
    min_attendance_pct: int
    min_score: int | None
    excused_counts: bool
    remote: bool          # a 원격 course: minutes studied on the platform decide

    @property
    def required_minutes(self) -> int:
        return (self.hours or 0) * 60


@dataclass(frozen=True)
class Verdict:
    """One trainee's completion as the rule (or a kept manual decision) gives it."""

    enrollment_id: int
    name: str
    result: str
    reason: str
    attendance_pct: float | None
    score: float | None
    recognised_minutes: int
    completed_on: date | None
    manual: bool = False


@dataclass(frozen=True)
class CompletionPlan:
    """The verdicts for a run, and what the officer must know before applying them."""

    run_id: int
    verdicts: tuple[Verdict, ...]
    unrecorded_cells: int   # attendance cells never entered (counted as the caller chose)
    pending: int = 0        # remote trainees still studying in an open run: not decided yet

    def count(self, result: str) -> int:
        return sum(1 for v in self.verdicts if v.result == result)


def rule_of(session: Session, run: CourseRun) -> Rule:
    course = session.get(Course, run.course_id)
    return Rule(course.hours, course.min_attendance_pct, course.min_score,
                course.excused_counts, remote=course.delivery == ON_PLATFORM)


def _pct(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 0.0


def recognised_minutes(rule: Rule, result: str, studied_minutes: int | None) -> int:
    """The time NEIS is told: the course's hours for an in-person completer, the minutes
    studied (at most the course's hours) for a remote one, nothing for a non-completer."""
    if result != COMPLETED:
        return 0
    if rule.remote:
        return min(studied_minutes or 0, rule.required_minutes)
    return rule.required_minutes


def verdict(rule: Rule, *, attended_minutes: int, total_minutes: int, score: float | None,
            studied_minutes: int | None = None,
            platform_completed: bool = False) -> tuple[str, str, float | None, int]:
    """(result, reason, attendance %, recognised minutes) for one trainee under ``rule``.

    A remote trainee completes on the platform (a 이수일자 in its results file) with enough
    minutes studied; the program checks the minutes, to the minute.
    """
    reasons: list[str] = []
    if rule.remote:
        studied = studied_minutes or 0
        pct = _pct(min(studied, rule.required_minutes), rule.required_minutes)
        need = rule.required_minutes * rule.min_attendance_pct / 100
        if studied_minutes is None:
            reasons.append("학습 결과 없음")
        elif studied < need:
            reasons.append(f"학습 시간 {studied}분 (기준 {math.ceil(need)}분)")
        elif not platform_completed:
            reasons.append("플랫폼 이수일자 없음")
    else:
        pct = _pct(attended_minutes, total_minutes)
        # exact: 89.95% must not pass a 90% rule by rounding
        if attended_minutes * 100 < rule.min_attendance_pct * total_minutes:
            reasons.append(f"출석률 {pct:g}% (기준 {rule.min_attendance_pct}%)")
    if rule.min_score is not None:
        if score is None:
            reasons.append("평가 점수 없음")
        elif score < rule.min_score:
            reasons.append(f"점수 {score:g}점 (기준 {rule.min_score}점)")
    if reasons:
        return NOT_COMPLETED, ", ".join(reasons), pct, 0
    return COMPLETED, "", pct, recognised_minutes(rule, COMPLETED, studied_minutes)


def plan(session: Session, run_id: int, *, unrecorded_as_present: bool = False,
         today: date | None = None) -> CompletionPlan:
    """The rule over every selected trainee of the run, writing nothing.

    Refused with a clear message when the course has no hours, when an in-person run has
    no timetable or has not ended, or when attendance cells are empty and
    ``unrecorded_as_present`` is not given.
    """
    run = get_run(session, run_id)
    sheet = attendance_service.load_sheet(session, run_id)
    rule = rule_of(session, run)
    if not rule.hours:
        raise ValidationError("이 과정에 연수 시간이 없어 이수를 판정할 수 없습니다. 과정 수정에서 "
                              "연수시간을 먼저 입력하십시오.", field="연수시간")
    today = today or clock.today(session)
    if not sheet.trainees:
        raise ValidationError("이 기수에 선발된 연수생이 없어 이수를 판정할 것이 없습니다.")
    if not rule.remote and not sheet.periods:
        raise ValidationError("이 기수에 시간표가 없어 출결로 이수를 판정할 수 없습니다. 과정·기수 "
                              "화면에서 시간표(교시)를 먼저 입력하십시오.", field="시간표")
    if not rule.remote and today < run.end_date:
        raise ValidationError(f"연수가 아직 끝나지 않았습니다 (종료일 {run.end_date}). 이수는 "
                              "종료일부터 판정합니다.")
    enrolled = {e.id: e for e in session.scalars(
        select(Enrollment).where(Enrollment.run_id == run_id, Enrollment.status == SELECTED))}
    unrecorded = pending = 0
    verdicts = []
    for trainee in sheet.trainees:
        e = enrolled[trainee.enrollment_id]
        counted = attendance_service.tally(sheet.periods, sheet.marks, e.id, rule.excused_counts,
                                           unrecorded_as_present=unrecorded_as_present)
        unrecorded += counted.unrecorded
        if e.completion_manual and e.completion in RESULTS:
            verdicts.append(Verdict(e.id, trainee.name, e.completion,
                                    e.completion_reason or "", counted.percent, e.score,
                                    e.recognised_minutes or 0, e.completed_on, manual=True))
            continue
        result, reason, pct, recognised = verdict(
            rule, attended_minutes=counted.attended_minutes,
            total_minutes=counted.total_minutes, score=e.score,
            studied_minutes=e.studied_minutes,
            platform_completed=e.platform_completed_on is not None)
        if rule.remote and result == NOT_COMPLETED and today <= run.end_date \
                and e.completion is None:
            pending += 1  # an always-open run: still studying is not a failure yet
            continue
        done_on = (e.platform_completed_on or run.end_date) if rule.remote else run.end_date
        verdicts.append(Verdict(e.id, trainee.name, result, reason, pct, e.score,
                                recognised, done_on if result == COMPLETED else None))
    if unrecorded and not unrecorded_as_present and not rule.remote:
        raise ValidationError(
            f"출결이 입력되지 않은 칸이 {unrecorded:,}개 있습니다. 출결을 마저 입력하거나, "
            "입력하지 않은 칸을 출석으로 보고 판정하십시오.", field="출결")
    return CompletionPlan(run_id, tuple(verdicts), unrecorded, pending)


def apply(session: Session, run_id: int, actor: str, *, unrecorded_as_present: bool = False,
          today: date | None = None, expected: CompletionPlan | None = None) -> CompletionPlan:
    """Decide completion for the run and record it: bulk updates and one history row each for
    those whose decision changed.  Manual decisions stay.  ``today`` defaults to the clock's.

    ``expected`` is the preview the user approved: when the rule now gives anything else
    (someone changed attendance or a score meanwhile), nothing is written (ConflictError).
    """
    lock_run(session, run_id)  # one decision at a time per run, after any attendance save
    decided = plan(session, run_id, unrecorded_as_present=unrecorded_as_present, today=today)
    if expected is not None and (expected.verdicts, expected.pending) != (decided.verdicts,
                                                                         decided.pending):
        raise ConflictError("판정 미리보기를 만든 뒤 출결이나 점수가 바뀌었습니다. 아무것도 기록하지 "
                            "않았으니 이수 판정을 다시 하십시오.")
    def in_force(enrollment_id: int) -> tuple:
        e = session.get(Enrollment, enrollment_id)  # read by plan(): no second query
        return e.completion, e.completion_reason, e.recognised_minutes, e.completed_on

    changed = [v for v in decided.verdicts if not v.manual
               and in_force(v.enrollment_id) != (v.result, v.reason, v.recognised_minutes,
                                                 v.completed_on)]
    lost = [v.enrollment_id for v in changed
            if in_force(v.enrollment_id)[0] == COMPLETED and v.result != COMPLETED]
    if lost:
        refuse_if_certified(session, lost, "이수를 미이수로 바꿀")
    if changed:
        table = Enrollment.__table__
        session.execute(
            update(table).where(table.c.id == bindparam("eid")).values(
                completion=bindparam("result"), completion_reason=bindparam("reason"),
                recognised_minutes=bindparam("minutes"), completed_on=bindparam("done_on"),
                completion_manual=False),
            [{"eid": v.enrollment_id, "result": v.result, "reason": v.reason,
              "minutes": v.recognised_minutes, "done_on": v.completed_on} for v in changed])
        at = clock.now(session)
        session.execute(insert(CompletionEvent), [
            {"enrollment_id": v.enrollment_id, "at": at, "actor": actor, "result": v.result,
             "reason": v.reason or "기준 충족", "manual": False} for v in changed])
    return decided


def override(session: Session, enrollment_id: int, result: str | None, reason: str,
             actor: str) -> None:
    """Set 이수 or 미이수 by hand, with a reason, kept in the history and by later runs of the
    rule; ``result=None`` hands the decision back to the rule (undecided until it runs)."""
    if result is not None and result not in RESULTS:
        raise ValidationError(f"'{result}'은(는) 이수 결과가 아닙니다. 가능한 값: "
                              f"{', '.join(RESULTS)}", field="이수")
    reason = reason_text(reason, "사유", "이수 결과를 직접 정하거나 되돌리려면 사유를 입력하십시오.")
    e = session.get(Enrollment, enrollment_id, with_for_update=True)
    if e is None:
        raise NotFoundError("연수생의 신청 내역을 찾을 수 없습니다 (다른 사용자가 지웠을 수 있습니다).")
    if e.status != SELECTED:
        name = session.scalar(select(Person.name).where(Person.id == e.person_id))
        raise ValidationError(f"{name}: '{e.status}' 상태에는 이수를 정할 수 없습니다. 선발된 연수생만 "
                              "이수 판정을 받습니다.")
    if e.completion == COMPLETED and result != COMPLETED:
        refuse_if_certified(session, [e.id], "이수 결과를 바꿀")
    run = get_run(session, e.run_id)
    rule = rule_of(session, run)
    e.completion, e.completion_reason, e.completion_manual = result, reason, result is not None
    e.recognised_minutes = recognised_minutes(rule, result, e.studied_minutes) \
        if result is not None else None
    e.completed_on = ((e.platform_completed_on if rule.remote else None) or run.end_date) \
        if result == COMPLETED else None
    session.add(CompletionEvent(enrollment_id=e.id, at=clock.now(session), actor=actor,
                                result=result or BACK_TO_RULE, reason=reason,
                                manual=result is not None))
    session.flush()


@dataclass(frozen=True)
class CompletionEventRow:
    """One line of a trainee's completion history."""

    at: object
    actor: str
    result: str
    reason: str
    manual: bool


def history(session: Session, enrollment_id: int) -> list[CompletionEventRow]:
    """Completion decisions of one enrolment, oldest first."""
    return [CompletionEventRow(e.at, e.actor, e.result, e.reason, e.manual)
            for e in session.scalars(select(CompletionEvent)
                                     .where(CompletionEvent.enrollment_id == enrollment_id)
                                     .order_by(CompletionEvent.id))]


def completed_counts(session: Session, run_ids: list[int]) -> dict[int, int]:
    """run id → number of selected trainees recorded 이수."""
    counts: dict[int, int] = {}
    for start in range(0, len(run_ids), 900):
        counts.update(session.execute(
            select(Enrollment.run_id, func.count())
            .where(Enrollment.run_id.in_(run_ids[start:start + 900]),
                   Enrollment.status == SELECTED, Enrollment.completion == COMPLETED)
            .group_by(Enrollment.run_id)).all())
    return counts
