"""The certificate ledger (이수증 발급대장): every serial of a year in order, with who it was
issued to, when and by whom, its reprints and its revocation — on screen, printed and as .xlsx."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from . import audit, masking
from ..db import who_of
from ..excel.writer import SheetData, write_workbook
from ..models import Certificate, CourseRun, Enrollment, Person, serial_text
from ..reports.roster_pdf import TableSection
from .certificates import snapshot_values
from .printing import page_info, write_tables


@dataclass(frozen=True)
class LedgerLine:
    """One certificate as the ledger lists it (the printed data from its snapshot)."""

    id: int
    serial: str
    code: str
    name: str
    birth_date: str
    organization: str
    course_title: str
    run_code: str
    recognition: str
    issued_at: datetime
    issued_by: str
    layout: str
    reprint_count: int
    last_printed_at: datetime | None
    last_printed_by: str
    revoked_at: datetime | None
    revoke_reason: str
    pdf_sha256: str
    file_name: str

    @property
    def state(self) -> str:
        return "취소" if self.revoked_at else "유효"


#: sort key → SQL order (the ledger page's sortable columns)
SORTS = {"serial": (Certificate.year, Certificate.number), "name": (Person.name,),
         "run": (CourseRun.code,), "issued": (Certificate.issued_at,),
         "state": (Certificate.revoked_at,)}


def ledger_ids(session: Session, year: int, *, run_id: int | None = None, search: str = "",
               sort: str = "serial", ascending: bool = True) -> list[int]:
    """Ids of the year's certificates, filtered and sorted in SQL; ``search`` matches anything
    printed on the certificate (name, organization, course title, serial) or the run code."""
    query = (select(Certificate.id)
             .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
             .join(Person, Person.id == Enrollment.person_id)
             .join(CourseRun, CourseRun.id == Enrollment.run_id)
             .where(Certificate.year == year))
    if run_id is not None:
        query = query.where(Enrollment.run_id == run_id)
    words = search.strip()
    if words:
        like = f"%{words}%"
        query = query.where(or_(Certificate.snapshot.like(like), CourseRun.code.like(like)))
    keys = SORTS.get(sort, SORTS["serial"])
    order = [k.asc() if ascending else k.desc() for k in keys]
    return list(session.scalars(query.order_by(*order, Certificate.number)))


def ledger_lines(session: Session, ids: list[int]) -> list[LedgerLine]:
    """The lines of these certificates, in the order given."""
    found: dict[int, LedgerLine] = {}
    shown = masking.viewer(who_of(session))        # birth dates as the role may see them
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Certificate, CourseRun.code)
            .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
            .join(CourseRun, CourseRun.id == Enrollment.run_id)
            .where(Certificate.id.in_(ids[start:start + 500])))
        for c, run_code in rows:
            v = snapshot_values(c)
            found[c.id] = LedgerLine(
                c.id, serial_text(c.year, c.number), c.code, v.get("name", ""),
                shown.birth(v.get("birth_date", "")) or "", v.get("organization", ""),
                v.get("course_title", ""),
                run_code, v.get("recognition", ""), c.issued_at, c.issued_by, c.layout,
                c.reprint_count, c.last_printed_at, c.last_printed_by or "", c.revoked_at, c.revoke_reason or "",
                c.pdf_sha256, c.file_name)
    return [found[i] for i in ids if i in found]


def ledger(session: Session, year: int, *, run_id: int | None = None,
           search: str = "") -> list[LedgerLine]:
    """The year's certificates in serial order."""
    return ledger_lines(session, ledger_ids(session, year, run_id=run_id, search=search))


def years(session: Session) -> list[int]:
    """The years that have certificates, newest first."""
    return list(session.scalars(select(Certificate.year).distinct()
                                .order_by(Certificate.year.desc())))


HEADERS = ("발급번호", "상태", "성명", "생년월일", "소속", "과정명", "기수코드", "이수시간", "발급일시",
           "발급자", "재발급 횟수", "마지막 인쇄", "마지막 인쇄한 사람", "취소일시", "취소 사유", "확인코드", "서식",
           "파일", "PDF SHA-256")


def _row(line: LedgerLine) -> list[object]:
    return [line.serial, line.state, line.name, line.birth_date, line.organization,
            line.course_title, line.run_code, line.recognition, line.issued_at, line.issued_by,
            line.reprint_count, line.last_printed_at, line.last_printed_by, line.revoked_at, line.revoke_reason,
            line.code, line.layout, line.file_name, line.pdf_sha256]


def export_ledger(session: Session, year: int, path: Path) -> Path:
    """The year's ledger as one ``.xlsx`` sheet, every column (birth dates as the role may
    see them: :func:`ledger_lines`)."""
    rows = [_row(line) for line in ledger(session, year)]
    widths = [12, 6, 10, 12, 28, 40, 13, 14, 18, 10, 8, 18, 12, 18, 24, 11, 8, 24, 66]
    written = write_workbook(Path(path), [SheetData(f"{year} 발급대장", HEADERS, widths, rows)])
    audit.record_file(session, f"{year} 이수증 발급대장 엑셀", len(rows), written)
    return written


def print_ledger(session: Session, year: int, path: Path) -> Path:
    """The year's ledger as a landscape PDF for the file (verification codes left out: the
    printed ledger lies on desks)."""
    lines = ledger(session, year)
    rows = [[line.serial, line.state, line.name, line.organization, line.course_title,
             line.run_code, f"{line.issued_at:%Y-%m-%d}", line.issued_by, line.reprint_count,
             f"{line.revoked_at:%Y-%m-%d} {line.revoke_reason}" if line.revoked_at else ""]
            for line in lines]
    revoked = sum(1 for line in lines if line.revoked_at)
    info = page_info(session, f"{year}년 이수증 발급대장", landscape=True)
    written = write_tables(path, info, [TableSection(
        f"{year}년 이수증 발급대장", f"발급 {len(lines):,}건 · 취소 {revoked:,}건",
        ("발급번호", "상태", "성명", "소속", "과정명", "기수코드", "발급일", "발급자", "재발급", "취소"),
        (22, 10, 18, 44, 60, 22, 20, 16, 12, 40),
        rows or [["", "", "", "", "이 해에 발급한 이수증이 없습니다.", "", "", "", "", ""]])])
    audit.record_file(session, f"{year}년 이수증 발급대장 PDF", len(rows), written, printed=True)
    return written
