"""``budget`` commands: ``check --year Y`` (every sum that does not hold; exit 1 if any),
``export --year Y --out F.xlsx``, ``import F.xlsx --year Y [--dry-run]`` (every changed cell
listed; nothing written on --dry-run or on any bad cell) and ``report --year Y --quarter Q
--out F.pdf`` (the quarter's execution report)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .cli_common import EXIT_OK
from .db import Database
from .services import budget, budget_files, budget_report

EXIT_DIFFERENCES = 1


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """``budget``."""
    command = sub.add_parser("budget", help="예산")
    budget_sub = command.add_subparsers(dest="budget_command", parser_class=parser_class,
                                        required=True)
    p = budget_sub.add_parser("check", help="합계가 맞지 않는 곳을 모두 보여 줌 (있으면 종료 코드 1)")
    p.add_argument("--year", required=True, type=int, help="회계연도 (예: 2021)")
    p = budget_sub.add_parser("export", help="한 해 예산을 계획서 표 모양의 엑셀로 (합계는 수식; "
                                             "예산이 없는 해는 채울 빈 양식)")
    p.add_argument("--year", required=True, type=int, help="회계연도")
    p.add_argument("--out", required=True, help="저장할 .xlsx 파일 경로")
    p = budget_sub.add_parser("import", help="고친 예산 엑셀을 가져옴 (바뀌는 칸을 모두 보여 줌; "
                                             "예산이 없는 해는 파일로 새로 만듦)")
    p.add_argument("file", help="budget export로 만든 뒤 고친 .xlsx 파일")
    p.add_argument("--year", required=True, type=int, help="회계연도")
    p.add_argument("--dry-run", action="store_true", help="바뀔 칸만 보여 주고 저장하지 않음")
    p = budget_sub.add_parser("report", help="분기 예산 집행 현황 PDF")
    p.add_argument("--year", required=True, type=int, help="회계연도")
    p.add_argument("--quarter", required=True, type=int, choices=(1, 2, 3, 4), help="분기 (1~4)")
    p.add_argument("--out", required=True, help="저장할 .pdf 파일 경로")


def run_budget(database: Database, args, _actor: str) -> int:
    """Carry out one ``budget`` sub-command."""
    if args.budget_command == "export":
        with database.read_scope() as session:
            written = budget_files.export_year(session, args.year, Path(args.out))
        print(f"저장했습니다: {written}")
        return EXIT_OK
    if args.budget_command == "import":
        return _import(database, args)
    if args.budget_command == "report":
        with database.read_scope() as session:
            written = budget_report.write_report(session, args.year, args.quarter, Path(args.out))
        print(f"저장했습니다: {written}")
        return EXIT_OK
    with database.read_scope() as session:
        found = budget.check(session, args.year)
        totals = budget.program_totals(session, args.year)
    print(f"{args.year}년 세부사업 합계: {totals.budget:,} / 전년 {totals.last_year:,} / "
          f"전년 최종 {totals.last_year_final:,} (천원)")
    for difference in found:
        print(difference)
    print("맞지 않는 합계 없음" if not found else f"맞지 않는 합계 {len(found)}곳")
    return EXIT_DIFFERENCES if found else EXIT_OK


def _import(database: Database, args) -> int:
    with database.session_scope() as session:
        found = budget_files.preview_import(session, args.year, Path(args.file))
        for change in found.changes:
            print(f"시트 '{change.sheet}' 행 {change.row} {change.column}: "
                  f"{change.before or '(빈 칸)'} → {change.after or '(빈 칸)'}")
        for note in found.notes:
            print(note)
        if not found.changes and not found.creates_year:
            print("바뀌는 칸이 없습니다.")
            return EXIT_OK
        if args.dry_run:
            session.rollback()
            print(f"검사만 했습니다 (--dry-run): 바뀔 칸 {len(found.changes)}개")
            return EXIT_OK
        budget_files.apply_import(session, found)
    print(f"가져왔습니다: 바뀐 칸 {len(found.changes)}개")
    return EXIT_OK
