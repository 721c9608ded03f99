"""The item models of the pages: columns over the services' row dataclasses.

Column titles stay plain Korean here and are translated by the models' ``headerData``; words the
cells add themselves ("제한 없음", "일치" …) go through :func:`tr` when the cell is shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from ..services import courses as course_service
from ..services import enrollment as enrollment_service
from ..services import persons as person_service
from ..services import runs as run_service
from ..services.courses import CourseFilter, CourseRow, TargetRow
from ..services.enrollment import EventRow, PersonEnrollmentRow, RosterRow
from ..services.persons import PersonRow
from ..services.runs import RunRow
from .context import AppContext
from .i18n import tr
from .lazy_table import Column, IdTableModel, ListTableModel


def _period(start, end) -> str:
    if start is None:
        return ""
    return f"{start:%Y.%m.%d}~{end:%m.%d}" if start.year == end.year else \
        f"{start:%Y.%m.%d}~{end:%Y.%m.%d}"


def _short_period(run: RunRow) -> str:
    """05.10~05.12; with the year (22.01.03~01.21) when the run is not in its code's year."""
    same_year = run.code[:4] == f"{run.start_date:%Y}"
    return f"{run.start_date:{'%m.%d' if same_year else '%y.%m.%d'}}~{run.end_date:%m.%d}"


def _seats(capacity: int | None) -> str:
    return tr("제한 없음") if capacity is None else f"{capacity:,}"


COURSE_COLUMNS = [
    Column("과정코드", lambda r: r.code, "code"),
    Column("과정명", lambda r: r.title, "title", tooltip=lambda r: r.title),
    Column("연수종별", lambda r: r.category, "category"),
    Column("대상", lambda r: r.target_group, "target_group"),
    Column("운영부서", lambda r: r.department, "department"),
    Column("방식", lambda r: r.delivery, "delivery"),
    Column("실천과제", lambda r: r.plan_task_code, "plan_task_code"),
    Column("기수", lambda r: r.run_count, "run_count", align_right=True),
    Column("정원", lambda r: _seats(r.capacity), "capacity", align_right=True),
    Column("선발", lambda r: r.selected, "selected", align_right=True),
    Column("대기", lambda r: r.waitlisted, "waitlisted", align_right=True),
    Column("기간", lambda r: _period(r.first_start, r.last_end), "first_start"),
    Column("상태", lambda r: r.status, "status"),
]


class CourseTableModel(IdTableModel[CourseRow]):
    """The course list: filter and sort run in SQL, rows load by page."""

    def __init__(self, context: AppContext, parent=None) -> None:
        self._context = context
        self.filter = CourseFilter()
        super().__init__(COURSE_COLUMNS, self._query, self._load, parent, default_sort="code",
                         muted=lambda r: r.status == "폐강")

    def _query(self, sort: str, ascending: bool) -> list[int]:
        return self._context.read(lambda s: course_service.list_course_ids(
            s, self.filter, sort, ascending))

    def _load(self, ids: list[int]) -> list[CourseRow]:
        return self._context.read(lambda s: course_service.course_rows(s, ids))


RUN_COLUMNS = [
    Column("기수코드", lambda r: r.code),
    Column("기수", lambda r: tr("{seq}기").format(seq=r.seq), align_right=True),
    Column("시작일", lambda r: r.start_date),
    Column("종료일", lambda r: r.end_date),
    Column("정원", lambda r: _seats(r.capacity), align_right=True),
    Column("선발", lambda r: r.selected, align_right=True),
    Column("신청", lambda r: r.applied, align_right=True),
    Column("대기", lambda r: r.waitlisted, align_right=True),
    Column("장소", lambda r: r.venue),
    Column("숙박", lambda r: tr("필요") if r.lodging else ""),
    Column("진행", lambda r: r.phase),
    Column("비고", lambda r: r.note, tooltip=lambda r: r.note),
]


class RunTableModel(ListTableModel[RunRow]):
    """Runs of the selected course."""

    def __init__(self, parent=None) -> None:
        super().__init__(RUN_COLUMNS, parent, muted=lambda r: r.status == "폐강")


RUN_PICK_COLUMNS = [  # narrow: the phase early, the period without the code's year
    Column("기수코드", lambda r: r.code, "code"),
    Column("진행", lambda r: r.phase),
    Column("과정명", lambda r: r.course_title, "title", tooltip=lambda r: r.course_title),
    Column("기간", lambda r: _short_period(r), "start_date",
           tooltip=lambda r: _period(r.start_date, r.end_date)),
    Column("정원", lambda r: _seats(r.capacity), align_right=True),
    Column("선발", lambda r: r.selected, align_right=True),
    Column("대기", lambda r: r.waitlisted, align_right=True),
]


