"""감사 기록 viewer (관리자): filters by user, period, kind, data and record; rows loaded
lazily, newest first; the filtered rows to an .xlsx file.  Nothing here changes the trail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QTableView, QVBoxLayout, QWidget)

from .. import access
from ..services import audit
from .context import AppContext
from .forms import push_button
from .i18n import tr
from .lazy_table import Column, IdTableModel
from .messages import inform, show_error
from .save_file import save_in_background
from .ui_state import setup_table

AUDIT_COLUMNS = [
    Column("시각", lambda r: f"{r.at:%Y-%m-%d %H:%M:%S}"),
    Column("사용자", lambda r: r.actor),
    Column("종류", lambda r: r.action),
    Column("자료", lambda r: r.area),
    Column("레코드", lambda r: r.record_id),
    Column("바뀐 내용 / 내보낸 것", lambda r: r.changes or r.what, tooltip=lambda r: r.changes
           or r.what),
    Column("인원", lambda r: "" if r.persons is None else f"{r.persons:,}", align_right=True),
    Column("파일", lambda r: r.file),
    Column("목적", lambda r: r.purpose),
]


def _areas() -> list[str]:
    return list(dict.fromkeys(label for label, _roles in access.TABLE_ROLES.values()))


class AuditDialog(QDialog):
    """The trail with its filters."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task = None
        self.setWindowTitle(tr("감사 기록"))
        self.resize(1180, 640)
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.actor = QComboBox()
        self.actor.setObjectName("auditActor")
        self.actor.addItem(tr("모든 사용자"), "")
        try:
            for name in context.read(audit.actors):
                self.actor.addItem(name, name)
        except Exception as exc:
            show_error(self, exc)
        today = QDate.currentDate()
        self.start, self.end = QDateEdit(today.addDays(-30)), QDateEdit(today)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.kind = QComboBox()
        self.kind.setObjectName("auditKind")
        self.kind.addItem(tr("모든 종류"), "")
        for action in audit.ACTIONS:
            self.kind.addItem(tr(action), action)
        self.area = QComboBox()
        self.area.addItem(tr("모든 자료"), "")
        for label in _areas():
            self.area.addItem(tr(label), label)
        self.record = QLineEdit()
        self.record.setPlaceholderText(tr("레코드 번호"))
        self.text = QLineEdit()
        self.text.setPlaceholderText(tr("내보낸 것·파일·목적에서 찾기"))
        for col, (label, widget) in enumerate((("사용자", self.actor), ("부터", self.start),
                                               ("까지", self.end), ("종류", self.kind))):
            grid.addWidget(QLabel(tr(label)), 0, 2 * col)
            grid.addWidget(widget, 0, 2 * col + 1)
        for col, (label, widget) in enumerate((("자료", self.area), ("레코드", self.record),
                                               ("찾기", self.text))):
            grid.addWidget(QLabel(tr(label)), 1, 2 * col)
            grid.addWidget(widget, 1, 2 * col + 1)
        layout.addLayout(grid)
        self.model = IdTableModel(AUDIT_COLUMNS, self._ids, self._rows, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "auditTable", {0: 150, 1: 130, 2: 70, 3: 80, 4: 70, 5: 460})
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.count = QLabel()
        row.addWidget(self.count, 1)
        row.addWidget(push_button(tr("엑셀로…"), self.export))
        row.addWidget(push_button(tr("닫기"), self.accept))
        layout.addLayout(row)
        for signal in (self.actor.currentIndexChanged, self.kind.currentIndexChanged,
                       self.area.currentIndexChanged, self.start.dateChanged,
                       self.end.dateChanged, self.record.editingFinished,
                       self.text.editingFinished):
            signal.connect(lambda *_: self.refresh())
        self.refresh()

    def current_filter(self) -> audit.AuditFilter:
        return audit.AuditFilter(actor=self.actor.currentData() or "",
                                 start=self.start.date().toPython(),
                                 end=self.end.date().toPython(),
                                 action=self.kind.currentData() or "",
                                 table=self.area.currentData() or "",
                                 record_id=self.record.text(), text=self.text.text())

    def _ids(self, _key: str, _ascending: bool) -> list[int]:
        f = self.current_filter()
        return self.context.read(lambda s: audit.ids(s, f))

    def _rows(self, ids: list[int]):
        return self.context.read(lambda s: audit.rows(s, ids))

    def refresh(self) -> None:
        try:
            self.model.reload()
        except Exception as exc:
            show_error(self, exc)
        self.count.setText(tr("{n:,}줄 (새것부터)").format(n=self.model.rowCount()))

    def export(self) -> None:
        f = self.current_filter()
        suggested = Path.home() / f"감사기록_{f.start}_{f.end}.xlsx"
        self._task = save_in_background(
            self, self.context, tr("감사 기록 저장"), suggested,
            lambda s, path: audit.export(s, f, path),
            lambda n: inform(self, tr("감사 기록"), tr("{n:,}줄을 저장했습니다.").format(n=n)))

    @classmethod
    def show_for(cls, parent: QWidget, context: AppContext) -> None:
        cls(context, parent).exec()
