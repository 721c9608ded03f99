"""The desk as a clerk meets it: the right person, the right run, actions that can succeed."""

from datetime import date

from PySide6.QtCore import Qt

from desktop_app.services import clock, enrollment, persons
from desktop_app.services import runs as run_service
from desktop_app.views import registration_page as registration_module
from desktop_app.views.main_window import MainWindow
from desktop_app.views.person_picker import PersonPickerDialog
from desktop_app.views.reason_dialog import ReasonDialog
from tests.factories import person_fields


def _window(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    return window, window.registration_page


def _row_of(reg, name):
    return next(r for r in range(reg.roster_model.rowCount())
                if reg.roster_model.row_at(r).name == name)


def test_two_people_of_one_name_are_told_apart_and_chosen_deliberately(qtbot, demo_context,
                                                                       monkeypatch):
    with demo_context.write() as s:
        older = persons.create_person(s, person_fields(
            name="남궁현우", birth_date=date(1978, 4, 2), organization="서울가람초등학교",
            neis_no="B000000001"))
        younger = persons.create_person(s, person_fields(
            name="남궁현우", birth_date=date(1991, 9, 30), organization="서울나래중학교",
            neis_no="B000000002"))
        run = run_service.search_runs(s, "2021-002-01")[0]
    window, reg = _window(qtbot, demo_context)
    reg.show_run(run.id)
    seen = {}

    def pick(parent, context, title=""):
        picker = PersonPickerDialog(context, title, parent)
        qtbot.addWidget(picker)
        picker.search.setText("남궁현우")
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        seen["rows"] = picker.model.rowCount()
        seen["accepted_on_enter"] = picker.result() == PersonPickerDialog.DialogCode.Accepted
        seen["choose_enabled"] = picker.choose_button.isEnabled()
        seen["hint"] = picker.count.text()
        seen["birth dates"] = {picker.model.row_at(r).birth_date
                               for r in range(picker.model.rowCount())}
        row = next(r for r in range(picker.model.rowCount())
                   if picker.model.row_at(r).birth_date == date(1991, 9, 30))
        rect = picker.view.visualRect(picker.model.index(row, 0))
        qtbot.mouseClick(picker.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert picker.choose_button.isEnabled()
        qtbot.mouseClick(picker.choose_button, Qt.MouseButton.LeftButton)
        return picker.chosen_id

    monkeypatch.setattr(registration_module.PersonPickerDialog, "ask", staticmethod(pick))
    qtbot.mouseClick(reg.desk_button, Qt.MouseButton.LeftButton)
    assert seen["rows"] == 2 and not seen["accepted_on_enter"] and not seen["choose_enabled"]
    assert "여러 명" in seen["hint"]
    assert seen["birth dates"] == {date(1978, 4, 2), date(1991, 9, 30)}
    with demo_context.database.read_scope() as s:
        registered = {r.person_id for r in enrollment.roster_rows(
            s, enrollment.roster_ids(s, run.id))}
    assert younger in registered and older not in registered
    assert "1991-09-30" in reg.message.text() and "서울나래중학교" in reg.message.text()


def test_a_single_match_is_chosen_with_enter(qtbot, demo_context):
    with demo_context.write() as s:
        only = persons.create_person(s, person_fields(name="유일한", neis_no="C000000001"))
    picker = PersonPickerDialog(demo_context, "연수생 선택")
    qtbot.addWidget(picker)
    picker.search.setText("유일한")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.chosen_id == only


def test_duplicate_warning_names_the_record_as_the_user_sees_it(demo_context):
    with demo_context.write() as s:
        persons.create_person(s, person_fields(name="한결", neis_no=None,
                                               birth_date=date(1985, 3, 2)))
    try:
        with demo_context.write() as s:
            persons.create_person(s, person_fields(name="한결", neis_no=None,
                                                   birth_date=date(1985, 3, 2)))
    except persons.DuplicatePersonError as exc:
        message = exc.message
    assert "한결(1985-03-02, 서울한빛초등학교, 전화 010-1234-5678)" in message
    assert "번호" not in message.replace("전화", "")


def test_registering_into_an_ended_run_asks_for_a_late_reason(qtbot, demo_context,
                                                               monkeypatch):
    with demo_context.write() as s:
        pid = persons.create_person(s, person_fields(name="늦은이", neis_no=None))
        ended = run_service.search_runs(s, "2021-001-01")[0]
    with clock.fixed(None):  # the demo's own today, 2021-06-15
        window, reg = _window(qtbot, demo_context)
        reg.show_run(ended.id)
        assert "종료" in reg.header.text()
        assert "늦은 신청 사유" in reg.desk_button.toolTip()
        monkeypatch.setattr(registration_module.PersonPickerDialog, "ask",
                            staticmethod(lambda *a, **k: pid))
        asked = []
        monkeypatch.setattr(ReasonDialog, "ask", classmethod(
            lambda cls, parent, title, prompt, initial="", **k: asked.append((title, prompt))))
        qtbot.mouseClick(reg.desk_button, Qt.MouseButton.LeftButton)
        assert asked and asked[0][0] == "늦은 신청" and "'종료' 상태" in asked[0][1]
        assert reg.roster_model.row_of_id(-1) == -1 and "늦은이" not in reg.message.text()
        with demo_context.database.read_scope() as s:  # closed the dialog: nothing written
            assert not enrollment.enrollments_of_person(s, pid)
        monkeypatch.setattr(ReasonDialog, "ask", classmethod(
            lambda cls, *a, **k: "연수 중 발령으로 사후 등록"))
        qtbot.mouseClick(reg.desk_button, Qt.MouseButton.LeftButton)
    reg.roster_view.selectRow(_row_of(reg, "늦은이"))
    history = [reg.event_model.row_at(i) for i in range(reg.event_model.rowCount())]
    assert "늦은 신청 사유: 연수 중 발령으로 사후 등록" in history[0].reason
    assert history[0].at.date() == date(2021, 6, 15)  # dated on the demo's today


def test_select_is_disabled_with_a_reason_when_the_run_is_full(qtbot, demo_context):
    with demo_context.database.read_scope() as s:
        full = next(r for r in run_service.search_runs(s, "", 2021, limit=5000) if r.waitlisted)
    window, reg = _window(qtbot, demo_context)
    reg.show_run(full.id)
    reg.roster_view.selectRow(reg.roster_model.rowCount() - 1)
    assert reg._current_row().status == "대기"
    assert not reg.select_button.isEnabled()
    assert f"정원({full.capacity}명)이 찼습니다" in reg.select_button.toolTip()
    assert not reg.restore_button.isEnabled() and reg.cancel_button.isEnabled()
    assert not reg.bulk_button.isEnabled()  # nobody is waiting in 신청


def test_cancel_then_restore_takes_the_seat_or_the_waitlist(qtbot, demo_context, monkeypatch):
    with demo_context.database.read_scope() as s:
        full = next(r for r in run_service.search_runs(s, "", 2021, limit=5000) if r.waitlisted)
    window, reg = _window(qtbot, demo_context)
    reg.show_run(full.id)
    reg.roster_view.selectRow(0)
    first = reg._current_row()
    assert first.status == "선발"
    titles = []
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(
        lambda cls, parent, title, prompt, initial="", **k: titles.append(
            (title, k.get("accept_text"), k.get("cancel_text"))) or "본인 요청"))
    qtbot.mouseClick(reg.cancel_button, Qt.MouseButton.LeftButton)
    assert titles[-1] == ("신청 취소", "신청 취소", "닫기")
    reg.roster_view.selectRow(reg.roster_model.row_of_id(first.id))
    assert reg._current_row().status == "취소" and reg.restore_button.isEnabled()
    qtbot.mouseClick(reg.restore_button, Qt.MouseButton.LeftButton)
    assert titles[-1][0] == "취소 복원"
    restored = reg._current_row()
    assert restored.id == first.id and restored.status == "대기"  # the seat went to the line
    assert "대기" in reg.message.text() and "복원했습니다" in reg.message.text()
    history = [reg.event_model.row_at(i) for i in range(reg.event_model.rowCount())]
    assert (history[-1].from_status, history[-1].to_status) == ("취소", "대기")
    assert "취소 복원: 본인 요청" in history[-1].reason