class RunPickTableModel(IdTableModel[RunRow]):
    """Runs found by the registration page's search: every match, rows loaded by page as the
    list scrolls."""

    def __init__(self, context: AppContext, parent=None) -> None:
        self._context = context
        self.search_text = ""
        super().__init__(RUN_PICK_COLUMNS, self._query, self._load, parent, default_sort="code",
                         muted=lambda r: r.status == "폐강")

    def _query(self, sort: str, ascending: bool) -> list[int]:
        return self._context.read(lambda s: run_service.search_run_ids(
            s, self.search_text, sort=sort, ascending=ascending))

    def _load(self, ids: list[int]) -> list[RunRow]:
        return self._context.read(lambda s: run_service.run_rows(s, ids))


TARGET_COLUMNS = [
    Column("실천과제", lambda r: r.task_code),
    Column("부서 표기", lambda r: f"[{r.dept_tag}]"),
    Column("운영부서", lambda r: r.department),
    Column("추진 목표", lambda r: r.title, tooltip=lambda r: r.title),
    Column("목표 과정", lambda r: r.planned_runs, align_right=True),
    Column("목표 인원", lambda r: r.planned_people, align_right=True),
    Column("추진 시기", lambda r: r.schedule_text),
    Column("과정 행 수", lambda r: r.course_count, align_right=True),
    Column("과정 합계", lambda r: r.course_planned_runs, align_right=True),
    Column("인원 합계", lambda r: r.course_planned_people, align_right=True),
    Column("대조", lambda r: _compare(r)),
]


def _compare(row: TargetRow) -> str:
    if row.course_count == 0:
        return tr("과정 행 없음")
    same_runs = row.planned_runs is None or row.planned_runs == row.course_planned_runs
    same_people = row.planned_people is None or row.planned_people == row.course_planned_people
    return tr("일치") if same_runs and same_people else tr("차이 있음")


class TargetTableModel(ListTableModel[TargetRow]):
    """Department targets (추진 목표), compared with — never added to — their course rows."""

    def __init__(self, parent=None) -> None:
        super().__init__(TARGET_COLUMNS, parent)


PERSON_COLUMNS = [
    Column("성명", lambda r: r.name, "name"),
    Column("생년월일", lambda r: r.birth_date, "birth_date"),
    Column("성별", lambda r: r.gender, "gender"),
    Column("나이스 개인번호", lambda r: r.neis_no, "neis_no"),
    Column("직종", lambda r: r.employee_kind, "employee_kind"),
    Column("직위", lambda r: r.position, "position"),
    Column("소속", lambda r: r.organization, "organization"),
    Column("전화번호", lambda r: r.phone, "phone"),
]


class PersonTableModel(IdTableModel[PersonRow]):
    """The trainee registry, searched per keystroke in SQL."""

    def __init__(self, context: AppContext, parent=None) -> None:
        self._context = context
        self.search_text = ""
        super().__init__(PERSON_COLUMNS, self._query, self._load, parent, default_sort="name")

    def _query(self, sort: str, ascending: bool) -> list[int]:
        return self._context.read(lambda s: person_service.search_person_ids(
            s, self.search_text, sort, ascending))

    def _load(self, ids: list[int]) -> list[PersonRow]:
        return self._context.read(lambda s: person_service.person_rows(s, ids))


def _rank(row: RosterRow) -> str:
    return f"{row.waitlist_rank}" if row.waitlist_rank else ""


ROSTER_COLUMNS = [
    Column("상태", lambda r: r.status),
    Column("대기 순번", _rank, align_right=True),
    Column("성명", lambda r: r.name),
    Column("생년월일", lambda r: r.birth_date),
    Column("소속", lambda r: r.organization),
    Column("나이스 개인번호", lambda r: r.neis_no),
    Column("전화번호", lambda r: r.phone),
    Column("신청일시", lambda r: r.applied_at),
    Column("상태 변경", lambda r: r.status_changed_at),
    Column("기간 중복 허용 사유", lambda r: r.override_reason),
]


class RosterTableModel(IdTableModel[RosterRow]):
    """One run's roster: 선발, 신청, 대기 in line, 취소."""

    def __init__(self, context: AppContext, parent=None) -> None:
        self._context = context
        self.run_id: int | None = None
        self.status_filter = ""
        super().__init__(ROSTER_COLUMNS, self._query, self._load, parent, default_sort="",
                         muted=lambda r: r.status == "취소")

    def _query(self, _sort: str, _ascending: bool) -> list[int]:
        if self.run_id is None:
            return []
        run_id, status = self.run_id, self.status_filter
        return self._context.read(lambda s: enrollment_service.roster_ids(s, run_id, status))

    def _load(self, ids: list[int]) -> list[RosterRow]:
        return self._context.read(lambda s: enrollment_service.roster_rows(s, ids))


EVENT_COLUMNS = [
    Column("일시", lambda r: r.at),
    Column("처리자", lambda r: r.actor),
    Column("이전", lambda r: r.from_status or "—"),
    Column("이후", lambda r: r.to_status),
    Column("사유", lambda r: r.reason, tooltip=lambda r: r.reason),
]


class EventTableModel(ListTableModel[EventRow]):
    """An enrolment's history (who, when, from, to, why)."""

    def __init__(self, parent=None) -> None:
        super().__init__(EVENT_COLUMNS, parent)


