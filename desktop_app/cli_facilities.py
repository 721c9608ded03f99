"""``room`` and ``booking`` commands, and ``print daysheet``: the front desk's rooms headless.

``room list [--json] [--building B]`` · ``room unmapped`` · ``booking add --room ROOM --start
"YYYY-MM-DD HH:MM" --end … --kind 과정|내부행사|대관 [--title T] [--override-reason R]`` ·
``booking list --date D [--building B]`` · ``booking cancel ID --reason R``.  An overlap exits 2
naming the booking in the way.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from .cli_common import EXIT_OK
from .db import Database
from .errors import Problems
from .models.facilities import BOOKING_KINDS
from .services import bookings, rooms
from .services.values import parse_date


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """``room`` and ``booking``."""
    room = sub.add_parser("room", help="강의실·특별실")
    room_sub = room.add_subparsers(dest="room_command", parser_class=parser_class, required=True)
    p = room_sub.add_parser("list", help="강의실 목록")
    p.add_argument("--json", action="store_true", help="JSON으로 (code, name, building, kind, "
                                                       "capacity …)")
    p.add_argument("--building", help="건물 코드 또는 이름 (예: E, 교육동)")
    room_sub.add_parser("unmapped", help="시간표에 적혔지만 강의실 목록에 없는 강의실 이름")
    booking = sub.add_parser("booking", help="시설 예약")
    booking_sub = booking.add_subparsers(dest="booking_command", parser_class=parser_class,
                                         required=True)
    p = booking_sub.add_parser("add", help="예약하기 (겹치면 그 예약을 알려 주고 저장하지 않음)")
    p.add_argument("--room", required=True, help="강의실 코드 또는 이름 (예: E301)")
    p.add_argument("--start", required=True, help='시작 "YYYY-MM-DD HH:MM"')
    p.add_argument("--end", required=True, help='끝 "YYYY-MM-DD HH:MM"')
    p.add_argument("--kind", required=True, choices=BOOKING_KINDS, help="종류")
    p.add_argument("--title", default="", help="제목 (행사명, 과정명, 대관 단체)")
    p.add_argument("--tentative", action="store_true", help="가예약으로")
    p.add_argument("--override-reason", help="공휴일·휴관·정비 때에도 예약하는 사유")
    p = booking_sub.add_parser("list", help="하루의 예약")
    p.add_argument("--date", required=True, help="날짜 YYYY-MM-DD")
    p.add_argument("--building", help="건물 코드 또는 이름")
    p.add_argument("--json", action="store_true", help="JSON으로")
    p = booking_sub.add_parser("cancel", help="예약 취소 (사유는 이력에 남음)")
    p.add_argument("id", type=int, help="예약 번호")
    p.add_argument("--reason", required=True, help="취소 사유")


def _moment(p: Problems, flag: str, value: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        p.add(flag, f"'{value}'은(는) \"YYYY-MM-DD HH:MM\" 형식이 아닙니다.")
        return None


def run_room(database: Database, args, _actor: str) -> int:
    """``room list`` / ``room unmapped``."""
    with database.read_scope() as session:
        if args.room_command == "unmapped":
            names = rooms.unmapped_room_names(session)
            for name, count in names:
                print(f"{name}\t{count}교시")
            print(f"강의실 목록에 없는 이름 {len(names)}개")
            return EXIT_OK
        rows = rooms.room_rows(session, building=args.building)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    for r in rows:
        state = "" if r.active else " (사용 안 함)"
        print(f"{r.code}\t{r.name}\t{r.building}\t{r.kind}\t{r.capacity}명{state}")
    print(f"강의실 {len(rows)}개")
    return EXIT_OK


def run_booking(database: Database, args, actor: str) -> int:
    """``booking add|list|cancel``."""
    if args.booking_command == "add":
        p = Problems()
        start, end = _moment(p, "--start", args.start), _moment(p, "--end", args.end)
        p.raise_if_any()
        with database.session_scope() as session:
            room = rooms.find_room(session, args.room)
            booking_id = bookings.add_booking(session, bookings.BookingFields(
                room.id, start, end, args.kind, args.title or args.kind,
                "가예약" if args.tentative else "확정"), actor,
                override_reason=args.override_reason)
            name = room.name
        print(f"예약했습니다: {booking_id}번 {name} {start:%Y-%m-%d %H:%M}~{end:%H:%M}")
        return EXIT_OK
    if args.booking_command == "cancel":
        with database.session_scope() as session:
            bookings.cancel(session, args.id, args.reason, actor)
        print(f"예약 {args.id}번을 취소했습니다.")
        return EXIT_OK
    p = Problems()
    day = parse_date(p, "--date", args.date, required=True)
    p.raise_if_any()
    with database.read_scope() as session:
        rows = bookings.day_bookings(session, day, args.building)
    if args.json:
        print(json.dumps([{"id": r.id, "room": r.room_code, "room_name": r.room_name,
                           "building": r.building, "start": r.start.isoformat(sep=" "),
                           "end": r.end.isoformat(sep=" "), "kind": r.kind, "status": r.status,
                           "title": r.title} for r in rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    for r in rows:
        print(f"{r.id}\t{r.room_code}\t{r.start:%H:%M}~{r.end:%H:%M}\t{r.kind}\t{r.status}\t{r.title}")
    print(f"{day} 예약 {len(rows)}건")
    return EXIT_OK

