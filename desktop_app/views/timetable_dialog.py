"""A run's timetable (교시) edited in a grid and saved all at once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from ..errors import ConflictError, UserError
from ..services import instructors
from ..services import runs as run_service
from ..services import timetable as timetable_service
from ..services.common import Problems
from ..services.timetable import COLUMNS, PeriodRow
from ..services.values import parse_date, parse_time
from .context import AppContext
from .forms import GuardedDialog, dialog_buttons, error_label
from .i18n import tr
from .messages import inform, show_error

Index = QModelIndex | QPersistentModelIndex
_BAD = QBrush(QColor("#fde2e4"))


def _text(value: Any) -> str:
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


class TimetableTableModel(QAbstractTableModel):
    """Editable grid of periods, kept as text until saved; bad cells turn pink as you type."""

    def __init__(self, periods: list[PeriodRow], parent=None, first_day: date | None = None
                 ) -> None:
        super().__init__(parent)
        self._first_day = first_day
        self._rows: list[list[str]] = [[_text(getattr(p, f)) for f in
                                        ("date", "start", "end", "subject", "instructor", "room")]
                                       for p in periods]
        self._errors: dict[tuple[int, int], str] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:  # COLUMNS are the service's field names
            return tr(COLUMNS[section]) if 0 <= section < len(COLUMNS) else None
        return f"{section + 1}" if 0 <= section < len(self._rows) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        key = (index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and key in self._errors:
            return _BAD
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._errors.get(key)
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802 - Qt API
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self._rows[index.row()][index.column()] = str(value).strip()
        self._check_cell(index.row(), index.column())
        self.dataChanged.emit(index, index)
        return True

    def _check_cell(self, row: int, column: int) -> None:
        text = self._rows[row][column]
        p = Problems()
        if column == 0 and text:
            parse_date(p, COLUMNS[0], text)
        elif column in (1, 2) and text:
            parse_time(p, COLUMNS[column], text)
        self._errors.pop((row, column), None)
        if p:
            self._errors[(row, column)] = p.items[0].message

    def add_row(self, after: int | None = None) -> int:
        """A new row after ``after``: same day, starting 10 minutes after that period ends."""
        base = self._rows[after] if after is not None and 0 <= after < len(self._rows) else None
        new = ["", "", "", "", "", ""]
        if base:
            new[0] = base[0]
            try:
                end = datetime.strptime(base[2], "%H:%M")
                start = end + timedelta(minutes=10)
                new[1], new[2] = f"{start:%H:%M}", f"{start + timedelta(minutes=50):%H:%M}"
            except ValueError:
                pass
            new[5] = base[5]
        elif self._first_day is not None:  # the first period of an empty timetable
            new[:3] = [self._first_day.isoformat(), "09:00", "09:50"]
        position = len(self._rows) if after is None else after + 1
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, new)
        self._errors = {(r + (r >= position), c): m for (r, c), m in self._errors.items()}
        self.endInsertRows()
        return position

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._errors = {(r - (r > row), c): m for (r, c), m in self._errors.items() if r != row}
        self.endRemoveRows()

    def periods(self) -> list[PeriodRow]:
        return [PeriodRow(*row) for row in self._rows]

    def period_span(self, row: int) -> tuple[datetime, datetime] | None:
        """The row's start and end when its date and times read as such (for the room list).

        Not ``span``: that name is a virtual of QAbstractItemModel (cell spans), and a Python
        method of that name replaced it and crashed the views and the model tester."""
        if not 0 <= row < len(self._rows):
            return None
        p = Problems()
        day = parse_date(p, "날짜", self._rows[row][0], required=True)
        start, end = parse_time(p, "시작", self._rows[row][1]), parse_time(p, "종료",
                                                                          self._rows[row][2])
        if p.items or not (day and start and end) or end <= start:
            return None
        return datetime.combine(day, start), datetime.combine(day, end)

    def mark(self, error: UserError) -> None:
        """Tint the cells a refused save named."""
        self._errors = {}
        for problem in error.problems:
            if problem.row is not None and problem.field in COLUMNS:
                self._errors[(problem.row - 1, COLUMNS.index(problem.field))] = problem.message
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def cell_error(self, row: int, column: int) -> str | None:
        return self._errors.get((row, column))


class RoomChoice:
    """강의실 한꺼번에: the room chosen from the list, or None."""

    @classmethod
    def ask(cls, parent: QWidget, labels: list[str]) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        chosen, ok = QInputDialog.getItem(parent, tr("강의실 한꺼번에"), tr("모든 교시의 강의실"),
                                          labels, 0, False)
        return chosen if ok else None


class TimetableDialog(GuardedDialog):
    """Edit one run's timetable; Save checks every row and writes all or nothing."""

    def __init__(self, context: AppContext, run_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.run_id = run_id
        self.clashes: list[str] = []    # instructors teaching elsewhere at the same time
        run = context.read(lambda s: run_service.run_row(s, run_id))
        table = context.read(lambda s: timetable_service.load(s, run_id))
        self.version = table.version
        self.setWindowTitle(tr("시간표 — {code}").format(code=run.code))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        header = QLabel(f"<b>{run.code}</b> {run.course_title}<br>"
                        + tr("연수 기간 {start} ~ {end} · 날짜는 {start}, 시각은 09:00 처럼 "
                             "입력합니다. 교시 추가(Ctrl+Enter)로 줄을 더합니다.").format(
                            start=run.start_date, end=run.end_date))
        header.setWordWrap(True)
        layout.addWidget(header)
        self.model = TimetableTableModel(list(table.periods), self, run.start_date)
        self.view = QTableView()
        self.view.setObjectName("timetableGrid")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 110), (1, 70), (2, 70), (4, 160), (5, 200)):
            self.view.setColumnWidth(column, width)
        from .room_delegate import RoomDelegate

        from .instructor_delegate import InstructorDelegate

        self.room_delegate = RoomDelegate(context, run_id, self.model.period_span, self.view)
        self.view.setItemDelegateForColumn(5, self.room_delegate)
        self.instructor_delegate = InstructorDelegate(context, self.view)
        self.view.setItemDelegateForColumn(4, self.instructor_delegate)
        layout.addWidget(self.view, 1)
        row_buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("교시 추가 (Ctrl+Enter)"))
        self.remove_button = QPushButton(tr("교시 삭제"))
        self.add_button.clicked.connect(self.add_period)
        self.remove_button.clicked.connect(self.remove_period)
        self.room_all_button = QPushButton(tr("강의실 한꺼번에…"))
        self.room_all_button.setToolTip(tr("모든 교시에 같은 강의실을 넣습니다 (저장하면 예약됩니다)."))
        self.room_all_button.clicked.connect(self.fill_room)
        row_buttons.addWidget(self.add_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addWidget(self.room_all_button)
        row_buttons.addStretch(1)
        self.summary = QLabel()
        row_buttons.addWidget(self.summary)
        layout.addLayout(row_buttons)
        self.errors = error_label()
        layout.addWidget(self.errors)
        self.buttons = dialog_buttons(self, tr("저장"), tr("닫기"), self.try_save, save=True)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.add_period)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.try_save)
        self.model.rowsInserted.connect(self._update_summary)
        self.model.rowsRemoved.connect(self._update_summary)
        self._update_summary()

    def current_values(self):
        self._commit_open_editor()
        return self.model.periods()

    def _commit_open_editor(self) -> None:
        """What is typed in a cell still being edited counts (for 저장 and for the question
        on closing), as if the user had pressed Enter."""
        if self.view.state() != QAbstractItemView.State.EditingState:
            return
        # The open editor is a child of the viewport; commitData ignores any other widget.
        for editor in self.view.viewport().findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            self.view.commitData(editor)

    def _update_summary(self, *_args) -> None:
        self.summary.setText(tr("{count}교시").format(count=self.model.rowCount()))

    def add_period(self) -> None:
        current = self.view.currentIndex()
        last = current.row() if current.isValid() else self.model.rowCount() - 1
        row = self.model.add_row(last if last >= 0 else None)
        # Under AllEditTriggers making it current already opens its editor.
        self.view.setCurrentIndex(self.model.index(row, 0 if last < 0 else 3))

    def fill_room(self) -> str | None:
        """Put one room in every period's 강의실 (the list marks rooms taken in any period)."""
        rows = range(self.model.rowCount())
        taken: set[str] = set()
        for row in rows:
            taken |= {name for name, free in self.room_delegate.options(row) if not free}
        names = [name for name, _free in self.room_delegate.options(-1)]
        if not names:
            return None
        labels = [name + (tr(" — 일부 교시 사용 중") if name in taken else "") for name in names]
        chosen = RoomChoice.ask(self, labels)
        if chosen is None:
            return None
        name = names[labels.index(chosen)]
        for row in rows:
            self.model.setData(self.model.index(row, 5), name)
        return name

    def remove_period(self) -> None:
        current = self.view.currentIndex()
        if current.isValid():
            self.model.remove_row(current.row())

    def try_save(self) -> None:
        self._commit_open_editor()
        try:
            with self.context.write() as session:
                self.version = timetable_service.save(session, self.run_id, self.version,
                                                      self.model.periods(), self.context.actor)
                self.clashes = instructors.clashes(session, self.run_id)
        except ConflictError as exc:
            show_error(self, exc)
            return
        except UserError as exc:
            self.model.mark(exc)
            self.errors.setText(exc.message)
            self.errors.show()
            return
        except Exception as exc:
            show_error(self, exc)
            return
        if self.clashes:    # saved: an instructor in two places is a warning, not a refusal
            inform(self, tr("강사 시간 겹침"), "\n".join(self.clashes))
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, run_id: int) -> bool:
        """True when the timetable was saved."""
        return bool(cls(context, run_id, parent).exec())
