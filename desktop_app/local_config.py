"""Settings that belong to this PC, not to the shared database.

The database location and the clerk's display name differ per front-desk PC, so they live in a
small JSON file in the data folder rather than in the database (which may be shared).  Business
rules every PC must agree on live in the database (:mod:`desktop_app.services.settings`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from . import paths

CONFIG_FILENAME = "local.json"


@dataclass
class LocalConfig:
    """Per-PC settings; unknown keys in the file are ignored, missing ones take defaults."""

    database: str = ""          # path or SQLAlchemy URL; empty means the default file
    operator_name: str = ""     # shown in history rows as "who"; empty means the OS user
    auto_backup: bool = True    # daily backup when the program closes
    backup_keep: int = 14       # how many automatic backups to keep
    backup_folder: str = ""     # where backups go; empty means ``backups`` in the data folder


def config_path() -> Path:
    return paths.data_dir() / CONFIG_FILENAME


def load() -> LocalConfig:
    """Read the file; a missing or damaged file gives the defaults rather than an error."""
    try:
        raw = json.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return LocalConfig()
    if not isinstance(raw, dict):
        return LocalConfig()
    known = {f.name: f for f in fields(LocalConfig)}
    values = {}
    for key, value in raw.items():
        field = known.get(key)
        default = getattr(LocalConfig, key, None) if field else None
        if field and isinstance(value, type(default)):
            values[key] = value
    return LocalConfig(**values)


def backup_folder(config: LocalConfig | None = None) -> Path:
    """The backup folder this PC uses: the chosen one, else ``backups`` in the data folder."""
    config = config if config is not None else load()
    return Path(config.backup_folder) if config.backup_folder.strip() else paths.backup_dir()


def check_folder(folder: Path) -> Path:
    """A folder backups can be written to (made if missing); ValidationError saying why not."""
    from .errors import ValidationError

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".yeonsu-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ValidationError(f"이 폴더에 쓸 수 없습니다: {folder}", field="백업 폴더",
                              details=str(exc)) from None
    return folder


def save(config: LocalConfig) -> None:
    """Write atomically, so a crash never leaves half a file."""
    path = config_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(config), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
