"""``dorm`` commands: ``dorm assign --run CODE [--dry-run]`` (stays made for the run's selected
trainees first when they have none) and ``dorm list --run CODE [--json]``."""

from __future__ import annotations

import argparse
import json

from .cli_common import EXIT_OK
from .db import Database
from pathlib import Path

from .errors import Problems
from .services import dorm, dorm_print
from .services.runs import find_run_id
from .services.values import parse_date


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """``dorm``."""
    command = sub.add_parser("dorm", help="숙소 배정")
    dorm_sub = command.add_subparsers(dest="dorm_command", parser_class=parser_class,
                                      required=True)
    p = dorm_sub.add_parser("assign", help="기수의 숙박 대상에게 침대를 자동 배정")
    p.add_argument("--run", required=True, help="기수코드 (예: 2021-118-01)")
    p.add_argument("--dry-run", action="store_true", help="결과만 보고 저장하지 않음")
    p = dorm_sub.add_parser("list", help="기수의 숙박 명단 (객실·침대)")
    p.add_argument("--run", required=True, help="기수코드")
    p.add_argument("--json", action="store_true", help="JSON으로")
    p = sub.add_parser("meals", help="날마다 식수(조식·중식·석식)를 엑셀로 (숙박과 시간표에서)")
    p.add_argument("--from", dest="start", required=True, help="시작 날짜 YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="끝 날짜 YYYY-MM-DD")
    p.add_argument("--out", required=True, help="저장할 .xlsx 파일 경로")


def run_meals(database: Database, args, _actor: str) -> int:
    """``meals --from D --to D --out F.xlsx``."""
    p = Problems()
    start = parse_date(p, "--from", args.start, required=True)
    end = parse_date(p, "--to", args.end, required=True)
    p.raise_if_any()
    with database.read_scope() as session:
        written = dorm_print.export_meals(session, start, end, Path(args.out))
    print(f"저장했습니다: {written}")
    return EXIT_OK


def run_dorm(database: Database, args, _actor: str) -> int:
    """Carry out one ``dorm`` sub-command."""
    if args.dorm_command == "assign":
        with database.session_scope() as session:
            made, left_out, result = dorm.assign_run(session, find_run_id(session, args.run),
                                                     dry_run=args.dry_run)
            if args.dry_run:
                session.rollback()
        if made:
            print(f"숙박 대상 {made}명을 만들었습니다.")
        if left_out:
            print(f"성별이 기록되지 않아 뺀 사람 {len(left_out)}명: {', '.join(left_out)}")
        print(("검사만 했습니다 (--dry-run): " if args.dry_run else "배정했습니다: ")
              + f"{result.placed}명 배정, 잠금 유지 {result.kept}명, 배정 못 함 {len(result.unplaced)}명")
        for u in result.unplaced:
            print(f"  {u.name}: {u.reason}")
        return EXIT_OK
    with database.read_scope() as session:
        rows = dorm.stay_rows(session, find_run_id(session, args.run))
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    for r in rows:
        print(f"{r.room or '-'}\t{r.bed or '-'}\t{r.name}\t{r.gender}\t{r.first_night}~"
              f"{r.last_night}\t{r.status}{'  (잠금)' if r.locked else ''}")
    print(f"숙박 {len(rows)}명")
    return EXIT_OK
