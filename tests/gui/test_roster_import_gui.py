"""명단 올리기 in the GUI: a messy school list previewed, a column fixed by hand, uploaded."""

from datetime import datetime

import openpyxl
from PySide6.QtCore import Qt

from desktop_app.excel.reader import read_rows
from desktop_app.services import enrollment
from desktop_app.views import file_dialogs
from desktop_app.views.main_window import MainWindow
from desktop_app.views.roster_import_dialog import RosterImportDialog
from tests.factories import make_course_with_run


def _list(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "연수 대상자 명단"
    ws.merge_cells("A1:E1")
    ws.append(["성 명", "생일", "학교", "핸드폰 번호", "비고"])  # 학교 and 생일 are guessed
    ws.append(["홍길동", datetime(1985, 3, 2), "서울한빛초등학교", "010-1234-5678", ""])
    ws.append(["김잘못", "1985-13-01", "서울한빛초등학교", None, ""])
    ws.append(["이수민", "900101", "서울누리중학교", "01022223333", ""])
    wb.save(path)


def test_preview_fix_a_column_and_upload(qtbot, context, tmp_path):
    _c, run_id = make_course_with_run(context.database, capacity=1)
    path = tmp_path / "명단.xlsx"
    _list(path)
    dialog = RosterImportDialog(context, run_id, path, read_rows(path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.header_row.value() == 2
    assert dialog.columns() == {"name": 0, "birth_date": 1, "organization": 2}
    # the phone header is not one it knows: the user picks the column by hand
    dialog.field_boxes["phone"].setCurrentIndex(4)  # "(없음)", then columns 1…
    qtbot.waitUntil(lambda: dialog.plan is not None and "phone" in dialog.columns(),
                    timeout=10_000)
    qtbot.waitUntil(lambda: dialog.plan.rows[0].values.phone == "010-1234-5678",
                    timeout=10_000)
    plan = dialog.plan
    assert [r.outcome for r in plan.rows] == ["새 연수생", "거부", "새 연수생"]
    assert [r.becomes for r in plan.rows] == ["선발", "", "대기"]
    assert "행 4, 열 '생일'" in str(plan.rows[1].problems[0])
    assert "거부 1" in dialog.summary.text() and dialog.upload_button.isEnabled()
    qtbot.mouseClick(dialog.upload_button, Qt.MouseButton.LeftButton)
    assert dialog.result is not None and dialog.result.selected == 1
    with context.database.read_scope() as s:
        rows = enrollment.roster_rows(s, enrollment.roster_ids(s, run_id))
    assert [(r.name, r.status) for r in rows] == [("홍길동", "선발"), ("이수민", "대기")]
    # the next file of the same layout starts with the columns chosen this time
    again = RosterImportDialog(context, run_id, path, read_rows(path))
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.plan is not None, timeout=10_000)
    assert again.columns()["phone"] == 3 and again.remembered
    assert "지난번" in again.summary.text()
    assert {r.becomes for r in again.plan.rows if r.accepted} == {"이미 '선발'", "이미 '대기'"}


def test_the_registration_page_uploads_and_says_what_it_did(qtbot, context, tmp_path,
                                                            monkeypatch):
    _c, run_id = make_course_with_run(context.database, capacity=5)
    path = tmp_path / "명단.xlsx"
    _list(path)
    window = MainWindow(context)
    qtbot.addWidget(window)
    reg = window.registration_page
    reg.show_run(run_id)
    monkeypatch.setattr(file_dialogs.FileChooser, "open_path",
                        classmethod(lambda cls, *a, **k: str(path)))

    def drive(parent, ctx, run, chosen, sheets):
        dialog = RosterImportDialog(ctx, run, chosen, sheets, parent)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
        dialog.upload()
        return dialog.result

    monkeypatch.setattr(RosterImportDialog, "ask", staticmethod(drive))
    assert reg.import_button.isEnabled()
    qtbot.mouseClick(reg.import_button, Qt.MouseButton.LeftButton)  # the file is read aside
    qtbot.waitUntil(lambda: "새 연수생 2명, 선발 2명" in reg.message.text(), timeout=10_000)
    assert reg.roster_model.rowCount() == 2


def test_the_roster_is_saved_to_excel_from_the_page(qtbot, context, tmp_path, monkeypatch):
    from desktop_app.services import persons
    from tests.factories import person_fields

    _c, run_id = make_course_with_run(context.database, capacity=5)
    with context.write() as s:
        pid = persons.create_person(s, person_fields(name="엑셀로"))
        enrollment.enroll(s, run_id, pid, "테스트")
    window = MainWindow(context)
    qtbot.addWidget(window)
    reg = window.registration_page
    target = tmp_path / "저장" / "명단.xlsx"
    monkeypatch.setattr(file_dialogs.FileChooser, "save_path",
                        classmethod(lambda cls, *a, **k: str(target)))
    from desktop_app.views.purpose_dialog import ExportPurpose

    monkeypatch.setattr(ExportPurpose, "ask", classmethod(lambda cls, p, what: ""))  # masked
    assert not reg.export_button.isEnabled()  # no run chosen yet
    reg.show_run(run_id)
    qtbot.mouseClick(reg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "저장했습니다" in reg.message.text(), timeout=10_000)
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[1][3] == "엑셀로"
