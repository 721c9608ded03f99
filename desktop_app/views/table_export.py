"""파일 → 내보내기 → 지금 보이는 표: the table the user is looking at, with its visible columns in
their on-screen order and the cells as shown, written in the background."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from ..services import table_export
from .file_dialogs import EXCEL_FILTER, FileChooser
from .i18n import tr
from .lazy_table import IdTableModel
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


def shown_columns(view: QTableView) -> list[int]:
    """The view's visible columns in their on-screen order."""
    header = view.horizontalHeader()
    return [c for c in (header.logicalIndex(v) for v in range(header.count()))
            if not view.isColumnHidden(c)]


def table_contents(view: QTableView) -> tuple[list[str], Callable[[], list[list[object]]]]:
    """Headers of the shown columns and a reader of the rows' shown text.

    A lazily loaded table (``IdTableModel``) is read on the worker thread from its ids; a small
    in-memory one is read here, on the GUI thread, where its model lives.  Row headers that
    are names (the attendance grid's) come first.
    """
    model = view.model()
    columns = shown_columns(view)
    titles = [str(model.headerData(c, Qt.Orientation.Horizontal) or "").replace("\n", " ")
              for c in columns]
    if isinstance(model, IdTableModel):
        return titles, model.export_reader(columns)
    side = getattr(model, "vertical_title", None)
    rows = []
    for r in range(model.rowCount()):
        cells = [model.data(model.index(r, c)) for c in columns]
        if side:
            cells.insert(0, model.headerData(r, Qt.Orientation.Vertical))
        rows.append(cells)
    return ([tr(side)] if side else []) + titles, lambda: rows


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
    headers, read_rows = table_contents(view)
    purpose = ""
    if table_export.personal_columns(headers):
        from .purpose_dialog import ExportPurpose

        purpose = ExportPurpose.ask(parent, tr("이 표"))
        if purpose is None:
            return None
    database = page.context.database

    def work(_progress):
        rows = read_rows()
        with database.read_scope() as session:
            return table_export.export_screen_table(session, Path(chosen), title, headers,
                                                    rows, purpose)

    return run_task(parent, tr("표 저장 중"), work,
                    lambda written: inform(parent, tr("표 내보내기"),
                                           tr("저장했습니다: {path}").format(path=written)),
                    lambda exc: show_error(parent, exc))
