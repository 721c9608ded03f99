"""예산 in the GUI, as a budget officer does it on the demo's 2021: the document's figures to
the last 천원, a cell typed (Enter moves down), a block pasted from Excel, undo and redo, a bad
cell refused with the database as before; a quarter's spending entered, money moved between
two lines with a reason, the execution views and the quarter's report; the Excel round trip
through the preview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop_app.services import budget_execution as ex
from desktop_app.services import budget_plan
from desktop_app.views import budget_page as page_module
from desktop_app.views.budget_dialogs import SpendingDialog, TransferDialog
from desktop_app.views.budget_execution_tab import ExecutionModel
from desktop_app.views.budget_page import BudgetPage
from desktop_app.views.budget_plan_tab import COLUMN_OF, LINE_COLUMNS
from desktop_app.views.budget_sheet import SheetModel


def _page(qtbot, context) -> BudgetPage:
    page = BudgetPage(context)
    qtbot.addWidget(page)
    page.resize(1150, 650)
    page.show()
    return page


def _choose_task(page: BudgetPage, code: str) -> None:
    rows = page.plan_tab.task_model.rows()
    page.plan_tab.task_view.setCurrentIndex(
        page.plan_tab.task_model.index(next(i for i, t in enumerate(rows) if t.code == code), 0))


def _cell(page: BudgetPage, row: int, key: str) -> str:
    return page.plan_tab.sheet.sheet_model.text(row, COLUMN_OF[key])


def test_the_documents_figures_and_the_misprint(qtbot, demo_context):
    page = _page(qtbot, demo_context)
    assert page.year_box.currentText() == "2021년"
    programs = page.plan_tab.program_sheet.sheet_model
    total = programs.rowCount() - 1
    assert [programs.text(total, c) for c in (0, 1, 2, 3)] == [
        "계", "9,201,421", "9,640,031", "9,718,219"]
    _choose_task(page, "1-3")
    sheet = page.plan_tab.sheet.sheet_model
    last = sheet.rowCount() - 1
    assert _cell(page, last, "name") == "계" and _cell(page, last, "amount") == "275,621"
    assert _cell(page, last, "q2") == "39,061"
    q2 = sheet.index(last, COLUMN_OF["q2"])
    assert "39,060" in sheet.data(q2, Qt.ItemDataRole.ToolTipRole)
    assert sheet.data(q2, Qt.ItemDataRole.BackgroundRole) is not None
    assert "1-3 2분기: 내역 합계 39,061 ≠ 인쇄된 값 39,060" in page.plan_tab.status.text()
    _choose_task(page, "4-5")
    assert _cell(page, 0, "amount") == "재배정"
    _choose_task(page, "3-1")
    assert _cell(page, 1, "amount").startswith("(재배정별도)")


def test_typing_pasting_undo_and_a_refused_cell(qtbot, demo_context, message_boxes):
    page = _page(qtbot, demo_context)
    _choose_task(page, "1-1")
    sheet = page.plan_tab.sheet
    model = sheet.sheet_model
    sheet.setFocus()
    sheet.setCurrentIndex(model.index(0, COLUMN_OF["amount"]))
    qtbot.keyClick(sheet, "1")                  # typing starts the editor, as in Excel
    editor = sheet.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "1"
    qtbot.keyClicks(editor, "20000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt commits on the next turn of the loop
    qtbot.waitUntil(lambda: _cell(page, 0, "amount") == "120,000")
    assert sheet.currentIndex().row() == 1      # Enter moved down
    gap = LINE_COLUMNS.index(next(c for c in LINE_COLUMNS if c.title == "분기 합 차이"))
    assert model.text(0, gap) == "-9,930"       # 58,980 + 20,640 + 30,450 − 120,000
    assert _cell(page, model.rowCount() - 1, "amount") == "180,000"   # 계 follows
    assert "1-1 1번 줄 분기 합" in page.plan_tab.status.text()
    # paste a block of two lines × two quarters copied from Excel
    sheet.setCurrentIndex(model.index(0, COLUMN_OF["q3"]))
    said = sheet.paste("30640\t\t30380\n17500\t\t5000\n")
    assert _cell(page, 0, "q3") == "30,640" and _cell(page, 0, "q4") == "30,380"
    assert said == "" and _cell(page, 0, "q3_use") == ""   # pasted blanks overwrite, as in Excel
    assert model.text(0, gap) == ""             # adds up again
    assert page.plan_tab.status.text().endswith("1-3 2분기: 내역 합계 39,061 ≠ 인쇄된 값 39,060 (차이 +1)")
    sheet.undo_stack.undo()
    assert _cell(page, 0, "q3") == "20,640"
    sheet.undo_stack.redo()
    assert _cell(page, 0, "q3") == "30,640"
    # a word in an amount: refused, named, nothing written
    before = demo_context.read(lambda s: budget_plan.read_plan(s, 2021).task("1-1"))
    assert not sheet.change([(1, COLUMN_OF["amount"], "많이")], "칸 고침")
    assert "1-1 2번 줄 · 예산: '많이'" in message_boxes.shown[-1][1]
    assert demo_context.read(lambda s: budget_plan.read_plan(s, 2021).task("1-1")) == before
    # a block over computed columns: they keep their formulas, and the user is told
    sheet.setCurrentIndex(model.index(1, COLUMN_OF["last_year"]))
    said = sheet.paste("83400\t999\t999\t1000")
    assert "증감" in said and _cell(page, 1, "q1") == "1,000"
    # too many rows to paste
    sheet.setCurrentIndex(model.index(1, COLUMN_OF["q1"]))
    assert "모자랍니다" in sheet.paste("1\n2\n3\n")
    # Delete empties, copy gives Excel text
    sheet.setCurrentIndex(model.index(1, COLUMN_OF["account_ref"]))
    sheet.clear_selection()
    assert _cell(page, 1, "account_ref") == ""
    sheet.setCurrentIndex(model.index(0, COLUMN_OF["amount"]))
    assert sheet.copy_selection() == "120000"
    # a line added, named, deleted
    line_id = page.plan_tab.add_line()
    assert line_id is not None and model.rowCount() == 4
    sheet.change([(2, COLUMN_OF["name"], "토요 직무연수")], "칸 고침")
    assert _cell(page, 2, "name") == "토요 직무연수"
    sheet.setCurrentIndex(model.index(2, 0))
    message_boxes.answer = message_boxes.answer  # confirm() answers yes by default
    assert page.plan_tab.delete_line()
    assert model.rowCount() == 3


def test_spending_a_transfer_the_views_and_the_report(qtbot, demo_context, monkeypatch,
                                                      message_boxes):
    page = _page(qtbot, demo_context)
    labels = demo_context.read(lambda s: ex.line_labels(s, 2021))
    small = next(i for i, label in labels.items() if label.startswith("1-5 1번"))   # 9,620천원

    def spend(dialog: SpendingDialog, amount: str):
        dialog.line.setCurrentIndex(dialog.line.findData(small))
        dialog.amount.setText(amount)
        dialog.description.setText("3분기 강사수당")
        dialog.payee.setText("강사")
        dialog.try_save()
        return dialog.result()

    left = demo_context.read(lambda s: ex.available(s, small))
    monkeypatch.setattr(SpendingDialog, "exec", lambda self: spend(self, f"{left + 1:,}"))
    assert not page.enter_spending()            # past what is left: refused, said in the dialog
    monkeypatch.setattr(SpendingDialog, "exec", lambda self: spend(self, "1,000,000"))
    assert page.enter_spending()
    assert demo_context.read(lambda s: ex.available(s, small)) == left - 1_000_000
    page.tabs.setCurrentWidget(page.spending_tab)
    page.spending_tab.line_box.setCurrentIndex(page.spending_tab.line_box.findData(small))
    assert "3분기 강사수당" in [r.description for r in page.spending_tab.model.rows()]

    def move(dialog: TransferDialog):
        dialog.source.setCurrentIndex(dialog.source.findData(next(
            i for i, label in labels.items() if label.startswith("1-6 1번"))))
        dialog.target.setCurrentIndex(dialog.target.findData(small))
        dialog.amount.setText("2,000,000")
        dialog.try_save()
        if dialog.result():
            return 1
        assert "사유" in dialog.error_of("사유")
        dialog.reason.setPlainText("에듀테크 과정 증설")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(TransferDialog, "exec", move)
    assert page.record_transfer()
    assert "에듀테크 과정 증설" in [r.reason for r in page.transfer_tab.model.rows()]
    assert demo_context.read(lambda s: ex.available(s, small)) == left + 1_000_000
    # execution per task with the chart
    tab = page.execution_tab
    tab.group_box.setCurrentIndex(tab.group_box.findData("task"))
    rows = tab.model.rows()
    assert rows[0].name == "1-1" and len(rows) == 32
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    assert tab.chart.title.startswith("1-1 (") and tab.chart.first == rows[0].planned
    tab.group_box.setCurrentIndex(tab.group_box.findData("program"))
    assert {r.name for r in tab.model.rows()} >= {"교원연수운영", "지방공무원연수운영"}
    behind = [r for r in tab.model.rows() if r.standing(tab.model.through) == "부진"]
    if behind:
        shaded = tab.model.data(tab.model.index(tab.model.rows().index(behind[0]), 0),
                                Qt.ItemDataRole.BackgroundRole)
        assert shaded is not None
    # the quarter's report in the preview
    monkeypatch.setattr(page_module.QuarterQuestion, "ask", classmethod(lambda cls, p, q: 2))
    page.print_report()
    qtbot.waitUntil(lambda: page.preview is not None, timeout=15_000)
    assert page.preview.document.pageCount() >= 3
    page.preview.close()


def test_excel_round_trip_through_the_preview(qtbot, demo_context, monkeypatch, tmp_path,
                                              message_boxes):
    import openpyxl

    from desktop_app.services import budget_files

    page = _page(qtbot, demo_context)
    path = tmp_path / "예산.xlsx"
    demo_context.read(lambda s: budget_files.export_year(s, 2021, path))
    monkeypatch.setattr(page_module.ImportFile, "ask", classmethod(lambda cls, p: str(path)))
    assert page.import_excel() == 0 and "바뀌는 칸이 없습니다" in message_boxes.shown[-1][1]
    book = openpyxl.load_workbook(path)
    book["2-1"]["D4"] = 11000
    book.save(path)
    seen = []
    monkeypatch.setattr(page_module.ImportPreview, "ask", classmethod(
        lambda cls, p, found, name: seen.append(found.changes) or False))
    assert page.import_excel() is None          # closed: nothing written
    assert [c.after for c in seen[0]] == ["11,000"]
    _choose_task(page, "2-1")
    assert _cell(page, 0, "amount") == "10,000"
    monkeypatch.setattr(page_module.ImportPreview, "ask", classmethod(lambda cls, p, f, n: True))
    assert page.import_excel() == 1
    assert _cell(page, 0, "amount") == "11,000"


def test_budget_models(qtmodeltester, demo_context, qtbot):
    page = _page(qtbot, demo_context)
    sheet_model: SheetModel = page.plan_tab.sheet.sheet_model
    qtmodeltester.check(sheet_model)
    qtmodeltester.check(page.plan_tab.program_sheet.sheet_model)
    qtmodeltester.check(page.plan_tab.task_model)
    model: ExecutionModel = page.execution_tab.model
    qtmodeltester.check(model)
    qtmodeltester.check(page.spending_tab.model)


def test_an_empty_database_starts_its_budget_from_the_form(qtbot, context, monkeypatch,
                                                           tmp_path, message_boxes):
    import openpyxl

    from desktop_app.views import file_dialogs

    page = _page(qtbot, context)
    assert page.year_box.count() == 0 and page.empty_label.isVisible()
    form = tmp_path / "양식.xlsx"
    monkeypatch.setattr(page_module.YearQuestion, "ask",
                        classmethod(lambda cls, p, title, prompt, suggested: 2022))
    monkeypatch.setattr(file_dialogs.FileChooser, "save_path",
                        classmethod(lambda cls, *a, **k: str(form)))
    task = page.export_excel()
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    message_boxes.shown.clear()
    book = openpyxl.load_workbook(form)
    book["실천과제"]["C4"] = "수업혁신 연수"
    book["1-1"].insert_rows(4)
    book["1-1"]["C4"], book["1-1"]["D4"], book["1-1"]["J4"] = "수업 성장 연수", 1_000, 1_000
    book.save(form)
    monkeypatch.setattr(page_module.ImportFile, "ask", classmethod(lambda cls, p: str(form)))
    monkeypatch.setattr(page_module.ImportPreview, "ask", classmethod(lambda cls, p, f, n: True))
    assert page.import_excel() == 2               # the task and its line
    assert page.year_box.currentText() == "2022년" and not page.empty_label.isVisible()
    assert _cell(page, 0, "name") == "수업 성장 연수" and _cell(page, 0, "amount") == "1,000"


def test_a_new_year_from_this_one(qtbot, demo_context, monkeypatch):
    page = _page(qtbot, demo_context)
    monkeypatch.setattr(page_module.YearQuestion, "ask",
                        classmethod(lambda cls, p, title, prompt, suggested: suggested))
    assert page.new_year() == 2022
    assert page.year_box.currentText() == "2022년"
    _choose_task(page, "1-1")
    assert _cell(page, 0, "amount") == "" and _cell(page, 0, "last_year") == "110,070"
    assert page.plan_tab.program_sheet.sheet_model.text(0, 2) == "3,827,983"


def _edit_elsewhere(context, code: str, no: int, key: str, value: str) -> None:
    """Another PC writes a cell."""
    from desktop_app.services.budget_plan import CellEdit

    with context.database.session_scope() as s:
        plan = budget_plan.read_plan(s, 2021)
        line = next(x for x in plan.task(code).lines if x.line_no == no)
        budget_plan.apply_edits(s, 2021, [CellEdit(line.id, key, value)])


def test_another_pcs_change_waits_for_the_cell_being_typed(qtbot, demo_context):
    page = _page(qtbot, demo_context)
    _choose_task(page, "1-1")
    sheet = page.plan_tab.sheet
    index = sheet.sheet_model.index(1, COLUMN_OF["amount"])
    sheet.setCurrentIndex(index)
    sheet.edit(index)
    editor = sheet.viewport().findChild(QLineEdit)
    editor.setText("999")
    _edit_elsewhere(demo_context, "1-1", 1, "amount", "100,000")
    page.on_database_changed()
    assert editor.text() == "999" and sheet.editing()     # not refilled under the typing
    qtbot.keyClick(editor, Qt.Key.Key_Escape)              # the user gives the typing up
    qtbot.waitUntil(lambda: _cell(page, 0, "amount") == "100,000")


def test_undo_over_another_pcs_change_is_refused_and_dropped(qtbot, demo_context,
                                                             message_boxes, monkeypatch):
    page = _page(qtbot, demo_context)
    _choose_task(page, "1-1")
    sheet = page.plan_tab.sheet
    assert sheet.change([(0, COLUMN_OF["name"], "수업 성장 연수")], "칸 고침")
    _edit_elsewhere(demo_context, "1-1", 1, "name", "다른 PC의 이름")
    page.on_database_changed()
    assert _cell(page, 0, "name") == "다른 PC의 이름"
    sheet.undo_stack.undo()
    assert "다른 PC" in message_boxes.shown[-1][1]
    assert _cell(page, 0, "name") == "다른 PC의 이름" and sheet.undo_stack.count() == 0
    # a refused cell keeps what was typed, to be corrected
    message_boxes.shown.clear()
    index = sheet.sheet_model.index(1, COLUMN_OF["q2"])
    sheet.setCurrentIndex(index)
    sheet.edit(index)
    editor = sheet.viewport().findChild(QLineEdit)
    editor.setText("반액")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(message_boxes.shown))
    assert "1-1 2번 줄 · 2분기" in message_boxes.shown[-1][1]
    qtbot.waitUntil(lambda: sheet.editing() and sheet.currentIndex().row() == 1)
    assert sheet.viewport().findChild(QLineEdit).text() == "반액"
    # another year: the steps of this one are gone
    assert sheet.change([(0, COLUMN_OF["account_ref"], "2480")], "칸 고침")
    monkeypatch.setattr(page_module.YearQuestion, "ask",
                        classmethod(lambda cls, p, title, prompt, suggested: suggested))
    page.new_year()
    assert sheet.undo_stack.count() == 0 and page.year() == 2022
