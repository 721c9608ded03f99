"""Budget execution (집행): spending entries against lines, recorded changes (전용 / 변경) between
lines, and execution against the quarterly plan.

Plans are in 천원 (as printed); spending and changes in 원.  A line's available budget is its
planned amount plus the changes into it less the changes out of it; spending past it is refused
until a change is recorded (the original plan stays visible: changes never rewrite it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import NotFoundError, Problems, ValidationError
from ..models import BudgetLine, BudgetProgram, BudgetTask, BudgetTransfer, Spending
from . import clock
from .values import reason_text, text_field

WON = 1000          # 천원 → 원
TOLERANCE_PCT = 10  # executed within ±10 % of the plan to date is on plan
GROUPINGS = {"line": "줄", "task": "실천과제", "department": "부서", "program": "세부사업"}
KINDS = ("전용", "변경")


MAX_WON = 2_147_483_647    # the amount columns' integer range; no single payment comes near it


def parse_won(value: object) -> int | None:
    """An amount in 원 as typed ('1,250,000', '1250000원', 1250000) or None when it is not a
    whole number from 1 to :data:`MAX_WON` — the one reading of the forms and the services."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").replace(",", "").replace("원", "").strip()
    if not text.isdigit():
        return None
    won = int(text)
    return won if 1 <= won <= MAX_WON else None


WON_PROBLEM = f"금액은 1원부터 {MAX_WON:,}원까지의 숫자입니다."


def _line(session: Session, line_id: int) -> BudgetLine:
    line = session.get(BudgetLine, line_id, with_for_update=True)
    if line is None:
        raise NotFoundError("예산 줄을 찾을 수 없습니다.", field="예산 줄")
    return line


def available(session: Session, line_id: int) -> int:
    """What the line may still spend, 원: plan + changes in − changes out − spent."""
    line = session.get(BudgetLine, line_id)
    planned = (line.amount or 0) * WON
    into = session.scalar(select(func.coalesce(func.sum(BudgetTransfer.amount), 0))
                          .where(BudgetTransfer.to_line_id == line_id))
    out = session.scalar(select(func.coalesce(func.sum(BudgetTransfer.amount), 0))
                         .where(BudgetTransfer.from_line_id == line_id))
    spent = session.scalar(select(func.coalesce(func.sum(Spending.amount), 0))
                           .where(Spending.line_id == line_id))
    return planned + into - out - spent


def _describe(session: Session, line: BudgetLine) -> str:
    code = session.scalar(select(BudgetTask.code).where(BudgetTask.id == line.task_id))
    return f"{code} {line.line_no}번 줄({line.name[:20]})"


def _year_of(session: Session, line: BudgetLine) -> int:
    return session.scalar(select(BudgetTask.year).where(BudgetTask.id == line.task_id))


def _within_year(session: Session, line: BudgetLine, day: date, field: str) -> None:
    year = _year_of(session, line)
    if day.year != year:
        raise ValidationError(f"{_describe(session, line)}은(는) {year}년 예산이라 {field}도 "
                              f"{year}년 안이어야 합니다 ({day}).", field=field)


def spend(session: Session, line_id: int, spent_on: date, amount: object, description: str,
          actor: str, *, payee: str = "", evidence_no: str = "", run_id: int | None = None
          ) -> int:
    """Record a spending entry; refused past the line's available budget (naming it)."""
    p = Problems()
    won = parse_won(amount)
    p.check(won is not None, "금액", WON_PROBLEM)
    what = text_field(p, "내용", description, max_len=200, required=True)
    to = text_field(p, "지급처", payee, max_len=100)
    evidence = text_field(p, "증빙번호", evidence_no, max_len=50)
    p.raise_if_any()
    line = _line(session, line_id)
    _within_year(session, line, spent_on, "집행일")
    if line.amount_state in ("재배정", "비예산"):
        raise ValidationError(f"{_describe(session, line)}은(는) {line.amount_state} 줄이라 여기서 "
                              "집행하지 않습니다.", field="예산 줄")
    left = available(session, line_id)
    if won > left:
        raise ValidationError(f"{_describe(session, line)}의 남은 예산 {left:,}원보다 많습니다 "
                              f"({won:,}원). 먼저 전용·변경을 기록하십시오.", field="금액")
    entry = Spending(line_id=line_id, spent_on=spent_on, amount=won, description=what,
                     payee=to, evidence_no=evidence, run_id=run_id,
                     created_at=clock.now(session), created_by=actor)
    session.add(entry)
    session.flush()
    return entry.id


