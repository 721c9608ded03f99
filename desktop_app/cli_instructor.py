"""``instructor list [--json]`` (the registry, personal data masked) and ``instructor unmapped``
(timetable names that name no registered instructor)."""

from __future__ import annotations

import argparse
import json

from .cli_common import EXIT_OK
from .db import Database
from .services import instructors


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """``instructor``."""
    command = sub.add_parser("instructor", help="강사 인력풀")
    instructor_sub = command.add_subparsers(dest="instructor_command", parser_class=parser_class,
                                            required=True)
    p = instructor_sub.add_parser("list", help="강사 명단 (전화·계좌는 가림)")
    p.add_argument("--year", type=int, help="이 해의 교시·시간 (없으면 모든 해)")
    p.add_argument("--json", action="store_true", help="JSON 배열로")
    instructor_sub.add_parser("unmapped", help="시간표에 이름만 있고 명단과 이어지지 않은 강사")


def run_instructor(database: Database, args, _actor: str) -> int:
    """Carry out one ``instructor`` sub-command."""
    with database.read_scope() as session:
        if args.instructor_command == "unmapped":
            for name, periods in instructors.unmapped_names(session):
                print(f"{name}\t{periods}교시")
            return EXIT_OK
        rows = instructors.instructor_rows(session, year=args.year)
    if args.json:
        print(json.dumps([dict(id=r.id, name=r.name, organization=r.organization,
                               position=r.position, fields=r.fields, pay_grade=r.pay_grade,
                               excellent_year=r.excellent or None, phone=r.phone,
                               account=r.account, periods=r.periods, hours=r.hours,
                               active=r.active) for r in rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    for r in rows:
        print(f"{r.label}\t{r.fields}\t{r.pay_grade or '-'}\t"
              f"{'우수강사 ' + r.excellent if r.excellent else ''}\t{r.periods}교시 {r.hours:g}시간")
    print(f"강사 {len(rows)}명")
    return EXIT_OK
