"""Small helpers shared by the services: input cleaning, actor names, optimistic locking."""

from __future__ import annotations

import getpass
import re
import socket
import unicodedata
from dataclasses import fields
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..errors import ConflictError, Problem, Problems, ValidationError  # noqa: F401 - Problems: its old home

T = TypeVar("T")


def default_actor() -> str:
    """"who" in history rows when the PC has no operator name set: OS user @ PC name."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in some service accounts
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def normalize(value: Any) -> str:
    """Text as it is compared and stored: Unicode NFC.

    Hangul typed on a Mac or read from a file made there arrives decomposed (NFD): 김 as
    ㄱ+ㅣ+ㅁ.  It looks the same but compares different, so every text is composed first.
    """
    return unicodedata.normalize("NFC", "" if value is None else str(value))


def clean(value: Any) -> str:
    """Text from a form or a file: ``None`` → ``""``, NFC, surrounding blanks removed (and
    runs of blanks inside a one-line value made one space)."""
    if value is None:
        return ""
    # normalize() written out: this runs for every cell of an imported file
    text = unicodedata.normalize("NFC", value if type(value) is str else str(value))
    return " ".join(text.split()) if "\n" not in text else text.strip()


def identifier(value: Any) -> str:
    """Codes and numbers (NEIS number, run code, phone): NFKC, so full-width letters and digits
    become ASCII, and no blanks at all."""
    if value is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def half_width(text: str) -> str:
    """Full-width ASCII (Ａ１２３, typed with a Korean IME) made plain ASCII; Hangul, even
    compatibility jamo such as ㄱ, untouched (NFKC would change those)."""
    return text.translate(_FULL_WIDTH).replace("\u3000", " ")


# The C0 and C1 controls (Unicode category Cc) but line breaks and tabs, and the bidirectional
# overrides and isolates, which make text display in another order than it is stored.  One
# compiled class: every text field of every row of an imported file passes through here.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_characters(text: str) -> list[str]:
    """Invisible control characters in ``text`` (escape sequences, NUL, bidi overrides…);
    line breaks and tabs are not counted."""
    return _CONTROL.findall(text)


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(없음)"
    if isinstance(value, bool):
        return "예" if value else "아니오"
    return str(value)


def refuse_if_changed(what: str, base: T, current: T, base_version: int,
                      current_version: int) -> None:
    """Raise :class:`ConflictError` when the record moved on since the user opened it.

    ``base`` is what the user's form started from, ``current`` the same record read now; the
    message names each field whose value changed, so the user can decide what to keep.
    """
    if base_version == current_version:
        return
    changes: dict[str, tuple[Any, Any]] = {}
    for f in fields(base):  # type: ignore[arg-type]
        if f.name in ("id", "version"):
            continue
        old, new = getattr(base, f.name), getattr(current, f.name)
        if old != new:
            changes[f.metadata.get("label", f.name)] = (old, new)
    detail = ", ".join(f"{k} {_show(a)} → {_show(b)}" for k, (a, b) in changes.items())
    message = (f"다른 사용자가 이 {what}을(를) 먼저 고쳤습니다."
               + (f" 바뀐 항목: {detail}." if detail else "")
               + " 입력하신 내용은 그대로 두었으니 확인한 뒤 다시 저장하십시오.")
    raise ConflictError(message, changes=changes)


def flush_or_conflict(session: Session, what: str) -> None:
    """Flush; a version clash found by the UPDATE itself becomes a :class:`ConflictError`."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(f"다른 사용자가 이 {what}을(를) 방금 고쳤습니다. "
                            "입력하신 내용은 그대로 두었으니 다시 저장하십시오.") from exc


def parse_int(p: Problems, field: str, value: Any, *, minimum: int | None = None,
              maximum: int | None = None, required: bool = False) -> int | None:
    """An integer from a form/CLI value, or ``None`` when blank and optional."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if required:
            p.add(field, f"{field}을(를) 입력하십시오.")
        return None
    try:
        number = int(str(value).replace(",", "").strip()) if not isinstance(value, int) else value
    except ValueError:
        p.add(field, f"숫자가 아닙니다: '{value}'")
        return None
    if isinstance(number, bool):
        p.add(field, f"숫자가 아닙니다: '{value}'")
        return None
    if minimum is not None and number < minimum:
        p.add(field, f"{minimum} 이상이어야 합니다 (입력: {number}).")
        return None
    if maximum is not None and number > maximum:
        p.add(field, f"{maximum} 이하여야 합니다 (입력: {number}).")
        return None
    return number


def escape_like(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern written with ``escape="\\"``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fetch_ids(session: Session, query: Select) -> list[int]:
    """The ids a one-column query returns, in order.

    A query without parameters (the unfiltered list: 200,000 trainees) is run on the driver's
    cursor directly: building SQLAlchemy row objects would cost more than the query itself.
    """
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect)
    if compiled.params:
        return list(session.scalars(query))
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled))
        return [row_id for (row_id,) in cursor]
    finally:
        cursor.close()
