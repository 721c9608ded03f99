"""Rental fees (대관 사용료): a rate per room kind for an hour, a half day (4 hours) and a day
(8 hours), and discount kinds (감면) as percentages — both settings shared by every PC.  The
default rates are invented for the demo (the 2021 plan gives none) and the settings say so.

The fee of a span is, for each day it covers, the cheapest of: every hour at the hourly rate,
a half day (plus hours beyond four), a day (plus hours beyond eight); started hours count
whole.  The discount comes off the total, rounded down to ten won.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..errors import Problems, ValidationError

RATES_DEFAULT = ("강의실=30000/100000/180000, 특별실=40000/130000/240000, "
                 "스튜디오=50000/180000/320000, 강당=200000/600000/1000000, "
                 "체육시설=50000/150000/280000")
DISCOUNTS_DEFAULT = "일반=0, 공공기관=50, 학교=50, 교육청 소속 기관=100"


@dataclass(frozen=True)
class Rate:
    """One room kind's prices, won."""

    hour: int
    half_day: int
    day: int


def _pairs(text: str, field: str) -> list[tuple[str, str]]:
    p = Problems()
    pairs = []
    for item in (text or "").replace(";", ",").split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            p.add(field, f"'{item.strip()}'은(는) '이름=값' 형식이 아닙니다.")
            continue
        pairs.append((key.strip(), value.strip()))
    p.raise_if_any()
    if not pairs:
        raise ValidationError("하나 이상 적으십시오.", field=field)
    return pairs


def parse_rates(text: str) -> dict[str, Rate]:
    """'강의실=30000/100000/180000, …' → {kind: Rate}; every mistake named."""
    field = "대관 사용료"
    p = Problems()
    rates = {}
    for kind, value in _pairs(text, field):
        parts = [x.replace(",", "").strip() for x in value.split("/")]
        if len(parts) != 3 or not all(x.isdigit() for x in parts):
            p.add(field, f"{kind}: '1시간/반일/종일' 세 금액(원)을 /로 나눠 적으십시오.")
            continue
        rates[kind] = Rate(*(int(x) for x in parts))
    p.raise_if_any()
    return rates


def parse_discounts(text: str) -> dict[str, int]:
    """'일반=0, 학교=50' → {kind: percent}; every mistake named."""
    field = "대관 감면"
    p = Problems()
    found = {}
    for kind, value in _pairs(text, field):
        number = value.rstrip("%").strip()
        if not number.isdigit() or not 0 <= int(number) <= 100:
            p.add(field, f"{kind}: 감면율은 0~100 사이의 숫자(%)입니다.")
            continue
        found[kind] = int(number)
    p.raise_if_any()
    return found


def _day_fee(rate: Rate, hours: int) -> int:
    options = [hours * rate.hour, rate.half_day + max(0, hours - 4) * rate.hour,
               rate.day + max(0, hours - 8) * rate.hour]
    return min(options)


def base_fee(rate: Rate, start: datetime, end: datetime) -> int:
    """The fee before any discount, day by day."""
    total, moment = 0, start
    while moment < end:
        day_end = min(end, datetime.combine(moment.date() + timedelta(days=1), datetime.min.time()))
        hours = math.ceil((day_end - moment).total_seconds() / 3600)
        total += _day_fee(rate, hours)
        moment = day_end
    return total


def discounted(amount: int, percent: int) -> int:
    """``amount`` less ``percent``, rounded down to ten won."""
    return (amount * (100 - percent) // 100) // 10 * 10
