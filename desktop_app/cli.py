"""Headless commands over the same services the GUI uses.

``python -m desktop_app [--db PATH|URL] COMMAND`` (also the ``yeonsu`` script).  Without a
command the GUI opens.  Exit codes: 0 success, 2 for every failure — bad input, a database that
cannot be opened or written, and even a bug — with one Korean line per problem and nothing
written.  A traceback never reaches the user: a bug's goes to the log file.

Only ``init`` and ``demo`` create a database; every other command refuses a file that does not
exist, so a mistyped ``--db`` cannot look like an empty database.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from . import (cli_audit, cli_budget, cli_certificate, cli_completion, cli_dorm, cli_facilities,
               cli_instructor, cli_pay, cli_print, cli_roster, cli_stats, cli_survey, cli_user,
               local_config, logs)
from .db import Database, open_database
from .cli_common import EXIT_BAD_INPUT, EXIT_OK, late_reason_flag
from .errors import (AccessDeniedError, DatabaseMissingError, NotFoundError, UserError,
                     ValidationError)
from .services import backup as backup_service
from .services import completion
from .services import courses as course_service
from .services import demo as demo_service
from .services import enrollment as enrollment_service
from .services import identity as identity_service
from .services import persons as person_service
from .services import runs as run_service
from .access import Who
from .services.common import Problems, default_actor
from .services.values import parse_date

CREATING_COMMANDS = frozenset({"init", "demo"})
log = logging.getLogger(__name__)

# argparse's own messages, in Korean (argparse looks its texts up through ``_`` at run time).
_ARGPARSE_KOREAN = {
    "usage: ": "사용법: ",
    "the following arguments are required: %s": "다음 인수가 필요합니다: %s",
    "unrecognized arguments: %s": "알 수 없는 인수: %s",
    "invalid %(type)s value: %(value)r": "값이 올바르지 않습니다: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "고를 수 없는 값: %(value)r (가능한 값: %(choices)s)",
    "expected one argument": "값이 하나 필요합니다",
    "argument %(argument_name)s: %(message)s": "인수 %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s":
        "모호한 옵션: %(option)s (%(matches)s 중 무엇인지 알 수 없습니다)",
    "one of the arguments %s is required": "다음 중 하나가 필요합니다: %s",
    "not allowed with argument %s": "%s 와 함께 쓸 수 없습니다",
    "show this help message and exit": "이 도움말을 보이고 끝냅니다",
    "positional arguments": "위치 인수",
    "options": "옵션",
}


def _argparse_korean(text: str) -> str:
    return _ARGPARSE_KOREAN.get(text, text)


argparse._ = _argparse_korean  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one Korean line with exit code 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        print(f"명령을 이해할 수 없습니다: {message} (도움말: {self.prog} --help)", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _year(text: str) -> int:
    """--year: a plain year, refused in Korean when it is not one (never an OverflowError)."""
    value = unicodedata.normalize("NFKC", text).strip()  # full-width digits are digits
    if not value.isascii() or not value.isdigit() or not 1900 <= int(value) <= 9999:
        raise argparse.ArgumentTypeError(f"연도는 1900~9999 사이의 숫자여야 합니다: '{text}'")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="yeonsu", description="연수 — 교육연수원 연수 행정 프로그램")
    parser.add_argument("--db", help="데이터베이스 파일 경로 또는 SQLAlchemy URL")
    parser.add_argument("--user", help="로그인할 사용자 (계정이 있는 데이터베이스; 비밀번호는 "
                                       "YEONSU_PASSWORD 또는 입력)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("init", help="데이터베이스를 만들거나 최신 형식으로 올립니다")
    sub.add_parser("demo", help="빈 데이터베이스에 2021년 데모 자료를 넣습니다")
    p = sub.add_parser("backup", help="데이터베이스를 파일로 백업합니다")
    p.add_argument("--out", required=True, help="백업 파일 경로")
    p.add_argument("--force", action="store_true", help="연수 백업이 아닌 파일이어도 덮어씁니다")
    p = sub.add_parser("restore", help="백업 파일로 되돌립니다")
    p.add_argument("file", help="백업 파일 경로")
    course = sub.add_parser("course", help="과정")
    course_sub = course.add_subparsers(dest="course_command", parser_class=_Parser,
                                       required=True)
    p = course_sub.add_parser("list", help="과정 목록")
    p.add_argument("--year", type=_year, help="연도 (예: 2021)")
    p.add_argument("--json", action="store_true", help="JSON 배열로 출력")
    p = sub.add_parser("enroll", help="창구 등록: 자리가 있으면 선발, 없으면 대기")
    p.add_argument("--run", required=True, help="기수코드 (예: 2021-001-01)")
    p.add_argument("--neis", help="나이스 개인번호")
    p.add_argument("--name", help="성명")
    p.add_argument("--birth", help="생년월일 YYYY-MM-DD")
    p.add_argument("--org", help="소속")
    p.add_argument("--override-reason", help="기간이 겹치는 연수를 허용하는 사유")
    p.add_argument("--late-reason",
                   help="신청 기간이 지났거나 이미 시작·종료된 기수에 등록하는 사유 (처리 이력에 남습니다)")
    cli_roster.add_parsers(sub, _Parser)
    cli_completion.add_parsers(sub, _Parser)
    cli_print.add_parsers(sub, _Parser)
    cli_certificate.add_parsers(sub, _Parser)
    cli_facilities.add_parsers(sub, _Parser)
    cli_dorm.add_parsers(sub, _Parser)
    cli_budget.add_parsers(sub, _Parser)
    cli_stats.add_parsers(sub, _Parser)
    cli_pay.add_parsers(sub, _Parser)
    cli_survey.add_parsers(sub, _Parser)
    cli_instructor.add_parsers(sub, _Parser)
    cli_user.add_parsers(sub, _Parser)
    cli_audit.add_parsers(sub, _Parser)
    return parser


def _actor(args=None) -> str:
    """Who the history names: the logged-in user, else this PC's operator (or OS user)."""
    signed_in = getattr(args, "signed_in", None)
    if signed_in is not None:
        return signed_in.name
    return local_config.load().operator_name.strip() or default_actor()


