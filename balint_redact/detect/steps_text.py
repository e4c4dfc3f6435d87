"""The stages that prepare a text and gather its first candidates: the reading, casing,
unwrapping, the model, tidying the model's guesses, titled names, our own placeholders, a
firm's lookups, and the protected regions (allow list, public pages, [[keep]] rules)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from .heuristics import (CAPITALISED, acts_like_person, court_venues, named_as_person,
                         tidy_ner_span)
from ..text.layout import unwrap as unwrap_text
from ..text.names import find_titled_names
from ..text.normalize import read
from ..render.placeholders import OWN_PLACEHOLDER
from .public import STATUTE, public_pages, statute_titles
from ..text.spans import NAME_TYPES, Ranges, Span, resolve, subtract
from ..text.wordlists import word_list, word_pattern
from .document import Document
from .given import dataset_names

if TYPE_CHECKING:
    from .resources import Resources

TITLED_SCORE = 0.9
KNOWN_SCORE = 0.95
TERM_SCORE = 0.9

# our own placeholders and tags: never detected again (redaction is idempotent)
_PLACEHOLDER = regex.compile(OWN_PLACEHOLDER)
_MONTH = regex.compile(rf"(?i)\b{word_pattern('month_abbreviations')}[a-z]*\b")
_DURATION = regex.compile(rf"(?i)^\W*(?:{word_pattern('duration_leads')} )?[\d\s,.+-]+"
                          r"(?:(?:working|calendar|clear|business|school)\s+)?"
                          rf"{word_pattern('time_units')}\W*$")
# a school year ("Year 3") is a class, not a date
_SCHOOL_YEAR = regex.compile(r"(?i)^\W*year\s+\d{1,2}\W*$")
# what makes a candidate with digits a date: a month, digits with a date's separators, a year
_DATE_SHAPE = regex.compile(r"\d{1,4}[/.-]\d{1,2}|(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")
_DATE_WORD = regex.compile(r"\p{L}+")
_MONTHS = word_list("month_names")
_NAME_MONTHS = word_list("given_name_months")
_MONTH_LEADS = word_list("month_leads")
_WEEKDAYS = word_list("weekdays")
_ORDINALS = word_list("ordinal_words")
_WORD_BEFORE = regex.compile(r"(\p{L}+)[ \t]+$")
_BARE_NUMBER = regex.compile(r"\s*\d{3,}\s*")
_DIGIT = regex.compile(r"\d")
_YEAR_ONLY = regex.compile(rf"(?i)^\W*(?:{word_pattern('year_leads')} )?(?:\d{{4}}s?|\d{{2}}s|"
                           r"(?:early|mid|late)[- ]\d{4}s?)\W*$")

# what a [[keep]] region (a cited authority, a statute's title) spares; identifiers, dates and
# contact details inside one are still redacted, and so are a firm's own names and terms
ALWAYS = frozenset({"known-names", "terms"})


def keep_date(text: str) -> bool:
    """A DATE span worth removing: an exact date, not a year, a duration or 'last spring'."""
    if _YEAR_ONLY.match(text) or _DURATION.match(text) or _SCHOOL_YEAR.match(text):
        return False
    if _BARE_NUMBER.fullmatch(text):  # a bare number is not a date ("00100")
        return False
    return bool(_DIGIT.search(text) or _MONTH.search(text))


def month_alone(text: str, start: int, end: int) -> bool:
    """Whether the date candidate text[start:end] is a month on its own — no day, ordinal or
    year ("March", "the May", "last June") — and the month is no name there: a month that is
    also a given name ("June", "May") counts only in a time's setting ("in June", "the May
    list"), never before a person's verb ("June rang")."""
    frag = text[start:end]
    if _DIGIT.search(frag):
        return False
    words = [w.lower() for w in _DATE_WORD.findall(frag)]
    months = [w for w in words if w in _MONTHS]
    if len(months) != 1 or any(w not in _MONTHS and w not in _MONTH_LEADS and
                               w not in _WEEKDAYS for w in words) or \
            any(w in _ORDINALS for w in words):
        return False
    if months[0] not in _NAME_MONTHS:
        return True
    if acts_like_person(text, end):
        return False
    if words[0] != months[0]:  # "last June", "the May"
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return bool(before) and before.group(1).lower() in _MONTH_LEADS


