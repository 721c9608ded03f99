"""Qt stays in views/ and app.py: services, models, excel, reports and the CLI never import it."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"
ALLOWED = ("views/", "app.py")


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [n for n in names if n.split(".")[0] in ("PySide6", "shiboken6")]
    return found


def test_no_qt_outside_views():
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(ALLOWED[0]) or rel == ALLOWED[1]:
            continue
        if names := _qt_imports(path):
            offenders[rel] = names
    assert offenders == {}


def test_the_scan_does_find_qt(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("from PySide6.QtCore import Qt\nimport shiboken6\n", encoding="utf-8")
    assert _qt_imports(sample) == ["PySide6.QtCore", "shiboken6"]
