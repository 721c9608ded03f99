"""A certificate layout (서식) the office can adjust: where each text sits on the A4 page, in
which font and size, plus frames, the seal's and the QR code's place and an optional background.

A layout is a small JSON document (``resources/certificates/*.json`` are the two that ship);
every number is in millimetres from the page's top-left corner, as a ruler on paper measures.
:func:`parse_template` checks one completely and names the box and field of every mistake.
"""

from __future__ import annotations

import base64
import binascii
import json
import string
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any

from ..errors import Problems, ValidationError
from .fonts import FAMILIES

PAGE_W, PAGE_H = 210.0, 297.0  # A4 in mm

#: what a box's text may name in braces, and what the office reads in the layout's help
FIELDS = {
    "serial": "발급번호 (2021-00001)", "code": "확인코드", "name": "성명",
    "birth_date": "생년월일", "organization": "소속", "position": "직위",
    "course_title": "과정명", "run_code": "기수코드", "period": "연수기간",
    "hours": "이수시간", "credits": "학점", "recognition": "이수시간과 학점",
    "issued_on": "발급일", "institute": "연수기관 이름", "head_title": "기관장 직함",
}
REQUIRED = ("serial", "name", "course_title")
ALIGNS = ("left", "center", "right")


@dataclass(frozen=True)
class Box:
    """One text on the page: an optional label spread over ``label_w`` and the text after it,
    shrunk from ``size`` towards ``min_size`` and wrapped so that it stays inside the box."""

    text: str
    x: float
    y: float
    w: float
    h: float
    size: float
    min_size: float
    align: str = "left"
    bold: bool = False
    label: str = ""
    label_w: float = 0.0
    leading: float = 1.25
    color: str = "#000000"


@dataclass(frozen=True)
class Frame:
    """A rectangle drawn on every page: a border (``line`` > 0) and/or a filled band."""

    x: float
    y: float
    w: float
    h: float
    line: float = 0.5
    color: str = "#000000"
    fill: str | None = None


@dataclass(frozen=True)
class Square:
    """Where a square picture goes (the seal, the QR code)."""

    x: float
    y: float
    size: float


@dataclass(frozen=True)
class Template:
    """A whole certificate layout."""

    name: str
    title: str
    family: str
    boxes: tuple[Box, ...]
    frames: tuple[Frame, ...]
    seal: Square | None
    qr: Square | None
    background: bytes | None = None   # a PNG or JPEG drawn under everything, full page

    def to_json(self) -> str:
        """The layout as the office edits it (a background travels inside, in base64)."""
        data: dict[str, Any] = {
            "name": self.name, "title": self.title, "family": self.family,
            "background": base64.b64encode(self.background).decode("ascii")
            if self.background else None,
            "frames": [_non_default(f) for f in self.frames],
            "boxes": [_non_default(b) for b in self.boxes],
            "seal": self.seal and vars(self.seal), "qr": self.qr and vars(self.qr)}
        return json.dumps(data, ensure_ascii=False, indent=2)


def _non_default(item) -> dict:
    """The item's values that differ from their defaults: a short, readable layout file."""
    out = {}
    for field in fields(item):
        value = getattr(item, field.name)
        if field.default is MISSING or value != field.default:
            out[field.name] = value
    return out


def _number(p: Problems, where: str, data: dict, key: str, low: float, high: float,
            default: float | None = None) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        p.add(where, f"'{key}'에 숫자가 필요합니다.")
        return low
    if not low <= value <= high:
        p.add(where, f"'{key}' 값 {value}은(는) {low:g}~{high:g} 사이여야 합니다.")
    return float(value)


def _color(p: Problems, where: str, data: dict, key: str, default: str | None) -> str | None:
    value = data.get(key, default)
    if value is None:
        return None
    if not (isinstance(value, str) and len(value) == 7 and value[0] == "#"
            and all(c in string.hexdigits for c in value[1:])):
        p.add(where, f"'{key}' 색은 #RRGGBB 형식이어야 합니다.")
        return default
    return value


def _inside(p: Problems, where: str, x: float, y: float, w: float, h: float) -> None:
    if x + w > PAGE_W + 1e-9 or y + h > PAGE_H + 1e-9:
        p.add(where, "상자가 A4 용지(210×297mm) 밖으로 나갑니다.")


def _fields_of(p: Problems, where: str, text: str) -> set[str]:
    try:
        names = {name for _lit, name, _spec, _conv in string.Formatter().parse(text)
                 if name is not None}
    except ValueError:
        p.add(where, "중괄호 { }가 짝이 맞지 않습니다 (글자 그대로의 중괄호는 {{ }}로 씁니다).")
        return set()
    unknown = sorted(n for n in names if n not in FIELDS)
    if unknown:
        p.add(where, f"알 수 없는 항목: {', '.join('{' + n + '}' for n in unknown)} "
                     f"(쓸 수 있는 항목: {', '.join(FIELDS)})")
    return names


