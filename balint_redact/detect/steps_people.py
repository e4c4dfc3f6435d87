"""The stages that find people and firms by the shape of the text around them: speakers and
initials in transcripts and chats, names set off by a role or post and signature blocks,
and firm names joined by an ampersand (the patterns are in balint_redact.detect.people)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Callable

import regex

from . import firms as F
from . import initials as I
from . import people as P
from . import people_tables as PT
from . import signatures as SG
from ..text.spans import Ranges, Span, resolve, subtract
from ..text.wordlists import word_list
from .document import Document
from .handles import chat_handles
from .mentions import every_mention
from .parties import other_parties
from .steps_text import cut

if TYPE_CHECKING:
    from .resources import Resources

SPEAKER_SCORE = 0.85
ROLE_SCORE = 0.85
FIRM_SCORE = 0.8
_NAMES = ("PERSON", "NAME")
_KEPT = ("known-names", "terms")
_WORDS = regex.compile(r"[\p{L}\p{M}'’-]+")
_LETTER = regex.compile(r"\p{L}")
_PLACES = ("ORGANIZATION", "LOCATION")

#: the sources these stages give their spans, and the reason each leaves in the trace
REASONS = {
    "speaker-label": "a speaker's label at the start of a line ('DV:', '[09:03] Hope:')",
    "initials": "initials used as a person's name in this document ('RD said', "
                "'Rhona Dunbar (RD)', 'Mum, EN,')",
    "column": "a cell of a table column or CSV field of people ('Fee earner', 'name')",
    "listing": "a name in a listing ('SMITH, Hope') or an email's header ('From: Kevin "
               "Baker')",
    "cipher": "a cipher standing for a person kept anonymous ('Patient A', 'Pupil 3')",
    "role-name": "a name set off by its role or post ('Hope, the trainee', 'Joy on "
                 "reception')",
    "signature": "the name line of a signature block (after 'Regards', 'Thanks', '--')",
    "signature-firm": "the firm line under a signature's name line",
    "firm-name": "a firm's name joined by '&' ('Tanat & Teifi Solicitors')",
    "owner-firm": "a shop or firm named after a person found ('runs Siva Local Express')",
    "case-party": "the other party of a cause list's case whose party is a person found "
                  "('BANERJEE v HALL')",
}


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names of many cultures that are also dictionary words (models/words/
    world_given_names.txt)."""
    return word_list("world_given_names")


def first_name_words(res: "Resources") -> frozenset[str]:
    """Words that may be a first name although the dictionary has them."""
    return res.word_names | given_names()


@lru_cache(maxsize=4)
def _is_name(res: "Resources") -> Callable[[str], bool]:
    names = first_name_words(res) | res.word_surnames
    skip = res._titles | res.allow_words | word_list("temporal_words") | \
        word_list("edge_words")

    def is_name(word: str) -> bool:
        if word.lower() in skip:
            return False
        return word in names or not res.lexicon.is_common(word)
    return is_name


def _field_name(res: "Resources", is_name: Callable[[str], bool]) -> Callable[[str], bool]:
    """``is_name``, and in a field of people also a capitalised word the dictionary has only
    as the plural of another ("Frances" of "France"; "Witnesses" is listed itself)."""
    listed = res.lexicon.is_listed

    def in_field(word: str) -> bool:
        return is_name(word) or (word[:1].isupper() and word.isalpha() and len(word) > 4 and
                                 word.endswith("s") and not listed(word.lower()) and
                                 listed(word[:-1].lower()))
    return in_field


