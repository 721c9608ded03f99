"""Find records that look like one person and merge them without losing anything."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from ..services import persons as person_service
from ..services.persons import PersonRow
from .context import AppContext
from .i18n import tr
from .messages import confirm
from .table_models import DuplicateTableModel
from .ui_state import setup_table


class DuplicatesDialog(QDialog):
    """Groups on the left; pick the record to keep on the right and merge the others into it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.merged = 0
        self.setWindowTitle(tr("중복 연수생 찾기·병합"))
        self.resize(980, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("성명·생년월일·소속이 같고 나이스 개인번호가 겹치지 않는 기록입니다. 남길 기록을 "
                          "고르고 '병합'을 누르면 나머지 기록의 신청 내역과 빈 항목이 그 기록으로 "
                          "옮겨집니다. 병합된 기록은 지워지지 않고 숨겨지며, 병합 전 내용은 기록으로 "
                          "남습니다."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        body = QHBoxLayout()
        self.groups = QListWidget()
        self.groups.setObjectName("duplicateGroups")
        self.groups.setMaximumWidth(260)
        self.groups.currentRowChanged.connect(self._show_group)
        body.addWidget(self.groups)
        self.model = DuplicateTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "duplicateMembers", {0: 50, 1: 80, 2: 95, 3: 40, 4: 110})
        body.addWidget(self.view, 1)
        layout.addLayout(body, 1)
        actions = QHBoxLayout()
        self.status = QLabel()
        actions.addWidget(self.status, 1)
        self.merge_button = QPushButton(tr("선택한 기록을 남기고 병합"))
        self.merge_button.clicked.connect(self.merge_selected)
        actions.addWidget(self.merge_button)
        layout.addLayout(actions)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("닫기"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self._groups: list[list[PersonRow]] = []
        self.reload()

    def reload(self) -> None:
        self._groups = self.context.read(person_service.duplicate_groups)
        self.groups.clear()
        for group in self._groups:
            first = group[0]
            self.groups.addItem(tr("{name} ({birth}) · {count}건").format(
                name=first.name, birth=first.birth_date, count=len(group)))
        self.status.setText(tr("중복으로 보이는 묶음 {count}개").format(count=len(self._groups))
                            if self._groups else tr("중복으로 보이는 기록이 없습니다."))
        self.merge_button.setEnabled(bool(self._groups))
        if self._groups:
            self.groups.setCurrentRow(0)
        else:
            self.model.set_rows([])

    def _show_group(self, row: int) -> None:
        if 0 <= row < len(self._groups):
            self.model.set_rows(self._groups[row])
            self.view.selectRow(0)

    def merge_selected(self) -> None:
        group_row = self.groups.currentRow()
        index = self.view.currentIndex()
        if not (0 <= group_row < len(self._groups)) or not index.isValid():
            return
        group = self._groups[group_row]
        keep = group[index.row()]
        others = [p for p in group if p.id != keep.id]
        if not confirm(self, tr("병합"), tr("{who} 기록을 남기고 {count}건을 병합합니다. "
                                          "계속할까요?").format(who=person_service.describe(keep),
                                                             count=len(others))):
            return
        def merge(session) -> None:
            for other in others:
                person_service.merge_persons(session, keep.id, other.id, self.context.actor)

        if not self.context.attempt(self, merge)[0]:
            return
        self.merged += len(others)
        self.reload()

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext) -> int:
        """Show the dialog; returns how many records were merged."""
        dialog = cls(context, parent)
        dialog.exec()
        return dialog.merged
