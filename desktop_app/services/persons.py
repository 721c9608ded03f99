"""The trainee registry (연수생): add, edit, search, find duplicates, merge."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import Boolean, and_, func, literal, or_, select, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import FunctionElement

from ..db import who_of
from ..errors import NotFoundError, ValidationError
from ..models import Enrollment, Organization, Person, PersonMerge
from . import enrollment as enrollment_service
from . import clock, masking, reference, settings
from .bulk_sql import in_values, value_table
from .common import (Problems, clean, escape_like, fetch_ids, flush_or_conflict, half_width, identifier,
                     refuse_if_changed)
from .values import parse_birth_date, text_field

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NAME = re.compile(r"[가-힣A-Za-z][가-힣A-Za-z .·\-]*")
_PHONE_MARKS = re.compile(r"[\s\-().]")


def _f(label: str, default=None):
    return field(default=default, metadata={"label": label})


# slots: half the cost of making one, and an imported file makes one or two per row
@dataclass(frozen=True, slots=True)
class PersonFields:
    """What a user edits on a person.  ``organization`` is the 소속 name."""

    name: str = _f("성명", "")
    birth_date: date | None = _f("생년월일")
    gender: str | None = _f("성별")
    neis_no: str | None = _f("나이스 개인번호")
    employee_kind: str | None = _f("직종")
    position: str | None = _f("직위")
    organization: str = _f("소속", "")
    phone: str | None = _f("전화번호")
    email: str | None = _f("전자우편")
    note: str | None = _f("비고")


@dataclass(frozen=True, slots=True)
class PersonDetail(PersonFields):
    """A person as read now."""

    id: int = _f("번호", 0)
    version: int = _f("버전", 0)

    def fields_only(self) -> PersonFields:
        return PersonFields(**{k: getattr(self, k) for k in PersonFields.__dataclass_fields__})


@dataclass(frozen=True)
class PersonRow:
    """One line of the trainee table."""

    id: int
    name: str
    birth_date: date | None
    gender: str | None
    neis_no: str | None
    employee_kind: str | None
    position: str | None
    organization: str
    phone: str | None


def describe(row: PersonRow) -> str:
    """A person as the desk tells them apart: 홍길동(1980-03-05, 서울한빛초등학교, 나이스 A…, 전화 …).

    Messages name records this way, never by their internal number.
    """
    parts = [row.birth_date.isoformat() if row.birth_date else "생년월일 없음",
             row.organization or "소속 없음"]
    if row.neis_no:
        parts.append(f"나이스 {row.neis_no}")
    if row.phone:
        parts.append(f"전화 {row.phone}")
    return f"{row.name}({', '.join(parts)})"


def describe_ids(session: Session, ids: list[int]) -> str:
    """:func:`describe` of each person, joined for a message."""
    return "; ".join(describe(row) for row in person_rows(session, ids))


def describe_many(session: Session, ids: set[int]) -> dict[int, str]:
    """id → :func:`describe` for many people, in one query."""
    if not ids:
        return {}
    return {row.id: describe(row) for row in _person_rows_where(session, in_values(
        session, Person.id, ids))}


class DuplicatePersonError(ValidationError):
    """The new record looks like someone already registered; carries their ids."""

    def __init__(self, message: str, candidate_ids: list[int]) -> None:
        super().__init__(message, field="성명")  # a form shows it under the name, no box
        self.candidate_ids = candidate_ids


def normalize_neis(value: str | None) -> str:
    """NEIS numbers compare in one form: ASCII (full-width made half-width), upper case,
    no blanks."""
    return identifier(value).upper()


def normalize_phone(p: Problems, value: str | None) -> str | None:
    """010-1234-5678 style; 9 to 11 digits accepted."""
    text = clean(value)
    if not text:
        return None
    digits = _PHONE_MARKS.sub("", identifier(text))
    if isinstance(value, int) and not digits.startswith("0"):
        digits = "0" + digits  # a spreadsheet stored 010-… as a number and dropped the 0
    if not digits.isascii() or not digits.isdigit() or not 9 <= len(digits) <= 11:
        p.add("전화번호", f"전화번호 형식이 아닙니다: '{text}' (예: 010-1234-5678)")
        return None
    if digits.startswith("02"):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"


def check_fields(p: Problems, f: PersonFields, neis_pattern: str, today: date) -> PersonFields:
    """Every rule of a person's fields that needs no database, problems added to ``p``.

    The one implementation for a form (through :func:`validate_fields`) and for each row of
    an imported file (checked in memory, thousands at a time).  Fields with a problem come
    back empty.
    """
    name = text_field(p, "성명", f.name, max_len=50, required=True)
    if name and not _NAME.fullmatch(name):
        p.add("성명", f"성명에 쓸 수 없는 글자가 있습니다: '{name}'")
    birth = parse_birth_date(p, "생년월일", f.birth_date, today=today, required=True)
    if birth is not None:
        if birth > today:
            p.add("생년월일", f"생년월일({birth})이 오늘보다 늦습니다.")
            birth = None
        elif birth.year < 1900:
            p.add("생년월일", f"생년월일({birth})이 너무 이릅니다.")
            birth = None
    gender = clean(f.gender) or None
    if gender is not None and gender not in reference.GENDERS:
        p.add("성별", f"'{gender}'은(는) 성별 값이 아닙니다 (남, 여).")
        gender = None
    neis = normalize_neis(f.neis_no) or None
    if neis is not None and not re.fullmatch(neis_pattern, neis):
        p.add("나이스 개인번호", f"나이스 개인번호 형식이 아닙니다: '{neis}' "
                             "(영문 대문자 1자와 숫자 9자리, 예: A123456789)")
        neis = None
    kind = clean(f.employee_kind) or None
    if kind is not None and kind not in reference.EMPLOYEE_KINDS:
        p.add("직종", f"'{kind}'은(는) 직종 값이 아닙니다. 가능한 값: "
                    f"{', '.join(reference.EMPLOYEE_KINDS)}")
        kind = None
    position = text_field(p, "직위", f.position, max_len=50) or None
    organization = text_field(p, "소속", f.organization, max_len=100)
    phone = normalize_phone(p, f.phone)
    email = text_field(p, "전자우편", unicodedata.normalize("NFKC", clean(f.email)),
                       max_len=100) or None
    if email is not None and not _EMAIL.match(email):
        p.add("전자우편", f"전자우편 형식이 아닙니다: '{email}'")
        email = None
    note = text_field(p, "비고", f.note, max_len=4000) or None
    return PersonFields(name, birth, gender, neis, kind, position, organization, phone, email,
                        note)


def validate_fields(session: Session, f: PersonFields,
                    person_id: int | None = None) -> PersonFields:
    """Check every field of a person; NEIS numbers follow the pattern setting and are unique."""
    p = Problems()
    checked = check_fields(p, f, settings.get(session, "neis_pattern"), clock.today(session))
    if checked.neis_no is not None:
        holder = session.scalars(select(Person).where(Person.neis_no == checked.neis_no)).first()
        if holder is not None and holder.id != person_id:
            p.add("나이스 개인번호",
                  f"이미 등록된 나이스 개인번호입니다: {describe_ids(session, [holder.id])}")
    p.raise_if_any()
    return checked


def guess_org_kind(name: str) -> str:
    """학교, 교육지원청 or 기관, from an organization's name."""
    if "교육지원청" in name:
        return "교육지원청"
    if name.endswith(("학교", "유치원")):
        return "학교"
    return "기관"