def _add(doc: Document, found: P.Found, etype: str, score: float, source: str) -> None:
    """Add spans; a candidate of another kind that overlaps one (the model's date running
    on into the next line's name, "9 October 2024**\nSummer") keeps only what lies outside
    it, so the name stays a name's shape."""
    if not found:
        return
    new = cut(doc, [Span(a, b, etype, score, source) for a, b, _ in found])
    ranges = [(s.start, s.end) for s in new]
    taken = Ranges(ranges)
    other = [s for s in doc.spans if s.entity_type != etype and
             s.entity_type not in _NAMES and taken.overlaps(s.start, s.end)]
    keep = [s for s in doc.spans if not any(s is o for o in other)]
    # what is left of a place or a firm is one only if it still holds a letter ("21:06 - "
    # of the model's "21:06 - Bhupinder (Bindi" is a time)
    rest = [s for s in subtract(other, ranges, doc.work)
            if s.entity_type not in _PLACES or _LETTER.search(doc.work, s.start, s.end)]
    doc.spans = resolve(keep + rest + new)


def speakers(res: "Resources", doc: Document) -> None:
    """Speakers at the start of a line ("LB:", "[JK]", "[09:03] Hope:") and initials that
    speak, act or are introduced ("RD said", "Rhona Dunbar (RD)", "Mum, EN,"), are listed
    ("Present: DW, PK"), stand in a column of people or are the capitals of a name found
    ("SH" of "Sarah Hughes"): a person, and so is every other mention of those initials.
    Also the cells of a column of people, ciphers ("Patient A"); labels of a form made of
    ordinary words ("DATE OF BIRTH:") are never a name."""
    text = doc.work
    firsts = first_name_words(res)
    _drop_form_labels(doc, PT.form_labels(text, res.lexicon.is_common, firsts) +
                      PT.csv_headers(text) + PT.column_headers(text))
    is_name = _is_name(res)
    labels = P.speaker_labels(text, res.lexicon.is_common, firsts)
    found = [text[s.start:s.end] for s in doc.spans if s.entity_type in _NAMES]
    initials = P.initials_named(text, is_name)
    cells = PT.column_people(text, is_name)
    short = {text[a:b] for a, b, _ in labels + initials + cells
             if regex.fullmatch(I.INITIALS, text[a:b])}
    short |= I.name_capitals(text, found, is_name, res.lexicon.is_common)
    short |= I.coordinated(text, short)
    labels = sorted(labels + P.spoken_capitals(text, found, is_name))
    _claim(doc, labels + cells, is_name)
    _add(doc, [f for f in labels if text[f[0]:f[1]] not in short], "PERSON", SPEAKER_SCORE,
         "speaker-label")
    _add(doc, [f for f in cells if text[f[0]:f[1]] not in short], "PERSON", SPEAKER_SCORE,
         "column")
    in_field = _field_name(res, is_name)
    named = PT.listing_names(text, is_name) + PT.sender_names(text, in_field) + \
        PT.field_names(text, in_field)
    _claim(doc, named, is_name)
    _add(doc, named, "PERSON", SPEAKER_SCORE, "listing")
    people = [(s.start, s.end) for s in doc.spans if s.entity_type in _NAMES]
    codes = [(s.start, s.end) for s in doc.spans
             if s.entity_type not in _NAMES and s.entity_type not in ("DATE", "AGE")]
    _add(doc, other_parties(text, people, codes, _party_stop(res)), "PERSON", SPEAKER_SCORE,
         "case-party")
    handles = chat_handles(text, lambda w: res.lexicon.is_common(w) or
                              w in _signoff_stop(res))
    _claim(doc, handles, is_name)
    _add(doc, handles, "PERSON", SPEAKER_SCORE, "speaker-label")
    ciphers = PT.ciphers(text)
    _claim(doc, ciphers, is_name)
    _add(doc, ciphers, "PERSON", SPEAKER_SCORE, "cipher")
    _add(doc, every_mention(text, short), "PERSON", SPEAKER_SCORE, "initials")
    # initials in lower case ("fee earner: jk") are found where they are listed only
    _add(doc, [f for f in initials if not regex.fullmatch(I.INITIALS, text[f[0]:f[1]])],
         "PERSON", SPEAKER_SCORE, "initials")


