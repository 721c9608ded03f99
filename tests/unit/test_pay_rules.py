"""Instructor pay rules: the dated rate table read and checked line by line, the fee per day
(first hour, further hours), and withholding as other income (60 % expenses, 20 % + 10 %,
cut to ten won, nothing at or below the threshold)."""

from datetime import date

import pytest

from desktop_app.errors import ValidationError
from desktop_app.services import pay_rules
from desktop_app.services.pay_rules import Withholding


def test_rates_by_date_and_the_fee_of_a_day():
    tables = pay_rules.parse_rates(pay_rules.RATES_DEFAULT + "\n2024-03-01 특급=400000/250000, "
                                   "1급=250000/180000, 2급=180000/120000, 3급=120000/80000, "
                                   "원고료=15000, 여비=30000")
    assert [t.since for t in tables] == [date(2024, 3, 1), date(2021, 1, 1)]
    old, new = pay_rules.rates_on(tables, date(2021, 5, 1)), pay_rules.rates_on(tables,
                                                                                date(2024, 5, 1))
    assert old.hourly["1급"] == (200_000, 150_000) and new.manuscript_page == 15_000
    assert pay_rules.rates_on(tables, date(2019, 1, 1)) is old      # before every date
    # two days: 3 hours then 1 hour
    assert pay_rules.lecture_fee(old, "1급", [3, 1]) == 200_000 + 2 * 150_000 + 200_000
    with pytest.raises(ValidationError, match="등급"):
        pay_rules.lecture_fee(old, "", [1])


@pytest.mark.parametrize("text, says", [
    ("", "한 줄 이상"), ("2021/01/01 특급=1/1", "적용일"), ("2021-01-01 특급=1", "두 금액"),
    ("2021-01-01 특급=1/1, 명예=1/1", "'명예'"), ("2021-01-01 특급=1/1", "빠졌습니다"),
    ("2021-01-01 특급=1/1, 1급=1/1, 2급=1/1, 3급=1/1, 원고료=많이", "원고료"),
])
def test_a_wrong_rate_table_is_named(text, says):
    with pytest.raises(ValidationError, match=says):
        pay_rules.parse_rates(text)


def test_withholding_as_other_income():
    rule = Withholding()
    taxes = pay_rules.withhold(350_000, rule)        # taxable 140,000
    assert (taxes.taxable, taxes.income_tax, taxes.local_tax) == (140_000, 28_000, 2_800)
    assert pay_rules.withhold(125_000, rule).total == 0      # taxable 50,000: at the threshold
    assert pay_rules.withhold(125_010, rule).income_tax == 10_000   # 50,004 → 10,000.8 → cut
    odd = pay_rules.withhold(333_333, rule)          # 133,333 → 26,666.6 → 26,660; 2,666 → 2,660
    assert (odd.income_tax, odd.local_tax) == (26_660, 2_660)
    assert pay_rules.withhold(350_000, Withholding(threshold=200_000)).total == 0
