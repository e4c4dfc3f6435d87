"""Document-level detection: the engine's spans plus titled names, term lists and known names,
less allow-listed legal vocabulary, then every name found is looked for again everywhere.

>>> d = Detector.load()                                                    # doctest: +SKIP
>>> [(s.entity_type) for s in d.detect_many(["Mrs Patel rang. Patel cried."])[0]] # doctest: +SKIP
['PERSON', 'PERSON']
"""

from __future__ import annotations

from typing import Iterable, Sequence

import regex

from .chunking import keep_regions
from .engine import DetectionEngine
from .layout import unwrap
from .heuristics import (CAPITALISED, TOO_COMMON_NAMES, acts_like_person, join_adjacent_names,
                         join_capitalised, tidy_ner_span, unknown_words, word_names)
from .fuzzy import FuzzyNames
from .lexicon import Lexicon
from .truecase import TrueCaser
from .errors import DetectionError
from .names import build_index, find_titled_names, short_forms, title_words, titles
from .normalize import read
from .placeholders import OWN_PLACEHOLDER
from .public import public_pages
from .rules import RuleSet
from .spans import Ranges, Span, resolve, subtract
from .termindex import TermIndex
from .wordlists import (builtin_allow_list, common_words, rare_words, word_name_list,
                        word_surname_list)

TITLED_SCORE = 0.9
PROPAGATED_SCORE = 0.8
KNOWN_SCORE = 0.95

# our own placeholders and tags: never detected again (redaction is idempotent)
_PLACEHOLDER = regex.compile(OWN_PLACEHOLDER)
# rules that find a name by its setting ("call her Lan", "My supervisor, Frances,"): what they
# find is a name even when it is also a word, as with a title
_SETTING_RULES = frozenset({"rule:name_after_called", "rule:name_after_relation"})
_SHORT_NAME = regex.compile(r"(?<![\p{L}\p{N}'’.-])\p{Lu}\p{Ll}{2,4}(?![\p{L}\p{N}]|['’]\p{L}{2})")
_MONTH = regex.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")
_DURATION = regex.compile(r"(?i)^\W*(?:about |some |over |under |nearly |almost |the )?[\d\s,.]+"
                          r"(?:days?|weeks?|months?|years?|hours?|minutes?|decades?)\W*$")
_BARE_NUMBER = regex.compile(r"\s*\d{3,}\s*")
_DIGIT = regex.compile(r"\d")
_YEAR_ONLY = regex.compile(r"(?i)^\W*(?:the |in |since |by |from |until )?(?:\d{4}s?|\d{2}s|"
                           r"(?:early|mid|late)[- ]\d{4}s?)\W*$")


# last words that make a "person" an organisation or a street
_ORG_ENDINGS = frozenset("ltd limited plc llp llc inc solicitors chambers partners associates "
                         "trust council group services school academy college university "
                         "hospital clinic surgery practice bank foundation".split())
_STREET_ENDINGS = frozenset("road rd street st lane avenue close crescent drive way gardens "
                            "terrace grove square mews walk rise hill row parade".split())


# what a [[keep]] region (a cited authority, a statute's title) spares; identifiers, dates and
# contact details inside one are still redacted, and so are a firm's own names and terms
_KEEPABLE = frozenset({"PERSON", "NAME", "ORGANIZATION", "LOCATION"})
_ALWAYS = frozenset({"known-names", "terms"})


def _keep_date(text: str) -> bool:
    """A DATE span worth removing: an exact date, not a year, a duration or 'last spring'."""
    if _YEAR_ONLY.match(text) or _DURATION.match(text):
        return False
    if _BARE_NUMBER.fullmatch(text):  # a bare number is not a date ("00100")
        return False
    return bool(_DIGIT.search(text) or _MONTH.search(text))


