"""Fixed vocabularies of the institute (연수종별, 운영방식, 부서 …) and the plan-task list."""

from __future__ import annotations

import csv
from functools import cache

from .. import paths

CATEGORIES = ("자격연수", "직무연수", "특별연수", "원격연수", "교육훈련", "기본교육", "자율연수")
DELIVERIES = ("집합", "원격", "혼합", "실시간")
#: Deliveries counted as remote for the "at most N remote runs at once" rule.
REMOTE_DELIVERIES = frozenset({"원격", "실시간"})
#: Studied on the remote platform at the trainee's pace: no timetable, minutes studied count.
#: (실시간 is remote too, but live, with a timetable and attendance like an in-person run.)
ON_PLATFORM = "원격"
DEPARTMENTS = ("기획평가부", "초등교원연수부", "중등교원연수부", "교육행정연수부")
#: Department tags printed in brackets in the plan ([초등] …) and the department running them.
DEPT_TAGS = {
    "초등": "초등교원연수부",
    "중등": "중등교원연수부",
    "교행": "교육행정연수부",
    "교행원격": "교육행정연수부",
    "원격": "기획평가부",
    "기평": "기획평가부",
}
TARGET_GROUPS = ("유치원", "초등", "유·초등", "중등", "초·중등", "유·초·중등", "유·초·특수", "특수",
                 "교행", "교행원격", "원격", "교육공무직", "사립학교", "학부모")
EMPLOYEE_KINDS = ("교원", "교육전문직원", "지방공무원", "교육공무직원", "사립학교직원", "학부모", "기타")
GENDERS = ("남", "여")
COURSE_STATUSES = ("운영", "폐강")


@cache
def plan_tasks() -> dict[str, str]:
    """실천과제 code → title, from the year plan shipped in ``resources/reference``."""
    path = paths.resources_dir() / "reference" / "plan_tasks.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row["title"] for row in csv.DictReader(fh)}
