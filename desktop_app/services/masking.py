"""Personal data shown no wider than needed: masked forms for printed rosters and lists.

A printed roster goes to a lecturer's desk; birth dates, phone numbers and NEIS numbers on it
are masked unless the officer asks for the full form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .. import access


def birth_date(value: date | str | None) -> str:
    """1985-03-02 → 1985-03-** (a value already masked stays as it is)"""
    if isinstance(value, str):       # a date as text (a snapshot), or already masked
        return value[:8] + "**" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else value
    return "" if value is None else f"{value:%Y-%m}-**"


def phone(value: str | None) -> str:
    """010-1234-5678 → 010-****-5678 (the middle group hidden, whatever its length)."""
    if not value:
        return ""
    if "*" in value:
        return value
    parts = value.split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    digits = re.sub(r"\D", "", value)
    return digits[:3] + "*" * max(len(digits) - 7, 0) + digits[-4:] if len(digits) > 7 else "****"


def neis_no(value: str | None) -> str:
    """A123456789 → A123******"""
    if not value:
        return ""
    if "*" in value:
        return value
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


@dataclass(frozen=True)
class Viewer:
    """What the person working may see in full; the rest is shown masked (on screen, in the
    exports and prints made from what the services give them)."""

    phone_full: bool = True
    birth_full: bool = True
    neis_full: bool = True
    account_full: bool = True

    def phone(self, value: str | None) -> str | None:
        return value if self.phone_full or not value else phone(value)

    def birth(self, value: date | None) -> date | str | None:
        return value if self.birth_full or value is None else birth_date(value)

    def neis(self, value: str | None) -> str | None:
        return value if self.neis_full or not value else neis_no(value)

    def account(self, value: str | None) -> str | None:
        return value if self.account_full or not value else account(value)

    @property
    def masks(self) -> bool:
        return not (self.phone_full and self.birth_full and self.neis_full and self.account_full)


#: roles whose work needs each field in full (without accounts everything is shown)
FULL_VIEW = {
    "phone": (access.COURSES, access.DORMITORY),
    "birth": (access.COURSES, access.CERTIFICATES),
    "neis": (access.COURSES, access.CERTIFICATES),
    "account": (access.BUDGET,),
}


def viewer(who: access.Who) -> Viewer:
    """What ``who`` sees in full."""
    return Viewer(*(who.may(*FULL_VIEW[k]) for k in ("phone", "birth", "neis", "account")))
