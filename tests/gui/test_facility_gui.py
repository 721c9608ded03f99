"""시설 in the GUI: the demo's booked day on the timeline, a slot clicked into a booking, a
double booking refused in the dialog naming the booking in the way, a holiday booked with a
reason, a repeat saved without its taken days, a booking cancelled from its details."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QPoint, Qt

from desktop_app.services import bookings, clock
from desktop_app.views import booking_dialogs
from desktop_app.views.booking_dialogs import BookingDetails, BookingDialog
from desktop_app.views.facility_page import FacilityPage


def _page(qtbot, context) -> FacilityPage:
    page = FacilityPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.day.setDate(QDate(2021, 6, 15))
    return page


def _room(context, code):
    from desktop_app.services import rooms
    return context.read(lambda s: rooms.find_room(s, code).id)


def test_the_demo_day_and_week_on_the_timeline(qtbot, demo_context):
    with clock.fixed(date(2021, 6, 15)):
        page = _page(qtbot, demo_context)
    assert page.count.text().startswith("강의실 129개") and "예약 14건" in page.count.text()
    page.view_box.setCurrentIndex(1)
    assert page.geometry_.first_day == date(2021, 6, 14) and page.geometry_.days == 7
    assert "예약 5" in page.count.text()
    first = page.timeline.rooms[0]
    assert first.name == "교육동 201호"
    booked = page.timeline.by_room[first.id][0]
    rect = page.timeline.booking_rect(0, booked)
    opened = []
    page.open_booking = opened.append
    qtbot.mouseClick(page.timeline, Qt.MouseButton.LeftButton,
                     pos=QPoint(int(rect.center().x()), int(rect.center().y())))
    assert opened == [booked.id]


def test_a_slot_click_books_it_and_a_second_booking_is_refused(qtbot, demo_context,
                                                               monkeypatch):
    page = _page(qtbot, demo_context)
    asked = []
    monkeypatch.setattr(BookingDialog, "ask", classmethod(
        lambda cls, parent, context, room, at: asked.append((room, at)) or []))
    row = 1  # 교육동 202호, free on the 15th
    y = row * page.geometry_.row_height + 5
    x = page.geometry_.x_of(datetime(2021, 6, 15, 14, 10))
    qtbot.mouseClick(page.timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(x), y))
    assert asked == [(page.timeline.rooms[row].id, datetime(2021, 6, 15, 14, 0))]
    dialog = BookingDialog(demo_context, asked[0][0], asked[0][1])
    qtbot.addWidget(dialog)
    dialog.title.setText("교직원 연수 협의회")
    dialog.save()
    assert dialog.booked and dialog.result() == dialog.DialogCode.Accepted
    again = BookingDialog(demo_context, asked[0][0], datetime(2021, 6, 15, 14, 30))
    qtbot.addWidget(again)
    again.title.setText("겹치는 회의")
    again.save()
    assert not again.booked and f"예약 {dialog.booked[0]}번" in again.error.text()
    assert "교직원 연수 협의회" in again.error.text()


def test_a_holiday_needs_a_reason_and_a_repeat_skips_taken_days(qtbot, demo_context,
                                                                monkeypatch):
    room = _room(demo_context, "E-SE01")
    holiday = BookingDialog(demo_context, room, datetime(2021, 8, 16, 10, 0))
    qtbot.addWidget(holiday)
    holiday.title.setText("광복절 행사 준비")
    monkeypatch.setattr(booking_dialogs.OverrideQuestion, "ask",
                        classmethod(lambda cls, parent, message: "기관장 승인"))
    holiday.save()
    assert holiday.booked
    with demo_context.database.read_scope() as s:
        assert any("기관장 승인" in why for *_x, why in bookings.history(s, holiday.booked[0]))
    series = BookingDialog(demo_context, room, datetime(2021, 8, 9, 10, 0))
    qtbot.addWidget(series)
    series.title.setText("주간 회의")
    series.repeat.setCurrentIndex(2)          # weekly, Monday ticked (the 9th is a Monday)
    series.until.setDate(QDate(2021, 8, 30))
    monkeypatch.setattr(booking_dialogs.SkipQuestion, "ask",
                        classmethod(lambda cls, parent, message: "2021-08-16" in message))
    series.save()
    assert len(series.booked) == 3            # the 9th, 23rd, 30th; the 16th is taken


def test_a_booking_is_cancelled_from_its_details(qtbot, demo_context, monkeypatch):
    room = _room(demo_context, "E-SE02")
    dialog = BookingDialog(demo_context, room, datetime(2021, 6, 21, 10, 0))
    qtbot.addWidget(dialog)
    dialog.title.setText("가예약 행사")
    dialog.tentative.setChecked(True)
    dialog.save()
    details = BookingDetails(demo_context, dialog.booked[0])
    qtbot.addWidget(details)
    assert details.confirm_button.isEnabled()
    details.confirm()
    assert not details.confirm_button.isEnabled() and "확정" in details.text.toPlainText()
    monkeypatch.setattr(booking_dialogs.ReasonDialog, "ask",
                        classmethod(lambda cls, *a, **k: "행사 취소"))
    details.cancel()
    assert details.changed and not details.cancel_button.isEnabled()
    assert "행사 취소" in details.text.toPlainText()


def test_the_timetable_grid_offers_rooms_marked_free_or_taken_and_books_them(qtbot,
                                                                           demo_context):
    from PySide6.QtWidgets import QStyleOptionViewItem, QWidget

    from desktop_app.services import timetable
    from desktop_app.services.runs import find_run_id
    from desktop_app.views.timetable_dialog import TimetableDialog

    run_id = demo_context.read(lambda s: find_run_id(s, "2021-001-10"))   # 6/15–, booked
    own_room = demo_context.read(lambda s: bookings.day_bookings(s, date(2021, 6, 15)))
    own = next(b for b in own_room if b.run_id == run_id)
    other = next(b for b in own_room if b.run_id != run_id)
    dialog = TimetableDialog(demo_context, run_id)
    qtbot.addWidget(dialog)
    dialog.add_period()
    model = dialog.model
    for column, value in enumerate(("2021-06-15", "09:00", "09:50", "여는 마당", "")):
        model.setData(model.index(0, column), value)
    holder = QWidget()
    qtbot.addWidget(holder)
    editor = dialog.room_delegate.createEditor(holder, QStyleOptionViewItem(), model.index(0, 5))
    labels = [editor.itemText(i) for i in range(editor.count())]
    assert own.room_name in labels                               # its own room is free for it
    assert f"{other.room_name} — 사용 중" in labels              # another run's is taken
    editor.setCurrentIndex(labels.index(own.room_name))
    dialog.room_delegate.setModelData(editor, model, model.index(0, 5))
    dialog.try_save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.errors.text()
    with demo_context.database.read_scope() as s:
        assert timetable.load(s, run_id).periods[0].room == own.room_name
        mine = [b for b in bookings.day_bookings(s, date(2021, 6, 15)) if b.run_id == run_id]
    assert [(b.start.hour, b.end.minute) for b in mine] == [(9, 50)]  # the period, not the day


def test_a_rental_with_its_fee_papers_and_payment(qtbot, demo_context, monkeypatch):
    from desktop_app.views.booking_dialogs import PaymentQuestion

    hall = _room(demo_context, "H-AU")
    dialog = BookingDialog(demo_context, hall, datetime(2021, 6, 19, 13, 0))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.rental_box.isVisible()
    dialog.kind.setCurrentText("대관")
    assert dialog.rental_box.isVisible() and not dialog.repeat.isEnabled()
    dialog.end.setTime(dialog.start.time().addSecs(4 * 3600))
    dialog.discount.setCurrentText("학교")
    dialog._show_fee()
    assert "300,000원" in dialog.fee.text()          # 대강당 half day 600,000 less 50 %
    dialog.save()
    assert "대관 단체" in dialog.error.text() and not dialog.booked   # nothing typed yet
    dialog.organization.setText("서울꿈빛초등학교 학부모회")
    dialog.contact.setText("박회장")
    dialog.phone.setText("010-2222-3333")
    dialog.purpose.setText("학부모 연수")
    dialog.people.setValue(150)
    dialog.save()
    assert dialog.booked, dialog.error.text()
    details = BookingDetails(demo_context, dialog.booked[0])
    qtbot.addWidget(details)
    assert "서울꿈빛초등학교 학부모회" in details.text.toPlainText()
    assert details.payment_button.isEnabled()
    monkeypatch.setattr(PaymentQuestion, "ask", classmethod(lambda cls, parent, owed: owed))
    details.record_payment()
    assert "남음 0원" in details.text.toPlainText() and not details.payment_button.isEnabled()
    details._paper("confirmation")
    qtbot.waitUntil(lambda: getattr(details, "preview", None) is not None, timeout=15_000)
    assert details.preview.document.pageCount() == 1
    details.preview.close()


def test_rooms_are_managed_and_a_free_room_is_found(qtbot, demo_context, monkeypatch,
                                                    message_boxes):
    from desktop_app.views.rooms_dialog import BlackoutForm, FreeRoomFinder, RoomForm, RoomsDialog

    rooms_dialog = RoomsDialog(demo_context)
    qtbot.addWidget(rooms_dialog)
    assert rooms_dialog.model.rowCount() == 129
    form = RoomForm(demo_context, None)
    qtbot.addWidget(form)
    form.code.setText("E701")
    form.name.setText("교육동 201호")            # already a room's name
    form.save()
    assert "이미 있는" in form.error.text()
    form.name.setText("교육동 701호")
    form.save()
    assert form.result() == form.DialogCode.Accepted
    rooms_dialog.refresh()
    assert rooms_dialog.model.rowCount() == 130
    blackout = BlackoutForm(demo_context, rooms_dialog.model.rows())
    qtbot.addWidget(blackout)
    blackout.reason.setText("")
    blackout.save()
    assert "사유" in message_boxes.shown[-1][1]
    blackout.start.setDateTime(blackout.start.dateTime().fromString("2021-06-20 08:00",
                                                                   "yyyy-MM-dd HH:mm"))
    blackout.end.setDateTime(blackout.end.dateTime().fromString("2021-06-20 18:00",
                                                               "yyyy-MM-dd HH:mm"))
    blackout.reason.setText("전기 안전 점검")
    with clock.fixed(date(2021, 6, 15)):
        blackout.save()
        again = BlackoutForm(demo_context, rooms_dialog.model.rows())
        qtbot.addWidget(again)
        assert again.existing.count() == 1 and "전기 안전 점검" in again.existing.item(0).text()
        again.existing.setCurrentRow(0)
        again.remove_selected()
        assert again.existing.count() == 0
    finder = FreeRoomFinder(demo_context, datetime(2021, 6, 15, 9, 0))
    qtbot.addWidget(finder)
    finder.people.setValue(100)
    finder.find()
    names = [r.name for r in finder.model.rows()]
    assert names and all(r.capacity >= 100 for r in finder.model.rows())
    finder.equipment.setText("VR 기기")
    finder.people.setValue(10)
    finder.find()
    assert [r.name for r in finder.model.rows()] == ["스마트 연수실"]
    finder.view.setCurrentIndex(finder.model.index(0, 0))
    finder.pick()
    assert finder.chosen[1] == datetime(2021, 6, 15, 9, 0)


def test_a_week_of_periods_gets_one_room_at_once_and_books_it(qtbot, demo_context,
                                                              monkeypatch):
    from desktop_app.services.runs import find_run_id
    from desktop_app.views import timetable_dialog
    from desktop_app.views.timetable_dialog import TimetableDialog

    run_id = demo_context.read(lambda s: find_run_id(s, "2021-001-10"))
    dialog = TimetableDialog(demo_context, run_id)
    qtbot.addWidget(dialog)
    for _ in range(3):
        dialog.add_period()
    for row in range(3):
        dialog.model.setData(dialog.model.index(row, 3), f"{row + 1}교시")
    monkeypatch.setattr(timetable_dialog.RoomChoice, "ask", classmethod(
        lambda cls, parent, labels: next(x for x in labels if x.startswith("세미나실 1 ") or x == "세미나실 1")))
    assert dialog.fill_room() == "세미나실 1"
    dialog.try_save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.errors.text()
    with demo_context.database.read_scope() as s:
        mine = [b for b in bookings.bookings_between(
            s, datetime(2021, 6, 1), datetime(2021, 7, 1)) if b.run_id == run_id
            and b.room_name == "세미나실 1"]
    assert len(mine) == 3


def test_a_booking_is_moved_from_its_details(qtbot, demo_context, monkeypatch):
    from desktop_app.views.booking_dialogs import MoveBookingDialog

    room = _room(demo_context, "E-SE03")
    dialog = BookingDialog(demo_context, room, datetime(2021, 6, 22, 10, 0))
    qtbot.addWidget(dialog)
    dialog.title.setText("옮길 회의")
    dialog.save()
    row = demo_context.read(lambda s: bookings.booking_row(s, dialog.booked[0]))
    move = MoveBookingDialog(demo_context, row)
    qtbot.addWidget(move)
    assert move.room.currentData() == room and move.end.time().hour() == 11
    move.start.setTime(move.start.time().addSecs(3600))
    move.end.setTime(move.end.time().addSecs(3600))
    move.save()
    assert move.result() == move.DialogCode.Accepted, move.error.text()
    moved = demo_context.read(lambda s: bookings.booking_row(s, dialog.booked[0]))
    assert (moved.start.hour, moved.end.hour) == (11, 12)
