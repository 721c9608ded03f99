"""The certificate layouts (서식) and seal (직인) an institute prints with.

Two layouts ship in ``resources/certificates`` (formal 명조, modern 고딕).  The office adjusts
one by exporting it to a ``.json`` file, editing positions, fonts or the background, and
importing it back: an imported layout is kept in the database, so every PC prints the same.
The seal is kept there too, as a PNG.
"""

from __future__ import annotations

import base64
import json
from io import BytesIO
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from sqlalchemy.orm import Session

from .. import paths
from ..errors import ValidationError
from ..reports.certificate_template import Template, load_template_file, parse_template
from . import settings as settings_service

SEAL_MAX_BYTES = 2_000_000


def builtin_layouts() -> dict[str, Template]:
    """The layouts that ship with the program, by name."""
    folder = paths.resources_dir() / "certificates"
    found = (load_template_file(p) for p in sorted(folder.glob("*.json")))
    return {t.name: t for t in found}


def _custom_texts(session: Session) -> dict[str, str]:
    raw = settings_service.get(session, "certificate_layouts")
    try:
        stored = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return stored if isinstance(stored, dict) else {}


def layouts(session: Session) -> dict[str, Template]:
    """Every layout this database can print with: the shipped ones, then the office's own
    (an office layout of the same name replaces the shipped one)."""
    found = builtin_layouts()
    for text in _custom_texts(session).values():
        try:
            template = parse_template(text)
        except ValidationError:
            continue  # checked when imported; a hand-damaged setting must not stop printing
        found[template.name] = template
    return found


def layout(session: Session, name: str | None = None) -> Template:
    """The layout ``name`` (the chosen one when None)."""
    name = name or settings_service.get(session, "certificate_layout")
    found = layouts(session)
    if name not in found:
        raise ValidationError(f"이수증 서식 '{name}'이(가) 없습니다. 있는 서식: {', '.join(found)}",
                              field="서식")
    return found[name]


def choose_layout(session: Session, name: str) -> None:
    """Print new certificates with the layout ``name``."""
    layout(session, name)
    settings_service.set_values(session, {"certificate_layout": name})


def import_layout(session: Session, path: Path) -> Template:
    """Check a layout file and keep it in the database under its ``name``."""
    template = load_template_file(Path(path))
    stored = _custom_texts(session)
    stored[template.name] = template.to_json()
    settings_service.set_values(session, {
        "certificate_layouts": json.dumps(stored, ensure_ascii=False)})
    return template


def remove_layout(session: Session, name: str) -> None:
    """Forget an office layout (a shipped one comes back if it had the same name)."""
    stored = _custom_texts(session)
    if name not in stored:
        raise ValidationError(f"'{name}'은(는) 기관이 가져온 서식이 아니어서 지울 수 없습니다.",
                              field="서식")
    del stored[name]
    values = {"certificate_layouts": json.dumps(stored, ensure_ascii=False)}
    if settings_service.get(session, "certificate_layout") == name and name not in \
            builtin_layouts():
        values["certificate_layout"] = "formal"
    settings_service.set_values(session, values)


def export_layout(session: Session, name: str, path: Path) -> Path:
    """Write a layout as an editable ``.json`` file."""
    template = layout(session, name)
    path = Path(path)
    if path.suffix.lower() != ".json":
        raise ValidationError("서식 파일 이름은 .json으로 끝나야 합니다.", field="파일")
    try:
        path.write_text(template.to_json(), encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"파일을 쓸 수 없습니다: {path}", field="파일",
                              details=str(exc)) from None
    return path


def seal(session: Session) -> bytes | None:
    """The seal picture (PNG), or None when none was given."""
    raw = settings_service.get(session, "certificate_seal")
    if not raw:
        return None
    try:
        return base64.b64decode(raw)
    except ValueError:
        return None


def set_seal(session: Session, path: Path | None) -> None:
    """Keep the picture at ``path`` as the seal (None: print without one).

    The picture is checked and stored as PNG, so a damaged file is refused now, not at the
    thousandth certificate.
    """
    if path is None:
        settings_service.set_values(session, {"certificate_seal": ""})
        return
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(f"그림 파일을 읽을 수 없습니다: {path}", field="직인",
                              details=str(exc)) from None
    if len(data) > SEAL_MAX_BYTES:
        raise ValidationError("직인 그림이 너무 큽니다 (2MB 이하로 줄여 주십시오).", field="직인")
    try:
        with Image.open(BytesIO(data)) as image:
            image.load()
            if image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA")
            out = BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError("직인 그림을 읽을 수 없습니다 (PNG 또는 JPEG 파일이어야 합니다).",
                              field="직인", details=str(exc)) from None
    settings_service.set_values(session, {
        "certificate_seal": base64.b64encode(out.getvalue()).decode("ascii")})
