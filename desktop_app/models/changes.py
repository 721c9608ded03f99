"""The change counter other PCs watch to know their screens are stale."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ChangeCounter(Base):
    """One row whose value goes up with every committed write (see :mod:`desktop_app.db`).

    An open window compares it with the value it last showed and reloads its page when it
    differs: one primary-key read per look, whatever the size of the data.
    """

    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
