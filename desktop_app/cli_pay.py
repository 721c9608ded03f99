"""``pay sheet --run R --out F.xlsx|F.pdf`` (the run's pay sheet, computed from its timetable
when there is none yet) and ``pay ledger --year Y --out F.xlsx`` (payments per instructor)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .cli_common import EXIT_OK
from .db import Database
from .errors import ValidationError
from .services import pay, pay_print
from .services.runs import find_run_id


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """``pay``."""
    command = sub.add_parser("pay", help="강사수당")
    pay_sub = command.add_subparsers(dest="pay_command", parser_class=parser_class, required=True)
    p = pay_sub.add_parser("sheet", help="기수의 강사수당 지급 명세 (.xlsx 또는 .pdf)")
    p.add_argument("--run", required=True, help="기수코드 (예: 2021-118-01)")
    p.add_argument("--out", required=True, help="저장할 .xlsx 또는 .pdf 파일 경로")
    p = pay_sub.add_parser("ledger", help="한 해 강사별 지급 대장 (.xlsx)")
    p.add_argument("--year", required=True, type=int, help="연도")
    p.add_argument("--out", required=True, help="저장할 .xlsx 파일 경로")


def run_pay(database: Database, args, _actor: str) -> int:
    """Carry out one ``pay`` sub-command."""
    if args.pay_command == "ledger":
        with database.read_scope() as session:
            written = pay_print.export_ledger(session, args.year, Path(args.out))
        print(f"저장했습니다: {written}")
        return EXIT_OK
    if Path(args.out).suffix.lower() not in (".xlsx", ".pdf"):
        raise ValidationError("파일 이름은 .xlsx 또는 .pdf로 끝나야 합니다.", field="--out")
    with database.session_scope() as session:
        run_id = find_run_id(session, args.run)
        if not pay.has_sheet(session, run_id):
            pay.prepare(session, run_id)
            print("시간표로 명세를 계산했습니다 (작성).")
    with database.read_scope() as session:
        written = pay_print.export_sheet(session, run_id, Path(args.out))
    print(f"저장했습니다: {written}")
    return EXIT_OK
