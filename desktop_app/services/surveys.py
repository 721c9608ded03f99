"""Satisfaction surveys (만족도): a course's questionnaire (the standard items, copied from the
default on first use), a run's answers imported from an online form's export, and the results —
per run (response rate, % satisfied per item and per instructor, comments; low scores stand out)
and per year split as the report splits them (교원 / 지방공무원 × 집합 / 원격).

"Satisfied" is an answer of 4 or 5 of 5.  An import guesses its columns (an item by its text or
number, an instructor by name, the comment, the form's response number) and checks every cell
first: a file with a bad cell writes nothing and names row, column and reason.  Importing the
same export again adds nothing (each response is keyed by the form's number, else by its row).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .bulk_sql import insert_rows
from . import privacy
from ..db import is_writing
from ..errors import Problem, ValidationError
from ..excel.reader import SheetRows
from ..models import now
from ..models import (Course, CourseRun, CourseSession, Enrollment, Instructor, Person,
                      SurveyAnswer, SurveyItem, SurveyResponse)
from .enrollment import SELECTED
from .reference import ON_PLATFORM
from .runs import get_run
from .statistics import target_group

STANDARD_ITEMS = ("연수 내용이 직무 수행에 도움이 되었다", "연수 내용과 수준이 적절하였다",
                  "강의 방법과 자료가 효과적이었다", "연수 운영(일정·시설·안내)이 적절하였다",
                  "연수에 전반적으로 만족한다")
WORDS = {"매우 그렇다": 5, "매우그렇다": 5, "매우 만족": 5, "그렇다": 4, "만족": 4, "보통": 3,
         "보통이다": 3, "그렇지 않다": 2, "불만족": 2, "전혀 그렇지 않다": 1, "매우 불만족": 1}
LOW_PCT = 80.0          # below this share satisfied, an item or instructor stands out
KEY_HEADERS = ("응답 번호", "응답번호", "번호", "타임스탬프", "제출 시각", "제출시각", "응답 id", "id")
COMMENT_WORDS = ("의견", "건의", "하고 싶은 말")


def items(session: Session, course_id: int) -> list[SurveyItem]:
    """The course's questionnaire, copied from the standard items the first time a writing
    session asks (a read shows the standard items unsaved: reading never writes)."""
    found = list(session.scalars(select(SurveyItem).where(SurveyItem.course_id == course_id)
                                 .order_by(SurveyItem.position)))
    if found:
        return found
    if not is_writing(session):
        return [SurveyItem(course_id=course_id, position=n, text=text)
                for n, text in enumerate(STANDARD_ITEMS, start=1)]
    session.add_all(SurveyItem(course_id=course_id, position=n, text=text)
                    for n, text in enumerate(STANDARD_ITEMS, start=1))
    session.flush()
    return items(session, course_id)


def ensure_questionnaire(session: Session, run_id: int) -> None:
    """Save the run's course questionnaire if it has none yet (before columns are matched to
    its items in a read)."""
    items(session, get_run(session, run_id).course_id)


def run_instructors(session: Session, run_id: int) -> dict[int, str]:
    """Instructor id → name, for the registered instructors of the run's timetable."""
    return dict(session.execute(
        select(Instructor.id, Person.name).join(Person, Person.id == Instructor.person_id)
        .where(Instructor.id.in_(select(CourseSession.instructor_id)
                                 .where(CourseSession.run_id == run_id)))).all())


def _norm(text: object) -> str:
    return re.sub(r"\s+", "", str(text or "")).lower()


@dataclass(frozen=True)
class Target:
    """What a column holds: an item, an instructor's rating, the comment or the response key."""

    kind: str                 # item, instructor, comment, key
    ref: int | None = None
    label: str = ""


def guess_columns(header: list[object], questionnaire: list[SurveyItem],
                  teachers: dict[int, str]) -> dict[int, Target]:
    """Column index → what it holds, guessed from the header; unknown columns are left out.

    In this order, so a number never wins over words: the response key; an item whose whole
    text the header contains; an instructor whose name it contains (longest names first); the
    comment; last, an item by its number ('3.', '문항 3'); two columns for one item or
    instructor are refused.
    """
    mapping: dict[int, Target] = {}
    keys = {_norm(k) for k in KEY_HEADERS}
    names = sorted(teachers.items(), key=lambda kv: -len(kv[1]))
    for n, title in enumerate(header):
        text = _norm(title)
        if not text:
            continue
        if text in keys:
            mapping[n] = Target("key", label=str(title))
            continue
        item = next((i for i in questionnaire if _norm(i.text) in text), None)
        teacher = next((i for i, name in names if _norm(name) in text), None)
        if item is not None:
            mapping[n] = Target("item", item.id, str(title))
        elif teacher is not None:
            mapping[n] = Target("instructor", teacher, str(title))
        elif any(word in text for word in COMMENT_WORDS):
            mapping[n] = Target("comment", label=str(title))
        else:
            number = re.match(r"^(문항)?(\d+)([.)번]|$)", text)
            item = next((i for i in questionnaire
                         if number and i.position == int(number.group(2))), None)
            if item is not None:
                mapping[n] = Target("item", item.id, str(title))
    check_columns(header, mapping)
    return mapping


