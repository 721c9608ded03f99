"""명단 업로드, the planning half: a trainee list → a checked plan the user previews.

Nothing is written here.  Every row is checked in memory with the same rules as the forms
(:func:`.persons.check_fields`), matched to the registry in a few queries (by NEIS number, else
name + birth date + organization, the rule of :func:`.persons.find_same_person`), and told
what it will become on the run: 선발 while seats last, then 대기, "already registered" for a
person already on it (importing a file twice adds nobody twice), or refused with the reason per
cell (``행 12, 열 '생년월일': …``).  The person rules of registration (overlapping in-person
runs, the remote limit) are the registration service's own (:func:`.enrollment
.person_rule_problem`), checked for the whole file at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import privacy
from ..db import change_count
from ..errors import Problem, ValidationError
from ..excel.reader import SheetRows
from ..excel.roster_columns import FIELDS, layout_key
from ..gc_pause import gc_paused
from ..models import CourseRun, Enrollment, Person, Setting
from . import clock, run_phase, settings
from .bulk_sql import in_values
from .common import Problems, clean
from .enrollment import (ACTIVE, SELECTED, WAITLISTED, overlapping_enrollments,
                         person_rule_problem)
from .persons import PersonFields, check_fields, describe_many, same_person_ids
from .runs import get_run

_LAYOUT_PREFIX = "roster_layout:"  # app_setting keys of remembered column choices

NEW = "새 연수생"
KNOWN = "기존 연수생"
REFUSED = "거부"


@dataclass(frozen=True, slots=True)  # slots: made once or twice for each row of the file
class ImportRow:
    """One data row of the file and what importing it will do."""

    row: int  # the Excel row number
    values: PersonFields
    problems: tuple[Problem, ...]
    person_id: int | None = None  # the registered person it is (None: a new one)
    person: str = ""  # that person as the desk tells people apart
    becomes: str = ""  # 선발, 대기, or "이미 '선발'" for someone already on the run

    @property
    def accepted(self) -> bool:
        return not self.problems

    @property
    def outcome(self) -> str:
        if self.problems:
            return REFUSED
        return KNOWN if self.person_id is not None else NEW


@dataclass(frozen=True)
class ImportPlan:
    """A checked file for one run: every row's outcome, and the run's state it was made on."""

    run_id: int
    run_code: str
    sheet: str
    header_row: int
    rows: tuple[ImportRow, ...]
    late_phase: str | None  # registering now is late: the import needs a 늦은 신청 사유
    #: the rows as checked, before matching: the upload matches them again under its lock
    checked: tuple[ImportRow, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()  # field → the file's header text
    #: what the matching stood on (:func:`plan_basis`); () for a plan made some other way
    basis: tuple = ()

    def count(self, what: str) -> int:
        """Rows whose outcome (새 연수생, 기존 연수생, 거부) or ``becomes`` is ``what``."""
        return sum(1 for r in self.rows if what in (r.outcome, r.becomes))

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]


_ATTRIBUTES = tuple(f.name for f in fields(PersonFields))  # in the order PersonFields takes


def plan_import(session: Session, sheet: SheetRows, header_index: int,
                columns: dict[str, int], run_id: int,
                progress: Callable[[int, str], bool | None] | None = None) -> ImportPlan:
    """Check and match every row below the header for registration on ``run_id``.

    ``columns`` is field → column index (guessed by :func:`..excel.roster_columns.find_header`
    and confirmed by the user); it must hold the name.  ``progress(percent, text)`` may return
    False to stop (a ``ValidationError`` saying so; nothing was written anyway).
    """
    if "name" not in columns:
        raise ValidationError("성명 열을 지정하십시오.", field="열 지정")
    privacy.refuse_resident_numbers(sheet.rows, header_index, f"'{sheet.name}' 시트의 ")
    with gc_paused():
        return _plan(session, sheet, header_index, columns, run_id, progress)


def _plan(session: Session, sheet: SheetRows, header_index: int, columns: dict[str, int],
          run_id: int, progress: Callable[[int, str], bool | None] | None) -> ImportPlan:
    seen = change_count(session)  # first: every later read sees at least what it counts
    run = _open_run(session, run_id)
    headers = sheet.rows[header_index] if header_index < len(sheet.rows) else []
    label = {field: _header_text(headers, index, field) for field, index in columns.items()}
    today = clock.today(session)
    pattern = settings.get(session, "neis_pattern")
    taken = [columns.get(field) for field in _ATTRIBUTES]  # each person field's column or None
    by_label = {FIELDS[f][0]: label[f] for f in columns}  # the rules' field names → the file's
    checked = []
    total = max(len(sheet.rows), 1)
    for i, cells in enumerate(sheet.rows):
        if i > header_index:
            row = _check_row(sheet.row_number(i), cells, taken, by_label, pattern, today)
            if row is not None:
                checked.append(row)
        if progress is not None and i % 2000 == 0 and progress(
                i * 80 // total, f"{i:,}/{total:,}행 검사") is False:
            raise ValidationError("명단 검사를 취소했습니다.")
    rows = _refuse_repeats(checked, label)
    plan = ImportPlan(run.id, run.code, sheet.name, sheet.row_number(header_index), (), None,
                      tuple(rows), tuple(label.items()))
    return replan(session, plan, seen)  # matches, decides and reads the run's phase


def replan(session: Session, plan: ImportPlan, seen: int | None = None) -> ImportPlan:
    """The checked rows of ``plan`` matched and decided again against the database now (the
    upload does this under the run's lock; the file is not read or checked twice).

    ``seen`` is the change counter read before anything the plan stands on (default: now).
    """
    if seen is None:
        seen = change_count(session)
    run = _open_run(session, plan.run_id)
    label = dict(plan.labels)
    rows = _decide(session, run, _match(session, list(plan.checked), label))
    return ImportPlan(plan.run_id, plan.run_code, plan.sheet, plan.header_row, tuple(rows),
                      run_phase.late_phase(run, clock.today(session)), plan.checked,
                      plan.labels, plan_basis(run, seen))


def plan_basis(run: CourseRun, seen: int) -> tuple:
    """What a plan's matching and decisions stand on: the database's change counter ``seen``,
    read before any of it, and the run (its seats and counters, its and its course's version
    and status) as read.

    Every write transaction raises the counter as it commits (:func:`..db.count_change`), so
    an upload that finds the same basis under the run's lock knows that nothing the plan read
    has changed: matching and deciding again would give the very same rows.  The run's own
    state also catches a change made earlier in the upload's own, uncommitted transaction.
    """
    course = run.course
    return (seen, run.version, run.status, run.capacity, run.selected_count,
            run.waitlist_count, run.waitlist_seq, course.version, course.status)


def _open_run(session: Session, run_id: int) -> CourseRun:
    run = get_run(session, run_id)
    if run.status != "개설" or run.course.status != "운영":
        raise ValidationError(f"{run.code}은(는) 폐강된 기수라 명단을 올릴 수 없습니다.", field="기수")
    return run


def _header_text(headers: list[Any], index: int, field: str) -> str:
    cell = headers[index] if index < len(headers) else None
    text = clean(cell)
    return text or FIELDS[field][0]


def _check_row(number: int, cells: list[Any], taken: list[int | None],
               by_label: dict[str, str], pattern: str, today: date) -> ImportRow | None:
    """One row checked by the person rules; None for a blank row (tables end with some).

    ``taken`` is the column of each of :class:`PersonFields`' fields in order (None: not in
    the file), ``by_label`` the rules' field names → the file's header texts, which the
    problems name.
    """
    width = len(cells)
    values = [cells[i] if i is not None and i < width else None for i in taken]
    for value in values:  # a loop, not all(): it stops at a row's first cell
        if value is not None and not (isinstance(value, str) and not value.strip()):
            break
    else:
        return None
    p = Problems()
    result = check_fields(p, PersonFields(*values), pattern, today)  # by position: quicker
    if not p:
        return ImportRow(number, result, ())
    return ImportRow(number, result, tuple(
        Problem(x.message, by_label.get(x.field or "", x.field), number) for x in p.items))


def _refuse(row: ImportRow, field: str | None, message: str) -> ImportRow:
    return ImportRow(row.row, row.values, row.problems + (Problem(message, field, row.row),),
                     row.person_id, row.person, row.becomes)


def _key(values: PersonFields) -> tuple[str, date | None, str]:
    """The no-NEIS identity of a person (:func:`.persons.same_person_ids`)."""
    return values.name, values.birth_date, values.organization


def _refuse_repeats(rows: list[ImportRow], label: dict[str, str]) -> list[ImportRow]:
    """A person twice in one file is imported once: later rows say where the first is."""
    seen: dict[object, ImportRow] = {}
    out = []
    for row in rows:
        if row.accepted:
            key = row.values.neis_no or _key(row.values)
            first = seen.get(key)
            if first is None:
                seen[key] = row
            elif first.values.name != row.values.name:
                row = _refuse(row, label.get("neis_no"),
                              f"{first.row}행({first.values.name})과 나이스 개인번호가 같은데 성명이 "
                              "다릅니다. 번호를 확인하십시오.")
            else:
                field = label.get("neis_no") if row.values.neis_no else label["name"]
                row = _refuse(row, field, f"{first.row}행과 같은 사람입니다 (한 번만 올립니다).")
        out.append(row)
    return out


def _match(session: Session, rows: list[ImportRow], label: dict[str, str]) -> list[ImportRow]:
    """Each accepted row's registered person: by NEIS number, else name + birth + org."""
    by_neis = _people_by_neis(session, {r.values.neis_no for r in rows
                                        if r.accepted and r.values.neis_no})
    # Only a row its NEIS number did not find can be someone by name, birth date and org.
    by_key = same_person_ids(session, {_key(r.values) for r in rows
                                       if r.accepted and r.values.neis_no not in by_neis})
    seen = describe_many(session, {pid for pid, _name in by_neis.values()}
                         | {pid for found in by_key.values() for pid, _neis in found})
    out = []
    for row in rows:
        if not row.accepted:
            out.append(row)
            continue
        v = row.values
        if v.neis_no and v.neis_no in by_neis:
            person_id, name = by_neis[v.neis_no]
            if name != v.name:
                row = _refuse(row, label.get("neis_no"),
                              f"나이스 개인번호 {v.neis_no}은(는) 이미 {seen[person_id]}의 번호입니다 "
                              "(성명이 다릅니다).")
            else:
                row = ImportRow(row.row, v, (), person_id, seen[person_id])
            out.append(row)
            continue
        # Two different NEIS numbers are two people: only a record without one can be this row.
        same = [pid for pid, neis in by_key.get(_key(v), []) if not (v.neis_no and neis)]
        if len(same) > 1:
            row = _refuse(row, label["name"],
                          f"성명·생년월일·소속이 같은 연수생이 {len(same)}명 있습니다. 나이스 "
                          "개인번호를 적거나 창구 등록에서 골라 주십시오.")
        elif same:
            row = ImportRow(row.row, v, (), same[0], seen[same[0]])
        out.append(row)
    return out


