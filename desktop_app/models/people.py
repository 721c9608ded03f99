"""People and the organizations they belong to (소속)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped, Versioned, now


class Organization(Versioned, Base):
    """A school, district office (교육지원청) or other body a trainee belongs to."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="학교")  # 학교, 교육지원청, 기관, 기타
    region: Mapped[str | None] = mapped_column(String(50))        # 관할 교육지원청


class Person(Versioned, Timestamped, Base):
    """A trainee (연수생) or instructor.  Personal data is stored here once and nowhere else.

    ``merged_into_id`` marks a record folded into another by a merge: it is kept, hidden, so that
    nothing it held is lost.  A 주민등록번호 is never stored.
    """

    __tablename__ = "person"
    __table_args__ = (
        # The trainee search scans only this index, in name order, whatever the box holds
        # (name, NEIS number, phone, birth date, organization): ~20 ms for 200,000 people.
        Index("ix_person_search", "merged_into_id", "name", "birth_date", "organization_id",
              "neis_no", "phone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(2))          # 남, 여
    neis_no: Mapped[str | None] = mapped_column(String(20), unique=True)
    employee_kind: Mapped[str | None] = mapped_column(String(20))  # 교원, 지방공무원, ...
    position: Mapped[str | None] = mapped_column(String(50))       # 직위: 교사, 주무관, ...
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"),
                                                        index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    organization: Mapped[Organization | None] = relationship()


class PersonMerge(Base):
    """Append-only record of a merge, with the folded record's values as they were."""

    __tablename__ = "person_merge"

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    merged_person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=now)
    actor: Mapped[str] = mapped_column(String(100))
    snapshot: Mapped[str] = mapped_column(Text)  # JSON of the merged record before the merge
