"""강사 in the GUI: an officer registers an instructor (a new person, then the profile), finds
them masked in the registry, puts them in a run's timetable by picking from the registry, and
sees the periods and hours on the instructor's side; a name typed in a timetable is linked."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from desktop_app.services import instructors, timetable
from desktop_app.services.persons import PersonFields, create_person
from desktop_app.views import instructor_page as page_module
from desktop_app.views.instructor_page import InstructorDialog, InstructorPage
from tests.factories import make_course, make_run


def test_register_then_timetable_then_the_instructors_periods(qtbot, context, monkeypatch,
                                                              qtmodeltester):
    with context.write() as s:
        person_id = create_person(s, PersonFields(name="김강사", birth_date=date(1975, 3, 2),
                                                  organization="서울가온초등학교",
                                                  phone="010-1234-5678"))
    page = InstructorPage(context)
    qtbot.addWidget(page)
    page.resize(1150, 650)
    page.show()
    assert "등록된 강사가 없습니다" in page.detail.text()
    monkeypatch.setattr(page_module.PersonChoice, "ask", classmethod(lambda cls, p, c: person_id))

    def fill(dialog: InstructorDialog) -> int:
        dialog.fields.setText("수업혁신")
        dialog.grade.setCurrentText("1급")
        dialog.account.setText("국민 12")              # refused: named under the field
        dialog.excellent.setChecked(True)
        dialog.try_save()
        assert "계좌번호" in dialog.error_of("계좌번호") or dialog.error_of("계좌번호")
        assert dialog.error_of("우수강사 연도")
        dialog.account.setText("123-45-678901")
        dialog.year.setText("2021")
        dialog.reason.setText("만족도 상위")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(InstructorDialog, "exec", fill)
    made = page.add()
    assert made is not None and page.model.rowCount() == 1
    row = page.model.rows()[0]
    assert (row.name, row.account, row.phone) == ("김강사", "***-**-**8901", "010-****-5678")
    page.full.setChecked(True)
    assert page.model.rows()[0].account == "123-45-678901"
    course = make_course(context.database)
    run_id = make_run(context.database, course, start=date(2021, 5, 10), end=date(2021, 5, 10))
    labels = [label for _i, label in context.read(instructors.choices)]
    assert labels == ["김강사 (서울가온초등학교)"]
    with context.write() as s:
        timetable.save(s, run_id, 0, [
            timetable.PeriodRow(date(2021, 5, 10), time(9), time(11), "수업 설계", labels[0]),
            timetable.PeriodRow(date(2021, 5, 10), time(13), time(14), "특강", "외부 명사")])
    page.year_box.setCurrentIndex(page.year_box.findData(2021))
    page.refresh()
    assert page.model.rows()[0].hours == 2.0
    assert page.period_model.rowCount() == 1 and "2021년 2시간" in page.detail.text()
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.period_model)
    # the typed name is linked to a newly registered instructor
    with context.write() as s:
        guest = instructors.register(s, instructors.InstructorProfile(),
                                     person=PersonFields(name="외부 명사", birth_date=date(1960, 1, 5)))
    monkeypatch.setattr(page_module.LinkQuestion, "ask", classmethod(
        lambda cls, p, names, labels: (names[0], next(x for x in labels if "외부" in x))))
    assert page.link_names() == 1
    assert context.read(instructors.unmapped_names) == []
    assert guest in [r.id for r in page.model.rows()]


def test_a_runs_pay_sheet_computed_adjusted_approved_paid_and_printed(qtbot, demo_context,
                                                                      monkeypatch, message_boxes,
                                                                      qtmodeltester):
    from desktop_app.models import Spending
    from desktop_app.services import budget_execution
    from desktop_app.views import pay_tab as tab_module
    from desktop_app.views.pay_tab import AdjustDialog

    page = InstructorPage(demo_context)
    qtbot.addWidget(page)
    page.resize(1150, 650)
    page.show()
    tab = page.pay_tab
    page.tabs.setCurrentWidget(tab)
    assert tab.run_box.count() == 3
    tab.run_box.setCurrentIndex(tab.run_box.findData(next(
        r for r, row in tab._runs.items() if row[1] == "2021-030-01")))
    assert "아직 명세가 없습니다" in tab.status.text()
    assert tab.compute() and tab.model.rowCount() >= 1 and tab.status.text().startswith("작성")
    qtmodeltester.check(tab.model)
    tab.view.setCurrentIndex(tab.model.index(0, 0))

    def adjust(dialog: AdjustDialog) -> int:
        dialog.travel.setText("30,000")
        dialog.try_save()                    # no reason yet: refused under the field
        assert dialog.error_of("사유")
        dialog.reason.setPlainText("원거리 출강")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(AdjustDialog, "exec", adjust)
    assert tab.adjust()
    assert tab.model.rows()[0].travel_fee == 30_000 and tab.model.rows()[0].reason == "원거리 출강"
    assert tab.approve() and tab.status.text().startswith("승인")
    labels = demo_context.read(lambda s: budget_execution.line_labels(s, 2021))
    line = next(i for i, label in labels.items() if label.startswith("1-2 1번"))
    monkeypatch.setattr(tab_module.PaymentQuestion, "ask", classmethod(
        lambda cls, p, c, year, today: tab_module.Payment(line, date(2021, 1, 29))))
    def count(s):
        return len(s.scalars(select(Spending.id)).all())

    before = demo_context.read(count)
    assert tab.pay() and tab.status.text().startswith("지급")
    assert demo_context.read(count) == before + tab.model.rowCount()
    page.tabs.setCurrentIndex(0)
    paid = next(i for i, r in enumerate(page.model.rows())
                if r.name == tab.model.rows()[0].instructor.split(" (")[0])
    page.view.setCurrentIndex(page.model.index(paid, 0))
    assert "받은 강사수당: 2021년" in page.detail.text()
    tab.print_pdf()
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=15_000)
    assert tab.preview.document.pageCount() == 1
    tab.preview.close()
