"""숙소 in the GUI: the demo's July 1급 정교사 자격연수 run assigned in one click, two people
moved and swapped by hand, a trainee checked in and out early, the door tags in the preview,
and the chart over the run's nights."""

from __future__ import annotations

from datetime import date

from desktop_app.services import clock, dorm
from desktop_app.views import dorm_page
from desktop_app.views.dorm_page import DormPage


def test_the_desk_assigns_moves_checks_in_and_out_and_prints(qtbot, demo_context, monkeypatch,
                                                             message_boxes):
    with clock.fixed(date(2021, 6, 15)):
        page = DormPage(demo_context)
        qtbot.addWidget(page)
        page.resize(1280, 720)
        page.show()
        page.run_box.setCurrentIndex(page.run_box.findData(demo_context.read(
            lambda s: next(r[0] for r in dorm.lodging_runs(s) if r[1] == "2021-118-07"))))
        assert "미배정 80명" in page.status.text()
        result = page.assign()
    assert result.placed == 80 and not result.unplaced
    assert "배정 80명" in page.status.text() or "80명 배정" in page.status.text()
    rows = page.model.rows()
    assert all(r.room for r in rows)
    grid = page.chart.grid
    assert grid.occupancy_pct(date(2021, 7, 1)) > 40 and grid.occupancy_pct(date(2021, 6, 29)) == 0
    men = [r for r in rows if r.gender == "남" and not r.need]
    women = [r for r in rows if r.gender == "여" and not r.need]
    # move a man into another man's room with a free bed, then swap two men
    target = next(r for r in men if r.room != men[0].room)
    page.view.selectRow(page.model.rows().index(men[0]))
    monkeypatch.setattr(dorm_page.RoomQuestion, "ask", classmethod(lambda cls, p, codes: next(
        c for c in codes if c == women[0].room)))
    page.move()                                   # into a women's room: refused, said
    assert "여성이 묵는 방" in message_boxes.shown[-1][1]
    view_rows = page.model.rows()
    a = next(i for i, r in enumerate(view_rows) if r.id == men[0].id)
    b = next(i for i, r in enumerate(view_rows) if r.id == target.id)
    page.view.clearSelection()
    for row in (a, b):
        page.view.selectionModel().select(page.model.index(row, 0),
                                          page.view.selectionModel().SelectionFlag.Select
                                          | page.view.selectionModel().SelectionFlag.Rows)
    page.swap()
    after = {r.id: r.room for r in page.model.rows()}
    assert after[men[0].id] == target.room and after[target.id] == men[0].room
    chosen = next(i for i, r in enumerate(page.model.rows()) if r.id == women[0].id)
    page.view.clearSelection()
    page.view.selectRow(chosen)
    with clock.fixed(date(2021, 7, 1)):
        page.check_in()
    with clock.fixed(date(2021, 7, 5)):
        page.view.selectRow(next(i for i, r in enumerate(page.model.rows())
                                 if r.id == women[0].id))
        page.check_out()
    left = next(r for r in page.model.rows() if r.id == women[0].id)
    assert left.status == "퇴실" and left.last_night == date(2021, 7, 4)
    page.print_paper("doors")
    qtbot.waitUntil(lambda: getattr(page, "preview", None) is not None, timeout=15_000)
    assert page.preview.document.pageCount() > 30
    page.preview.close()


def test_guests_rooms_closures_and_floors(qtbot, demo_context, message_boxes):
    from desktop_app.views.dorm_dialogs import DormRoomsDialog, GuestStayDialog

    guest = GuestStayDialog(demo_context, date(2021, 7, 1))
    qtbot.addWidget(guest)
    guest.save()
    assert "이름" in message_boxes.shown[-1][1] and guest.stay_id is None
    guest.name.setText("초빙 강사")
    guest.save()
    assert guest.stay_id is not None
    rooms = DormRoomsDialog(demo_context)
    qtbot.addWidget(rooms)
    assert rooms.model.rowCount() == 90
    rooms.code.setText("D601")
    rooms.floor.setValue(6)
    rooms.add_room()
    assert rooms.model.rowCount() == 91
    rooms.code.setText("D601")
    rooms.add_room()
    assert "이미 있습니다" in message_boxes.shown[-1][1]
    rooms.view.selectRow(0)
    rooms.close_reason.setText("도배")
    rooms.close_room()
    rooms.keep_floor_no.setValue(6)
    rooms.keep_floor()
    with demo_context.database.read_scope() as s:
        from desktop_app.models import DormClosure, FloorReservation
        assert s.query(DormClosure).count() == 1 and s.query(FloorReservation).count() == 1