def transfer(session: Session, kind: str, from_line_id: int, to_line_id: int, amount: object,
             reason: str, changed_on: date, actor: str) -> int:
    """Move budget between two lines with the reason; the giving line keeps enough for what it
    has spent."""
    if kind not in KINDS:
        raise ValidationError(f"종류는 {', '.join(KINDS)} 중 하나입니다.", field="종류")
    why = reason_text(reason, "사유", "전용·변경 사유를 적으십시오.")
    won = parse_won(amount)
    if won is None:
        raise ValidationError(WON_PROBLEM, field="금액")
    if from_line_id == to_line_id:
        raise ValidationError("보내는 줄과 받는 줄이 같습니다.", field="받는 줄")
    source = _line(session, from_line_id)
    target = _line(session, to_line_id)
    if _year_of(session, source) != _year_of(session, target):
        raise ValidationError("두 줄이 서로 다른 회계연도입니다.", field="받는 줄")
    _within_year(session, source, changed_on, "일자")
    left = available(session, from_line_id)
    if won > left:
        raise ValidationError(f"{_describe(session, source)}에 남은 예산은 {left:,}원입니다.",
                              field="금액")
    change = BudgetTransfer(kind=kind, from_line_id=from_line_id, to_line_id=to_line_id,
                            amount=won, reason=why, changed_on=changed_on, created_by=actor)
    session.add(change)
    session.flush()
    return change.id


@dataclass(frozen=True)
class LineExecution:
    """One line (or a group of lines) against its plan, 원: planned, changes (by the quarter
    they were recorded in) and executed, per quarter.  Figures "at" a quarter are as of that
    quarter's last day, so a report of an earlier quarter is not moved by later entries."""

    line_id: int
    task_code: str
    line_no: int
    department: str
    name: str
    planned: tuple[int, int, int, int]
    changed: tuple[int, int, int, int]
    executed: tuple[int, int, int, int]
    program: str = ""

    def budget_at(self, quarter: int = 4) -> int:
        """The plan plus the changes recorded up to the end of ``quarter``."""
        return sum(self.planned) + sum(self.changed[:quarter])

    def spent_to(self, quarter: int = 4) -> int:
        return sum(self.executed[:quarter])

    def remaining_at(self, quarter: int = 4) -> int:
        return self.budget_at(quarter) - self.spent_to(quarter)

    def rate_at(self, quarter: int = 4) -> float:
        """Spent to the end of ``quarter`` as a % of the budget then."""
        budget = self.budget_at(quarter)
        return round(100 * self.spent_to(quarter) / budget, 1) if budget else 0.0

    @property
    def changes(self) -> int:
        return sum(self.changed)

    @property
    def budget(self) -> int:
        return self.budget_at(4)

    @property
    def spent(self) -> int:
        return self.spent_to(4)

    @property
    def remaining(self) -> int:
        return self.remaining_at(4)

    @property
    def rate_pct(self) -> float:
        return self.rate_at(4)

    def variance(self, quarter: int) -> int:
        """Executed less planned up to and including ``quarter`` (1–4): ahead > 0, behind < 0."""
        return sum(self.executed[:quarter]) - sum(self.planned[:quarter])

    def standing(self, quarter: int) -> str:
        """'부진' (behind), '초과' (ahead) or '' against the plan up to ``quarter``: more than
        :data:`TOLERANCE_PCT` of the planned amount apart, or spent with nothing planned."""
        planned = sum(self.planned[:quarter])
        gap = self.variance(quarter)
        if planned == 0:
            return "초과" if gap > 0 else ""
        if gap < -planned * TOLERANCE_PCT / 100:
            return "부진"
        return "초과" if gap > planned * TOLERANCE_PCT / 100 else ""


def execution(session: Session, year: int) -> list[LineExecution]:
    """Every line of the year with its plan, changes and spending by quarter (one pass each
    over the lines, the changes and the spending)."""
    lines = session.execute(
        select(BudgetLine.id, BudgetTask.code, BudgetLine.line_no, BudgetLine.department,
               BudgetLine.name, BudgetLine.q1, BudgetLine.q2, BudgetLine.q3, BudgetLine.q4,
               BudgetProgram.name)
        .join(BudgetTask, BudgetTask.id == BudgetLine.task_id)
        .outerjoin(BudgetProgram, BudgetProgram.id == BudgetLine.program_id)
        .where(BudgetTask.year == year).order_by(BudgetTask.code, BudgetLine.line_no)).all()
    ids = [row[0] for row in lines]
    changes: dict[tuple[int, int], int] = defaultdict(int)
    for source, target, amount, day in session.execute(
            select(BudgetTransfer.from_line_id, BudgetTransfer.to_line_id, BudgetTransfer.amount,
                   BudgetTransfer.changed_on)
            .where(BudgetTransfer.to_line_id.in_(ids) | BudgetTransfer.from_line_id.in_(ids))):
        changes[(source, quarter_of(day) - 1)] -= amount
        changes[(target, quarter_of(day) - 1)] += amount
    spent: dict[tuple[int, int], int] = defaultdict(int)
    for line_id, spent_on, amount in session.execute(
            select(Spending.line_id, Spending.spent_on, Spending.amount)
            .where(Spending.line_id.in_(ids))):
        spent[(line_id, quarter_of(spent_on) - 1)] += amount
    return [LineExecution(
        line_id, code, no, dept, name, tuple((q or 0) * WON for q in (q1, q2, q3, q4)),
        tuple(changes[(line_id, q)] for q in range(4)), tuple(spent[(line_id, q)] for q in range(4)),
        program or "")
        for line_id, code, no, dept, name, q1, q2, q3, q4, program in lines]


