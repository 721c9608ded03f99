"""What the issue asks a new user to do: open the 2021 courses, register a trainee, fill a run
to capacity, see the next applicant waitlisted, cancel one and see the promotion."""

from PySide6.QtCore import Qt

from desktop_app.services import enrollment, persons
from desktop_app.views import registration_page as registration_module
from desktop_app.views.main_window import MainWindow
from desktop_app.views.reason_dialog import ReasonDialog
from desktop_app.views.run_dialog import RunDialog
from tests.factories import person_fields
from tests.gui.helpers import pick_person, register_person


def test_register_fill_waitlist_cancel_promote(qtbot, demo_context, monkeypatch):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    page = window.course_page

    # 1. find the course and shrink its run to two seats through the run dialog
    page.search.insert("연수담당 교육전문직원")
    qtbot.waitUntil(lambda: page.course_model.rowCount() == 1)
    page.course_view.selectRow(0)
    assert page.run_model.rowCount() == 1
    page.run_view.selectRow(0)
    run = page.run_model.row_at(0)
    dialog = RunDialog(demo_context, page.current_course_id(), run.id)
    qtbot.addWidget(dialog)
    dialog.capacity.setValue(2)
    dialog.venue.setText("본관 301호")
    dialog.try_save()
    assert dialog.result_value == run.id

    # 2. open its roster
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    reg = window.registration_page
    assert window.stack.currentWidget() is reg and reg.run_id == run.id
    assert "정원 2명" in reg.header.text() and "본관 301호" in reg.header.text()

    # 3. register a brand-new trainee at the desk
    def new_trainee(parent, context, title=""):
        return register_person(qtbot, context, name="홍길동", birth="1980-03-05", gender="남",
                               neis="A123450001", kind="교원", organization="서울한빛초등학교",
                               phone="01012345678")

    monkeypatch.setattr(registration_module.PersonPickerDialog, "ask", staticmethod(new_trainee))
    qtbot.mouseClick(reg.desk_button, Qt.MouseButton.LeftButton)
    assert reg.message.text() == ("홍길동(1980-03-05, 서울한빛초등학교, 나이스 A123450001, "
                                  "전화 010-1234-5678): 선발(으)로 등록했습니다.")

    # 4. two more people: the second fills the run, the third waits
    with demo_context.write() as s:
        for name in ("이수민", "박가온"):
            persons.create_person(s, person_fields(name=name, neis_no=None))
    for name in ("이수민", "박가온"):
        monkeypatch.setattr(registration_module.PersonPickerDialog, "ask", staticmethod(
            lambda parent, context, title="", n=name: pick_person(qtbot, context, n)))
        qtbot.mouseClick(reg.desk_button, Qt.MouseButton.LeftButton)
    assert reg.message.text().startswith("박가온(")
    assert reg.message.text().endswith("): 정원이 차서 대기 1번으로 등록했습니다.")
    assert "선발 <b>2</b>" in reg.header.text() and "남은 자리 <b>0</b>" in reg.header.text()
    statuses = [(reg.roster_model.row_at(r).name, reg.roster_model.row_at(r).status)
                for r in range(reg.roster_model.rowCount())]
    assert ("박가온", "대기") in statuses and ("홍길동", "선발") in statuses

    # 5. cancel 홍길동: 박가온 is promoted
    row = next(r for r in range(reg.roster_model.rowCount())
               if reg.roster_model.row_at(r).name == "홍길동")
    reg.roster_view.selectRow(row)
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: "개인 사정"))
    qtbot.mouseClick(reg.cancel_button, Qt.MouseButton.LeftButton)
    assert reg.message.text() == "홍길동: 취소했습니다. 대기자 박가온을(를) 자동 선발했습니다."
    statuses = {reg.roster_model.row_at(r).name: reg.roster_model.row_at(r).status
                for r in range(reg.roster_model.rowCount())}
    assert statuses == {"홍길동": "취소", "이수민": "선발", "박가온": "선발"}
    assert "대기 0" in reg.header.text()

    # 6. the history of the promoted person says who, from, to and why
    row = next(r for r in range(reg.roster_model.rowCount())
               if reg.roster_model.row_at(r).name == "박가온")
    reg.roster_view.selectRow(row)
    history = [reg.event_model.row_at(i) for i in range(reg.event_model.rowCount())]
    assert [(e.from_status, e.to_status) for e in history] == [(None, "대기"), ("대기", "선발")]
    assert history[-1].actor == demo_context.actor

    # 7. the course list shows the new counts
    window.nav.setCurrentRow(0)
    page.apply_filter()
    course_row = page.course_model.row_at(0)
    assert (course_row.selected, course_row.waitlisted, course_row.capacity) == (2, 0, 2)


