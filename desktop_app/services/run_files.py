"""A run's files after the roster: the attendance sheet (out and back in), score and remote
results files (in).

The attendance sheet is a trainee per row and a period per column headed
``2021-03-02 09:00``; the same layout comes back in, so an officer may export it, fill it
in Excel and import it.  Cells read 출석·지각·조퇴·결석·공결, or the short forms offices use (○, ×,
O, X, 지, 조, 결, 공); an empty cell leaves the mark as it is.

A results file (scores of an evaluated run, or a remote platform's study results) names the
trainee and gives 점수 and/or 학습시간(분) and 이수일자.  Every row is checked before anything
is written, and a file with a refused row writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from . import audit
from ..errors import Problem, ValidationError
from ..excel.writer import SheetData, write_workbook
from ..models import Enrollment
from . import attendance as attendance_service
from . import clock
from .attendance import ABSENT, EXCUSED, LATE, LEFT_EARLY, MARKS, PRESENT
from .common import Problems, clean, half_width
from .decision_inputs import withdraw_decisions
from .enrollment import lock_run
from .roster_match import RosterMatcher, header_names, matched_rows, read_table
from .runs import get_run
from .values import parse_date

FIXED_HEADERS = ("번호", "성명", "생년월일", "소속", "나이스 개인번호")
SUMMARY_HEADERS = ("출석률(%)", "결석", "지각", "조퇴", "공결", "미입력")

_SHORT_MARKS = {
    "출석": PRESENT, "출": PRESENT, "o": PRESENT, "○": PRESENT, "◯": PRESENT, "●": PRESENT,
    "v": PRESENT, "✓": PRESENT, "지각": LATE, "지": LATE, "조퇴": LEFT_EARLY, "조": LEFT_EARLY,
    "결석": ABSENT, "결": ABSENT, "x": ABSENT, "×": ABSENT, "✕": ABSENT, "공결": EXCUSED,
    "공": EXCUSED,
}


def mark_of(value: Any) -> str | None:
    """The mark a cell means; "" for an empty cell; None when it means nothing known."""
    text = half_width(clean(value)).lower() if value is not None else ""
    if not text:
        return ""
    return _SHORT_MARKS.get(text)


# ------------------------------------------------------------------ export


def export_attendance(session: Session, run_id: int, path: Path) -> Path:
    """The run's attendance grid with each trainee's attendance %, to ``path``."""
    run = get_run(session, run_id)
    sheet = attendance_service.load_sheet(session, run_id)
    headers = [*FIXED_HEADERS, *(p.label for p in sheet.periods), *SUMMARY_HEADERS]
    widths = [6, 10, 12, 24, 15, *(17 for _ in sheet.periods), 10, 6, 6, 6, 6, 7]
    rows = []
    for number, t in enumerate(sheet.trainees, start=1):
        counted = sheet.summary(t.enrollment_id)
        rows.append([number, t.name, t.birth_date, t.organization, t.neis_no,
                     *(sheet.marks.get((t.enrollment_id, p.id)) for p in sheet.periods),
                     counted.percent, counted.counts[ABSENT], counted.counts[LATE],
                     counted.counts[LEFT_EARLY], counted.counts[EXCUSED], counted.unrecorded])
    title = f"{run.code} 출결"[:31]
    written = write_workbook(Path(path), [SheetData(title, headers, widths, rows)])
    audit.record_file(session, f"{run.code} 출결 엑셀", len(rows), written)
    return written


# ------------------------------------------------------------------ attendance in

_PERIOD_HEADER = re.compile(
    r"^(?:(\d{4})[-./]\s*)?(\d{1,2})[-./]\s*(\d{1,2})\.?\s*(?:\([^)]*\))?\s+(\d{1,2}):(\d{2})")


def period_of_header(cell: Any, year: int) -> tuple[date, time] | None:
    """(date, start) a column header names: ``2021-03-02 09:00``, ``3/2 09:00``, a datetime."""
    if isinstance(cell, datetime):
        return cell.date(), cell.time().replace(second=0, microsecond=0)
    match = _PERIOD_HEADER.match(half_width(clean(cell)))
    if match is None:
        return None
    y, m, d, hh, mm = match.groups()
    try:
        return date(int(y) if y else year, int(m), int(d)), time(int(hh), int(mm))
    except ValueError:
        return None


@dataclass(frozen=True)
class AttendanceImport:
    """What an attendance file changed (or would change, when checked only)."""

    trainees: int
    cells: int
    changed: int


def import_attendance(session: Session, run_id: int, path: Path, actor: str, *,
                      dry_run: bool = False) -> AttendanceImport:
    """Read an attendance sheet and set the marks it gives, all or nothing (the run locked
    while it is written, as a grid save does)."""
    run = lock_run(session, run_id)
    grid = attendance_service.load_sheet(session, run_id)
    if not grid.periods:
        raise ValidationError("이 기수에 시간표가 없어 출결을 올릴 수 없습니다. 시간표를 먼저 "
                              "입력하십시오.")
    table, guess = read_table(path)
    slots = {(p.date, p.start): p for p in grid.periods}
    problems: list[Problem] = []
    period_columns: dict[int, attendance_service.Period] = {}
    header_row = table.row_number(guess.row_index)
    for index, cell in enumerate(guess.headers):
        when = period_of_header(table.rows[guess.row_index][index], run.start_date.year)
        if when is None:
            continue
        period = slots.get(when)
        if period is None:
            problems.append(Problem(f"{when[0]} {when[1]:%H:%M} 교시는 이 기수 시간표에 없습니다.",
                                    cell, header_row))
        else:
            period_columns[index] = period
    if not period_columns and not problems:
        raise ValidationError("머리글에 교시 열(예: '2021-03-02 09:00')이 없습니다. 출석부 엑셀로 "
                              "받은 파일에 입력해 올리십시오.")
    matcher = RosterMatcher(grid.trainees, clock.today(session))
    wanted: dict[tuple[int, int], str] = {}
    trainees = 0
    for number, cells, trainee in matched_rows(table, guess, matcher, problems):
        trainees += 1
        for index, period in period_columns.items():
            value = cells[index] if index < len(cells) else None
            mark = mark_of(value)
            if mark is None:
                problems.append(Problem(f"'{clean(value)}'은(는) 출결 값이 아닙니다. 가능한 값: "
                                        f"{', '.join(MARKS)} (또는 ○, ×, 지, 조, 공)",
                                        guess.headers[index], number))
            elif mark:
                wanted[(trainee.enrollment_id, period.id)] = mark
    if problems:
        raise ValidationError(problems)
    changed = {key: mark for key, mark in wanted.items() if grid.marks.get(key) != mark}
    if changed and not dry_run:
        attendance_service.write_marks(session, changed, actor)
    return AttendanceImport(trainees, len(wanted), len(changed))


# ------------------------------------------------------------------ scores and results in


def parse_score(p: Problems, field: str, value: Any) -> float | None:
    """A score 0–100 with at most two decimals ("87.5", "87.5점", a number); None when empty."""
    if value is None or isinstance(value, bool):
        text = "" if value is None else "?"
    elif isinstance(value, (int, float)):
        text = repr(value)
    else:
        text = half_width(clean(value)).removesuffix("점").strip()
    if not text:
        return None
    try:
        score = float(text)
    except ValueError:
        p.add(field, f"점수가 숫자가 아닙니다: '{clean(value)}'")
        return None
    if not 0 <= score <= 100:
        p.add(field, f"점수는 0~100 사이여야 합니다 (지금 {score:g}).")
        return None
    return round(score, 2)


_CLOCK_MINUTES = re.compile(r"^(\d{1,4}):(\d{2})(?::(\d{2}))?$")
_KOREAN_MINUTES = re.compile(r"^(?:(\d{1,4})\s*시간)?\s*(?:(\d{1,4})\s*분)?$")


def parse_minutes(p: Problems, field: str, value: Any) -> int | None:
    """Minutes studied: a number (minutes), ``H:MM`` or ``H:MM:SS``, ``2시간 5분``; seconds are
    not counted up (a minute is recognised when it is whole)."""
    if value is None or (isinstance(value, str) and not clean(value)):
        return None
    if isinstance(value, bool):
        p.add(field, "학습 시간이 숫자가 아닙니다.")
        return None
    if isinstance(value, (int, float)):
        minutes = int(value)
    elif isinstance(value, timedelta):   # an [h]:mm cell of a day or more
        minutes = int(value.total_seconds()) // 60
    elif isinstance(value, time):
        minutes = value.hour * 60 + value.minute
    else:
        text = half_width(clean(value)).replace(",", "")
        clock_match = _CLOCK_MINUTES.match(text)
        korean = _KOREAN_MINUTES.match(text) if clock_match is None else None
        if text.isdigit():
            minutes = int(text)
        elif clock_match:
            minutes = int(clock_match.group(1)) * 60 + int(clock_match.group(2))
        elif korean and (korean.group(1) or korean.group(2)):
            minutes = int(korean.group(1) or 0) * 60 + int(korean.group(2) or 0)
        else:
            p.add(field, f"학습 시간 형식이 아닙니다: '{clean(value)}' (예: 125, 2:05, 2시간 5분)")
            return None
    if not 0 <= minutes <= 100_000:
        p.add(field, f"학습 시간이 범위를 벗어납니다: {minutes}분")
        return None
    return minutes


@dataclass(frozen=True)
class ResultsImport:
    """What a results file set."""

    trainees: int
    scores: int
    studies: int


def import_results(session: Session, run_id: int, path: Path, actor: str, *,
                   dry_run: bool = False) -> ResultsImport:
    """Scores and remote study results from a file onto the run's selected trainees.

    A 이수일자 outside the run's dates or after today is refused; so is a row with nothing to
    set.  Completion is decided afterwards, by the rule (:mod:`.completion`).
    """
    run = get_run(session, run_id)
    today = clock.today(session)
    table, guess = read_table(path, results=True)
    names = header_names(guess)
    wanted = [f for f in ("score", "studied_minutes", "completed_on") if f in guess.columns]
    if not wanted:
        raise ValidationError("파일에 점수, 학습시간, 이수일자 열이 없습니다. 머리글을 확인하십시오.")
    matcher = RosterMatcher(attendance_service.trainees_of(session, run_id), today)
    problems: list[Problem] = []
    updates: list[dict] = []
    for number, cells, trainee in matched_rows(table, guess, matcher, problems):

        def cell(field: str) -> Any:
            index = guess.columns.get(field)
            return cells[index] if index is not None and index < len(cells) else None

        p = Problems()
        score = parse_score(p, names.get("score", "점수"), cell("score"))
        minutes = parse_minutes(p, names.get("studied_minutes", "학습시간"),
                                cell("studied_minutes"))
        done_field = names.get("completed_on", "이수일자")
        done = parse_date(p, done_field, cell("completed_on"))
        if done is not None and not run.start_date <= done <= min(run.end_date, today):
            p.add(done_field, f"이수일자 {done}이(가) 연수 기간({run.start_date}~{run.end_date})"
                              f" 밖이거나 오늘({today}) 뒤입니다.")
        if not p and score is None and minutes is None and done is None:
            p.add(None, "점수도 학습 시간도 없습니다.")
        problems.extend(Problem(x.message, x.field, number) for x in p.items)
        if not p:
            updates.append({"eid": trainee.enrollment_id, "score": score, "minutes": minutes,
                            "done_on": done})
    if problems:
        raise ValidationError(problems)
    if updates and not dry_run:
        table_ = Enrollment.__table__
        for field, column in (("score", "score"), ("minutes", "studied_minutes"),
                              ("done_on", "platform_completed_on")):
            rows = [{"eid": u["eid"], "value": u[field]} for u in updates
                    if u[field] is not None]
            if rows:
                session.execute(update(table_).where(table_.c.id == bindparam("eid"))
                                .values({column: bindparam("value")}), rows)
        withdraw_decisions(session, {u["eid"] for u in updates}, actor, "점수·학습 결과가 바뀜")
    return ResultsImport(len(updates), sum(u["score"] is not None for u in updates),
                         sum(u["minutes"] is not None for u in updates))


def set_score(session: Session, enrollment_id: int, value: Any, actor: str) -> float | None:
    """Set one trainee's score as typed in the roster (empty clears it); a rule-made decision
    resting on the old score is withdrawn."""
    p = Problems()
    score = parse_score(p, "점수", value)
    p.raise_if_any()
    enrollment = session.get(Enrollment, enrollment_id)
    if enrollment is None:
        raise ValidationError("연수생의 신청 내역을 찾을 수 없습니다 (다른 사용자가 지웠을 수 있습니다).")
    if enrollment.score != score:
        enrollment.score = score
        session.flush()
        withdraw_decisions(session, [enrollment_id], actor, "점수가 바뀜")
    return score
