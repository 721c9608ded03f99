"""The demo database: the institute's real 2021 plan, plus invented trainees.

Courses and department targets come from ``resources/demo/courses.csv`` (a copy of the plan
extracted from the 2021 work report) with their figures unchanged: every ``course`` row becomes
a course whose planned runs (N과정) become runs in the months of its schedule text, the planned
people shared out as capacities; ``target_summary`` rows become department targets, shown beside
the courses and never added to them.

The plan gives months, not days, so each run's days are **invented** inside its plan months
(see :func:`run_days` and :func:`.schedule_text.date_runs`): working days only (Monday–Friday,
no Korean public holiday), as many as the course's hours need at 6 a day, runs of one course
spread through the month; in-person 자격연수 runs lodge.  Each run's note names its plan months
and says the days (and lodging) are invented; the course keeps its schedule text.

Everything about people is **invented** (가상) too: names, schools, NEIS numbers, phones and the
few enrolments that make the screens show a working roster.  The screens say so.
"""

from __future__ import annotations

import csv
import json
import math
import random
import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from .. import paths
from ..db import unaudited_writes
from ..errors import ValidationError
from ..models import (Course, CourseRun, DepartmentTarget, Enrollment, Organization, Person,
                      Setting, now)
from . import (audit, budget, certificate_layouts, clock, demo_budget, demo_dorm, demo_finished,
               demo_instructors, demo_notes, demo_rooms, demo_surveys, enrollment, reference)
from .holiday_calendar import korean_holidays
from . import settings as settings_service
from .courses import CourseFields, validate_fields
from .schedule_text import MonthSpan, date_runs, month_text, parse_schedule, plan_runs

DEMO_YEAR = 2021
DEMO_ACTOR = "데모 자료"
DEMO_KEY = "demo_loaded"
DEMO_NOTICE = ("데모 자료: 과정·기수는 2021년 주요업무계획 그대로이고, 기수 날짜(계획 월 안의 평일)·숙박과 "
               "연수생·소속·신청·출결·점수·이수 내역, 강의실·숙소 객실과 예약은 가상입니다.")

_CATEGORY = {
    "자격연수": "자격연수", "직무연수": "직무연수", "특별연수": "특별연수", "원격연수": "원격연수",
    "자율연수": "자율연수", "교육": "교육훈련", "원격교육": "교육훈련", "아카데미": "교육훈련",
    "강의": "교육훈련", "워크숍": "직무연수", "캠프": "직무연수",
}
# Civil servants' basic training (신규 임용·승진자 기본교육) is counted as 기본 in the yearly
# statistics; the plan does not label it, so the demo reads it from the title.
_BASIC_TRAINING = ("승진자 교육", "승진예정자 교육", "신규공무원")
_OTHER_TAGS = {"행지": "행정지원과", "초·중등": "초등교원연수부", "행지/기평": "기획평가부"}


@dataclass(frozen=True)
class DemoSummary:
    """What the demo load added."""

    courses: int
    runs: int
    targets: int
    persons: int
    enrollments: int
    rooms: int = 0
    dorm_rooms: int = 0
    lodged: int = 0                      # stays of the July 1급 정교사 자격연수 run
    booked_runs: int = 0
    unplaced_runs: tuple[str, ...] = ()   # in-person runs no room was free for


def is_loaded(session: Session) -> bool:
    return session.get(Setting, DEMO_KEY) is not None


def is_empty(session: Session) -> bool:
    """True when the database has no courses and no people (first start)."""
    return not session.scalar(select(func.count(Course.id))) and not session.scalar(
        select(func.count(Person.id)))


def _department(tag: str) -> str:
    return reference.DEPT_TAGS.get(tag) or _OTHER_TAGS.get(tag) or tag


def _hours(notes: str) -> int | None:
    """Hours per run where the plan states them (civil-servant life-cycle courses)."""
    for pattern in (r"(\d+)h×", r"(\d+)h per 기", r"\b(\d+)h\b"):
        match = re.search(pattern, notes)
        if match:
            return int(match.group(1))
    return None


