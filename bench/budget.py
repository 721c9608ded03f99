"""Bench of budget execution: the execution summary of the 2021 plan's 69 lines over 20,000
spending entries recomputed, beside one bare sqlite3 GROUP BY of the same spending."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from raw import bare_query_ms, scratch_database

ENTRIES = 20_000


def execution_20000(row, median_ms) -> list[dict]:
    from sqlalchemy import insert, select

    from desktop_app import paths
    from desktop_app.db import unaudited_writes
    from desktop_app.models import BudgetLine, Spending
    from desktop_app.services import budget, budget_execution

    rng = random.Random(11)
    with scratch_database("yeonsu-bench-budget-") as (folder, database):
        with database.session_scope() as s, unaudited_writes(s):    # a data load
            budget.load_plan(s, 2021, paths.resources_dir() / "demo" / "budget")
            lines = list(s.scalars(select(BudgetLine.id)))
            s.execute(insert(Spending), [dict(
                line_id=rng.choice(lines),
                spent_on=date(2021, 1, 1) + timedelta(days=rng.randrange(365)),
                amount=rng.randrange(10_000, 500_000), description="벤치 집행", payee="",
                evidence_no="", created_at=datetime(2021, 1, 1), created_by="bench")
                for _ in range(ENTRIES)])

        def ours() -> None:
            with database.read_scope() as s:
                rows = budget_execution.execution(s, 2021)
                for by in ("task", "department", "program"):
                    budget_execution.grouped(rows, by)

        total = median_ms(ours, 9)
        bare = bare_query_ms(folder / "bench.sqlite3",
                             "SELECT line_id, (CAST(strftime('%m', spent_on) AS INTEGER) - 1) / 3, "
                             "sum(amount) FROM budget_spending GROUP BY 1, 2", median_ms, 9)
    return [row(f"예산 집행 현황 다시 계산 (69줄·과제·부서·세부사업, 집행 {ENTRIES:,}건)", total, bare, 100,
                note="floor: sqlite3로 줄·분기별 합계 한 번")]
