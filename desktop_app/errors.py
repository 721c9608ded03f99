"""User-facing errors raised by services.

A service raises these when the *input* is wrong or the data moved under the user's feet; every
other exception is a bug.  Messages are Korean sentences a clerk can act on, and each problem can
name the row and field it is about, so the CLI can print ``행 12, 열 '나이스개인번호': ...`` and a
form can show the reason beside the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (row, field) and why (Korean)."""

    message: str
    field: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"행 {self.row}")
        if self.field:
            parts.append(f"열 '{self.field}'" if self.row is not None else f"'{self.field}'")
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class UserError(Exception):
    """Base of the errors the user can fix; carries one or more :class:`Problem`."""

    def __init__(self, problems: str | Problem | list[Problem], field: str | None = None,
                 row: int | None = None, details: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems, field, row)]
        elif isinstance(problems, Problem):
            problems = [problems]
        if not problems:
            raise ValueError("UserError needs at least one problem")
        self.problems: list[Problem] = list(problems)
        #: technical details (a driver's own words) for the log and the dialog's details box,
        #: never part of the message the user reads
        self.details = details
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def message(self) -> str:
        """All problems, one per line."""
        return str(self)

    @property
    def fields(self) -> dict[str, str]:
        """Field name → message, for forms that show the reason beside the field."""
        return {p.field: p.message for p in self.problems if p.field}


class ValidationError(UserError):
    """The input breaks a rule; nothing was written."""


class NotFoundError(ValidationError):
    """The record the user named does not exist (or no longer exists)."""


class ConflictError(UserError):
    """Someone else changed the record first; the user's typed values must be kept."""

    def __init__(self, problems, changes: dict[str, tuple[object, object]] | None = None,
                 **kw) -> None:
        super().__init__(problems, **kw)
        #: field label → (value the user started from, value now in the database)
        self.changes: dict[str, tuple[object, object]] = dict(changes or {})


class OverlapError(ValidationError):
    """The person already holds a run whose dates overlap; may be overridden with a reason."""

    def __init__(self, problems, conflicting_run_codes: list[str]) -> None:
        super().__init__(problems)
        self.conflicting_run_codes = conflicting_run_codes


class BookingConflictError(ValidationError):
    """A live booking of the room is in the way (its ids in ``in_the_way``)."""

    def __init__(self, problems, in_the_way: Sequence[int] = ()) -> None:
        super().__init__(problems)
        self.in_the_way = list(in_the_way)


class LateRegistrationError(ValidationError):
    """The run's application period is over (or the run has started or ended); registering
    anyway needs a 늦은 신청 사유, which the history keeps."""

    def __init__(self, problems, phase: str) -> None:
        super().__init__(problems, field="기수")
        self.phase = phase


class AccessDeniedError(UserError):
    """A refused login, or a permission the user's roles do not give; nothing was written."""


class DatabaseError(UserError):
    """The database cannot be opened as it is (too new, not ours, damaged)."""


class DatabaseMissingError(DatabaseError):
    """A database file was named that does not exist (only ``init``/``demo``/the GUI create)."""


class DatabaseBusyError(UserError):
    """Another PC held the same rows too long (lock timeout, deadlock); nothing was saved."""


class Problems:
    """Collects problems so a form shows every wrong field at once, not one at a time."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, field: str | None, message: str, row: int | None = None) -> None:
        self.items.append(Problem(message, field, row))

    def check(self, ok: bool, field: str | None, message: str) -> bool:
        if not ok:
            self.add(field, message)
        return ok

    def raise_if_any(self, error: type[ValidationError] | None = None) -> None:
        if self.items:
            raise (error or ValidationError)(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