def organization_id(session: Session, name: str) -> int | None:
    """The organization with this name, created when new; ``None`` for an empty name."""
    name = clean(name)
    if not name:
        return None
    org_id = session.scalar(select(Organization.id).where(Organization.name == name))
    if org_id is None:
        org = Organization(name=name, kind=guess_org_kind(name))
        session.add(org)
        session.flush()
        org_id = org.id
    return org_id


def organization_names(session: Session, prefix: str = "", limit: int = 50) -> list[str]:
    """Organization names for the 소속 completer."""
    query = select(Organization.name).order_by(Organization.name).limit(limit)
    if prefix:
        query = query.where(Organization.name.like(f"%{prefix}%"))
    return list(session.scalars(query))


def _detail(person: Person, shown: masking.Viewer = masking.Viewer()) -> PersonDetail:
    return PersonDetail(
        name=person.name, birth_date=shown.birth(person.birth_date), gender=person.gender,
        neis_no=shown.neis(person.neis_no), employee_kind=person.employee_kind,
        position=person.position,
        organization=person.organization.name if person.organization else "",
        phone=shown.phone(person.phone), email=person.email, note=person.note, id=person.id,
        version=person.version)


def get_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError("연수생을 찾을 수 없습니다 (다른 사용자가 지웠을 수 있습니다).")
    return person


