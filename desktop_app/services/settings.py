"""Business settings shared by every PC (stored in the database, typed, with defaults)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import ADMIN, BUDGET, CERTIFICATES, COURSES, DORMITORY, FACILITIES, require
from ..db import who_of
from ..errors import ValidationError
from ..models import Setting
from .common import Problems, flush_or_conflict
from .neis_columns import parse_columns
from .pay_rules import RATES_DEFAULT as RATES_DEFAULT_PAY
from .pay_rules import parse_rates as parse_pay_rates
from .rental_fees import DISCOUNTS_DEFAULT, RATES_DEFAULT, parse_discounts, parse_rates


@dataclass(frozen=True)
class SettingSpec:
    """A setting's key, Korean label, default and how to check a new value."""

    key: str
    label: str
    default: Any
    kind: type
    minimum: int | None = None
    maximum: int | None = None
    shown: bool = True   # on the settings page's rules; False: a page of its own edits it
    #: who may change it (관리자 always): the role whose work it rules
    owner: str = ADMIN

    @property
    def roles(self) -> tuple[str, ...]:
        return (ADMIN, self.owner)


SPECS: dict[str, SettingSpec] = {s.key: s for s in (
    SettingSpec("remote_max_concurrent", "원격 연수 동시 수강 한도(개)", 3, int, 1, 20, owner=COURSES),
    SettingSpec("neis_pattern", "나이스 개인번호 형식(정규식)", r"^[A-Z][0-9]{9}$", str, owner=COURSES),
    SettingSpec("default_min_attendance_pct", "기본 이수 출석률(%)", 90, int, 0, 100, owner=COURSES),
    SettingSpec("default_min_score", "기본 이수 점수", 60, int, 0, 100, owner=COURSES),
    SettingSpec("credit_hours", "1학점당 시간(직무연수)", 15, int, 1, 100, owner=COURSES),
    SettingSpec("institute_name", "연수기관 이름", "서울특별시교육청교육연수원", str),
    SettingSpec("neis_columns", "나이스 이수 자료 열 (순서대로, '제목=항목'으로 제목 변경)",
                "나이스개인번호, 성명, 소속, 연수과정명, 연수종별, 연수시작일, 연수종료일, 이수시간, "
                "학점, 성적, 이수일자, 연수기관", str, owner=COURSES),
    SettingSpec("head_title", "기관장 직함 (이수증·확인서)", "서울특별시교육청교육연수원장", str, owner=CERTIFICATES),
    SettingSpec("rental_rates", "대관 사용료 (원, 종류=1시간/반일/종일; 기본값은 데모용 가상 요금)",
                RATES_DEFAULT, str, owner=FACILITIES),
    SettingSpec("rental_discounts", "대관 감면 (종류=감면율%)", DISCOUNTS_DEFAULT, str, owner=FACILITIES),
    SettingSpec("dorm_same_organization", "숙소 배정: 같은 소속은 (함께 / 따로)", "함께", str, owner=DORMITORY),
    SettingSpec("pay_rates", "강사수당 단가 (줄마다 적용일과 등급=첫 시간/추가 시간, 원고료=쪽당, "
                "여비=하루; 기본값은 예시)", RATES_DEFAULT_PAY, str, owner=BUDGET),
    SettingSpec("pay_expense_pct", "강사료 필요경비율(%)", 60, int, 0, 100, owner=BUDGET),
    SettingSpec("pay_income_tax_pct", "강사료 소득세율(%)", 20, int, 0, 100, owner=BUDGET),
    SettingSpec("pay_local_tax_pct", "지방소득세율(소득세의 %)", 10, int, 0, 100, owner=BUDGET),
    SettingSpec("pay_threshold", "원천징수 과세최저한(원, 기타소득금액 이하면 징수 안 함)", 50_000, int,
                0, 10_000_000, owner=BUDGET),
    SettingSpec("certificate_layout", "이수증 서식", "formal", str, shown=False, owner=CERTIFICATES),
    SettingSpec("certificate_seal", "이수증 직인 그림 (PNG, base64)", "", str, shown=False, owner=CERTIFICATES),
    SettingSpec("certificate_layouts", "기관이 만든 이수증 서식 (JSON)", "", str, shown=False,
                owner=CERTIFICATES),
    SettingSpec("idle_lock_minutes", "자리 비움 화면 잠금(분, 0이면 잠그지 않음; 계정이 있을 때)", 10,
                int, 0, 240),
    SettingSpec("retention_years", "개인정보 보유 기간(년, 활동이 없는 사람의 연락처 파기)", 5, int,
                1, 50),
)}


