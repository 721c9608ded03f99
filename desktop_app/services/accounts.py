"""Local accounts: passwords kept only as argon2id hashes (argon2-cffi), roles, and logins that
lock an account for a few minutes after five wrong passwords.

A database without accounts works as before (one PC, the operator's name as actor).  Creating
the first account — it must hold 관리자, and needs no login — turns accounts on for that
database for good; from then on a command needs ``--user`` and a password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..access import ADMIN, ROLES, SignedIn, require
from ..db import recorded_as, who_of
from ..errors import AccessDeniedError, Problems, ValidationError
from ..models import UserAccount
from .common import clean

__all__ = ["ADMIN", "ROLES", "SignedIn", "add_user", "log_in", "change_password",
           "account_rows", "accounts_enabled", "set_roles", "reset_password", "check_password"]
MAX_FAILURES = 5
LOCK_MINUTES = 5
MIN_PASSWORD = 8
_HASHER = PasswordHasher()      # argon2id with the library's current parameters


def wall_clock() -> datetime:
    """Now, by the PC's clock: a lock lasts real minutes, whatever day the demo plays."""
    return datetime.now().replace(microsecond=0)


def accounts_enabled(session: Session) -> bool:
    """True once the database has an account (for good)."""
    return bool(session.scalar(select(func.count()).select_from(UserAccount)))


def _check_new(p: Problems, name: str, password: str, roles: list[str]) -> tuple[str, list[str]]:
    name = clean(name)
    p.check(bool(name), "이름", "사용자 이름을 적으십시오.")
    p.check(len(name) <= 50, "이름", "이름은 50자 이내입니다.")
    p.check(len(password or "") >= MIN_PASSWORD, "비밀번호",
            f"비밀번호는 {MIN_PASSWORD}자 이상입니다.")
    p.check((password or "") != name, "비밀번호", "비밀번호가 이름과 같으면 안 됩니다.")
    wrong = [r for r in roles if r not in ROLES]
    p.check(not wrong, "역할", f"모르는 역할입니다: {', '.join(wrong)} (가능: {', '.join(ROLES)})")
    p.check(bool(roles), "역할", "역할을 하나 이상 주십시오.")
    return name, list(dict.fromkeys(roles))


def add_user(session: Session, name: str, password: str, roles: list[str],
             by: SignedIn | None) -> int:
    """A new account.  The first one must hold 관리자 and needs no login; later ones are made
    by a logged-in 관리자."""
    first = not accounts_enabled(session)
    if not first and (by is None or not by.holds(ADMIN) or not who_of(session).may(ADMIN)):
        raise AccessDeniedError("계정은 관리자만 만들 수 있습니다.")
    p = Problems()
    name, roles = _check_new(p, name, password, roles)
    if first:
        p.check(ADMIN in roles, "역할", "처음 만드는 계정은 관리자 역할을 가져야 합니다.")
    if name and session.scalar(select(UserAccount.id).where(UserAccount.name == name)):
        p.add("이름", f"'{name}' 계정이 이미 있습니다.")
    p.raise_if_any()
    account = UserAccount(name=name, password_hash=_HASHER.hash(password), roles=",".join(roles))
    session.add(account)
    session.flush()
    return account.id