def grouped(rows: list[LineExecution], by: str) -> list[LineExecution]:
    """The lines summed per :data:`GROUPINGS` key ('line' gives them back as they are); a
    group's ``name`` is its task code, department or programme (미지정 when none)."""
    if by == "line":
        return rows
    if by not in GROUPINGS:
        raise ValidationError(f"묶음은 {', '.join(GROUPINGS.values())} 중 하나입니다.", field="묶음")
    sums: dict[str, list] = {}
    for r in rows:
        key = {"task": r.task_code, "department": r.department,
               "program": r.program}[by] or "미지정"
        acc = sums.setdefault(key, [[0] * 4, [0] * 4, [0] * 4])
        for q in range(4):
            acc[0][q] += r.planned[q]
            acc[1][q] += r.changed[q]
            acc[2][q] += r.executed[q]
    return [LineExecution(0, key if by == "task" else "", 0, key if by == "department" else "",
                          key, tuple(p), tuple(c), tuple(e), key if by == "program" else "")
            for key, (p, c, e) in sorted(sums.items(), key=lambda kv: (kv[0] == "미지정", kv[0]))]


def quarter_of(day: date) -> int:
    """1–4."""
    return (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> date:
    """The last day of ``quarter`` of ``year``."""
    return date(year, 12, 31) if quarter == 4 else date(year, 3 * quarter + 1, 1) - timedelta(1)


@dataclass(frozen=True)
class SpendingRow:
    """A spending entry as the lists show it."""

    id: int
    spent_on: date
    line_id: int
    line: str
    amount: int
    description: str
    payee: str
    evidence_no: str
    run_code: str
    created_by: str


@dataclass(frozen=True)
class TransferRow:
    """A recorded change as the lists show it."""

    id: int
    kind: str
    changed_on: date
    from_line: str
    to_line: str
    amount: int
    reason: str
    created_by: str


def line_labels(session: Session, year: int) -> dict[int, str]:
    """Line id → '1-1 1번 사업명' for every line of the year (the pickers' and lists' text)."""
    return {line_id: f"{code} {no}번 {name}" for line_id, code, no, name in session.execute(
        select(BudgetLine.id, BudgetTask.code, BudgetLine.line_no, BudgetLine.name)
        .join(BudgetTask, BudgetTask.id == BudgetLine.task_id).where(BudgetTask.year == year)
        .order_by(BudgetTask.code, BudgetLine.line_no))}


def spending_rows(session: Session, year: int, line_id: int | None = None,
                  quarter: int | None = None,
                  labels: dict[int, str] | None = None) -> list[SpendingRow]:
    """The year's spending entries, newest first, of one line and one quarter when given
    (``labels``: the year's :func:`line_labels` when the caller has read them already)."""
    from ..models import CourseRun

    labels = labels if labels is not None else line_labels(session, year)
    query = (select(Spending, CourseRun.code).outerjoin(CourseRun, CourseRun.id == Spending.run_id)
             .where(Spending.line_id.in_(labels))
             .order_by(Spending.spent_on.desc(), Spending.id.desc()))
    if line_id is not None:
        query = query.where(Spending.line_id == line_id)
    if quarter is not None:
        query = query.where(Spending.spent_on >= date(year, 3 * quarter - 2, 1),
                            Spending.spent_on <= quarter_end(year, quarter))
    return [SpendingRow(s.id, s.spent_on, s.line_id, labels[s.line_id], s.amount, s.description,
                        s.payee, s.evidence_no, code or "", s.created_by)
            for s, code in session.execute(query)]


def transfer_rows(session: Session, year: int) -> list[TransferRow]:
    """The year's recorded changes, in date order."""
    labels = line_labels(session, year)
    return [TransferRow(t.id, t.kind, t.changed_on, labels[t.from_line_id], labels[t.to_line_id],
                        t.amount, t.reason, t.created_by)
            for t in session.scalars(select(BudgetTransfer)
                                     .where(BudgetTransfer.to_line_id.in_(labels))
                                     .order_by(BudgetTransfer.changed_on, BudgetTransfer.id))]


def delete_spending(session: Session, spending_id: int) -> None:
    """Take back a spending entry typed by mistake."""
    from ..models import CourseRun, PayItem, PaySheet

    entry = session.get(Spending, spending_id)
    if entry is None:
        raise NotFoundError("집행 내역을 찾을 수 없습니다 (다른 PC에서 지웠을 수 있습니다).",
                            field="집행")
    paid_by = session.scalar(select(CourseRun.code).join(PaySheet, PaySheet.run_id == CourseRun.id)
                             .join(PayItem, PayItem.sheet_id == PaySheet.id)
                             .where(PayItem.spending_id == spending_id))
    if paid_by is not None:
        raise ValidationError(f"{paid_by} 강사수당 명세로 지급한 집행이라 여기서 지울 수 없습니다.",
                              field="집행")
    session.delete(entry)
    session.flush()
