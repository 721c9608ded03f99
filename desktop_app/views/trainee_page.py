"""연수생 page: the trainee registry, searched per keystroke, with each person's enrolments."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter,
                               QTableView, QVBoxLayout, QWidget)

from ..services import enrollment as enrollment_service
from ..services import persons as person_service
from ..services import run_roster
from .completion_dialogs import TrainingRecordDialog, statement_printer
from .context import AppContext
from .duplicates_dialog import DuplicatesDialog
from .i18n import tr
from .person_dialog import PersonDialog
from .table_models import PersonEnrollmentTableModel, PersonTableModel
from .ui_state import restore_splitter, save_header, save_splitter, setup_table


class TraineePage(QWidget):
    """Search, add, edit and merge trainees."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("검색")))
        self.search = QLineEdit()
        self.search.setObjectName("traineeSearch")
        self.search.setPlaceholderText(tr("성명, 나이스 개인번호, 전화번호(끝 4자리), 생년월일(19800305), "
                                          "소속 — 여러 낱말은 모두 맞는 사람 (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.count = QLabel()
        self.count.setObjectName("traineeCount")
        bar.addWidget(self.count)
        layout.addLayout(bar)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(tr("새 연수생"))
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(self.new_person)
        self.edit_button = QPushButton(tr("수정"))
        self.edit_button.clicked.connect(self.edit_person)
        self.record_button = QPushButton(tr("연수 이력…"))
        self.record_button.setToolTip(tr("신청한 모든 연수, 이수와 인정 시간·학점, 연도별 합계"))
        self.record_button.clicked.connect(self.show_record)
        self.duplicates_button = QPushButton(tr("중복 찾기·병합…"))
        self.duplicates_button.clicked.connect(self.find_duplicates)
        for b in (self.new_button, self.edit_button, self.record_button, self.duplicates_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = PersonTableModel(context, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, "personTable", {0: 90, 1: 95, 2: 40, 3: 115, 4: 95, 5: 90,
                                               6: 210}, sortable=True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.doubleClicked.connect(lambda _i: self.edit_person())
        self.view.activated.connect(lambda _i: self.edit_person())
        self.splitter.addWidget(self.view)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.person_title = QLabel()
        self.person_title.setObjectName("personTitle")
        side_layout.addWidget(self.person_title)
        self.enrollment_model = PersonEnrollmentTableModel(self)
        self.enrollment_view = QTableView()
        self.enrollment_view.setModel(self.enrollment_model)
        setup_table(self.enrollment_view, "personEnrollments", {0: 100, 1: 230, 2: 130})
        side_layout.addWidget(self.enrollment_view, 1)
        self.splitter.addWidget(side)
        self.splitter.setSizes([820, 520])
        restore_splitter(self.splitter, "trainees")
        layout.addWidget(self.splitter, 1)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_person())
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._search_now)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_person)
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_now(self) -> None:
        self._timer.stop()
        self.refresh()
        self.view.setFocus()

    def refresh(self, keep_id: int | None = None) -> None:
        """Run the search again; keeps the selected person when still listed."""
        keep_id = keep_id if keep_id is not None else self.current_person_id()
        self.model.search_text = self.search.text()
        self.model.reload()
        self.count.setText(tr("{count:,}명").format(count=self.model.rowCount()))
        row = self.model.row_of_id(keep_id) if keep_id is not None else -1
        if self.model.rowCount():
            self.view.selectRow(max(row, 0))
            self.view.scrollTo(self.view.currentIndex())
        self._show_person()

    def on_database_changed(self) -> None:
        """Another PC or a command changed data: the list as it is now, the person kept."""
        self.refresh()

    def current_person_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _show_person(self) -> None:
        person_id = self.current_person_id()
        self.edit_button.setEnabled(person_id is not None)
        self.record_button.setEnabled(person_id is not None)
        if person_id is None:
            self.person_title.setText(tr("연수생을 고르면 신청 내역이 보입니다."))
            self.enrollment_model.set_rows([])
            return
        row = self.model.row_at(self.view.currentIndex().row())
        rows = self.context.read(lambda s: enrollment_service.enrollments_of_person(s, person_id))
        self.person_title.setText(tr("<b>{name}</b> {organization} · 신청 내역 {count}건").format(
            name=row.name, organization=row.organization, count=len(rows)))
        self.enrollment_model.set_rows(rows)

    def new_person(self) -> None:
        """Register a person, then show them selected: the list is searched by their name,
        so they are in view beside anyone of the same name."""
        new_id = PersonDialog.ask(self, self.context)
        if new_id is not None:
            name = self.context.read(lambda s: person_service.person_detail(s, new_id).name)
            # Not blockSignals: it would also keep the box's clear button from showing.
            self.search.setText(name)
            self._timer.stop()  # searched right here, keeping the new person selected
            self.refresh(new_id)

    def edit_person(self) -> None:
        person_id = self.current_person_id()
        if person_id is not None and PersonDialog.ask(self, self.context, person_id) is not None:
            self.refresh(person_id)

    def show_record(self) -> None:
        """연수 이력: what a teacher asks the front desk for."""
        person_id = self.current_person_id()
        if person_id is None:
            return

        title, record = self.context.read(lambda s: (
            person_service.describe_ids(s, [person_id]),
            run_roster.training_record(s, person_id)))
        TrainingRecordDialog.show_record(self, title, record, statement_printer(
            self, self.context, person_id))

    def find_duplicates(self) -> None:
        if DuplicatesDialog.ask(self, self.context):
            self.refresh()

    def save_state(self) -> None:
        save_splitter(self.splitter, "trainees")
        save_header(self.view, "personTable")
        save_header(self.enrollment_view, "personEnrollments")
