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
    """No automatic garbage collection while starting (the command line only).

    Importing spaCy and Presidio and loading the pipeline create about a million objects
    that live as long as the process; the collector would scan them again and again (~60 ms
    in all). ``threshold0 = 0`` is used rather than ``gc.disable()``, which srsly's msgpack
    reader undoes (it disables and re-enables the collector around each read)."""
    global _PAUSED_GC
    if _PAUSED_GC is None:
        _PAUSED_GC = gc.get_threshold()
        gc.set_threshold(0)


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