def _bad(lines: Sequence[object]) -> int:
    for line in lines:
        print(str(line), file=sys.stderr)
    return EXIT_BAD_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m desktop_app`` and the ``yeonsu`` script."""
    args = build_parser().parse_args(argv)
    if not sys.stdout.isatty() and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # files and pipes get UTF-8 on every OS
    if args.command is None:
        from .app import main as gui_main  # the GUI only when asked for

        return gui_main(["--db", args.db] if args.db else [])
    logs.setup(f"cli {args.command}")
    try:
        return _run(args)
    except AccessDeniedError as exc:     # a refused login or permission: one line, exit 3
        print(exc.message, file=sys.stderr)
        return cli_user.EXIT_REFUSED
    except UserError as exc:
        if exc.details:
            log.info("%s: %s", exc.message, exc.details)
        return _bad(exc.problems)
    except KeyboardInterrupt:
        return _bad(["중단했습니다. 저장되지 않은 작업은 바뀌지 않았습니다."])
    except BrokenPipeError:
        # whoever read the output went away (`… | head`): nothing is wrong, stop quietly (and
        # keep Python from complaining when it flushes the dead pipe at exit)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: the user gets one line, the log gets the traceback
        log.error("command %s failed", args.command, exc_info=exc)
        written = logs.active_path()
        where = (f"자세한 내용: {written}" if written is not None
                 else "로그 파일을 쓸 수 없어 자세한 내용은 남기지 못했습니다")
        return _bad([f"예기치 않은 오류로 작업을 끝내지 못했습니다 ({type(exc).__name__}). "
                     f"저장된 것은 없습니다. {where}"])


def _run(args) -> int:
    db_arg = args.db if args.db else (local_config.load().database or None)
    try:
        database = open_database(db_arg, create=args.command in CREATING_COMMANDS)
    except DatabaseMissingError as exc:
        return _bad([f"{exc.message}. 경로를 확인하거나, 새로 만들려면 'init' 명령을 쓰십시오."])
    try:
        signed_in = (cli_user.sign_in(database, args.user)
                     if database.who.accounts or args.command not in CREATING_COMMANDS else None)
        database.act_as(Who.signed_in(signed_in) if signed_in is not None else
                        Who(actor=_actor(), accounts=database.who.accounts))
        if args.command == "user":
            return cli_user.run_user(database, args, signed_in)
        args.signed_in = signed_in
        return _COMMANDS[args.command](database, args)
    finally:
        database.dispose()


def _init(database: Database, _args) -> int:
    print(f"데이터베이스 준비 완료: {database.display_name}")
    return EXIT_OK


def _demo(database: Database, _args) -> int:
    with database.session_scope() as session:
        summary = demo_service.load(session)
    print(f"데모 자료를 넣었습니다: 과정 {summary.courses}개, 기수 {summary.runs}개, "
          f"부서 목표 {summary.targets}개, 가상 연수생 {summary.persons}명, "
          f"가상 신청 {summary.enrollments}건, 가상 강의실 {summary.rooms}개 "
          f"(6·7월 집합 기수 {summary.booked_runs}개 배정)")
    if summary.unplaced_runs:
        print(f"빈 강의실이 없어 배정하지 못한 기수 {len(summary.unplaced_runs)}개: "
              + ", ".join(summary.unplaced_runs))
    return EXIT_OK


def _backup(database: Database, args) -> int:
    result = backup_service.backup(database, Path(args.out), overwrite_foreign=args.force)
    print(f"백업했습니다: {result.path} ({result.path.stat().st_size:,} bytes, {result.note})")
    return EXIT_OK


def _restore(database: Database, args) -> int:
    result = backup_service.restore(database, Path(args.file),
                                    backup_service.backup_folder(database, local_config.backup_folder()))
    own = identity_service.read_identity(result.database)
    result.database.dispose()
    print(f"복원했습니다: {args.file} → {database.display_name} "
          f"(이전 자료는 {result.safety_copy}에 보관)")
    source = result.source_database
    if source is None:
        print("이 백업 파일은 어느 데이터베이스의 것인지 표시가 없습니다 (예전에 만든 백업).")
    elif own is not None and source.id != own.id:
        print(f"주의: 다른 데이터베이스 {source.describe()}의 백업을 복원했습니다. "
              f"이 데이터베이스({own.describe()})의 표시와 백업 폴더는 그대로입니다.")
    return EXIT_OK


def course_list_data(database: Database, year: int | None) -> list[dict]:
    """Courses with their runs as plain dicts (the JSON the offices script against)."""
    with database.read_scope() as session:
        ids = course_service.list_course_ids(session, course_service.CourseFilter(year=year))
        runs_by_course = run_service.runs_of_courses(session, ids)
        completed = completion.completed_counts(
            session, [r.id for runs in runs_by_course.values() for r in runs])
        out = []
        for row in course_service.course_rows(session, ids):
            out.append({
                "code": row.code, "title": row.title, "year": row.year,
                "category": row.category, "target_group": row.target_group,
                "department": row.department, "delivery": row.delivery,
                "plan_task": row.plan_task_code, "status": row.status,
                "planned_runs": row.planned_runs, "planned_people": row.planned_people,
                "schedule": row.schedule_text,
                "runs": [{
                    "code": r.code, "seq": r.seq, "start": r.start_date.isoformat(),
                    "end": r.end_date.isoformat(), "capacity": r.capacity,
                    "enrolled": r.selected, "applied": r.applied, "waitlisted": r.waitlisted,
                    "completed": completed.get(r.id, 0),
                    "status": r.status, "phase": r.phase, "lodging": r.lodging,
                    "venue": r.venue, "note": r.note,
                } for r in runs_by_course[row.id]],
            })
    return out


def _course_list(database: Database, args) -> int:
    data = course_list_data(database, args.year)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    for c in data:
        runs = c["runs"]
        enrolled = sum(r["enrolled"] for r in runs)
        waiting = sum(r["waitlisted"] for r in runs)
        print(f"{c['code']}\t{c['title']}\t{c['category']}\t{c['department']}\t"
              f"기수 {len(runs)}\t선발 {enrolled}\t대기 {waiting}\t{c['status']}")
    print(f"과정 {len(data)}개")
    return EXIT_OK


def _enroll(database: Database, args) -> int:
    p = Problems()
    by_neis = bool(args.neis)
    if by_neis and any((args.name, args.birth, args.org)):
        p.add(None, "--neis 와 --name/--birth/--org 는 함께 쓸 수 없습니다.")
    if not by_neis:
        for flag, value in (("--name", args.name), ("--birth", args.birth), ("--org", args.org)):
            if not (value or "").strip():
                p.add(flag, "나이스 개인번호가 없으면 성명, 생년월일, 소속을 모두 주십시오.")
    birth = parse_date(p, "--birth", args.birth) if args.birth else None
    if p:
        return _bad(p.items)
    actor = _actor(args)
    with database.session_scope() as session:
        run_id = run_service.find_run_id(session, args.run)
        if by_neis:
            person_id = person_service.find_by_neis(session, args.neis)
            if person_id is None:
                neis = person_service.normalize_neis(args.neis)
                raise NotFoundError(f"나이스 개인번호 {neis}인 연수생이 없습니다. "
                                    "--name/--birth/--org 로 등록하십시오.", field="--neis")
            created = False
        else:
            same = person_service.find_same_person(session, args.name.strip(), birth, args.org)
            if len(same) > 1:
                raise ValidationError(f"성명·생년월일·소속이 같은 연수생이 {len(same)}명 있습니다"
                                      f": {person_service.describe_ids(session, same)}. "
                                      "--neis 로 지정하십시오.",
                                      field="--name")
            created = not same
            person_id = same[0] if same else person_service.create_person(
                session, person_service.PersonFields(name=args.name, birth_date=birth,
                                                     organization=args.org))
        with late_reason_flag():
            result = enrollment_service.enroll(session, run_id, person_id, actor,
                                               override_reason=args.override_reason,
                                               late_reason=args.late_reason)
        run = run_service.run_row(session, run_id)
        name = person_service.person_detail(session, person_id).name
    prefix = "새 연수생으로 등록하고 " if created else ""
    if result.status == enrollment_service.SELECTED:
        print(f"{prefix}{name}: {run.code} {run.course_title} 선발 "
              f"({run.selected}/{run.capacity if run.capacity is not None else '제한 없음'})")
    else:
        print(f"{prefix}{name}: {run.code} 정원이 차서 대기 {result.waitlist_rank}번")
    return EXIT_OK


def _course(database: Database, args) -> int:
    return {"list": _course_list}[args.course_command](database, args)


def _roster(database: Database, args) -> int:
    return cli_roster.run_roster(database, args, _actor(args))


def _with_actor(command):
    return lambda database, args: command(database, args, _actor(args))


_COMMANDS = {"init": _init, "demo": _demo, "backup": _backup, "restore": _restore,
             "course": _course, "enroll": _enroll, "roster": _roster,
             "attendance": _with_actor(cli_completion.run_attendance),
             "results": _with_actor(cli_completion.run_results),
             "complete": _with_actor(cli_completion.run_complete),
             "neis": _with_actor(cli_completion.run_neis),
             "print": _with_actor(cli_print.run_print),
             "certificate": _with_actor(cli_certificate.run_certificate),
             "room": _with_actor(cli_facilities.run_room),
             "booking": _with_actor(cli_facilities.run_booking),
             "dorm": _with_actor(cli_dorm.run_dorm),
             "meals": _with_actor(cli_dorm.run_meals),
             "budget": _with_actor(cli_budget.run_budget),
             "stats": _with_actor(cli_stats.run_stats),
             "pay": _with_actor(cli_pay.run_pay),
             "survey": _with_actor(cli_survey.run_survey),
             "instructor": _with_actor(cli_instructor.run_instructor),
             "audit": cli_audit.run_audit, "privacy": cli_audit.run_privacy}


if __name__ == "__main__":
    raise SystemExit(main())
