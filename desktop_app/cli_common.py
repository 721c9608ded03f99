"""What every headless command shares: exit codes and how a refusal names its flag."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .errors import LateRegistrationError

EXIT_OK, EXIT_BAD_INPUT = 0, 2


@contextmanager
def late_reason_flag() -> Iterator[None]:
    """A late registration refused inside the block tells the command's user which flag
    gives the reason (the service's message speaks of the GUI's question)."""
    try:
        yield
    except LateRegistrationError as exc:
        raise LateRegistrationError(f"{exc.problems[0].message} 사유는 --late-reason "
                                    "\"사유\"로 줍니다.", exc.phase) from None
