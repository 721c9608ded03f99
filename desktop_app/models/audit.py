"""The audit trail (감사 기록): one row per changed record, written by database triggers in the
change's own transaction (see :mod:`desktop_app.audit_schema`), and one per export or print that
carries personal data, written by the service that made the file."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class AuditEntry(Base):
    """Who did what, when, to which record (before and after as JSON), or which file of how
    many persons' data was made and why.  Never changed or deleted."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_record",
                                                              "table_name", "record_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(10))     # 추가 수정 삭제 내보내기 인쇄 파기 …
    table_name: Mapped[str] = mapped_column(String(50), default="")
    record_id: Mapped[str | None] = mapped_column(String(50))
    before: Mapped[str | None] = mapped_column(Text)    # JSON of the row before
    after: Mapped[str | None] = mapped_column(Text)     # JSON of the row after
    what: Mapped[str | None] = mapped_column(String(200))   # an export: what was written
    persons: Mapped[int | None] = mapped_column(Integer)    # an export: how many persons
    file: Mapped[str | None] = mapped_column(Text)          # an export: the file's name
    purpose: Mapped[str | None] = mapped_column(Text)       # unmasked data: the stated purpose
