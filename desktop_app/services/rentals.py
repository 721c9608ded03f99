"""Rentals (대관): an outside group books a rentable room for a fee.

A rental is a 대관 booking (the same overlap rule as every booking) with the renter, purpose,
head count, the discount kind, the fee computed from the rate table when it was booked (kept: a
later rate change does not alter it), the deposit and the payments.  Its papers: the rental
confirmation (대관 확인서) and the fee statement (사용료 내역서), as PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from ..errors import NotFoundError, Problems, ValidationError
from ..models import Rental, Room
from ..reports.roster_pdf import TableSection
from . import bookings
from . import settings as settings_service
from .bookings import BookingFields
from .printing import page_info, write_tables
from .rental_fees import base_fee, discounted, parse_discounts, parse_rates
from .values import text_field


@dataclass(frozen=True)
class RentalFields:
    """A rental as the desk types it."""

    room_id: int
    start: datetime
    end: datetime
    organization: str
    contact_name: str
    contact_phone: str
    purpose: str
    head_count: object
    discount_kind: str = "일반"
    deposit: object = 0
    note: str = ""
    tentative: bool = False


@dataclass(frozen=True)
class Quote:
    """What the rental will cost."""

    base_fee: int
    discount_kind: str
    discount_pct: int
    fee: int


def quote(session: Session, room_id: int, start: datetime, end: datetime,
          discount_kind: str) -> Quote:
    """The fee of renting the room for the span with the discount, from today's rates."""
    room = session.get(Room, room_id)
    if room is None:
        raise NotFoundError("강의실을 찾을 수 없습니다.", field="강의실")
    rates = parse_rates(settings_service.get(session, "rental_rates"))
    discounts = parse_discounts(settings_service.get(session, "rental_discounts"))
    if room.kind not in rates:
        raise ValidationError(f"'{room.kind}' 종류의 대관 사용료가 설정에 없습니다 (설정 → 대관 "
                              "사용료).", field="강의실")
    if discount_kind not in discounts:
        raise ValidationError(f"감면 종류는 {', '.join(discounts)} 중 하나입니다.", field="감면")
    if end <= start:
        raise ValidationError("끝이 시작보다 늦어야 합니다.", field="끝")
    base = base_fee(rates[room.kind], start, end)
    pct = discounts[discount_kind]
    return Quote(base, discount_kind, pct, discounted(base, pct))


def _money(p: Problems, field: str, value: object) -> int:
    try:
        amount = int(str(value or 0).replace(",", "").strip() or 0)
    except ValueError:
        p.add(field, "금액은 숫자(원)로 적으십시오.")
        return 0
    if amount < 0:
        p.add(field, "금액은 0원 이상입니다.")
    return amount


def create_rental(session: Session, f: RentalFields, actor: str, *,
                  override_reason: str | None = None) -> int:
    """Book the room for the group (refused like any booking when it overlaps) and record the
    rental with its fee; returns the rental's id."""
    p = Problems()
    organization = text_field(p, "대관 단체", f.organization, max_len=100, required=True)
    contact = text_field(p, "담당자", f.contact_name, max_len=50, required=True)
    phone = text_field(p, "연락처", f.contact_phone, max_len=20, required=True)
    purpose = text_field(p, "사용 목적", f.purpose, max_len=200, required=True)
    try:
        people = int(str(f.head_count).strip())
    except (TypeError, ValueError):
        people = -1
    p.check(people > 0, "인원", "인원은 1명 이상의 숫자입니다.")
    deposit = _money(p, "보증금", f.deposit)
    p.raise_if_any()
    room = session.get(Room, f.room_id)
    if room is not None and people > room.capacity:
        raise ValidationError(f"{room.name}의 정원({room.capacity}명)보다 인원({people}명)이 많습니다.",
                              field="인원")
    priced = quote(session, f.room_id, f.start, f.end, f.discount_kind)
    booking_id = bookings.add_booking(session, BookingFields(
        f.room_id, f.start, f.end, "대관", f"{organization} — {purpose}"[:200],
        "가예약" if f.tentative else "확정", note=f.note), actor,
        override_reason=override_reason)
    rental = Rental(booking_id=booking_id, organization=organization, contact_name=contact,
                    contact_phone=phone, purpose=purpose, head_count=people,
                    discount_kind=priced.discount_kind, discount_pct=priced.discount_pct,
                    base_fee=priced.base_fee, fee=priced.fee, deposit=deposit, paid=0,
                    note=(f.note or "").strip())
    session.add(rental)
    session.flush()
    return rental.id


