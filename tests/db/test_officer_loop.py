"""The issue's whole path, as the officer walks it: a messy school list with two rejected rows
named, fixed and imported; attendance kept; completion; then the NEIS file, the roster and
the attendance sheet read back by LibreOffice (``--convert-to csv``), as another office would
open them."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from datetime import datetime

import openpyxl
import pytest

from desktop_app.db import open_database
from desktop_app.services import attendance, clock, timetable
from desktop_app.services import runs as run_service
from tests.db.test_cli import run
from tests.db.test_completion import AFTER, _periods
from tests.factories import make_course_with_run

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
RUN = "2021-001-01"


def _messy_list(path, fixed: bool) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "2021학년도 직무연수 대상자 명단"
    ws.merge_cells("A1:F1")
    ws["A2"] = "서울한빛초등학교 (작성일: 2021. 4. 30.)"
    ws.append([])
    ws.append(["연번", "성 명", "생년월일", "나이스 개인번호", "학교명", "휴대전화"])
    ws.append([1, " 홍길동 ", datetime(1985, 3, 2), "Ａ１２３４５６７８９",  # full-width
               "서울한빛초등학교", "010 1234 5678"])
    ws.append([2, "김오류", "1985-13-01" if not fixed else "1985.12.1.", None, "서울한빛초등학교",
               "010-2222-3333"])
    ws.append([3, "이수민", "９００１０１", None, "서울누리중학교", "01033334444"])
    ws.append([4, "박번호", "850302", "A12345" if not fixed else "A987654321",
               "서울누리중학교", None])
    wb.save(path)


def _to_csv(path, out_dir):
    subprocess.run([SOFFICE, "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(out_dir),
                    str(path)], check=True, capture_output=True, timeout=120,
                   env={**os.environ, "HOME": str(out_dir)})
    with (out_dir / (path.stem + ".csv")).open(encoding="utf-8") as fh:
        return list(csv.reader(fh))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice가 없어 생략합니다 (.ci/run이 설치합니다)")
def test_officer_loop_ends_in_files_libreoffice_reads(db_path, tmp_path, capsys):
    database = open_database(db_path)
    make_course_with_run(database, capacity=10)
    database.dispose()
    school_list = tmp_path / "학교명단.xlsx"
    _messy_list(school_list, fixed=False)
    code, _, err = run(capsys, "--db", db_path, "roster", "import", str(school_list),
                       "--run", RUN)
    assert code == 2
    assert [line.split(":")[0] for line in err.strip().splitlines()] == [
        "행 6, 열 '생년월일'", "행 8, 열 '나이스 개인번호'"]
    _messy_list(school_list, fixed=True)
    code, out, _ = run(capsys, "--db", db_path, "roster", "import", str(school_list),
                       "--run", RUN)
    assert code == 0 and "새 연수생 4명, 선발 4명" in out

    database = open_database(db_path)
    with database.session_scope() as s:
        run_id = run_service.find_run_id(s, RUN)
        timetable.save(s, run_id, 0, _periods())
    with database.read_scope() as s:
        sheet = attendance.load_sheet(s, run_id)
    changes = {(t.enrollment_id, p.id): (None, "결석" if t.name == "박번호" and p.date.day == 10
                                         else "출석")
               for t in sheet.trainees for p in sheet.periods}
    with database.session_scope() as s:
        attendance.save_changes(s, run_id, changes, "담당자")
    database.dispose()
    with clock.fixed(AFTER):
        code, out, _ = run(capsys, "--db", db_path, "complete", "--run", RUN)
    assert code == 0 and "이수 3명, 미이수 1명" in out

    files = {name: tmp_path / f"{name}.xlsx" for name in ("neis", "roster", "attendance")}
    code, _, err = run(capsys, "--db", db_path, "neis", "export", "--run", RUN, "--out",
                       str(files["neis"]))
    assert code == 0 and "이수자 2명" in err and "김오류" in err and "이수민" in err
    assert run(capsys, "--db", db_path, "roster", "export", "--run", RUN, "--out",
               str(files["roster"]), "--purpose", "나이스 대조")[0] == 0
    assert run(capsys, "--db", db_path, "attendance", "export", "--run", RUN, "--out",
               str(files["attendance"]))[0] == 0

    neis = _to_csv(files["neis"], tmp_path)
    assert neis[0][:3] == ["나이스개인번호", "성명", "소속"]
    by_name = {row[1]: row for row in neis[1:]}
    assert set(by_name) == {"홍길동"}  # the others have no NEIS number; 박번호 failed
    assert by_name["홍길동"][0] == "A123456789" and by_name["홍길동"][5] == "2021-05-10"
    roster = _to_csv(files["roster"], tmp_path)
    assert roster[0][3:5] == ["성명", "생년월일"]
    rows = {row[3]: row for row in roster[1:]}
    assert rows["홍길동"][4] == "1985-03-02" and rows["이수민"][4] == "1990-01-01"
    assert rows["박번호"][14] == "미이수" and rows["박번호"][12] == "50"
    sheet_rows = _to_csv(files["attendance"], tmp_path)
    assert sheet_rows[0][5] == "2021-05-10 09:00"
    assert [r[1] for r in sheet_rows[1:]] == sorted(r[1] for r in sheet_rows[1:])