def log_in(session: Session, name: str, password: str) -> SignedIn | str:
    """The account when the password is right, else the Korean reason (the count of failures
    and a lock are written in ``session``, which the caller commits either way)."""
    recorded_as(session, f"{clean(name)[:40]} (로그인)")    # the trail names who tried
    account = session.scalar(select(UserAccount).where(UserAccount.name == clean(name))
                             .with_for_update())
    now = wall_clock()
    if account is None or not account.active:
        return "사용자 이름이나 비밀번호가 맞지 않습니다."
    if account.locked_until is not None and account.locked_until > now:
        return (f"비밀번호를 {MAX_FAILURES}번 틀려 {account.locked_until:%H:%M}까지 잠겼습니다. "
                "그 뒤에 다시 하십시오.")
    try:
        _HASHER.verify(account.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        account.failed_logins += 1
        if account.failed_logins >= MAX_FAILURES:
            account.failed_logins = 0
            account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            return f"비밀번호를 {MAX_FAILURES}번 틀려 {LOCK_MINUTES}분 동안 잠겼습니다."
        left = MAX_FAILURES - account.failed_logins
        return f"사용자 이름이나 비밀번호가 맞지 않습니다 ({left}번 더 틀리면 {LOCK_MINUTES}분 동안 잠깁니다)."
    if _HASHER.check_needs_rehash(account.password_hash):
        account.password_hash = _HASHER.hash(password)
    account.failed_logins, account.locked_until, account.last_login_at = 0, None, now
    return SignedIn(account.id, account.name, tuple(r for r in account.roles.split(",") if r))


def change_password(session: Session, user: SignedIn, old: str, new: str) -> None:
    """A new password for the logged-in user, the old one given again."""
    account = session.get(UserAccount, user.id)
    try:
        _HASHER.verify(account.password_hash, old or "")
    except (VerificationError, InvalidHashError):
        raise ValidationError("지금 비밀번호가 맞지 않습니다.", field="지금 비밀번호") from None
    p = Problems()
    _check_new(p, account.name, new, ["조회"])
    p.raise_if_any()
    account.password_hash = _HASHER.hash(new)
    session.flush()


def _admin_account(session: Session, by: SignedIn | None, name: str) -> UserAccount:
    # ``by`` as the caller says, and the session's own user as the database knows it
    if by is None or not by.holds(ADMIN) or not who_of(session).may(ADMIN):
        raise AccessDeniedError("계정은 관리자만 바꿀 수 있습니다.")
    account = session.scalar(select(UserAccount).where(UserAccount.name == clean(name))
                             .with_for_update())
    if account is None:
        raise ValidationError(f"'{name}' 계정이 없습니다.", field="이름")
    return account


def _keeps_an_admin(session: Session, account: UserAccount, roles: list[str], active: bool) -> None:
    """Refuse a change that would leave no active 관리자 (nobody could manage accounts)."""
    if active and ADMIN in roles:
        return
    others = session.scalars(select(UserAccount).where(UserAccount.id != account.id,
                                                       UserAccount.active.is_(True)))
    if not any(ADMIN in (a.roles or "").split(",") for a in others):
        raise ValidationError("관리자가 한 사람도 남지 않게 되어 바꿀 수 없습니다. 다른 계정에 "
                              "관리자 역할을 먼저 주십시오.", field="역할")


def set_roles(session: Session, by: SignedIn | None, name: str, roles: list[str],
              active: bool = True) -> None:
    """A 관리자 changes an account's roles, or turns it off (it can no longer log in; its
    name stays in the records it made)."""
    account = _admin_account(session, by, name)
    p = Problems()
    wrong = [r for r in roles if r not in ROLES]
    p.check(not wrong, "역할", f"모르는 역할입니다: {', '.join(wrong)}")
    p.check(bool(roles), "역할", "역할을 하나 이상 주십시오.")
    p.raise_if_any()
    _keeps_an_admin(session, account, roles, active)
    account.roles = ",".join(dict.fromkeys(roles))
    account.active = active
    session.flush()


def reset_password(session: Session, by: SignedIn | None, name: str, new: str) -> None:
    """A 관리자 gives an account a new password (the user forgot theirs); unlocks it."""
    account = _admin_account(session, by, name)
    p = Problems()
    _check_new(p, account.name, new, ["조회"])
    p.raise_if_any()
    account.password_hash = _HASHER.hash(new)
    account.failed_logins, account.locked_until = 0, None
    session.flush()


def check_password(session: Session, user: SignedIn, password: str) -> str | None:
    """None when ``password`` is ``user``'s, else the Korean reason (the screen lock asks it
    again; a wrong one counts toward the lock like a login)."""
    result = log_in(session, user.name, password)
    if isinstance(result, str):
        return result
    return None if result.id == user.id else "사용자 이름이나 비밀번호가 맞지 않습니다."


@dataclass(frozen=True)
class AccountRow:
    """An account as listed (never the hash)."""

    name: str
    roles: tuple[str, ...]
    active: bool
    locked: bool
    last_login: str

    def as_json(self) -> dict:
        return {"name": self.name, "roles": list(self.roles), "active": self.active,
                "locked": self.locked, "last_login": self.last_login}


def account_rows(session: Session) -> list[AccountRow]:
    """Every account (관리자 only once accounts exist)."""
    require(who_of(session), ADMIN, doing="계정 목록 보기")
    now = wall_clock()
    return [AccountRow(a.name, tuple(r for r in a.roles.split(",") if r), a.active,
                       a.locked_until is not None and a.locked_until > now,
                       f"{a.last_login_at:%Y-%m-%d %H:%M}" if a.last_login_at else "")
            for a in session.scalars(select(UserAccount).order_by(UserAccount.name))]
