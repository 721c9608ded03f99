"""``budget check --year Y``: prints every sum of the year's plan that does not hold and exits 1
when there is any (0 when everything adds up)."""

from __future__ import annotations

import argparse

from .cli_common import EXIT_OK
from .db import Database
from .services import budget

EXIT_DIFFERENCES = 1


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """``budget``."""
    command = sub.add_parser("budget", help="예산")
    budget_sub = command.add_subparsers(dest="budget_command", parser_class=parser_class,
                                        required=True)
    p = budget_sub.add_parser("check", help="합계가 맞지 않는 곳을 모두 보여 줌 (있으면 종료 코드 1)")
    p.add_argument("--year", required=True, type=int, help="회계연도 (예: 2021)")


def run_budget(database: Database, args, _actor: str) -> int:
    with database.read_scope() as session:
        found = budget.check(session, args.year)
        totals = budget.program_totals(session, args.year)
    print(f"{args.year}년 세부사업 합계: {totals.budget:,} / 전년 {totals.last_year:,} / "
          f"전년 최종 {totals.last_year_final:,} (천원)")
    for difference in found:
        print(difference)
    print("맞지 않는 합계 없음" if not found else f"맞지 않는 합계 {len(found)}곳")
    return EXIT_DIFFERENCES if found else EXIT_OK