def _int(text: str) -> int | None:
    text = (text or "").strip().replace(",", "")
    return int(text) if text.isdigit() else None


def _read_plan() -> list[dict[str, str]]:
    path = paths.resources_dir() / "demo" / "courses.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _course_fields(row: dict[str, str], credit_hours: int) -> CourseFields:
    category = _CATEGORY.get(row["course_type"], "직무연수")
    if category == "교육훈련" and any(words in row["title"] for words in _BASIC_TRAINING):
        category = "기본교육"
    hours = _hours(row["notes"])  # read from the table's own note, before it is translated
    # The table's notes are the analysts' (often English); users see them in Korean only.
    note = demo_notes.korean(row["notes"])
    notes = [note] if note else []
    if row["course_type"] and _CATEGORY.get(row["course_type"]) != row["course_type"]:
        notes.append(f"원문 연수종별: {row['course_type']}")
    flag = demo_notes.korean(row["flag_basis"], demo_notes.FLAG_BASIS)
    if flag:
        notes.append(f"원문 표기: {flag}")
    notes.append(f"출처: 2021 주요업무보고 {row['source_line']}행")
    return CourseFields(
        year=DEMO_YEAR, title=row["title"], category=category,
        target_group=row["target_group"] or row["dept_tag"],
        department=_department(row["dept_tag"]),
        delivery="원격" if row["delivery"] == "원격" else "집합",
        hours=hours,
        credits=hours // credit_hours if hours and category == "직무연수" else None,
        min_attendance_pct=90, min_score=60 if category == "자격연수" else None,
        plan_task_code=row["task_code"], planned_runs=_int(row["course_count"]),
        planned_people=_int(row["planned_people"]), schedule_text=row["schedule"],
        is_new=row["is_new"] == "1", is_expanded=row["is_expanded"] == "1",
        notes="\n".join(notes))


# How many working days a demo run takes when the plan gives no hours: a 자격연수 three weeks
# (15 days, 90 hours), a 직무연수 three days (15 hours, one credit), civil-servant training and the
# rest two days; a 특별연수 (학습연구년) runs through its plan months.  A remote run (원격) is a
# three-week study period whatever its hours.  Known hours give ceil(hours / 6) days.
HOURS_PER_DAY = 6
REMOTE_DAYS = 15
DEFAULT_DAYS: dict[str, int | None] = {"자격연수": 15, "직무연수": 3, "특별연수": None}
OTHER_DAYS = 2
INVENTED_DATES = "일정은 계획 월 안에서 임의로 정한 가상 날짜"
INVENTED_APPLY = "신청 기간은 시작 4주 전부터 1주 전까지로 정한 가상 기간"
APPLY_OPENS = timedelta(days=28)  # before the start: the invented application period
APPLY_CLOSES = timedelta(days=7)
APPLIED_BEFORE = timedelta(days=21)  # when invented trainees applied, before their run
#: The demo's "today" (기준일): mid-year, so the plan has runs in every phase.
DEMO_TODAY = date(DEMO_YEAR, 6, 15)
INVENTED_LODGING = "숙박은 데모용 가상 설정"


def run_days(category: str, delivery: str, hours: int | None) -> int | None:
    """Working days of a demo run (None: every working day of its plan months)."""
    if delivery == "원격":
        return REMOTE_DAYS
    if hours:
        return math.ceil(hours / HOURS_PER_DAY)
    return DEFAULT_DAYS.get(category, OTHER_DAYS)


