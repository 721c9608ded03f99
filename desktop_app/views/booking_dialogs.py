"""새 예약 (one booking or a repeating one) and 예약 보기 (details, history, 확정, 취소)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QFormLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QTextBrowser, QTimeEdit, QVBoxLayout, QWidget)

from ..errors import BookingConflictError, ValidationError
from ..models.facilities import BOOKING_KINDS
from ..models import Rental
from ..services import bookings, clock, rentals, rooms
from ..services import settings as settings_service
from ..services.bookings import BookingFields, Repeat
from ..services.rental_fees import parse_discounts
from ..services.rentals import RentalFields
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


class PaymentQuestion:
    """입금 기록: the amount received (the rest owed is offered), or None."""

    @classmethod
    def ask(cls, parent: QWidget, owed: int) -> int | None:
        from PySide6.QtWidgets import QInputDialog

        amount, ok = QInputDialog.getInt(parent, tr("입금 기록"),
                                         tr("받은 금액(원) — 남은 사용료 {owed:,}원").format(owed=owed),
                                         owed, 1, max(owed, 1), 10)
        return amount if ok else None


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
        self.form = form
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
        self.rental_box = self._rental_box()
        layout.addWidget(self.rental_box)
        self.kind.currentTextChanged.connect(lambda _k: self._kind_changed())
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
        self._kind_changed()

    def _rental_box(self) -> QGroupBox:
        box = QGroupBox(tr("대관 (외부 단체)"))
        form = QFormLayout(box)
        self.organization = QLineEdit()
        self.organization.setObjectName("rentalOrganization")
        self.contact = QLineEdit()
        self.contact.setPlaceholderText(tr("담당자"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(tr("연락처 010-0000-0000"))
        self.purpose = QLineEdit()
        self.people = QSpinBox()
        self.people.setRange(1, 5000)
        self.people.setValue(20)
        self.discount = QComboBox()
        self.deposit = QLineEdit("0")
        self.fee = QLabel()
        self.fee.setObjectName("rentalFee")
        contact_row = QHBoxLayout()
        contact_row.addWidget(self.contact)
        contact_row.addWidget(self.phone)
        form.addRow(tr("단체"), self.organization)
        form.addRow(tr("담당자·연락처"), contact_row)
        form.addRow(tr("사용 목적"), self.purpose)
        form.addRow(tr("인원"), self.people)
        form.addRow(tr("감면"), self.discount)
        form.addRow(tr("보증금(원)"), self.deposit)
        form.addRow(tr("사용료"), self.fee)
        try:
            kinds = self.context.read(lambda s: list(parse_discounts(
                settings_service.get(s, "rental_discounts"))))
        except Exception:  # a damaged setting: the quote below says what is wrong
            kinds = ["일반"]
        self.discount.addItems(kinds)
        self.discount.currentIndexChanged.connect(lambda _i: self._show_fee())
        self.room.currentIndexChanged.connect(lambda _i: self._show_fee())
        for edit in (self.day, self.start, self.end):
            edit.editingFinished.connect(self._show_fee)
        return box

    def _kind_changed(self) -> None:
        renting = self.kind.currentText() == "대관"
        self.rental_box.setVisible(renting)
        self.form.setRowVisible(self.title, not renting)  # a rental is titled by its group
        self._fill_rooms()
        self.repeat.setEnabled(not renting)
        if renting:
            self.repeat.setCurrentIndex(0)
            self._show_fee()
        self.adjustSize()

    def _show_fee(self) -> None:
        if self.kind.currentText() != "대관" or not self.room.currentData():
            return
        start, end = self.span()
        try:
            priced = self.context.read(lambda s: rentals.quote(
                s, self.room.currentData(), start, end, self.discount.currentText()))
        except ValidationError as exc:
            self.fee.setText(exc.message)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.fee.setText(tr("{fee:,}원 (기본 {base:,}원, 감면 {pct}%)").format(
            fee=priced.fee, base=priced.base_fee, pct=priced.discount_pct))

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
        renting = self.kind.currentText() == "대관"
        for r in listed:
            if (self.free_only.isChecked() and r.id not in free) or (renting and not r.rentable):
                continue
            mark = "" if r.id in free else tr(" — 사용 중")
            self.room.addItem(f"{r.name} ({r.building}, {r.capacity}명){mark}", r.id)
        at = self.room.findData(keep)
        if at < 0:  # no room asked for (or not offered now): the first free one
            at = next((i for i in range(self.room.count()) if self.room.itemData(i) in free), 0)
        self.room.setCurrentIndex(at)
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

    def rental_fields(self) -> RentalFields:
        start, end = self.span()
        return RentalFields(self.room.currentData() or 0, start, end, self.organization.text(),
                            self.contact.text(), self.phone.text(), self.purpose.text(),
                            self.people.value(), self.discount.currentText(),
                            self.deposit.text(), self.note.text(), self.tentative.isChecked())

    def save(self) -> None:
        f, rule = self.fields(), self.repeat_rule()
        actor = self.context.actor
        if f.kind == "대관":
            self._submit(lambda: [self._with_override(lambda reason: self._rent(actor, reason))])
        elif rule is None:
            self._submit(lambda: [self._book_one(f, actor)])
        else:
            self._submit(lambda: self._book_series(f, rule, actor))

    def _submit(self, book) -> None:
        """Run ``book()`` (the ids it booked); a refusal is shown in the dialog, which stays."""
        try:
            self.booked = book()
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        if self.booked:
            self.accept()

    def _with_override(self, book) -> int:
        """``book(reason)``: first without a reason; on a holiday or blackout, ask for one."""
        try:
            return book(None)
        except BookingConflictError:
            raise
        except ValidationError as exc:
            if "사유를 적으십시오" not in exc.message:
                raise
            reason = OverrideQuestion.ask(self, exc.message)
            if reason is None:
                raise
            return book(reason)

    def _rent(self, actor: str, reason: str | None) -> int:
        with self.context.write() as s:
            rental_id = rentals.create_rental(s, self.rental_fields(), actor,
                                              override_reason=reason)
            return s.get(Rental, rental_id).booking_id

    def _book_one(self, f: BookingFields, actor: str) -> int:
        def book(reason):
            with self.context.write() as s:
                return bookings.add_booking(s, f, actor, override_reason=reason)

        return self._with_override(book)

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


class MoveBookingDialog(BookingDialog):
    """시간·강의실 바꾸기: the booking's room, date and times only, under the same rules."""

    def __init__(self, context: AppContext, row: bookings.BookingRow,
                 parent: QWidget | None = None) -> None:
        self.moving = row
        super().__init__(context, row.room_id, row.start, parent)
        self.setWindowTitle(tr("예약 {id}번 바꾸기").format(id=row.id))
        self.end.setTime(QTime(row.end.hour, row.end.minute))
        self.kind.setCurrentText(row.kind)
        for row in range(2, self.form.rowCount()):   # 종류, 제목, 메모, 반복: not moved
            self.form.setRowVisible(row, False)
        self.rental_box.setVisible(False)
        self._fill_rooms()

    def _fill_rooms(self) -> None:
        super()._fill_rooms()
        if getattr(self, "moving", None) is not None:
            at = self.room.findData(self.moving.room_id)
            if at >= 0 and self.room.currentData() is None:
                self.room.setCurrentIndex(at)

    def _kind_changed(self) -> None:
        """The kind of a booking does not change when it moves."""

    def save(self) -> None:
        start, end = self.span()
        room_id, actor = self.room.currentData(), self.context.actor

        def move(reason):
            with self.context.write() as s:
                bookings.move_booking(s, self.moving.id, room_id, start, end, actor,
                                      override_reason=reason)
            return self.moving.id

        self._submit(lambda: [self._with_override(move)])


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
        self.move_button = QPushButton(tr("시간·강의실 바꾸기…"))
        self.move_button.clicked.connect(self.move)
        self.confirmation_button = QPushButton(tr("대관 확인서 PDF…"))
        self.confirmation_button.clicked.connect(lambda: self._paper("confirmation"))
        self.statement_button = QPushButton(tr("사용료 내역서 PDF…"))
        self.statement_button.clicked.connect(lambda: self._paper("statement"))
        self.payment_button = QPushButton(tr("입금 기록…"))
        self.payment_button.clicked.connect(self.record_payment)
        for b in (self.confirm_button, self.move_button, self.cancel_button,
                  self.confirmation_button,
                  self.statement_button, self.payment_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.load()

    def load(self) -> None:
        try:
            found, events, rental = self.context.read(lambda s: (
                bookings.booking_row(s, self.booking_id), bookings.history(s, self.booking_id),
                rentals.rental_of_booking(s, self.booking_id)))
        except Exception as exc:
            show_error(self, exc)
            return
        self.row, self.rental = found, rental
        lines = [f"<h3>{found.title}</h3>",
                 f"<p>{found.room_name} ({found.building})<br>"
                 f"{found.start:%Y-%m-%d %H:%M} ~ {found.end:%Y-%m-%d %H:%M}<br>"
                 f"{tr('종류')}: {found.kind} · {tr('상태')}: <b>{found.status}</b></p>",
                 self._rental_html(rental), f"<h4>{tr('이력')}</h4><ul>"]
        lines += [f"<li>{at:%Y-%m-%d %H:%M} {who}: {what}" + (f" — {why}" if why else "")
                  + "</li>" for at, who, what, why in events]
        self.text.setHtml("".join(lines) + "</ul>")
        self.confirm_button.setEnabled(found.status == "가예약")
        self.cancel_button.setEnabled(found.status != "취소")
        self.move_button.setEnabled(found.status != "취소")
        for button in (self.confirmation_button, self.statement_button, self.payment_button):
            button.setVisible(rental is not None)
        self.payment_button.setEnabled(rental is not None and rental.owed > 0)

    @staticmethod
    def _rental_html(rental) -> str:
        if rental is None:
            return ""
        return (f"<h4>{tr('대관')}</h4><p>{rental.organization} · {rental.contact_name} "
                f"{rental.contact_phone}<br>{rental.purpose} · {rental.head_count}명<br>"
                + tr("사용료 {fee:,}원 (감면 {kind} {pct}%) · 받음 {paid:,}원 · 남음 {owed:,}원 · "
                     "보증금 {deposit:,}원").format(fee=rental.fee, kind=rental.discount_kind,
                                                 pct=rental.discount_pct, paid=rental.paid,
                                                 owed=rental.owed, deposit=rental.deposit)
                + "</p>")

    def _paper(self, which: str) -> None:
        from .pdf_preview import make_pdf

        rental_id = self.rental.id
        write = rentals.print_confirmation if which == "confirmation" else \
            rentals.print_fee_statement
        label = tr("대관 확인서") if which == "confirmation" else tr("사용료 내역서")
        self._task = make_pdf(self, self.context, f"{label} {rental_id}",
                              lambda s, path: write(s, rental_id, path))

    def record_payment(self) -> None:
        amount = PaymentQuestion.ask(self, self.rental.owed)
        if amount is None:
            return
        today = self.context.read(clock.today)
        done, _ = self.context.attempt(self, lambda s: rentals.record_payment(
            s, self.rental.id, amount, today))
        if done:
            self.changed = True
            self.load()

    def move(self) -> None:
        dialog = MoveBookingDialog(self.context, self.row, self)
        if dialog.exec():
            self.changed = True
            self.load()

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