def record_payment(session: Session, rental_id: int, amount: object, paid_on: date) -> int:
    """Add a payment; returns what is still owed (0 when paid in full)."""
    rental = session.get(Rental, rental_id, with_for_update=True)
    if rental is None:
        raise NotFoundError("대관 기록을 찾을 수 없습니다.")
    p = Problems()
    paid = _money(p, "입금액", amount)
    p.check(paid > 0, "입금액", "입금액을 적으십시오.")
    p.raise_if_any()
    if rental.paid + paid > rental.fee:
        raise ValidationError(f"사용료({rental.fee:,}원)보다 많이 받게 됩니다 (이미 {rental.paid:,}원 "
                              "받음).", field="입금액")
    rental.paid += paid
    rental.paid_on = datetime.combine(paid_on, datetime.min.time())
    session.flush()
    return rental.fee - rental.paid


@dataclass(frozen=True)
class RentalRow:
    """A rental with its booking, for its dialog and papers."""

    id: int
    booking: bookings.BookingRow
    organization: str
    contact_name: str
    contact_phone: str
    purpose: str
    head_count: int
    discount_kind: str
    discount_pct: int
    base_fee: int
    fee: int
    deposit: int
    paid: int
    paid_on: datetime | None

    @property
    def owed(self) -> int:
        return self.fee - self.paid


def rental_of_booking(session: Session, booking_id: int) -> RentalRow | None:
    """The rental a booking belongs to, or None (not a rental)."""
    r = session.scalar(select(Rental).where(Rental.booking_id == booking_id))
    if r is None:
        return None
    return RentalRow(r.id, bookings.booking_row(session, booking_id), r.organization,
                     r.contact_name, r.contact_phone, r.purpose, r.head_count, r.discount_kind,
                     r.discount_pct, r.base_fee, r.fee, r.deposit, r.paid, r.paid_on)


def _rental(session: Session, rental_id: int) -> RentalRow:
    booking_id = session.scalar(select(Rental.booking_id).where(Rental.id == rental_id))
    if booking_id is None:
        raise NotFoundError("대관 기록을 찾을 수 없습니다.")
    return rental_of_booking(session, booking_id)


def _when(r: RentalRow) -> str:
    b = r.booking
    return (f"{b.start:%Y-%m-%d %H:%M} ~ {b.end:%H:%M}" if b.start.date() == b.end.date()
            else f"{b.start:%Y-%m-%d %H:%M} ~ {b.end:%Y-%m-%d %H:%M}")


def print_confirmation(session: Session, rental_id: int, path: Path) -> Path:
    """대관 확인서: the group, the room and time, the purpose, the fee, signed by the institute."""
    r = _rental(session, rental_id)
    info = page_info(session, "대관 확인서")
    rows = [["대관 단체", r.organization], ["담당자·연락처", f"{r.contact_name} · {r.contact_phone}"],
            ["시설", f"{r.booking.room_name} ({r.booking.building})"], ["일시", _when(r)],
            ["사용 목적", r.purpose], ["인원", f"{r.head_count}명"],
            ["사용료", f"{r.fee:,}원 (감면: {r.discount_kind} {r.discount_pct}%)"],
            ["보증금", f"{r.deposit:,}원"], ["상태", r.booking.status],
            ["예약 번호", f"{r.booking.id}번"]]
    written = write_tables(path, info, [TableSection(
        "시설 대관 확인서", f"대관 {r.id}번", ("항목", "내용"), (36, 124), rows,
        closing=("위와 같이 시설 대관을 확인합니다.", f"{info.printed_on:%Y년 %m월 %d일}",
                 f"{info.institute}장"))])
    # the contact person's name and phone are on it
    audit.record_file(session, f"대관 확인서 {r.id}번 ({r.organization})", 1, written,
                      printed=True)
    return written


def print_fee_statement(session: Session, rental_id: int, path: Path) -> Path:
    """사용료 내역서: how the fee was reached, what was paid, what is owed."""
    r = _rental(session, rental_id)
    info = page_info(session, "사용료 내역서")
    rows = [["시설·일시", f"{r.booking.room_name} · {_when(r)}"],
            ["기본 사용료", f"{r.base_fee:,}원"],
            ["감면", f"{r.discount_kind} {r.discount_pct}% (−{r.base_fee - r.fee:,}원)"],
            ["납부할 사용료", f"{r.fee:,}원"], ["받은 금액", f"{r.paid:,}원"
                                                   + (f" ({r.paid_on:%Y-%m-%d})" if r.paid_on else "")],
            ["남은 금액", f"{r.owed:,}원"], ["보증금", f"{r.deposit:,}원 (사용 후 돌려 드림)"]]
    return write_tables(path, info, [TableSection(
        "시설 사용료 내역서", f"{r.organization} · 대관 {r.id}번", ("항목", "금액·내용"), (40, 120),
        rows, closing=(f"{info.printed_on:%Y년 %m월 %d일}", f"{info.institute}장"))])

