"""``print`` commands: PDFs for the printer.  ``print roster --run CODE --out F.pdf [--full]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from .cli_common import EXIT_OK, save_for_run
from .db import Database
from .services import persons as person_service
from .services import certificates as certificate_service
from .services import dorm_print, facility_print, record_print, roster_print, signin_print
from .services.runs import find_run_id
from .errors import ValidationError
from .services.common import Problems
from .services.values import parse_date


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """The ``print`` command and its sub-commands."""
    printing = sub.add_parser("print", help="출력용 PDF")
    printing_sub = printing.add_subparsers(dest="print_command", parser_class=parser_class,
                                           required=True)
    p = printing_sub.add_parser("roster", help="기수의 연수생 명단 PDF")
    p.add_argument("--run", required=True, help="기수코드 (예: 2021-001-01)")
    p.add_argument("--out", required=True, help="저장할 .pdf 파일 경로")
    p.add_argument("--full", action="store_true",
                   help="생년월일·전화번호·나이스 개인번호를 가리지 않고 모두 보입니다")
    p.add_argument("--landscape", action="store_true", help="가로 방향")
    p.add_argument("--columns", default="",
                   help="더할 열, 쉼표로: " + ", ".join(roster_print.OPTIONAL))
    p.add_argument("--sort", default="name", choices=tuple(roster_print.SORTS),
                   help="정렬 (name: 가나다순, organization: 소속순)")
    p = printing_sub.add_parser("certificates", help="기수의 이수자 이수증 PDF (처음이면 발급번호를 매겨 "
                                "발급대장에 기록, 이미 발급했으면 같은 내용으로 재발급)")
    p.add_argument("--run", required=True, help="기수코드 (예: 2021-001-01)")
    p.add_argument("--out", required=True, help="저장할 .pdf 파일 경로 (--zip이면 .zip)")
    p.add_argument("--zip", action="store_true", help="한 사람에 PDF 하나씩, ZIP 파일 하나로")
    p.add_argument("--layout", default=None,
                   help="이수증 서식 이름 (formal: 격식·명조, modern: 현대·고딕; 기본은 설정의 서식)")
    p = printing_sub.add_parser("daysheet", help="하루의 시설 예약 일일 현황 PDF (건물마다)")
    p.add_argument("--date", required=True, help="날짜 YYYY-MM-DD")
    p.add_argument("--out", required=True, help="저장할 .pdf 파일 경로")
    p.add_argument("--building", help="건물 코드 또는 이름 (없으면 모든 건물)")
    p = printing_sub.add_parser("dorm", help="기수의 숙소 서류 PDF (객실 배정표, 문 이름표, 입실 확인표)")
    p.add_argument("--run", required=True, help="기수코드 (예: 2021-118-07)")
    p.add_argument("--out", required=True, help="저장할 .pdf 파일 경로")
    p.add_argument("--kind", default="rooms", choices=tuple(dorm_print.KINDS),
                   help="rooms: 객실 배정표, doors: 문 이름표, checkin: 입실 확인표")
    p = printing_sub.add_parser("record", help="한 사람의 연수 이력 확인서 PDF")
    p.add_argument("--neis", required=True, help="나이스 개인번호")
    p.add_argument("--from", dest="start", required=True, help="기간 시작 YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="기간 끝 YYYY-MM-DD")
    p.add_argument("--out", required=True, help="저장할 .pdf 파일 경로")
    p = printing_sub.add_parser("signin", help="기수의 출석부(서명부) PDF: 날마다 또는 교시마다 한 장")
    p.add_argument("--run", required=True, help="기수코드 (예: 2021-001-01)")
    p.add_argument("--out", required=True, help="저장할 .pdf 파일 경로")
    p.add_argument("--by", default="day", choices=tuple(signin_print.BY),
                   help="day: 하루에 한 장, period: 교시마다 한 장")


def run_print(database: Database, args, actor: str) -> int:
    """Carry out one ``print`` sub-command."""
    if args.print_command == "dorm":
        return save_for_run(database, args.run, lambda s, run_id: dorm_print.print_dorm(
            s, run_id, Path(args.out), args.kind))
    if args.print_command == "daysheet":
        p = Problems()
        day = parse_date(p, "--date", args.date, required=True)
        p.raise_if_any()
        with database.read_scope() as session:
            written = facility_print.print_daysheet(session, day, Path(args.out), args.building)
        print(f"저장했습니다: {written}")
        return EXIT_OK
    if args.print_command == "certificates":
        with database.session_scope() as session:
            result = certificate_service.issue_for_run(
                session, find_run_id(session, args.run), Path(args.out), actor=actor,
                layout=args.layout, as_zip=args.zip)
        print(f"저장했습니다: {result.path} ({result.summary})")
        return EXIT_OK
    if args.print_command == "record":
        p = Problems()
        start = parse_date(p, "--from", args.start, required=True)
        end = parse_date(p, "--to", args.end, required=True)
        p.raise_if_any()
        with database.read_scope() as session:
            person_id = person_service.find_by_neis(session, args.neis)
            if person_id is None:
                raise ValidationError(f"나이스 개인번호 {args.neis}인 연수생이 없습니다.",
                                      field="--neis")
            written = record_print.print_record(session, person_id, Path(args.out), start, end)
        print(f"저장했습니다: {written}")
        return EXIT_OK
    if args.print_command == "signin":
        return save_for_run(database, args.run, lambda s, run_id: signin_print.print_signin(
            s, run_id, Path(args.out), args.by))
    columns = tuple(c.strip() for c in args.columns.split(",") if c.strip())
    choice = roster_print.RosterPrint(columns, args.full, args.landscape, args.sort)
    return save_for_run(database, args.run, lambda s, run_id: roster_print.print_roster(
        s, run_id, Path(args.out), choice))
