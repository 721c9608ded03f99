"""Add or edit a run (기수)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from ..services import clock
from ..services import courses as course_service
from ..services import runs as run_service
from ..services.runs import RunDetail, RunFields
from .context import AppContext
from .forms import (FormDialog, date_edit, date_value, line_edit, optional_spin, spin_value,
                    text_box)
from .i18n import tr


class RunDialog(FormDialog):
    """New run of ``course_id`` when ``run_id`` is None, else edit that run."""

    def __init__(self, context: AppContext, course_id: int, run_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("기수 수정") if run_id else tr("기수 추가"), parent)
        self.context = context
        self.course_id = course_id
        self.run_id = run_id
        self.course = context.read(lambda s: course_service.course_detail(s, course_id))
        self.today = context.read(clock.today)
        self.base: RunDetail | None = None
        if run_id is not None:
            self.base = context.read(lambda s: run_service.run_detail(s, run_id))
            values = self.base.fields_only()
        else:
            start = date(self.course.year, self.today.month, 1) \
                if self.today.year == self.course.year else date(self.course.year, 3, 2)
            values = RunFields(start, start + timedelta(days=2), 30)
        self._build(values)

    def _build(self, v: RunFields) -> None:
        header = QLabel(f"{self.course.code} {self.course.title}"
                        + (f" · {self.base.code}" if self.base else ""))
        header.setWordWrap(True)
        # Above the form, not in a form row: QFormLayout gives a wrapped label one line.
        self.layout().insertWidget(0, header)
        self.start = self.add_row("시작일", date_edit(v.start_date))
        self.end = self.add_row("종료일", date_edit(v.end_date))
        self.capacity = self.add_row(
            "정원", optional_spin(v.capacity, 100_000, tr("제한 없음"), tr("명")))
        window = QWidget()
        layout = QHBoxLayout(window)
        layout.setContentsMargins(0, 0, 0, 0)
        self.has_window = QCheckBox(tr("신청 기간 지정"))
        self.has_window.setChecked(v.apply_start is not None or v.apply_end is not None)
        self.apply_start = date_edit(v.apply_start or (v.start_date or self.today)
                                     - timedelta(days=30))
        self.apply_end = date_edit(v.apply_end or (v.start_date or self.today)
                                   - timedelta(days=7))
        for w in (self.apply_start, self.apply_end):
            w.setEnabled(self.has_window.isChecked())
            self.has_window.toggled.connect(w.setEnabled)
        layout.addWidget(self.has_window)
        layout.addWidget(self.apply_start)
        layout.addWidget(QLabel("~"))
        layout.addWidget(self.apply_end)
        self.add_row("신청 기간", window, "신청 마감일")
        for signal in (self.has_window.toggled, self.apply_start.dateChanged,
                       self.apply_end.dateChanged):
            signal.connect(lambda *_: self._changed("신청 마감일"))
        self.venue = self.add_row("장소", line_edit(v.venue, tr("예: 본관 201호"), 100))
        self.lodging = QCheckBox(tr("숙박 필요"))
        self.lodging.setChecked(bool(v.lodging))
        self.add_row("숙박", self.lodging)
        self.note = self.add_row("비고", text_box(v.note, 60))

    def collect(self) -> RunFields:
        window = self.has_window.isChecked()
        return RunFields(
            start_date=date_value(self.start), end_date=date_value(self.end),
            capacity=spin_value(self.capacity),
            apply_start=date_value(self.apply_start) if window else None,
            apply_end=date_value(self.apply_end) if window else None,
            venue=self.venue.text(), lodging=self.lodging.isChecked(),
            note=self.note.toPlainText())

    def check(self, values: RunFields) -> None:
        run_service.validate_fields(self.course.year, values)

    def save(self, values: RunFields) -> int:
        with self.context.write() as session:
            if self.run_id is None:
                return run_service.add_run(session, self.course_id, values)
            run_service.update_run(session, self.run_id, self.base, values, self.context.actor)
            return self.run_id

    def on_conflict(self) -> None:
        self.base = self.context.read(lambda s: run_service.run_detail(s, self.run_id))

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, course_id: int,
            run_id: int | None = None) -> int | None:
        dialog = cls(context, course_id, run_id, parent)
        return dialog.result_value if dialog.exec() else None
