"""The audit trail (감사 기록): reading it with filters, exporting it, and the rows services add
themselves — an export or print of personal data (who, what, how many persons, which file, the
purpose when unmasked), a retention erase, a restore.

The rows of changed records are written by database triggers (:mod:`desktop_app.audit_schema`)
in the change's own transaction; nothing here can change or delete a row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..access import ADMIN, TABLE_ROLES, require
from ..audit_schema import SECRET, SECRET_CHANGED
from ..db import is_writing, who_of, written_with
from ..errors import ValidationError
from ..excel.writer import SheetData, write_workbook
from ..models import AuditEntry
from .accounts import wall_clock

EXPORTED, PRINTED = "내보내기", "인쇄"
#: the kinds a viewer filters by
ACTIONS = ("추가", "수정", "삭제", EXPORTED, PRINTED, "파기", "복원", "자료 넣기")
#: columns every versioned row changes on its own (not worth naming as "changed")
_BOOKKEEPING = frozenset({"version", "updated_at"})


def record(session: Session, action: str, *, what: str = "", persons: int | None = None,
           file: str | Path | None = None, purpose: str | None = None, table: str = "",
           record_id: str | None = None) -> None:
    """Add one row in ``session``'s transaction, naming the person it works for."""
    session.add(AuditEntry(at=wall_clock(), actor=who_of(session).actor, action=action,
                           table_name=table, record_id=record_id, what=what[:200] or None,
                           persons=persons, file=str(file) if file is not None else None,
                           purpose=purpose or None))
    session.flush()


def record_file(session: Session, what: str, persons: int | None, file: str | Path, *,
                printed: bool = False, purpose: str | None = None) -> None:
    """An export (or a print) carrying ``persons`` persons' data was written to ``file``.

    Called once the file is written.  In a writing session the row joins its transaction; an
    export made in a read session gets a short transaction of its own, and when even that
    cannot be written the file is removed: no personal data leaves without its row."""
    _record_lasting(session, Path(file), PRINTED if printed else EXPORTED, what=what,
                    persons=persons, file=Path(file).name if file else "", purpose=purpose)


def _record_lasting(session: Session, written: Path, action: str, **fields) -> None:
    """``record`` that outlives a read session (its own short transaction); the file is
    removed when the row cannot be written."""
    try:
        if is_writing(session):
            record(session, action, **fields)
            written_with(session, written)      # removed again if this transaction rolls back
            return
        bind = session.get_bind().execution_options(yeonsu_begin="IMMEDIATE")
        with Session(bind) as own, own.begin():
            record(own, action, **fields)
    except Exception:
        written.unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer shows: each field narrows (empty means any)."""

    actor: str = ""
    start: date | None = None
    end: date | None = None
    action: str = ""
    table: str = ""          # a table name, or an area's label (과정, 연수생 …)
    record_id: str = ""
    text: str = ""           # anywhere in what / file / purpose


@dataclass(frozen=True)
class AuditRow:
    """One row as shown: the changed fields already worked out."""

    id: int
    at: datetime
    actor: str
    action: str
    area: str
    table: str
    record_id: str
    changes: str            # "name: 홍 → 홍길동; phone: 바뀜 (개인정보)"
    what: str
    persons: int | None
    file: str
    purpose: str


def area_of(table: str) -> str:
    """The words for a table (its area), or the table's own name."""
    return TABLE_ROLES[table][0] if table in TABLE_ROLES else table


def tables_of(label: str) -> list[str]:
    """The tables an area label (or a table name) stands for."""
    found = [t for t, (area, _roles) in TABLE_ROLES.items() if area == label]
    return found or [label]


def _conditions(f: AuditFilter) -> list:
    c = []
    if f.actor.strip():
        c.append(AuditEntry.actor == f.actor.strip())
    if f.start:
        c.append(AuditEntry.at >= datetime.combine(f.start, datetime.min.time()))
    if f.end:
        c.append(AuditEntry.at < datetime.combine(f.end + timedelta(days=1), datetime.min.time()))
    if f.action:
        c.append(AuditEntry.action == f.action)
    if f.table.strip():
        c.append(AuditEntry.table_name.in_(tables_of(f.table.strip())))
    if f.record_id.strip():
        c.append(AuditEntry.record_id == f.record_id.strip())
    if f.text.strip():
        like = f"%{f.text.strip()}%"
        c.append(AuditEntry.what.like(like) | AuditEntry.file.like(like)
                 | AuditEntry.purpose.like(like))
    return c


def _may_read(session: Session) -> None:
    require(who_of(session), ADMIN, doing="감사 기록 보기")


def count(session: Session, f: AuditFilter) -> int:
    """How many rows ``f`` lets through."""
    _may_read(session)
    return session.scalar(select(func.count()).select_from(AuditEntry).where(*_conditions(f)))


