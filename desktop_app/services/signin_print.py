"""The sign-in sheet (출석부·서명부) of a run: for each day (or each period) of its timetable a
page with every selected trainee and a box to sign in; one file for the whole run."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from . import audit
from ..errors import ValidationError
from ..reports.roster_pdf import TableSection
from . import attendance
from .printing import page_info, write_tables
from .runs import run_row

WEEKDAYS = "월화수목금토일"
BY = {"day": "하루에 한 장", "period": "교시마다 한 장"}
SIGN_ROW_MM = 10


def print_signin(session: Session, run_id: int, path: Path, by: str = "day") -> Path:
    """Write the run's sign-in sheets to ``path``; ``by`` is ``day`` or ``period``."""
    if by not in BY:
        raise ValidationError(f"'{by}'은(는) 출석부 단위가 아닙니다. 가능한 값: day, period")
    run = run_row(session, run_id)
    periods = attendance.periods_of(session, run_id)
    if not periods:
        raise ValidationError("이 기수에 시간표가 없어 출석부를 만들 수 없습니다. 시간표(교시)를 먼저 "
                              "입력하십시오.", field="시간표")
    trainees = attendance.trainees_of(session, run_id)
    if not trainees:
        raise ValidationError("이 기수에 선발된 연수생이 없어 출석부를 만들 것이 없습니다.")
    rows = [[n, t.name, t.organization, ""] for n, t in enumerate(trainees, start=1)]
    sections = []
    if by == "day":
        days: dict = {}
        for p in periods:
            days.setdefault(p.date, []).append(p)
        for day, of_day in days.items():
            times = f"{of_day[0].start:%H:%M}~{of_day[-1].end:%H:%M} · {len(of_day)}교시"
            sections.append(TableSection(
                f"출석부 — {day:%Y-%m-%d} ({WEEKDAYS[day.weekday()]})",
                f"{run.code} {run.course_title} · {times}", ("번호", "성명", "소속", "서명"),
                (12, 28, 70, 50), rows, SIGN_ROW_MM))
    else:
        for p in periods:
            sections.append(TableSection(
                f"출석부 — {p.date:%Y-%m-%d} ({WEEKDAYS[p.date.weekday()]}) "
                f"{p.start:%H:%M}~{p.end:%H:%M}",
                f"{run.code} {run.course_title} · {p.subject}", ("번호", "성명", "소속", "서명"),
                (12, 28, 70, 50), rows, SIGN_ROW_MM))
    written = write_tables(path, page_info(session, f"{run.code} 출석부"), sections)
    audit.record_file(session, f"{run.code} 출석부 PDF", len(rows), written, printed=True)
    return written
