"""``stats --year Y --out F.xlsx`` (the year's statistics in the report's tables) and
``stats --year Y --json`` (one row per category × target group × delivery, no total rows)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .cli_common import EXIT_OK
from .db import Database
from .services import statistics, statistics_export


def add_parsers(sub: argparse._SubParsersAction, _parser_class: type) -> None:
    """``stats``."""
    p = sub.add_parser("stats", help="한 해 연수 실적 통계 (과정·기수·선발·이수)")
    p.add_argument("--year", required=True, type=int, help="연도 (예: 2021)")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", help="저장할 .xlsx 파일 경로")
    out.add_argument("--json", action="store_true", help="종별·대상·방식마다 한 줄씩 JSON으로")


def run_stats(database: Database, args, _actor: str) -> int:
    if args.json:
        with database.read_scope() as session:
            stats = statistics.year_statistics(session, args.year)
        print(json.dumps([r.as_json() for r in stats.rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    with database.read_scope() as session:
        written = statistics_export.export_year(session, args.year, Path(args.out))
    print(f"저장했습니다: {written}")
    return EXIT_OK
