"""The columns of the NEIS completion file (나이스 이수 자료), as the office's template names them.

The setting ``neis_columns`` lists headings in order, separated by commas.  A heading that is
an item's own name (``성명``) stands for it; a renamed column is written ``제목=항목``
(``인정시간=이수시간``), so a new template from the education office is a settings change, not
a program change.
"""

from __future__ import annotations

from ..errors import ValidationError

#: item → what it means (the export fills each from the completion record)
ITEMS: dict[str, str] = {
    "나이스개인번호": "neis_no",
    "성명": "name",
    "생년월일": "birth_date",
    "소속": "organization",
    "직위": "position",
    "연수과정명": "course_title",
    "과정코드": "course_code",
    "기수코드": "run_code",
    "연수종별": "category",
    "연수시작일": "start_date",
    "연수종료일": "end_date",
    "이수시간": "hours",
    "이수시간(분)": "minutes",
    "학점": "credits",
    "성적": "score",
    "이수일자": "completed_on",
    "연수기관": "institute",
}

_FIELD = "나이스 이수 자료 열"


def parse_columns(text: str) -> list[tuple[str, str]]:
    """(heading, item) pairs in order; a Korean ValidationError names each unknown item."""
    pairs: list[tuple[str, str]] = []
    unknown: list[str] = []
    for part in (p.strip() for p in str(text or "").split(",")):
        if not part:
            continue
        heading, _, item = part.partition("=")
        heading, item = heading.strip(), (item.strip() or heading.strip())
        if item not in ITEMS:
            unknown.append(item)
        elif not heading:
            unknown.append(part)
        else:
            pairs.append((heading, ITEMS[item]))
    if unknown:
        raise ValidationError(f"알 수 없는 항목: {', '.join(unknown)}. 쓸 수 있는 항목: "
                              f"{', '.join(ITEMS)}", field=_FIELD)
    if not pairs:
        raise ValidationError("열을 하나 이상 적으십시오.", field=_FIELD)
    headings = [h for h, _ in pairs]
    repeated = sorted({h for h in headings if headings.count(h) > 1})
    if repeated:
        raise ValidationError(f"같은 제목이 두 번 있습니다: {', '.join(repeated)}", field=_FIELD)
    return pairs
