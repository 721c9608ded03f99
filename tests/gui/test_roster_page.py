"""명단·출결 in the GUI: keep attendance from the keyboard, fill a day, undo, save, run
completion, decide one by hand, open a trainee's record."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt

from desktop_app.services import attendance, clock, enrollment, timetable
from desktop_app.views import completion_dialogs
from desktop_app.views.attendance_grid import AttendanceGridModel
from desktop_app.views.roster_page import RosterPage
from desktop_app.views.table_models import RunRosterTableModel
from tests.db.test_completion import AFTER, _periods
from tests.factories import ACTOR, make_course_with_run, make_person


def _run_with_trainees(database):
    _, run_id = make_course_with_run(database)
    with database.session_scope() as s:
        timetable.save(s, run_id, 0, _periods())
    people = [make_person(database, name=name) for name in ["가출석", "나결석"]]
    with database.session_scope() as s:
        for pid in people:
            enrollment.enroll(s, run_id, pid, ACTOR)
    return run_id


def _page(qtbot, context, run_id):
    page = RosterPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.show_run(run_id)
    return page


def _select(grid, row, columns):
    model = grid.grid
    selection = grid.selectionModel()
    grid.setCurrentIndex(model.index(row, columns[0]))
    selection.clearSelection()
    for column in columns:
        selection.select(model.index(row, column), QItemSelectionModel.SelectionFlag.Select)


def test_attendance_from_the_keyboard_then_completion(qtbot, context, monkeypatch):
    run_id = _run_with_trainees(context.database)
    page = _page(qtbot, context, run_id)
    page.tabs.setCurrentIndex(1)
    grid = page.grid
    assert grid.grid.rowCount() == 2 and grid.grid.columnCount() == 7
    assert not page.save_button.isEnabled()
    _select(grid, 1, [1])                     # 나결석, first period (column 0 is 출석률)
    qtbot.keyClick(grid, Qt.Key.Key_4)        # 결석, and the cursor moves down
    _select(grid, 1, [2])
    qtbot.keyClick(grid, Qt.Key.Key_4)
    qtbot.keyClick(grid, Qt.Key.Key_2)        # typo on the next cell…
    grid.undo_stack.undo()                    # …undone
    assert len(grid.grid.changes()) == 2 and page.save_button.isEnabled()
    _select(grid, 0, [1, 4])                  # cells on both days: fill every empty cell
    page.fill_days()
    assert len(grid.grid.changes()) == 12
    assert grid.grid.data(grid.grid.index(1, 0)) == "66.7%"
    page.save_button.click()
    assert not grid.grid.changes()
    assert "출결 12칸을 저장했습니다" in page.message.text()
    with context.database.read_scope() as s:
        assert len(attendance.marks_of(s, run_id)) == 12
    from desktop_app.views.table_export import table_contents

    headers, read = table_contents(grid)  # 지금 보이는 표 keeps the names of the rows
    assert headers[:3] == ["성명", "출석률", "05-10 09:00"]
    assert [r[0] for r in read()] == ["가출석", "나결석"]
    asked = []
    monkeypatch.setattr(completion_dialogs.CompletionPreview, "ask",
                        classmethod(lambda cls, parent, plan, label: asked.append(plan) or True))
    with clock.fixed(AFTER):
        page.run_completion()
    assert asked and asked[0].count("미이수") == 1
    assert "이수 1명, 미이수 1명" in page.message.text()
    assert "이수 <b>1</b>" in page.header.text()
    page.tabs.setCurrentIndex(0)
    rows = page.roster_model.rows()
    failed = next(i for i, r in enumerate(rows) if r.name == "나결석")
    page.roster_view.selectRow(failed)
    assert rows[failed].completion_reason == "출석률 66.7% (기준 90%)"
    monkeypatch.setattr(completion_dialogs.CompletionOverride, "ask",
                        classmethod(lambda cls, parent, name, current, manual, history:
                                    ("이수", "공결 서류 늦게 제출")))
    page.override_current()
    line = page.current_line()
    assert (line.name, line.completion, line.manual) == ("나결석", "이수", True)
    shown = []
    monkeypatch.setattr(completion_dialogs.TrainingRecordDialog, "show_record",
                        classmethod(lambda cls, parent, title, record, printer=None: shown.append(record)))
    page.show_record()
    assert shown[0].years[0].completed == 1 and shown[0].years[0].recognised_minutes == 900


def test_switching_runs_with_unsaved_attendance_asks(qtbot, context, monkeypatch):
    run_id = _run_with_trainees(context.database)
    page = _page(qtbot, context, run_id)
    _select(page.grid, 0, [1])
    qtbot.keyClick(page.grid, Qt.Key.Key_1)
    from desktop_app.views import roster_page

    monkeypatch.setattr(roster_page.UnsavedChanges, "ask", classmethod(lambda cls, p: "keep"))
    assert not page.leave_attendance() and page.grid.grid.changes()
    monkeypatch.setattr(roster_page.UnsavedChanges, "ask", classmethod(lambda cls, p: "discard"))
    assert page.leave_attendance()


def test_completion_refusal_is_shown_and_nothing_written(qtbot, context, message_boxes):
    run_id = _run_with_trainees(context.database)
    page = _page(qtbot, context, run_id)
    page.run_completion()   # the run has not ended on the test day
    assert "아직 끝나지 않았습니다" in message_boxes.texts()
    assert page._roster.count("이수") == 0


def test_models_pass_the_model_tester(qtmodeltester, context):
    run_id = _run_with_trainees(context.database)
    grid = AttendanceGridModel()
    with context.database.read_scope() as s:
        grid.load(attendance.load_sheet(s, run_id))
    qtmodeltester.check(grid)
    from desktop_app.services import run_roster

    roster = RunRosterTableModel()
    with context.database.read_scope() as s:
        roster.set_rows(run_roster.run_roster(s, run_id).lines)
    qtmodeltester.check(roster)
    roster.sort(0, Qt.SortOrder.DescendingOrder)
    assert [r.name for r in roster.rows()] == ["나결석", "가출석"]


def test_a_score_is_typed_in_the_roster_and_a_bad_one_refused(qtbot, context, message_boxes):
    run_id = _run_with_trainees(context.database)
    page = _page(qtbot, context, run_id)
    model = page.roster_model
    index = model.index(0, 7)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, "87.5점")
    assert page.roster_model.rows()[0].score == 87.5
    assert not model.setData(model.index(0, 7), "120")
    assert "0~100 사이" in message_boxes.texts()
    assert page.roster_model.rows()[0].score == 87.5


def test_trainee_page_opens_the_training_record(qtbot, context, monkeypatch):
    from desktop_app.views.trainee_page import TraineePage

    _run_with_trainees(context.database)
    page = TraineePage(context)
    qtbot.addWidget(page)
    shown = []
    monkeypatch.setattr(completion_dialogs.TrainingRecordDialog, "show_record",
                        classmethod(lambda cls, parent, title, record, printer=None:
                                    shown.append((title, record))))
    page.view.selectRow(0)
    page.show_record()
    title, record = shown[0]
    assert "가출석" in title or "나결석" in title
    assert len(record.lines) == 1 and record.lines[0].status == "선발"


def test_a_course_without_hours_offers_its_form_first(qtbot, context, monkeypatch,
                                                      message_boxes):
    from dataclasses import replace

    from desktop_app.models import CourseRun
    from desktop_app.services import courses as course_service
    from desktop_app.views import course_dialog

    run_id = _run_with_trainees(context.database)
    with context.database.session_scope() as s:
        course = s.get(CourseRun, run_id).course
        course.hours = None
        course_id = course.id
    page = _page(qtbot, context, run_id)
    opened = []

    def fill_hours(cls, parent, ctx, cid):
        opened.append(cid)
        with ctx.write() as s:
            base = course_service.course_detail(s, cid)
            course_service.update_course(s, cid, base, replace(base.fields_only(), hours=12))
        return cid

    monkeypatch.setattr(course_dialog.CourseDialog, "ask", classmethod(fill_hours))
    previews = []
    monkeypatch.setattr(completion_dialogs.CompletionPreview, "ask",
                        classmethod(lambda cls, p, plan, label: previews.append(plan) or False))
    with clock.fixed(AFTER):
        page.run_completion()
    assert opened == [course_id] and "연수시간" in message_boxes.texts()
    assert previews  # judged again after the hours were given (and the user closed it)


def test_a_clash_keeps_every_other_change_and_closing_asks(qtbot, context, monkeypatch,
                                                           message_boxes):
    from desktop_app.views import roster_page
    from desktop_app.views.main_window import MainWindow

    run_id = _run_with_trainees(context.database)
    page = _page(qtbot, context, run_id)
    grid = page.grid
    _select(grid, 0, [1])
    qtbot.keyClick(grid, Qt.Key.Key_4)      # 가출석 결석 — another PC marks the same cell first
    _select(grid, 0, [2])
    qtbot.keyClick(grid, Qt.Key.Key_2)      # and a cell nobody else touched
    sheet = grid.grid.sheet
    first = (sheet.trainees[0].enrollment_id, sheet.periods[0].id)
    with context.database.session_scope() as s:
        attendance.save_changes(s, run_id, {first: (None, "공결")}, "다른PC")
    assert not page.save_attendance()
    assert "먼저 바꿨습니다" in message_boxes.texts()
    assert grid.grid.marks[first] == "공결"            # theirs, shown
    assert list(grid.grid.changes().values()) == [(None, "지각")]  # ours, kept
    assert page.save_attendance()

    window = MainWindow(context)
    qtbot.addWidget(window)
    window._build_pages()
    roster = window.roster_page
    roster.show_run(run_id)
    _select(roster.grid, 1, [3])
    qtbot.keyClick(roster.grid, Qt.Key.Key_1)
    monkeypatch.setattr(roster_page.UnsavedChanges, "ask", classmethod(lambda cls, p: "keep"))
    assert not window.close()  # kept: the window stays
    assert roster.grid.grid.has_changes()
    monkeypatch.setattr(roster_page.UnsavedChanges, "ask", classmethod(lambda cls, p: "save"))
    window.close()
    with context.database.read_scope() as s:
        assert len(attendance.marks_of(s, run_id)) == 3


def test_roster_pdf_opens_in_the_preview_prints_and_saves(qtbot, context, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from desktop_app.services.roster_print import RosterPrint
    from desktop_app.views import file_dialogs, pdf_preview, print_dialogs

    run_id = _run_with_trainees(context.database)
    page = _page(qtbot, context, run_id)
    monkeypatch.setattr(print_dialogs.RosterPrintDialog, "ask",
                        classmethod(lambda cls, parent: RosterPrint(("birth_date", "signature"))))
    page.print_roster()
    qtbot.waitUntil(lambda: getattr(page, "preview", None) is not None, timeout=15_000)
    preview = page.preview
    assert preview.document.pageCount() == 1 and preview.pages.text() == "1쪽"
    saved = tmp_path / "사본.pdf"
    monkeypatch.setattr(file_dialogs.FileChooser, "save_path",
                        classmethod(lambda cls, *a, **k: str(saved)))
    assert preview.save_copy() == saved and saved.read_bytes()[:4] == b"%PDF"
    printed = tmp_path / "printed.pdf"

    def to_file(cls, parent):
        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(pdf_preview.PrintQuestion, "ask", classmethod(to_file))
    assert preview.print_document() and printed.stat().st_size > 1000
    temporary = preview.path
    assert temporary.exists()
    preview.close()
    qtbot.waitUntil(lambda: not temporary.exists(), timeout=5_000)


def test_roster_print_dialog_gives_the_choice(qtbot):
    from desktop_app.views.print_dialogs import RosterPrintDialog

    dialog = RosterPrintDialog()
    qtbot.addWidget(dialog)
    dialog.boxes["phone"].setChecked(True)
    dialog.landscape.setChecked(True)
    dialog.sort.setCurrentIndex(1)
    choice = dialog.value()
    assert choice.columns == ("birth_date", "phone", "signature")
    assert (choice.full, choice.landscape, choice.sort) == (False, True, "organization")


def test_signin_sheet_opens_in_the_preview(qtbot, context, monkeypatch):
    from desktop_app.views import print_dialogs

    run_id = _run_with_trainees(context.database)
    page = _page(qtbot, context, run_id)
    page.tabs.setCurrentIndex(1)
    assert page.signin_button.isEnabled()
    monkeypatch.setattr(print_dialogs.SigninQuestion, "ask", classmethod(lambda cls, p: "day"))
    page.print_signin()
    qtbot.waitUntil(lambda: getattr(page, "preview", None) is not None, timeout=15_000)
    assert page.preview.document.pageCount() == 2  # two days
    page.preview.close()


def test_training_record_statement_from_the_record_dialog(qtbot, context, monkeypatch):
    from datetime import date

    from desktop_app.services import persons, run_roster
    from desktop_app.views import print_dialogs
    from desktop_app.views.completion_dialogs import TrainingRecordDialog, statement_printer

    run_id = _run_with_trainees(context.database)
    page = _page(qtbot, context, run_id)
    person_id = page.roster_model.rows()[0].person_id
    record = context.read(lambda s: run_roster.training_record(s, person_id))
    title = context.read(lambda s: persons.describe_ids(s, [person_id]))
    dialog = TrainingRecordDialog(title, record, page, statement_printer(page, context, person_id))
    qtbot.addWidget(dialog)
    monkeypatch.setattr(print_dialogs.PeriodQuestion, "ask", classmethod(
        lambda cls, parent, start, end: (date(2021, 1, 1), date(2021, 12, 31))))
    dialog.print_statement()
    qtbot.waitUntil(lambda: getattr(page, "preview", None) is not None, timeout=15_000)
    assert page.preview.document.pageCount() == 1
    page.preview.close()
