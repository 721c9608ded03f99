"""A run's survey result sheet (PDF) and the year's satisfaction table (.xlsx)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..excel.writer import SheetData, write_workbook
from ..reports.roster_pdf import TableSection
from . import surveys
from .printing import page_info, write_tables


def _cells(score: surveys.Score) -> list[object]:
    return [score.label, score.answers, "" if score.mean is None else f"{score.mean:.2f}",
            "" if score.satisfied_pct is None else f"{score.satisfied_pct:.1f}",
            "낮음" if score.low else ""]


def result_pdf(session: Session, run_id: int, path: Path) -> Path:
    """The run's result sheet: response rate, items, instructors, comments."""
    result = surveys.run_result(session, run_id)
    if not result.responses:
        raise ValidationError(f"{result.run_code}의 만족도 응답이 없습니다. 먼저 가져오십시오.",
                              field="응답")
    rate = "" if result.response_rate is None else f" (응답률 {result.response_rate:.1f}%)"
    overall = ("-" if result.overall.satisfied_pct is None
               else f"{result.overall.satisfied_pct:.1f}%")
    about = (f"{result.course_title} · 응답 {result.responses}명 / 선발 {result.selected}명{rate} · "
             f"전체 만족 {overall} (5점 중 4·5점) · "
             f"{surveys.LOW_PCT:.0f}% 미만은 '낮음'")
    headers = ("문항", "응답", "평균(5점)", "만족(%)", "")
    sections = [TableSection(f"{result.run_code} 만족도 결과", about, headers, (90, 14, 18, 18, 12),
                             [_cells(s) for s in result.items], right=(1, 2, 3))]
    if result.instructors:
        sections.append(TableSection("강사별", about, ("강사", "응답", "평균(5점)", "만족(%)", ""),
                                     (90, 14, 18, 18, 12),
                                     [_cells(s) for s in result.instructors], right=(1, 2, 3)))
    if result.comments:
        sections.append(TableSection("자유 의견", f"{len(result.comments)}건", ("번호", "의견"),
                                     (12, 140), [[n, c] for n, c in
                                                 enumerate(result.comments, start=1)]))
    return write_tables(Path(path), page_info(session, f"{result.run_code} 만족도 결과"), sections)


def year_xlsx(session: Session, year: int, path: Path) -> Path:
    """The year's satisfaction: the report's split and every run surveyed."""
    table, runs = surveys.year_results(session, year)
    departments, courses = surveys.year_breakdown(session, year)
    return write_workbook(Path(path), [
        SheetData(f"{year} 만족도", ("대상", "방식", "응답 문항 수", "평균(5점)", "만족(%)"),
                  (12, 8, 12, 10, 10),
                  [[g, d, s.answers, s.mean, s.satisfied_pct] for (g, d), s in table.items()]),
        SheetData("기수별", ("기수", "과정", "대상", "방식", "응답(명)", "만족(%)"),
                  (14, 44, 10, 8, 10, 10),
                  [[r.run_code, r.course_title, r.group, r.delivery, r.responses,
                    r.satisfied_pct] for r in runs]),
        SheetData("부서별", ("부서", "응답 문항 수", "평균(5점)", "만족(%)"), (16, 12, 10, 10),
                  [[d, s.answers, s.mean, s.satisfied_pct] for d, s in departments.items()]),
        SheetData("과정별", ("과정코드", "과정", "응답 문항 수", "평균(5점)", "만족(%)"),
                  (12, 44, 12, 10, 10),
                  [[code, s.label, s.answers, s.mean, s.satisfied_pct] for code, s in courses])])