def person_detail(session: Session, person_id: int) -> PersonDetail:
    """The person as the one working may see them (masked where their roles do not need the
    full value; those roles cannot save a person either)."""
    return _detail(get_person(session, person_id), masking.viewer(who_of(session)))


def find_by_neis(session: Session, neis_no: str) -> int | None:
    """The live record holding this NEIS number (any case, spaces ignored), or None."""
    neis = normalize_neis(neis_no)
    if not neis:
        return None
    person = session.scalars(select(Person).where(Person.neis_no == neis)).first()
    if person is None:
        return None
    return person.merged_into_id or person.id


def find_same_person(session: Session, name: str, birth: date | None,
                     organization: str) -> list[int]:
    """Live records with the same name, birth date and organization (the no-NEIS identity)."""
    key = (clean(name), birth, clean(organization))
    return [pid for pid, _neis in same_person_ids(session, {key}).get(key, [])]


def same_person_ids(session: Session, keys: set[tuple[str, date | None, str]]
                    ) -> dict[tuple, list[tuple[int, str | None]]]:
    """(name, birth date, organization name or "") → [(id, NEIS number)] of the live records
    with that identity, oldest first, for many keys in one query (a whole file's rows)."""
    found: dict[tuple, list[tuple[int, str | None]]] = {}
    pairs = {(name, birth) for name, birth, _org in keys if birth is not None}
    if not pairs:
        return found
    wanted = value_table(session, (Person.name.type, Person.birth_date.type), pairs)
    name, birth = wanted.columns
    query = (select(Person.id, Person.neis_no, Person.name, Person.birth_date, Organization.name)
             .select_from(wanted.table)
             .join(Person, and_(Person.name == name, Person.birth_date == birth))
             .outerjoin(Organization, Organization.id == Person.organization_id)
             .where(Person.merged_into_id.is_(None))
             .order_by(Person.id))
    for pid, neis, name, birth, org in session.execute(query):
        key = (name, birth, org or "")
        if key in keys:
            found.setdefault(key, []).append((pid, neis))
    return found


def _apply(session: Session, person: Person, f: PersonFields) -> None:
    values = asdict(f)
    org_name = values.pop("organization")
    for name, value in values.items():
        if getattr(person, name) != value:
            setattr(person, name, value)
    org_id = organization_id(session, org_name)
    if person.organization_id != org_id:
        person.organization_id = org_id


def create_person(session: Session, fields: PersonFields, *,
                  allow_duplicate: bool = False) -> int:
    """Register a person.  Without a NEIS number, the same name + birth date + organization is
    refused as a likely duplicate unless ``allow_duplicate``."""
    f = validate_fields(session, fields)
    if not allow_duplicate and f.neis_no is None:
        same = find_same_person(session, f.name, f.birth_date, f.organization)
        if same:
            raise DuplicatePersonError(
                f"같은 성명·생년월일·소속의 연수생이 이미 있습니다: {describe_ids(session, same)}. "
                "같은 사람이면 기존 기록을 쓰십시오.", same)
    person = Person()
    _apply(session, person, f)
    session.add(person)
    session.flush()
    return person.id


