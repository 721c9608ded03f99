"""The "기수 찾기" panel shared by the pages that work on one run (신청·선발, 명단·출결)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from .context import AppContext
from .i18n import tr
from .table_models import RunPickTableModel
from .ui_state import setup_table


def run_header(object_name: str) -> QLabel:
    """The rich-text line above a run's work naming the open run (and, until one is picked,
    where to pick it)."""
    label = QLabel(tr("왼쪽에서 기수를 고르십시오."))
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class RunFinder(QWidget):
    """A search box over every run and the matching runs; ``picked(run_id)`` on a choice."""

    picked = Signal(int)

    def __init__(self, context: AppContext, state_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run_id: int | None = None
        self.listed = False  # the list is read when its page is first shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(tr("<b>기수 찾기</b>")))
        self.search = QLineEdit()
        self.search.setObjectName("runSearch")
        self.search.setPlaceholderText(tr("과정명 또는 기수코드 (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.find_runs)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._open_first_run)
        layout.addWidget(self.search)
        self.model = RunPickTableModel(context, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, state_key, {0: 88, 1: 62, 3: 96, 4: 42, 5: 42, 6: 42},
                    sortable=True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header = self.view.horizontalHeader()  # the title takes what the others leave
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._pick_run())
        layout.addWidget(self.view, 1)
        self.count = QLabel()
        layout.addWidget(self.count)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def find_runs(self) -> None:
        """List the runs matching the box, keeping the open run selected without re-opening."""
        self.listed = True
        self.model.search_text = self.search.text()
        self.model.reload()
        self.count.setText(tr("{count:,}개").format(count=self.model.rowCount()))
        row = self.model.row_of_id(self.run_id) if self.run_id is not None else -1
        if row >= 0:
            self.view.selectionModel().blockSignals(True)
            self.view.selectRow(row)
            self.view.selectionModel().blockSignals(False)

    def _open_first_run(self) -> None:
        """Enter in the search box: list the runs and open the first one."""
        self._timer.stop()
        self.find_runs()
        if self.model.rowCount():
            self.view.selectRow(0)
            self.view.setFocus()

    def _pick_run(self) -> None:
        index = self.view.currentIndex()
        run_id = self.model.id_at(index.row()) if index.isValid() else None
        if run_id is not None and run_id != self.run_id:
            self.run_id = run_id
            self.picked.emit(run_id)
