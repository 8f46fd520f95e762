"""The house's layers, read from the source with `ast` (every import, also those inside functions):

- `core` imports no domain app (nor the top layer);
- a domain app never imports the top layer (`api`, `portal`, `workspace`, `demo`, `config`);
- no cycle between apps, and no cycle between modules.

Known exceptions that another engineer's branch removes are listed in KNOWN_* with the item that
removes them; the lead deletes each entry after merging that branch (a stale entry fails the test,
so the list cannot outlive the defect)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(settings.BASE_DIR)
CORE = "core"
DOMAIN = (
    "accounts",
    "reference",
    "directory",
    "catalog",
    "notifications",
    "follows",
    "documents",
    "calls",
    "publicity",
    "reviews",
    "drafts",
    "consultation",
    "drafting",
    "provincial",
    "programs",
    "notices",
    "showcase",
    "profiles",
    "topics",
    "insight",
    "analytics",
    "opendata",
    "ops",
)
TOP = ("api", "portal", "workspace", "demo", "config")
APPS = (CORE, *DOMAIN, *TOP)

# (importer, imported) app edges allowed for now, with who removes them.
KNOWN_APP_EDGES: dict[tuple[str, str], str] = {}
# Module cycles allowed for now (the sorted modules of the cycle), with who removes them.
KNOWN_MODULE_CYCLES: dict[tuple[str, ...], str] = {}


def _modules() -> dict[str, Path]:
    """Every runtime module of the project's apps (tests and migrations left out)."""
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if {"tests", "migrations"} & set(rel.parts):
                continue
            name = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
            found[name] = path
    return found


def _imports(path: Path):
    """(line, dotted name) of every absolute import in the file, including the names imported
    from a package (`from core import audit` also names `core.audit`)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def import_graph():
    """Module graph {module: {imported module: "file:line"}} within the project's apps."""
    modules = _modules()

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, dict[str, str]] = defaultdict(dict)
    for module, path in modules.items():
        for line, name in _imports(path):
            target = resolve(name)
            if target and target != module:
                graph[module].setdefault(target, f"{path.relative_to(ROOT)}:{line}")
    return modules, graph


def app_of(module: str) -> str:
    return module.split(".", 1)[0]


def app_edges(graph) -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module, targets in graph.items():
        for target, where in targets.items():
            if app_of(module) != app_of(target):
                edges[(app_of(module), app_of(target))].append(where)
    return edges


def cycles(nodes, successors) -> list[tuple[str, ...]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(successors(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(successors(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(tuple(sorted(component)))
    return found


class LayerTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.modules, cls.graph = import_graph()
        cls.edges = app_edges(cls.graph)

    def violations(self, source_apps, target_apps):
        return {
            edge: where[:3]
            for edge, where in self.edges.items()
            if edge[0] in source_apps and edge[1] in target_apps and edge not in KNOWN_APP_EDGES
        }

    def test_it_finds_the_project_modules(self):
        assert "directory.services" in self.modules and "core.workflow.services" in self.modules
        assert ("directory", "accounts") in self.edges  # the graph is read, not empty

    def test_every_project_app_is_placed_in_a_layer(self):
        """A new app is checked only once it is listed here: an unlisted one fails this test."""
        from django.apps import apps

        project_apps = {
            config.name.split(".")[0]
            for config in apps.get_app_configs()
            if Path(config.path).is_relative_to(ROOT / config.name.split(".")[0])
            and not config.name.startswith(("testing.", "config."))
        }
        assert project_apps - set(APPS) == set()

    def test_core_imports_no_domain_app_nor_the_top_layer(self):
        assert self.violations({CORE}, {*DOMAIN, *TOP}) == {}

    def test_domain_apps_never_import_the_top_layer(self):
        assert self.violations(set(DOMAIN), set(TOP)) == {}

    def test_accounts_knows_nothing_of_the_directory(self):
        """The direction is fixed: directory (organizations, memberships) builds on accounts."""
        assert ("accounts", "directory") not in self.edges, self.edges.get(
            ("accounts", "directory")
        )

    def test_no_cycle_between_apps(self):
        edges = {edge for edge in self.edges if edge not in KNOWN_APP_EDGES}
        found = cycles(APPS, lambda app: {b for a, b in edges if a == app})
        detail = {c: {e: self.edges[e][:2] for e in edges if set(e) <= set(c)} for c in found}
        assert found == [], detail

    def test_no_cycle_between_modules(self):
        found = cycles(self.graph, lambda m: self.graph.get(m, {}))
        unknown = [c for c in found if c not in KNOWN_MODULE_CYCLES]
        assert unknown == [], {c: {m: self.graph[m] for m in c} for c in unknown}

    def test_every_known_exception_still_exists(self):
        """Delete an entry from KNOWN_* once the branch that removes it is merged."""
        stale_edges = [e for e in KNOWN_APP_EDGES if e not in self.edges]
        found = cycles(self.graph, lambda m: self.graph.get(m, {}))
        stale_cycles = [c for c in KNOWN_MODULE_CYCLES if c not in found]
        assert stale_edges == [] and stale_cycles == [], (stale_edges, stale_cycles)

    def test_the_checker_sees_a_cycle(self):
        graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
        assert cycles(graph, lambda n: graph[n]) == [("a", "b", "c")]
