"""`core` (the engine included) imports no domain app: it reaches them through declared hooks."""

import ast
from pathlib import Path

import core

DOMAIN = {
    "accounts", "api", "catalog", "demo", "directory", "documents", "follows", "notifications",
    "portal", "reference", "testing", "workspace",
}  # fmt: skip


def imported_top_levels(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_it_keeps_core_free_of_domain_imports():
    root = Path(core.__file__).parent
    offenders = {
        str(path.relative_to(root)): sorted(imported_top_levels(path) & DOMAIN)
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    }
    assert {k: v for k, v in offenders.items() if v} == {}
