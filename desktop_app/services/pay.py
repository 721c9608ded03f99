"""Instructor pay sheets (강사수당 지급 명세): computed from a run's timetable, edited with a
reason, approved, then paid — each line a spending entry of the budget line the run is charged
to, all in one transaction — and the year's payment ledger per instructor for the tax report.

Counting: a period (교시) is an hour; per instructor and day, the first hour at the grade's
first-hour rate and the others at the further rate (the rates in force on the run's first day,
:mod:`.pay_rules`); manuscript pages and travel are typed on the sheet.  Lecture and manuscript
fees are taxed as other income; travel is not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ..db import who_of
from ..errors import ConflictError, NotFoundError, Problems, ValidationError
from ..models import (Course, CourseRun, CourseSession, Instructor, Organization, PayItem,
                      PaySheet, Person)
from . import budget_execution, clock, pay_rules, settings
from .common import flush_or_conflict
from .runs import get_run
from .values import reason_text

DRAFT, APPROVED, PAID = "작성", "승인", "지급"


def _rules(session: Session) -> tuple[list[pay_rules.RateTable], pay_rules.Withholding]:
    return (pay_rules.parse_rates(settings.get(session, "pay_rates")),
            pay_rules.Withholding(settings.get(session, "pay_expense_pct"),
                                  settings.get(session, "pay_income_tax_pct"),
                                  settings.get(session, "pay_local_tax_pct"),
                                  settings.get(session, "pay_threshold")))


def _taxes(item: PayItem, rule: pay_rules.Withholding) -> None:
    taxes = pay_rules.withhold(item.lecture_fee + item.manuscript_fee, rule)
    item.income_tax, item.local_tax = taxes.income_tax, taxes.local_tax


def _touch(session: Session, sheet: PaySheet) -> None:
    """A changed line makes a new version of its sheet, so an approval of what another PC saw
    before is refused (the lines have no version of their own)."""
    sheet.updated_at = clock.now(session)
    flag_modified(sheet, "updated_at")       # written (and versioned) even at the same time


def _sheet(session: Session, run_id: int, *, lock: bool = False) -> PaySheet | None:
    query = select(PaySheet).where(PaySheet.run_id == run_id)
    return session.scalar(query.with_for_update() if lock else query)


def has_sheet(session: Session, run_id: int) -> bool:
    """True when the run has a pay sheet (made by :func:`prepare`)."""
    return _sheet(session, run_id) is not None


def prepare(session: Session, run_id: int) -> int:
    """Make (or make again, while 작성) the run's sheet from its timetable; lines adjusted by
    hand keep their amounts and reason.  Returns the sheet id."""
    run = get_run(session, run_id)
    sheet = _sheet(session, run_id, lock=True)
    if sheet is not None and sheet.status != DRAFT:
        raise ValidationError(f"{run.code}의 강사수당은 이미 {sheet.status}되었습니다.", field="상태")
    tables, rule = _rules(session)
    table = pay_rules.rates_on(tables, run.start_date)
    hours: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for instructor_id, day in session.execute(
            select(CourseSession.instructor_id, CourseSession.date)
            .where(CourseSession.run_id == run_id, CourseSession.instructor_id.is_not(None))):
        hours[instructor_id][day] += 1
    if not hours:
        raise ValidationError(f"{run.code}의 시간표에 강사 명단의 강사가 없습니다. 시간표의 강사 칸에서 "
                              "강사를 고르십시오.", field="시간표")
    grades = dict(session.execute(select(Instructor.id, Instructor.pay_grade)
                                  .where(Instructor.id.in_(hours))).all())
    p = Problems()
    ungraded = [i for i, grade in grades.items() if grade not in table.hourly]
    names = _names(session, ungraded) if ungraded else {}
    for instructor_id in ungraded:
        p.add("등급", f"{names.get(instructor_id, '?')}: 강사료 등급을 먼저 정하십시오 (강사 화면).")
    p.raise_if_any()
    if sheet is None:
        sheet = PaySheet(run_id=run_id, status=DRAFT)
        session.add(sheet)
        session.flush()
    existing = {i.instructor_id: i for i in session.scalars(
        select(PayItem).where(PayItem.sheet_id == sheet.id))}
    for instructor_id, gone in list(existing.items()):
        if instructor_id not in hours:
            session.delete(gone)
    _touch(session, sheet)
    for instructor_id, days in hours.items():
        item = existing.get(instructor_id) or PayItem(sheet_id=sheet.id,
                                                      instructor_id=instructor_id)
        item.grade = grades[instructor_id]
        item.periods, item.days = sum(days.values()), len(days)
        if not item.adjusted:
            item.lecture_fee = pay_rules.lecture_fee(table, item.grade, list(days.values()))
            item.manuscript_fee = (item.manuscript_pages or 0) * table.manuscript_page
            item.travel_fee = item.travel_fee or 0
        _taxes(item, rule)
        session.add(item)
    flush_or_conflict(session, "강사수당")
    return sheet.id


def _names(session: Session, instructor_ids) -> dict[int, str]:
    """Instructor id → the person's name, for all of ``instructor_ids`` in one query."""
    return dict(session.execute(
        select(Instructor.id, Person.name).join(Person, Instructor.person_id == Person.id)
        .where(Instructor.id.in_(list(instructor_ids)))).all())


