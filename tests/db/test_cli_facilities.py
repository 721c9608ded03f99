"""``room`` and ``booking`` commands on the demo: its invented rooms, its booked June, a booking
added and refused, a day listed, a cancellation; every refusal one Korean line, exit 2."""

import json

import pytest

from desktop_app.services import clock
from tests.db.test_cli import run


@pytest.fixture
def demo_db(db_path, capsys):
    with clock.fixed(None):
        code, out, _ = run(capsys, "--db", db_path, "demo")
        assert code == 0 and "가상 강의실 129개" in out
        yield db_path


def test_rooms_and_a_day_of_bookings(demo_db, capsys):
    code, out, _ = run(capsys, "--db", demo_db, "room", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and len(listed) == 129
    assert {"code", "name", "building", "kind", "capacity"} <= set(listed[0])
    lecture = [r for r in listed if r["kind"] == "강의실"]
    assert len(lecture) == 67 and len(listed) - len(lecture) == 62   # 44+23, 57+5
    assert any(r["name"] == "스마트 연수실" and "VR 기기 32" in r["equipment"] for r in listed)
    code, out, _ = run(capsys, "--db", demo_db, "booking", "list", "--date", "2021-06-15",
                       "--json")
    day = json.loads(out)
    assert code == 0 and day and all(b["kind"] == "과정" for b in day)
    rooms_used = [b["room"] for b in day]
    assert len(rooms_used) == len(set(rooms_used))  # one run per room


def test_add_refuse_and_cancel(demo_db, capsys):
    with clock.fixed(None):
        code, out, _ = run(capsys, "--db", demo_db, "booking", "list", "--date", "2021-06-15",
                           "--json")
        taken = json.loads(out)[0]
        code, _, err = run(capsys, "--db", demo_db, "booking", "add", "--room", taken["room"],
                           "--start", "2021-06-15 10:00", "--end", "2021-06-15 11:00",
                           "--kind", "내부행사", "--title", "회의")
        assert code == 2 and f"예약 {taken['id']}번" in err and taken["title"] in err
        code, out, _ = run(capsys, "--db", demo_db, "booking", "add", "--room", "H-AU",
                           "--start", "2021-06-19 13:00", "--end", "2021-06-19 17:00",
                           "--kind", "대관", "--title", "서초구 합창단 정기 공연")
        assert code == 0 and "대강당" in out
        booking_id = out.split("예약했습니다: ")[1].split("번")[0]
        cases = [
            (("booking", "add", "--room", "없는방", "--start", "2021-06-19 13:00", "--end",
              "2021-06-19 14:00", "--kind", "대관"), "없습니다"),
            (("booking", "add", "--room", "E201", "--start", "6월 19일", "--end",
              "2021-06-19 14:00", "--kind", "대관"), "YYYY-MM-DD HH:MM"),
            (("booking", "add", "--room", "E-GR01", "--start", "2021-06-19 13:00", "--end",
              "2021-06-19 14:00", "--kind", "대관"), "빌려주지 않는"),
            (("booking", "add", "--room", "E-GR01", "--start", "2021-08-16 13:00", "--end",
              "2021-08-16 14:00", "--kind", "내부행사"), "공휴일"),
            (("booking", "cancel", "99999", "--reason", "x"), "없습니다"),
            (("booking", "list", "--date", "어제"), "--date"),
        ]
        for argv, expected in cases:
            code, _, err = run(capsys, "--db", demo_db, *argv)
            assert code == 2 and expected in err and "Traceback" not in err, (argv, err)
        assert run(capsys, "--db", demo_db, "booking", "cancel", booking_id, "--reason",
                   "단체 사정")[0] == 0
        code, _, err = run(capsys, "--db", demo_db, "booking", "cancel", booking_id, "--reason",
                           "또")
        assert code == 2 and "이미 취소" in err


def test_the_demo_dormitory_is_assigned_in_one_command(demo_db, capsys):
    code, out, _ = run(capsys, "--db", demo_db, "dorm", "assign", "--run", "2021-118-07")
    assert code == 0 and "80명 배정" in out and "배정 못 함 0명" in out
    listed = json.loads(run(capsys, "--db", demo_db, "dorm", "list", "--run", "2021-118-07",
                            "--json")[1])
    assert len(listed) == 80 and len({(r["room"], r["bed"]) for r in listed}) == 80
    needy = [r for r in listed if r["need"]]
    assert sorted(r["need"] for r in needy) == ["1층", "장애인 전용", "장애인 전용"]
    assert all(r["room"] in ("D101", "D102") for r in needy if r["need"] == "장애인 전용")
    rooms = {}
    for r in listed:
        rooms.setdefault(r["room"], set()).add(r["gender"])
    assert all(len(g) == 1 for g in rooms.values())


def test_budget_check_on_the_demo(demo_db, capsys):
    code, out, _ = run(capsys, "--db", demo_db, "budget", "check", "--year", "2021")
    assert code == 1 and "9,201,421" in out and "실천과제 1-3 2분기" in out and "맞지 않는 합계 1곳" in out
    code, _out, err = run(capsys, "--db", demo_db, "budget", "check", "--year", "2030")
    assert code == 2 and "2030년 예산이 없습니다" in err


def test_budget_export_import_and_report(demo_db, capsys, tmp_path):
    import openpyxl

    out_file = tmp_path / "예산.xlsx"
    code, out, _ = run(capsys, "--db", demo_db, "budget", "export", "--year", "2021", "--out",
                       str(out_file))
    assert code == 0 and out_file.exists()
    code, out, _ = run(capsys, "--db", demo_db, "budget", "import", str(out_file), "--year",
                       "2021")
    assert code == 0 and "바뀌는 칸이 없습니다" in out
    book = openpyxl.load_workbook(out_file)
    book["1-2"]["D4"] = 470437
    book["1-2"]["H4"] = 117610
    book.save(out_file)
    code, out, _ = run(capsys, "--db", demo_db, "budget", "import", str(out_file), "--year",
                       "2021", "--dry-run")
    assert code == 0 and "시트 '1-2' 행 4 1번 · 예산: 470,436 → 470,437" in out
    assert "검사만 했습니다" in out
    code, out, _ = run(capsys, "--db", demo_db, "budget", "check", "--year", "2021")
    assert "맞지 않는 합계 1곳" in out              # the dry run wrote nothing
    code, out, _ = run(capsys, "--db", demo_db, "budget", "import", str(out_file), "--year",
                       "2021")
    assert code == 0 and "바뀐 칸 2개" in out
    code, out, _ = run(capsys, "--db", demo_db, "budget", "check", "--year", "2021")
    assert code == 1 and "실천과제 1-2 예산" in out and "실천과제 1-2 1분기" in out
    book["1-2"]["D4"] = "절반"
    book.save(out_file)
    code, _out, err = run(capsys, "--db", demo_db, "budget", "import", str(out_file), "--year",
                          "2021")
    assert code == 2 and "시트 '1-2' 행 4, 열 '예산'" in err and "Traceback" not in err
    pdf = tmp_path / "집행.pdf"
    code, out, _ = run(capsys, "--db", demo_db, "budget", "report", "--year", "2021",
                       "--quarter", "2", "--out", str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    code, _out, err = run(capsys, "--db", demo_db, "budget", "report", "--year", "2021",
                          "--quarter", "2", "--out", str(tmp_path / "없는" / "\0.pdf"))
    assert code == 2 and "Traceback" not in err


def test_stats_json_and_excel(demo_db, capsys, tmp_path):
    code, out, _ = run(capsys, "--db", demo_db, "stats", "--year", "2021", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(
        {"category", "target_group", "delivery", "courses", "runs", "selected", "completed"}
        <= set(r) for r in rows)
    assert sum(r["courses"] for r in rows) == 210
    assert not any(r["category"] in ("총계", "소계") for r in rows)
    out_file = tmp_path / "실적.xlsx"
    code, out, _ = run(capsys, "--db", demo_db, "stats", "--year", "2021", "--out", str(out_file))
    assert code == 0 and out_file.exists()
    code, _out, err = run(capsys, "--db", demo_db, "stats", "--year", "2030", "--json")
    assert code == 2 and "2030년 과정이 없습니다" in err
    code, _out, err = run(capsys, "--db", demo_db, "stats", "--year", "2021", "--out",
                          str(tmp_path / "x.txt"))
    assert code == 2 and ".xlsx" in err


def test_pay_sheet_and_ledger_commands(demo_db, capsys, tmp_path):
    out_file = tmp_path / "명세.xlsx"
    code, out, _ = run(capsys, "--db", demo_db, "pay", "sheet", "--run", "2021-118-01", "--out",
                       str(out_file))
    assert code == 0 and "계산했습니다" in out and out_file.exists()
    code, out, _ = run(capsys, "--db", demo_db, "pay", "sheet", "--run", "2021-118-01", "--out",
                       str(tmp_path / "명세.pdf"))
    assert code == 0 and "계산했습니다" not in out
    code, _out, err = run(capsys, "--db", demo_db, "pay", "sheet", "--run", "2021-030-99",
                          "--out", str(out_file))
    assert code == 2 and "기수코드" in err
    code, out, _ = run(capsys, "--db", demo_db, "pay", "ledger", "--year", "2021", "--out",
                       str(tmp_path / "대장.xlsx"))
    assert code == 0


def test_survey_commands(demo_db, capsys, tmp_path):
    import openpyxl

    path = tmp_path / "응답.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["응답 번호", "1. 도움", "5. 전반", "기타 의견"])
    book.active.append(["새-1", 5, 4, "좋았습니다"])
    book.active.append(["새-2", 3, "그렇다", ""])
    book.save(path)
    code, out, _ = run(capsys, "--db", demo_db, "survey", "import", str(path), "--run",
                       "2021-118-01", "--dry-run")
    assert code == 0 and "새 응답 2건" in out and "검사만" in out
    code, out, _ = run(capsys, "--db", demo_db, "survey", "import", str(path), "--run",
                       "2021-118-01")
    assert code == 0 and "새 응답 2건" in out
    code, out, _ = run(capsys, "--db", demo_db, "survey", "import", str(path), "--run",
                       "2021-118-01")
    assert code == 0 and "새 응답 0건, 이미 있음 2건" in out
    book.active.append(["새-3", "최고", 4, ""])
    book.save(path)
    code, _out, err = run(capsys, "--db", demo_db, "survey", "import", str(path), "--run",
                          "2021-118-01")
    assert code == 2 and "행 4, 열 '1. 도움': '최고'" in err
    code, out, _ = run(capsys, "--db", demo_db, "survey", "report", "--run", "2021-118-01",
                       "--out", str(tmp_path / "결과.pdf"))
    assert code == 0 and (tmp_path / "결과.pdf").exists()
    code, _out, err = run(capsys, "--db", demo_db, "survey", "report", "--run", "2021-001-01",
                          "--out", str(tmp_path / "없음.pdf"))
    assert code == 2 and "응답이 없습니다" in err


def test_instructor_commands(demo_db, capsys):
    code, out, _ = run(capsys, "--db", demo_db, "instructor", "list", "--json", "--year", "2021")
    listed = json.loads(out)
    assert code == 0 and len(listed) == 12 and sum(r["periods"] for r in listed) == 167
    assert all("*" in r["phone"] and "*" in r["account"] for r in listed)
    code, out, _ = run(capsys, "--db", demo_db, "instructor", "list")
    assert code == 0 and "강사 12명" in out
    code, out, _ = run(capsys, "--db", demo_db, "instructor", "unmapped")
    assert code == 0 and out == ""


def test_pay_sheet_with_a_bad_file_name_writes_nothing(demo_db, capsys, tmp_path):
    code, _out, err = run(capsys, "--db", demo_db, "pay", "sheet", "--run", "2021-030-01",
                          "--out", str(tmp_path / "명세.txt"))
    assert code == 2 and ".xlsx 또는 .pdf" in err
    code, out, _ = run(capsys, "--db", demo_db, "pay", "sheet", "--run", "2021-030-01", "--out",
                       str(tmp_path / "명세.xlsx"))
    assert "계산했습니다" in out          # the failed try made no sheet
