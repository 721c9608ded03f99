"""A run's pay sheet as .xlsx or PDF (강사수당 지급 명세), and the year's payment ledger per
instructor as .xlsx (for the tax report)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from . import audit
from ..errors import ValidationError
from ..excel.writer import SheetData, write_workbook
from ..reports.roster_pdf import TableSection
from . import pay
from .printing import page_info, write_tables

HEADERS = ("강사", "등급", "교시", "일수", "강사료", "원고료", "여비", "지급액", "소득세", "지방소득세",
           "실지급액", "계좌", "고친 사유")


def _rows(view: pay.PaySheetView) -> list[list[object]]:
    rows = [[x.instructor, x.grade, x.periods, x.days, x.lecture_fee, x.manuscript_fee,
             x.travel_fee, x.gross, x.income_tax, x.local_tax, x.net, x.bank, x.reason]
            for x in view.lines]
    rows.append(["계", "", view.total("periods"), "", view.total("lecture_fee"),
                 view.total("manuscript_fee"), view.total("travel_fee"), view.total("gross"),
                 view.total("income_tax"), view.total("local_tax"), view.total("net"), "", ""])
    return rows


def export_sheet(session: Session, run_id: int, path: Path, *, full: bool = False) -> Path:
    """The run's sheet to .xlsx or .pdf; refused when there is none yet (``pay.prepare``
    makes it from the timetable)."""
    view = pay.sheet_view(session, run_id, full=full)
    if view is None:
        raise ValidationError("강사수당 명세가 아직 없습니다. 먼저 계산하십시오.", field="명세")
    path = Path(path)
    title = f"{view.run_code} 강사수당 지급 명세 ({view.status})"
    if path.suffix.lower() == ".pdf":
        money = [[f"{v:,}" if isinstance(v, int) and i >= 4 else v for i, v in enumerate(r)]
                 for r in _rows(view)]
        info = page_info(session, title, landscape=True)
        written = write_tables(path, info, [TableSection(
            title, f"{view.course_title} · 원 단위 · 소득세·지방소득세는 기타소득 원천징수",
            HEADERS, (30, 10, 9, 9, 18, 14, 12, 18, 14, 14, 18, 34, 30), money,
            right=range(2, 11))])
    else:
        written = write_workbook(path, [SheetData(title[:31], HEADERS,
                                                  (24, 6, 6, 6, 12, 10, 10, 12, 10, 10, 12, 26, 24),
                                                  _rows(view))])
    audit.record_file(session, f"{view.run_code} 강사수당 명세" + (" (계좌 전체)" if full else ""),
                      len(view.lines), written, printed=path.suffix.lower() == ".pdf")
    return written


def export_ledger(session: Session, year: int, path: Path, *, full: bool = False) -> Path:
    """Every instructor's payments of ``year`` to .xlsx (birth dates masked unless ``full``)."""
    from . import masking

    rows = pay.payment_ledger(session, year)
    written = write_workbook(Path(path), [SheetData(
        f"{year} 강사수당 지급 대장", ("강사", "생년월일", "지급 건수", "과세 대상(강사료+원고료)", "여비",
                                  "소득세", "지방소득세", "실지급액"),
        (14, 12, 9, 18, 10, 10, 10, 12),
        [[r.instructor, r.birth_date if full else masking.birth_date(r.birth_date), r.payments, r.taxed, r.travel, r.income_tax, r.local_tax,
          r.net] for r in rows])])
    audit.record_file(session, f"{year} 강사수당 지급 대장" + (" (생년월일 전체)" if full else ""),
                      len(rows), written)
    return written