def update_person(session: Session, person_id: int, base: PersonDetail,
                  fields: PersonFields) -> None:
    """Save edits made on ``base``; refused with the changed fields if someone saved first."""
    f = validate_fields(session, fields, person_id)
    person = get_person(session, person_id)
    if person.merged_into_id is not None:
        raise ValidationError("다른 기록으로 병합된 연수생은 고칠 수 없습니다.")
    refuse_if_changed("연수생", base, _detail(person), base.version, person.version)
    _apply(session, person, f)
    flush_or_conflict(session, "연수생")


# ------------------------------------------------------------------ search

SORT_KEYS = ("name", "birth_date", "gender", "neis_no", "employee_kind", "position",
             "organization", "phone")
_NEIS_LIKE = re.compile(r"^[A-Za-z]\d*$", re.ASCII)


def _search_condition(text: str):
    """WHERE clause for the search box: name, NEIS number, phone digits or organization.

    Each word must match (AND).  A letter with digits is a piece of a NEIS number; digits alone
    are a piece of a NEIS number or of a phone number, or a birth date (``YYYYMMDD``).
    """
    words = text.split()
    conditions = []
    for word in words:
        like = f"%{escape_like(word)}%"
        if _NEIS_LIKE.match(word) and len(word) > 1:
            conditions.append(_HasPiece(Person.neis_no, word.upper()))
            continue
        digits = word.replace("-", "")
        if digits.isascii() and digits.isdigit() and len(digits) >= 3:
            conditions.append(_digits_condition(digits))
            continue
        org_ids = select(Organization.id).where(Organization.name.like(like, escape="\\"))
        conditions.append(or_(Person.name.like(like, escape="\\"),
                              Person.organization_id.in_(org_ids)))
    return and_(*conditions) if conditions else None


def _digits_condition(digits: str):
    """A word of digits: anywhere in the NEIS number or the phone number, or a birth date.

    Phones are stored with dashes (010-1234-5678); up to 4 digits (the end of a phone, as
    people type it) are compared as stored, which spares a replace() per row, longer words
    without the dashes.
    """
    neis = _HasPiece(Person.neis_no, digits)
    birth = _as_birth_date(digits)
    if birth is not None:  # 19800305: a birth date rather than a piece of a phone number
        return or_(Person.birth_date == birth, neis)
    if len(digits) <= 4:
        return or_(neis, _HasPiece(Person.phone, digits))
    # The digits in order with anything between is a cheap first test on the stored phone;
    # only the few rows passing it pay for removing the dashes (SQL evaluates AND lazily).
    phone = and_(_HasPiece(Person.phone, digits, spread=True),
                 _HasPiece(func.replace(Person.phone, "-", ""), digits))
    return or_(neis, phone)


class _HasPiece(FunctionElement):
    """``column`` contains ``piece`` (ASCII letters and digits only), case-sensitively.

    PostgreSQL: ``LIKE '%piece%'``.  SQLite: ``GLOB '*piece*'``, because SQLite's LIKE folds
    case character by character and costs about half as much again over the 200,000-row index
    scan (NEIS numbers are stored in capitals, so a case-sensitive test finds the same rows).
    """

    type = Boolean()
    name = "has_piece"
    inherit_cache = True

    def __init__(self, column, piece: str, spread: bool = False) -> None:
        """``spread``: the characters of ``piece`` in order, anything between them."""
        if not piece.isascii() or not piece.isalnum():  # no wildcard of either kind slips in
            raise ValueError(f"not a plain piece: {piece!r}")
        like, glob = ("%".join(piece), "*".join(piece)) if spread else (piece, piece)
        super().__init__(column, literal(f"%{like}%"), literal(f"*{glob}*"))


