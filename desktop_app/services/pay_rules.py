"""Instructor pay (강사수당): the dated rate table and the withholding of lecture fees taxed as
other income (기타소득).  Pure rules over plain values; the rule is written out in docs/pay.md.

Rates are a setting, one line per date they take effect (rates change)::

    2021-01-01 특급=300000/200000, 1급=200000/150000, 2급=150000/100000, 3급=100000/70000, 원고료=13000, 여비=0

``grade=first/further``: won for the first hour of a day and for each further hour; 원고료 per
page of manuscript; 여비 a day's travel (실비, not taxed).  Withholding: the necessary expenses
(60 %) come off the fee; on the rest 20 % income tax and 10 % of that as local tax, each cut to
ten won; nothing is withheld when the taxable amount is at or below the threshold (50,000원).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import Problems, ValidationError

GRADES = ("특급", "1급", "2급", "3급")
RATES_DEFAULT = ("2021-01-01 특급=300000/200000, 1급=200000/150000, 2급=150000/100000, "
                 "3급=100000/70000, 원고료=13000, 여비=0")
FIELD = "강사수당 단가"


@dataclass(frozen=True)
class RateTable:
    """Rates in force from ``since``: per grade (first hour, further hour), per page, a day's
    travel."""

    since: date
    hourly: dict[str, tuple[int, int]]
    manuscript_page: int
    travel_day: int


def _won(text: str) -> int | None:
    text = text.replace(",", "").strip()
    return int(text) if text.isdigit() else None


def parse_rates(text: str) -> list[RateTable]:
    """The setting's lines → tables, newest first; every mistake named by line."""
    p = Problems()
    tables = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        day_text, _sep, rest = line.partition(" ")
        try:
            since = date.fromisoformat(day_text)
        except ValueError:
            p.add(FIELD, f"{number}번째 줄: 맨 앞에 적용일(YYYY-MM-DD)을 적으십시오.")
            continue
        hourly, page, travel = {}, 0, 0
        for item in rest.replace(";", ",").split(","):
            key, sep, value = (x.strip() for x in item.partition("="))
            if not item.strip():
                continue
            if not sep:
                p.add(FIELD, f"{number}번째 줄: '{item.strip()}'은(는) '이름=값' 형식이 아닙니다.")
            elif key in GRADES:
                parts = [_won(x) for x in value.split("/")]
                if len(parts) != 2 or None in parts:
                    p.add(FIELD, f"{number}번째 줄 {key}: '첫 시간/추가 시간' 두 금액을 적으십시오.")
                else:
                    hourly[key] = (parts[0], parts[1])
            elif key in ("원고료", "여비"):
                won = _won(value)
                if won is None:
                    p.add(FIELD, f"{number}번째 줄 {key}: 금액(원)을 적으십시오.")
                elif key == "원고료":
                    page = won
                else:
                    travel = won
            else:
                p.add(FIELD, f"{number}번째 줄: '{key}'은(는) 등급({', '.join(GRADES)})이나 원고료·"
                             "여비가 아닙니다.")
        missing = [g for g in GRADES if g not in hourly]
        if missing and not p:
            p.add(FIELD, f"{number}번째 줄: 등급이 빠졌습니다: {', '.join(missing)}")
        tables.append(RateTable(since, hourly, page, travel))
    p.raise_if_any()
    if not tables:
        raise ValidationError("단가를 한 줄 이상 적으십시오.", field=FIELD)
    return sorted(tables, key=lambda t: t.since, reverse=True)


def rates_on(tables: list[RateTable], day: date) -> RateTable:
    """The table in force on ``day`` (the oldest one for days before every date)."""
    return next((t for t in tables if t.since <= day), tables[-1])


def lecture_fee(table: RateTable, grade: str, hours_by_day: list[int]) -> int:
    """Each day: the first hour at the first-hour rate, the others at the further rate."""
    if grade not in table.hourly:
        raise ValidationError(f"강사료 등급이 정해지지 않았습니다 ({grade or '없음'}).", field="등급")
    first, further = table.hourly[grade]
    return sum(first + further * (hours - 1) for hours in hours_by_day if hours > 0)


@dataclass(frozen=True)
class Withholding:
    """Percentages and the threshold, as the settings hold them."""

    expense_pct: int = 60
    income_tax_pct: int = 20
    local_tax_pct: int = 10
    threshold: int = 50_000


@dataclass(frozen=True)
class Taxes:
    """What is withheld from a taxable payment."""

    taxable: int
    income_tax: int
    local_tax: int

    @property
    def total(self) -> int:
        return self.income_tax + self.local_tax


def _ten(value: float) -> int:
    return int(value) // 10 * 10     # 원 단위 10원 미만 절사


def withhold(taxed_gross: int, rule: Withholding) -> Taxes:
    """The taxes withheld from ``taxed_gross`` (fees taxed as other income; travel excluded)."""
    taxable = taxed_gross - taxed_gross * rule.expense_pct // 100
    if taxable <= rule.threshold:
        return Taxes(taxable, 0, 0)
    income = _ten(taxable * rule.income_tax_pct / 100)
    return Taxes(taxable, income, _ten(income * rule.local_tax_pct / 100))