def check_columns(header: list[object], mapping: dict[int, Target]) -> None:
    """Two columns for one item, instructor, comment or response number are refused."""
    taken: dict[tuple[str, int | None], str] = {}
    for n, target in mapping.items():
        key = (target.kind, target.ref)
        if key in taken:
            raise ValidationError(f"열 '{taken[key]}'과(와) 열 '{header[n]}'이(가) 같은 "
                                  f"{'문항' if target.kind == 'item' else '항목'}입니다. 한 열만 "
                                  "남기십시오.", field="파일")
        taken[key] = str(header[n])


def targets(session: Session, run_id: int) -> list[Target]:
    """Everything a column of the run's answers may hold, for choosing a column by hand."""
    run = get_run(session, run_id)
    return ([Target("key", label="응답 번호"), Target("comment", label="자유 의견")]
            + [Target("item", i.id, f"{i.position}. {i.text}")
               for i in items(session, run.course_id)]
            + [Target("instructor", i, f"{name} 강사") for i, name in
               run_instructors(session, run_id).items()])


def score_of(value: object) -> int | None:
    """1–5 from a number or the scale's words; None when blank; ValueError when neither."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("1~5 사이의 점수가 아닙니다.")
    if isinstance(value, int | float) and float(value).is_integer() and 1 <= value <= 5:
        return int(value)
    text = str(value).strip()
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text)
    if text in WORDS:
        return WORDS[text]
    raise ValueError(f"'{text}'은(는) 1~5 사이의 점수나 '매우 그렇다'~'전혀 그렇지 않다'가 아닙니다.")


@dataclass
class SurveyImport:
    """What importing a file would add: responses (key, comment, answers), the mapping, the
    columns left out, and how many responses were there already."""

    run_id: int
    columns: dict[int, Target]
    unmapped: list[str]
    responses: list[tuple[str, str, list[tuple[int | None, int | None, int]]]] = field(
        default_factory=list)
    already: int = 0


def plan_import(session: Session, run_id: int, sheet: SheetRows,
                columns: dict[int, Target] | None = None) -> SurveyImport:
    """Check every row of ``sheet`` (its first row the header) against the run's survey, its
    columns as guessed or as ``columns`` (chosen by hand); a Korean ValidationError naming
    each bad cell, else what would be added."""
    run = get_run(session, run_id)
    if not sheet.rows:
        raise ValidationError("파일에 내용이 없습니다.", field="파일")
    privacy.refuse_resident_numbers(sheet.rows, 0, f"'{sheet.name}' 시트의 ")
    questionnaire = items(session, run.course_id)
    teachers = run_instructors(session, run_id)
    header = sheet.rows[0]
    if columns is None:
        columns = guess_columns(header, questionnaire, teachers)
    else:
        check_columns(header, columns)
    rated = [n for n, t in columns.items() if t.kind in ("item", "instructor")]
    if not rated:
        raise ValidationError("문항이나 강사 이름과 맞는 열이 없습니다. 첫 행에 문항(또는 '1.', '2.' …)과 "
                              "강사 이름을 적은 설문 결과 파일인지 확인하십시오.", field="파일")
    unmapped = [str(h) for n, h in enumerate(header) if n not in columns and str(h or "").strip()]
    key_column = next((n for n, t in columns.items() if t.kind == "key"), None)
    comment_column = next((n for n, t in columns.items() if t.kind == "comment"), None)
    existing = set(session.scalars(select(SurveyResponse.respondent)
                                   .where(SurveyResponse.run_id == run_id)))
    found = SurveyImport(run_id, columns, unmapped)
    problems: list[Problem] = []
    seen: set[str] = set()
    for index in range(1, len(sheet.rows)):
        cells = sheet.rows[index]
        if not any(c not in (None, "") for c in cells):
            continue
        row = sheet.row_number(index)
        answers = []
        for n in rated:
            value = cells[n] if n < len(cells) else None
            try:
                score = score_of(value)
            except ValueError as exc:
                problems.append(Problem(f"행 {row}, 열 '{header[n]}': {exc}"))
                continue
            if score is not None:
                target = columns[n]
                answers.append((target.ref if target.kind == "item" else None,
                                target.ref if target.kind == "instructor" else None, score))
        key_value = cells[key_column] if key_column is not None and key_column < len(cells) else None
        if key_value not in (None, ""):
            key = str(key_value).strip()[:100]
        else:   # no response number: the row and what it says (two equal answers stay two)
            said = "|".join(_norm(c) for c in cells)
            key = f"행{row}-" + hashlib.sha1(said.encode()).hexdigest()[:16]
        if key in seen:
            problems.append(Problem(f"행 {row}: 응답 번호 '{key}'이(가) 두 번 나옵니다."))
            continue
        seen.add(key)
        if key in existing:
            found.already += 1
            continue
        comment = cells[comment_column] if comment_column is not None and \
            comment_column < len(cells) else None
        if answers or comment:
            found.responses.append((key, str(comment or "").strip(), answers))
    if problems:
        raise ValidationError(problems)
    return found


def apply_import(session: Session, found: SurveyImport, source: str) -> int:
    """Write the planned responses in bulk; returns how many were added."""
    if not found.responses:
        return 0
    stamp = now()
    ids = insert_rows(session, SurveyResponse.__table__,
                      ("run_id", "respondent", "comment", "source", "created_at"),
                      [(found.run_id, key, comment, source[:100], stamp)
                       for key, comment, _a in found.responses], returning_ids=True)
    rows = [(response_id, item, teacher, score)
            for response_id, (_key, _comment, answers) in zip(ids, found.responses, strict=True)
            for item, teacher, score in answers]
    if rows:
        insert_rows(session, SurveyAnswer.__table__,
                    ("response_id", "item_id", "instructor_id", "score"), rows)
    return len(found.responses)


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Score:
    """Answers to one item or about one instructor."""

    label: str
    answers: int
    mean: float | None
    satisfied_pct: float | None

    @property
    def low(self) -> bool:
        return self.satisfied_pct is not None and self.satisfied_pct < LOW_PCT


def satisfied_pct(scores: list[int]) -> float | None:
    """The share of answers of 4 or 5, %."""
    return round(100 * sum(1 for x in scores if x >= 4) / len(scores), 1) if scores else None


def _score(label: str, scores: list[int]) -> Score:
    if not scores:
        return Score(label, 0, None, None)
    return Score(label, len(scores), round(sum(scores) / len(scores), 2), satisfied_pct(scores))


def answer_sheet(sheets: list[SheetRows]) -> SheetRows:
    """The one sheet of a form's export (several sheets: refused, not guessed)."""
    if len(sheets) != 1:
        raise ValidationError("설문 결과는 시트 하나에 있어야 합니다 (첫 시트만 쓰려면 나머지를 지우십시오).",
                              field="파일")
    return sheets[0]


