"""Bench of the completion certificates: 1,000 issued into one PDF (serials, snapshots, ledger
rows, the file and its SHA-256) beside a bare ReportLab loop drawing the same strings with the
same fonts, the same seal and the same QR codes on one canvas, in the same process."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import update

from rosters import _database

COUNT = 1_000


def _completed_database(folder: Path):
    from desktop_app.models import Enrollment
    from desktop_app.services import certificate_layouts, clock
    from desktop_app import paths

    database, run_id = _database(folder, COUNT)
    with clock.fixed(date(2021, 6, 15)), database.session_scope() as s:
        s.execute(update(Enrollment).values(completion="이수", recognised_minutes=15 * 60,
                                            completed_on=date(2021, 3, 20)))
        certificate_layouts.set_seal(s, paths.resources_dir() / "demo" / "seal_sample.png")
    database.dispose()
    return folder / "bench.sqlite3", run_id


def _bare_loop(out: Path, faces: list[dict], seal: bytes, text_only: bool) -> None:
    from io import BytesIO

    import segno
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from desktop_app.reports.fonts import GOTHIC, MYEONGJO, MYEONGJO_BOLD

    canvas = Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1)
    canvas.beginForm("seal")  # the seal stored once, placed on every page
    canvas.drawImage(ImageReader(BytesIO(seal)), 153 * mm, 40 * mm, 24 * mm, 24 * mm,
                     mask="auto")
    canvas.endForm()
    for number, v in enumerate(faces, start=1):
        strings = [(MYEONGJO, 12, f"제 {v['serial']} 호"), (MYEONGJO_BOLD, 40, "이 수 증")]
        for label, key in (("성명", "name"), ("생년월일", "birth_date"), ("소속", "organization"),
                           ("과정명", "course_title"), ("연수기간", "period"),
                           ("이수시간", "recognition")):
            strings += [(MYEONGJO, 15, label), (MYEONGJO, 15, " : "), (MYEONGJO, 15, v[key])]
        strings += [(MYEONGJO, 16, "위 사람은 본 연수원에서 실시한 위의 연수 과정을 성실히"),
                    (MYEONGJO, 16, "이수하였으므로 이 증서를 수여합니다."),
                    (MYEONGJO, 14, v["issued_on"]), (MYEONGJO_BOLD, 22, v["head_title"]),
                    (MYEONGJO, 8, f"확인코드 {v['code']}"), (MYEONGJO, 8, f"발급번호 {v['serial']}"),
                    (GOTHIC, 7, f"{v['institute']} · 출력일 2021-06-15 · {number} / {len(faces)}")]
        y = 270 * mm
        for font, size, text in strings:
            canvas.setFont(font, size)
            canvas.drawString(30 * mm, y, text)
            y -= 9 * mm if y > 40 * mm else 0
        if not text_only:
            canvas.doForm("seal")
            matrix = segno.make_qr(f"YEONSU-CERT:{v['serial']}:{v['code']}", error="m",
                                   mask=0).matrix
            n = len(matrix)
            runs = []
            for r, cells in enumerate(matrix):
                start = None
                for c, dark in enumerate((*cells, 0)):
                    if dark and start is None:
                        start = c
                    elif not dark and start is not None:
                        runs.append(f"{start} {n - 1 - r} {c - start} 1 re")
                        start = None
            canvas.saveState()
            canvas.translate(24 * mm, 20 * mm)
            canvas.scale(19 * mm / n, 19 * mm / n)
            canvas.addLiteral("\n".join(runs) + "\nf")
            canvas.restoreState()
        canvas.showPage()
    canvas.save()


def certificates_1000(row, median_ms) -> list[dict]:
    """Issue 1,000 certificates (new serials each time, from a fresh copy of the database)."""
    from desktop_app.db import open_database
    from desktop_app.models import Certificate
    from desktop_app.services import certificate_layouts, certificates, clock

    folder = Path(tempfile.mkdtemp(prefix="yeonsu-bench-cert-"))
    template, run_id = _completed_database(folder)
    out = folder / "certificates.pdf"
    counter = iter(range(100))

    def ours() -> None:
        copy = folder / f"copy{next(counter)}.sqlite3"
        shutil.copy(template, copy)
        database = open_database(copy)
        with clock.fixed(date(2021, 6, 15)):
            with database.session_scope() as s:
                result = certificates.issue_for_run(s, run_id, out, actor="bench")
        database.dispose()
        assert result.issued == COUNT

    total = median_ms(ours, 3)
    size = out.stat().st_size
    database = open_database(folder / "copy0.sqlite3")
    with database.read_scope() as s:
        faces = [json.loads(c.snapshot) for c in s.query(Certificate).order_by(Certificate.number)]
        seal = certificate_layouts.seal(s)
    database.dispose()
    bare = median_ms(lambda: _bare_loop(folder / "bare.pdf", faces, seal, False), 3)
    text_only = median_ms(lambda: _bare_loop(folder / "bare_text.pdf", faces, seal, True), 3)
    shutil.rmtree(folder, ignore_errors=True)
    per_page = size / 1024 / COUNT
    return [
        row("이수증 1,000장 발급 (PDF 한 파일)", total, bare, 3000,
            note=f"{size / 1024:,.0f} KB, 장당 {per_page:.1f} KB (≤60); floor: 같은 글·글꼴·직인·QR을 "
                 f"캔버스에 바로 그리기 (글만: {text_only:,.0f} ms, {total / text_only:.2f}×)"),
        row("이수증 장당 크기", per_page, None, 60, unit="KB"),
    ]
