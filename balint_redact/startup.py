"""Cold-start helpers for the command line: a one-file run spends far more time starting than
redacting. None of them changes what is detected; each falls back to the ordinary path.

* ``pause_gc`` / ``resume_gc``: no automatic garbage collection while the libraries and the
  pipeline load (their objects live as long as the process), then ``gc.freeze`` and
  collection as before. Measured (benchmarks/cold_start.py, medians of 9 runs taking turns,
  two series): 0.14-0.25 s of CPU of a one-file run (0.93 s against 1.18 s).
* ``import_spacy``: spaCy's ``__init__`` imports its command line (weasel, typer, jinja2 ...,
  229 modules) only to expose ``spacy.info``; nothing here uses it, so ``spacy.cli`` is a lazy
  module that imports the real one on first use. Measured the same way: 0.09-0.12 s of CPU
  of a one-file run (0.93 s against 1.05 s; imports and pipeline alone, 7 runs each: 0.785 s
  against 0.878 s, the two series not overlapping). It is the one reach past a library's
  public surface kept here; tests/test_startup.py checks spaCy's command line still works
  through it.
* ``flags_change_nothing``: lets a pattern Presidio compiled without flags serve where it
  would compile it again with flags that change nothing it matches.
* ``lazy_predefined_recognizers`` (installed by ``pause_gc``, so in the command line only):
  importing anything of presidio_analyzer imports its package, whose recognizer registry
  imports ``predefined_recognizers``, which imports and compiles the patterns of all 104
  predefined recognizers (spaCy's own start does it too: Presidio registers a spaCy factory
  entry point). Detection uses seven of them. Here ``predefined_recognizers`` is a module
  whose names are imported from their own submodule on first use, read from the real
  ``__init__.py``; anything else it is asked for (``__all__``, an unknown name) runs the real
  ``__init__.py`` first (nothing the command line runs asks Presidio for its default
  registry, which finds its recognizers by subclass and so needs them all imported).
  Measured (imports of spaCy + Presidio + the engine's classes, CPU time, 2 runs each
  taking turns): 0.295-0.297 s against 0.351-0.357 s, 61 Presidio modules against 176. tests/test_speed_guards.py checks the country recognizers stay
  unimported on the redact path and that every name resolves to Presidio's own class.

Nothing is kept between runs: every start compiles and loads what it uses, from the installed
packages only, so no file outside them can change what is detected.
"""

from __future__ import annotations

import gc
import os
import sys
import types
from typing import Any

_PAUSED_GC: tuple[int, ...] | None = None


def pause_gc() -> None:
    """No automatic garbage collection while starting (the command line only); also
    installs :func:`lazy_predefined_recognizers`.

    Importing spaCy and Presidio and loading the pipeline create about a million objects
    that live as long as the process; the collector would scan them again and again (~60 ms
    in all). ``threshold0 = 0`` is used rather than ``gc.disable()``, which srsly's msgpack
    reader undoes (it disables and re-enables the collector around each read)."""
    global _PAUSED_GC
    if _PAUSED_GC is None:
        _PAUSED_GC = gc.get_threshold()
        gc.set_threshold(0)
    lazy_predefined_recognizers()


def resume_gc() -> None:
    """Once a Redactor is built: what was loaded is moved out of the collector's sight
    (``gc.freeze``) and collection resumes as before. A no-op unless ``pause_gc`` ran."""
    global _PAUSED_GC
    if _PAUSED_GC is not None:
        paused, _PAUSED_GC = _PAUSED_GC, None
        gc.freeze()
        gc.set_threshold(*paused)


