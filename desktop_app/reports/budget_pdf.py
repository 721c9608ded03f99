"""The quarterly budget execution report (예산 집행 현황): a chart of plan against executed by
quarter, then tables (by programme, task, department, line, and the recorded changes); rows
behind or ahead of plan are shaded.  Plain rows in, a PDF out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from .blocks import SUBTITLE, TITLE, data_table, text
from .fonts import GOTHIC, GOTHIC_BOLD, register_fonts
from .frame import MARGIN, PageInfo, build_pdf

PLANNED_COLOR = colors.HexColor("#9DB4D3")
EXECUTED_COLOR = colors.HexColor("#2F5D9A")
MARKS = {"부진": colors.HexColor("#FBE3E1"), "초과": colors.HexColor("#FFF2CC")}


@dataclass(frozen=True)
class QuarterBars:
    """Planned and executed per quarter (in ``unit``), the quarters up to ``through`` shown."""

    planned: Sequence[float]
    executed: Sequence[float]
    unit: str
    through: int


@dataclass(frozen=True)
class ReportTable:
    """A headed table; ``marks`` gives per row '부진', '초과' or '' (shaded rows)."""

    heading: str
    headers: Sequence[str]
    widths_mm: Sequence[float]
    rows: Sequence[Sequence[object]]
    right: Sequence[int] = ()
    marks: Sequence[str] = ()


def _chart(bars: QuarterBars, width: float) -> Drawing:
    height = 62 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 16 * mm, 10 * mm
    chart.width, chart.height = width - 60 * mm, height - 18 * mm
    chart.data = [list(bars.planned), list(bars.executed)]
    chart.categoryAxis.categoryNames = [f"{q}분기" for q in range(1, 5)]
    chart.categoryAxis.labels.fontName = GOTHIC
    chart.valueAxis.labels.fontName = GOTHIC
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    chart.bars[0].fillColor = PLANNED_COLOR
    chart.bars[1].fillColor = EXECUTED_COLOR
    chart.barSpacing, chart.groupSpacing = 1, 8
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 40 * mm, height - 14 * mm
    legend.fontName = GOTHIC
    legend.colorNamePairs = [(PLANNED_COLOR, "계획"), (EXECUTED_COLOR, "집행")]
    drawing.add(legend)
    drawing.add(String(0, height - 6, f"분기별 계획 대비 집행 ({bars.unit})", fontName=GOTHIC_BOLD,
                       fontSize=9))
    return drawing


def execution_report_pdf(path: Path, info: PageInfo, heading: str, about: str,
                         bars: QuarterBars, tables: Sequence[ReportTable], fonts: Path) -> Path:
    """Write the report to ``path``."""
    register_fonts(fonts)
    usable = info.size[0] - 2 * MARGIN
    story = [text(heading, TITLE), text(about, SUBTITLE), _chart(bars, usable),
             Spacer(1, 4 * mm)]
    for table in tables:
        total = sum(table.widths_mm) or 1
        widths = [usable * w / total for w in table.widths_mm]
        body = data_table(table.headers, table.rows, widths, right=table.right)
        body.setStyle([("BACKGROUND", (0, n + 1), (-1, n + 1), MARKS[mark])
                       for n, mark in enumerate(table.marks) if mark in MARKS])
        story += [CondPageBreak(40 * mm), text(table.heading, SUBTITLE), body, Spacer(1, 5 * mm)]
    return build_pdf(Path(path), info, story, fonts)
