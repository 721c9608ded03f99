"""The demo's satisfaction answers: invented (가상) responses for its finished runs — most of
the selected trainees answering, mostly 4 and 5, a few comments — written through the same
import the office uses (a form's export as rows)."""

from __future__ import annotations

import random

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..excel.reader import SheetRows
from ..models import CourseRun, Enrollment
from . import surveys
from .enrollment import SELECTED

COMMENTS = ("현장에 바로 쓸 수 있는 내용이라 좋았습니다 (가상)", "실습 시간이 더 있으면 좋겠습니다 (가상)",
            "강의실이 조금 추웠습니다 (가상)", "사례 중심 강의가 유익했습니다 (가상)")


def load(session: Session, run_ids: list[int], rng: random.Random) -> int:
    """Invent and import answers for ``run_ids``; returns the responses added."""
    added = 0
    for run_id in run_ids:
        run = session.get(CourseRun, run_id)
        asked = surveys.questions(session, run_id)
        selected = session.scalar(select(func.count()).where(Enrollment.run_id == run_id,
                                                             Enrollment.status == SELECTED))
        rows = [["응답 번호", *asked, "기타 의견"]]
        for n in range(int(selected * rng.uniform(0.7, 0.95))):
            scores = [rng.choices((5, 4, 3, 2), weights=(55, 33, 9, 3))[0] for _ in asked]
            comment = rng.choice(COMMENTS) if rng.random() < 0.25 else None
            rows.append([f"가상-{run.code}-{n + 1:03d}", *scores, comment])
        found = surveys.plan_import(session, run_id, SheetRows("응답", 1, rows))
        added += surveys.apply_import(session, found, "데모 자료 (가상 응답)")
    return added
