"""The training record statement (연수 이력 확인서): one person's runs over a period, with the
hours and credits recognised and the completions, from the record the rosters keep."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from . import audit
from ..errors import NotFoundError, ValidationError
from ..models import Person
from ..reports.roster_pdf import TableSection
from . import run_roster
from .completion import COMPLETED
from .printing import page_info, write_tables


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}시간" + (f" {rest}분" if rest else "")


def print_record(session: Session, person_id: int, path: Path, start: date, end: date) -> Path:
    """Write the statement for the runs that started between ``start`` and ``end``."""
    if end < start:
        raise ValidationError(f"기간의 끝({end})이 시작({start})보다 앞입니다.", field="기간")
    person = session.get(Person, person_id)
    if person is None or person.merged_into_id is not None:
        raise NotFoundError("연수생을 찾을 수 없습니다 (다른 사용자가 지웠거나 합쳤을 수 있습니다).")
    record = run_roster.training_record(session, person_id)
    lines = [r for r in record.lines if start <= r.start_date <= end and r.status == "선발"]
    lines.sort(key=lambda r: (r.start_date, r.run_code))
    rows = [[n, r.run_code, r.course_title, r.category, f"{r.start_date}~{r.end_date}",
             r.completion or "미정", _hours(r.recognised_minutes) if r.recognised_minutes else "",
             r.credits if r.credits is not None else ""] for n, r in enumerate(lines, start=1)]
    done = [r for r in lines if r.completion == COMPLETED]
    minutes = sum(r.recognised_minutes for r in done)
    credits = sum(r.credits or 0 for r in done)
    organization = person.organization.name if person.organization else ""
    # the statement goes to the person it is about: their own birth date in full
    about = (f"{person.name} · 생년월일 {person.birth_date or '-'} · {organization} · "
             f"기간 {start}~{end} · 이수 {len(done)}과정, 인정 {_hours(minutes) if minutes else '0시간'}"
             f", {credits}학점")
    info = page_info(session, "연수 이력 확인서")
    section = TableSection(
        "연수 이력 확인서", about, ("번호", "기수코드", "과정명", "연수종별", "기간", "이수", "인정 시간",
                                 "학점"), (10, 26, 54, 16, 44, 12, 18, 10),
        rows or [["", "", "이 기간에 선발된 연수가 없습니다.", "", "", "", "", ""]],
        closing=("위와 같이 연수 이력을 확인합니다.", f"{info.printed_on:%Y년 %m월 %d일}",
                 f"{info.institute}장"))
    written = write_tables(path, info, [section])
    audit.record_file(session, f"연수 이력 확인서 ({person.name})", 1, written, printed=True)
    return written
