"""Budget execution (집행): spending entries against lines, recorded changes (전용 / 변경) between
lines, and execution against the quarterly plan.

Plans are in 천원 (as printed); spending and changes in 원.  A line's available budget is its
planned amount plus the changes into it less the changes out of it; spending past it is refused
until a change is recorded (the original plan stays visible: changes never rewrite it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import NotFoundError, Problems, ValidationError
from ..models import BudgetLine, BudgetTask, BudgetTransfer, Spending
from . import clock
from .values import reason_text, text_field

WON = 1000          # 천원 → 원
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


def execution(session: Session, year: int) -> list[LineExecution]:
    """Every line of the year with its plan, changes and spending by quarter (one pass each
    over the lines, the changes and the spending)."""
    lines = session.execute(
        select(BudgetLine.id, BudgetTask.code, BudgetLine.line_no, BudgetLine.department,
               BudgetLine.name, BudgetLine.q1, BudgetLine.q2, BudgetLine.q3, BudgetLine.q4)
        .join(BudgetTask, BudgetTask.id == BudgetLine.task_id)
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
        changes[line_id], tuple(spent[(line_id, q)] for q in range(4)))
        for line_id, code, no, dept, name, q1, q2, q3, q4 in lines]


def by_task(rows: list[LineExecution]) -> dict[str, tuple[int, int]]:
    """Task code → (budget, spent), 원."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        out[r.task_code][0] += r.budget
        out[r.task_code][1] += r.spent
    return {k: (v[0], v[1]) for k, v in out.items()}