@compiles(_HasPiece)
def _has_piece_like(element, compiler, **kw) -> str:
    column, like, _glob = element.clauses
    return f"({compiler.process(column, **kw)} LIKE {compiler.process(like, **kw)})"


@compiles(_HasPiece, "sqlite")
def _has_piece_glob(element, compiler, **kw) -> str:
    column, _like, glob = element.clauses
    return f"({compiler.process(column, **kw)} GLOB {compiler.process(glob, **kw)})"


def _as_birth_date(digits: str) -> date | None:
    """``YYYYMMDD`` of a plausible birth date, else None."""
    if len(digits) != 8 or not digits.startswith(("19", "20")):
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def search_person_ids(session: Session, text: str = "", sort: str = "name",
                      ascending: bool = True, limit: int | None = None) -> list[int]:
    """Ids of live persons matching the search box text, sorted in SQL."""
    query = select(Person.id).where(Person.merged_into_id.is_(None))
    condition = _search_condition(clean(half_width(text or "")))
    if condition is not None:
        query = query.where(condition)
    if sort == "organization":
        org = aliased(Organization)
        query = query.outerjoin(org, org.id == Person.organization_id)
        columns = [org.name, Person.name]
    elif sort in SORT_KEYS and sort != "name":
        columns = [getattr(Person, sort), Person.name]
    else:
        # Exactly the search index's order, so no sort step is needed.
        columns = [Person.name, Person.birth_date, Person.organization_id, Person.neis_no,
                   Person.phone]
    query = query.order_by(*(c.asc() if ascending else c.desc() for c in columns),
                           Person.id.asc() if ascending else Person.id.desc())
    if limit:
        query = query.limit(limit)
    return fetch_ids(session, query)


def person_rows(session: Session, ids: list[int]) -> list[PersonRow]:
    """Rows for the given ids, in the same order."""
    if not ids:
        return []
    found = {row.id: row for row in _person_rows_where(session, Person.id.in_(ids))}
    return [found[i] for i in ids if i in found]


def _person_rows_where(session: Session, condition) -> list[PersonRow]:
    query = (select(Person.id, Person.name, Person.birth_date, Person.gender, Person.neis_no,
                    Person.employee_kind, Person.position, Organization.name, Person.phone)
             .outerjoin(Organization, Organization.id == Person.organization_id)
             .where(condition))
    shown = masking.viewer(who_of(session))
    return [PersonRow(row[0], row[1], shown.birth(row[2]), row[3], shown.neis(row[4]), row[5],
                      row[6], row[7] or "", shown.phone(row[8])) for row in session.execute(query)]


# ------------------------------------------------------------------ duplicates and merge


def duplicate_groups(session: Session, limit: int = 500) -> list[list[PersonRow]]:
    """Groups of live records that look like one person.

    Same NEIS number cannot happen (it is unique); so a group is the same name + birth date +
    organization where at most one record has a NEIS number (two different NEIS numbers mean
    two different people).
    """
    live = Person.merged_into_id.is_(None)
    keys = (select(Person.name, Person.birth_date, Person.organization_id)
            .where(live)
            .group_by(Person.name, Person.birth_date, Person.organization_id)
            .having(func.count(Person.id) > 1, func.count(Person.neis_no) <= 1)
            .order_by(Person.name).limit(limit))
    groups = []
    for name, birth, org_id in session.execute(keys):
        org_match = (Person.organization_id == org_id if org_id is not None
                     else Person.organization_id.is_(None))
        ids = list(session.scalars(select(Person.id).where(
            live, Person.name == name, Person.birth_date == birth, org_match)
            .order_by(Person.id)))
        groups.append(person_rows(session, ids))
    return groups


