"""``audit export --from D --to D --out F.xlsx`` (the audit trail of a period, for 관리자) and
``privacy purge --older-than-years N [--dry-run | --confirm CODE]`` (erase the contact fields of
persons with no activity for N years; the dry run lists exactly what the real run erases and
gives the code the real run must be given)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_common import EXIT_OK
from .db import Database
from .errors import Problems, ValidationError
from .services import audit, privacy
from .services.values import parse_date


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """``audit`` and ``privacy``."""
    command = sub.add_parser("audit", help="감사 기록 (관리자)")
    audit_sub = command.add_subparsers(dest="audit_command", parser_class=parser_class,
                                       required=True)
    p = audit_sub.add_parser("export", help="기간의 감사 기록을 엑셀로")
    p.add_argument("--from", dest="start", required=True, help="시작일 YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="종료일 YYYY-MM-DD")
    p.add_argument("--out", required=True, help="저장할 .xlsx 파일")
    p.add_argument("--by", dest="actor", default="", help="이 사용자의 기록만")
    command = sub.add_parser("privacy", help="개인정보 보유 기간 관리 (관리자)")
    privacy_sub = command.add_subparsers(dest="privacy_command", parser_class=parser_class,
                                         required=True)
    p = privacy_sub.add_parser("purge", help="활동이 없는 사람의 연락처 파기")
    p.add_argument("--older-than-years", type=int, required=True, dest="years",
                   help="마지막 활동에서 이만큼 지난 사람 (년)")
    p.add_argument("--dry-run", action="store_true",
                   help="지울 것만 보여 주고 바꾸지 않음 (확인 코드를 알려 줌)")
    p.add_argument("--confirm", default="",
                   help="미리 보기가 알려 준 확인 코드: 그 목록 그대로일 때만 파기")


def run_audit(database: Database, args) -> int:
    p = Problems()
    start = parse_date(p, "--from", args.start, required=True)
    end = parse_date(p, "--to", args.end, required=True)
    p.raise_if_any()
    out = Path(args.out)
    with database.session_scope() as session:
        n = audit.export(session, audit.AuditFilter(actor=args.actor, start=start, end=end), out)
    print(f"감사 기록 {n:,}줄을 저장했습니다: {out}")
    return EXIT_OK


def run_privacy(database: Database, args) -> int:
    """The dry run lists what goes and gives its code; the real run erases exactly that list,
    given the code (``--confirm``, or typed at a terminal) — irreversible only once confirmed."""
    with database.session_scope() as session:
        plan = privacy.plan_purge(session, args.years)
        for line in plan.texts():
            print(line)
        if args.dry_run:
            print(f"미리 보기: {plan.summary()} (바꾼 것은 없습니다)")
            print(f"확인 코드: {plan.code} (파기하려면 --confirm {plan.code})")
            return EXIT_OK
        if not plan.texts():
            print("지울 것이 없습니다.")
            return EXIT_OK
        given = args.confirm.strip()
        if not given and sys.stdin.isatty():
            given = input(f"위 목록을 파기합니다. 확인 코드 {plan.code}를 적으십시오: ").strip()
        if not given:
            raise ValidationError("먼저 --dry-run으로 목록을 보고, 그 확인 코드를 --confirm으로 "
                                  "주십시오. 바꾼 것은 없습니다.", field="--confirm")
        if given != plan.code:
            raise ValidationError("확인 코드가 지금 목록과 다릅니다 (미리 본 뒤에 자료나 날짜가 "
                                  "바뀌었습니다). 다시 미리 보십시오. 바꾼 것은 없습니다.",
                                  field="--confirm")
        privacy.purge(session, plan)
    print(f"파기했습니다: {plan.summary()}")
    return EXIT_OK