def _overlapping_in_person_runs(session):
    """The demo's first run (2021-001-01) and the first in-person run of another course that
    shares a day with it (demo runs have invented days, so find one rather than name it)."""
    first, *others = registration_module.run_service.search_runs(session, "2021-", 2021,
                                                                 limit=5000)
    assert first.code == "2021-001-01" and not first.remote
    other = next(r for r in others if not r.remote and r.course_id != first.course_id
                 and r.start_date <= first.end_date and first.start_date <= r.end_date)
    return first, other


def test_overlap_needs_a_reason_at_the_desk(qtbot, demo_context, monkeypatch):
    reg_page = MainWindow(demo_context)
    qtbot.addWidget(reg_page)
    reg = reg_page.registration_page
    with demo_context.write() as s:
        pid = persons.create_person(s, person_fields(name="최중복", neis_no=None))
        runs = _overlapping_in_person_runs(s)
        enrollment.enroll(s, runs[0].id, pid, "테스트")
    reg.show_run(runs[1].id)  # in person, sharing a day with the first
    monkeypatch.setattr(registration_module.PersonPickerDialog, "ask",
                        staticmethod(lambda *a, **k: pid))
    asked = []
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(
        lambda cls, parent, title, prompt, initial="", **k: asked.append(prompt) or "부서장 승인"))
    qtbot.mouseClick(reg.desk_button, Qt.MouseButton.LeftButton)
    assert asked and "겹치는" in asked[0] and runs[0].code in asked[0]
    assert reg.message.text().startswith("최중복(")
    [row] = [reg.roster_model.row_at(r) for r in range(reg.roster_model.rowCount())
             if reg.roster_model.row_at(r).name == "최중복"]
    assert row.override_reason == "부서장 승인"


def test_overlap_cancelled_writes_nothing(qtbot, demo_context, monkeypatch):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    reg = window.registration_page
    with demo_context.write() as s:
        pid = persons.create_person(s, person_fields(name="최취소", neis_no=None))
        runs = _overlapping_in_person_runs(s)
        enrollment.enroll(s, runs[0].id, pid, "테스트")
    reg.show_run(runs[1].id)
    before = reg.roster_model.rowCount()
    monkeypatch.setattr(registration_module.PersonPickerDialog, "ask",
                        staticmethod(lambda *a, **k: pid))
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: None))
    qtbot.mouseClick(reg.desk_button, Qt.MouseButton.LeftButton)
    assert reg.roster_model.rowCount() == before


def test_apply_then_bulk_select_and_manual_buttons(qtbot, demo_context, monkeypatch):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    reg = window.registration_page
    with demo_context.write() as s:
        ids = [persons.create_person(s, person_fields(name=n, neis_no=None))
               for n in ("가가", "나나", "다다")]
        run = registration_module.run_service.search_runs(s, "2021-002-01", 2021)[0]
    reg.show_run(run.id)
    for pid in ids:
        monkeypatch.setattr(registration_module.PersonPickerDialog, "ask",
                            staticmethod(lambda *a, p=pid, **k: p))
        qtbot.mouseClick(reg.apply_button, Qt.MouseButton.LeftButton)
    assert reg.roster_model.rowCount() == 3
    assert {reg.roster_model.row_at(r).status for r in range(3)} == {"신청"}
    reg.roster_view.selectRow(2)
    assert reg.waitlist_button.isEnabled()
    qtbot.mouseClick(reg.waitlist_button, Qt.MouseButton.LeftButton)
    assert "대기 1번" in reg.message.text()
    qtbot.mouseClick(reg.bulk_button, Qt.MouseButton.LeftButton)
    assert reg.message.text() == "신청자 2명을 선발하고 0명을 대기로 돌렸습니다."
    waiting = next(r for r in range(3) if reg.roster_model.row_at(r).status == "대기")
    reg.roster_view.selectRow(waiting)
    qtbot.mouseClick(reg.select_button, Qt.MouseButton.LeftButton)
    assert reg.message.text().endswith("선발했습니다.")
    assert {reg.roster_model.row_at(r).status for r in range(3)} == {"선발"}


def test_enter_in_the_run_search_opens_the_first_run(qtbot, demo_context):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.nav.setCurrentRow(2)
    reg = window.registration_page
    reg.run_search.setText("2021-051")
    qtbot.keyClick(reg.run_search, Qt.Key.Key_Return)
    assert reg.run_model.rowCount() == 2
    assert reg.run_id == reg.run_model.row_at(0).id
    assert "2021-051-01" in reg.header.text()
