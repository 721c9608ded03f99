"""Commands after the roster: ``attendance import``, ``results import``, ``complete`` and
``neis export``.  The same services as the 명단·출결 page; a file with any refused row writes
nothing and prints one ``행 N, 열 '…': …`` line per problem (exit 2)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_common import EXIT_OK, save_for_run
from .db import Database
from .services import completion, neis_export, run_files
from .services import runs as run_service

RUN_HELP = "기수코드 (예: 2021-001-01)"
DRY_RUN = "검사만 했습니다 (--dry-run): 저장하지 않았습니다. "


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """``attendance``, ``results``, ``complete`` and ``neis``."""
    attendance = sub.add_parser("attendance", help="출결")
    attendance_sub = attendance.add_subparsers(dest="attendance_command",
                                               parser_class=parser_class, required=True)
    p = attendance_sub.add_parser("import", help="출석부 파일(.xlsx, .csv)의 출결을 기수에 넣습니다")
    p.add_argument("file", help="출석부 파일 경로 (출석부 엑셀로 받은 모양)")
    p.add_argument("--run", required=True, help=RUN_HELP)
    p.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않습니다")
    p = attendance_sub.add_parser("export", help="기수의 출석부를 엑셀 파일로 저장합니다")
    p.add_argument("--run", required=True, help=RUN_HELP)
    p.add_argument("--out", required=True, help="저장할 .xlsx 파일 경로")
    results = sub.add_parser("results", help="평가 점수·원격 학습 결과")
    results_sub = results.add_subparsers(dest="results_command", parser_class=parser_class,
                                         required=True)
    p = results_sub.add_parser("import", help="점수 또는 원격 학습 결과 파일을 기수에 넣습니다")
    p.add_argument("file", help="결과 파일 경로 (성명·나이스개인번호와 점수/학습시간/이수일자 열)")
    p.add_argument("--run", required=True, help=RUN_HELP)
    p.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않습니다")
    p = sub.add_parser("complete", help="기수의 이수를 과정의 기준대로 판정해 기록합니다")
    p.add_argument("--run", required=True, help=RUN_HELP)
    p.add_argument("--unrecorded-present", action="store_true",
                   help="입력하지 않은 출결 칸을 출석으로 봅니다")
    p.add_argument("--dry-run", action="store_true", help="판정 결과만 보이고 저장하지 않습니다")
    neis = sub.add_parser("neis", help="나이스 이수 자료")
    neis_sub = neis.add_subparsers(dest="neis_command", parser_class=parser_class, required=True)
    p = neis_sub.add_parser("export", help="이수자를 나이스 업로드용 엑셀 파일로 저장합니다")
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--year", type=int, help="과정 연도")
    scope.add_argument("--run", help=RUN_HELP)
    p.add_argument("--out", required=True, help="저장할 .xlsx 파일 경로")


def _import(database: Database, args, importer, actor: str):
    """Run a file importer for ``--run`` in one transaction; (result, how to start the line)."""
    with database.session_scope() as session:
        run_id = run_service.find_run_id(session, args.run)
        result = importer(session, run_id, Path(args.file), actor, dry_run=args.dry_run)
    return result, (DRY_RUN if args.dry_run else "올렸습니다: ")


def run_attendance(database: Database, args, actor: str) -> int:
    if args.attendance_command == "export":
        return save_for_run(database, args.run, lambda s, run_id: run_files.export_attendance(
            s, run_id, Path(args.out)))
    result, done = _import(database, args, run_files.import_attendance, actor)
    print(f"{done}연수생 {result.trainees}명, 출결 {result.cells}칸 중 바뀐 칸 {result.changed}")
    return EXIT_OK


def run_results(database: Database, args, actor: str) -> int:
    result, done = _import(database, args, run_files.import_results, actor)
    print(f"{done}연수생 {result.trainees}명 (점수 {result.scores}, 학습 시간 {result.studies})")
    return EXIT_OK


def run_complete(database: Database, args, actor: str) -> int:
    with database.session_scope() as session:
        run_id = run_service.find_run_id(session, args.run)
        if args.dry_run:
            decided = completion.plan(session, run_id,
                                      unrecorded_as_present=args.unrecorded_present)
        else:
            decided = completion.apply(session, run_id, actor,
                                       unrecorded_as_present=args.unrecorded_present)
    for v in decided.verdicts:
        if v.result != completion.COMPLETED or v.manual:
            kept = " (직접 정함)" if v.manual else ""
            print(f"{v.result}{kept}\t{v.name}\t{v.reason}")
    head = "판정만 했습니다 (--dry-run): 저장하지 않았습니다. " if args.dry_run else "이수 처리했습니다: "
    print(f"{head}{args.run} 이수 {decided.count(completion.COMPLETED)}명, "
          f"미이수 {decided.count(completion.NOT_COMPLETED)}명"
          + (f", 학습 중(판정 보류) {decided.pending}명" if decided.pending else ""))
    return EXIT_OK


def run_neis(database: Database, args, _actor: str) -> int:
    with database.read_scope() as session:
        run_id = run_service.find_run_id(session, args.run) if args.run else None
        result = neis_export.export_neis(session, Path(args.out), year=args.year, run_id=run_id)
    print(f"저장했습니다: {result.path} (이수자 {result.written}명)")
    if result.missing:
        print(f"나이스 개인번호가 없어 파일에 넣지 못한 이수자 {len(result.missing)}명 "
              "('나이스번호 없음' 시트에 있습니다):", file=sys.stderr)
        for r in result.missing:
            print(f"  {r.run_code}\t{r.name}\t{r.birth_date or ''}\t{r.organization}",
                  file=sys.stderr)
    return EXIT_OK
