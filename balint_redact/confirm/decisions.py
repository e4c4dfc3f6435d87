"""A presenter's decisions about a write-up: which redactions to keep as text, which missed
words to redact. Stored by the SHA-256 of the document's text and by positions in it, never
by the text itself, so a decisions file (and its name in a log) reveals nothing.

The file is TOML::

    # balint-redact decisions: positions only, no text
    version = 1

    [[document]]
    sha256 = "9f2c…"

    [[document.item]]
    start = 120
    end = 124
    action = "redact"          # or "keep"
    entity_type = "PERSON"     # the type a "redact" item is given

>>> text = "Hope rang Mr Patel."
>>> f = DecisionFile()
>>> f.add(text, Decision(0, 4, "redact", "PERSON"))
>>> [d.action for d in f.for_text(text)]
['redact']
>>> f.for_text("another text")
[]
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

import tomli_w

from ..errors import ConfigError
from ..render.entities import ENTITY_TYPES
from ..text.spans import Span, resolve

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ACTIONS = ("keep", "redact")
VERSION = 1
#: the recognizer name a decision's span carries in findings and the trace
SOURCE = "decision"
NAME = "the decisions file"


def text_hash(text: str) -> str:
    """The key a document's decisions are stored under (SHA-256 of its UTF-8 text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Decision:
    """Keep or redact the characters ``start:end`` of the original text."""

    start: int
    end: int
    action: Literal["keep", "redact"]
    entity_type: str = "PERSON"

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ConfigError(f"{NAME}: action must be keep or redact")
        if not (isinstance(self.start, int) and isinstance(self.end, int)) or \
                not 0 <= self.start < self.end:
            raise ConfigError(f"{NAME}: an item needs 0 <= start < end")
        if self.entity_type not in ENTITY_TYPES:
            raise ConfigError(f"{NAME}: unknown entity type in an item")


@dataclass
class DecisionFile:
    """Decisions for any number of documents, by text hash."""

    documents: dict[str, list[Decision]] = field(default_factory=dict)

    def for_text(self, text: str) -> list[Decision]:
        """The decisions recorded for exactly this text (none if it has changed)."""
        return list(self.documents.get(text_hash(text), ()))

    def add(self, text: str, decision: Decision) -> None:
        """Record ``decision`` for ``text``; a later decision on the same range replaces it."""
        if decision.end > len(text):
            raise ConfigError(f"{NAME}: an item lies beyond the end of the document")
        items = [d for d in self.documents.get(text_hash(text), [])
                 if (d.start, d.end) != (decision.start, decision.end)]
        self.documents[text_hash(text)] = sorted(items + [decision],
                                                 key=lambda d: (d.start, d.end))

    def remove(self, text: str, start: int, end: int) -> None:
        """Forget the decision on ``start:end`` of ``text``, if any."""
        key = text_hash(text)
        kept = [d for d in self.documents.get(key, []) if (d.start, d.end) != (start, end)]
        if kept:
            self.documents[key] = kept
        else:
            self.documents.pop(key, None)

    def to_toml(self) -> str:
        data: dict[str, Any] = {"version": VERSION, "document": [
            {"sha256": key, "item": [
                {"start": d.start, "end": d.end, "action": d.action,
                 "entity_type": d.entity_type} for d in items]}
            for key, items in sorted(self.documents.items()) if items]}
        return "# balint-redact decisions: positions only, no text\n" + tomli_w.dumps(data)


def parse_decisions(source: str) -> DecisionFile:
    """A DecisionFile from TOML text; any problem is a one-line ConfigError."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError:
        raise ConfigError(f"{NAME} is not valid TOML") from None
    if data.get("version", VERSION) != VERSION:
        raise ConfigError(f"{NAME} has an unknown version")
    out = DecisionFile()
    docs = data.get("document", [])
    if not isinstance(docs, list):
        raise ConfigError(f"{NAME}: 'document' must be a list of tables")
    for doc in docs:
        key = doc.get("sha256") if isinstance(doc, dict) else None
        if not (isinstance(key, str) and len(key) == 64 and
                all(c in "0123456789abcdef" for c in key)):
            raise ConfigError(f"{NAME}: every document needs a sha256 (64 hex digits)")
        items = doc.get("item", [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ConfigError(f"{NAME}: 'item' must be a list of tables")
        try:
            decisions = [Decision(int(i["start"]), int(i["end"]), i["action"],
                                  i.get("entity_type", "PERSON")) for i in items]
        except (KeyError, TypeError, ValueError):
            raise ConfigError(f"{NAME}: every item needs start, end and action") from None
        out.documents.setdefault(key, []).extend(decisions)
    return out


def load_decisions(path: str | Path) -> DecisionFile:
    """Read a decisions file; a missing or unreadable file is a ConfigError naming its role."""
    try:
        source = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{NAME} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {NAME} ({type(exc).__name__})") from None
    return parse_decisions(source)


def save_decisions(path: str | Path, decisions: DecisionFile) -> None:
    """Write the decisions file atomically (never half a file)."""
    from ..io.textio import atomic_write_text
    atomic_write_text(Path(path), decisions.to_toml(), NAME)


def apply_decisions(spans: Iterable[Span], decisions: Iterable[Decision],
                    text_length: int | None = None) -> list[Span]:
    """The detected ``spans`` with a presenter's decisions applied: a "keep" removes every span
    overlapping its range, a "redact" adds its range (score 1.0, source "decision").

    >>> s = [Span(0, 4, "PERSON", 0.8), Span(10, 15, "PERSON", 0.9)]
    >>> apply_decisions(s, [Decision(10, 15, "keep"), Decision(20, 24, "redact")])
    [Span(start=0, end=4, entity_type='PERSON', score=0.8, source=''), \
Span(start=20, end=24, entity_type='PERSON', score=1.0, source='decision')]
    """
    decisions = list(decisions)
    if text_length is not None and any(d.end > text_length for d in decisions):
        raise ConfigError(f"{NAME}: an item lies beyond the end of the document")
    keeps = [(d.start, d.end) for d in decisions if d.action == "keep"]
    out = [s for s in spans if not any(s.start < b and a < s.end for a, b in keeps)]
    out += [Span(d.start, d.end, d.entity_type, 1.0, SOURCE)
            for d in decisions if d.action == "redact"]
    return resolve(out)
