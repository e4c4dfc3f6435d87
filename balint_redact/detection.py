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
from .fuzzy import FuzzyNames
from .lexicon import Lexicon
from .truecase import TrueCaser
from .errors import DetectionError
from .names import build_index, find_titled_names, title_words, titles
from .rules import RuleSet
from .spans import Span, resolve, subtract
from .termindex import TermIndex

TITLED_SCORE = 0.9
PROPAGATED_SCORE = 0.8
KNOWN_SCORE = 0.95

# our own placeholders and tags: never detected again (redaction is idempotent)
_PLACEHOLDER = regex.compile(
    r"(?<!\p{L})(?:Person|Organisation|Place|Address|Name) [A-Z]{1,3}(?!\p{L})"
    r"|\[[a-zA-Z][a-zA-Z ]{1,30}\]|\*{3,}")
_MONTH = regex.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")
_DURATION = regex.compile(r"(?i)^\W*(?:about |some |over |under |nearly |almost |the )?[\d\s,.]+"
                          r"(?:days?|weeks?|months?|years?|hours?|minutes?|decades?)\W*$")
_YEAR_ONLY = regex.compile(r"(?i)^\W*(?:the |in |since |by |from |until )?(?:\d{4}s?|\d{2}s|"
                           r"(?:early|mid|late)[- ]\d{4}s?)\W*$")


