"""``print certificates`` and ``certificate …``: the desk's certificate loop without the GUI,
on the demo's finished run, with the demo's own date (serials of 2021)."""

import re
import zipfile

import pytest

from desktop_app.services import clock
from tests.db.test_cli import run

FINISHED_RUN = "2021-030-01"


@pytest.fixture
def demo_db(db_path, capsys):
    with clock.fixed(None):  # the demo's reference date, 2021-06-15
        assert run(capsys, "--db", db_path, "demo")[0] == 0
        yield db_path


def test_issue_verify_revoke_reprint_and_ledger(demo_db, tmp_path, capsys):
    with clock.fixed(None):
        out = tmp_path / "이수증.pdf"
        code, text, err = run(capsys, "--db", demo_db, "print", "certificates", "--run",
                              FINISHED_RUN, "--out", str(out))
        assert code == 0 and err == "" and out.exists()
        issued = int(re.search(r"새로 발급 (\d+)장", text).group(1))
        assert issued > 0 and "2021-00001" in text
        code, text, _ = run(capsys, "--db", demo_db, "print", "certificates", "--run",
                            FINISHED_RUN, "--out", str(tmp_path / "모두.zip"), "--zip",
                            "--layout", "modern")
        assert code == 0 and f"재발급 {issued}장" in text and "새로 발급" not in text
        with zipfile.ZipFile(tmp_path / "모두.zip") as archive:
            assert len(archive.namelist()) == issued
        ledger = tmp_path / "대장.xlsx"
        assert run(capsys, "--db", demo_db, "certificate", "ledger", "--year", "2021", "--out",
                   str(ledger))[0] == 0
        from openpyxl import load_workbook
        first = list(load_workbook(ledger).active.iter_rows(values_only=True))[1]
        serial, code_text = first[0], first[15]
        assert run(capsys, "--db", demo_db, "certificate", "verify", serial, code_text)[:2] == (
            0, f"유효: {first[2]} · {first[5]} · 2021년 6월 15일 발급: 유효한 이수증입니다.\n")
        code, text, _ = run(capsys, "--db", demo_db, "certificate", "verify", serial, "ZZZZ-ZZZZ")
        assert code == 1 and text.startswith("확인 불가")
        assert run(capsys, "--db", demo_db, "certificate", "revoke", serial, "--reason",
                   "성명 오기")[0] == 0
        code, text, _ = run(capsys, "--db", demo_db, "certificate", "verify", serial, code_text)
        assert code == 1 and "성명 오기" in text
        code, _, err = run(capsys, "--db", demo_db, "certificate", "reprint", serial, "--out",
                           str(tmp_path / "r.pdf"))
        assert code == 2 and "취소된 이수증" in err
        code, text, _ = run(capsys, "--db", demo_db, "certificate", "reprint", "2021-00002",
                            "2021-00003", "--out", str(tmp_path / "r.pdf"))
        assert code == 0 and "재발급 2장" in text
        assert run(capsys, "--db", demo_db, "certificate", "ledger", "--year", "2021", "--out",
                   str(tmp_path / "대장.pdf"))[0] == 0


def test_refusals_are_one_korean_line(demo_db, tmp_path, capsys):
    with clock.fixed(None):
        cases = [
            (("print", "certificates", "--run", "2021-001-01", "--out", str(tmp_path / "a.pdf")),
             "이수한 연수생이 없어"),
            (("print", "certificates", "--run", "없는-기수", "--out", str(tmp_path / "a.pdf")),
             "기수코드"),
            (("print", "certificates", "--run", FINISHED_RUN, "--out", str(tmp_path / "a.txt")),
             ".pdf로 끝나야"),
            (("print", "certificates", "--run", FINISHED_RUN, "--out", str(tmp_path / "a.pdf"),
              "--layout", "없는서식"), "서식 '없는서식'"),
            (("certificate", "revoke", "2021-99999", "--reason", "x"), "발급대장에 없는"),
            (("certificate", "ledger", "--year", "2021", "--out", str(tmp_path / "a.csv")),
             ".xlsx 또는 .pdf"),
        ]
        for argv, expected in cases:
            code, _out, err = run(capsys, "--db", demo_db, *argv)
            assert code == 2 and expected in err and "Traceback" not in err, (argv, err)
        assert not list(tmp_path.glob("*.part"))
