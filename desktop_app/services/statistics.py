"""The year's training statistics (연수 실적 통계), from the database, in the shapes the yearly
report uses: the overall table (target group × category, as the 2020 report prints it), and the
year per month, per department and per plan task against the plan's targets.

Counting rules, one place for all of them:

* a course counts in the year of its plan (``Course.year``); closed runs (폐강) and runs of closed
  courses are not counted;
* ``selected`` is the enrolments in status 선발, ``completed`` those of them decided 이수, and
  the completion % is over those decided (이수 or 미이수), so a year under way is not shown
  as failing the people whose runs have not ended;
* the target group is 지방공무원 for courses run by 교육행정연수부 (civil servants, school
  staff), 교원 for the others;
* the report's row: 교원 — 자격연수, 원격(콘텐츠원격) for courses studied on the remote platform,
  직무연수(집합,혼합,특별) for the rest; 지방공무원 — 원격(콘텐츠원격), 기본 for 기본교육
  (신규·승진자 basic training), 전문 for the rest.

Two GROUP BY queries (runs with their course's attributes; enrolment counts per run) and the
rest in memory: a year of 2,000 runs and 160,000 enrolments takes well under the 300 ms asked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..models import Course, CourseRun, Enrollment
from .enrollment import SELECTED
from .reference import ON_PLATFORM

CIVIL_SERVICE_DEPARTMENT = "교육행정연수부"
TEACHERS, CIVIL_SERVANTS = "교원", "지방공무원"
REMOTE_ROW = "원격(콘텐츠원격)"
#: The overall table's rows in the report's order (2020: 자격연수 … 원격).
REPORT_ROWS: tuple[tuple[str, str], ...] = (
    (TEACHERS, "자격연수"), (TEACHERS, "직무연수(집합,혼합,특별)"), (TEACHERS, REMOTE_ROW),
    (CIVIL_SERVANTS, "기본"), (CIVIL_SERVANTS, "전문"), (CIVIL_SERVANTS, REMOTE_ROW),
)
BASIC_CATEGORY = "기본교육"


def target_group(department: str) -> str:
    """교원 or 지방공무원, from the department that runs the course."""
    return CIVIL_SERVANTS if department == CIVIL_SERVICE_DEPARTMENT else TEACHERS


def report_row(department: str, category: str, delivery: str) -> tuple[str, str]:
    """The overall table's (target group, row) a course is counted in."""
    group = target_group(department)
    if delivery == ON_PLATFORM:
        return group, REMOTE_ROW
    if group == TEACHERS:
        return group, "자격연수" if category == "자격연수" else "직무연수(집합,혼합,특별)"
    return group, "기본" if category == BASIC_CATEGORY else "전문"


@dataclass
class Figures:
    """Courses, runs, people selected and completed (and the plan's targets where known)."""

    courses: int = 0
    runs: int = 0
    selected: int = 0
    completed: int = 0
    decided: int = 0
    planned_runs: int = 0
    planned_people: int = 0

    @property
    def completion_pct(self) -> float | None:
        """이수 among those decided."""
        return round(100 * self.completed / self.decided, 1) if self.decided else None


@dataclass(frozen=True)
class StatRow:
    """One row of ``stats --json``: category × target group × delivery."""

    category: str
    target_group: str
    delivery: str
    courses: int
    runs: int
    selected: int
    completed: int
    decided: int
    completion_pct: float | None

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class YearStatistics:
    """Every table of the year."""

    year: int
    rows: list[StatRow]
    report: dict[tuple[str, str], Figures]
    by_month: dict[int, Figures]
    by_department: dict[str, Figures]
    by_task: dict[str, Figures]
    totals: Figures = field(default_factory=Figures)

    def group_total(self, group: str) -> Figures:
        """The overall table's subtotal of 교원 or 지방공무원."""
        return _sum(f for (g, _r), f in self.report.items() if g == group)


def _sum(parts: Iterable[Figures]) -> Figures:
    total = Figures()
    for part in parts:
        for name in ("courses", "runs", "selected", "completed", "decided", "planned_runs",
                     "planned_people"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    return total


def year_statistics(session: Session, year: int) -> YearStatistics:
    """The year's tables (a Korean ValidationError when the year has no courses)."""
    if not 2000 <= year <= 2100:
        raise ValidationError("연도는 2000~2100 사이입니다.", field="연도")
    runs = session.execute(
        select(CourseRun.id, CourseRun.start_date, Course.id, Course.category, Course.department,
               Course.delivery, Course.plan_task_code)
        .join(Course, Course.id == CourseRun.course_id)
        .where(Course.year == year, Course.status != "폐강", CourseRun.status != "폐강")).all()
    if not runs and session.scalar(select(func.count()).where(Course.year == year)) == 0:
        raise ValidationError(f"{year}년 과정이 없습니다.", field="연도")
    counts = dict(((run_id, (selected, completed or 0, decided or 0))
                   for run_id, selected, completed, decided in session.execute(
                       select(Enrollment.run_id,
                              func.count(),
                              func.sum(case((Enrollment.completion == "이수", 1), else_=0)),
                              func.count(Enrollment.completion))
                       .join(CourseRun, CourseRun.id == Enrollment.run_id)
                       .join(Course, Course.id == CourseRun.course_id)
                       .where(Course.year == year, Enrollment.status == SELECTED)
                       .group_by(Enrollment.run_id))))
    planned = session.execute(
        select(Course.department, Course.plan_task_code, Course.planned_runs,
               Course.planned_people).where(Course.year == year, Course.status != "폐강")).all()
    fine: dict[tuple[str, str, str], Figures] = defaultdict(Figures)
    report: dict[tuple[str, str], Figures] = {key: Figures() for key in REPORT_ROWS}
    by_month: dict[int, Figures] = {month: Figures() for month in range(1, 13)}
    by_department: dict[str, Figures] = defaultdict(Figures)
    by_task: dict[str, Figures] = defaultdict(Figures)
    seen: dict[str, set] = defaultdict(set)      # table key → the courses already counted
    for run_id, start, course_id, category, department, delivery, task in runs:
        selected, completed, decided = counts.get(run_id, (0, 0, 0))
        group = target_group(department)
        for name, table, key in (
                ("fine", fine, (category, group, delivery)),
                ("report", report, report_row(department, category, delivery)),
                ("month", by_month, start.month),
                ("department", by_department, department),
                ("task", by_task, task or "미지정")):
            figures = table[key]
            figures.runs += 1
            figures.selected += selected
            figures.completed += completed
            figures.decided += decided
            if (course_id, key) not in seen[name]:
                seen[name].add((course_id, key))
                figures.courses += 1
    # the plan's targets of every course of the year, held yet or not
    for department, task, planned_runs, planned_people in planned:
        for table, key in ((by_department, department), (by_task, task or "미지정")):
            table[key].planned_runs += planned_runs or 0
            table[key].planned_people += planned_people or 0
    rows = [StatRow(category, group, delivery, f.courses, f.runs, f.selected, f.completed,
                    f.decided, f.completion_pct)
            for (category, group, delivery), f in sorted(fine.items())]
    totals = _sum(report.values())     # a course is in one row only: its courses add up
    return YearStatistics(year, rows, report, by_month, dict(sorted(by_department.items())),
                          dict(sorted(by_task.items(), key=lambda kv: (kv[0] == "미지정", kv[0]))),
                          totals)
