"""Personal data shown no wider than needed: masked forms for printed rosters and lists.

A printed roster goes to a lecturer's desk; birth dates, phone numbers and NEIS numbers on it
are masked unless the officer asks for the full form.
"""

from __future__ import annotations

import re
from datetime import date


def birth_date(value: date | None) -> str:
    """1985-03-02 → 1985-03-**"""
    return "" if value is None else f"{value:%Y-%m}-**"


def phone(value: str | None) -> str:
    """010-1234-5678 → 010-****-5678 (the middle group hidden, whatever its length)."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    digits = re.sub(r"\D", "", value)
    return digits[:3] + "*" * max(len(digits) - 7, 0) + digits[-4:] if len(digits) > 7 else "****"


def neis_no(value: str | None) -> str:
    """A123456789 → A123******"""
    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 4)


def account(value: str | None) -> str:
    """110-123-456789 → ***-***-**6789 (only the last four digits shown)."""
    if not value:
        return ""
    shown = 0
    out = []
    for ch in reversed(value):
        if ch.isdigit():
            out.append(ch if shown < 4 else "*")
            shown += 1
        else:
            out.append(ch)
    return "".join(reversed(out))
