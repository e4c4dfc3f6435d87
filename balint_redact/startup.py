"""Cold-start helpers for the command line: a one-file run spends far more time starting than
redacting. None of them changes what is detected; each falls back to the ordinary path.

* ``pause_gc`` / ``resume_gc``: no automatic garbage collection while the libraries and the
  pipeline load (their objects live as long as the process), then ``gc.freeze`` and
  collection as before.
* ``import_spacy``: spaCy's ``__init__`` imports its command line (weasel, typer, jinja2,
  requests...) only to expose ``spacy.info``; nothing here uses it, so ``spacy.cli`` is a lazy
  module that imports the real one on first use.
* ``RegexCache``: Presidio compiles ~170 patterns when imported (its URL pattern alone is a
  6 kB alternation of every top-level domain) and its recognizers' patterns again with its
  flags on the first text; with our rules that is ~290 compilations, ~0.35 s per start. The
  ``regex`` module pickles a compiled pattern as its compiled program, so the programs are
  kept in the user's cache directory, keyed by the ``regex`` and Python versions, and put back
  into ``regex``'s own compile cache before anything compiles. A missing, foreign or unreadable
  file only means compiling as before. (``regex`` itself compiles some patterns to slightly
  different but equivalent programs from one process to the next, because its compiler
  iterates over sets: the cache keeps one of them.)
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import sys
import types
from pathlib import Path
from typing import Any

#: at most this many compiled patterns are kept (regex's own cache holds 500)
MAX_PATTERNS = 400
#: set to anything to neither read nor write the cache
NO_CACHE_ENV = "BALINT_REDACT_NO_CACHE"


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


class _PatternsOnly(pickle.Unpickler):
    """Unpickles compiled ``regex`` patterns and plain data, nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in (("regex._regex", "compile"), ("_regex", "compile")):
            from regex import _regex

            return _regex.compile
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed here")


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "balint-redact"


class RegexCache:
    """Compiled ``regex`` programs kept between runs (see the module docstring)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.enabled = not os.environ.get(NO_CACHE_ENV)
        self.directory = directory
        self.seeded: set[tuple[str, int]] = set()
        self.path: Path | None = None

    def _internals(self):
        import regex
        from regex import _main

        needed = ("_cache", "_named_args", "_locale_sensitive", "_cache_lock", "_MAXCACHE")
        if not all(hasattr(_main, n) for n in needed) or not isinstance(_main._cache, dict):
            return None
        return regex, _main

    def _file(self, regex_module) -> Path:
        version = getattr(regex_module, "__version__", "unknown")
        py = f"{sys.implementation.cache_tag}"
        return (self.directory or _cache_dir()) / f"regex-{version}-{py}.pickle"

    def seed(self) -> int:
        """Put the cached programs into regex's compile cache; returns how many."""
        if not self.enabled:
            return 0
        try:
            got = self._internals()
            if got is None:
                return 0
            regex, _main = got
            self.path = self._file(regex)
            with open(self.path, "rb") as f:
                st = os.fstat(f.fileno())
                # like ssh: only a file that is the user's own and not writable by others
                if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
                    return 0
                entries = _PatternsOnly(io.BytesIO(f.read())).load()
            return self._install(regex, _main, entries)
        except Exception:  # no cache yet, or one we cannot use: compile as usual
            return 0

    def _install(self, regex, _main, entries) -> int:
        if not isinstance(entries, list):
            return 0
        version = int(regex.DEFAULT_VERSION)
        room = _main._MAXCACHE - len(_main._cache) - 50
        count = 0
        with _main._cache_lock:
            for item in entries[:max(0, room)]:
                if not (isinstance(item, tuple) and len(item) == 4):
                    continue
                pattern, flags, default_version, compiled = item
                if not (isinstance(pattern, str) and isinstance(flags, int) and
                        isinstance(compiled, _main.Pattern) and compiled.pattern == pattern and
                        default_version == version):
                    continue
                key = (pattern, str, flags, frozenset(), default_version, None)
                _main._named_args.setdefault((pattern, str, flags), frozenset())
                _main._locale_sensitive.setdefault((str, pattern), False)
                _main._cache.setdefault(key, compiled)
                self.seeded.add((pattern, flags))
                count += 1
        # the lookup must find what was put in; if regex changed how it caches, the entries
        # are unreachable and harmless, and the run compiles as before
        if count:
            pattern, flags = next(iter(self.seeded))
            key = (pattern, str, flags, frozenset(), version, None)
            if regex.compile(pattern, flags) is not _main._cache.get(key):
                self.seeded.clear()
                return 0
        return count

    def save(self) -> bool:
        """Write the patterns compiled in this process if there are new ones."""
        if not self.enabled or "regex._main" not in sys.modules:
            return False
        try:
            got = self._internals()
            if got is None:
                return False
            regex, _main = got
            version = int(regex.DEFAULT_VERSION)
            with _main._cache_lock:
                items = list(_main._cache.items())
            entries = []
            for key, compiled in items:
                if not (isinstance(key, tuple) and len(key) == 6):
                    continue
                pattern, kind, flags, args, default_version, locale = key
                if kind is not str or args or locale is not None or \
                        _main._locale_sensitive.get((str, pattern), True):
                    continue
                if int(default_version) != version:
                    continue
                entries.append((pattern, int(flags), version, compiled))
            fresh = [e for e in entries if (e[0], e[1]) not in self.seeded]
            if not fresh:
                return False
            # what this run compiled first: a pattern that changes between runs only pushes
            # out the oldest entries, and the file stays bounded
            entries = (fresh + [e for e in entries if (e[0], e[1]) in self.seeded])
            entries = entries[:MAX_PATTERNS]
            path = self.path or self._file(regex)
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "wb") as f:
                    pickle.dump(entries, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            finally:
                if tmp.exists():
                    tmp.unlink()
            return True
        except Exception:  # a cache we cannot write is only a slower next start
            return False


REGEX_CACHE = RegexCache()
