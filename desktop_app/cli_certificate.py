"""``certificate`` commands: the ledger of completion certificates (발급대장).

``certificate verify SERIAL CODE`` · ``certificate ledger --year Y --out F.xlsx|F.pdf`` ·
``certificate revoke SERIAL --reason "…"`` · ``certificate reprint SERIAL… --out F.pdf``.
Issuing is ``print certificates --run CODE --out F.pdf [--zip]`` (:mod:`.cli_print`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import select

from .cli_common import EXIT_OK
from .db import Database
from .errors import NotFoundError, ValidationError
from .models import Certificate
from .services import certificate_ledger, certificates

#: exit status of ``verify`` for a certificate that is revoked or unknown
EXIT_NOT_VALID = 1


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """The ``certificate`` command and its sub-commands."""
    command = sub.add_parser("certificate", help="이수증 발급대장: 진위 확인, 대장 저장, 발급 취소, 재인쇄")
    command_sub = command.add_subparsers(dest="certificate_command", parser_class=parser_class,
                                         required=True)
    p = command_sub.add_parser("verify", help="발급번호와 확인코드로 이수증이 유효한지 확인합니다")
    p.add_argument("serial", help="발급번호 (예: 2021-00001)")
    p.add_argument("code", help="확인코드 (예: K7M2-Q9XD)")
    p = command_sub.add_parser("ledger", help="한 해의 발급대장을 .xlsx 또는 .pdf로 저장합니다")
    p.add_argument("--year", required=True, type=int, help="발급 연도 (예: 2021)")
    p.add_argument("--out", required=True, help="저장할 .xlsx 또는 .pdf 파일 경로")
    p = command_sub.add_parser("revoke", help="이수증 발급을 취소합니다 (발급번호는 대장에 남습니다)")
    p.add_argument("serial", help="발급번호 (예: 2021-00001)")
    p.add_argument("--reason", required=True, help="취소 사유")
    p = command_sub.add_parser("reprint", help="발급한 이수증을 같은 내용으로 다시 인쇄합니다")
    p.add_argument("serial", nargs="+", help="발급번호 (여러 개 가능)")
    p.add_argument("--out", required=True, help="저장할 .pdf 파일 경로")


def _certificate_ids(session, serials: list[str]) -> list[int]:
    ids = []
    for serial in serials:
        parsed = certificates.parse_serial(serial)
        found = None if parsed is None else session.scalar(select(Certificate.id).where(
            Certificate.year == parsed[0], Certificate.number == parsed[1]))
        if found is None:
            raise NotFoundError(f"발급대장에 없는 발급번호입니다: {serial}", field="발급번호")
        ids.append(found)
    return ids


def run_certificate(database: Database, args, actor: str) -> int:
    """Carry out one ``certificate`` sub-command."""
    if args.certificate_command == "verify":
        with database.read_scope() as session:
            answer = certificates.verify(session, args.serial, args.code)
        print(f"{answer.status}: {answer.message}")
        return EXIT_OK if answer.status == "유효" else EXIT_NOT_VALID
    if args.certificate_command == "ledger":
        out = Path(args.out)
        suffix = out.suffix.lower()
        if suffix not in (".xlsx", ".pdf"):
            raise ValidationError("파일 이름은 .xlsx 또는 .pdf로 끝나야 합니다.", field="--out")
        with database.read_scope() as session:
            write = certificate_ledger.export_ledger if suffix == ".xlsx" else \
                certificate_ledger.print_ledger
            written = write(session, args.year, out)
            count = len(certificate_ledger.ledger(session, args.year))
        print(f"저장했습니다: {written} ({args.year}년 {count:,}건)")
        return EXIT_OK
    if args.certificate_command == "revoke":
        with database.session_scope() as session:
            [certificate_id] = _certificate_ids(session, [args.serial])
            serial = certificates.revoke(session, certificate_id, args.reason, actor=actor)
        print(f"제 {serial} 호의 발급을 취소했습니다. 발급번호는 대장에 사유와 함께 남습니다.")
        return EXIT_OK
    with database.session_scope() as session:
        result = certificates.reprint(session, _certificate_ids(session, args.serial),
                                      Path(args.out), actor=actor)
    print(f"저장했습니다: {result.path} ({result.summary})")
    return EXIT_OK

