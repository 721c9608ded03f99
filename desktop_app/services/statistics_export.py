"""The year's statistics as rows of the report's tables, and as an .xlsx of those tables
(``stats --year Y --out F.xlsx`` and the 통계 page's 엑셀로…)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from ..excel.writer import SheetData, write_workbook
from .statistics import (CIVIL_SERVANTS, REPORT_ROWS, TEACHERS, Figures, YearStatistics,
                         year_statistics)

FIGURE_HEADERS = ("과정", "기수", "선발(명)", "이수(명)", "이수율(%)")
PLAN_HEADERS = ("계획 과정 기수", "기수", "달성(%)", "계획 인원", "선발(명)", "이수(명)", "이수율(%)")


def figures_cells(f: Figures) -> list[object]:
    return [f.courses, f.runs, f.selected, f.completed, f.completion_pct]


def _pct(done: int, planned: int) -> float | None:
    return round(100 * done / planned, 1) if planned else None


def plan_cells(f: Figures) -> list[object]:
    """Against the plan: runs planned and held, people planned, selected and completed."""
    return [f.planned_runs, f.runs, _pct(f.runs, f.planned_runs), f.planned_people, f.selected,
            f.completed, f.completion_pct]


def report_table(stats: YearStatistics) -> list[list[object]]:
    """The overall table as the report prints it: rows per group, a 소계 per group, 총계."""
    rows: list[list[object]] = []
    for group in (TEACHERS, CIVIL_SERVANTS):
        for g, row in REPORT_ROWS:
            if g == group:
                rows.append([group, row, *figures_cells(stats.report[(g, row)])])
        rows.append([group, "소계", *figures_cells(stats.group_total(group))])
    rows.append(["총계", "", *figures_cells(stats.totals)])
    return rows


def export_year(session: Session, year: int, path: Path) -> Path:
    """Every table of the year to ``path``."""
    stats = year_statistics(session, year)
    return write_workbook(Path(path), [
        SheetData(f"{year} 연수 실적", ("대상", "구분", *FIGURE_HEADERS), (12, 26, 8, 8, 10, 10, 10),
                  report_table(stats)),
        SheetData("월별", ("월", *FIGURE_HEADERS), (8, 8, 8, 10, 10, 10),
                  [[f"{m}월", *figures_cells(f)] for m, f in stats.by_month.items()]),
        SheetData("부서별", ("부서", *PLAN_HEADERS), (16, 12, 8, 9, 11, 10, 10, 10),
                  [[d, *plan_cells(f)] for d, f in stats.by_department.items()]),
        SheetData("실천과제별", ("실천과제", *PLAN_HEADERS), (10, 12, 8, 9, 11, 10, 10, 10),
                  [[t, *plan_cells(f)] for t, f in stats.by_task.items()]),
        SheetData("세부 (종별·대상·방식)", ("연수종별", "대상", "운영방식", *FIGURE_HEADERS),
                  (12, 12, 10, 8, 8, 10, 10, 10),
                  [[r.category, r.target_group, r.delivery, r.courses, r.runs, r.selected,
                    r.completed, r.completion_pct] for r in stats.rows]),
    ])