def date_pieces(text: str, span: Span, names: frozenset[str] = frozenset()) -> list[Span]:
    """A date candidate as the exact dates in it: cut at line breaks, a weekday before the
    date left out ("Monday 7 October 2024" → "7 October 2024"), and a month alone, a year,
    a duration or a vague time dropped. A line of it that is one of ``names`` (first names
    that are also words: "Summer" under a date heading) stays, as a person (recall first)."""
    out = []
    for piece in regex.finditer(r"[^\n]+", text[span.start:span.end]):
        a, b = span.start + piece.start(), span.start + piece.end()
        while b > a and text[b - 1] in " \t*_":
            b -= 1
        while a < b and text[a] in " \t*_":
            a += 1
        first = _DATE_WORD.match(text, a, b)
        if first and first.group().lower() in _WEEKDAYS and \
                _DIGIT.search(text, first.end(), b):
            a = first.end()
            while a < b and not text[a].isalnum():
                a += 1
        frag = text[a:b]
        word = _DATE_WORD.match(frag)
        if word and word.group() in names and a > span.start:
            out.append(Span(a, a + word.end(), "PERSON", span.score, span.source))
            continue
        if not frag.strip() or not keep_date(frag) or month_alone(text, a, b):
            continue
        if not _MONTH.search(frag) and not _DATE_SHAPE.search(frag):
            continue  # "Respondent 4", "Articles - 72": a number, no date
        out.append(Span(a, b, span.entity_type, span.score, span.source))
    return out


def reading(res: "Resources", doc: Document) -> None:
    """The normalised reading: obfuscation undone, with a map back to the text."""
    doc.reading = read(doc.text)
    doc.read = doc.work = doc.reading.text


def casing(res: "Resources", doc: Document) -> None:
    """Lower-case notes and ALL-CAPS lines given ordinary casing, and a lower-case title
    with its name in a text otherwise written with capitals ("(mr stone)"); same length."""
    doc.lowered = res.truecaser.all_lower(doc.read)
    cased = res.truecaser(doc.read, doc.lowered)
    if cased != doc.read:  # our own placeholders keep their casing ("DJ Person A" in notes)
        for m in _PLACEHOLDER.finditer(doc.read):
            cased = cased[:m.start()] + m.group() + cased[m.end():]
    doc.recased = cased != doc.read
    if doc.recased and not doc.lowered:
        doc.caps = res.truecaser.caps_lines(doc.read)
    doc.work = cased if doc.lowered else res.truecaser.titled(cased)


def unwrap(res: "Resources", doc: Document) -> None:
    """Hard-wrapped lines joined (same length: the breaks become spaces)."""
    doc.work = unwrap_text(doc.work)


def model(res: "Resources", docs: list[Document]) -> None:
    """The engine (spaCy NER and the pattern rules through Presidio), one batch for all."""
    for doc, spans in zip(docs, res.engine.detect_many([d.work for d in docs])):
        doc.spans = spans


@lru_cache(maxsize=4)
def given_forms(res: "Resources") -> frozenset[str]:
    """First names and nicknames, first names that are also words and the world's given
    names the dictionary holds ("Mo", "Lan"): built once per Resources (the union took
    0.03 ms, made for each of the model's names: 0.3 s a MB)."""
    return dataset_names() | res.word_names | word_list("world_given_names")


def tidy_model(res: "Resources", doc: Document) -> None:
    """Vague dates dropped; the model's names trimmed of edge words and given the type their
    shape shows ("Pemberton Grey LLP" an organisation, "Faith Adewale" a person)."""
    text, out = doc.work, []
    org_endings, street_endings = word_list("org_endings"), word_list("street_suffixes")
    for s in doc.spans:
        frag = text[s.start:s.end]
        if not frag.strip():
            continue
        if s.entity_type == "DATE" and s.source.startswith("Spacy"):
            out += date_pieces(text, s, res.word_names)
            continue
        if s.entity_type == "DATE" and not keep_date(frag):
            continue
        if s.entity_type in ("PERSON", "ORGANIZATION", "LOCATION") and \
                s.source.startswith("Spacy"):
            for t in tidy_ner_span(text, s, res._titles, res.lexicon, res.allow_words,
                                   given_forms(res)):
                frag = text[t.start:t.end]
                given = _given_before(res, text, t)
                if given is not None:  # "Precious Nwachukwu", the model's "Nwachukwu" a firm
                    t = Span(given, t.end, "PERSON", t.score, t.source)
                elif (t.entity_type == "ORGANIZATION" and res.looks_like_person(frag)) or \
                        (t.entity_type in ("ORGANIZATION", "LOCATION") and
                         (res.lower_case_name(frag) or acts_like_person(text, t.end) or
                          named_as_person(text, t.start, frag))):
                    t = Span(t.start, t.end, "PERSON", t.score, t.source)
                elif t.entity_type == "PERSON":
                    last = frag.split()[-1].strip(".,").lower()
                    if last in org_endings:  # "Pemberton Grey LLP"
                        t = Span(t.start, t.end, "ORGANIZATION", t.score, t.source)
                    elif last in street_endings and len(frag.split()) > 1:
                        t = Span(t.start, t.end, "LOCATION", t.score, t.source)
                out.append(_whole_compound(text, t))
            continue
        out.append(s)
    doc.spans = out


