"""Detection rules as data: patterns, term lists, allow lists and redaction settings from TOML.

A rules file (the built-in ones live in ``models/rules/``; a firm adds its own)::

    [[pattern]]
    name = "our matter reference"      # shown in errors and findings
    entity = "MATTER_REFERENCE"         # an entity type from balint_redact.render.entities
    regex = '(?i:our\\s+ref\\.?:?\\s*)(?P<id>[A-Z]{3}/\\d{4}/\\d)'
    score = 0.8                         # 0..1
    context = ["ref", "matter"]         # optional cue words (case-insensitive)
    context_required = false            # true: only matches with a cue nearby count
    validator = "nhs_mod11"             # optional, see balint_redact.rules.validators
    group = "id"                        # optional named group: only it is redacted
    requires = 'ref'                    # optional cheap regex every match contains: texts
                                        # where it finds nothing skip the rule (speed only)

    [[terms]]
    entity = "PERSON"
    terms = ["Amina Patel"]             # or: file = "clients.txt" (one a line)

    [allow]
    terms = ["Wednesbury"]              # or: file = "allow.txt"

    [[keep]]                            # text where names are public: nothing name-like in
    name = "cited authority"            # a match is redacted (numbers, dates, contacts are)
    regex = '\\b[A-Z]\\w+ v [A-Z]\\w+ \\[\\d{4}\\] UKSC \\d+'

    [redact]
    entities = ["PERSON", "EMAIL_ADDRESS"]   # default: every known type
    style = "placeholder"                    # placeholder | tag | mask
    keep_titles = false

>>> rs = parse_rules("[[pattern]]\\nname='x'\\nentity='ID'\\nregex='X\\\\d+'\\nscore=0.5", "inline")
>>> rs.patterns[0].name
'x'
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import regex

from ..render.generalise import SETTINGS, mode_problem  # generalised values ([redact])
from .checks import (_check_keys, _compile, _entity, _err, _read_list_file, _score,
                     _str_list)
from ..errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

STYLES = ("placeholder", "tag", "mask")
#: characters either side of a match searched for cue words
DEFAULT_CONTEXT_WINDOW = 40
#: a regex from a rules file may run this long on one text before detection fails closed
REGEX_TIMEOUT_SECONDS = 2.0
#: the name of the rules file picked up from the working or user config directory
DEFAULT_RULES_FILENAME = "balint-redact.toml"


@dataclass(frozen=True)
class PatternRule:
    name: str
    entity: str
    regex: str
    score: float
    context: tuple[str, ...] = ()
    context_required: bool = False
    context_window: int = DEFAULT_CONTEXT_WINDOW
    validator: str | None = None
    group: str | None = None
    source: str = ""
    requires: str | None = None

    def compiled(self) -> regex.Pattern[str]:
        return regex.compile(self.regex, regex.VERSION0 | regex.MULTILINE)


@dataclass(frozen=True)
class TermRule:
    entity: str
    terms: tuple[str, ...]
    score: float = 0.9
    source: str = ""


@dataclass(frozen=True)
class KeepRule:
    """Text in which names are public (an authority cited with its citation, a statute's
    title): names, organisations and places inside a match are not redacted."""

    name: str
    regex: str
    source: str = ""

    def as_pattern(self) -> PatternRule:
        return PatternRule(self.name, "KEEP", self.regex, 1.0, source=self.source)


@dataclass(frozen=True)
class RuleSet:
    """Everything detection is configured with; combine with ``+`` (later files add to earlier)."""

    patterns: tuple[PatternRule, ...] = ()
    terms: tuple[TermRule, ...] = ()
    allow: tuple[str, ...] = ()
    keep: tuple[KeepRule, ...] = ()
    entities: tuple[str, ...] | None = None  # None: every known type
    style: str | None = None
    keep_titles: bool | None = None
    sources: tuple[str, ...] = ()
    generalise: tuple[tuple[str, str], ...] = ()  # ("dates", "month") ...: render.generalise

    def __add__(self, other: "RuleSet") -> "RuleSet":
        return RuleSet(
            patterns=self.patterns + other.patterns,
            terms=self.terms + other.terms,
            allow=self.allow + other.allow,
            keep=self.keep + other.keep,
            entities=other.entities if other.entities is not None else self.entities,
            style=other.style if other.style is not None else self.style,
            keep_titles=other.keep_titles if other.keep_titles is not None else self.keep_titles,
            sources=self.sources + other.sources,
            generalise=self.generalise + other.generalise,  # later files win
        )

    def fingerprint(self) -> str:
        """A short hash of the rules' content (not their file names), for records and reports."""
        h = hashlib.sha256()
        for p in self.patterns:
            h.update(repr((p.name, p.entity, p.regex, p.score, p.context, p.context_required,
                           p.context_window, p.validator, p.group, p.requires)).encode())
        for t in self.terms:
            h.update(repr((t.entity, t.terms, t.score)).encode())
        for k in self.keep:
            h.update(repr((k.name, k.regex)).encode())
        h.update(repr((self.allow, self.entities, self.style, self.keep_titles)).encode())
        if self.generalise:  # older fingerprints unchanged
            h.update(repr(("generalise", dict(self.generalise))).encode())
        return h.hexdigest()[:16]


