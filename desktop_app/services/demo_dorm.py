"""The demo's dormitory and its lodged run.

The 2021 plan says the institute has a dormitory building (숙소동) with two rooms for trainees
with physical disabilities, and nothing more: the 90 rooms and 180 beds here (two accessible
rooms on the ground floor) are invented, and the demo notice says so.  The 초등 1급 정교사
자격연수 run of July (2021-118-07) gets 80 invented trainees of both genders as selected, three
of them with a recorded need, and a stay each; the desk assigns the beds (one click).
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..models import CourseRun, DormRoom, Stay
from . import dorm
from .demo_finished import _enrol, _free_people

LODGED_RUN = "2021-118-07"
LODGED_PEOPLE = 80


def _rooms() -> list[dict]:
    rooms = [dict(code=f"D1{n:02d}", floor=1, beds=2, accessible=n <= 2, active=True,
                  note="데모: 가상 객실" + (" · 장애인 전용" if n <= 2 else "")) for n in range(1, 11)]
    rooms += [dict(code=f"D{floor}{n:02d}", floor=floor, beds=2, accessible=False, active=True,
                   note="데모: 가상 객실") for floor in range(2, 6) for n in range(1, 21)]
    return rooms


def load(session: Session, actor: str) -> tuple[int, int]:
    """Seed the dormitory and fill the July run; returns (rooms, stays)."""
    rooms = _rooms()
    session.execute(insert(DormRoom), rooms)
    run = session.scalar(select(CourseRun).where(CourseRun.code == LODGED_RUN))
    if run is None or not run.lodging:
        return len(rooms), 0
    _enrol(session, run, _free_people(session, LODGED_PEOPLE), actor)
    made, _left_out = dorm.create_stays_for_run(session, run.id)
    needs = (dorm.ACCESSIBLE, dorm.ACCESSIBLE, dorm.GROUND)
    stays = list(session.scalars(select(Stay).where(Stay.run_id == run.id).order_by(Stay.id)))
    for stay, need in zip(stays[::25], needs):   # spread over the list, recorded, not guessed
        stay.need = need
    session.flush()
    return len(rooms), made
