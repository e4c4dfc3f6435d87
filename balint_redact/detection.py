"""Document-level detection: the engine's spans plus titled names, term lists and known names,
less allow-listed legal vocabulary, then every name found is looked for again everywhere.

>>> d = Detector.load()                                                    # doctest: +SKIP
>>> [(s.entity_type) for s in d.detect_many(["Mrs Patel rang. Patel cried."])[0]] # doctest: +SKIP
['PERSON', 'PERSON']
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

import regex

from .engine import DetectionEngine
from .names import build_index, find_titled_names, title_words
from .rules import RuleSet
from .spans import Span, resolve, subtract
from .termindex import TermIndex

TITLED_SCORE = 0.9
PROPAGATED_SCORE = 0.8
KNOWN_SCORE = 0.95

# our own placeholders and tags: never detected again (redaction is idempotent)
_PLACEHOLDER = regex.compile(
    r"\b(?:Person|Organisation|Place|Address) [A-Z]{1,3}\b|\[[a-zA-Z][a-zA-Z ]{1,30}\]|\*{3,}")
_MONTH = regex.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")
_DURATION = regex.compile(r"(?i)^\W*(?:about |some |over |under |nearly |almost |the )?[\d\s,.]+"
                          r"(?:days?|weeks?|months?|years?|hours?|minutes?|decades?)\W*$")
_YEAR_ONLY = regex.compile(r"(?i)^\W*(?:the |in |since |by |from |until )?(?:\d{4}s?|\d{2}s|"
                           r"(?:early|mid|late)[- ]\d{4}s?)\W*$")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Ordinary lower-case English words (models/words/common_words.txt)."""
    try:
        text = resources.files("balint_redact.models.words").joinpath(
            "common_words.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - broken install
        from .errors import DetectionError
        raise DetectionError("models/words/common_words.txt is missing; reinstall") from None
    return frozenset(ln.strip() for ln in text.splitlines() if ln and not ln.startswith("#"))


@lru_cache(maxsize=1)
def builtin_allow_list() -> tuple[str, ...]:
    text = resources.files("balint_redact.models").joinpath("allow_list.txt").read_text("utf-8")
    return tuple(s for s in (ln.strip() for ln in text.splitlines())
                 if s and not s.startswith("#"))


def _keep_date(text: str) -> bool:
    """A DATE span worth removing: an exact date, not a year, a duration or 'last spring'."""
    if _YEAR_ONLY.match(text) or _DURATION.match(text):
        return False
    return bool(regex.search(r"\d", text) or _MONTH.search(text))


class Detector:
    """Everything detection needs for one configuration, loaded once and reused."""

    def __init__(self, engine: DetectionEngine, rules: RuleSet,
                 known_names: Iterable[str] = ()) -> None:
        self.engine = engine
        self.rules = rules
        self.common = common_words()
        allow = builtin_allow_list() + rules.allow
        self.allow_index = TermIndex()
        for term in allow:
            self.allow_index.add(term, "ALLOW")
        self.allow_words = frozenset(t.lower() for t in allow if " " not in t)
        self.terms = TermIndex()
        for rule in rules.terms:
            for term in rule.terms:
                self.terms.add(term, rule.entity)
        self.known = build_index(known_names, self.common, self.allow_words, "PERSON")
        self._titles = title_words()

    def _allowed_ranges(self, text: str) -> list[tuple[int, int]]:
        ranges = [(s, e) for s, e, _ in self.allow_index.find(text)]
        ranges += [m.span() for m in _PLACEHOLDER.finditer(text)]
        return ranges

    def _clean(self, text: str, spans: list[Span]) -> list[Span]:
        out = []
        for s in spans:
            frag = text[s.start:s.end]
            if not frag.strip():
                continue
            if s.entity_type == "DATE" and not _keep_date(frag):
                continue
            if s.source.startswith("Spacy") and s.entity_type in ("PERSON", "ORGANIZATION",
                                                                  "LOCATION"):
                low = frag.strip().lower()
                if low in self.allow_words or low in self._titles:
                    continue
                if not regex.search(r"\p{L}", frag):
                    continue
            out.append(s)
        return out

    def _propagate(self, text: str, spans: list[Span]) -> list[Span]:
        """Look for every found name again: its parts, initials, other case, next line."""
        people = {text[s.start:s.end] for s in spans if s.entity_type == "PERSON"}
        found = []
        if people:
            index = build_index(people, self.common, self.allow_words, "PERSON")
            found += [Span(a, b, "PERSON", PROPAGATED_SCORE, "propagation")
                      for a, b, _ in index.find(text)]
        others = TermIndex()
        for s in spans:
            if s.entity_type in ("ORGANIZATION", "LOCATION"):
                frag = " ".join(text[s.start:s.end].split())
                if frag.lower() in self.allow_words:
                    continue
                others.add(frag, s.entity_type, case_sensitive=frag.lower() in self.common)
        found += [Span(a, b, etype, PROPAGATED_SCORE, "propagation")
                  for a, b, etype in others.find(text)]
        return found

    def detect_spans(self, text: str, engine_spans: list[Span]) -> list[Span]:
        spans = self._clean(text, engine_spans)
        spans += [Span(a, b, "PERSON", TITLED_SCORE, "titled-name")
                  for a, b in find_titled_names(text)]
        spans += [Span(a, b, etype, 0.9, "terms") for a, b, etype in self.terms.find(text)]
        spans += [Span(a, b, "PERSON", KNOWN_SCORE, "known-names")
                  for a, b, _ in self.known.find(text)]
        allowed = self._allowed_ranges(text)
        spans = subtract(spans, allowed)
        spans = resolve(spans)
        spans = subtract(resolve(spans + self._propagate(text, spans)), allowed)
        return spans

    def detect_many(self, texts: Sequence[str]) -> list[list[Span]]:
        return [self.detect_spans(t, s) for t, s in zip(texts, self.engine.detect_many(texts))]
