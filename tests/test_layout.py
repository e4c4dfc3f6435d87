"""The package's shape: small modules, no import cycle, no unused top-level names, and a CLI
that uses the library through its front modules.

These read the source with ``ast`` (nothing is imported), so they are fast and see every
module, including ones no other test imports.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "balint_redact"
CLI = REPO / "cli"
MAX_LINES = 400


def _modules(root: Path) -> dict[str, Path]:
    """Dotted module name → file, for every .py file under ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom,
              known: dict[str, Path]) -> set[str]:
    """The modules of ``known`` that one import statement imports."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in known}
    if node.level:
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        parts = package.split(".")[:len(package.split(".")) - node.level + 1]
        base = ".".join(parts + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    out = set()
    for alias in node.names:
        full = f"{base}.{alias.name}"
        out.add(full if full in known else base)
    return out & set(known)


def _module_level_imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """What a module imports when it is imported: top-level statements, and the bodies of
    top-level try/else blocks, but not ``if TYPE_CHECKING:`` blocks or function bodies."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    todo: list[ast.stmt] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out |= _imported(module, path, node, known)
        elif isinstance(node, ast.Try):
            todo += node.body + node.orelse + node.finalbody
            todo += [s for h in node.handlers for s in h.body]
        elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
            todo += node.body + node.orelse
    return out - {module}


def import_cycles(known: dict[str, Path]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan)."""
    graph = {m: _module_level_imports(m, p, known) for m, p in known.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_no_import_cycle_among_the_package_modules() -> None:
    assert import_cycles(_modules(PACKAGE)) == []


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import x\n")
    (pkg / "b.py").write_text("from . import c\nx = 1\n")
    (pkg / "c.py").write_text("import pkg.a\n")
    (pkg / "d.py").write_text("from typing import TYPE_CHECKING\n"
                              "if TYPE_CHECKING:\n    from .e import y\n")
    (pkg / "e.py").write_text("from .d import z\n\ndef f():\n    from .d import w\n")
    known = {}
    for path in sorted(pkg.glob("*.py")):
        known["pkg" if path.stem == "__init__" else f"pkg.{path.stem}"] = path
    assert import_cycles(known) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_no_module_is_over_400_lines() -> None:
    long = {str(p.relative_to(REPO)): n for root in (PACKAGE, CLI)
            for p in root.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


# ----------------------------------------------------------------------------- the CLI

#: what the CLI may import from the library: the public API (``balint_redact``, including its
#: ``__version__``), the error family, the process start-up, and one front module (the
#: ``__init__``) per subpackage
FRONT_MODULES = {
    "balint_redact",
    "balint_redact.errors",
    "balint_redact.startup",    # process start-up: garbage collector, lazy imports
    "balint_redact.io",         # reading and writing text and Word documents
    "balint_redact.batch",      # folder runs, the residual check, reports, the review page
    "balint_redact.records",    # the shared records
    "balint_redact.server",     # the HTTP service
    "balint_redact.evaluate",   # evaluation against gold annotations
    "balint_redact.detect",     # the detection stages (explain)
    "balint_redact.rules",      # rules files (serve checks one at start)
    "balint_redact.render",     # entity types and labels
    "balint_redact.confirm",    # decisions files and the second reader
    "balint_redact.series",     # a presenter's series: the mapping, restore
    "balint_redact.review",     # the review page (review, and /review of serve)
}

#: where the CLI reaches past those (file → modules). The test fails on a new reach and on one
#: that has gone; it is empty: every reach goes through a front module or the public API.
REACHES_TODAY: dict[str, set[str]] = {}


def _cli_imports(path: Path, known: dict[str, Path]) -> set[str]:
    """Every library module a CLI file imports, at any depth (commands import lazily)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level and \
                node.module.split(".")[0] == "balint_redact":
            out |= _imported("cli", path, node, known)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "balint_redact"}
    return out


def test_the_cli_uses_the_library_through_its_front_modules() -> None:
    known = _modules(PACKAGE)
    reaches = {}
    for path in sorted(CLI.glob("*.py")):
        name = str(path.relative_to(REPO))
        inner = _cli_imports(path, known) - FRONT_MODULES
        if inner:
            reaches[name] = inner
    assert reaches == REACHES_TODAY


# --------------------------------------------------------------------------- dead code

_SOURCES = ("balint_redact", "cli", "tests", "benchmarks", "tools")


def _top_level_names(tree: ast.Module) -> list[str]:
    names = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)]
    return [n for n in names if not n.startswith("__")]


def test_every_top_level_name_is_used_somewhere() -> None:
    """A function, class or constant of the package or the CLI that nothing in the repository
    names (outside its own definition) is dead code."""
    texts = {p: p.read_text(encoding="utf-8") for d in _SOURCES for p in (REPO / d).rglob("*.py")}
    words = Counter(w for t in texts.values() for w in re.findall(r"\w+", t))
    unused = [f"{path.relative_to(REPO)}:{name}"
              for path in sorted([*PACKAGE.rglob("*.py"), *CLI.rglob("*.py")])
              for name in _top_level_names(ast.parse(texts[path])) if words[name] < 2]
    assert unused == []
