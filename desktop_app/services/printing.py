"""What every printed document takes from the database the same way: the page frame's
institute name and print date, and the bundled fonts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from .. import paths
from ..reports.frame import PageInfo
from ..reports.roster_pdf import TableSection, tables_pdf
from . import clock
from . import settings as settings_service


def page_info(session: Session, title: str, landscape: bool = False) -> PageInfo:
    """The frame of a document printed today by this institute."""
    return PageInfo(settings_service.get(session, "institute_name"), title,
                    clock.today(session), landscape)


def write_tables(path: Path, info: PageInfo, sections: Sequence[TableSection]) -> Path:
    """A table document in the bundled fonts."""
    return tables_pdf(Path(path), info, sections, paths.resources_dir() / "fonts")