#: a capitalised word and one space, ending where a span of the model begins
_FIRST_BEFORE = regex.compile(r"(?<![\p{L}\p{M}\p{N}'’.-])\p{Lu}[\p{Ll}\p{M}]+ $")


def _given_before(res: "Resources", text: str, span: Span) -> int | None:
    """Where a person's name begins when the model took only its surname for a firm: one
    capitalised word no dictionary lists, right after a capitalised first name ("Precious
    Nwachukwu", "Hope Adjei"; a first name that is also a word counts, as at the start of
    a sentence). None otherwise ("Visit Nwachukwu", "Barclays"; a place's "Little
    Shelford")."""
    if span.entity_type != "ORGANIZATION":
        return None
    frag = text[span.start:span.end]
    if not CAPITALISED.fullmatch(frag) or res.lexicon.is_listed(frag):
        return None
    m = _FIRST_BEFORE.search(text, max(0, span.start - 30), span.start)
    if m is None:
        return None
    first = m.group()[:-1]
    if first not in given_forms(res) or first.lower() in res._titles:
        return None
    return m.start()


#: the rest of a hyphenated name the model's tokens cut at a hyphen, ending capitalised
_COMPOUND_REST = regex.compile(r"(?:-[\p{L}\p{M}'’]+)*-\p{Lu}[\p{L}\p{M}'’]*(?![\p{L}\p{N}-])")


#: a short lower-case syllable after a hyphen: the end of a given name of two syllables
_SYLLABLE_REST = regex.compile(r"-(?P<syl>\p{Ll}{2,4})(?![\p{L}\p{N}'’-])")


def _whole_compound(text: str, span: Span) -> Span:
    """A name the model ended at a hyphen taken with the rest of its compound when that
    ends capitalised ("Llanfihangel" of "Llanfihangel-nant-Melan", "Stratford" of
    "Stratford-upon-Avon"), or a person's with a short syllable ("Kwok" of "Kwok-wing",
    "Ji" of "Ji-hoon"); "Leeds-based" and "Labour-led" stay as they are."""
    m = _COMPOUND_REST.match(text, span.end)
    if m is None and span.entity_type == "PERSON":
        m = _SYLLABLE_REST.match(text, span.end)
        if m and m.group("syl") in word_list("hyphen_suffixes"):
            m = None
    return Span(span.start, m.end(), span.entity_type, span.score, span.source) if m else span


def patterns_first(res: "Resources", doc: Document) -> None:
    """A model guess overlapping a pattern finding ("x@example.museum today") keeps only
    what lies outside the pattern."""
    spans = doc.spans
    exact = [(s.start, s.end) for s in spans if not s.source.startswith("Spacy")]
    doc.spans = [s for s in spans if not s.source.startswith("Spacy")] + subtract(
        [s for s in spans if s.source.startswith("Spacy")], exact, doc.work)


def titled_names(res: "Resources", doc: Document) -> None:
    """Names after a title: "Mrs Patel", "DJ Okafor"."""
    doc.spans = doc.spans + [Span(a, b, "PERSON", TITLED_SCORE, "titled-name")
                             for a, b in find_titled_names(doc.work)]


def placeholders(res: "Resources", doc: Document) -> None:
    """Our own placeholders found (never detected again); model guesses overlapping one, or
    glued to it with no space between ("Ej¦[handle]"), are dropped whole (idempotence)."""
    text = doc.work
    doc.marks = [m.span() for m in _PLACEHOLDER.finditer(text)]
    if not doc.marks:
        return
    placed = Ranges(doc.marks)

    def glued(s: Span) -> bool:
        for a, b in placed.around(s.start, s.end, slack=2):
            if a < s.end and s.start < b:
                return True
            gap = text[s.end:a] if s.end <= a else text[b:s.start]
            if not any(c.isspace() or c.isalnum() for c in gap):
                return True
        return False

    doc.spans = [s for s in doc.spans if s.source.startswith("rule:") or not glued(s)]


