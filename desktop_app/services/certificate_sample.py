"""A sample certificate (견본) in a chosen layout, with invented values and the longest course
title of the plan, so the office sees how a layout prints before any trainee's paper does."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.orm import Session

from .. import paths
from ..reports.certificate_pdf import CertificateFace, write_certificates
from ..reports.files import discard, partial_path, write_failed
from . import certificate_layouts, clock
from . import settings as settings_service

SAMPLE_TITLE = ("일반직공무원 생애주기 입직기(8~9급) 기본역량(세밀한 일처리,유연하고 감성적 인지력, "
                "열정마인드)")


def write_sample(session: Session, path: Path, layout: str | None = None, *,
                 head_title: str | None = None, seal: bytes | None = None) -> Path:
    """Write one sample page to ``path``; the stored head title and seal unless given."""
    template = certificate_layouts.layout(session, layout)
    today = clock.today(session)
    values = {
        "serial": f"{today.year}-00000", "code": "ABCD-EFGH", "name": "홍길동 (견본)",
        "birth_date": "1985. 3. 2.", "organization": "서울특별시교육청 ○○초등학교",
        "position": "교사", "course_title": SAMPLE_TITLE, "run_code": f"{today.year}-000-01",
        "period": f"{today.year}. 3. 2. ~ {today.year}. 3. 5.", "hours": "15시간",
        "credits": "1학점", "recognition": "15시간 (1학점)",
        "issued_on": f"{today.year}년 {today.month}월 {today.day}일",
        "institute": settings_service.get(session, "institute_name"),
        "head_title": head_title or settings_service.get(session, "head_title")}
    path = Path(path)
    partial = partial_path(path, ".pdf")
    try:
        write_certificates(str(partial), template,
                           [CertificateFace(values, f"YEONSU-CERT:{values['serial']}:SAMPLE")],
                           paths.resources_dir() / "fonts",
                           seal=seal if seal is not None else certificate_layouts.seal(session),
                           institute=values["institute"], printed_on=today, title="이수증 견본")
        os.replace(partial, path)
    except OSError as exc:
        discard(partial)
        raise write_failed(path, exc) from exc
    return path
