"""What every page needs: the open database, who is working, and where backups go."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from .. import local_config
from ..access import SignedIn, Who
from ..db import CHANGE_COUNT, Database
from ..errors import AccessDeniedError
from ..services.common import default_actor
from .messages import show_error

T = TypeVar("T")


@dataclass
class AppContext:
    """The database and per-PC settings shared by the main window's pages."""

    database: Database
    config: local_config.LocalConfig = field(default_factory=local_config.load)
    backup_folder: Path | None = None  # None: the folder this PC's settings name
    signed_in: SignedIn | None = None  # once a database with accounts opened (see sign_in)

    def __post_init__(self) -> None:
        if self.backup_folder is None:
            self.backup_folder = local_config.backup_folder(self.config)
        if self.signed_in is not None:
            self.sign_in(self.signed_in)
        else:
            self._follow_operator()

    def sign_in(self, user: SignedIn) -> None:
        """From now on the database works as ``user`` (its roles, its name in the trail)."""
        self.signed_in = user
        self.database.act_as(Who.signed_in(user))

    def _follow_operator(self) -> None:
        """Without a login the actor is this PC's operator name (which the settings may
        change at any time)."""
        who = self.database.who
        if who.user is None and who.actor != self.actor:
            self.database.act_as(Who(actor=self.actor, accounts=who.accounts))

    @property
    def who(self) -> Who:
        """Who is working (roles to hide what they cannot do)."""
        return self.database.who

    def may(self, *roles: str) -> bool:
        """True when the person working holds one of ``roles`` (always, without accounts)."""
        return self.database.who.may(*roles)

    @property
    def actor(self) -> str:
        """"who" in history rows: the logged-in user, else the operator name set on this PC,
        else OS user @ PC."""
        if self.signed_in is not None:
            return self.signed_in.name
        return self.config.operator_name.strip() or default_actor()

    #: called after each committed :meth:`write` with the change counter it reached (the main
    #: window tells its change watcher the change is its own, not one made elsewhere)
    after_write: list[Callable[[int | None], None]] = field(default_factory=list)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action that changes data (commit at the end, all or nothing)."""
        from ..services.accounts import accounts_enabled   # not at start-up: the window first

        self._follow_operator()
        with self.database.session_scope() as session:
            if not self.database.who.accounts and accounts_enabled(session):
                # another PC made the first 관리자 since this window opened
                raise AccessDeniedError("이 데이터베이스에 계정이 생겼습니다. 프로그램을 다시 열어 "
                                        "로그인하십시오. 이번 작업은 저장되지 않았습니다.")
            yield session
        for hook in self.after_write:
            hook(session.info.get(CHANGE_COUNT))

    def attempt(self, parent: QWidget | None, action: Callable[[Session], T]) -> tuple[bool, T | None]:
        """Run one writing user action; on any error show it (nothing was saved) and say so.

        Returns (done, what the action returned).
        """
        try:
            with self.write() as session:
                return True, action(session)
        except Exception as exc:
            show_error(parent, exc)
            return False, None

    def read(self, fn: Callable[[Session], T]) -> T:
        """Run a read-only service call in its own short session."""
        with self.database.read_scope() as session:
            return fn(session)