def _run_dicts(course_id: int, code: str, row: dict[str, str], fields: CourseFields,
               fallback: str, holidays: Container[date]) -> list[dict]:
    spans = parse_schedule(row["schedule"], DEMO_YEAR)
    note = ""
    if not spans:
        spans = parse_schedule(fallback, DEMO_YEAR) or [MonthSpan((DEMO_YEAR, 1),
                                                                    (DEMO_YEAR, 12))]
        shown = row["schedule"] or "없음"
        note = f"계획서 일정({shown})이 정해지지 않아 부서 목표 일정 '{fallback or '연중'}'으로 임시 지정"
    count = _int(row["course_count"]) or 1
    days = run_days(fields.category, fields.delivery, fields.hours)
    # Seeded by the plan row, so every load (and every test) gets the same days.
    rng = random.Random(f"{DEMO_YEAR}:{row['course_id']}")
    dated = date_runs(plan_runs(spans, count), days, holidays, rng)
    people = _int(row["planned_people"])
    capacities: list[int | None]
    if people is None:
        capacities = [None] * count
    else:
        base, extra = divmod(people, count)
        capacities = [base + (1 if i < extra else 0) for i in range(count)]
    stamp = now()
    out = []
    for seq, (run, capacity) in enumerate(zip(dated, capacities, strict=True), start=1):
        lodging = fields.category == "자격연수" and fields.delivery == "집합" and run.days > 1
        parts = [run.label, note, f"계획 월: {month_text(run.months)}",
                 f"{INVENTED_DATES}({run.days}일)", INVENTED_APPLY,
                 INVENTED_LODGING if lodging else ""]
        out.append(dict(
            course_id=course_id, seq=seq, code=f"{code}-{seq:02d}", start_date=run.start,
            end_date=run.end, capacity=capacity, apply_start=run.start - APPLY_OPENS,
            apply_end=run.start - APPLY_CLOSES, venue="",
            lodging=lodging, status="개설", closed_reason=None, closed_at=None,
            note=" · ".join(p for p in parts if p), selected_count=0, applied_count=0,
            waitlist_count=0, waitlist_seq=0, timetable_version=0, version=1, created_at=stamp,
            updated_at=stamp))
    return out


# ---------------------------------------------------------------- invented people

_SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌"
_GIVEN = ("민준 서준 도윤 예준 시우 하준 주원 지호 지후 준우 준서 건우 도현 현우 지훈 우진 선우 서진 민재 "
          "현준 연우 유준 정우 승우 승현 시윤 준혁 은우 지환 승민 서연 서윤 지우 서현 민서 하은 하윤 윤서 "
          "지유 지민 채원 지아 수아 다은 은서 예은 수빈 소율 예린 지안 혜진 미경 영희 정희 수진 은정 "
          "성민 경호 상훈 동현 재원 태희 보람 한결 다솜 새롬").split()
_SCHOOL_NAMES = ("한빛 푸른솔 새싹 느티 가온 다솜 미르 누리 햇살 바른 꿈빛 별빛 온새미 늘푸른 라온 "
                 "솔빛 한울 고운 새날 하늘빛 맑은샘 너른 큰나무 봄빛 은빛").split()
_OFFICES = ("동부", "서부", "남부", "북부", "중부", "강동송파", "강서양천", "강남서초", "동작관악",
            "성동광진", "성북강북")
_POSITIONS = {"교원": ("교사", "수석교사", "교감", "교장"), "교육전문직원": ("장학사", "연구사"),
              "지방공무원": ("주무관", "주무관", "행정실장", "사무관"),
              "교육공무직원": ("교무실무사", "조리사", "돌봄전담사")}


def _run_id(session: Session, code: str) -> int | None:
    return session.scalar(select(CourseRun.id).where(CourseRun.code == code))


