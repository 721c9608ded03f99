"""Completion certificates: only completers get one, serials are gap-free and never reused (also
when two PCs issue at once), issuing again reprints, revoking keeps the serial, the ledger holds
a snapshot and the PDF's SHA-256, and verification tells valid, revoked and unknown apart."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import threading
import zipfile
from datetime import date

import pytest
from desktop_app.errors import ValidationError
from desktop_app.models import Certificate, CertificateCounter, Enrollment
from desktop_app.services import (certificate_ledger, certificates, completion, enrollment,
                                  run_files)
from desktop_app.services.enrollment import roster_ids
from tests.factories import ACTOR, make_course_with_run, make_person

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils가 없어 생략합니다 "
                                                       "(.ci/run이 설치합니다)")
YEAR = 2020  # the tests' clock (tests/conftest.py)


def _name(i: int) -> str:
    return "김" + chr(0xAC00 + i * 28) + chr(0xB098 + i % 19)


def _completed_run(database, people=4, completed=3, title="디지털 역량 강화 직무연수"):
    """A run with ``people`` selected trainees, the first ``completed`` (가나다 order) 이수."""
    _, run_id = make_course_with_run(database, capacity=None, title=title, credits=1)
    ids = [make_person(database, name=_name(i), birth_date=date(1985, 3, 2),
                       organization="서울대치초등학교") for i in range(people)]
    with database.session_scope() as s:
        for pid in ids:
            enrollment.enroll(s, run_id, pid, ACTOR)
    with database.session_scope() as s:
        eids = roster_ids(s, run_id)
        names = {r.id: r.name for r in enrollment.roster_rows(s, eids)}
        ordered = sorted(eids, key=lambda e: names[e])
        for eid in ordered[:completed]:
            completion.override(s, eid, "이수", "출석 확인", ACTOR)
        for eid in ordered[completed:]:
            completion.override(s, eid, "미이수", "결석 많음", ACTOR)
    return run_id, ordered


def _issue(database, run_id, path, **kw):
    with database.session_scope() as s:
        return certificates.issue_for_run(s, run_id, path, actor=ACTOR, **kw)


def _text(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _ledger(database, year=YEAR):
    with database.read_scope() as s:
        return certificate_ledger.ledger(s, year)


def test_only_completers_get_gap_free_serials_in_roster_order(database, tmp_path):
    run_id, ordered = _completed_run(database, people=5, completed=3)
    out = tmp_path / "이수증.pdf"
    result = _issue(database, run_id, out)
    assert (result.issued, result.reprinted) == (3, 0)
    assert result.serials == (f"{YEAR}-00001", f"{YEAR}-00002", f"{YEAR}-00003")
    assert out.exists() and not (tmp_path / "이수증.pdf.part").exists()
    lines = _ledger(database)
    assert [line.name for line in lines] == sorted(line.name for line in lines)
    assert [line.serial for line in lines] == list(result.serials)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert {line.pdf_sha256 for line in lines} == {digest} == {result.sha256}
    snapshot = json.loads(_snapshot(database, lines[0].id))
    assert snapshot["name"] == lines[0].name and snapshot["recognition"].endswith("(1학점)")
    assert snapshot["course_title"] == "디지털 역량 강화 직무연수"


def _snapshot(database, certificate_id):
    with database.read_scope() as s:
        return s.get(Certificate, certificate_id).snapshot


def test_issuing_twice_reprints_and_never_makes_a_second_serial(database, tmp_path):
    run_id, _ = _completed_run(database)
    first = _issue(database, run_id, tmp_path / "a.pdf")
    second = _issue(database, run_id, tmp_path / "b.pdf")
    assert (second.issued, second.reprinted) == (0, 3)
    assert second.serials == first.serials
    lines = _ledger(database)
    assert len(lines) == 3 and {line.reprint_count for line in lines} == {1}
    # the same certificates, the same bytes: a reprint can be compared with the original
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_a_later_completer_continues_the_year_and_others_are_reprinted(database, tmp_path):
    run_id, ordered = _completed_run(database, people=4, completed=2)
    _issue(database, run_id, tmp_path / "a.pdf")
    with database.session_scope() as s:
        completion.override(s, ordered[3], "이수", "보충 출석 확인", ACTOR)
    result = _issue(database, run_id, tmp_path / "b.pdf")
    assert (result.issued, result.reprinted) == (1, 2)
    with database.read_scope() as s:
        assert certificates.live_certificates(s, [ordered[3]]) == {ordered[3]: f"{YEAR}-00003"}


def test_revoked_keeps_its_serial_and_reissuing_takes_the_next(database, tmp_path):
    run_id, ordered = _completed_run(database, people=2, completed=2)
    _issue(database, run_id, tmp_path / "a.pdf")
    first = _ledger(database)[0]
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="사유"):
            certificates.revoke(s, first.id, "  ", actor=ACTOR)
    with database.session_scope() as s:
        assert certificates.revoke(s, first.id, "생년월일 오기", actor=ACTOR) == first.serial
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="이미 발급이 취소"):
            certificates.revoke(s, first.id, "다시", actor=ACTOR)
    result = _issue(database, run_id, tmp_path / "b.pdf")
    assert (result.issued, result.reprinted) == (1, 1)
    lines = _ledger(database)
    assert [(line.serial, line.state) for line in lines] == [
        (f"{YEAR}-00001", "취소"), (f"{YEAR}-00002", "유효"), (f"{YEAR}-00003", "유효")]
    assert lines[0].revoke_reason == "생년월일 오기" and lines[0].name == lines[2].name
    with database.read_scope() as s:
        assert certificates.verify(s, lines[0].serial, lines[0].code).status == "취소"
        valid = certificates.verify(s, f"제 {lines[2].serial} 호", lines[2].code.lower())
        assert valid.status == "유효" and valid.name == lines[2].name
        assert certificates.verify(s, lines[2].serial, "AAAA-AAAA").status == "확인 불가"
        assert certificates.verify(s, f"{YEAR}-09999", lines[2].code).status == "확인 불가"
        assert "형식" in certificates.verify(s, "아무거나", "x").message
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="취소된 이수증"):
            certificates.reprint(s, [lines[0].id], tmp_path / "c.pdf", actor=ACTOR)


def test_a_failed_or_cancelled_issue_uses_no_serial_and_leaves_no_file(database, tmp_path):
    run_id, _ = _completed_run(database)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ValidationError, match="파일을 쓸 수 없습니다"):
        _issue(database, run_id, blocker / "a.pdf")
    with pytest.raises(ValidationError, match="취소했습니다"):
        _issue(database, run_id, tmp_path / "b.pdf", progress=lambda pct, _t: pct < 50)
    assert not list(tmp_path.glob("*.pdf*"))
    with pytest.raises(ValidationError, match=r"\.pdf로 끝나야"):
        _issue(database, run_id, tmp_path / "b.txt")
    assert _ledger(database) == []
    with database.read_scope() as s:
        counter = s.get(CertificateCounter, YEAR)
        assert counter is None or counter.last_number == 0
    assert _issue(database, run_id, tmp_path / "c.pdf").serials[0] == f"{YEAR}-00001"


def test_nobody_completed_and_non_completers_are_refused(database, tmp_path):
    run_id, ordered = _completed_run(database, people=2, completed=0)
    with pytest.raises(ValidationError, match="이수한 연수생이 없어"):
        _issue(database, run_id, tmp_path / "a.pdf")
    with pytest.raises(ValidationError, match="이수하지 않은 연수생"):
        _issue(database, run_id, tmp_path / "a.pdf", enrollment_ids=[ordered[0]])


def test_a_certified_completion_cannot_be_taken_back_until_revoked(database, tmp_path):
    run_id, ordered = _completed_run(database, people=2, completed=2)
    _issue(database, run_id, tmp_path / "a.pdf")
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="발급대장에서 그 이수증의 발급을 취소"):
            completion.override(s, ordered[0], "미이수", "재확인", ACTOR)
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="이수증이 발급된 연수생"):
            enrollment.cancel(s, ordered[0], ACTOR, "본인 요청")
    line = _ledger(database)[0]
    with database.session_scope() as s:
        certificates.revoke(s, line.id, "이수 재확인", actor=ACTOR)
    with database.session_scope() as s:
        completion.override(s, ordered[0], "미이수", "재확인", ACTOR)


def test_rule_made_completion_is_guarded_against_changed_inputs(database, tmp_path):
    run_id, ordered = _completed_run(database, people=1, completed=0)
    with database.session_scope() as s:
        e = s.get(Enrollment, ordered[0])
        e.completion, e.completion_manual = "이수", False  # as the rule decides it
    _issue(database, run_id, tmp_path / "a.pdf")
    with database.session_scope() as s:
        with pytest.raises(ValidationError, match="점수가 바뀜"):
            run_files.set_score(s, ordered[0], 50, ACTOR)


def test_zip_holds_one_pdf_per_trainee_and_the_ledger_each_ones_hash(database, tmp_path):
    run_id, _ = _completed_run(database, people=3, completed=3)
    out = tmp_path / "이수증.zip"
    result = _issue(database, run_id, out, as_zip=True)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        hashes = {n.split("_")[0]: hashlib.sha256(archive.read(n)).hexdigest() for n in names}
    assert [n.split("_")[0] for n in names] == list(result.serials)
    assert all(n.endswith(".pdf") and "_김" in n for n in names)
    assert {line.serial: line.pdf_sha256 for line in _ledger(database)} == hashes


def test_two_pcs_issuing_at_once_get_distinct_gap_free_serials(database, tmp_path):
    runs = [_completed_run(database, people=6, completed=6, title=f"동시 발급 {i}")[0]
            for i in range(2)]
    start = threading.Barrier(2)
    results, errors = [], []

    def desk(run_id, n):
        try:
            start.wait(timeout=10)
            results.append(_issue(database, run_id, tmp_path / f"{n}.pdf"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(r, n)) for n, r in enumerate(runs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    serials = sorted(s for r in results for s in r.serials)
    assert serials == [f"{YEAR}-{n:05d}" for n in range(1, 13)]
    # each PC's serials are one block: the counter was held for the whole issue
    for r in results:
        numbers = [int(s.split("-")[1]) for s in r.serials]
        assert numbers == list(range(numbers[0], numbers[0] + 6))


@needs_poppler
def test_certificate_text_fonts_and_both_layouts(database, tmp_path):
    long_title = ("일반직공무원 생애주기 입직기(8~9급) 기본역량(세밀한 일처리,유연하고 감성적 인지력, "
                  "열정마인드)")
    run_id, _ = _completed_run(database, people=1, completed=1, title=long_title)
    for layout in ("formal", "modern"):
        out = tmp_path / f"{layout}.pdf"
        with database.session_scope() as s:
            if layout == "modern":
                certificates.revoke(s, _ledger(database)[0].id, "서식 바꿈", actor=ACTOR)
            certificates.issue_for_run(s, run_id, out, actor=ACTOR, layout=layout)
        text = _text(out)
        line = [x for x in _ledger(database) if x.state == "유효"][0]
        assert f"제 {line.serial} 호" in text and line.name in text and line.code in text
        assert long_title.replace(" ", "") in text.replace(" ", "").replace("\n", "")
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert fonts and all(" yes yes " in f for f in fonts)
        assert ("NanumMyeongjo" in "".join(fonts)) == (layout == "formal")


def test_ledger_exports_and_prints(database, tmp_path):
    run_id, _ = _completed_run(database)
    _issue(database, run_id, tmp_path / "a.pdf")
    with database.read_scope() as s:
        xlsx = certificate_ledger.export_ledger(s, YEAR, tmp_path / "대장.xlsx")
        pdf = certificate_ledger.print_ledger(s, YEAR, tmp_path / "대장.pdf")
        assert certificate_ledger.years(s) == [YEAR]
        found = certificate_ledger.ledger(s, YEAR, search=_name(1))
    from openpyxl import load_workbook
    sheet = load_workbook(xlsx).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("발급번호", "상태", "성명") and len(rows) == 4
    assert rows[1][0] == f"{YEAR}-00001" and len(rows[1][-1]) == 64
    assert pdf.exists() and [line.name for line in found] == [_name(1)]


def test_a_snapshot_damaged_outside_the_program_is_refused_not_a_crash(database, tmp_path):
    run_id, _ = _completed_run(database, people=1, completed=1)
    _issue(database, run_id, tmp_path / "a.pdf")
    line = _ledger(database)[0]
    with database.session_scope() as s:
        s.get(Certificate, line.id).snapshot = "{broken"
    assert _ledger(database)[0].serial == line.serial  # still listed
    with pytest.raises(ValidationError, match="손상"):
        _issue(database, run_id, tmp_path / "b.pdf")
    with database.read_scope() as s:
        assert certificates.verify(s, line.serial, line.code).status == "유효"
