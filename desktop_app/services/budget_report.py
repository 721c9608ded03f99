"""The quarterly execution report (``budget report --year Y --quarter Q``): the year's plan
against what was spent up to the end of quarter Q, by programme, task, department and line,
with the changes recorded; lines behind or ahead of plan shaded."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from .. import paths
from ..errors import ValidationError
from ..reports.budget_pdf import QuarterBars, ReportTable, execution_report_pdf
from . import budget_execution as ex
from .printing import page_info

GROUP_HEADERS = ("예산현액", "누적 계획", "누적 집행", "계획 대비", "집행률(%)", "상태")
# 예산현액 and 집행률 are as of the quarter's end (changes and spending recorded up to then)


def _figures(row: ex.LineExecution, quarter: int) -> list[object]:
    """As of the quarter's last day: later spending and changes do not move a report."""
    planned = sum(row.planned[:quarter])
    executed = row.spent_to(quarter)
    gap = executed - planned
    return [f"{row.budget_at(quarter):,}", f"{planned:,}", f"{executed:,}",
            f"{gap:+,}" if gap else "0", f"{row.rate_at(quarter):.1f}", row.standing(quarter)]


def write_report(session: Session, year: int, quarter: int, path: Path) -> Path:
    """Write the report of ``year`` up to the end of ``quarter`` (1–4) to ``path``."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError("분기는 1~4입니다.", field="분기")
    rows = ex.execution(session, year)
    if not rows:
        raise ValidationError(f"{year}년 예산이 없습니다.", field="연도")
    tables = []
    for by, first in (("program", "세부사업"), ("task", "실천과제"), ("department", "부서")):
        groups = ex.grouped(rows, by)
        tables.append(ReportTable(
            f"{ex.GROUPINGS[by]}별 (원)", (first, *GROUP_HEADERS), (40, 24, 24, 24, 22, 16, 12),
            [[g.name, *_figures(g, quarter)] for g in groups], right=range(1, 6),
            marks=[g.standing(quarter) for g in groups]))
    tables.append(ReportTable(
        f"예산 줄별 (원) — {quarter}분기 계획·집행과 누적", (
            "줄", "부서", "사업명", f"{quarter}분기 계획", f"{quarter}분기 집행",
            *GROUP_HEADERS),
        (12, 10, 50, 20, 20, 22, 20, 20, 20, 13, 10),
        [[f"{r.task_code} · {r.line_no}", r.department, r.name,
          f"{r.planned[quarter - 1]:,}", f"{r.executed[quarter - 1]:,}", *_figures(r, quarter)]
         for r in rows], right=range(3, 10), marks=[r.standing(quarter) for r in rows]))
    end = ex.quarter_end(year, quarter)
    changes = [t for t in ex.transfer_rows(session, year) if t.changed_on <= end]
    tables.append(ReportTable(
        "전용·변경", ("일자", "구분", "보내는 줄", "받는 줄", "금액(원)", "사유"),
        (18, 10, 50, 50, 22, 50),
        [[f"{t.changed_on}", t.kind, t.from_line, t.to_line, f"{t.amount:,}", t.reason]
         for t in changes] or [["", "", "기록된 전용·변경이 없습니다.", "", "", ""]], right=(4,)))
    planned = [sum(r.planned[q] for r in rows) / 1000 for q in range(4)]
    executed = [sum(r.executed[q] for r in rows) / 1000 if q < quarter else 0 for q in range(4)]
    total_budget = sum(r.budget_at(quarter) for r in rows)
    total_spent = sum(r.spent_to(quarter) for r in rows)
    about = (f"{year}년 1월 1일 ~ {end:%Y년 %m월 %d일} · 예산현액 {total_budget:,}원 · "
             f"누적 집행 {total_spent:,}원 ({100 * total_spent / total_budget if total_budget else 0:.1f}%)"
             f" · 계획보다 {ex.TOLERANCE_PCT}% 넘게 덜 쓴 줄은 '부진', 더 쓴 줄은 '초과'")
    info = page_info(session, f"{year}년 {quarter}분기 예산 집행 현황", landscape=True)
    return execution_report_pdf(Path(path), info, f"{year}년 {quarter}분기 예산 집행 현황", about,
                                QuarterBars(planned, executed, "천원", quarter), tables,
                                paths.resources_dir() / "fonts")