def ids(session: Session, f: AuditFilter, newest_first: bool = True) -> list[int]:
    """The ids of the rows ``f`` lets through, in time order (the viewer loads rows lazily)."""
    _may_read(session)
    order = AuditEntry.id.desc() if newest_first else AuditEntry.id
    return list(session.scalars(select(AuditEntry.id).where(*_conditions(f)).order_by(order)))


def rows(session: Session, row_ids: list[int]) -> list[AuditRow]:
    """The rows of ``row_ids``, in that order."""
    _may_read(session)
    found = {e.id: e for e in session.scalars(select(AuditEntry).where(AuditEntry.id.in_(row_ids)))}
    return [_row(found[i]) for i in row_ids if i in found]


def actors(session: Session) -> list[str]:
    """Every name the trail holds (the viewer's user filter)."""
    _may_read(session)
    return list(session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(e.id, e.at, e.actor, e.action, area_of(e.table_name), e.table_name,
                    e.record_id or "", changes(e.before, e.after), e.what or "", e.persons,
                    e.file or "", e.purpose or "")


#: the words for the columns most rows change (others keep their column name)
FIELD_NAMES = {
    "name": "이름", "phone": "전화", "email": "이메일", "birth_date": "생년월일", "gender": "성별",
    "neis_no": "나이스번호", "position": "직위", "organization_id": "소속", "note": "메모",
    "status": "상태", "score": "점수", "completion": "이수", "completion_reason": "이수 사유",
    "completed_on": "이수일", "recognised_minutes": "인정 시간(분)", "capacity": "정원",
    "start_date": "시작일", "end_date": "종료일", "title": "제목", "code": "코드",
    "amount": "금액", "spent_on": "집행일", "description": "내용", "roles": "역할",
    "active": "사용", "failed_logins": "틀린 횟수", "locked_until": "잠금 끝", "last_login_at":
    "마지막 로그인", "password_hash": "비밀번호", "value": "값", "key": "항목", "reason": "사유",
    "room_id": "강의실", "start_at": "시작", "end_at": "끝", "run_id": "기수", "person_id": "사람",
    "enrollment_id": "신청", "waitlist_pos": "대기 순번", "selected_count": "선발 수",
    "waitlist_count": "대기 수", "bank_name": "은행", "bank_account": "계좌",
    "account_holder": "예금주", "contact_name": "담당자", "contact_phone": "담당자 전화",
    "fee": "사용료", "paid": "받은 금액", "revoked_at": "취소일", "revoke_reason": "취소 사유",
    "reprint_count": "재인쇄", "merged_into_id": "합친 곳", "session_id": "교시",
}


def _field(name: str) -> str:
    return FIELD_NAMES.get(name, name)


def _shown(value) -> str:
    if value is None or value == "":
        return "(없음)"
    return str(value)


def changes(before: str | None, after: str | None) -> str:
    """The fields before → after in words; personal fields say only that they changed."""
    old = json.loads(before) if before else {}
    new = json.loads(after) if after else {}
    if not (old and new):           # added or deleted: the one row there is, as it was
        return "; ".join(f"{_field(k)}: {_shown(v)}" for k, v in (old or new).items()
                         if v is not None and k not in _BOOKKEEPING)
    parts = []
    for key, value in new.items():
        was = old.get(key)
        if key in _BOOKKEEPING or value == was:
            continue
        if value == SECRET_CHANGED or was in (SECRET, SECRET_CHANGED) or value == SECRET:
            parts.append(f"{_field(key)}: 바뀜 (개인정보)")
        else:
            parts.append(f"{_field(key)}: {_shown(was)} → {_shown(value)}")
    return "; ".join(parts)


HEADERS = ("번호", "시각", "사용자", "종류", "자료", "표", "레코드", "바뀐 내용", "내보낸 것",
           "인원", "파일", "목적")


def export(session: Session, f: AuditFilter, path: Path) -> int:
    """The rows ``f`` lets through to an .xlsx file (oldest first); returns how many.  The
    export itself is recorded."""
    _may_read(session)
    if f.start and f.end and f.start > f.end:
        raise ValidationError("시작일이 종료일보다 늦습니다.", field="기간")
    entries = session.scalars(select(AuditEntry).where(*_conditions(f)).order_by(AuditEntry.id))
    out = [(r.id, r.at, r.actor, r.action, r.area, r.table, r.record_id, r.changes, r.what,
            r.persons, r.file, r.purpose) for r in map(_row, entries)]
    widths = (8, 18, 12, 8, 10, 14, 8, 60, 24, 6, 28, 24)
    written = write_workbook(Path(path), [SheetData("감사 기록", HEADERS, widths, out)])
    _record_lasting(session, written, EXPORTED, what=f"감사 기록 {len(out)}줄", file=written.name)
    return len(out)