def _model_lines(package: str, name: str) -> tuple[str, ...]:
    """Non-comment lines of a shipped data file; a missing file fails closed."""
    try:
        text = resources.files(package).joinpath(name).read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        raise DetectionError(f"detection data {name} is missing from the installation; "
                             "reinstall balint-redact. Nothing was redacted.") from None
    return tuple(s for s in (ln.strip() for ln in text.splitlines())
                 if s and not s.startswith("#"))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Ordinary lower-case English words (models/words/common_words.txt + extra_words.txt)."""
    return frozenset(_model_lines("balint_redact.models.words", "common_words.txt")
                     + _model_lines("balint_redact.models.words", "extra_words.txt"))


@lru_cache(maxsize=1)
def rare_words() -> frozenset[str]:
    """Rarer genuine words, trusted only in lower case (models/words/rare_words.txt)."""
    return frozenset(_model_lines("balint_redact.models.words", "rare_words.txt"))


@lru_cache(maxsize=1)
def word_name_list() -> frozenset[str]:
    """First names that are also ordinary words (models/words/word_names.txt)."""
    return frozenset(_model_lines("balint_redact.models.words", "word_names.txt"))


@lru_cache(maxsize=1)
def word_surname_list() -> frozenset[str]:
    """Surnames that are also ordinary words (models/words/word_surnames.txt)."""
    return frozenset(_model_lines("balint_redact.models.words", "word_surnames.txt"))


@lru_cache(maxsize=1)
def builtin_allow_list() -> tuple[str, ...]:
    """Legal vocabulary that looks like names and must stay (models/allow_list.txt)."""
    return _model_lines("balint_redact.models", "allow_list.txt")


# layout breaks an NER span must not cross: blank lines, column gaps, dotted leaders
_LAYOUT_BREAK = regex.compile(r"\n[ \t]*\n|[ \t]{3,}|\.{3,}|…|_{3,}|={3,}")
_EDGE_WORDS = frozenset(
    "the a an and or of by for in at to through versus vs v ors anr petitioner petitioners "
    "respondent respondents appellant appellants applicant applicants claimant claimants "
    "defendant defendants coram adv advs advocate advocates counsel hon'ble hon'ble honourable "
    "learned ld late dr mr mrs ms miss sri shri smt & , -".split())
# words that, on their own, name no particular organisation
_GENERIC_BODIES = frozenset(
    "state government department ministry commission commissioner office court courts bench "
    "division jurisdiction appellate original civil criminal public prosecutor prosecution "
    "examiner municipal administration revenue central excise local information election "
    "prohibition education police committee cabinet union national high supreme district "
    "session sessions registry tribunal authority board secretariat directorate general "
    "additional chief principal senior junior judicial magistrate magistrates legal services "
    "respondent respondents petitioner petitioners appellant appellants page no nos lordships "
    "lordship hon'ble honble s".split())
_EDGE_TOKEN = regex.compile(r"[^\s]+")


def _sentence_start(text: str, pos: int, marks: str = ".!?:;\n") -> bool:
    before = text[max(0, pos - 3):pos].rstrip(" \t\"“'‘(*_#-")
    return not before or before[-1] in marks


def tidy_ner_span(text: str, span: Span, titles: frozenset[str], lexicon: Lexicon,
                  allow: frozenset[str]) -> list[Span]:
    """Cut an NER span at layout breaks, strip role and title words from its edges, and drop
    what is left if it is a lone ordinary word ("Court", "State", "The").

    Ordinary words at the edges are not part of a name either: a lower-case one at the end
    ("Amina rang") or a capitalised one opening a sentence ("Later Mrs P")."""
    out = []
    pos = span.start
    pieces = []
    for m in _LAYOUT_BREAK.finditer(text, span.start, span.end):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, span.end))
    for a, b in pieces:
        toks = [(m.start(), m.end()) for m in _EDGE_TOKEN.finditer(text, a, b)]

        def edge(t: tuple[int, int]) -> bool:
            w = text[t[0]:t[1]].strip(".,;:()[]'\"").lower()
            return not w or w in _EDGE_WORDS or w in titles

        def word(t: tuple[int, int]) -> str:
            return text[t[0]:t[1]].strip(".,;:()[]'\"“”‘’!?")

        changed = True
        while toks and changed:
            changed = False
            while toks and edge(toks[0]):
                toks.pop(0)
                changed = True
            while toks and edge(toks[-1]):
                toks.pop()
                changed = True
            if len(toks) > 1 and word(toks[-1])[:1].islower() and \
                    lexicon.is_common(word(toks[-1])):
                toks.pop()
                changed = True
            if len(toks) > 1 and _sentence_start(text, toks[0][0]) and \
                    lexicon.is_common(word(toks[0])):
                toks.pop(0)
                changed = True
        if not toks:
            continue
        start, end = toks[0][0], toks[-1][1]
        while end > start and text[end - 1] in ".,;:(":
            end -= 1
        frag = text[start:end]
        if not regex.search(r"\p{L}", frag):
            continue
        words = [w.lower() for w in regex.findall(r"\p{L}+", frag)]
        if span.entity_type == "ORGANIZATION" and all(
                w in _GENERIC_BODIES or w in _EDGE_WORDS for w in words):
            continue  # "State Government", "Division Bench": no particular body
        if span.entity_type in ("ORGANIZATION", "LOCATION") and len(words) > 1 and \
                any(len(w) == 1 for w in words) and \
                all(len(w) == 1 or lexicon.is_common(w) for w in words):
            continue  # "Schedule C", "Part B": a label, not a name
        if len(toks) == 1:
            low = frag.strip(".,;:()'\"").lower()
            if lexicon.is_listed(low) or low in allow or low in titles:
                continue
        out.append(Span(start, end, span.entity_type, span.score, span.source))
    return out


def _keep_date(text: str) -> bool:
    """A DATE span worth removing: an exact date, not a year, a duration or 'last spring'."""
    if _YEAR_ONLY.match(text) or _DURATION.match(text):
        return False
    return bool(regex.search(r"\d", text) or _MONTH.search(text))


_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}'’]*)*")
_CAPITALISED = regex.compile(r"\p{Lu}[\p{L}\p{M}'’-]*")
UNKNOWN_SCORE = 0.6
WORD_NAME_SCORE = 0.5
# first names too common as words to chase in lower-case notes
_TOO_COMMON_NAMES = frozenset("will may mark bill guy art max chip chuck gift happy lucky star "
                              "storm river brook forest ocean summer autumn sky honey angel chase "
                              "grant drew miles rod bud sandy rusty norm reg can pat".split())


def unknown_words(text: str, spans: list[Span], lexicon: Lexicon, skip: frozenset[str]
                  ) -> list[Span]:
    """Words no dictionary knows and no recognizer claimed: in a write-up these are nearly
    always names ("rang gareth", "Tiny", "Adjei"). Acronyms, abbreviations and allow-listed
    terms are left alone. Adjacent capitalised words join the name ("Hope Adjei")."""
    taken = sorted((s.start, s.end) for s in spans)
    out: list[Span] = []
    j = 0
    n = len(text)
    for m in _WORD.finditer(text):
        a, b = m.span()
        while j < len(taken) and taken[j][1] <= a:
            j += 1
        if j < len(taken) and taken[j][0] < b:
            continue
        w = m.group()
        for suffix in ("'s", "’s", "'", "’"):
            if w.endswith(suffix) and len(w) > len(suffix) + 1:
                w, b = w[: -len(suffix)], b - len(suffix)
                break
        if len(w) < 3:  # "Rs", "Vs", "Sc": two-letter words are abbreviations far more often
            continue
        if (w.isupper() and len(w) <= 4) or w.lower() in skip or lexicon.is_word(w):
            continue
        # abbreviation chains such as "Cr.P.C." or "W.P." are not names
        if (b < n and text[b] == "." and b + 1 < n and text[b + 1].isalpha()) or \
                (a >= 2 and text[a - 1] == "." and text[a - 2].isalpha()):
            continue
        out.append(Span(a, b, "NAME", UNKNOWN_SCORE, "unknown-word"))
    return out


_DETERMINERS = frozenset("the a an this that these those his her my our their your its no any "
                         "every some each another".split())


def word_names(text: str, spans: list[Span], names: frozenset[str]) -> list[Span]:
    """First names that are also words ("Faith", "Rob", "Rio"), capitalised in the middle of
    a sentence and not after a determiner ("the Will" is a document)."""
    taken = [(s.start, s.end) for s in spans]
    out = []
    for m in _CAPITALISED.finditer(text):
        w = m.group()
        for suffix in ("'s", "’s"):
            if w.endswith(suffix):
                w = w[: -len(suffix)]
        if w not in names or _sentence_start(text, m.start(), ".!?\n"):
            continue
        before = regex.search(r"(\p{L}+)\W*$", text[max(0, m.start() - 20):m.start()])
        if before and before.group(1).lower() in _DETERMINERS:
            continue
        a, b = m.start(), m.start() + len(w)
        if any(x < b and a < y for x, y in taken):
            continue
        out.append(Span(a, b, "PERSON", WORD_NAME_SCORE, "word-name"))
    return out


def join_capitalised(text: str, spans: list[Span], lexicon: Lexicon, skip: frozenset[str]
                     ) -> list[Span]:
    """Grow PERSON and NAME spans over capitalised neighbours on the same line that are not
    titles or role words ("Hope" before "Adjei")."""
    out = []
    for s in spans:
        if s.entity_type not in ("PERSON", "NAME"):
            out.append(s)
            continue
        start, end = s.start, s.end
        while True:
            m = regex.search(r"(?:^|(.)[ \t])(\p{Lu}[\p{L}\p{M}'’-]*)[ \t]$",
                             text[max(0, start - 40):start])
            if not m or not m.group(1) or m.group(2).lower() in skip or \
                    m.group(2).lower() in _EDGE_WORDS:
                break
            # a capitalised ordinary word at the start of a sentence or line is not a name
            if m.group(1) in ".!?:;\n\"“" and lexicon.is_common(m.group(2)):
                break
            start -= len(m.group(2)) + 1
        while True:
            m = _CAPITALISED.match(text, end + 1) if text[end:end + 1] in (" ", "\t") else None
            if not m or m.group().lower() in skip or m.group().lower() in _EDGE_WORDS or \
                    m.group() == "I":
                break
            end = m.end()
            for suffix in ("'s", "’s"):
                if text[:end].endswith(suffix):
                    end -= len(suffix)
        out.append(Span(start, end, s.entity_type, s.score, s.source))
    return out


# verbs that a place or an organisation does not do: "Nadia tried", "Halina wrote"
_PERSON_VERBS = frozenset(
    "said says told tells asked asks rang rings cried tried tries felt feels thought thinks "
    "wanted wants wrote writes replied shouted laughed smiled admitted agreed refused insisted "
    "explained apologised apologized sobbed whispered nodded sighed hugged texted emailed "
    "phoned shrugged screamed panicked confided".split())


def _acts_like_person(text: str, end: int) -> bool:
    m = regex.match(r"(?:['’]s\b)?\s+(?:had\s+|has\s+|then\s+|just\s+)?(\p{Ll}+)", text[end:end + 40])
    return bool(m) and m.group(1) in _PERSON_VERBS


def join_adjacent_names(text: str, spans: list[Span]) -> list[Span]:
    """Two name spans one space apart are one name ("gary" "pritchard" → "gary pritchard")."""
    out: list[Span] = []
    for s in spans:
        prev = out[-1] if out else None
        if prev and prev.entity_type in ("PERSON", "NAME") and \
                s.entity_type in ("PERSON", "NAME") and text[prev.end:s.start] == " ":
            etype = "PERSON" if "PERSON" in (prev.entity_type, s.entity_type) else "NAME"
            out[-1] = Span(prev.start, s.end, etype, max(prev.score, s.score), prev.source)
        else:
            out.append(s)
    return out


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
        self.allow_words = frozenset(t.lower() for t in allow if len(t.split()) == 1)
        self.truecaser = TrueCaser(self.lexicon, self._title_forms(),
                                   {t.lower(): t for t in allow if len(t.split()) == 1},
                                   self.word_names, word_surname_list())
        self.terms = TermIndex()
        for rule in rules.terms:
            for term in rule.terms:
                self.terms.add(term, rule.entity)
        known_names = list(known_names)
        self.known = build_index(known_names, self.lexicon.is_common, self.allow_words, "PERSON")
        # one typo in the longer words of known names, if asked ("Quartermain")
        self.fuzzy = FuzzyNames(known_names, skip=self.common) if fuzzy_names else None
        self._titles = title_words()

    def _allowed_ranges(self, text: str) -> list[tuple[int, int]]:
        ranges = [(s, e) for s, e, _ in self.allow_index.find(text)]
        ranges += [m.span() for m in _PLACEHOLDER.finditer(text)]
        return ranges

    @staticmethod
    def _off_placeholders(text: str, spans: list[Span]) -> list[Span]:
        """Model guesses touching one of our placeholders are dropped whole (idempotence)."""
        marks = [m.span() for m in _PLACEHOLDER.finditer(text)]
        if not marks:
            return spans
        return [s for s in spans if s.source.startswith("rule:") or
                not any(a < s.end and s.start < b for a, b in marks)]

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
                             (self._lower_case_name(frag) or _acts_like_person(text, t.end))):
                        t = Span(t.start, t.end, "PERSON", t.score, t.source)
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
        if not 2 <= len(words) <= 3 or not all(_CAPITALISED.fullmatch(w) for w in words):
            return False
        rest = words[1:] if words[0] in self.word_names else words
        return not any(self.lexicon.is_listed(w) for w in rest)

    def _propagate(self, text: str, spans: list[Span], lowered: bool = False) -> list[Span]:
        """Look for every found name again: its parts, initials, other case, next line.

        In all-lower-case notes a first name that is also a word ("rose" of "rose kavanagh")
        is looked for in lower case too, unless it is too common a word ("will", "may")."""
        # unknown words are found everywhere already; a joined name ("Hope Adjei") still
        # lends its parts
        trusted = {text[s.start:s.end] for s in spans
                   if s.source in ("titled-name", "known-names", "terms")}
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
        if lowered:
            loose = TermIndex()
            for s in spans:
                if s.entity_type in ("PERSON", "NAME"):
                    for w in text[s.start:s.end].split():
                        if (w in self.word_names or w in self.word_surnames) and \
                                w.lower() not in _TOO_COMMON_NAMES:
                            loose.add(w, "PERSON")
            found += [Span(a, b, "PERSON", PROPAGATED_SCORE, "propagation")
                      for a, b, _ in loose.find(text)]
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

    def detect_spans(self, text: str, engine_spans: list[Span], lowered: bool = False
                     ) -> list[Span]:
        spans = self._clean(text, engine_spans)
        # a model guess overlapping a pattern finding ("x@example.museum today") keeps only
        # what lies outside the pattern, and only if that still looks like a name
        exact = [(s.start, s.end) for s in spans if not s.source.startswith("Spacy")]
        spans = [s for s in spans if not s.source.startswith("Spacy")] + subtract(
            [s for s in spans if s.source.startswith("Spacy")], exact, text)
        spans += [Span(a, b, "PERSON", TITLED_SCORE, "titled-name")
                  for a, b in find_titled_names(text)]
        spans = self._off_placeholders(text, spans)
        spans += [Span(a, b, etype, 0.9, "terms") for a, b, etype in self.terms.find(text)]
        spans += [Span(a, b, "PERSON", KNOWN_SCORE, "known-names")
                  for a, b, _ in self.known.find(text)]
        if self.fuzzy:
            spans += [Span(a, b, "PERSON", KNOWN_SCORE, "known-names")
                      for a, b in self.fuzzy.find(text)]
        allowed = self._allowed_ranges(text)
        spans = subtract(spans, allowed, text)
        spans = resolve(spans)
        skip = self._titles | self.allow_words
        spans = resolve(spans + subtract(unknown_words(text, spans, self.lexicon, skip),
                                         allowed, text))
        spans = resolve(spans + subtract(word_names(text, spans, self.word_names), allowed,
                                         text))
        spans = join_adjacent_names(text, resolve(join_capitalised(text, spans, self.lexicon,
                                                                   skip)))
        spans = subtract(resolve(spans + self._propagate(text, spans, lowered)), allowed, text)
        return spans

    def detect_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """Spans for each text. Detection reads a same-length copy with lower-case notes and
        ALL-CAPS lines given ordinary casing; the offsets hold for the original."""
        try:
            cased = [self.truecaser(t) for t in texts]
            recased = [i for i, (t, c) in enumerate(zip(texts, cased)) if t != c]
            found = [self.detect_spans(c, s, lowered=self.truecaser.all_lower(t))
                     for t, c, s in zip(texts, cased, self.engine.detect_many(cased))]
            # recall first: what the original casing shows counts too — the whole text for
            # lower-case notes, only the ALL-CAPS lines otherwise
            pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
            for i in recased:
                lines = [] if self.truecaser.all_lower(texts[i]) else \
                    self.truecaser.caps_lines(texts[i])
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
        except DetectionError:
            raise
        except Exception as exc:  # any step failing: fail closed, name the kind only
            raise DetectionError(f"detection failed ({type(exc).__name__}); "
                                 "no output was written for this input") from None