@dataclass(frozen=True)
class RunResult:
    """A run's survey results."""

    run_code: str
    course_title: str
    responses: int
    selected: int
    items: list[Score]
    instructors: list[Score]
    comments: list[str]
    overall: Score

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.responses / self.selected, 1) if self.selected else None


def run_result(session: Session, run_id: int) -> RunResult:
    run = get_run(session, run_id)
    title = session.scalar(select(Course.title).where(Course.id == run.course_id))
    questionnaire = items(session, run.course_id)
    by_item: dict[int, list[int]] = defaultdict(list)
    by_teacher: dict[int, list[int]] = defaultdict(list)
    every: list[int] = []
    for item_id, teacher_id, score in session.execute(
            select(SurveyAnswer.item_id, SurveyAnswer.instructor_id, SurveyAnswer.score)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.run_id == run_id)):
        every.append(score)
        if item_id is not None:
            by_item[item_id].append(score)
        if teacher_id is not None:
            by_teacher[teacher_id].append(score)
    names = dict(session.execute(select(Instructor.id, Person.name)     # of those rated only
                                 .join(Person, Person.id == Instructor.person_id)
                                 .where(Instructor.id.in_(by_teacher))).all()) if by_teacher else {}
    responses = session.scalar(select(func.count()).where(SurveyResponse.run_id == run_id))
    selected = session.scalar(select(func.count()).where(Enrollment.run_id == run_id,
                                                         Enrollment.status == SELECTED))
    comments = [c for c in session.scalars(select(SurveyResponse.comment)
                                           .where(SurveyResponse.run_id == run_id,
                                                  SurveyResponse.comment != "")
                                           .order_by(SurveyResponse.id))]
    return RunResult(run.code, title, responses, selected,
                     [_score(f"{i.position}. {i.text}", by_item.get(i.id, [])) for i in questionnaire],
                     [_score(names.get(t, "?"), s) for t, s in sorted(
                         by_teacher.items(), key=lambda kv: names.get(kv[0], ""))],
                     comments, _score("전체", every))


