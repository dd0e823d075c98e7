"""The house in wings: a wing imports only the wings below it, and no module imports itself back.

Deferred imports (inside functions) count: they cycle and climb just the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
# bottom to top; a module may import its own wing and any wing with a lower rank
RANKS = {
    "core": 0, "config": 1, "version": 0, "data": 0,
    "spanish": 2, "english": 2, "glossary": 3, "intake": 4, "translation": 5, "interchange": 6,
    "reader": 7, "accounts": 7,
    "web": 9, "migrations": 9, "": 10, "cli": 11,
}
TOP_LEVEL = {"__init__", "config", "version"}


def modules() -> dict[str, Path]:
    found = {}
    for path in APP.rglob("*.py"):
        rel = path.relative_to(APP.parent).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The app modules a module imports, deferred imports included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in known else base)
    return {m for m in out if m in known and m != name}


def wing(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def test_app_has_only_wings_and_a_few_top_level_modules():
    loose = sorted(p.stem for p in APP.glob("*.py"))
    assert set(loose) <= TOP_LEVEL, loose


def test_no_wing_imports_a_wing_above_it():
    upward = []
    for name, deps in graph().items():
        if "migrations" in name:
            continue
        for dep in deps:
            if RANKS[wing(dep)] > RANKS[wing(name)] and wing(dep) != wing(name):
                upward.append(f"{name} -> {dep}")
    assert not upward, "\n".join(sorted(upward))


def test_migrations_never_import_live_app_code():
    offenders = {name: sorted(deps) for name, deps in graph().items()
                 if ".migrations.versions." in name and deps}
    assert not offenders, offenders


def test_no_import_cycles():
    g = graph()
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for dep in sorted(g[node]):
            if state.get(dep) == 1:
                cycles.append(" -> ".join(trail[trail.index(dep):] + [node, dep]) if dep in trail else f"{node}->{dep}")
            elif dep not in state:
                visit(dep, trail + [node])
        state[node] = 2

    for name in sorted(g):
        if name not in state:
            visit(name, [])
    assert not cycles, "\n".join(cycles[:5])
