"""Personal data kept no longer and shown no wider than needed (개인정보 보호법).

* No resident registration number is ever taken in: a file column that looks like one is
  refused, naming the column (:func:`refuse_resident_numbers`).
* Retention: persons with no activity for N years lose their contact fields — phone, e-mail,
  an instructor's bank account, the copies of those in a merge's snapshot — while what must be
  kept (enrolments, completions, certificates issued) stays.  :func:`plan_purge` lists exactly
  what :func:`purge` then erases; the erase refuses to run on a list that no longer holds.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ..access import ADMIN, COURSES, FACILITIES, require
from ..db import granted, who_of
from ..errors import ValidationError
from ..models import (Booking, CourseRun, CourseSession, Enrollment, Instructor, Person,
                      PersonMerge, Rental, Stay)
from . import audit, clock

# ------------------------------------------------------------------ resident numbers

_RRN_HEADER = re.compile(r"주민\s*(등록)?\s*(번호)?|resident|rrn|jumin", re.IGNORECASE)
_RRN_VALUE = re.compile(r"^\s*\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s*-?\s*[1-8](\d{6}|\*{6})"
                        r"\s*$")
#: data rows looked at below the header (a column of numbers shows itself in a few rows)
SAMPLE_ROWS = 200


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def refuse_resident_numbers(rows: list[list[Any]], header_index: int | None,
                            where: str = "") -> None:
    """Refuse a file with a column that looks like 주민등록번호 (its header or its values),
    naming the column; nothing is read further."""
    headers = rows[header_index] if header_index is not None and header_index < len(rows) \
        else []
    start = 0 if header_index is None else header_index + 1
    sample = rows[start:start + SAMPLE_ROWS]
    width = max([len(headers)] + [len(r) for r in sample]) if (headers or sample) else 0
    for col in range(width):
        head = str(headers[col]).strip() if col < len(headers) and headers[col] is not None \
            else ""
        values = [r[col] for r in sample if col < len(r) and r[col] not in (None, "")]
        looks = sum(1 for v in values if _RRN_VALUE.match(str(v)))
        if (head and _RRN_HEADER.search(head)) or (values and looks * 2 >= len(values)):
            name = f"'{head}' 열" if head else "이름 없는 열"
            raise ValidationError(
                f"{where}{name}(엑셀 {_column_letter(col)}열)은 주민등록번호로 보입니다. 주민등록번호는 "
                "받지도 저장하지도 않습니다: 이 열을 파일에서 지운 뒤 다시 올리십시오.",
                field="주민등록번호")


# ------------------------------------------------------------------ retention

CONTACT_FIELDS = {"phone": "전화", "email": "이메일"}


@dataclass(frozen=True)
class PurgeLine:
    """One person whose contact fields go: who, their last activity, which fields."""

    person_id: int
    name: str
    last_activity: date
    fields: tuple[str, ...]      # 전화, 이메일, 계좌

    def text(self) -> str:
        return (f"{self.name} (번호 {self.person_id}) 마지막 활동 {self.last_activity}: "
                f"{', '.join(self.fields)}")


@dataclass(frozen=True)
class RentalLine:
    """An outside group's rental that ended before the cutoff: its contact person goes."""

    rental_id: int
    organization: str
    ended: date

    def text(self) -> str:
        return f"대관 {self.organization} ({self.ended}, 번호 {self.rental_id}): 담당자 이름·전화"


@dataclass(frozen=True)
class PurgePlan:
    """What a purge erases: persons whose last activity is before ``cutoff``, and the contact
    persons of rentals that ended before it."""

    years: int
    cutoff: date
    lines: tuple[PurgeLine, ...]
    rentals: tuple[RentalLine, ...] = ()

    def texts(self) -> list[str]:
        return [line.text() for line in self.lines] + [r.text() for r in self.rentals]

    @property
    def code(self) -> str:
        """A short code of exactly this list: the real run is given the dry run's code."""
        digest = hashlib.sha256("\n".join([str(self.cutoff), *self.texts()]).encode())
        return digest.hexdigest()[:8]

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for line in self.lines:
            for f in line.fields:
                counts[f] = counts.get(f, 0) + 1
        if self.rentals:
            counts["대관 담당자"] = len(self.rentals)
        what = ", ".join(f"{k} {v:,}건" for k, v in counts.items()) or "지울 것 없음"
        return (f"{self.cutoff} 이전에 마지막으로 활동한 {len(self.lines):,}명의 연락처 ({what}); "
                "이수·이수증 기록은 그대로 둡니다")