def _people_by_neis(session: Session, numbers: set[str]) -> dict[str, tuple[int, str]]:
    """NEIS number → (id, name) of the records holding these numbers."""
    if not numbers:
        return {}
    return {neis: (pid, name) for pid, neis, name in session.execute(
        select(Person.id, Person.neis_no, Person.name)
        .where(in_values(session, Person.neis_no, numbers)))}


def _decide(session: Session, run: CourseRun, rows: list[ImportRow]) -> list[ImportRow]:
    """What each accepted row becomes on the run, in file order: the registration rules."""
    known = [r.person_id for r in rows if r.accepted and r.person_id is not None]
    on_run: dict[int, str] = dict(session.execute(
        select(Enrollment.person_id, Enrollment.status)
        .where(Enrollment.run_id == run.id, in_values(session, Enrollment.person_id, known)))
        .all()) if known else {}
    others = overlapping_enrollments(session, run, known)
    limit = settings.get(session, "remote_max_concurrent")
    seats = None if run.capacity is None else max(run.capacity - run.selected_count, 0)
    # The rule's answer for someone with no other runs (every new trainee), asked once.
    alone = person_rule_problem(run, [], limit, None)
    out = []
    for row in rows:
        if row.problems:
            out.append(row)
            continue
        status = on_run.get(row.person_id)
        if status in ACTIVE:
            out.append(_becomes(row, f"이미 '{status}'"))
            continue
        held = others.get(row.person_id)
        problem = person_rule_problem(run, held, limit, None) if held else alone
        if problem is not None:
            out.append(_refuse(row, "기수", problem.problems[0].message))
            continue
        if seats is None or seats > 0:
            seats = None if seats is None else seats - 1
            out.append(_becomes(row, SELECTED))
        else:
            out.append(_becomes(row, WAITLISTED))
    return out


def _becomes(row: ImportRow, what: str) -> ImportRow:
    return ImportRow(row.row, row.values, row.problems, row.person_id, row.person, what)


def remembered_columns(session: Session, headers: list[Any]) -> dict[str, int] | None:
    """The columns the user chose the last time a file with this header row was uploaded."""
    row = session.get(Setting, _LAYOUT_PREFIX + layout_key(
        ["" if h is None else str(h) for h in headers]))
    if row is None:
        return None
    try:
        stored = json.loads(row.value)
    except ValueError:
        return None  # a damaged value: guess again
    if not isinstance(stored, dict):
        return None
    return {f: i for f, i in stored.items()
            if f in FIELDS and isinstance(i, int) and 0 <= i < len(headers)}


def remember_columns(session: Session, headers: list[Any], columns: dict[str, int]) -> None:
    """Keep the user's column choice for files with this header row (shared by every PC)."""
    key = _LAYOUT_PREFIX + layout_key(["" if h is None else str(h) for h in headers])
    value = json.dumps(columns, sort_keys=True)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value