def _named_table(raw: Any, kind: str, i: int, source: str, keys: set[str],
                 required: tuple[str, ...]) -> str:
    """Check one [[kind]] table's shape and keys; returns how errors name it."""
    where = f"{kind} #{i + 1}"
    if not isinstance(raw, dict):
        raise _err(source, where, "must be a table")
    if isinstance(raw.get("name"), str):
        where = f"{kind} {raw['name']!r}"
    _check_keys(raw, keys, source, where)
    for key in required:
        if key not in raw:
            raise _err(source, where, f"missing {key}")
    return where


def _keep(raw: Any, i: int, source: str, check: bool = True) -> KeepRule:
    where = _named_table(raw, "keep", i, source, {"name", "regex", "source"}, ("name", "regex"))
    _compile(raw["regex"], source, where, check)
    return KeepRule(name=str(raw["name"]), regex=raw["regex"],
                    source=str(raw.get("source", source)))


def _pattern(raw: Any, i: int, source: str, check: bool = True) -> PatternRule:
    where = _named_table(raw, "pattern", i, source,
                         {"name", "entity", "regex", "score", "context", "context_required",
                          "context_window", "validator", "group", "source", "requires"},
                         ("name", "entity", "regex"))
    compiled = _compile(raw["regex"], source, where, check)
    requires = raw.get("requires")
    if requires is not None:
        _compile(requires, source, f"{where} (requires)", check)
    group = raw.get("group")
    if group is not None and compiled is not None and group not in compiled.groupindex:
        raise _err(source, where, "its group is not a named group of the regex")
    validator = raw.get("validator")
    if validator is not None:
        from .validators import VALIDATORS

        if validator not in VALIDATORS:
            raise _err(source, where, f"unknown validator "
                                      f"(known: {', '.join(sorted(VALIDATORS))})")
    window = raw.get("context_window", DEFAULT_CONTEXT_WINDOW)
    if not isinstance(window, int) or isinstance(window, bool) or not 0 < window <= 500:
        raise _err(source, where, "context_window must be a whole number from 1 to 500")
    required = raw.get("context_required", False)
    if not isinstance(required, bool):
        raise _err(source, where, "context_required must be true or false")
    context = _str_list(raw.get("context", []), source, where, "context")
    if required and not context:
        raise _err(source, where, "context_required needs context words")
    return PatternRule(
        name=str(raw["name"]),
        entity=_entity(raw["entity"], source, where),
        regex=raw["regex"],
        score=_score(raw.get("score", 0.6), source, where),
        context=tuple(c.lower() for c in context),
        context_required=required,
        context_window=window,
        validator=validator,
        group=group,
        source=str(raw.get("source", source)),
        requires=requires,
    )


def _terms(raw: Any, i: int, source: str, base: Path | None) -> TermRule:
    where = f"terms #{i + 1}"
    if not isinstance(raw, dict):
        raise _err(source, where, "must be a table")
    _check_keys(raw, {"entity", "terms", "file", "score", "source"}, source, where)
    entity = _entity(raw.get("entity"), source, where)
    terms = _str_list(raw.get("terms", []), source, where, "terms")
    if "file" in raw:
        terms += _read_list_file(base, raw["file"], source, where)
    return TermRule(entity=entity, terms=tuple(t for t in terms if t.strip()),
                    score=_score(raw.get("score", 0.9), source, where),
                    source=str(raw.get("source", source)))


