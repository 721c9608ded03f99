"""The course list saved as an .xlsx workbook: one sheet of courses, one of their runs.

The service reads the same rows the screen shows and hands plain values to
:mod:`desktop_app.excel.writer`, which knows the file format and nothing of the data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..excel.writer import SheetData, write_workbook
from . import courses as course_service
from . import runs as run_service

COURSE_HEADERS = ("과정코드", "과정명", "연수종별", "대상", "운영부서", "운영방식", "실천과제", "연수시간",
                  "학점", "계획 과정", "계획 인원", "추진 일정", "상태", "기수 수", "정원", "선발", "대기",
                  "시작", "종료")
COURSE_WIDTHS = (11, 48, 10, 10, 15, 9, 9, 9, 6, 9, 9, 24, 7, 8, 8, 8, 8, 11, 11)
RUN_HEADERS = ("기수코드", "과정코드", "과정명", "기수", "시작일", "종료일", "정원", "선발", "신청", "대기",
               "장소", "숙박", "상태", "진행")
RUN_WIDTHS = (14, 11, 48, 6, 11, 11, 8, 8, 8, 8, 16, 6, 7, 9)

Progress = Callable[[int, str], bool | None]


def export_courses(session: Session, course_ids: list[int], path: Path,
                   progress: Progress | None = None) -> Path:
    """Write the given courses (in that order) and their runs to ``path``."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("파일 이름은 .xlsx로 끝나야 합니다.", field="파일")
    course_rows, run_rows = [], []
    total = max(len(course_ids), 1)
    for start in range(0, len(course_ids), 200):
        chunk = course_ids[start:start + 200]
        runs_by_course = run_service.runs_of_courses(session, chunk)
        for row in course_service.course_rows(session, chunk):
            course_rows.append([
                row.code, row.title, row.category, row.target_group, row.department,
                row.delivery, row.plan_task_code, row.hours, row.credits,
                row.planned_runs, row.planned_people, row.schedule_text, row.status,
                row.run_count, row.capacity, row.selected, row.waitlisted, row.first_start,
                row.last_end])
            run_rows.extend([
                run.code, row.code, row.title, run.seq, run.start_date, run.end_date,
                run.capacity, run.selected, run.applied, run.waitlisted, run.venue,
                "필요" if run.lodging else "", run.status, run.phase]
                for run in runs_by_course[row.id])
        done = start + len(chunk)
        if progress is not None and progress(min(95, done * 95 // total),
                                             f"과정 {done:,}/{len(course_ids):,}") is False:
            raise ValidationError("엑셀 저장을 취소했습니다.")
    # The workbook is built only once everything is read: a cancelled export leaves nothing.
    return write_workbook(path, [SheetData("과정", COURSE_HEADERS, COURSE_WIDTHS, course_rows),
                                 SheetData("기수", RUN_HEADERS, RUN_WIDTHS, run_rows)])
