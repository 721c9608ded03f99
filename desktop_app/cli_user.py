"""Accounts on the command line: the global ``--user NAME`` login (password from
``YEONSU_PASSWORD`` or a prompt), ``user add NAME --role R [--role R2]`` (the new password from
``YEONSU_NEW_PASSWORD`` or a prompt; on a database without accounts the first must hold 관리자
and needs no login) and ``user list [--json]``.  A refused login or permission exits 3."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

from .cli_common import EXIT_OK
from .db import Database
from .errors import AccessDeniedError, ValidationError
from .services import accounts

EXIT_REFUSED = 3


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """``user``."""
    command = sub.add_parser("user", help="사용자 계정")
    user_sub = command.add_subparsers(dest="user_command", parser_class=parser_class,
                                      required=True)
    p = user_sub.add_parser("add", help="계정 만들기 (처음 계정은 관리자, 로그인 없이)")
    p.add_argument("name", help="사용자 이름")
    p.add_argument("--role", action="append", required=True,
                   help=f"역할 ({', '.join(accounts.ROLES)}); 여러 번 줄 수 있음")
    p = user_sub.add_parser("list", help="계정 목록")
    p.add_argument("--json", action="store_true", help="JSON 배열로")


def _secret(variable: str, prompt: str, twice: bool = False) -> str:
    value = os.environ.get(variable)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise AccessDeniedError(f"비밀번호가 필요합니다: {variable} 환경 변수로 주거나 터미널에서 "
                                "실행하십시오.")
    first = getpass.getpass(prompt)
    if twice and getpass.getpass("한 번 더: ") != first:
        raise ValidationError("두 번 적은 비밀번호가 다릅니다.", field="비밀번호")
    return first


def sign_in(database: Database, user: str | None) -> accounts.SignedIn | None:
    """The logged-in user of a command (None on a database without accounts)."""
    with database.read_scope() as session:
        if not accounts.accounts_enabled(session):
            if user:
                raise AccessDeniedError("이 데이터베이스에는 계정이 없습니다 (--user 없이 실행하십시오).")
            return None
    if not user:
        raise AccessDeniedError("이 데이터베이스는 계정으로 씁니다: --user 이름으로 로그인하십시오.")
    password = _secret("YEONSU_PASSWORD", f"{user}의 비밀번호: ")
    with database.session_scope() as session:      # failures and locks are kept
        result = accounts.log_in(session, user, password)
    if isinstance(result, str):
        raise AccessDeniedError(result)
    return result


def run_user(database: Database, args, signed_in: accounts.SignedIn | None) -> int:
    """Carry out one ``user`` sub-command."""
    if args.user_command == "list":
        with database.read_scope() as session:
            rows = accounts.account_rows(session)
        if args.json:
            print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
            return EXIT_OK
        for r in rows:
            print(f"{r.name}\t{', '.join(r.roles)}\t{'잠김' if r.locked else ''}\t{r.last_login}")
        print(f"계정 {len(rows)}개")
        return EXIT_OK
    with database.read_scope() as session:     # refuse before asking for a password
        if accounts.accounts_enabled(session) and (
                signed_in is None or not signed_in.holds(accounts.ADMIN)):
            raise AccessDeniedError("계정은 관리자만 만들 수 있습니다.")
    password = _secret("YEONSU_NEW_PASSWORD", f"{args.name}의 새 비밀번호: ", twice=True)
    with database.session_scope() as session:
        accounts.add_user(session, args.name, password, args.role, signed_in)
    print(f"계정을 만들었습니다: {args.name} ({', '.join(args.role)})")
    return EXIT_OK
