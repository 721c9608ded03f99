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


def spend(session: Session, line_id: int, spent_on: date, amount: object, description: str,
          actor: str, *, payee: str = "", evidence_no: str = "", run_id: int | None = None
          ) -> int:
    """Record a spending entry; refused past the line's available budget (naming it)."""
    p = Problems()
    try:
        won = int(str(amount).replace(",", "").strip())
    except ValueError:
        won = 0
    p.check(won > 0, "금액", "금액은 1원 이상의 숫자입니다.")
    what = text_field(p, "내용", description, max_len=200, required=True)
    to = text_field(p, "지급처", payee, max_len=100)
    evidence = text_field(p, "증빙번호", evidence_no, max_len=50)
    p.raise_if_any()
    line = _line(session, line_id)
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
    try:
        won = int(str(amount).replace(",", "").strip())
    except ValueError:
        won = 0
    if won <= 0:
        raise ValidationError("금액은 1원 이상의 숫자입니다.", field="금액")
    if from_line_id == to_line_id:
        raise ValidationError("보내는 줄과 받는 줄이 같습니다.", field="받는 줄")
    source = _line(session, from_line_id)
    _line(session, to_line_id)
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
    """One line against its plan, 원: planned per quarter, changes, executed per quarter."""

    line_id: int
    task_code: str
    line_no: int
    department: str
    name: str
    planned: tuple[int, int, int, int]
    changes: int
    executed: tuple[int, int, int, int]
    program: str = ""

    @property
    def budget(self) -> int:
        return sum(self.planned) + self.changes

    @property
    def spent(self) -> int:
        return sum(self.executed)

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    @property
    def rate_pct(self) -> float:
        return round(100 * self.spent / self.budget, 1) if self.budget else 0.0

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
    changes: dict[int, int] = defaultdict(int)
    for source, target, amount in session.execute(
            select(BudgetTransfer.from_line_id, BudgetTransfer.to_line_id, BudgetTransfer.amount)
            .where(BudgetTransfer.to_line_id.in_(ids) | BudgetTransfer.from_line_id.in_(ids))):
        changes[source] -= amount
        changes[target] += amount
    spent: dict[tuple[int, int], int] = defaultdict(int)
    for line_id, spent_on, amount in session.execute(
            select(Spending.line_id, Spending.spent_on, Spending.amount)
            .where(Spending.line_id.in_(ids))):
        spent[(line_id, (spent_on.month - 1) // 3)] += amount
    return [LineExecution(
        line_id, code, no, dept, name, tuple((q or 0) * WON for q in (q1, q2, q3, q4)),
        changes[line_id], tuple(spent[(line_id, q)] for q in range(4)), program or "")
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
        acc = sums.setdefault(key, [[0] * 4, 0, [0] * 4, 0])
        for q in range(4):
            acc[0][q] += r.planned[q]
            acc[2][q] += r.executed[q]
        acc[1] += r.changes
        acc[3] += 1
    return [LineExecution(0, key if by == "task" else "", 0, key if by == "department" else "",
                          key, tuple(p), changes, tuple(e), key if by == "program" else "")
            for key, (p, changes, e, _n) in sorted(sums.items(), key=lambda kv: (
                kv[0] == "미지정", kv[0]))]


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
                  quarter: int | None = None) -> list[SpendingRow]:
    """The year's spending entries, newest first, of one line and one quarter when given."""
    from ..models import CourseRun

    labels = line_labels(session, year)
    query = (select(Spending, CourseRun.code).outerjoin(CourseRun, CourseRun.id == Spending.run_id)
             .where(Spending.line_id.in_(labels))
             .order_by(Spending.spent_on.desc(), Spending.id.desc()))
    if line_id is not None:
        query = query.where(Spending.line_id == line_id)
    if quarter is not None:
        first = date(year, 3 * quarter - 2, 1)
        query = query.where(Spending.spent_on >= first,
                            Spending.spent_on < (date(year + 1, 1, 1) if quarter == 4
                                                 else date(year, 3 * quarter + 1, 1)))
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
    entry = session.get(Spending, spending_id)
    if entry is None:
        raise NotFoundError("집행 내역을 찾을 수 없습니다 (다른 PC에서 지웠을 수 있습니다).",
                            field="집행")
    session.delete(entry)
    session.flush()