def _claim(doc: Document, found: P.Found, is_name: Callable[[str], bool]) -> None:
    """A speaker's label, a table's cell, a listed name or a cipher is a whole name: the
    model's guess that runs over it into the stamp before, the next cell or the sentence
    after ("21:07 - Gill Kemp", "Maaike | Registrant's", "Child C. Pupil") keeps only what
    lies outside it and still holds a capitalised name."""
    if not found:
        return
    ranges = [(a, b) for a, b, _ in found]
    taken = Ranges(ranges)
    over = [s for s in doc.spans if s.entity_type in _NAMES and s.source not in _KEPT and
            not s.source.startswith("rule:") and taken.overlaps(s.start, s.end)]
    if over:
        rest = [s for s in subtract(over, ranges, doc.work)
                if any(w[0].isupper() and is_name(w.strip("'’-"))
                       for w in _WORDS.findall(doc.work, s.start, s.end))]
        gone = {id(o) for o in over}
        doc.spans = resolve([s for s in doc.spans if id(s) not in gone] + rest)


def _drop_form_labels(doc: Document, labels: list[tuple[int, int]]) -> None:
    """Names found inside a form's label of ordinary words leave it ("… MAJOR\nDATE OF
    BIRTH:" is no "Major Date"); a name the firm listed (known names, terms) stays."""
    if not labels:
        return
    taken = Ranges(labels)
    inside = [s for s in doc.spans if s.entity_type in _NAMES and s.source not in _KEPT and
              not s.source.startswith("rule:") and taken.overlaps(s.start, s.end)]
    if inside:
        gone = {id(o) for o in inside}
        keep = [s for s in doc.spans if id(s) not in gone]
        doc.spans = resolve(keep + subtract(inside, labels, doc.work))


def role_names(res: "Resources", doc: Document) -> None:
    """Names set off by a role or post ("Hope, the trainee", "Joy on reception") and the
    name line of a signature block ("Kind regards,\\n\\nMererid ab Owain")."""
    text = doc.work
    firsts = first_name_words(res)
    _add(doc, P.role_names(text, _is_name(res), doc.lowered, firsts.__contains__) +
         P.double_first_names(text, firsts), "PERSON", ROLE_SCORE, "role-name")
    signed = SG.signature_names(text, res.lexicon.is_common, _signoff_stop(res).__contains__)
    signed += SG.closing_names(text, _closing_stop(res).__contains__)
    _add(doc, signed, "PERSON", ROLE_SCORE, "signature")
    lines = [(s.start, s.end, "") for s in doc.spans if s.entity_type in _NAMES and
             _whole_line(text, s.start, s.end)]
    _add(doc, F.signature_firms(text, signed + lines, res.lexicon.is_common), "ORGANIZATION",
         FIRM_SCORE, "signature-firm")


@lru_cache(maxsize=4)
def _closing_stop(res: "Resources") -> frozenset[str]:
    """Words that never sign a message off: function words, sign-offs, titles."""
    return word_list("function_words") | word_list("signoffs") | res._titles


@lru_cache(maxsize=4)
def _signoff_stop(res: "Resources") -> frozenset[str]:
    """Words that sign nothing off alone ("Thanks\nEveryone", "Cheers - Team"): those of
    :func:`_closing_stop`, edge words, bodies, posts, times."""
    return _closing_stop(res) | word_list("edge_words") | word_list("generic_bodies") | \
        word_list("workplace_posts") | word_list("temporal_words") | word_list("job_titles") | \
        word_list("not_speakers")


@lru_cache(maxsize=4)
def _party_stop(res: "Resources") -> frozenset[str]:
    """Words that are no party of a case beside a person ("v Council", "v Legal"): those of
    :func:`_signoff_stop`, firms' endings, bodies, allow-listed words."""
    return _signoff_stop(res) | word_list("org_endings") | word_list("body_nouns") | \
        res.allow_words


def _whole_line(text: str, a: int, b: int) -> bool:
    """Whether text[a:b] ends a line of capitalised words only (a signature's name line,
    "Eimear" + "Nic Giolla Phádraig" before they are joined)."""
    if text[b:b + 1] not in ("\n", ""):
        return False
    start = text.rfind("\n", max(0, a - 80), a) + 1
    if start == 0 and a > 80:
        return False  # a line this long is no signature's name line (and looking further
        # back for every span of a long line would be quadratic)
    return all(w[:1].isupper() for w in text[start:a].split())


