"""``survey import FILE --run R [--dry-run]`` (a form's export of a run's answers; every bad
cell named, nothing written on any) and ``survey report --run R --out F.pdf``."""

from __future__ import annotations

import argparse
from pathlib import Path

from .cli_common import EXIT_OK, save_for_run
from .db import Database
from .excel.reader import read_rows
from .services import survey_print, surveys
from .services.runs import find_run_id


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """``survey``."""
    command = sub.add_parser("survey", help="만족도 설문")
    survey_sub = command.add_subparsers(dest="survey_command", parser_class=parser_class,
                                        required=True)
    p = survey_sub.add_parser("import", help="설문 응답 파일(.xlsx/.csv)을 기수에 가져옴")
    p.add_argument("file", help="온라인 설문에서 내려받은 .xlsx 또는 .csv")
    p.add_argument("--run", required=True, help="기수코드")
    p.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않음")
    p = survey_sub.add_parser("report", help="기수의 만족도 결과 PDF")
    p.add_argument("--run", required=True, help="기수코드")
    p.add_argument("--out", required=True, help="저장할 .pdf 파일 경로")
    p = survey_sub.add_parser("year", help="한 해 만족도 표 (.xlsx)")
    p.add_argument("--year", required=True, type=int, help="연도")
    p.add_argument("--out", required=True, help="저장할 .xlsx 파일 경로")


def run_survey(database: Database, args, _actor: str) -> int:
    """Carry out one ``survey`` sub-command."""
    if args.survey_command == "report":
        return save_for_run(database, args.run, lambda s, run_id: survey_print.result_pdf(
            s, run_id, Path(args.out)))
    if args.survey_command == "year":
        with database.read_scope() as session:
            written = survey_print.year_xlsx(session, args.year, Path(args.out))
        print(f"저장했습니다: {written}")
        return EXIT_OK
    sheet = surveys.answer_sheet(read_rows(Path(args.file)))
    with database.session_scope() as session:
        found = surveys.plan_import(session, find_run_id(session, args.run), sheet)
        print("열: " + ", ".join(f"'{t.label}'" for t in found.columns.values()))
        if found.unmapped:
            print("쓰지 않는 열: " + ", ".join(found.unmapped))
        if args.dry_run:
            session.rollback()
            print(f"검사만 했습니다 (--dry-run): 새 응답 {len(found.responses)}건, 이미 있음 "
                  f"{found.already}건")
            return EXIT_OK
        added = surveys.apply_import(session, found, Path(args.file).name)
    print(f"가져왔습니다: 새 응답 {added}건, 이미 있음 {found.already}건")
    return EXIT_OK
