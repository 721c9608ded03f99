"""The demo's budget year beyond the plan's figures, both labelled as the demo's own:

* which programme (세부사업) pays each line — the plan does not say, so the demo assumes it from
  the running department (teachers' departments → 교원연수운영, the civil-service ones →
  지방공무원연수운영) and leaves the planning department's lines (기평) unassigned;
* spending entries up to the demo's today, invented around each line's quarterly plan (some
  lines behind, some ahead), described with "(예시)", and one recorded change (전용).

Everything goes through the same services the office uses (assignments as cell edits,
spending and changes with their checks).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from . import budget_execution as ex
from .budget_plan import CellEdit, apply_edits, read_plan

PROGRAM_OF_DEPARTMENT = {
    "초등": "교원연수운영", "중등": "교원연수운영", "초·중등": "교원연수운영", "원격": "교원연수운영",
    "교행": "지방공무원연수운영", "교행원격": "지방공무원연수운영", "행지": "지방공무원연수운영",
}
PAYEES = ("○○교육연구소", "△△인쇄", "□□관광버스", "연수원 강사(개인)", "○○식품", "◇◇콘텐츠")


def load(session: Session, year: int, today: date, actor: str) -> int:
    """Assign programmes, then invent spending up to ``today``; returns the entries made."""
    plan = read_plan(session, year)
    names = {p.name for p in plan.programs}
    apply_edits(session, year, [
        CellEdit(line.id, "program", PROGRAM_OF_DEPARTMENT[line.department])
        for task in plan.tasks for line in task.lines
        if PROGRAM_OF_DEPARTMENT.get(line.department) in names])
    rng = random.Random(year)
    current = ex.quarter_of(today)
    made = 0
    for task in plan.tasks:
        for line in task.lines:
            if line.amount is None or line.amount_state in ("재배정", "비예산"):
                continue
            for q in range(1, current + 1):
                planned = (line.quarters[q - 1] or 0) * ex.WON
                if not planned:
                    continue
                start = date(year, 3 * q - 2, 1)
                end = min(today, ex.quarter_end(year, q))
                # most of a quarter's money is committed early (contracts, fees), so the
                # quarter under way is spent about as planned already, some lines behind
                share = rng.choice((0.55, 0.8, 0.93, 0.97, 1.0, 1.0, 1.12))
                total = int(planned * share) // 10_000 * 10_000
                parts = rng.randint(1, 3)
                for n in range(parts):
                    amount = total // parts if n < parts - 1 else total - total // parts * (parts - 1)
                    if amount <= 0 or amount > ex.available(session, line.id):
                        continue
                    day = start + timedelta(days=rng.randint(0, (end - start).days))
                    use = line.uses[q - 1] or "연수운영"
                    ex.spend(session, line.id, day, amount, f"{use} {n + 1}차 (예시)", actor,
                             payee=rng.choice(PAYEES), evidence_no=f"{year}-{made + 1:04d}")
                    made += 1
    first = plan.task("1-1")
    if first is not None and len(first.lines) >= 2:
        ex.transfer(session, "전용", first.lines[1].id, first.lines[0].id, 5_000_000,
                    "초등 수업 성장 과정 2기 증설에 따른 전용 (예시)", date(year, 5, 20), actor)
    return made