def adjust(session: Session, item_id: int, *, lecture_fee: object, manuscript_pages: object,
           travel_fee: object, reason: str) -> None:
    """Change a line by hand (only while 작성), with the reason; taxes computed again."""
    item = session.get(PayItem, item_id)
    if item is None:
        raise NotFoundError("강사수당 줄을 찾을 수 없습니다.", field="강사")
    sheet = session.get(PaySheet, item.sheet_id, with_for_update=True)
    if sheet.status != DRAFT:
        raise ValidationError(f"{sheet.status}된 명세는 고칠 수 없습니다.", field="상태")
    why = reason_text(reason, "사유", "고치는 사유를 적으십시오.")
    p = Problems()
    values = {}
    for label, key, value in (("강사료", "lecture_fee", lecture_fee),
                              ("원고 쪽수", "manuscript_pages", manuscript_pages),
                              ("여비", "travel_fee", travel_fee)):
        text = str(value if value is not None else "0").replace(",", "").replace("원", "").strip()
        most = 1_000 if key == "manuscript_pages" else budget_execution.MAX_WON
        if not text.isdigit() or int(text) > most:
            p.add(label, f"{label}은(는) 0 이상의 숫자입니다.")
        else:
            values[key] = int(text)
    p.raise_if_any()
    tables, rule = _rules(session)
    run = session.get(CourseRun, sheet.run_id)
    item.lecture_fee, item.manuscript_pages = values["lecture_fee"], values["manuscript_pages"]
    item.manuscript_fee = item.manuscript_pages * pay_rules.rates_on(tables,
                                                                      run.start_date).manuscript_page
    item.travel_fee = values["travel_fee"]
    item.adjusted, item.reason = True, why
    _taxes(item, rule)
    _touch(session, sheet)
    flush_or_conflict(session, "강사수당 명세")


def approve(session: Session, sheet_id: int, actor: str) -> None:
    sheet = session.get(PaySheet, sheet_id, with_for_update=True)
    if sheet is None:
        raise NotFoundError("강사수당 명세를 찾을 수 없습니다.", field="명세")
    if sheet.status != DRAFT:
        raise ValidationError(f"이미 {sheet.status}된 명세입니다.", field="상태")
    sheet.status, sheet.approved_by, sheet.approved_at = APPROVED, actor, clock.now(session)
    flush_or_conflict(session, "강사수당 명세")


def pay(session: Session, sheet_id: int, line_id: int, paid_on: date, actor: str) -> int:
    """Pay an approved sheet: every line a spending entry of ``line_id`` (the gross, 원), all or
    none (a line without enough budget refuses the whole payment, naming it)."""
    sheet = session.get(PaySheet, sheet_id, with_for_update=True)
    if sheet is None:
        raise NotFoundError("강사수당 명세를 찾을 수 없습니다.", field="명세")
    if sheet.status != APPROVED:
        raise ValidationError("승인된 명세만 지급합니다." if sheet.status == DRAFT
                              else "이미 지급한 명세입니다.", field="상태")
    run = session.get(CourseRun, sheet.run_id)
    items = list(session.scalars(select(PayItem).where(PayItem.sheet_id == sheet_id)
                                 .order_by(PayItem.id)))
    names = _names(session, {item.instructor_id for item in items})
    for item in items:
        gross = item.lecture_fee + item.manuscript_fee + item.travel_fee
        if gross <= 0:
            continue
        name = names.get(item.instructor_id, "?")
        item.spending_id = budget_execution.spend(
            session, line_id, paid_on, gross, f"{run.code} 강사수당 {name}", actor, payee=name,
            evidence_no=f"강사수당-{sheet.id}-{item.id}", run_id=run.id)
    sheet.status, sheet.budget_line_id, sheet.paid_on, sheet.paid_by = PAID, line_id, paid_on, actor
    flush_or_conflict(session, "강사수당 명세")
    return len(items)


# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class PayLine:
    """A line of the sheet as shown and printed."""

    id: int
    instructor: str
    grade: str
    periods: int
    days: int
    lecture_fee: int
    manuscript_pages: int
    manuscript_fee: int
    travel_fee: int
    income_tax: int
    local_tax: int
    reason: str
    bank: str

    @property
    def gross(self) -> int:
        return self.lecture_fee + self.manuscript_fee + self.travel_fee

    @property
    def net(self) -> int:
        return self.gross - self.income_tax - self.local_tax


@dataclass(frozen=True)
class PaySheetView:
    """A run's sheet: status and lines (None: no sheet yet)."""

    id: int
    run_code: str
    course_title: str
    status: str
    version: int
    approved_by: str
    paid_on: date | None
    lines: list[PayLine]

    def total(self, name: str) -> int:
        return sum(getattr(line, name) for line in self.lines)


def sheet_view(session: Session, run_id: int, *, full: bool = False) -> PaySheetView | None:
    """The run's sheet; bank accounts masked unless ``full``."""
    from . import masking

    run = get_run(session, run_id)
    sheet = _sheet(session, run_id)
    if sheet is None:
        return None
    title = session.scalar(select(Course.title).where(Course.id == run.course_id))
    lines = []
    for item, name, org, bank, account in session.execute(
            select(PayItem, Person.name, Organization.name, Instructor.bank_name,
                   Instructor.bank_account)
            .join(Instructor, Instructor.id == PayItem.instructor_id)
            .join(Person, Person.id == Instructor.person_id)
            .outerjoin(Organization, Organization.id == Person.organization_id)
            .where(PayItem.sheet_id == sheet.id).order_by(Person.name)):
        shown = account if full and masking.viewer(who_of(session)).account_full \
            else masking.account(account)
        lines.append(PayLine(item.id, f"{name} ({org})" if org else name, item.grade,
                             item.periods, item.days, item.lecture_fee, item.manuscript_pages,
                             item.manuscript_fee, item.travel_fee, item.income_tax,
                             item.local_tax, item.reason, f"{bank} {shown}".strip()))
    return PaySheetView(sheet.id, run.code, title, sheet.status, sheet.version,
                        sheet.approved_by, sheet.paid_on, lines)


def runs_with_instructors(session: Session) -> list[tuple[int, str, str, date, str]]:
    """(run id, code, course title, first day, sheet status or '') of every run whose timetable
    names a registered instructor, newest first."""
    status = dict(session.execute(select(PaySheet.run_id, PaySheet.status)).all())
    rows = session.execute(
        select(CourseRun.id, CourseRun.code, Course.title, CourseRun.start_date)
        .join(Course, Course.id == CourseRun.course_id)
        .where(CourseRun.id.in_(select(CourseSession.run_id)
                                .where(CourseSession.instructor_id.is_not(None))))
        .order_by(CourseRun.start_date.desc(), CourseRun.code))
    return [(run_id, code, title, start, status.get(run_id, ""))
            for run_id, code, title, start in rows]


def check_version(session: Session, sheet_id: int, version: int) -> None:
    """Refuse an action on a sheet another PC changed since it was shown."""
    current = session.scalar(select(PaySheet.version).where(PaySheet.id == sheet_id))
    if current != version:
        raise ConflictError("다른 PC에서 이 명세를 먼저 바꿨습니다. 다시 읽은 뒤 하십시오.")


@dataclass(frozen=True)
class LedgerRow:
    """An instructor's payments of a year (for the tax report)."""

    instructor: str
    birth_date: date | None
    payments: int
    taxed: int
    travel: int
    income_tax: int
    local_tax: int

    @property
    def net(self) -> int:
        return self.taxed + self.travel - self.income_tax - self.local_tax


def payment_ledger(session: Session, year: int) -> list[LedgerRow]:
    """Per instructor, what was paid in ``year`` (sheets paid that year)."""
    rows = session.execute(
        select(Person.name, Person.birth_date, func.count(PayItem.id),
               func.sum(PayItem.lecture_fee + PayItem.manuscript_fee),
               func.sum(PayItem.travel_fee), func.sum(PayItem.income_tax),
               func.sum(PayItem.local_tax))
        .join(PaySheet, PaySheet.id == PayItem.sheet_id)
        .join(Instructor, Instructor.id == PayItem.instructor_id)
        .join(Person, Person.id == Instructor.person_id)
        .where(PaySheet.status == PAID, PaySheet.paid_on >= date(year, 1, 1),
               PaySheet.paid_on <= date(year, 12, 31))
        .group_by(Instructor.id, Person.name, Person.birth_date).order_by(Person.name))
    return [LedgerRow(name, birth, n, taxed or 0, travel or 0, income or 0, local or 0)
            for name, birth, n, taxed, travel, income, local in rows]
