"""A run's roster (연수생 명단) saved as an .xlsx workbook, in the roster's order."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from . import audit, masking
from ..db import who_of
from ..excel.writer import SheetData, write_workbook
from . import enrollment, run_roster
from .runs import get_run

HEADERS = ("번호", "상태", "대기 순번", "성명", "생년월일", "성별", "소속", "직위", "나이스 개인번호",
           "전화번호", "신청일", "상태 바뀐 때", "출석률(%)", "점수", "이수", "이수 사유",
           "인정 시간(분)")
WIDTHS = (6, 7, 9, 10, 12, 6, 28, 10, 15, 15, 17, 17, 10, 7, 7, 30, 12)


def export_roster(session: Session, run_id: int, path: Path, purpose: str = "") -> Path:
    """Every enrolment of the run (선발, 신청, 대기 in line, 취소, as the roster orders them) to
    ``path``, with each selected trainee's attendance %, score and completion.

    Birth dates, NEIS numbers and phones are masked unless the user states a ``purpose``
    (recorded in the audit trail); even then only what their roles may see in full."""
    purpose = " ".join((purpose or "").split())
    shown = masking.Viewer() if purpose else masking.Viewer(False, False, False, False)
    run = get_run(session, run_id)
    lines = {line.enrollment_id: line for line in run_roster.run_roster(session, run_id).lines}
    ranks = enrollment.waitlist_ranks(session, {run_id})
    values = []
    for number, eid in enumerate(enrollment.roster_ids(session, run_id), start=1):
        r = lines[eid]
        selected = r.status == enrollment.SELECTED
        values.append([number, r.status, ranks.get(eid), r.name, shown.birth(r.birth_date),
                       r.gender, r.organization, r.position or None, shown.neis(r.neis_no),
                       shown.phone(r.phone), r.applied_at,
                       r.status_changed_at, r.attendance_pct if selected else None,
                       r.score if selected else None, (r.completion or None) if selected else None,
                       (r.completion_reason or None) if selected else None,
                       r.recognised_minutes if selected else None])
    title = f"{run.code} 명단"[:31]  # Excel's limit for a sheet name
    written = write_workbook(Path(path), [SheetData(title, HEADERS, WIDTHS, values)])
    form = ("개인정보 일부 가림" if not purpose else "전체 정보"
            if not masking.viewer(who_of(session)).masks else "역할에 따라 일부 가림")
    audit.record_file(session, f"{run.code} 연수생 명단 엑셀 ({form})", len(values), written,
                      purpose=purpose or None)
    return written
