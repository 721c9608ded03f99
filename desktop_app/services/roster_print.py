"""The printed roster of a run (연수생 명단): selected trainees with the columns the officer
picks, personal data masked unless the full form is asked for, sorted as chosen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from . import audit
from ..errors import ValidationError
from ..reports.roster_pdf import TableSection
from . import masking, run_roster
from .enrollment import SELECTED
from .printing import page_info, write_tables
from .runs import run_row

#: column key → (heading, relative width, value of a roster line; masked form when it differs)
OPTIONAL = {
    "birth_date": ("생년월일", 22, lambda r: r.birth_date, lambda r: masking.birth_date(r.birth_date)),
    "gender": ("성별", 10, lambda r: r.gender, None),
    "phone": ("전화번호", 32, lambda r: r.phone, lambda r: masking.phone(r.phone)),
    "neis_no": ("나이스 개인번호", 26, lambda r: r.neis_no, lambda r: masking.neis_no(r.neis_no)),
    "attendance": ("출석률", 14, lambda r: "" if r.attendance_pct is None
                   else f"{r.attendance_pct:g}%", None),
    "score": ("점수", 12, lambda r: "" if r.score is None else f"{r.score:g}", None),
    "completion": ("이수", 12, lambda r: r.completion, None),
    "signature": ("서명", 24, lambda r: "", None),
}
SORTS = {"name": "가나다순", "organization": "소속순"}
SIGNING_ROW_MM = 9  # a row a trainee can sign in


@dataclass(frozen=True)
class RosterPrint:
    """What the officer chose for the printed roster."""

    columns: tuple[str, ...] = ()
    full: bool = False          # personal data unmasked
    landscape: bool = False
    sort: str = "name"


def print_roster(session: Session, run_id: int, path: Path, choice: RosterPrint) -> Path:
    """Write the run's roster PDF to ``path``."""
    unknown = [c for c in choice.columns if c not in OPTIONAL]
    if unknown or choice.sort not in SORTS:
        raise ValidationError(f"알 수 없는 열 또는 정렬입니다: {', '.join(unknown) or choice.sort}")
    run = run_row(session, run_id)
    lines = [line for line in run_roster.run_roster(session, run_id).lines
             if line.status == SELECTED]
    if not lines:
        raise ValidationError("이 기수에 선발된 연수생이 없어 명단을 만들 것이 없습니다.")
    key = (lambda r: (r.name, r.birth_date or 0)) if choice.sort == "name" else \
        (lambda r: (r.organization, r.name))
    lines.sort(key=lambda r: tuple(str(k) for k in key(r)))
    headers = ["번호", "성명", "소속", "직위"] + [OPTIONAL[c][0] for c in choice.columns]
    widths = [11, 20, 44, 18] + [OPTIONAL[c][1] for c in choice.columns]
    rows = []
    for number, line in enumerate(lines, start=1):
        extra = []
        for c in choice.columns:
            _heading, _width, full, masked = OPTIONAL[c]
            value = full(line) if choice.full or masked is None else masked(line)
            extra.append(value)
        rows.append([number, line.name, line.organization, line.position, *extra])
    form = "전체 정보" if choice.full else "개인정보 일부 가림"
    info = page_info(session, f"{run.code} 연수생 명단", choice.landscape)
    about = (f"{run.course_title} · {run.start_date}~{run.end_date} · 선발 {len(lines)}명 · "
             f"{SORTS[choice.sort]} · {form}")
    written = write_tables(path, info, [TableSection(
        f"연수생 명단 — {run.code}", about, headers, widths, rows,
        SIGNING_ROW_MM if "signature" in choice.columns else None)])
    audit.record_file(session, f"{run.code} 연수생 명단 PDF ({form})", len(rows), written,
                      printed=True)
    return written
