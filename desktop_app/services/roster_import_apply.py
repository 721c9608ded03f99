"""명단 업로드, the writing half: a previewed plan → persons and registrations, in bulk.

One transaction, set-based: the run is locked as for any registration, and the plan must hold
under that lock.  When nothing has been written anywhere since the preview (the database's
change counter and the run are as the plan saw them: :func:`.roster_import.plan_basis`), the
rules would decide the very same rows again, so the plan is written as it is; otherwise its
checked rows are matched and decided again (:func:`.roster_import.replan`) and must come out
as the user previewed them — if not, another PC changed something meanwhile, nothing is
written and the user previews again.  Then new organizations, new persons, registrations,
their history and the run's counters go in with a handful of bulk statements
(:func:`.bulk_sql.insert_rows`) instead of one service call per row (about 3 ms each: a
minute for a 20,000-row file).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..db import change_count
from ..errors import ConflictError
from ..gc_pause import gc_paused
from ..models import CourseRun, Enrollment, EnrollmentEvent, Organization, Person, now
from . import clock
from .bulk_sql import in_values, insert_rows
from .enrollment import (CANCELLED, SELECTED, WAITLISTED, bump_counters, lock_run,
                         refuse_late)
from .persons import guess_org_kind
from .roster_import import ImportPlan, ImportRow, plan_basis, replan
from .values import reason_text


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    persons_added: int
    selected: int
    waitlisted: int
    already: int
    refused: int


def apply_import(session: Session, previewed: ImportPlan, actor: str, *,
                 source: str = "", late_reason: str | None = None) -> ImportResult:
    """Write the accepted rows of ``previewed`` (refused rows are left out, as shown)."""
    with gc_paused():
        return _apply(session, previewed, actor, source, late_reason)


def _apply(session: Session, previewed: ImportPlan, actor: str, source: str,
           late_reason: str | None) -> ImportResult:
    run = lock_run(session, previewed.run_id)
    seen = change_count(session)  # under the lock: on SQLite nobody else writes from here on
    if previewed.basis and plan_basis(run, seen) == previewed.basis:
        plan = previewed  # nothing written since the preview: the rules give the same rows
    else:
        plan = replan(session, previewed, seen)
        if _outcomes(plan) != _outcomes(previewed):
            raise ConflictError("미리 보기 뒤에 다른 PC에서 명단이나 자리가 바뀌었습니다. 다시 미리 "
                                "보고 올리십시오. 아무것도 저장하지 않았습니다.")
    late = refuse_late(run, clock.today(session),
                       reason_text(late_reason, "늦은 신청 사유", None) or None) or None
    register = [r for r in plan.rows if r.accepted and r.becomes in (SELECTED, WAITLISTED)]
    person_ids = _add_persons(session, [r for r in register if r.person_id is None])
    ids = [r.person_id if r.person_id is not None else person_ids[r.row] for r in register]
    why = f"명단 업로드{f' ({source})' if source else ''}" + (
        f" (늦은 신청 사유: {late})" if late else "")
    _register(session, run, list(zip(register, ids, strict=True)), actor, why)
    becomes = Counter(r.becomes for r in plan.rows if not r.problems)
    return ImportResult(
        persons_added=len(person_ids), selected=becomes[SELECTED], waitlisted=becomes[WAITLISTED],
        already=sum(n for what, n in becomes.items() if what.startswith("이미")),
        refused=sum(1 for r in plan.rows if r.problems))


def _outcomes(plan: ImportPlan) -> list[tuple]:
    return [(r.row, r.outcome, r.person_id, r.becomes) for r in plan.rows]


_PERSON_COLUMNS = ("name", "birth_date", "gender", "neis_no", "employee_kind", "position",
                   "organization_id", "phone", "email", "note", "version", "created_at",
                   "updated_at")
_ENROLLMENT_COLUMNS = ("run_id", "person_id", "status", "waitlist_pos", "applied_at",
                       "status_changed_at", "override_reason", "note", "completion_manual",
                       "version")
_EVENT_COLUMNS = ("enrollment_id", "at", "actor", "from_status", "to_status", "reason")


def _add_persons(session: Session, rows: list[ImportRow]) -> dict[int, int]:
    """Insert the new persons (and their new organizations); row number → person id."""
    if not rows:
        return {}
    org_ids = _organization_ids(session, {r.values.organization for r in rows
                                          if r.values.organization})
    stamp = now()  # given once: a default callable per row and column costs more than the insert
    values = [(v.name, v.birth_date, v.gender, v.neis_no, v.employee_kind, v.position,
               org_ids.get(v.organization), v.phone, v.email, v.note, 1, stamp, stamp)
              for v in (r.values for r in rows)]
    new_ids = insert_rows(session, Person.__table__, _PERSON_COLUMNS, values,
                          returning_ids=True)
    return {r.row: pid for r, pid in zip(rows, new_ids, strict=True)}


def _organization_ids(session: Session, names: set[str]) -> dict[str, int]:
    """name → id, the missing organizations created (kind guessed as one at a time)."""
    if not names:
        return {}
    found = dict(session.execute(select(Organization.name, Organization.id)
                                 .where(in_values(session, Organization.name, names))).all())
    missing = sorted(n for n in names if n not in found)
    if missing:
        new_ids = insert_rows(session, Organization.__table__, ("name", "kind", "version"),
                              [(n, guess_org_kind(n), 1) for n in missing], returning_ids=True)
        found.update(zip(missing, new_ids, strict=True))
    return found


def _register(session: Session, run: CourseRun, rows: list[tuple[ImportRow, int]],
              actor: str, why: str) -> None:
    """Registrations in file order: 선발 or 대기 as planned, waitlist places after the line."""
    if not rows:
        return
    stamp = clock.now(session)
    # Only a person registered before the upload can have a cancelled place on the run.
    known = [pid for row, pid in rows if row.person_id is not None]
    previous = dict(session.execute(
        select(Enrollment.person_id, Enrollment.id)
        .where(Enrollment.run_id == run.id, Enrollment.status == CANCELLED,
               in_values(session, Enrollment.person_id, known))).all()) if known else {}
    seq = run.waitlist_seq
    new_rows, again = [], []
    for row, pid in rows:
        place = None
        if row.becomes == WAITLISTED:
            seq += 1
            place = seq
        if pid in previous:
            again.append((previous[pid], row.becomes, place))
        else:
            new_rows.append((run.id, pid, row.becomes, place, stamp, stamp, None, "", False, 1))
    table = Enrollment.__table__
    new_ids = insert_rows(session, table, _ENROLLMENT_COLUMNS, new_rows, returning_ids=True)
    for enrollment_id, status, place in again:
        session.execute(update(table).where(table.c.id == enrollment_id).values(
            version=table.c.version + 1, status=status, waitlist_pos=place, applied_at=stamp,
            status_changed_at=stamp, override_reason=None))
    events = [(eid, stamp, actor, None, status, why)
              for eid, (_run, _pid, status, *_rest) in zip(new_ids, new_rows, strict=True)]
    events += [(eid, stamp, actor, CANCELLED, status, why) for eid, status, _place in again]
    insert_rows(session, EnrollmentEvent.__table__, _EVENT_COLUMNS, events)
    selected = sum(r.becomes == SELECTED for r, _p in rows)
    waiting = len(rows) - selected
    bump_counters(session, run, selected_count=selected, waitlist_count=waiting,
                  waitlist_seq=waiting)
