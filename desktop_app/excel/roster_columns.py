"""Where a trainee list's header row is and which column holds what.

Offices send lists made by hand: a title and a date above the table, merged cells, headers
spelled 성명 or 이름 or 성 명, 나이스개인번호 or 개인번호, 소속 or 학교명 or 근무처, a 연락처 marked
(필수)….  :func:`find_header` looks at the first rows of a sheet for the row that names the
most known fields (the name column at least) and guesses the mapping from it; the user sees
the guess and may change it, and :func:`layout_key` names the layout so the choice can be
remembered for the next file of the same shape.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: field → (Korean label, header spellings seen in office lists, compared by :func:`header_key`)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("성명", ("성명", "이름", "성함", "연수자명", "연수자", "교원명", "대상자명", "직원명",
                      "name")),
    "neis_no": ("나이스 개인번호", ("나이스개인번호", "개인번호", "나이스번호", "neis개인번호",
                                "neis번호", "neis")),
    "birth_date": ("생년월일", ("생년월일", "생일", "출생일", "생년월일6자리", "생년월일8자리")),
    "gender": ("성별", ("성별", "남녀", "남/여")),
    "organization": ("소속", ("소속", "학교명", "근무처", "소속기관", "소속기관명", "기관명", "학교",
                             "소속학교", "근무기관", "근무지", "소속교")),
    "position": ("직위", ("직위", "직급", "직명", "직책", "직위직급")),
    "employee_kind": ("직종", ("직종", "교직원구분", "직원구분")),
    "phone": ("전화번호", ("연락처", "휴대전화", "휴대폰", "전화번호", "핸드폰", "휴대전화번호",
                          "휴대폰번호", "전화", "hp")),
    "email": ("전자우편", ("이메일", "전자우편", "email", "메일", "전자우편주소", "이메일주소")),
}
REQUIRED = ("name",)
#: Columns of a results file (scores, a remote platform's study times), besides who.
RESULT_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "score": ("점수", ("점수", "평가점수", "성적", "총점", "환산점수", "평가", "score")),
    "studied_minutes": ("학습시간(분)", ("학습시간", "학습시간분", "수강시간", "재생시간",
                                     "학습분", "총학습시간", "인정시간분")),
    "completed_on": ("이수일자", ("이수일자", "이수일", "이수완료일", "수료일", "이수날짜",
                               "이수처리일")),
}
#: How many rows from the top may hold titles, dates and notes before the header.
SCAN_ROWS = 30

def header_key(cell: Any) -> str:
    """A header cell compared loosely: half-width, lower case, no blanks, no marks, no note
    in brackets (``연락처(휴대전화)`` → ``연락처``, ``* 성 명`` → ``성명``)."""
    if cell is None:
        return ""
    text = unicodedata.normalize("NFKC", str(cell)).lower()
    text = re.sub(r"[(\[<].*?[)\]>]", "", text)
    return re.sub(r"[\s*※·:.\-_]", "", text)


def _keys(fields: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    return {header_key(spelling): field for field, (_label, spellings) in fields.items()
            for spelling in spellings}


_KEYS = _keys(FIELDS)
_RESULT_KEYS = {**_KEYS, **_keys(RESULT_FIELDS)}


def field_of(cell: Any, *, results: bool = False) -> str | None:
    """The field a header cell names, or None; ``results`` knows a results file's columns."""
    return (_RESULT_KEYS if results else _KEYS).get(header_key(cell))


@dataclass(frozen=True)
class HeaderGuess:
    """The header row of a sheet (index into its rows) and field → column index."""

    row_index: int
    columns: dict[str, int]
    headers: tuple[str, ...]  # the header row's cells as text, for showing and remembering

    @property
    def complete(self) -> bool:
        return all(f in self.columns for f in REQUIRED)


def guess_columns(cells: Sequence[Any], *, results: bool = False) -> dict[str, int]:
    """field → column for one header row; the first column naming a field wins."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = field_of(cell, results=results)
        if field is not None and field not in columns:
            columns[field] = index
    return columns


def find_header(rows: Sequence[Sequence[Any]], scan: int = SCAN_ROWS, *,
                results: bool = False) -> HeaderGuess | None:
    """The row among the first ``scan`` that names the most fields (the name at least, and
    one more), or None when no row looks like a trainee list's header."""
    best: HeaderGuess | None = None
    for index, row in enumerate(rows[:scan]):
        columns = guess_columns(row, results=results)
        if "name" not in columns or len(columns) < 2:
            continue
        if best is None or len(columns) > len(best.columns):
            best = HeaderGuess(index, columns, tuple("" if c is None else str(c) for c in row))
    return best


def layout_key(headers: Sequence[str]) -> str:
    """A short name for a layout (the header row's cells, loosely compared), under which the
    user's column choice is remembered."""
    joined = "\x1f".join(header_key(h) for h in headers)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]
