"""새 예약 (one booking or a repeating one) and 예약 보기 (details, history, 확정, 취소)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QTextBrowser, QTimeEdit,
                               QVBoxLayout, QWidget)

from ..errors import BookingConflictError, ValidationError
from ..models.facilities import BOOKING_KINDS
from ..services import bookings, rooms
from ..services.bookings import BookingFields, Repeat
from .context import AppContext
from .forms import dialog_buttons
from .i18n import tr
from .messages import confirm, show_error
from .reason_dialog import ReasonDialog

REPEATS = ("반복 없음", "매일", "매주 (고른 요일)")


class OverrideQuestion:
    """A holiday or blackout is in the way: the reason to book anyway, or None."""

    @classmethod
    def ask(cls, parent: QWidget, message: str) -> str | None:
        return ReasonDialog.ask(parent, tr("예외로 예약"), message + "\n\n" + tr("사유:"),
                                accept_text=tr("예약"), cancel_text=tr("닫기"))


class SkipQuestion:
    """Some dates of a repeat are taken: save the others?"""

    @classmethod
    def ask(cls, parent: QWidget, message: str) -> bool:
        return confirm(parent, tr("반복 예약"), message + "\n\n" + tr("그 날을 빼고 저장할까요?"))


class BookingDialog(QDialog):
    """A new booking of a room, from a slot of the timeline or from 새 예약…."""

    def __init__(self, context: AppContext, room_id: int | None, start: datetime,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.booked: list[int] = []
        self.setWindowTitle(tr("새 예약"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.room = QComboBox()
        self.room.setObjectName("bookingRoom")
        self.free_only = QCheckBox(tr("빈 강의실만"))
        self.free_only.toggled.connect(lambda _on: self._fill_rooms())
        room_row = QHBoxLayout()
        room_row.addWidget(self.room, 1)
        room_row.addWidget(self.free_only)
        form.addRow(tr("강의실"), room_row)
        self.day = QDateEdit(QDate(start.year, start.month, start.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd (ddd)")
        self.start = QTimeEdit(QTime(start.hour, start.minute))
        self.end = QTimeEdit(QTime(min(start.hour + 1, 23), start.minute))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        times = QHBoxLayout()
        times.addWidget(self.day)
        times.addWidget(self.start)
        times.addWidget(QLabel("~"))
        times.addWidget(self.end)
        times.addStretch(1)
        form.addRow(tr("날짜·시간"), times)
        self.kind = QComboBox()
        self.kind.addItems(list(BOOKING_KINDS))
        self.kind.setCurrentText("내부행사")
        self.tentative = QCheckBox(tr("가예약"))
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind)
        kind_row.addWidget(self.tentative)
        kind_row.addStretch(1)
        form.addRow(tr("종류"), kind_row)
        self.title = QLineEdit()
        self.title.setObjectName("bookingTitle")
        self.title.setPlaceholderText(tr("행사명, 과정명 또는 대관 단체"))
        form.addRow(tr("제목"), self.title)
        self.note = QLineEdit()
        form.addRow(tr("메모"), self.note)
        self.repeat = QComboBox()
        self.repeat.addItems([tr(r) for r in REPEATS])
        self.until = QDateEdit(QDate(start.year, start.month, start.day).addDays(28))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.weekdays = [QCheckBox(tr(d)) for d in bookings.WEEKDAYS]
        self.weekdays[start.weekday()].setChecked(True)
        repeat_row = QHBoxLayout()
        repeat_row.addWidget(self.repeat)
        repeat_row.addWidget(QLabel(tr("끝")))
        repeat_row.addWidget(self.until)
        for box in self.weekdays:
            repeat_row.addWidget(box)
        repeat_row.addStretch(1)
        form.addRow(tr("반복"), repeat_row)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("bookingError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, tr("예약"), tr("닫기"), self.save, save=True))
        self.repeat.currentIndexChanged.connect(lambda _i: self._repeat_changed())
        for edit in (self.day, self.start, self.end):
            edit.editingFinished.connect(self._fill_rooms)
        self._room_id = room_id
        self._fill_rooms()
        self._repeat_changed()

    def _repeat_changed(self) -> None:
        index = self.repeat.currentIndex()
        self.until.setEnabled(index > 0)
        for box in self.weekdays:
            box.setEnabled(index == 2)

    def span(self) -> tuple[datetime, datetime]:
        day = self.day.date().toPython()
        return (datetime.combine(day, self.start.time().toPython()),
                datetime.combine(day, self.end.time().toPython()))

    def _fill_rooms(self) -> None:
        keep = self.room.currentData() or self._room_id
        start, end = self.span()
        try:
            listed, free = self.context.read(lambda s: (
                rooms.room_rows(s, active_only=True),
                {r.id for r in bookings.free_rooms(s, start, end)} if end > start else set()))
        except Exception as exc:
            show_error(self, exc)
            return
        self.room.blockSignals(True)
        self.room.clear()
        for r in listed:
            if self.free_only.isChecked() and r.id not in free:
                continue
            mark = "" if r.id in free else tr(" — 사용 중")
            self.room.addItem(f"{r.name} ({r.building}, {r.capacity}명){mark}", r.id)
        self.room.setCurrentIndex(max(0, self.room.findData(keep)))
        self.room.blockSignals(False)

    def fields(self) -> BookingFields:
        start, end = self.span()
        return BookingFields(self.room.currentData() or 0, start, end, self.kind.currentText(),
                             self.title.text(), "가예약" if self.tentative.isChecked() else "확정",
                             note=self.note.text())

    def repeat_rule(self) -> Repeat | None:
        index = self.repeat.currentIndex()
        if index == 0:
            return None
        weekdays = tuple(i for i, box in enumerate(self.weekdays) if box.isChecked()) \
            if index == 2 else ()
        return Repeat(self.until.date().toPython(), weekdays)

    def save(self) -> None:
        f, rule = self.fields(), self.repeat_rule()
        actor = self.context.actor
        try:
            if rule is None:
                self.booked = [self._book_one(f, actor)]
            else:
                self.booked = self._book_series(f, rule, actor)
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        if self.booked:
            self.accept()

    def _book_one(self, f: BookingFields, actor: str) -> int:
        try:
            with self.context.write() as s:
                return bookings.add_booking(s, f, actor)
        except BookingConflictError:
            raise
        except ValidationError as exc:
            if "사유를 적으십시오" not in exc.message:
                raise
            reason = OverrideQuestion.ask(self, exc.message)
            if reason is None:
                raise
            with self.context.write() as s:
                return bookings.add_booking(s, f, actor, override_reason=reason)

    def _book_series(self, f: BookingFields, rule: Repeat, actor: str) -> list[int]:
        try:
            with self.context.write() as s:
                return bookings.add_series(s, f, rule, actor)
        except BookingConflictError as exc:
            if not SkipQuestion.ask(self, exc.message):
                raise
        with self.context.write() as s:
            return bookings.add_series(s, f, rule, actor, skip_unavailable=True)

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, room_id: int | None,
            start: datetime) -> list[int]:
        dialog = cls(context, room_id, start, parent)
        return dialog.booked if dialog.exec() else []


class BookingDetails(QDialog):
    """A booking: what, when, where, its history; 확정 and 취소… from here."""

    def __init__(self, context: AppContext, booking_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.booking_id = booking_id
        self.changed = False
        self.setWindowTitle(tr("예약 {id}번").format(id=booking_id))
        self.resize(560, 360)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        self.confirm_button = QPushButton(tr("확정"))
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button = QPushButton(tr("예약 취소…"))
        self.cancel_button.clicked.connect(self.cancel)
        close = QPushButton(tr("닫기"))
        close.clicked.connect(self.accept)
        for b in (self.confirm_button, self.cancel_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.load()

    def load(self) -> None:
        try:
            found, events = self.context.read(lambda s: (
                bookings.booking_row(s, self.booking_id), bookings.history(s, self.booking_id)))
        except Exception as exc:
            show_error(self, exc)
            return
        self.row = found
        lines = [f"<h3>{found.title}</h3>",
                 f"<p>{found.room_name} ({found.building})<br>"
                 f"{found.start:%Y-%m-%d %H:%M} ~ {found.end:%Y-%m-%d %H:%M}<br>"
                 f"{tr('종류')}: {found.kind} · {tr('상태')}: <b>{found.status}</b></p>",
                 f"<h4>{tr('이력')}</h4><ul>"]
        lines += [f"<li>{at:%Y-%m-%d %H:%M} {who}: {what}" + (f" — {why}" if why else "")
                  + "</li>" for at, who, what, why in events]
        self.text.setHtml("".join(lines) + "</ul>")
        self.confirm_button.setEnabled(found.status == "가예약")
        self.cancel_button.setEnabled(found.status != "취소")

    def confirm(self) -> None:
        actor = self.context.actor
        done, _ = self.context.attempt(self, lambda s: bookings.confirm(s, self.booking_id, actor))
        if done:
            self.changed = True
            self.load()

    def cancel(self) -> None:
        reason = ReasonDialog.ask(self, tr("예약 취소"), tr("취소 사유 (이력에 남습니다):"),
                                  accept_text=tr("예약 취소"), cancel_text=tr("닫기"))
        if reason is None:
            return
        actor = self.context.actor
        done, _ = self.context.attempt(
            self, lambda s: bookings.cancel(s, self.booking_id, reason, actor))
        if done:
            self.changed = True
            self.load()

