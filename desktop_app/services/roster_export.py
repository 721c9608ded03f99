"""A run's roster (연수생 명단) saved as an .xlsx workbook, in the roster's order."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..excel.writer import SheetData, write_workbook
from ..models import Person
from . import enrollment, run_roster
from .runs import get_run

HEADERS = ("번호", "상태", "대기 순번", "성명", "생년월일", "성별", "소속", "직위", "나이스 개인번호",
           "전화번호", "신청일", "상태 바뀐 때", "출석률(%)", "점수", "이수", "이수 사유",
           "인정 시간(분)")
WIDTHS = (6, 7, 9, 10, 12, 6, 28, 10, 15, 15, 17, 17, 10, 7, 7, 30, 12)


def export_roster(session: Session, run_id: int, path: Path) -> Path:
    """Every enrolment of the run (선발, 신청, 대기 in line, 취소) to ``path``, with each
    selected trainee's attendance %, score and completion."""
    run = get_run(session, run_id)
    rows = enrollment.roster_rows(session, enrollment.roster_ids(session, run_id))
    people = {pid: (gender, position) for pid, gender, position in session.execute(
        select(Person.id, Person.gender, Person.position)
        .where(Person.id.in_([r.person_id for r in rows])))} if rows else {}
    results = {line.enrollment_id: line for line in run_roster.run_roster(session, run_id).lines}
    values = []
    for number, r in enumerate(rows, start=1):
        gender, position = people.get(r.person_id, (None, None))
        line = results.get(r.id)
        values.append([number, r.status, r.waitlist_rank, r.name, r.birth_date, gender,
                       r.organization, position, r.neis_no, r.phone, r.applied_at,
                       r.status_changed_at,
                       *((line.attendance_pct, line.score, line.completion or None,
                          line.completion_reason or None, line.recognised_minutes)
                         if line is not None else (None,) * 5)])
    title = f"{run.code} 명단"[:31]  # Excel's limit for a sheet name
    return write_workbook(Path(path), [SheetData(title, HEADERS, WIDTHS, values)])