def _invented_people(rng: random.Random, count: int) -> tuple[list[dict], list[dict]]:
    orgs = [dict(name=f"서울{n}{level}", kind="학교", region=f"{rng.choice(_OFFICES)}교육지원청",
                 version=1)
            for n in _SCHOOL_NAMES for level in ("초등학교", "중학교", "고등학교")]
    orgs += [dict(name=f"서울특별시{o}교육지원청", kind="교육지원청", region=f"{o}교육지원청",
                  version=1) for o in _OFFICES]
    used_neis: set[str] = set()
    people = []
    stamp = now()
    for i in range(count):
        kind = rng.choices(list(_POSITIONS), weights=(70, 5, 18, 7))[0]
        while True:
            neis = f"{rng.choice('ABCDEFGHJK')}{rng.randrange(10**9):09d}"
            if neis not in used_neis:
                used_neis.add(neis)
                break
        people.append(dict(
            name=rng.choice(_SURNAMES[:40]) + rng.choice(_GIVEN),
            birth_date=date(rng.randint(1962, 1998), rng.randint(1, 12), rng.randint(1, 28)),
            gender=rng.choice("남여"), neis_no=neis if kind in ("교원", "교육전문직원") else None,
            employee_kind=kind, position=rng.choice(_POSITIONS[kind]),
            organization_index=rng.randrange(len(orgs)),
            phone=f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}", email=None,
            note="가상 인물 (데모)", merged_into_id=None, version=1, created_at=stamp,
            updated_at=stamp))
    return orgs, people


# ---------------------------------------------------------------- loading


def load(session: Session, progress: Callable[[int, str], bool] | None = None,
         persons: int = 600) -> DemoSummary:
    """Fill an empty database with the demo year.  ``progress(percent, text)`` may return
    False to cancel (the caller then rolls back).

    A data load, not someone's work: the trail gets one row saying so, not one per record."""
    with unaudited_writes(session):
        summary = _load(session, progress, persons)
    audit.record(session, "자료 넣기", what=f"데모 자료 {DEMO_YEAR}년: 과정 {summary.courses}개, "
                 f"기수 {summary.runs}개, 가상 연수생 {summary.persons}명")
    return summary


def _load(session: Session, progress: Callable[[int, str], bool] | None,
          persons: int) -> DemoSummary:

    def step(percent: int, text: str) -> None:
        if progress is not None and progress(percent, text) is False:
            raise ValidationError("데모 자료 불러오기를 취소했습니다.")

    if not is_empty(session):
        raise ValidationError("데이터베이스에 이미 과정이나 연수생이 있어 데모 자료를 넣을 수 없습니다. "
                              "빈 데이터베이스에서 하십시오.")
    step(0, "2021년 계획 읽는 중")
    plan = _read_plan()
    credit_hours = settings_service.get(session, "credit_hours")
    targets = [r for r in plan if r["row_kind"] == "target_summary"]
    fallback = {(r["task_code"], r["dept_tag"]): r["schedule"] for r in targets}
    session.execute(insert(DepartmentTarget), [dict(
        year=DEMO_YEAR, task_code=r["task_code"], dept_tag=r["dept_tag"],
        department=_department(r["dept_tag"]), title=r["title"],
        planned_runs=_int(r["course_count"]), planned_people=_int(r["planned_people"]),
        schedule_text=r["schedule"], source_ref=r["course_id"]) for r in targets])
    step(10, "과정 만드는 중")
    course_rows = [r for r in plan if r["row_kind"] == "course"]
    holidays = korean_holidays(range(DEMO_YEAR - 1, DEMO_YEAR + 3))
    stamp = now()
    run_dicts: list[dict] = []
    for number, row in enumerate(course_rows, start=1):
        f = validate_fields(_course_fields(row, credit_hours))
        code = f"{DEMO_YEAR}-{number:03d}"
        values = {k: getattr(f, k) for k in CourseFields.__dataclass_fields__}
        course_id = session.execute(insert(Course).values(
            code=code, status="운영", dept_tag=row["dept_tag"], source_ref=row["course_id"],
            version=1, created_at=stamp, updated_at=stamp, **values)
            .returning(Course.id)).scalar_one()
        run_dicts.extend(_run_dicts(course_id, code, row, f,
                                    fallback.get((row["task_code"], row["dept_tag"]), ""),
                                    holidays))
    step(35, "기수 만드는 중")
    session.execute(insert(CourseRun.__table__), run_dicts)
    step(50, "가상 연수생 만드는 중")
    rng = random.Random(DEMO_YEAR)
    orgs, people = _invented_people(rng, persons)
    session.execute(insert(Organization.__table__), orgs)
    org_ids = dict(session.execute(select(Organization.name, Organization.id)).all())
    for person in people:
        person["organization_id"] = org_ids[orgs[person.pop("organization_index")]["name"]]
    if people:
        session.execute(insert(Person.__table__), people)
    step(65, "가상 신청 내역 만드는 중")
    enrolled = _invented_enrollments(session, rng)
    step(85, "끝난 기수의 출결·이수 만드는 중")
    finished = demo_finished.finish_runs(session, rng, DEMO_ACTOR, DEMO_TODAY, holidays)
    finished_ids = [r for r in (_run_id(session, code) for code in finished) if r is not None]
    demo_instructors.load(session, finished_ids, rng)
    demo_surveys.load(session, finished_ids, random.Random(DEMO_YEAR))
    step(92, "강의실 만들고 6·7월 집합 기수 강의실 배정하는 중")
    placed = demo_rooms.load(session, DEMO_ACTOR, stamp)
    step(96, "숙소 객실 만들고 7월 자격연수 숙박 대상 만드는 중")
    dorm_rooms, lodged = demo_dorm.load(session, DEMO_ACTOR)
    step(98, "2021년 예산 넣는 중")
    budget.load_plan(session, DEMO_YEAR, paths.resources_dir() / "demo" / "budget")
    demo_budget.load(session, DEMO_YEAR, DEMO_TODAY, DEMO_ACTOR)
    enrolled = session.scalar(select(func.count(Enrollment.id)))
    clock.set_reference_date(session, DEMO_TODAY)
    # a sample seal, marked 견본, so the demo's certificates look like the real thing but
    # cannot pass for one
    certificate_layouts.set_seal(session, paths.resources_dir() / "demo" / "seal_sample.png")
    session.add(Setting(key=DEMO_KEY, value=json.dumps(
        {"year": DEMO_YEAR, "notice": DEMO_NOTICE}, ensure_ascii=False)))
    session.flush()
    step(100, "완료")
    return DemoSummary(len(course_rows), len(run_dicts), len(targets), len(people), enrolled,
                       placed.rooms, dorm_rooms, lodged, placed.booked_runs, placed.unplaced)


