"""Who is working, and which tables each role may change — enforced under every service.

Every SQL statement that changes a table passes :func:`refusal` (an engine hook
installed by :mod:`desktop_app.db`), so a role is refused whatever code path tries the write:
a view that forgot to hide a button, a service, a command.  Services ask earlier with
:func:`require` where a refusal should come before any work, or where one table holds things of
several roles (settings, accounts).

A database without accounts has no roles: everything is allowed and the operator's name is
the actor.  Once it has accounts, nothing but the login's own bookkeeping is written before
someone has logged in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .errors import AccessDeniedError

ADMIN = "관리자"
COURSES = "과정 담당"
CERTIFICATES = "증명서 발급"
FACILITIES = "시설 담당"
DORMITORY = "숙소 담당"
BUDGET = "예산 담당"
READ_ONLY = "조회"
ROLES = (ADMIN, COURSES, CERTIFICATES, FACILITIES, DORMITORY, BUDGET, READ_ONLY)

#: what each role is for, shown where accounts are made
ROLE_DUTIES = {
    ADMIN: "사용자, 설정, 복원, 감사 기록, 개인정보 파기",
    COURSES: "과정·기수·시간표, 신청·선발, 명단·출결·이수, 강사, 만족도",
    CERTIFICATES: "이수증 발급",
    FACILITIES: "강의실, 예약, 대관",
    DORMITORY: "숙소 배정",
    BUDGET: "예산 계획, 집행, 강사수당 지급",
    READ_ONLY: "보기만 (바꿀 수 없음)",
}

WRITERS = frozenset(ROLES) - {READ_ONLY}

#: table → (what it holds, in words; the roles that may change it)
TABLE_ROLES: dict[str, tuple[str, frozenset[str]]] = {}


def _area(label: str, roles: set[str], *tables: str) -> None:
    for table in tables:
        TABLE_ROLES[table] = (label, frozenset(roles))


_area("과정", {COURSES}, "course", "course_run", "department_target")
# a timetable's periods name their rooms: facilities staff place courses in rooms too
_area("시간표", {COURSES, FACILITIES}, "course_session")
_area("연수생", {COURSES}, "person", "organization", "person_merge")
_area("신청·명단", {COURSES}, "enrollment", "enrollment_event", "completion_event", "attendance")
_area("강사", {COURSES}, "instructor")
_area("만족도", {COURSES}, "survey_item", "survey_response", "survey_answer")
_area("강사수당", {COURSES, BUDGET}, "pay_sheet", "pay_item")
_area("이수증", {CERTIFICATES}, "certificate", "certificate_counter")
_area("시설", {FACILITIES}, "building", "room", "blackout", "rental")
# a course's timetable books its own rooms
_area("시설 예약", {FACILITIES, COURSES}, "booking", "booking_event")
_area("숙소", {DORMITORY}, "dorm_room", "dorm_closure", "dorm_floor_reservation", "stay",
      "stay_night")
_area("예산", {BUDGET}, "budget_program", "budget_task", "budget_line", "budget_spending",
      "budget_transfer")
# which key a role may set is the settings service's business (one table, many owners)
_area("설정", set(WRITERS), "app_setting")
_area("계정", {ADMIN}, "user_account")
#: written as a side effect of any write (the change counter) or by any user (an export's
#: audit row); the trail itself can never be changed (a trigger refuses it too)
ANY_WRITER = frozenset({"change_counter"})
#: the audit trail's table: rows are only ever added (see :mod:`desktop_app.audit_schema`, which
#: takes its name and refusal from here: this module stays free of SQLAlchemy, imported by the
#: window before anything else)
APPEND_ONLY = "audit_log"
TRAIL_REFUSED = "감사 기록은 고치거나 지울 수 없습니다."


@dataclass(frozen=True)
class SignedIn:
    """Who is logged in: the actor of every change, and the roles to check."""

    id: int
    name: str
    roles: tuple[str, ...]

    def holds(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class Who:
    """The person behind one database connection's work.

    ``accounts`` False: a database without accounts (everything allowed, ``actor`` is the
    operator).  True with ``user`` None: not logged in yet (only the login's bookkeeping).
    """

    actor: str
    accounts: bool = False
    user: SignedIn | None = None
    #: an audit trail kept for every write (off only while the demo year is loaded)
    audited: bool = True
    #: the logged-in account was turned off or removed meanwhile: nothing more is written
    gone: bool = False

    @cached_property
    def roles(self) -> frozenset[str]:
        """The user's roles (none before a login), looked at for every statement."""
        return frozenset(self.user.roles) if self.user else frozenset()

    @classmethod
    def signed_in(cls, user: SignedIn) -> Who:
        return cls(actor=user.name, accounts=True, user=user)

    def may(self, *roles: str) -> bool:
        """True when accounts are off, or the user holds one of ``roles``."""
        return not self.accounts or bool(self.roles & set(roles))



NOBODY = Who(actor="(시스템)")
#: copying whole databases (a backup's table copy, a restore): rows moved, not changed
COPYING = Who(actor="(시스템)", audited=False)

_WRITE = re.compile(r'^\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?',
                    re.IGNORECASE)
_parsed: dict[str, tuple[str, str] | None] = {}


def written_table(statement: str) -> tuple[str, str] | None:
    """(INSERT/UPDATE/DELETE, table) of a statement that changes a table, else None."""
    try:
        return _parsed[statement]
    except KeyError:
        pass
    match = _WRITE.match(statement)
    found = (match.group(1).split()[0].upper(), match.group(2).lower()) if match else None
    if len(_parsed) < 5000:
        _parsed[statement] = found
    return found


def refusal(who: Who, verb: str, table: str) -> str | None:
    """The Korean reason ``who`` may not run a ``verb`` on ``table``, else None."""
    if table == APPEND_ONLY:
        return None if verb == "INSERT" else TRAIL_REFUSED
    if not who.accounts or table in ANY_WRITER:
        return None
    if who.gone:
        return (f"'{who.actor}' 계정이 꺼졌거나 없어져 바꿀 수 없습니다. 프로그램을 다시 열어 "
                "로그인하십시오.")
    if table == "user_account" and verb == "UPDATE":
        # failed logins and locks, one's own password and login time; whose roles change is
        # the accounts service's check
        return None
    if who.user is None:
        return "로그인하지 않아 바꿀 수 없습니다."
    entry = TABLE_ROLES.get(table)
    if entry is None or who.roles & entry[1]:
        return None
    label, roles = entry
    return f"'{who.actor}' 사용자는 {label} 자료를 바꿀 수 없습니다 ({_needed(roles)})."


def _needed(roles) -> str:
    return f"{', '.join(r for r in ROLES if r in roles)} 역할이 필요합니다"


def require(who: Who, *roles: str, doing: str) -> None:
    """Refuse ``doing`` unless ``who`` holds one of ``roles`` (or accounts are off)."""
    if who.may(*roles):
        return
    if who.accounts and who.user is None:
        raise AccessDeniedError("로그인하지 않아 할 수 없습니다.")
    raise AccessDeniedError(f"'{who.actor}' 사용자에게는 {doing} 권한이 없습니다 "
                            f"({_needed(roles)}).")