def lookups(res: "Resources", doc: Document) -> None:
    """A firm's term lists and known names (and their one-typo forms, if asked)."""
    text, spans = doc.work, list(doc.spans)
    spans += [Span(a, b, etype, TERM_SCORE, "terms") for a, b, etype in res.terms.find(text)]
    spans += [Span(a, b, "PERSON", KNOWN_SCORE, "known-names")
              for a, b, _ in res.known.find(text)]
    if res.fuzzy:
        spans += [Span(a, b, "PERSON", KNOWN_SCORE, "known-names")
                  for a, b in res.fuzzy.find(text)]
    doc.spans = spans


def protect(res: "Resources", doc: Document) -> None:
    """Allow-listed phrases, public pages and [[keep]] regions found and cut out of the
    candidates; overlapping candidates merged."""
    allowed = [(a, b) for a, b, _ in res.allow_index.find(doc.work)]
    venues = [v for v in court_venues(doc.work, res._titles)
              if not any(x < v[1] and v[0] < y for x, y in doc.marks)]
    # "Family Court" is allowed alone, not as the end of "Leeds Family Court"
    doc.allowed = [(a, b) for a, b in allowed
                   if not any(x < a and b <= y for x, y in venues)]
    doc.public = public_pages(doc.work)
    doc.kept = res._kept(doc.work) + statute_titles(doc.work, res.lexicon.is_common)
    doc.protected = True
    doc.spans = resolve(cut(doc, venue_spans(doc.spans, venues)))


def venue_spans(spans: list[Span], venues: list[tuple[int, int]]) -> list[Span]:
    """A court or tribunal venue with a candidate in it is one organisation, whole ("Leeds"
    of "Leeds Family Court", "Centre" taken for a name after the title "Justice"); a firm's
    own names and terms in it stay as they are."""
    if not venues:
        return spans
    out = list(spans)
    for a, b in venues:
        inside = [s for s in out if a <= s.start and s.end <= b and s.source not in ALWAYS
                  and s.entity_type in NAME_TYPES]
        if inside:
            out = [s for s in out if s not in inside]
            out.append(Span(a, b, "ORGANIZATION", max(s.score for s in inside), "court-venue"))
    return out


def cut(doc: Document, spans: list[Span]) -> list[Span]:
    """Allow-listed phrases and public pages out of every span; our own placeholders out of
    every span but a firm's known names and terms, which are never cut by one (only a part of
    one of our labels, "Name" of "Name A", is not a name); kept regions out of name-like ones.
    Before protect has run (or with it switched off) nothing is cut."""
    if not doc.protected:
        return spans
    text, marks, kept = doc.work, doc.marks, doc.kept
    allowed = doc.allowed + doc.public
    blocked = allowed + list(marks)
    own = [s for s in spans if s.source in ALWAYS] if marks else []
    if own:
        placed = Ranges(list(marks))
        own = [s for s in own if not any(a <= s.start and s.end <= b
                                         for a, b in placed.around(s.start, s.end))]
        spans = sorted(subtract(own, allowed, text) + subtract(
            [s for s in spans if s.source not in ALWAYS], blocked, text),
            key=lambda s: (s.start, s.end))
    else:
        spans = subtract(spans, blocked, text)
    if not kept:
        return spans
    spared = [s for s in spans if s.entity_type in NAME_TYPES and s.source not in ALWAYS]
    if not spared:
        return spans
    others = [s for s in spans if s.entity_type not in NAME_TYPES or s.source in ALWAYS]
    return sorted(others + subtract(spared, kept, text), key=lambda s: (s.start, s.end))


def protected_by(doc: Document, a: int, b: int) -> str:
    """Which protected region overlaps [a, b), as a reason ("" if none)."""
    keep_rule = "a public citation (a [[keep]] rule: cited authority, statute)"
    for x, y in doc.kept:
        if x < b and a < y and STATUTE.fullmatch(doc.work, x, y):
            return "a statute's short title (public text)"
    for regions, why in ((doc.allowed, "an allow-list phrase"),
                         (doc.public, "a public web page (court, legislation or government)"),
                         (doc.marks, "one of our own placeholders"),
                         (doc.kept, keep_rule)):
        if any(x < b and a < y for x, y in regions):
            return why
    return ""