@dataclass(frozen=True)
class YearRow:
    """A run's figures in the year's table."""

    run_code: str
    course_title: str
    group: str
    delivery: str
    responses: int
    satisfied_pct: float | None


def year_results(session: Session, year: int) -> tuple[dict[tuple[str, str], Score],
                                                       list[YearRow]]:
    """The year split as the report splits it (교원/지방공무원 × 집합/원격), and every run
    surveyed."""
    rows = session.execute(
        select(CourseRun.id, CourseRun.code, Course.title, Course.department, Course.delivery,
               SurveyAnswer.score, SurveyAnswer.response_id)
        .join(Course, Course.id == CourseRun.course_id)
        .join(SurveyResponse, SurveyResponse.run_id == CourseRun.id)
        .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
        .where(Course.year == year))
    split: dict[tuple[str, str], list[int]] = defaultdict(list)
    per_run: dict[int, list] = {}
    for run_id, code, title, department, delivery, score, response_id in rows:
        key = (target_group(department), "원격" if delivery == ON_PLATFORM else "집합")
        split[key].append(score)
        entry = per_run.setdefault(run_id, [code, title, key, set(), []])
        entry[3].add(response_id)
        entry[4].append(score)
    table = {key: _score(f"{key[0]} {key[1]}", split.get(key, []))
             for key in (("교원", "집합"), ("교원", "원격"), ("지방공무원", "집합"),
                         ("지방공무원", "원격"))}
    runs = [YearRow(code, title, key[0], key[1], len(responses),
                    _score(code, scores).satisfied_pct)
            for code, title, key, responses, scores in sorted(per_run.values())]
    return table, runs


def year_breakdown(session: Session, year: int) -> tuple[dict[str, Score],
                                                         list[tuple[str, Score]]]:
    """The year's satisfaction per department and per course (code and title)."""
    by_department: dict[str, list[int]] = defaultdict(list)
    by_course: dict[tuple[str, str], list[int]] = defaultdict(list)
    for department, code, title, score in session.execute(
            select(Course.department, Course.code, Course.title, SurveyAnswer.score)
            .join(CourseRun, CourseRun.course_id == Course.id)
            .join(SurveyResponse, SurveyResponse.run_id == CourseRun.id)
            .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
            .where(Course.year == year)):
        by_department[department].append(score)
        by_course[(code, title)].append(score)
    return ({d: _score(d, s) for d, s in sorted(by_department.items())},
            [(code, _score(title, s)) for (code, title), s in sorted(by_course.items())])


def questions(session: Session, run_id: int) -> list[str]:
    """The run's questions as a form's header names them: the items ('1. …'), then one
    rating per instructor ('홍길동 강사 만족도') — what a typed-in response answers."""
    run = get_run(session, run_id)
    return ([f"{i.position}. {i.text}" for i in items(session, run.course_id)]
            + [f"{name} 강사 만족도" for name in run_instructors(session, run_id).values()])


def guess_for_run(session: Session, run_id: int, header: list[object]) -> dict[int, Target]:
    """:func:`guess_columns` with the run's questionnaire and instructors."""
    run = get_run(session, run_id)
    return guess_columns(header, items(session, run.course_id), run_instructors(session, run_id))


def add_typed(session: Session, run_id: int, scores: list[int | None], comment: str) -> int:
    """One paper form typed in: ``scores`` in the order of :func:`questions`, through the same
    checks and writing as a file's rows; returns the responses added (0 or 1)."""
    from datetime import datetime

    key = "입력-" + datetime.now().strftime("%Y%m%d%H%M%S%f")
    sheet = SheetRows("입력", 1, [["응답 번호", *questions(session, run_id), "기타 의견"],
                                 [key, *scores, comment]])
    return apply_import(session, plan_import(session, run_id, sheet), "직접 입력")
