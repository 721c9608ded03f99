"""Qt's model tester on every item model, and lazy loading of big tables."""

from datetime import date, datetime

from PySide6.QtCore import Qt

from desktop_app.services import backup, courses, enrollment, persons, runs
from desktop_app.services.courses import CourseFilter
from desktop_app.views.settings_page import BackupTableModel
from desktop_app.views.table_models import (CourseTableModel, DuplicateTableModel,
                                            EventTableModel, PersonEnrollmentTableModel,
                                            PersonTableModel, RosterTableModel,
                                            RunPickTableModel, RunTableModel, TargetTableModel)
from desktop_app.views.timetable_dialog import TimetableTableModel
from desktop_app.services.timetable import PeriodRow


def test_course_model(qtmodeltester, demo_context):
    model = CourseTableModel(demo_context)
    model.filter = CourseFilter(year=2021)
    model.reload()
    assert model.rowCount() == 210
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    titles = [model.data(model.index(r, 1)) for r in range(3)]
    assert titles == sorted(titles, reverse=True)
    assert model.data(model.index(0, 0)).startswith("2021-")


def test_person_and_roster_and_small_models(qtmodeltester, demo_context):
    person_model = PersonTableModel(demo_context)
    person_model.reload()
    assert person_model.rowCount() == 600
    qtmodeltester.check(person_model)
    with demo_context.database.read_scope() as s:
        full = next(r for r in runs.search_runs(s, "", 2021, limit=5000) if r.waitlisted)
        run_rows = runs.runs_of_course(s, full.course_id)
        roster = enrollment.roster_ids(s, full.id)
        events = enrollment.history(s, roster[0])
        person_rows = enrollment.enrollments_of_person(
            s, enrollment.roster_rows(s, roster[:1])[0].person_id)
        targets = courses.department_targets(s, 2021)
        people = persons.person_rows(s, persons.search_person_ids(s, limit=3))
    roster_model = RosterTableModel(demo_context)
    roster_model.run_id = full.id
    roster_model.reload()
    assert roster_model.rowCount() == full.selected + full.waitlisted
    qtmodeltester.check(roster_model)
    run_pick_model = RunPickTableModel(demo_context)
    run_pick_model.search_text = "2021-0"
    run_pick_model.reload()
    assert run_pick_model.rowCount() > RunPickTableModel.PAGE_SIZE  # every match, not 300
    assert run_pick_model.loaded_row_count() == 0  # rows load as the view asks for them
    qtmodeltester.check(run_pick_model)
    for model, rows in ((RunTableModel(), run_rows),
                        (EventTableModel(), events), (PersonEnrollmentTableModel(), person_rows),
                        (TargetTableModel(), targets), (DuplicateTableModel(), people),
                        (BackupTableModel(), backup.list_backups(demo_context.database, demo_context.backup_folder))):
        model.set_rows(rows)
        qtmodeltester.check(model)


def test_timetable_model_is_editable(qapp, qtmodeltester):
    model = TimetableTableModel([PeriodRow(date(2021, 5, 10), "09:00", "09:50", "여는 마당")])
    qtmodeltester.check(model)
    row = model.add_row(0)
    assert model.data(model.index(row, 1)) == "10:00"
    assert model.setData(model.index(row, 0), "2021-13-01")
    assert model.cell_error(row, 0) and model.data(model.index(row, 0),
                                                   Qt.ItemDataRole.BackgroundRole)
    model.remove_row(0)
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_big_table_loads_only_the_pages_shown(qtbot, context):
    from sqlalchemy import insert

    from desktop_app.models import Person

    with context.write() as s:
        s.execute(insert(Person.__table__), [
            dict(name=f"연수생{i:05d}", birth_date=date(1980, 1, 1), version=1,
                 created_at=datetime(2021, 1, 1), updated_at=datetime(2021, 1, 1))
            for i in range(5000)])
    model = PersonTableModel(context)
    model.reload()
    assert model.rowCount() == 5000
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: model.loaded_row_count() > 0)
    assert model.loaded_row_count() <= 2 * model.PAGE_SIZE
    view.scrollToBottom()
    qtbot.wait(10)
    assert model.data(model.index(4999, 0)) == "연수생04999"
    assert model.loaded_row_count() <= 3 * model.PAGE_SIZE
    for row in range(0, 5000, 50):  # paging through never keeps more than MAX_PAGES
        model.row_at(row)
    assert model.loaded_row_count() <= model.MAX_PAGES * model.PAGE_SIZE