def _box(p: Problems, index: int, data: Any) -> Box | None:
    where = f"상자 {index}"
    if not isinstance(data, dict):
        p.add(where, "상자는 { } 안에 값을 적은 것이어야 합니다.")
        return None
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        p.add(where, "'text'(인쇄할 글)가 필요합니다.")
        return None
    where = f"상자 {index} ({text[:20]})"
    x = _number(p, where, data, "x", 0, PAGE_W)
    y = _number(p, where, data, "y", 0, PAGE_H)
    w = _number(p, where, data, "w", 1, PAGE_W)
    h = _number(p, where, data, "h", 1, PAGE_H)
    _inside(p, where, x, y, w, h)
    size = _number(p, where, data, "size", 4, 96)
    min_size = _number(p, where, data, "min_size", 4, 96, default=size)
    if min_size > size:
        p.add(where, "'min_size'가 'size'보다 큽니다.")
    align = data.get("align", "left")
    if align not in ALIGNS:
        p.add(where, f"'align'은 {', '.join(ALIGNS)} 중 하나여야 합니다.")
    label = data.get("label", "")
    if not isinstance(label, str):
        p.add(where, "'label'은 글이어야 합니다.")
        label = ""
    label_w = _number(p, where, data, "label_w", 0, w, default=0)
    if label and label_w <= 0:
        p.add(where, "'label'이 있으면 'label_w'(이름표 너비)가 필요합니다.")
    leading = _number(p, where, data, "leading", 1, 3, default=1.25)
    color = _color(p, where, data, "color", "#000000")
    _fields_of(p, where, text)
    return Box(text, x, y, w, h, size, min_size, align, bool(data.get("bold", False)), label,
               label_w, leading, color or "#000000")


def _frame(p: Problems, index: int, data: Any) -> Frame | None:
    where = f"테두리 {index}"
    if not isinstance(data, dict):
        p.add(where, "테두리는 { } 안에 값을 적은 것이어야 합니다.")
        return None
    x, y = _number(p, where, data, "x", 0, PAGE_W), _number(p, where, data, "y", 0, PAGE_H)
    w, h = _number(p, where, data, "w", 0.1, PAGE_W), _number(p, where, data, "h", 0.1, PAGE_H)
    _inside(p, where, x, y, w, h)
    line = _number(p, where, data, "line", 0, 10, default=0.5)
    return Frame(x, y, w, h, line, _color(p, where, data, "color", "#000000") or "#000000",
                 _color(p, where, data, "fill", None))


def _square(p: Problems, where: str, data: Any) -> Square | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        p.add(where, "{\"x\": …, \"y\": …, \"size\": …} 형식이어야 합니다.")
        return None
    x, y = _number(p, where, data, "x", 0, PAGE_W), _number(p, where, data, "y", 0, PAGE_H)
    size = _number(p, where, data, "size", 5, 100)
    _inside(p, where, x, y, size, size)
    return Square(x, y, size)


def _background(p: Problems, data: Any, folder: Path | None) -> bytes | None:
    if data in (None, ""):
        return None
    if not isinstance(data, str):
        p.add("배경", "배경 그림은 파일 이름이나 base64 글이어야 합니다.")
        return None
    if folder is not None and data.lower().endswith((".png", ".jpg", ".jpeg")):
        try:
            return (folder / data).read_bytes()
        except OSError as exc:
            p.add("배경", f"그림 파일을 읽을 수 없습니다: {data} ({exc.strerror or exc})")
            return None
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        p.add("배경", "배경 그림을 읽을 수 없습니다 (PNG·JPEG 파일 이름 또는 base64).")
        return None


def parse_template(text: str, folder: Path | None = None) -> Template:
    """A layout from its JSON text; ``folder`` is where a background file named in it lies.

    Raises :class:`ValidationError` listing every mistake, each naming its box or field.
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValidationError(f"서식 파일이 JSON 형식이 아닙니다 ({exc}).", field="서식") from None
    if not isinstance(data, dict):
        raise ValidationError("서식 파일은 { }로 감싼 JSON이어야 합니다.", field="서식")
    p = Problems()
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 50:
        p.add("name", "서식 이름(name)이 필요합니다 (50자 이내).")
        name = ""
    title = data.get("title") if isinstance(data.get("title"), str) else name
    family = data.get("family", "NanumMyeongjo")
    if family not in FAMILIES:
        p.add("family", f"글꼴은 {', '.join(FAMILIES)} 중 하나여야 합니다.")
    raw_boxes = data.get("boxes")
    if not isinstance(raw_boxes, list) or not raw_boxes:
        p.add("boxes", "인쇄할 상자(boxes) 목록이 필요합니다.")
        raw_boxes = []
    boxes = [b for i, raw in enumerate(raw_boxes, start=1) if (b := _box(p, i, raw))]
    raw_frames = data.get("frames") or []
    if not isinstance(raw_frames, list):
        p.add("frames", "테두리(frames)는 목록이어야 합니다.")
        raw_frames = []
    frames = [f for i, raw in enumerate(raw_frames, start=1) if (f := _frame(p, i, raw))]
    named = set().union(*(_fields_of(Problems(), "", b.text) for b in boxes)) if boxes else set()
    missing = [FIELDS[f] for f in REQUIRED if f not in named]
    if boxes and missing:
        p.add("boxes", f"꼭 인쇄해야 할 항목이 없습니다: {', '.join(missing)}")
    seal = _square(p, "seal", data.get("seal"))
    qr = _square(p, "qr", data.get("qr"))
    if qr is not None and "code" not in named:
        p.add("boxes", "QR 코드를 넣는 서식은 확인코드({code})도 글로 인쇄해야 합니다.")
    background = _background(p, data.get("background"), folder)
    p.raise_if_any()
    return Template(name.strip(), (title or name).strip(), family, tuple(boxes), tuple(frames),
                    seal, qr, background)


def load_template_file(path: Path) -> Template:
    """A layout from a ``.json`` file (a background named in it is read beside it)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"서식 파일을 읽을 수 없습니다: {path}", field="서식",
                              details=str(exc)) from None
    return parse_template(text, Path(path).parent)
