"""``attendance``, ``results``, ``complete``, ``neis export`` and ``course list --json``'s
completed count: the officer's end-of-run loop from the command line."""

from __future__ import annotations

import json
from datetime import date

import openpyxl

from desktop_app.db import open_database
from desktop_app.services import clock
from tests.db.test_cli import run
from tests.db.test_completion import AFTER, _setup

RUN = "2021-001-01"


def _prepare(db_path):
    database = open_database(db_path)
    _setup(database)
    database.dispose()


def _fill(path, exported, mark_for):
    """Fill an exported attendance sheet the way an officer would in Excel."""
    book = openpyxl.load_workbook(exported)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    periods = [i for i, h in enumerate(header) if h and h[:4] == "2021"]
    for row in sheet.iter_rows(min_row=2):
        for i in periods:
            row[i].value = mark_for(row[1].value, header[i])
    book.save(path)


def test_end_of_run_loop(db_path, tmp_path, capsys):
    _prepare(db_path)
    sheet = tmp_path / "출석부.xlsx"
    code, out, _ = run(capsys, "--db", db_path, "attendance", "export", "--run", RUN,
                       "--out", str(sheet))
    assert code == 0 and sheet.exists()
    filled = tmp_path / "filled.xlsx"
    _fill(filled, sheet, lambda name, when: "결석" if name == "이결석" and "09:00" in when
          else ("??" if name == "김출석" and when.endswith("11:00") else "출석"))
    code, _, err = run(capsys, "--db", db_path, "attendance", "import", str(filled), "--run", RUN)
    assert code == 2
    assert err.splitlines()[0].startswith("행 2, 열 '2021-05-10 11:00': '??'은(는) 출결 값이 아닙니다")
    _fill(filled, sheet, lambda name, when: "결석" if name == "이결석" and "09:00" in when
          else "출석")
    code, out, _ = run(capsys, "--db", db_path, "attendance", "import", str(filled), "--run", RUN)
    assert code == 0 and "바뀐 칸 18" in out
    code, _, err = run(capsys, "--db", db_path, "complete", "--run", RUN)
    assert code == 2 and "아직 끝나지 않았습니다" in err
    with clock.fixed(AFTER):
        code, out, _ = run(capsys, "--db", db_path, "complete", "--run", RUN)
    assert code == 0 and "이수 2명, 미이수 1명" in out and "미이수\t이결석\t출석률 66.7%" in out
    code, out, _ = run(capsys, "--db", db_path, "course", "list", "--json")
    assert json.loads(out)[0]["runs"][0]["completed"] == 2
    neis = tmp_path / "neis.xlsx"
    code, out, err = run(capsys, "--db", db_path, "neis", "export", "--year", "2021", "--out",
                         str(neis))
    assert code == 0 and "이수자 1명" in out
    assert "나이스 개인번호가 없어 파일에 넣지 못한 이수자 1명" in err and "박나이스없음" in err
    rows = list(openpyxl.load_workbook(neis)["나이스 이수 자료"].values)
    assert rows[0][:3] == ("나이스개인번호", "성명", "소속") and rows[1][1] == "김출석"
    assert rows[1][10].date() == date(2021, 5, 12)


def test_results_and_neis_refusals(db_path, tmp_path, capsys):
    _prepare(db_path)
    path = tmp_path / "scores.csv"
    path.write_text("성명,점수\n김출석,101\n없는사람,80\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", db_path, "results", "import", str(path), "--run", RUN)
    assert code == 2 and err.splitlines() == [
        "행 2, 열 '점수': 점수는 0~100 사이여야 합니다 (지금 101).",
        "행 3, 열 '성명': 없는사람은(는) 이 기수의 선발 명단에 없습니다."]
    code, _, err = run(capsys, "--db", db_path, "neis", "export", "--run", RUN, "--out",
                       str(tmp_path / "n.xlsx"))
    assert code == 2 and "이수자가 없습니다" in err and not (tmp_path / "n.xlsx").exists()