def _last_activity(session: Session) -> dict[int, date]:
    """Each person's latest sign of life: a run they enrolled in or taught, a stay, the
    record's own last change."""
    last: dict[int, date] = {}

    def take(rows) -> None:
        for person_id, day in rows:
            if person_id is None or day is None:
                continue
            day = day.date() if isinstance(day, datetime) else day
            if day > last.get(person_id, date.min):
                last[person_id] = day

    take(session.execute(select(Person.id, Person.updated_at)))
    take(session.execute(select(Enrollment.person_id, func.max(CourseRun.end_date))
                         .join(CourseRun, CourseRun.id == Enrollment.run_id)
                         .group_by(Enrollment.person_id)))
    take(session.execute(select(Instructor.person_id, func.max(CourseSession.date))
                         .join(CourseSession, CourseSession.instructor_id == Instructor.id)
                         .group_by(Instructor.person_id)))
    take(session.execute(select(Stay.person_id, func.max(Stay.last_night))
                         .group_by(Stay.person_id)))
    return last


def plan_purge(session: Session, years: int) -> PurgePlan:
    """Who loses which contact fields when nobody has seen them for ``years`` years."""
    require(who_of(session), ADMIN, doing="개인정보 파기")
    if not 1 <= int(years) <= 50:
        raise ValidationError("보유 기간은 1~50년입니다.", field="보유 기간")
    today = clock.today(session)
    try:
        cutoff = today.replace(year=today.year - int(years))
    except ValueError:                       # 29 February
        cutoff = today.replace(year=today.year - int(years), day=28)
    last = _last_activity(session)
    banked = {pid: bool(acc) for pid, acc in session.execute(
        select(Instructor.person_id, Instructor.bank_account))}
    # merged-away records too: what they still hold is a copy nobody looks after
    candidates = session.execute(
        select(Person.id, Person.name, Person.phone, Person.email)
        .where(or_(Person.phone.is_not(None), Person.email.is_not(None),
                   Person.id.in_([p for p, has in banked.items() if has])))
        .order_by(Person.name, Person.id))
    lines = []
    for pid, name, phone, email in candidates:
        seen = last.get(pid, date.min)
        if seen >= cutoff:
            continue
        fields = tuple(label for value, label in ((phone, "전화"), (email, "이메일"),
                                                  (banked.get(pid), "계좌")) if value)
        if fields:
            lines.append(PurgeLine(pid, name, seen, fields))
    ended = datetime.combine(cutoff, datetime.min.time())
    rentals = tuple(RentalLine(rid, org, end.date()) for rid, org, end in session.execute(
        select(Rental.id, Rental.organization, Booking.end_at)
        .join(Booking, Booking.id == Rental.booking_id)
        .where(Booking.end_at < ended, or_(Rental.contact_phone != "", Rental.contact_name != ""))
        .order_by(Booking.end_at, Rental.id)))
    return PurgePlan(int(years), cutoff, tuple(lines), rentals)


def purge(session: Session, plan: PurgePlan) -> int:
    """Erase what ``plan`` lists — exactly that, or nothing when it no longer holds (someone
    came back, or a new phone number was typed, since the preview).  Returns how many
    persons."""
    require(who_of(session), ADMIN, doing="개인정보 파기")
    now = plan_purge(session, plan.years)
    if now.code != plan.code:
        raise ValidationError("미리 본 뒤에 자료가 바뀌었습니다. 다시 미리 보고 파기하십시오.",
                              field="개인정보 파기")
    ids = [line.person_id for line in plan.lines]
    with granted(session, COURSES, FACILITIES):    # other roles' rows: checked above
        _erase(session, ids)
        for chunk in range(0, len(plan.rentals), 500):
            part = [r.rental_id for r in plan.rentals[chunk:chunk + 500]]
            session.execute(update(Rental).where(Rental.id.in_(part))
                            .values(contact_name="", contact_phone="",
                                    version=Rental.version + 1)
                            .execution_options(synchronize_session=False))
    if ids or plan.rentals:
        audit.record(session, "파기", what=plan.summary()[:200],
                     persons=len(ids) + len(plan.rentals))
    session.flush()
    return len(ids) + len(plan.rentals)


def _erase(session: Session, ids: list[int]) -> None:
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        session.execute(update(Person).where(Person.id.in_(part))
                        .values(phone=None, email=None, version=Person.version + 1)
                        .execution_options(synchronize_session=False))
        session.execute(update(Instructor).where(Instructor.person_id.in_(part),
                                                 Instructor.bank_account != "")
                        .values(bank_name="", bank_account="", account_holder="",
                                version=Instructor.version + 1)
                        .execution_options(synchronize_session=False))
        for merge in session.scalars(select(PersonMerge).where(
                or_(PersonMerge.kept_person_id.in_(part), PersonMerge.merged_person_id.in_(part)))):
            merge.snapshot = _without_contacts(merge.snapshot)
        session.flush()


def _without_contacts(snapshot: str) -> str:
    try:
        data = json.loads(snapshot)
    except ValueError:
        return snapshot
    if isinstance(data, dict):
        for key in CONTACT_FIELDS:
            if key in data:
                data[key] = None
    return json.dumps(data, ensure_ascii=False)
