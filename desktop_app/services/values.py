"""Turning form and command-line values into typed ones, with Korean problems."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from ..errors import ValidationError
from .common import Problems, clean, control_characters

#: Free-text reasons (폐강, 취소, 기간 겹침 …) are a sentence or two, not a document.
REASON_MAX_LEN = 500

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_TIME_PATTERN = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_date(p: Problems, field: str, value: Any, *, required: bool = False,
               example: str = "2021-05-03") -> date | None:
    """A date from ``date``/``datetime`` or text such as 2021-05-03, 2021.5.3, 20210503;
    ``example`` is the one the message shows (a birth date wants a birth-like example)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean(value)
    if not text:
        if required:
            p.add(field, f"날짜를 입력하십시오 (예: {example}).")
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                break
    p.add(field, f"날짜 형식이 아닙니다: '{text}' (예: {example})")
    return None


_SHORT_BIRTH = re.compile(r"^(\d{2})\.?\s*(\d{1,2})\.?\s*(\d{1,2})\.?$")


def parse_birth_date(p: Problems, field: str, value: Any, *, today: date,
                     required: bool = False) -> date | None:
    """A birth date as people type it: whatever :func:`parse_date` reads, and a two-digit
    year (``850302``, ``85.3.2.``; a spreadsheet may have stored ``010302`` as the number
    10302).  A two-digit year makes the latest such date not after ``today``."""
    if isinstance(value, int) and not isinstance(value, bool) and 10_000 <= value <= 999_999:
        value = f"{value:06d}"
    text = clean(value) if not isinstance(value, (date, datetime)) else ""
    match = _SHORT_BIRTH.match(text) if text else None
    if match is None:
        return parse_date(p, field, value, required=required, example="1980-03-05")
    short, month, day = (int(g) for g in match.groups())
    try:
        born = date(2000 + short, month, day)
        return born if born <= today else date(1900 + short, month, day)
    except ValueError:
        p.add(field, f"날짜 형식이 아닙니다: '{text}' (예: 1980-03-05)")
        return None


def parse_time(p: Problems, field: str, value: Any, *, required: bool = True) -> time | None:
    """A time of day from ``time`` or text ``HH:MM``."""
    if isinstance(value, time):
        return value
    text = clean(value)
    if not text:
        if required:
            p.add(field, "시각을 입력하십시오 (예: 09:00).")
        return None
    match = _TIME_PATTERN.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    p.add(field, f"시각 형식이 아닙니다: '{text}' (예: 09:00)")
    return None


def parse_bool(value: Any) -> bool:
    """Checkbox or text (예/아니오, Y/N, true/false, 1/0) → bool."""
    if isinstance(value, bool):
        return value
    return clean(value).lower() in {"1", "y", "yes", "true", "예", "o", "필요", "있음"}


def text_field(p: Problems, field: str, value: Any, *, max_len: int,
               required: bool = False) -> str:
    """Trimmed NFC text within a length limit, without invisible control characters."""
    text = clean(value)
    bad = control_characters(text)
    if required and not text:
        p.add(field, f"{field}을(를) 입력하십시오.")
    elif bad:
        codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(bad))
        p.add(field, f"보이지 않는 제어 문자({codes})가 들어 있습니다. 지우고 다시 입력하십시오.")
    elif len(text) > max_len:
        p.add(field, f"{max_len}자 이하로 입력하십시오 (지금 {len(text)}자).")
    return text


def reason_text(value: Any, field: str, missing: str | None) -> str:
    """A free-text reason, checked like every text field and at most ``REASON_MAX_LEN``.

    ``missing`` is the message when it is required and empty; None makes it optional ("").
    Raises ValidationError naming ``field``.
    """
    text = clean(value)
    if not text:
        if missing is not None:
            raise ValidationError(missing, field=field)
        return ""
    p = Problems()
    text = text_field(p, field, text, max_len=REASON_MAX_LEN)
    p.raise_if_any()
    return text