def _invented_enrollments(session: Session, rng: random.Random) -> int:
    """A few in-person runs with rosters, applied for before the demo's today: most part-filled,
    one still taking applications and full with a waitlist.

    The clock is set to each run's application day while its trainees register, so their
    applications and history carry that date and pass the same rules as at the desk.
    """
    person_ids = list(session.scalars(select(Person.id).order_by(Person.id)))
    rng.shuffle(person_ids)
    runs = session.execute(
        select(CourseRun.id, CourseRun.capacity, CourseRun.start_date)
        .join(Course, Course.id == CourseRun.course_id)
        .where(Course.delivery == "집합", CourseRun.capacity.between(10, 40), CourseRun.seq == 1,
               CourseRun.start_date <= DEMO_TODAY + APPLIED_BEFORE)
        .order_by(CourseRun.code)).all()
    taking = [r for r in runs if r.start_date - APPLY_CLOSES >= DEMO_TODAY]
    full = taking[:1]
    rest = [r for r in runs if r not in full]
    chosen = full + rest[::max(len(rest) // 11, 1)][:11]
    count = 0
    for run in chosen:
        wanted = run.capacity + 3 if run in full else int(run.capacity * rng.uniform(0.4, 0.9))
        clock.set_reference_date(session, min(run.start_date - APPLIED_BEFORE, DEMO_TODAY))
        for _ in range(min(wanted, len(person_ids))):
            enrollment.enroll(session, run.id, person_ids.pop(), DEMO_ACTOR)
            count += 1
    return count


def notice(session: Session) -> str | None:
    """The on-screen notice that the data is a demo, or None."""
    row = session.get(Setting, DEMO_KEY)
    if row is None:
        return None
    try:
        return json.loads(row.value).get("notice") or DEMO_NOTICE
    except (ValueError, AttributeError):
        return DEMO_NOTICE
