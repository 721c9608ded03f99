"""Completion certificates (이수증) and the ledger they are numbered in (발급대장)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, now


class CertificateCounter(Base):
    """The last serial number issued in a year.

    Issuing raises it inside the issuing transaction: the row lock makes a second PC wait for
    the first to commit, and a rollback takes the numbers back, so serials stay gap-free.
    """

    __tablename__ = "certificate_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Certificate(Base):
    """One issued certificate: its serial (제 YYYY-NNNNN 호), verification code, the data printed
    on it (a JSON snapshot, so a reprint prints the same), and its later life (reprints, revoking).

    At most one live (not revoked) certificate per enrolment: issuing again reprints it.
    """

    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("year", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        Index("ux_certificate_live_enrollment", "enrollment_id", unique=True,
              sqlite_where=text("revoked_at IS NULL"), postgresql_where=text("revoked_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(9))            # verification code, XXXX-XXXX
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id"), index=True)
    layout: Mapped[str] = mapped_column(String(50))
    snapshot: Mapped[str] = mapped_column(Text)             # JSON: every value printed
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    issued_by: Mapped[str] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(Text, default="")
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    reprint_count: Mapped[int] = mapped_column(Integer, default=0)
    last_printed_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_printed_by: Mapped[str | None] = mapped_column(String(100))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(100))
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def serial(self) -> str:
        return serial_text(self.year, self.number)


def serial_text(year: int, number: int) -> str:
    """``2021-00001``: the serial as printed between 제 and 호 and typed to verify."""
    return f"{year}-{number:05d}"
