"""``roster`` commands: ``roster import FILE --run CODE [--dry-run]``, ``roster export --run
CODE --out F.xlsx``.

The same services as the GUI's 명단 업로드.  A file with any refused row is not imported: every
problem is printed as ``행 12, 열 '생년월일': …`` and the command exits 2 having written nothing,
so the officer fixes the file and runs it again (a second run adds nobody twice).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .db import Database
from .cli_common import EXIT_OK, late_reason_flag, save_for_run
from .errors import ValidationError
from .excel.reader import read_rows
from .excel.roster_columns import find_header
from .services import roster_export, roster_import
from .services import runs as run_service
from .services.roster_import_apply import apply_import


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """The ``roster`` command and its sub-commands."""
    roster = sub.add_parser("roster", help="연수생 명단")
    roster_sub = roster.add_subparsers(dest="roster_command", parser_class=parser_class,
                                       required=True)
    p = roster_sub.add_parser("import", help="명단 파일(.xlsx, .csv)의 연수생을 기수에 등록합니다")
    p.add_argument("file", help="명단 파일 경로")
    p.add_argument("--run", required=True, help="기수코드 (예: 2021-001-01)")
    p.add_argument("--dry-run", action="store_true", help="검사 결과만 보이고 저장하지 않습니다")
    p.add_argument("--late-reason", help="신청 기간이 지난 기수에 올리는 사유 (처리 이력에 남습니다)")
    p = roster_sub.add_parser("export", help="기수의 연수생 명단을 엑셀 파일로 저장합니다")
    p.add_argument("--run", required=True, help="기수코드 (예: 2021-001-01)")
    p.add_argument("--out", required=True, help="저장할 .xlsx 파일 경로")
    p.add_argument("--purpose", default="",
                   help="생년월일·나이스번호·전화를 가리지 않고 내보내는 목적 (감사 기록에 남습니다)")


def run_roster(database: Database, args, actor: str) -> int:
    """``roster import`` or ``roster export``."""
    if args.roster_command == "export":
        return save_for_run(database, args.run, lambda s, run_id: roster_export.export_roster(
            s, run_id, Path(args.out), args.purpose))
    return _import(database, args, actor)


def _import(database: Database, args, actor: str) -> int:
    """``roster import``: print the plan; import it when every row is accepted."""
    path = Path(args.file)
    sheet, guess = _first_list(path)
    with database.session_scope() as session:
        run_id = run_service.find_run_id(session, args.run)
        plan = roster_import.plan_import(session, sheet, guess.row_index, guess.columns, run_id)
        _print_plan(plan)
        if plan.problems:
            raise ValidationError(plan.problems)
        if args.dry_run:
            print("검사만 했습니다 (--dry-run): 저장하지 않았습니다.")
            return EXIT_OK
        with late_reason_flag():
            result = apply_import(session, plan, actor, source=path.name,
                                  late_reason=args.late_reason)
    print(f"올렸습니다: 새 연수생 {result.persons_added}명, 선발 {result.selected}명, "
          f"대기 {result.waitlisted}명, 이미 등록 {result.already}명")
    return EXIT_OK


def _first_list(path: Path):
    """The first sheet with a trainee list's header, and that header."""
    for sheet in read_rows(path):
        guess = find_header(sheet.rows)
        if guess is not None and guess.complete:
            return sheet, guess
    raise ValidationError(f"'{path.name}'에서 성명 열이 있는 머리글 행을 찾지 못했습니다 "
                          "(예: 성명, 생년월일, 소속).", field="파일")


def _print_plan(plan: roster_import.ImportPlan) -> None:
    print(f"{plan.run_code} · 시트 '{plan.sheet}' · 머리글 {plan.header_row}행 · "
          f"{len(plan.rows)}행: 새 연수생 {plan.count(roster_import.NEW)}, "
          f"기존 연수생 {plan.count(roster_import.KNOWN)}, 거부 {plan.count(roster_import.REFUSED)}"
          f" → 선발 {plan.count('선발')}, 대기 {plan.count('대기')}")
