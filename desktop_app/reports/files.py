"""Writing a document without ever leaving half a file where the user's file was: it is written
beside the target (``name.pdf.part``) and renamed into place only when whole."""

from __future__ import annotations

from pathlib import Path

from ..errors import ValidationError


def partial_path(path: Path, suffix: str) -> Path:
    """The file to write before ``path`` is renamed into place; refuses a wrong extension."""
    path = Path(path)
    if path.suffix.lower() != suffix:
        raise ValidationError(f"파일 이름은 {suffix}로 끝나야 합니다.", field="파일")
    return path.with_name(path.name + ".part")


def write_failed(path: Path, exc: OSError) -> ValidationError:
    """The Korean refusal for a file that could not be written (open elsewhere, read-only)."""
    return ValidationError(f"파일을 쓸 수 없습니다 (PDF 보기나 엑셀에서 열려 있지 않은지, 폴더에 쓸 수 "
                           f"있는지 확인하십시오): {path}", field="파일", details=str(exc))


def discard(partial: Path) -> None:
    """Remove an unfinished file, if there is one to remove (its folder may not even exist)."""
    try:
        Path(partial).unlink(missing_ok=True)
    except OSError:
        pass