class Detector:
    """Everything detection needs for one configuration, loaded once and reused."""

    def __init__(self, engine: DetectionEngine, rules: RuleSet,
                 known_names: Iterable[str] = (), fuzzy_names: bool = False) -> None:
        self.engine = engine
        self.rules = rules
        self.common = common_words()
        self.lexicon = Lexicon(self.common, rare_words())
        self.word_names = word_name_list()
        self.word_surnames = word_surname_list()

        allow = builtin_allow_list() + rules.allow
        # phrases ("Court of Appeal", "Children Act 1989") are cut out of any span; single
        # words ("Wednesbury") only stop a span that is nothing but that word, so a client
        # called Montgomery is still found
        self.allow_index = TermIndex()
        for term in allow:
            if len(term.split()) > 1:
                self.allow_index.add(term, "ALLOW")
        single = {t.lower(): t for t in allow if len(t.split()) == 1}
        self.allow_words = frozenset(single)
        self.truecaser = TrueCaser(self.lexicon, self._title_forms(), single,
                                   self.word_names, self.word_surnames)
        self.terms = TermIndex()
        for rule in rules.terms:
            for term in rule.terms:
                self.terms.add(term, rule.entity)
        known_names = list(known_names)
        # a firm's own names beat the built-in allow list (a client called Montgomery)
        self.known = build_index(known_names, self.lexicon.is_common, frozenset(), "PERSON")
        # one typo in the longer words of known names, if asked ("Quartermain")
        self.fuzzy = FuzzyNames(known_names, skip=self.common) if fuzzy_names else None
        self._titles = title_words()
        self.keep_rules = [k.as_pattern() for k in rules.keep]

    @staticmethod
    def _off_placeholders(text: str, marks: list[tuple[int, int]], spans: list[Span]
                          ) -> list[Span]:
        """Model guesses overlapping one of our placeholders, or glued to it with no space
        between ("Ej¦[handle]"), are dropped whole (idempotence)."""
        if not marks:
            return spans

        placed = Ranges(marks)

        def glued(s: Span) -> bool:
            for a, b in placed.around(s.start, s.end, slack=2):
                if a < s.end and s.start < b:
                    return True
                gap = text[s.end:a] if s.end <= a else text[b:s.start]
                if not any(c.isspace() or c.isalnum() for c in gap):
                    return True
            return False

        return [s for s in spans if s.source.startswith("rule:") or not glued(s)]

    def _clean(self, text: str, spans: list[Span]) -> list[Span]:
        out = []
        for s in spans:
            frag = text[s.start:s.end]
            if not frag.strip():
                continue
            if s.entity_type == "DATE" and not _keep_date(frag):
                continue
            if s.entity_type in ("PERSON", "ORGANIZATION", "LOCATION") and \
                    s.source.startswith("Spacy"):
                for t in tidy_ner_span(text, s, self._titles, self.lexicon, self.allow_words):
                    frag = text[t.start:t.end]
                    if (t.entity_type == "ORGANIZATION" and self._looks_like_person(frag)) or \
                            (t.entity_type in ("ORGANIZATION", "LOCATION") and
                             (self._lower_case_name(frag) or acts_like_person(text, t.end))):
                        t = Span(t.start, t.end, "PERSON", t.score, t.source)
                    elif t.entity_type == "PERSON":
                        last = frag.split()[-1].strip(".,").lower()
                        if last in _ORG_ENDINGS:  # "Pemberton Grey LLP"
                            t = Span(t.start, t.end, "ORGANIZATION", t.score, t.source)
                        elif last in _STREET_ENDINGS and len(frag.split()) > 1:
                            t = Span(t.start, t.end, "LOCATION", t.score, t.source)
                    out.append(t)
                continue
            out.append(s)
        return out

    @staticmethod
    def _title_forms() -> frozenset[str]:
        return frozenset(t.lower().rstrip(".") for t in titles() if " " not in t)

    def _lower_case_name(self, frag: str) -> bool:
        """Places and organisations are written with capitals; a lower-case 'place' of words
        no dictionary knows ("shannon ellis" in quick notes) is a person."""
        words = frag.split()
        return 1 <= len(words) <= 3 and frag.islower() and \
            not any(self.lexicon.is_listed(w) for w in words)

    def _looks_like_person(self, frag: str) -> bool:
        """The small model often calls an unfamiliar person's name an organisation: two or
        three capitalised words, none an ordinary word (or a first name that is one, as in
        "Faith Adewale"), are taken as a person."""
        words = frag.split()
        if not 2 <= len(words) <= 3 or not all(CAPITALISED.fullmatch(w) for w in words):
            return False
        rest = words[1:] if words[0] in self.word_names else words
        return not any(self.lexicon.is_listed(w) for w in rest)

    def _kept(self, text: str) -> list[tuple[int, int]]:
        """Regions the [[keep]] rules mark as public text (cited authorities, statutes)."""
        return [(a, b) for rule in self.keep_rules for a, b in keep_regions(rule, text)]

    @staticmethod
    def _cut(spans: list[Span], allowed: list[tuple[int, int]], kept: list[tuple[int, int]],
             text: str, marks: Sequence[tuple[int, int]] = ()) -> list[Span]:
        """Allow-listed phrases out of every span; our own placeholders (``marks``) out of
        every span but a firm's known names and terms, which are never cut by one (only a part
        of one of our labels, "Name" of "Name A", is not a name); kept regions out of
        name-like ones."""
        blocked = allowed + list(marks)
        own = [s for s in spans if s.source in _ALWAYS] if marks else []
        if own:
            placed = Ranges(list(marks))
            own = [s for s in own if not any(a <= s.start and s.end <= b
                                             for a, b in placed.around(s.start, s.end))]
            spans = sorted(subtract(own, allowed, text) + subtract(
                [s for s in spans if s.source not in _ALWAYS], blocked, text),
                key=lambda s: (s.start, s.end))
        else:
            spans = subtract(spans, blocked, text)
        if not kept:
            return spans
        spared = [s for s in spans if s.entity_type in _KEEPABLE and s.source not in _ALWAYS]
        if not spared:
            return spans
        others = [s for s in spans if s.entity_type not in _KEEPABLE or s.source in _ALWAYS]
        return sorted(others + subtract(spared, kept, text), key=lambda s: (s.start, s.end))

    def _propagate(self, text: str, spans: list[Span], lowered: bool = False,
                   caps: Sequence[tuple[int, int]] = ()) -> list[Span]:
        """Look for every found name again: its parts, initials, other case, next line.

        In all-lower-case notes a first name that is also a word ("rose" of "rose kavanagh")
        is looked for in lower case too, unless it is too common a word ("will", "may"); so
        it is in lines that were written in capitals (``caps``: "GRACE IS THE CEO")."""
        # unknown words are found everywhere already; a joined name ("Hope Adjei") still
        # lends its parts
        trusted = {text[s.start:s.end] for s in spans
                   if s.source in ("titled-name", "known-names", "terms") or
                   s.source in _SETTING_RULES}
        people = {text[s.start:s.end] for s in spans if s.entity_type == "PERSON" or
                  (s.entity_type == "NAME" and len(text[s.start:s.end].split()) > 1)} - trusted
        found = []
        for names, is_trusted in ((trusted, True), (people, False)):
            if names:
                index = build_index(names, self.lexicon.is_common, self.allow_words, "PERSON",
                                    trusted=is_trusted,
                                    lendable=self.word_names | self.word_surnames)
                found += [Span(a, b, "PERSON", PROPAGATED_SCORE, "propagation")
                          for a, b, _ in index.find(text)]
        if lowered or caps:
            loose = TermIndex()
            for s in spans:
                if s.entity_type in ("PERSON", "NAME"):
                    for w in text[s.start:s.end].split():
                        if (w in self.word_names or w in self.word_surnames) and \
                                w.lower() not in TOO_COMMON_NAMES:
                            loose.add(w, "PERSON")
            lines = Ranges(list(caps))
            found += [Span(a, b, "PERSON", PROPAGATED_SCORE, "propagation")
                      for a, b, _ in loose.find(text)
                      if lowered or any(x <= a and b <= y for x, y in lines.around(a, b))]
        found += self._nicknames(text, trusted | people)
        others = TermIndex()
        for s in spans:
            if s.entity_type in ("ORGANIZATION", "LOCATION"):
                frag = " ".join(text[s.start:s.end].split())
                if frag.lower() in self.allow_words:
                    continue
                others.add(frag, s.entity_type, case_sensitive=self.lexicon.is_common(frag))
        found += [Span(a, b, etype, PROPAGATED_SCORE, "propagation")
                  for a, b, etype in others.find(text)]
        return found

    def _nicknames(self, text: str, names: set[str]) -> list[Span]:
        """A short form of a found first name, written on its own: "Dom" of "Dominic
        Halloran", "Chris" of "Christopher Nolan". Only unusual words count this way; an
        ordinary one ("Will" of "William") is left to the word-name rules."""
        firsts = {toks[0] for toks in (n.split() for n in names) if len(toks) > 1 and
                  len(toks[0]) >= 5 and toks[0][:1].isupper()}
        # only forms _SHORT_NAME can find, of five letters at most (a first "name" may be a
        # run of thousands of letters)
        shorts = {short for f in firsts for short in short_forms(f, longest=5)}
        if not shorts:
            return []
        out = []
        for m in _SHORT_NAME.finditer(text):
            w = m.group()
            if w in shorts and (not self.lexicon.is_common(w) or w in self.word_names):
                out.append(Span(m.start(), m.end(), "PERSON", PROPAGATED_SCORE, "propagation"))
        return out

    def detect_spans(self, text: str, engine_spans: list[Span], lowered: bool = False,
                     caps: Sequence[tuple[int, int]] = ()) -> list[Span]:
        spans = self._clean(text, engine_spans)
        # a model guess overlapping a pattern finding ("x@example.museum today") keeps only
        # what lies outside the pattern, and only if that still looks like a name
        exact = [(s.start, s.end) for s in spans if not s.source.startswith("Spacy")]
        spans = [s for s in spans if not s.source.startswith("Spacy")] + subtract(
            [s for s in spans if s.source.startswith("Spacy")], exact, text)
        spans += [Span(a, b, "PERSON", TITLED_SCORE, "titled-name")
                  for a, b in find_titled_names(text)]
        # our own placeholders: never detected again, and cut out of every span
        marks = [m.span() for m in _PLACEHOLDER.finditer(text)]
        spans = self._off_placeholders(text, marks, spans)
        spans += [Span(a, b, etype, 0.9, "terms") for a, b, etype in self.terms.find(text)]
        spans += [Span(a, b, "PERSON", KNOWN_SCORE, "known-names")
                  for a, b, _ in self.known.find(text)]
        if self.fuzzy:
            spans += [Span(a, b, "PERSON", KNOWN_SCORE, "known-names")
                      for a, b in self.fuzzy.find(text)]
        allowed = [(a, b) for a, b, _ in self.allow_index.find(text)] + public_pages(text)
        kept = self._kept(text)

        def cut(found: list[Span]) -> list[Span]:
            return self._cut(found, allowed, kept, text, marks)

        spans = resolve(cut(spans))
        skip = self._titles | self.allow_words
        spans = resolve(spans + cut(unknown_words(text, spans, self.lexicon, skip)))
        spans = resolve(spans + cut(word_names(text, spans, self.word_names)))
        spans = join_adjacent_names(text, resolve(join_capitalised(text, spans, self.lexicon,
                                                                   skip)))
        return cut(resolve(spans + self._propagate(text, spans, lowered, caps)))

    def detect_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """Spans for each text, as offsets into it. Detection reads the text's normalised
        reading (obfuscation undone: balint_redact.normalize), and of that a same-length copy
        with lower-case notes and ALL-CAPS lines given ordinary casing."""
        try:
            readings = [read(t) for t in texts]
            return [r.spans_back(found) for r, found in
                    zip(readings, self._detect_read([r.text for r in readings]))]
        except DetectionError:
            raise
        except Exception as exc:  # any step failing: fail closed, name the kind only
            raise DetectionError(f"detection failed ({type(exc).__name__}); "
                                 "no output was written for this input") from None

    def _detect_read(self, texts: Sequence[str]) -> list[list[Span]]:
        """detect_many on readings: spans as offsets into them."""
        lowered = [self.truecaser.all_lower(t) for t in texts]
        cased = [self.truecaser(t, low) for t, low in zip(texts, lowered)]
        recased = [i for i, (t, c) in enumerate(zip(texts, cased)) if t != c]
        caps = {i: self.truecaser.caps_lines(texts[i]) for i in recased if not lowered[i]}
        # ... and hard-wrapped lines joined
        reading = [unwrap(c) for c in cased]
        found = [self.detect_spans(c, s, lowered=low, caps=caps.get(i, ()))
                 for i, (c, s, low) in enumerate(zip(reading,
                                                     self.engine.detect_many(reading),
                                                     lowered))]
        # recall first: what the original casing shows counts too — the whole text for
        # lower-case notes, only the ALL-CAPS lines otherwise
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
        for i in recased:
            lines = caps.get(i, [])
            if not lines or sum(b - a for a, b in lines) * 2 > len(texts[i]):
                pieces.append((i, 0, texts[i]))  # mostly lower case or mostly capitals
            else:
                pieces += [(i, a, texts[i][a:b]) for a, b in lines]
        extra: dict[int, list[Span]] = {}
        for (i, offset, piece), spans in zip(
                pieces, self.engine.detect_many([p for _, _, p in pieces])):
            extra.setdefault(i, []).extend(
                Span(s.start + offset, s.end + offset, s.entity_type, s.score, s.source)
                for s in self.detect_spans(piece, spans))
        for i, spans in extra.items():
            found[i] = resolve(found[i] + spans)
        return found
