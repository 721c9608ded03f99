"""What every headless command shares: exit codes and how a refusal names its flag."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .errors import LateRegistrationError

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def save_for_run(database, run_code: str, write) -> int:
    """A command that writes one file about a run: find the run by its code, ``write(session,
    run_id)`` in a read session, say where the file went."""
    from .services.runs import find_run_id

    with database.read_scope() as session:
        written = write(session, find_run_id(session, run_code))
    print(f"저장했습니다: {written}")
    return EXIT_OK


@contextmanager
def late_reason_flag() -> Iterator[None]:
    """A late registration refused inside the block tells the command's user which flag
    gives the reason (the service's message speaks of the GUI's question)."""
    try:
        yield
    except LateRegistrationError as exc:
        raise LateRegistrationError(f"{exc.problems[0].message} 사유는 --late-reason "
                                    "\"사유\"로 줍니다.", exc.phase) from None
