"""통계 in the GUI on the demo's 2021: the overall table with its subtotals and 총계, the months
with the chart, the departments and plan tasks against the plan, and the Excel file."""

from __future__ import annotations

import openpyxl

from desktop_app.views import file_dialogs
from desktop_app.views.statistics_page import StatisticsPage


def test_the_years_tables_chart_and_excel(qtbot, demo_context, monkeypatch, tmp_path,
                                          qtmodeltester):
    page = StatisticsPage(demo_context)
    qtbot.addWidget(page)
    page.resize(1150, 650)
    page.show()
    assert page.year_box.currentText() == "2021년"
    rows = page.report_model.rows()
    assert [r[:2] for r in rows] == [
        ["교원", "자격연수"], ["교원", "직무연수(집합,혼합,특별)"], ["교원", "원격(콘텐츠원격)"],
        ["교원", "소계"], ["지방공무원", "기본"], ["지방공무원", "전문"],
        ["지방공무원", "원격(콘텐츠원격)"], ["지방공무원", "소계"], ["총계", ""]]
    assert rows[-1][2] == 210 == rows[3][2] + rows[7][2]
    assert page.status.text().startswith("2021년: 과정 210")
    months = page.month_model.rows()
    assert len(months) == 12 and sum(m[1][1] for m in months) == rows[-1][3]
    assert page.chart.categories == [str(m) for m in range(1, 13)]
    assert page.department_model.rowCount() == 4 and page.task_model.rowCount() > 20
    for model in (page.report_model, page.month_model, page.department_model, page.task_model):
        qtmodeltester.check(model)
    target = tmp_path / "실적.xlsx"
    monkeypatch.setattr(file_dialogs.FileChooser, "save_path",
                        classmethod(lambda cls, *a, **k: str(target)))
    task = page.export_excel()
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:4] == ["2021 연수 실적", "월별", "부서별", "실천과제별"]
    assert [c.value for c in book["2021 연수 실적"][10]][:3] == ["총계", None, 210]


def test_satisfaction_of_the_year_a_run_and_an_import(qtbot, demo_context, monkeypatch,
                                                      tmp_path, message_boxes, qtmodeltester):
    from desktop_app.views import survey_tab as tab_module

    page = StatisticsPage(demo_context)
    qtbot.addWidget(page)
    page.resize(1150, 650)
    page.show()
    tab = page.survey_tab
    page.tabs.setCurrentWidget(tab)
    assert "교원 집합" in tab.summary.text() and tab.run_model.rowCount() == 3
    assert tab.item_model.rowCount() == 5 and tab.teacher_model.rowCount() >= 1
    assert "응답" in tab.run_label.text() and tab.comments.toPlainText()
    for model in (tab.run_model, tab.item_model, tab.teacher_model):
        qtmodeltester.check(model)
    answers = tmp_path / "응답.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["응답 번호", "1. 도움", "5. 전반"])
    book.active.append(["새-1", 1, 2])
    book.save(answers)
    code = tab.current().run_code
    before = tab.current().responses
    monkeypatch.setattr(tab_module.RunCodeQuestion, "ask", classmethod(lambda cls, p, s: code))
    monkeypatch.setattr(tab_module.AnswerFile, "ask", classmethod(lambda cls, p: str(answers)))
    shown = []

    def confirm_columns(cls, parent, header, choices, guessed):
        dialog = tab_module.ColumnsDialog(header, choices, guessed, parent)   # the guess shown
        shown.append({n: box.currentText() for n, box in dialog.boxes.items()})
        return dialog.columns()

    monkeypatch.setattr(tab_module.ColumnsQuestion, "ask", classmethod(confirm_columns))
    assert tab.import_answers() == 1
    assert shown[0][0] == "응답 번호" and shown[0][1].startswith("1. ")
    assert "새 응답 1건" in message_boxes.shown[-1][1]
    assert tab.current().responses == before + 1
    assert tab.import_answers() == 0          # the same file again
    # a column the guess cannot place, chosen by hand
    odd = tmp_path / "알수없음.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["번호", "좋았나요?"])
    book.active.append(["손-1", 5])
    book.save(odd)
    monkeypatch.setattr(tab_module.AnswerFile, "ask", classmethod(lambda cls, p: str(odd)))
    monkeypatch.setattr(tab_module.ColumnsQuestion, "ask", classmethod(
        lambda cls, parent, header, choices, guessed: {
            **guessed, 1: next(t for t in choices if t.kind == "item")}))
    assert tab.import_answers() == 1
    # a paper form typed in
    monkeypatch.setattr(tab_module.AnswerDialog, "ask", classmethod(
        lambda cls, p, title, questions: ([5] * len(questions), "종이 설문")))
    assert tab.type_answer() == 1
    assert tab.current().responses == before + 3 and "종이 설문" in tab.comments.toPlainText()
    tab.print_result()
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=15_000)
    tab.preview.close()