def _decode(spec: SettingSpec, row: Setting | None) -> Any:
    """A stored value of the right type, else the default (never set, or damaged)."""
    if row is None:
        return spec.default
    try:
        value = json.loads(row.value)
    except ValueError:
        return spec.default
    return value if isinstance(value, spec.kind) else spec.default


def get(session: Session, key: str) -> Any:
    """The current value of a setting (its default when never set)."""
    return _decode(SPECS[key], session.get(Setting, key))


def all_values(session: Session) -> dict[str, Any]:
    """Every setting with its current value, for the settings page."""
    stored = {row.key: row for row in session.scalars(select(Setting))}
    return {key: _decode(spec, stored.get(key)) for key, spec in SPECS.items()}


def validate(key: str, value: Any) -> Any:
    """Check and convert one value; raises :class:`ValidationError` naming the setting."""
    spec = SPECS.get(key)
    if spec is None:
        raise ValidationError(f"알 수 없는 설정입니다: {key}")
    p = Problems()
    if spec.kind is int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError("숫자를 입력하십시오.", field=spec.label) from None
        if spec.minimum is not None and number < spec.minimum:
            p.add(spec.label, f"{spec.minimum} 이상이어야 합니다.")
        if spec.maximum is not None and number > spec.maximum:
            p.add(spec.label, f"{spec.maximum} 이하여야 합니다.")
        p.raise_if_any()
        return number
    text = str(value or "").strip()
    if key == "neis_columns":
        parse_columns(text)
        return text
    if key == "dorm_same_organization" and text not in ("함께", "따로"):
        raise ValidationError("'함께' 또는 '따로'로 적으십시오.", field=spec.label)
    if key == "rental_rates":
        parse_rates(text)
        return text
    if key == "rental_discounts":
        parse_discounts(text)
        return text
    if key == "pay_rates":
        parse_pay_rates(text)
        return text
    if key in ("institute_name", "head_title", "certificate_layout") and not text:
        raise ValidationError(f"{spec.label}을(를) 입력하십시오.", field=spec.label)
    if key == "neis_pattern":
        if not text:
            raise ValidationError("형식을 입력하십시오.", field=spec.label)
        try:
            re.compile(text)
        except re.error as exc:
            raise ValidationError(f"정규식이 올바르지 않습니다: {exc}", field=spec.label) from None
    return text


def set_values(session: Session, values: dict[str, Any]) -> None:
    """Save several settings at once; all are checked before anything is written."""
    checked = {}
    problems = Problems()
    for key, value in values.items():
        try:
            checked[key] = validate(key, value)
        except ValidationError as exc:
            problems.items.extend(exc.problems)
    problems.raise_if_any()
    who = who_of(session)
    for key, value in checked.items():
        # a page saves every field it shows: only what actually changes needs the role
        if value != get(session, key):
            require(who, *SPECS[key].roles, doing=f"'{SPECS[key].label}' 설정 변경")
    for key, value in checked.items():
        row = session.get(Setting, key)
        text = json.dumps(value, ensure_ascii=False)
        if row is None:
            session.add(Setting(key=key, value=text))
        elif row.value != text:
            row.value = text
    flush_or_conflict(session, "설정")