def parse_rules(text: str, source: str, base: Path | None = None,
                check_regex: bool = True) -> RuleSet:
    """Parse the TOML text of a rules file; ``source`` names it in error messages
    (``check_regex=False``: regexes compiled on first use, see builtin_rules)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML ({exc})") from None
    _check_keys(data, {"meta", "pattern", "terms", "allow", "keep", "redact"}, source,
                "top level")
    patterns = data.get("pattern", [])
    terms = data.get("terms", [])
    keep = data.get("keep", [])
    if not all(isinstance(x, list) for x in (patterns, terms, keep)):
        raise _err(source, "top level",
                   "use [[pattern]], [[terms]] and [[keep]] arrays of tables")
    allow: tuple[str, ...] = ()
    if "allow" in data:
        raw = data["allow"]
        if not isinstance(raw, dict):
            raise _err(source, "allow", "must be a table")
        _check_keys(raw, {"terms", "file", "source"}, source, "allow")
        allow = _str_list(raw.get("terms", []), source, "allow", "terms")
        if "file" in raw:
            allow += _read_list_file(base, raw["file"], source, "allow")
    entities = style = keep_titles = None
    generalise: tuple[tuple[str, str], ...] = ()
    if "redact" in data:
        raw = data["redact"]
        if not isinstance(raw, dict):
            raise _err(source, "redact", "must be a table")
        _check_keys(raw, {"entities", "style", "keep_titles", *SETTINGS}, source, "redact")
        for key in [k for k in SETTINGS if mode_problem(k, raw.get(k))]:
            raise _err(source, f"redact.{key}", mode_problem(key, raw.get(key)))
        generalise = tuple((k, raw[k]) for k in SETTINGS if k in raw)
        if "entities" in raw:
            entities = tuple(_entity(e, source, "redact.entities")
                             for e in _str_list(raw["entities"], source, "redact", "entities"))
        if "style" in raw:
            style = raw["style"]
            if style not in STYLES:
                raise _err(source, "redact.style", f"must be one of {', '.join(STYLES)}")
        if "keep_titles" in raw:
            keep_titles = raw["keep_titles"]
            if not isinstance(keep_titles, bool):
                raise _err(source, "redact.keep_titles", "must be true or false")
    return RuleSet(
        patterns=tuple(_pattern(p, i, source, check_regex) for i, p in enumerate(patterns)),
        terms=tuple(_terms(t, i, source, base) for i, t in enumerate(terms)),
        allow=allow,
        keep=tuple(_keep(k, i, source, check_regex) for i, k in enumerate(keep)),
        entities=entities,
        style=style,
        keep_titles=keep_titles,
        sources=(source,), generalise=generalise,
    )


def load_rules_file(path: str | os.PathLike[str], name: str = "rules file #1") -> RuleSet:
    """Read a rules file; every problem is a ConfigError naming the file as ``name`` (its
    role and position, never its path: a file name can be a client's name)."""
    p = Path(path)
    if not p.exists():
        raise ConfigError(f"{name}: not found")
    if p.is_dir():
        raise ConfigError(f"{name}: is a directory")
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name}: cannot read it ({type(exc).__name__})") from None
    return parse_rules(text, name, base=p.parent)


def builtin_rules() -> RuleSet:
    """The rules shipped in ``models/rules/*.toml`` (sorted by name). Their regexes are
    compiled on first use, so one whose ``requires`` fails on a text is never compiled (a
    one-file run: 0.04-0.05 s of the 0.12 s all 81 take); tests/test_speed_guards.py checks
    each compiles with its named group, as loading a firm's rules file does."""
    folder = resources.files("balint_redact.models.rules")
    combined = RuleSet()
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            base = Path(str(entry)).parent
            combined = combined + parse_rules(entry.read_text(encoding="utf-8"),
                                              f"models/rules/{entry.name}", base, False)
    return combined


def default_rules_path(cwd: Path | None = None) -> Path | None:
    """The firm's rules file picked up automatically: ./balint-redact.toml, then the user's
    config directory ($XDG_CONFIG_HOME or ~/.config)/balint-redact/rules.toml."""
    try:
        here = (cwd or Path.cwd()) / DEFAULT_RULES_FILENAME
        if here.is_file():
            return here
        config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        user = config_home / "balint-redact" / "rules.toml"
        return user if user.is_file() else None
    except OSError as exc:  # an unreadable working or config folder: say which, not where
        raise ConfigError("cannot look for the default rules file (balint-redact.toml in the "
                          "working folder, or rules.toml in the user's config folder): "
                          f"{type(exc).__name__}") from None


def resolve_rules(rules: "RuleSet | str | os.PathLike[str] | Iterable[Any] | None",
                  use_default_file: bool = True) -> RuleSet:
    """Built-in rules plus the caller's: a RuleSet, a path, a list of either, or None (then the
    default file from the working or config directory, if any)."""
    combined = builtin_rules()
    if rules is None:
        found = default_rules_path() if use_default_file else None
        return combined + load_rules_file(found, default_rules_name(found)) if found else combined
    items = [rules] if isinstance(rules, (RuleSet, str, os.PathLike)) else list(rules)
    for k, item in enumerate(items, 1):  # errors say "rules file #2": the second one given
        combined = combined + (item if isinstance(item, RuleSet)
                               else load_rules_file(item, f"rules file #{k}"))
    return combined


def default_rules_name(path: Path) -> str:
    """How errors name a rules file that was picked up without being asked for."""
    where = "working folder" if path.name == DEFAULT_RULES_FILENAME else "config folder"
    return f"the default rules file ({path.name} in the {where})"