def import_spacy() -> Any:
    """``import spacy`` without importing ``spacy.cli`` until something uses it."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy

        return spacy
    from importlib.util import find_spec

    spec = find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        import spacy  # let the ordinary error surface

        return spacy
    cli_dir = os.path.join(list(spec.submodule_search_locations)[0], "cli")
    lazy_cli = types.ModuleType("spacy.cli")
    lazy_info = types.ModuleType("spacy.cli.info")
    lazy_cli.__path__ = [cli_dir]
    lazy_cli.__file__ = os.path.join(cli_dir, "__init__.py")

    def _real() -> types.ModuleType:
        for name in ("spacy.cli.info", "spacy.cli"):
            if sys.modules.get(name) in (lazy_cli, lazy_info):
                del sys.modules[name]
        import importlib

        real = importlib.import_module("spacy.cli")
        sys.modules["spacy"].cli = real  # type: ignore[attr-defined]
        return real

    def _getattr(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real(), name)

    def _getattr_info(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real().info, name)

    def info(*args: Any, **kwargs: Any) -> Any:
        return _real().info(*args, **kwargs)

    lazy_cli.__getattr__ = _getattr  # type: ignore[attr-defined]
    lazy_info.info = info  # type: ignore[attr-defined]
    lazy_info.__getattr__ = _getattr_info  # type: ignore[attr-defined]
    lazy_cli.info = lazy_info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"] = lazy_cli
    sys.modules["spacy.cli.info"] = lazy_info
    try:
        import spacy
    except BaseException:
        for name in ("spacy.cli.info", "spacy.cli"):
            if sys.modules.get(name) in (lazy_cli, lazy_info):
                del sys.modules[name]
        raise
    return spacy


#: the Presidio module imported name by name (see lazy_predefined_recognizers)
PREDEFINED = "presidio_analyzer.predefined_recognizers"


def lazy_predefined_recognizers() -> bool:
    """Make ``presidio_analyzer.predefined_recognizers`` import each recognizer only when it is
    first asked for. True if installed; False (nothing changed) once Presidio is imported,
    or where its package cannot be read as expected, so the ordinary import happens."""
    if "presidio_analyzer" in sys.modules or PREDEFINED in sys.modules:
        return False
    try:
        import ast
        import importlib
        import importlib.util

        spec = importlib.util.find_spec("presidio_analyzer")  # does not import it
        if spec is None or not spec.submodule_search_locations:
            return False
        folder = os.path.join(list(spec.submodule_search_locations)[0], "predefined_recognizers")
        init = os.path.join(folder, "__init__.py")
        with open(init, encoding="utf-8") as fh:
            tree = ast.parse(fh.read(), init)
        where: dict[str, tuple[str, str]] = {}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.names[0].name != "*":
                source = "." * node.level + (node.module or "")
                for alias in node.names:
                    where[alias.asname or alias.name] = (source, alias.name)
            elif not isinstance(node, (ast.Expr, ast.Assign, ast.Import)):
                return False  # more than re-exports: leave it to the ordinary import
        module_spec = importlib.util.spec_from_file_location(
            PREDEFINED, init, submodule_search_locations=[folder])
        if module_spec is None or module_spec.loader is None:
            return False
        module = importlib.util.module_from_spec(module_spec)
    except (OSError, SyntaxError, ValueError, ImportError):
        return False
    loaded = False

    def load_all() -> None:
        nonlocal loaded
        if not loaded:
            loaded = True
            module_spec.loader.exec_module(module)  # type: ignore[union-attr]

    def __getattr__(name: str) -> Any:
        if name in where and not loaded:
            source, real = where[name]
            value = getattr(importlib.import_module(source, PREDEFINED), real)
            setattr(module, name, value)
            return value
        if name.startswith("__") and name != "__all__":
            raise AttributeError(name)
        load_all()
        if name in module.__dict__:
            return module.__dict__[name]
        raise AttributeError(f"module {PREDEFINED!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        load_all()
        return sorted(module.__dict__)

    module.__getattr__ = __getattr__  # type: ignore[attr-defined]
    module.__dir__ = __dir__  # type: ignore[attr-defined]
    sys.modules[PREDEFINED] = module
    return True


#: the flags ``flags_change_nothing`` can reason about
_LINE_FLAGS = {"DOTALL": ".", "MULTILINE": "^$"}
#: group openings that set no flag
_PLAIN_GROUPS = ("(?:", "(?=", "(?!", "(?<=", "(?<!", "(?P<")


def flags_change_nothing(pattern: str, flags: int) -> bool:
    """Whether ``regex.compile(pattern, flags)`` matches exactly what ``regex.compile(pattern)``
    does, so that the program compiled without flags can serve for both.

    Only IGNORECASE, DOTALL and MULTILINE are considered (any other flag: False).
    IGNORECASE changes nothing when the pattern starts with ``(?i)``; DOTALL changes only
    what ``.`` matches and MULTILINE only ``^`` and ``$``, so they change nothing when none of
    these stands outside a character class. An inline flag group (``(?s)``, ``(?-i:``...) or
    anything this scan cannot read counts as a change: the answer errs towards False.

    >>> flags_change_nothing(r"(?i)[a-z.]+\\.com", 26), flags_change_nothing(r"(?i)a.b", 26)
    (True, False)
    """
    import regex

    known = regex.IGNORECASE | regex.DOTALL | regex.MULTILINE
    if flags & ~known:
        return False
    i = 0
    if flags & regex.IGNORECASE:
        if not pattern.startswith("(?i)"):
            return False
        i = 4
    special = "".join(chars for name, chars in _LINE_FLAGS.items() if flags & getattr(regex, name))
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "[":  # a nested set (version 1 syntax): not read here
                return False
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 1
            i += pattern.startswith("^", i)
            i += pattern.startswith("]", i)  # a ']' first in a set is a literal
            continue
        elif c in special:
            return False
        elif pattern.startswith("(?", i) and not pattern.startswith(_PLAIN_GROUPS, i):
            return False
        i += 1
    return not in_class