PERSON_ENROLLMENT_COLUMNS = [
    Column("기수코드", lambda r: r.run_code),
    Column("과정명", lambda r: r.course_title, tooltip=lambda r: r.course_title),
    Column("기간", lambda r: _period(r.start_date, r.end_date)),
    Column("상태", lambda r: r.status if not r.waitlist_rank
           else tr("대기 {rank}번").format(rank=r.waitlist_rank)),
]


class PersonEnrollmentTableModel(ListTableModel[PersonEnrollmentRow]):
    """A person's enrolments on the trainee page."""

    def __init__(self, parent=None) -> None:
        super().__init__(PERSON_ENROLLMENT_COLUMNS, parent, muted=lambda r: r.status == "취소")


DUPLICATE_COLUMNS = [
    Column("번호", lambda r: r.id, align_right=True),
    *PERSON_COLUMNS,
]


class DuplicateTableModel(ListTableModel[PersonRow]):
    """Records of one likely-duplicate group."""

    def __init__(self, parent=None) -> None:
        super().__init__(DUPLICATE_COLUMNS, parent)



def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:g}%"


def _hours(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    return tr("{h}시간").format(h=hours) if not rest else tr("{h}시간 {m}분").format(h=hours, m=rest)


RUN_ROSTER_COLUMNS = [
    Column("성명", lambda r: r.name),
    Column("생년월일", lambda r: r.birth_date),
    Column("소속", lambda r: r.organization, tooltip=lambda r: r.organization),
    Column("직위", lambda r: r.position),
    Column("상태", lambda r: r.status),
    Column("출석률", lambda r: r.attendance_pct, align_right=True),
    Column("미입력", lambda r: r.unrecorded or None, align_right=True),
    Column("점수", lambda r: r.score, align_right=True),
    Column("이수", lambda r: r.completion + (tr(" (직접)") if r.manual else "")),
    Column("인정 시간", lambda r: _hours(r.recognised_minutes)),
    Column("사유", lambda r: r.completion_reason, tooltip=lambda r: r.completion_reason),
]


SCORE_COLUMN = 7


class RunRosterTableModel(ListTableModel):
    """A run's trainees with attendance %, score and completion (명단·출결 page).

    The score of a selected trainee is typed in its cell; ``score_writer(enrollment_id, text)``
    saves it (the page's one unit of work) and returns whether it was saved.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(RUN_ROSTER_COLUMNS, parent, muted=lambda r: r.status != "선발")
        self.score_writer = None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.column() == 5 \
                and value:
            return _pct(self.row_at(index.row()).attendance_pct)  # sorted as a number, shown as %
        if role == Qt.ItemDataRole.EditRole and index.isValid() \
                and index.column() == SCORE_COLUMN:
            score = self.row_at(index.row()).score
            return "" if score is None else f"{score:g}"
        return value

    def flags(self, index):
        flags = super().flags(index)
        row = self.row_at(index.row()) if index.isValid() else None
        if (row is not None and index.column() == SCORE_COLUMN and row.status == "선발"
                and self.score_writer is not None):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802 - Qt API
        row = self.row_at(index.row()) if index.isValid() else None
        if (row is None or role != Qt.ItemDataRole.EditRole or index.column() != SCORE_COLUMN
                or self.score_writer is None):
            return False
        return bool(self.score_writer(row.enrollment_id, value))


ORG_COLUMNS = [
    Column("소속", lambda r: r[0], tooltip=lambda r: r[0]),
    Column("선발", lambda r: r[1], align_right=True),
    Column("이수", lambda r: r[2], align_right=True),
]


class OrgCountTableModel(ListTableModel):
    """Selected and completed trainees per organization."""

    def __init__(self, parent=None) -> None:
        super().__init__(ORG_COLUMNS, parent)


RECORD_COLUMNS = [
    Column("연도", lambda r: str(r.year)),
    Column("기수코드", lambda r: r.run_code),
    Column("과정명", lambda r: r.course_title, tooltip=lambda r: r.course_title),
    Column("연수종별", lambda r: r.category),
    Column("기간", lambda r: _period(r.start_date, r.end_date)),
    Column("상태", lambda r: r.status),
    Column("이수", lambda r: r.completion),
    Column("인정 시간", lambda r: _hours(r.recognised_minutes)),
    Column("학점", lambda r: r.credits, align_right=True),
]


class TrainingRecordTableModel(ListTableModel):
    """A person's 연수 이력, newest first."""

    def __init__(self, parent=None) -> None:
        super().__init__(RECORD_COLUMNS, parent, muted=lambda r: r.status != "선발")


YEAR_COLUMNS = [
    Column("연도", lambda r: str(r.year)),
    Column("신청 과정", lambda r: r.runs, align_right=True),
    Column("이수", lambda r: r.completed, align_right=True),
    Column("인정 시간", lambda r: _hours(r.recognised_minutes)),
    Column("학점", lambda r: r.credits, align_right=True),
]


class YearTotalTableModel(ListTableModel):
    """A person's record totalled per year."""

    def __init__(self, parent=None) -> None:
        super().__init__(YEAR_COLUMNS, parent)
