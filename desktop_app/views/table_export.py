"""파일 → 내보내기 → 지금 보이는 표: the table the user is looking at, with its visible columns in
their on-screen order and the cells as shown, written in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from ..services import table_export
from .file_dialogs import EXCEL_FILTER, FileChooser
from .i18n import tr
from .messages import inform, show_error
from .tasks import run_task


def visible_table(page: QWidget) -> QTableView | None:
    """The table with keyboard focus on the page, else the largest one shown with rows."""
    focus = QApplication.focusWidget()
    tables = [v for v in page.findChildren(QTableView)
              if v.isVisible() and v.model() is not None and v.model().rowCount() > 0]
    for view in tables:
        if focus is not None and (focus is view or view.isAncestorOf(focus)):
            return view
    return max(tables, key=lambda v: v.width() * v.height(), default=None)


def table_contents(view: QTableView) -> tuple[list[str], list[list[object]]]:
    """Headers and display texts of the view's shown columns, in their visual order."""
    model = view.model()
    header = view.horizontalHeader()
    columns = [header.logicalIndex(v) for v in range(header.count())]
    columns = [c for c in columns if not view.isColumnHidden(c)]
    titles = [str(model.headerData(c, Qt.Orientation.Horizontal) or "").replace("\n", " ")
              for c in columns]
    rows = []
    for r in range(model.rowCount()):
        rows.append([model.data(model.index(r, c)) for c in columns])
    return titles, rows


def export_visible_table(parent: QWidget, page: QWidget, title: str):
    """Ask where, then write the page's visible table; returns the task (or None)."""
    view = visible_table(page)
    if view is None:
        inform(parent, tr("표 내보내기"), tr("이 화면에 내보낼 표가 없습니다 (줄이 있는 표를 고르십시오)."))
        return None
    if view.model().rowCount() > table_export.MAX_ROWS:
        inform(parent, tr("표 내보내기"), tr(
            "표가 너무 큽니다 ({n:,}줄). 검색이나 필터로 줄이거나, 그 화면의 엑셀 내보내기를 "
            "쓰십시오.").format(n=view.model().rowCount()))
        return None
    chosen = FileChooser.save_path(parent, tr("표 저장"), str(Path.home() / f"{title}.xlsx"),
                                   EXCEL_FILTER)
    if chosen is None:
        return None
    headers, rows = table_contents(view)   # read on the GUI thread: models live here

    def work(_progress):
        return table_export.export_table(Path(chosen), title, headers, rows)

    return run_task(parent, tr("표 저장 중"), work,
                    lambda written: inform(parent, tr("표 내보내기"),
                                           tr("저장했습니다: {path}").format(path=written)),
                    lambda exc: show_error(parent, exc))
