"""이수증 in the GUI: issue from the roster (progress, preview of the saved file), find it in the
ledger, revoke it with a reason, check it at the desk, and refuse a damaged layout or seal."""

from __future__ import annotations

import json

from desktop_app.services import certificate_layouts, completion, settings
from desktop_app.services.enrollment import roster_ids
from desktop_app.views import certificate_dialogs, certificate_page, file_dialogs
from desktop_app.views.certificate_dialogs import CertificateIssueDialog, IssueChoice, VerifyDialog
from desktop_app.views.certificate_page import CertificatePage, LedgerTableModel
from desktop_app.views.certificate_settings import CertificateSettingsDialog
from desktop_app.services.certificates import Outlook
from tests.factories import ACTOR
from tests.gui.test_roster_page import _page, _run_with_trainees


def _completed(context):
    run_id = _run_with_trainees(context.database)
    with context.database.session_scope() as s:
        for eid in roster_ids(s, run_id):
            completion.override(s, eid, "이수", "출석 확인", ACTOR)
    return run_id


def _issue_from_roster(qtbot, context, monkeypatch, tmp_path, run_id, layout="formal"):
    page = _page(qtbot, context, run_id)
    assert page.certificate_button.isEnabled()
    monkeypatch.setattr(CertificateIssueDialog, "ask", classmethod(
        lambda cls, *a: IssueChoice(layout, False, False)))
    target = tmp_path / "발급"  # no suffix typed: .pdf is added
    monkeypatch.setattr(file_dialogs.FileChooser, "save_path",
                        classmethod(lambda cls, *a: str(target)))
    page.issue_certificates()
    qtbot.waitUntil(lambda: getattr(page, "preview", None) is not None, timeout=15_000)
    return page, tmp_path / "발급.pdf"


def test_issue_from_the_roster_then_revoke_and_verify_in_the_ledger(qtbot, context,
                                                                    monkeypatch, tmp_path):
    run_id = _completed(context)
    page, saved = _issue_from_roster(qtbot, context, monkeypatch, tmp_path, run_id)
    assert page.preview.document.pageCount() == 2 and saved.exists()
    page.preview.close()
    qtbot.wait(50)
    assert saved.exists()  # the preview does not delete the file the user saved
    ledger = CertificatePage(context)
    qtbot.addWidget(ledger)
    ledger.resize(1280, 720)
    ledger.show()
    ledger.year_box.setCurrentIndex(ledger.year_box.findData(2020))
    assert ledger.count.text() == "2건"
    ledger.view.selectRow(0)
    line = ledger.current_line()
    assert line.serial == "2020-00001" and line.code in ledger.detail.text()
    monkeypatch.setattr(certificate_page.ReasonDialog, "ask",
                        classmethod(lambda cls, *a, **k: "성명 오기"))
    ledger.revoke_current()
    ledger.view.selectRow(0)
    assert ledger.current_line().state == "취소" and not ledger.revoke_button.isEnabled()
    dialog = VerifyDialog(context)
    qtbot.addWidget(dialog)
    dialog.serial.setText(f"YEONSU-CERT:{line.serial}:{line.code}")  # read from the QR code
    dialog.check()
    assert dialog.answer.text().startswith("취소") and "성명 오기" in dialog.answer.text()
    ledger.search.setText("없는 이름")
    qtbot.waitUntil(lambda: ledger.count.text() == "0건", timeout=3_000)


def test_issue_dialog_says_what_is_new_and_what_is_reprinted(qtbot):
    dialog = CertificateIssueDialog("2021-030-01", Outlook(10, 4), Outlook(1, 1),
                                    [("formal", "격식 (명조)"), ("modern", "현대 (고딕)")], "modern")
    qtbot.addWidget(dialog)
    assert "새 발급번호 6장" in dialog.summary.text() and "4장" in dialog.summary.text()
    dialog.scope_selected.setChecked(True)
    dialog.zip.setChecked(True)
    assert "새 발급번호 0장" in dialog.summary.text()
    assert dialog.value() == IssueChoice("modern", True, True)


def test_ledger_model_passes_the_model_tester(qtmodeltester, qtbot, context, monkeypatch,
                                              tmp_path):
    run_id = _completed(context)
    page, _saved = _issue_from_roster(qtbot, context, monkeypatch, tmp_path, run_id, "modern")
    page.preview.close()
    model = LedgerTableModel(context)
    model.year = 2020
    model.reload()
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_settings_refuse_a_damaged_layout_and_seal(qtbot, context, monkeypatch, tmp_path,
                                                   message_boxes):
    bad = tmp_path / "서식.json"
    bad.write_text(json.dumps({"name": "ours", "boxes": [{"text": "{이름}", "x": 10, "y": 10,
                                                          "w": 500, "h": 5, "size": 10}]}))
    dialog = CertificateSettingsDialog(context)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(file_dialogs.FileChooser, "open_path",
                        classmethod(lambda cls, *a: str(bad)))
    dialog.import_layout()
    shown = "\n".join(text for _title, text in message_boxes.shown)
    assert "상자 1" in shown and "알 수 없는 항목" in shown and "A4" in shown
    broken = tmp_path / "직인.png"
    broken.write_bytes(b"\x89PNG not really")
    monkeypatch.setattr(file_dialogs.FileChooser, "open_path",
                        classmethod(lambda cls, *a: str(broken)))
    dialog.choose_seal()
    dialog.head_title.setText("○○교육연수원장")
    dialog.save()
    assert "직인 그림을 읽을 수 없습니다" in message_boxes.shown[-1][1]
    with context.database.read_scope() as s:  # nothing half-saved: the title neither
        assert settings.get(s, "head_title") == "서울특별시교육청교육연수원장"
        assert list(certificate_layouts.layouts(s)) == ["formal", "modern"]


def test_a_good_layout_imports_and_the_sample_opens(qtbot, context, monkeypatch, tmp_path):
    with context.database.read_scope() as s:
        text = certificate_layouts.layout(s, "modern").to_json()
    ours = json.loads(text)
    ours.update(name="ours", title="우리 서식")
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(ours, ensure_ascii=False), encoding="utf-8")
    dialog = CertificateSettingsDialog(context)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(file_dialogs.FileChooser, "open_path",
                        classmethod(lambda cls, *a: str(path)))
    monkeypatch.setattr(certificate_dialogs, "inform", lambda *a: None)
    from desktop_app.views import certificate_settings
    monkeypatch.setattr(certificate_settings, "inform", lambda *a: None)
    dialog.import_layout()
    assert dialog.layout_box.currentData() == "ours"
    dialog.show_sample()
    assert dialog.preview.document.pageCount() == 1
    dialog.preview.close()
    dialog.save()
    with context.database.read_scope() as s:
        assert certificate_layouts.layout(s).name == "ours"
