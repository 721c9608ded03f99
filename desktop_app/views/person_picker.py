"""Choose a trainee for a registration: search as you type, or register a new one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from .context import AppContext
from .forms import dialog_buttons
from .i18n import tr
from .person_dialog import PersonDialog
from .table_models import PersonTableModel
from .ui_state import setup_table


class PersonPickerDialog(QDialog):
    """Returns the chosen person's id (``chosen_id``).

    A single match is chosen with Enter.  When several people match, none is preselected: the
    table shows what tells them apart (birth date, organization, NEIS number, phone) and the
    user picks one deliberately; Enter alone never registers the first of two 배현우.
    """

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.chosen_id: int | None = None
        self.setWindowTitle(title)
        self.resize(860, 520)
        layout = QVBoxLayout(self)
        search_row = QHBoxLayout()
        search_row.addWidget(QLabel(tr("검색")))
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText(tr("성명, 나이스 개인번호 일부, 전화번호, 생년월일(19800305), 소속"))
        self.search.setClearButtonEnabled(True)
        search_row.addWidget(self.search, 1)
        self.new_button = QPushButton(tr("새 연수생 등록…"))
        self.new_button.clicked.connect(self.register_new)
        search_row.addWidget(self.new_button)
        layout.addLayout(search_row)
        self.model = PersonTableModel(context, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "personPicker", {0: 90, 1: 95, 2: 40, 3: 110, 4: 90, 5: 80, 6: 200})
        self.view.doubleClicked.connect(lambda _i: self.accept_current())
        layout.addWidget(self.view, 1)
        self.count = QLabel()
        self.count.setObjectName("pickerCount")
        self.count.setWordWrap(True)
        layout.addWidget(self.count)
        self.buttons = dialog_buttons(self, tr("선택"), tr("닫기"), self.accept_current)
        self.choose_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_choice())
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._enter)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.register_new)
        self.refresh()

    def refresh(self) -> None:
        self.model.search_text = self.search.text()
        self.model.reload()
        count = self.model.rowCount()
        if count == 1:
            self.view.selectRow(0)
        else:
            self.view.setCurrentIndex(QModelIndex())  # several: nobody is chosen for the user
            self.view.clearSelection()
        self._update_choice()

    def _update_choice(self) -> None:
        count = self.model.rowCount()
        text = tr("{count:,}명").format(count=count)
        if count > 1 and self.search.text().strip():
            text += " — " + tr("여러 명이 찾아졌습니다. 생년월일·소속·나이스 개인번호로 확인하고 "
                               "한 명을 고르십시오.")
        self.count.setText(text)
        chosen = self.view.currentIndex().isValid()
        self.choose_button.setEnabled(chosen)
        self.choose_button.setToolTip("" if chosen else tr("목록에서 연수생을 고르십시오."))

    def _enter(self) -> None:
        self._timer.stop()
        self.refresh()
        if self.model.rowCount() == 1:
            self.accept_current()
        else:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept_current(self) -> None:
        """Choose the row the user picked (nothing happens while no row is picked)."""
        index = self.view.currentIndex()
        if index.isValid():
            self.chosen_id = self.model.id_at(index.row())
            self.accept()

    def register_new(self) -> None:
        new_id = PersonDialog.ask(self, self.context)
        if new_id is not None:
            self.chosen_id = new_id
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, title: str | None = None) -> int | None:
        """The chosen person's id, or None when cancelled; ``title`` comes translated."""
        dialog = cls(context, tr("연수생 선택") if title is None else title, parent)
        return dialog.chosen_id if dialog.exec() else None
