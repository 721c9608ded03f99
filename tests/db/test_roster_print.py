"""The printed roster: names and titles come back out of the PDF exactly, every font is
embedded, personal data is masked unless the full form is asked for, the header repeats."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from desktop_app.errors import ValidationError
from desktop_app.services import enrollment, masking, roster_print
from tests.factories import ACTOR, make_course_with_run, make_person

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils가 없어 생략합니다 "
                                                       "(.ci/run이 설치합니다)")


def test_masking_shows_no_more_than_needed():
    assert masking.birth_date(date(1985, 3, 2)) == "1985-03-**"
    assert masking.phone("010-1234-5678") == "010-****-5678"
    assert masking.phone("0212345678") == "021***5678"
    assert masking.neis_no("A123456789") == "A123******"
    assert (masking.birth_date(None), masking.phone(None), masking.neis_no("")) == ("", "", "")


def _name(i: int) -> str:
    return "홍" + chr(0xAC00 + i * 28) + chr(0xB098 + i % 19)


def _run(database, people=3):
    _, run_id = make_course_with_run(database, capacity=None,
                                     title="아주 긴 과정명이 들어간 초등 교원 디지털 역량 강화 직무연수")
    ids = [make_person(database, name=_name(i), phone="010-1234-5678",
                       neis_no=f"A{i:09d}", birth_date=date(1985, 3, 2),
                       organization="서울특별시강남서초교육지원청 아주긴이름의학교")
           for i in range(people)]
    with database.session_scope() as s:
        for pid in ids:
            enrollment.enroll(s, run_id, pid, ACTOR)
    return run_id


def _text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@needs_poppler
def test_roster_pdf_text_fonts_masking_and_pages(database, tmp_path):
    run_id = _run(database, people=60)
    masked, full = tmp_path / "masked.pdf", tmp_path / "full.pdf"
    columns = ("birth_date", "phone", "neis_no", "signature")
    with database.read_scope() as s:
        roster_print.print_roster(s, run_id, masked, roster_print.RosterPrint(columns))
        roster_print.print_roster(s, run_id, full, roster_print.RosterPrint(
            columns, full=True, landscape=True))
    text = _text(masked)
    assert "연수생 명단 — 2021-001-01" in text and _name(0) in text and _name(59) in text
    assert "1985-03-**" in text and "010-****-5678" in text and "A000******" in text
    assert "1985-03-02" not in text and "A000000001" not in text
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 2
    assert all("성명" in p and "서울특별시교육청교육연수원" in p for p in pages if p.strip())
    assert "1/3" in pages[0].replace(" ", "")  # "1 / 3"
    full_text = _text(full)
    assert "1985-03-02" in full_text and "010-1234-5678" in full_text
    fonts = subprocess.run(["pdffonts", str(masked)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes yes " in line for line in fonts)


def test_roster_refusals(database, tmp_path):
    _, empty_run = make_course_with_run(database)
    with database.read_scope() as s, pytest.raises(ValidationError) as caught:
        roster_print.print_roster(s, empty_run, tmp_path / "x.pdf", roster_print.RosterPrint())
    assert "선발된 연수생이 없어" in caught.value.message
    run_id = _run(database, people=1)
    with database.read_scope() as s, pytest.raises(ValidationError):
        roster_print.print_roster(s, run_id, tmp_path / "x.pdf",
                                  roster_print.RosterPrint(("address",)))
    with database.read_scope() as s, pytest.raises(ValidationError) as caught:
        roster_print.print_roster(s, run_id, tmp_path / "x.txt", roster_print.RosterPrint())
    assert ".pdf" in caught.value.message
    assert not list(tmp_path.glob("*.part"))


def test_print_roster_command(db_path, tmp_path, capsys):
    from desktop_app.db import open_database
    from tests.db.test_cli import run

    database = open_database(db_path)
    _run(database, people=2)
    database.dispose()
    out = tmp_path / "명단.pdf"
    code, text, _ = run(capsys, "--db", db_path, "print", "roster", "--run", "2021-001-01",
                        "--out", str(out), "--columns", "birth_date,signature", "--landscape")
    assert code == 0 and out.stat().st_size > 1000 and str(out) in text
    code, _, err = run(capsys, "--db", db_path, "print", "roster", "--run", "2021-001-01",
                       "--out", str(tmp_path / "x.pdf"), "--columns", "address")
    assert code == 2 and "알 수 없는 열" in err and not (tmp_path / "x.pdf").exists()


@needs_poppler
def test_signin_sheets_a_page_per_day_or_period(database, tmp_path):
    from desktop_app.services import signin_print, timetable
    from tests.db.test_completion import _periods

    run_id = _run(database, people=3)
    with database.read_scope() as s, pytest.raises(ValidationError) as caught:
        signin_print.print_signin(s, run_id, tmp_path / "x.pdf")
    assert "시간표가 없어" in caught.value.message
    with database.session_scope() as s:
        timetable.save(s, run_id, 0, _periods())   # two days × three periods
    with database.read_scope() as s:
        by_day = signin_print.print_signin(s, run_id, tmp_path / "day.pdf")
        by_period = signin_print.print_signin(s, run_id, tmp_path / "period.pdf", "period")
        with pytest.raises(ValidationError):
            signin_print.print_signin(s, run_id, tmp_path / "x.pdf", "week")
    day_pages = [p for p in _text(by_day).split("\f") if p.strip()]
    assert len(day_pages) == 2 and "출석부 — 2021-05-10 (월)" in day_pages[0]
    assert all(_name(0) in p and "서명" in p for p in day_pages)
    period_pages = [p for p in _text(by_period).split("\f") if p.strip()]
    assert len(period_pages) == 6 and "2021-05-11 (화) 11:00~11:50" in period_pages[-1]


@needs_poppler
def test_training_record_statement(database, tmp_path):
    from desktop_app.services import record_print

    run_id = _run(database, people=1)
    with database.read_scope() as s:
        from desktop_app.services.run_roster import run_roster

        person_id = run_roster(s, run_id).lines[0].person_id
        written = record_print.print_record(s, person_id, tmp_path / "r.pdf", date(2021, 1, 1),
                                            date(2021, 12, 31))
        empty = record_print.print_record(s, person_id, tmp_path / "e.pdf", date(2019, 1, 1),
                                          date(2019, 12, 31))
        with pytest.raises(ValidationError):
            record_print.print_record(s, person_id, tmp_path / "x.pdf", date(2021, 2, 1),
                                      date(2021, 1, 1))
    text = _text(written)
    assert "연수 이력 확인서" in text and _name(0) in text and "1985-03-02" in text
    assert "2021-001-01" in text and "미정" in text
    assert "위와 같이 연수 이력을 확인합니다." in text and "서울특별시교육청교육연수원장" in text
    assert "이 기간에 선발된 연수가 없습니다" in _text(empty)