def firm_names(res: "Resources", doc: Document) -> None:
    """Firm names joined by an ampersand ("Brown & Hill LLP", "Tanat & Teifi"), in
    lower-case notes too ("brown & hill llp")."""
    text = doc.work
    taken = Ranges([(s.start, s.end) for s in doc.spans])
    endings = word_list("org_endings")

    def needed(a: int, b: int) -> bool:
        # "Mane & Associates" once "Mane" is found: only generic words would be added
        return any(m.group().lower() not in endings and not taken.overlaps(*m.span())
                   for m in _WORDS.finditer(text, a, b))
    _add(doc, [f for f in F.firm_names(text, res.lexicon.is_common, doc.lowered)
               if needed(f[0], f[1])], "ORGANIZATION", FIRM_SCORE, "firm-name")


def owner_firms(res: "Resources", doc: Document) -> None:
    """Shops and firms named after a person found in the document ("runs Siva Local
    Express on", "of Qureshi Family Law."), once every mention of the people is found."""
    text = doc.work
    # a name's word that is no ordinary word, or a first name ("Municipal" of the model's
    # "Municipal Commissioner" is no owner), never a title ("Mrs" of "Mrs Hales")
    firsts = first_name_words(res)
    stop = _owner_stop(res)
    owners = {w for s in doc.spans if s.entity_type in _NAMES
              for w in _WORDS.findall(text, s.start, s.end) if w[:1].isupper() and
              w.lower() not in stop and (w in firsts or not res.lexicon.is_common(w.lower()))}
    # in a lower-case note only with a trade after the name ("sivakumar stores")
    found = F.owner_firms(text, owners, res.lexicon.is_common, stop,
                          word_list("trade_endings") if doc.lowered else None) + \
        F.by_owner_firms(text, owners, res.lexicon.is_common, stop) if owners else []
    # one inside an address or another kind found already stays as it is; a first name or
    # a surname after the owner's name makes a person's whole name of it ("his brother Pati
    # Ram deceased"), and so does a word the person's own name found holds, unless a trade
    # ends it ("her mother Summer Gale wants" is a person, "of Qureshi Family Law" a firm)
    other = Ranges([(s.start, s.end) for s in doc.spans if s.entity_type not in _NAMES])
    named = Ranges([(s.start, s.end) for s in doc.spans if s.entity_type in _NAMES])
    names, trades = firsts | res.word_surnames, word_list("trade_endings")

    def firm(a: int, b: int) -> bool:
        words = text[a:b].split()
        if any(x <= a and y > a + len(words[0]) for x, y in named.around(a, b)):
            return words[-1].lower() in trades  # the person's own name runs on
        return not any(w in names for w in words[1:])

    found = [f for f in found if firm(f[0], f[1]) and not any(
        a <= f[0] and f[1] <= b for a, b in other.around(f[0], f[1]))]
    if found:
        # the owner's name inside the firm's is a part of the firm's, not a person there
        firms = Ranges([(a, b) for a, b, _ in found])
        doc.spans = [s for s in doc.spans if not (s.entity_type in _NAMES and any(
            a <= s.start and s.end <= b for a, b in firms.around(s.start, s.end)))]
        _add(doc, found, "ORGANIZATION", FIRM_SCORE, "owner-firm")


@lru_cache(maxsize=4)
def _owner_stop(res: "Resources") -> frozenset[str]:
    """Words that after a person's name make no firm of it (people.non_name_words and the
    titles of these resources)."""
    return P.non_name_words() | res._titles


def why(res: "Resources", doc: Document, action: str, span: Span, parents: list[Span]) -> str:
    """The reason for a span these stages added (by its source)."""
    if action == "drop" and span.entity_type in _NAMES:
        return ("inside a form's label of ordinary words ('DATE OF BIRTH:') or a table's "
                "header ('tenant_id,name', 'Surname, Forename'), not a name")
    return REASONS.get(span.source, "") if action == "add" else ""