def merge_persons(session: Session, keep_id: int, drop_id: int, actor: str) -> None:
    """Fold ``drop_id`` into ``keep_id`` without losing anything.

    Empty fields of the kept record are filled from the other; the other record stays as a
    hidden tombstone pointing at the kept one, with a snapshot in ``person_merge``; its
    enrolments move over (a run both were in keeps the kept record's place, and the other's
    place is cancelled with history, freeing its seat).
    """
    if keep_id == drop_id:
        raise ValidationError("같은 기록끼리는 병합할 수 없습니다.")
    keep, drop = get_person(session, keep_id), get_person(session, drop_id)
    for person in (keep, drop):
        if person.merged_into_id is not None:
            raise ValidationError(
                f"{describe_ids(session, [person.id])}은(는) 이미 병합된 기록입니다.")
    if keep.neis_no and drop.neis_no and keep.neis_no != drop.neis_no:
        raise ValidationError(f"나이스 개인번호가 서로 다릅니다 ({keep.neis_no}, {drop.neis_no}). "
                              "다른 사람이므로 병합할 수 없습니다.")
    snapshot = asdict(_detail(drop))
    snapshot["birth_date"] = str(snapshot["birth_date"]) if snapshot["birth_date"] else None
    session.add(PersonMerge(kept_person_id=keep.id, merged_person_id=drop.id, at=clock.now(session),
                            actor=actor, snapshot=json.dumps(snapshot, ensure_ascii=False)))
    neis = drop.neis_no
    drop.neis_no = None  # unique: free it before the kept record takes it
    session.flush()
    for name in ("birth_date", "gender", "employee_kind", "position", "organization_id",
                 "phone", "email"):
        if getattr(keep, name) in (None, "") and getattr(drop, name) not in (None, ""):
            setattr(keep, name, getattr(drop, name))
    if not keep.neis_no and neis:
        keep.neis_no = neis
    if drop.note:
        keep.note = f"{keep.note}\n{drop.note}".strip() if keep.note else drop.note
    drop.merged_into_id = keep.id
    kept = describe_ids(session, [keep.id])
    drop.note = f"[병합됨 → {kept}] {drop.note or ''}".strip()
    kept_runs = set(session.scalars(select(Enrollment.run_id).where(
        Enrollment.person_id == keep.id)))
    for enrolled in list(session.scalars(select(Enrollment).where(
            Enrollment.person_id == drop.id))):
        if enrolled.run_id in kept_runs:
            if enrolled.status in enrollment_service.ACTIVE:
                enrollment_service.cancel(session, enrolled.id, actor,
                                          f"중복 기록 병합: {kept}의 신청으로 통합")
            continue
        enrolled.person_id = keep.id
    _merge_instructor(session, keep.id, drop.id)
    flush_or_conflict(session, "연수생")


def _merge_instructor(session: Session, keep_id: int, drop_id: int) -> None:
    """The instructor's profile follows the person: it moves to the kept record, or — when both
    had one — the other's periods move to the kept profile and the other's stays, inactive, on
    the hidden record (nothing of it is lost)."""
    from ..models import CourseSession, Instructor, PayItem, SurveyAnswer

    dropped = session.scalar(select(Instructor).where(Instructor.person_id == drop_id))
    if dropped is None:
        return
    kept = session.scalar(select(Instructor).where(Instructor.person_id == keep_id))
    if kept is None:
        dropped.person_id = keep_id
        return
    for name in ("fields", "subjects", "qualifications", "pay_grade", "bank_name",
                 "bank_account", "account_holder", "meeting_notes"):
        if not getattr(kept, name) and getattr(dropped, name):
            setattr(kept, name, getattr(dropped, name))
    for table in (CourseSession, PayItem, SurveyAnswer):     # periods, pay and ratings follow
        session.execute(update(table).where(table.instructor_id == dropped.id)
                        .values(instructor_id=kept.id))
    dropped.active = False
