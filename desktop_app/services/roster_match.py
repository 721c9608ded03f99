"""Finding a file row's trainee on a run's roster (attendance files, score and results files).

A row names its trainee by NEIS number, else name + birth date, else a name that only one
selected trainee of the run has.  A NEIS number the roster does not know is matched by name
(+ birth date) to the one such trainee without a number on record.  The row is refused — with the file's row number and its own
column header — when nobody or several people fit, or when two rows name the same trainee.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ..excel.reader import SheetRows, read_rows
from ..excel.roster_columns import HeaderGuess, find_header
from ..errors import Problem, ValidationError
from .attendance import Trainee
from .common import Problems, clean, identifier
from .values import parse_birth_date


class RosterMatcher:
    """Looks trainees up among a run's selected trainees and remembers who was already named."""

    def __init__(self, trainees: Sequence[Trainee], today: date) -> None:
        self.today = today
        self.by_neis = {t.neis_no: t for t in trainees if t.neis_no}
        self.by_name_birth: dict[tuple[str, date | None], list[Trainee]] = {}
        self.by_name: dict[str, list[Trainee]] = {}
        for t in trainees:
            self.by_name_birth.setdefault((t.name, t.birth_date), []).append(t)
            self.by_name.setdefault(t.name, []).append(t)
        self.seen: dict[int, int] = {}   # enrollment id → row number that named it

    def _by_name(self, name: str, birth: date | None) -> list[Trainee]:
        return (self.by_name_birth.get((name, birth), []) if birth
                else self.by_name.get(name, []))

    def find(self, row_number: int, cells: Sequence[Any], columns: dict[str, int],
             headers: dict[str, str]) -> tuple[Trainee | None, list[Problem]]:
        """The trainee a row names, or None with the problems (row, the file's header)."""
        def cell(field: str) -> Any:
            index = columns.get(field)
            return cells[index] if index is not None and index < len(cells) else None

        p = Problems()
        name = clean(cell("name"))
        neis = identifier(cell("neis_no")).upper()
        birth = parse_birth_date(p, headers.get("birth_date", "생년월일"), cell("birth_date"),
                                 today=self.today)
        if p:
            return None, [Problem(x.message, x.field, row_number) for x in p.items]
        name_header = headers.get("name", "성명")
        if not name and not neis:
            return None, [Problem("성명이 없습니다.", name_header, row_number)]
        found: Trainee | None = None
        if neis:
            found = self.by_neis.get(neis)
            if found is None:  # we may not have the number the file has: name + birth, then
                unnumbered = [t for t in self._by_name(name, birth) if not t.neis_no]
                found = unnumbered[0] if len(unnumbered) == 1 else None
            if found is None:
                return None, [Problem(f"나이스 개인번호 {neis}인 연수생이 이 기수의 선발 명단에 "
                                      "없습니다.", headers.get("neis_no", "나이스 개인번호"),
                                      row_number)]
            if name and found.name != name:
                return None, [Problem(f"나이스 개인번호 {neis}는 {found.name}의 번호입니다 "
                                      f"(파일의 성명 '{name}').", name_header, row_number)]
        else:
            candidates = self._by_name(name, birth)
            if not candidates:
                what = f"{name}({birth})" if birth else name
                return None, [Problem(f"{what}은(는) 이 기수의 선발 명단에 없습니다.", name_header,
                                      row_number)]
            if len(candidates) > 1:
                return None, [Problem(f"이 기수에 {name}이(가) {len(candidates)}명 있습니다. "
                                      "생년월일이나 나이스 개인번호 열로 구별하십시오.", name_header,
                                      row_number)]
            found = candidates[0]
        earlier = self.seen.get(found.enrollment_id)
        if earlier is not None:
            return None, [Problem(f"{found.name}은(는) 이미 {earlier}행에 있습니다.", name_header,
                                  row_number)]
        self.seen[found.enrollment_id] = row_number
        return found, []


def matched_rows(table: SheetRows, guess: HeaderGuess, matcher: RosterMatcher,
                 problems: list[Problem]):
    """(row number, cells, trainee) for each non-blank row under the header whose trainee was
    found; the problems of the others are added to ``problems``."""
    names = header_names(guess)
    for offset in range(guess.row_index + 1, len(table.rows)):
        cells = table.rows[offset]
        if not any(c is not None and clean(c) for c in cells):
            continue
        number = table.row_number(offset)
        trainee, found = matcher.find(number, cells, guess.columns, names)
        problems.extend(found)
        if trainee is not None:
            yield number, cells, trainee


def read_table(path, *, results: bool = False) -> tuple[SheetRows, HeaderGuess]:
    """The first sheet of a file with a trainee header row, and that header.

    Raises a Korean ValidationError when the file cannot be read or no sheet has a header
    naming the trainee (성명 and one more known column).
    """
    sheets = read_rows(path)
    for sheet in sheets:
        guess = find_header(sheet.rows, results=results)
        if guess is not None:
            return sheet, guess
    raise ValidationError("파일에서 머리글 행(성명과 나이스 개인번호·생년월일 같은 열 이름)을 찾지 "
                          "못했습니다. 첫 30행 안에 열 이름이 있는지 확인하십시오.")


def header_names(guess: HeaderGuess) -> dict[str, str]:
    """field → the file's own header text, for messages."""
    return {field: (guess.headers[index] or field) for field, index in guess.columns.items()}
