"""The demo's instructors: twelve of the demo's invented teachers (a teacher may also teach
other teachers; one record per human) given an instructor's profile through the same services
the office uses — grades, a few in the 2021 excellent pool, one met before the course — and put
in the finished runs' timetables, one instructor a day (never in a run they attend), so the
강사 page has periods and hours to show."""

from __future__ import annotations

import random
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Enrollment, Person

from . import instructors, timetable
from .instructors import InstructorProfile
from .timetable import PeriodRow

FIELDS = ("수업혁신", "교육과정", "학생 상담", "인권·평화", "디지털 교육", "학교 행정", "독서·인문",
          "안전교육")
NOTE = "데모 자료 (가상 강사)"
COUNT = 12


def load(session: Session, run_ids: list[int], rng: random.Random) -> int:
    """Make instructors of invented teachers and teach the runs; returns how many."""
    attending = select(Enrollment.person_id).where(Enrollment.run_id.in_(run_ids))
    people = list(session.execute(
        select(Person.id, Person.name).where(Person.employee_kind == "교원",
                                             Person.id.not_in(attending))
        .order_by(Person.id).limit(COUNT)))
    made = []
    for n, (person_id, name) in enumerate(people):
        excellent = n % 4 == 0
        made.append(instructors.register(session, InstructorProfile(
            fields=FIELDS[n % len(FIELDS)], pay_grade=instructors.PAY_GRADES[n % 4],
            bank_name="가상은행", bank_account=f"000-{n:02d}-{rng.randint(100000, 999999)}",
            account_holder=name, excellent=excellent, excellent_year=2021 if excellent else None,
            excellent_reason="2020년 만족도 상위 (가상)" if excellent else "",
            meeting_notes="연수 목표와 평가 방식 협의 (가상)" if n == 0 else "", note=NOTE),
            person_id=person_id))
    if not made:
        return 0    # a demo without invented people (the benchmarks' big database)
    labels = dict(instructors.choices(session))
    for number, run_id in enumerate(run_ids):
        table = timetable.load(session, run_id)
        days = sorted({p.date for p in table.periods})
        teacher = {day: labels[made[(number * 3 + i) % len(made)]] for i, day in enumerate(days)}
        rows = [PeriodRow(p.date, p.start, p.end, p.subject, teacher[p.date], p.room)
                for p in table.periods]
        timetable.save(session, run_id, table.version, rows)
    return len(made)
