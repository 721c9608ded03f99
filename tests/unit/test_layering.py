"""The layers, checked from the source: Qt stays in views/ and app.py; the file formats
(excel/, reports/) know neither services nor models; the services import each other as a tree."""

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


def _imported_modules(path: Path, rel: Path | None = None) -> set[str]:
    """Every ``desktop_app`` module a file imports, at the top or inside a function.

    ``rel`` is where the file stands in the package (default: where it is)."""
    rel = (rel or path.relative_to(PACKAGE.parent)).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("desktop_app")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if not module.startswith("desktop_app"):
                continue
            found.add(module)
            for alias in node.names:  # "from . import enrollment" imports a module
                candidate = f"{module}.{alias.name}"
                where = PACKAGE.parent / Path(*candidate.split("."))
                if where.with_suffix(".py").exists() or (where / "__init__.py").exists():
                    found.add(candidate)  # a module, or a package such as models
    return found


def test_file_formats_know_neither_services_nor_models():
    offenders = {}
    for folder in ("excel", "reports"):
        for path in (PACKAGE / folder).rglob("*.py") if (PACKAGE / folder).exists() else []:
            bad = {m for m in _imported_modules(path)
                   if m.startswith(("desktop_app.services", "desktop_app.models",
                                    "desktop_app.db", "desktop_app.views"))}
            if bad:
                offenders[path.relative_to(PACKAGE).as_posix()] = sorted(bad)
    assert offenders == {}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_services_form_a_tree():
    services = {p.stem: p for p in (PACKAGE / "services").glob("*.py") if p.stem != "__init__"}
    graph = {name: {m.rsplit(".", 1)[-1] for m in _imported_modules(path)
                    if m.startswith("desktop_app.services.")} - {name}
             for name, path in services.items()}
    assert _cycle(graph) is None, " → ".join(_cycle(graph))


def test_importing_a_package_by_name_is_seen(tmp_path):
    sample = tmp_path / "probe.py"
    sample.write_text("from .. import models\nfrom desktop_app import services\n",
                      encoding="utf-8")
    found = _imported_modules(sample, Path("desktop_app/excel/probe.py"))
    assert {"desktop_app.models", "desktop_app.services"} <= found


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
