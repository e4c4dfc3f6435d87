"""The ``codes`` stage: explain it or redact it. Every token that carries a digit — a run of
digit groups, letters mixed with digits, a code with slashes, dots or hyphens, spaced out,
glued to punctuation or broken across a line — is an identifier unless models/codes.toml
explains it as public or ordinary (a year, money, a time, a section number, a citation of an
authority, a small count …); a label before it ("ref", "no.", "account ending") makes it an
identifier whatever its shape, and the whole code after it (its letter groups, spaced after a
slash, OCR letters for digits: codes_tokens.py). One pass of a compiled pattern finds the
codes; everything else is a look-up in a window around each. Each decision leaves a trace
record. The stage also redacts the dates its data leaves to the date handling when that
found none (codes_dates.py), the initials that end a reference and the name parts of a
personal e-mail address wherever they stand alone (a fee earner's "KB", "Aga").

>>> from balint_redact.detect.document import Document
>>> doc = Document.of("Under s.47 on 3 May 2019 she paid £450; ref KB-2024-000123, car KXZ 4417.")
>>> [(doc.work[d.start:d.end], d.entity) for d in find_codes(doc, lambda w: False) if d.entity]
[('KB-2024-000123', 'ID'), ('KXZ 4417', 'UK_VEHICLE_REG')]
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterator, NamedTuple

import regex

from ..text.names import title_words
from ..text.spans import NAME_TYPES, Ranges, Span, resolve
from ..text.wordlists import word_list
from .codes_data import WINDOW, CodesData, Label, codes_data
from .codes_dates import unfound_date
from .codes_tokens import DIGIT, PURE, digits, extend, groups, label_run, ocr_digits, tokens
from .document import Document
from .public import URL_PATH, is_public_page
from .steps_text import cut, given_forms

if TYPE_CHECKING:
    from .resources import Resources

_LIST_GAP = regex.compile(r"[ \t]*(?:,|;|&|/|(?i:and|or))[ \t]*(?:(?i:and|or)[ \t]+)?")
_WORDS_BEFORE = regex.compile(r"(\p{L}+(?:[ \t]+\p{L}+)?)[ \t]*\Z")
#: generic labels after which a small number can be a numbered item ("Respondent No. 2")
_GENERIC = frozenset({"no", "nos", "number", "numbers", "#"})

UNEXPLAINED_SCORE = 0.6
LABELLED_SCORE = 0.8
VALIDATED_BONUS = 0.1

#: source of a span this stage adds -> the reason the trace gives
REASONS = {
    "codes:labelled": "a code after an identifier label (ref, no., account …): an identifier "
                      "whatever its shape",
    "codes:listed": "a code in a list after an identifier label",
    "codes:continued": "the rest of a code already found (across a line break or a space)",
    "codes:unexplained": "a code no rule explains as public or ordinary",
    "codes:date": "a date no other stage found (a day and a month, a date in figures): "
                  "redacted as a date",
    "codes:email_name": "a part of a personal e-mail address found in this document: a "
                        "person wherever it stands capitalised alone",
    "codes:email_owner": "the name written just before its owner's own e-mail address, "
                         "which spells it",
    "codes:email_domain": "the domain of an e-mail address found in this document, written "
                          "alone (a firm's website)",
    "codes:initials": "the initials that end a reference found in this document (a fee "
                      "earner's, an officer's): a person wherever they stand alone",
}


class Decision(NamedTuple):
    """What the stage decided about the code at [start, end): an entity to redact it as (with
    a score and the source naming why), or none and the reason it stays; ``public`` is where
    a citation it belongs to starts (public text), else -1."""

    start: int
    end: int
    entity: str
    score: float
    why: str
    public: int = -1


def _numbered_item(text: str, label_start: int, data: CodesData) -> bool:
    m = _WORDS_BEFORE.search(text, max(0, label_start - 30), label_start)
    if not m:
        return False
    words = m.group(1).lower().split()
    return words[-1] in data.numbered or " ".join(words) in data.numbered


def decide(text: str, a: int, b: int, data: CodesData, label: Label | None = None,
           reasons: bool = True) -> Decision:
    """The decision about the code at [a, b); ``label`` is the label of a list it continues.
    A labelled code stays only if an explanation at least as strong as the label holds;
    ``reasons=False`` gives the same decisions, with a reason that need not be the first."""
    code = text[a:b]
    left, right = text[max(0, a - WINDOW):a], text[b:b + WINDOW]
    # a code further down a list after a label is taken as after a weak one
    found = None if label is None else (replace(label, strength=min(label.strength, 1)), 0)
    if found is None:
        found = data.label(left)
        if found is not None:
            lab, at = found
            if lab.entity == "PHONE_NUMBER" and digits(code) < 6:
                found = None
            elif lab.strength < 2 and PURE.fullmatch(code) and len(code) <= 2:
                found = None
            elif PURE.fullmatch(code) and len(code) <= 3 and \
                    left[at:].strip().lower().rstrip(".: #") in _GENERIC and \
                    _numbered_item(left, at, data):
                return Decision(a, b, "", 0.0, "a numbered item (Respondent No. 2, Issue No. 3)")
    why = data.explain(code, left, right, 0 if found is None else found[0].strength, reasons)
    if why is not None:
        start = why.public_start(code, left) if why.public else None
        return Decision(a, b, "", 0.0, why.reason, -1 if start is None else a - len(left) + start)
    kind = data.kind(code)
    if found is not None:
        entity = kind.entity if kind is not None else found[0].entity
        score = LABELLED_SCORE + (VALIDATED_BONUS if kind is not None else 0.0)
        return Decision(a, b, entity, score, "codes:labelled" if label is None else "codes:listed")
    entity = kind.entity if kind is not None else "ID"
    score = UNEXPLAINED_SCORE + (VALIDATED_BONUS if kind is not None else 0.0)
    return Decision(a, b, entity, score, "codes:unexplained")


def find_codes(doc: Document, is_word: Callable[[str], bool],
               data: CodesData | None = None, reasons: bool = True) -> Iterator[Decision]:
    """Every code of ``doc.work`` and the decision about it. Codes inside a span already
    found, our own placeholders or a public web page are left to them."""
    data = data or codes_data()
    text = doc.work
    # a date span does not hide a code that is no date ("pa 51287 2024" read as a date),
    # nor does the model's guess that a code is a name ("XQ-5521-Z" as a person)
    taken = Ranges([(s.start, s.end) for s in doc.spans if not _guess_over_code(text, s)] +
                   list(doc.marks) + list(doc.public))
    # a code taken whole after a label is not left to the names found over its letters
    # ("TAX" of "Matter: TAX/ 3317/ KB", "D" of "SK 71 44 09 D" as a person)
    firm = Ranges([(s.start, s.end) for s in doc.spans if s.entity_type not in _NAMES] +
                  list(doc.marks) + list(doc.public))
    last: tuple[int, Label | None] = (-1, None)  # end of the last labelled code, its label
    done = -1  # the end of the last code taken whole after a label
    for a, b in groups(text, tokens(text, is_word), data):
        if a < done:
            continue
        bare = data.explain(text[a:b], text[max(0, a - WINDOW):a], text[b:b + WINDOW], 1,
                            first=False)
        if bare is None:  # "ITR 472" is a citation, "KXZ 4417" a code
            a, b = extend(text, a, b, is_word, data.prefix_stop,
                           doc.read if len(doc.read) == len(text) else None)
        run = label_run(text, a, b, data, is_word)
        whole = run is not None and run != (a, b)
        if whole:
            a, b = run
            done = b
        pieces = _uncovered(text, firm if whole else taken, a, b)
        if not pieces:
            continue
        if len(pieces) == 1 and pieces[0] != (a, b):
            # the rest of a code already found, across a line break or a space ("46/1188\n
            # 23/24" after "crime ref"): an identifier like the part found
            a, b = pieces[0]
            kind = data.kind(text[a:b])
            yield Decision(a, b, kind.entity if kind else "ID", UNEXPLAINED_SCORE,
                           "codes:continued")
            continue
        a, b = pieces[0] if len(pieces) == 1 else (a, b)
        label = None
        if last[1] is not None and _LIST_GAP.fullmatch(text, last[0], a):
            label = last[1]
        decision = decide(text, a, b, data, label, reasons)
        if decision.entity == "ID" and ocr_digits(text[a:b]) != text[a:b]:
            kind = data.kind(ocr_digits(text[a:b]))  # "SK 7l 44 09 D" is an NI number
            decision = decision._replace(entity=kind.entity) if kind else decision
        if not decision.entity:
            last = (-1, None)
            yield decision
            continue
        lab = label
        if lab is None and decision.why == "codes:labelled":
            found = data.label(text[max(0, a - WINDOW):a])
            lab = found[0] if found else next(
                (x for x in data.labels if x.entity == "ID"), None)
        last = (b, lab)
        yield decision


def _guess_over_code(text: str, span: Span) -> bool:
    return span.entity_type == "DATE" or span.source.startswith("Spacy") and \
        any(c.isdigit() for c in text[span.start:span.end])


def _uncovered(text: str, taken: Ranges, a: int, b: int) -> list[tuple[int, int]]:
    """The parts of [a, b) with a digit that lie outside what was already found (or must not
    be touched), trimmed to letters and digits: a code partly inside a span is left to it
    except where it goes on past it with digits of its own."""
    out, pos = [], a
    for x, y in list(taken.around(a, b)) + [(b, b)]:
        lo, hi = pos, min(x, b)
        while lo < hi and not text[lo].isalnum():
            lo += 1
        while hi > lo and not text[hi - 1].isalnum():
            hi -= 1
        if any(c.isdigit() for c in text[lo:hi]):
            out.append((lo, hi))
        pos = max(pos, y)
        if pos >= b:
            break
    return out


def codes(res: "Resources", doc: Document) -> None:
    """Codes: every token with a digit is an identifier unless a rule explains it as public
    or ordinary (a year, money, a section, a citation, a small count …); a label ("ref",
    "no.", "account") makes what follows an identifier whatever its shape."""
    added: list[Span] = []
    public: list[tuple[int, int]] = []
    data = codes_data()
    dates: list[Span] = []
    for d in find_codes(doc, res.lexicon.is_listed, data, reasons=doc.trace is not None):
        if not d.entity and d.end - d.start <= 10:
            dates.extend(unfound_date(doc, d.start, d.end, data))
        if d.entity:
            added.append(Span(d.start, d.end, d.entity, d.score, d.why))
            if d.why == "codes:labelled":
                public.extend(_label_words(doc.work, d.start, data))
            continue
        if d.public >= 0:
            public.append((d.public, d.end))
        if doc.trace is not None:
            doc.trace.keep("codes", d.why, d.start + doc.offset, d.end + doc.offset)
    if public:  # a citation of an authority is public text: the names in it stay
        # (and so is a label of two words or more before a code: "Nat Ins" is no name)
        doc.kept = doc.kept + public
        doc.spans = cut(doc, doc.spans)
    added += _initials(doc, added) + _email_names(doc, res.lexicon.is_listed) + dates + \
        _email_owners(res, doc) + _email_domains(doc)
    if added:
        # the model's name guesses that are nothing but a code give way to it
        inside = Ranges([(s.start, s.end) for s in added])
        whole = Ranges([(s.start, s.end) for s in added if s.source == "codes:labelled"])
        doc.spans = resolve([s for s in doc.spans if not (
            s.source.startswith("Spacy") and s.entity_type != "DATE" and any(
                a <= s.start and s.end <= b for a, b in inside.around(s.start, s.end))
            or s.entity_type in _NAMES and any(
                a <= s.start and s.end <= b for a, b in whole.around(s.start, s.end)))]
            + added)


#: the types of a name (a code taken whole after a label takes them over)
_NAMES = NAME_TYPES
#: the spans whose last letters are no reference's initials (a street's "/ AB" of an address)
_NOT_REFERENCES = _NAMES | {"DATE", "ADDRESS", "URL"}
#: the initials that end a reference ("TAX/3317/KB", "PEN/OMB/2207-DY"): a fee earner's
_REF_INITIALS = regex.compile(r"[\p{L}\p{N}][ \t]*[/\-–][ \t]*(\p{Lu}{2,3})\Z")


def _initials(doc: Document, added: list[Span]) -> list[Span]:
    """The initials that end a reference this stage found are a person's (the fee earner's,
    the officer's): every other mention of them standing alone in the document — a table's
    fee-earner column, "Attending: JW", "DY – pensions" — is that person. Initials that are
    a title ("DJ", "PC") and mentions in brackets ("(KB)" of a citation) or inside found or
    protected text are left."""
    text = doc.work
    found = {m.group(1) for s in doc.spans + added if s.entity_type not in _NOT_REFERENCES
             and not s.source.startswith("Spacy") and DIGIT.search(text, s.start, s.end)
             for m in [_REF_INITIALS.search(text, s.start, s.end)] if m}
    found -= {w for w in found if w.lower() in title_words()}
    if not found:
        return []
    taken = Ranges([(s.start, s.end) for s in doc.spans + added] + list(doc.marks) +
                   list(doc.public) + list(doc.kept) + list(doc.allowed))
    pattern = regex.compile(r"(?<![\p{L}\p{N}(/\-–])(?:%s)(?![\p{L}\p{N})/\-–])"
                            % "|".join(sorted(found)))
    return [Span(m.start(), m.end(), "PERSON", UNEXPLAINED_SCORE, "codes:initials")
            for m in pattern.finditer(text) if not taken.overlaps(m.start(), m.end())]


#: the local part of an e-mail address and its parts ("aga.kowalczyk82" of aga.kowalczyk82@wp.pl)
_LOCAL = regex.compile(r"(?<![\p{L}\p{N}._%+-])([\p{L}\p{N}._%+-]+)@")
_PARTS = regex.compile(r"\p{L}+")


def _email_names(doc: Document, is_word: Callable[[str], bool]) -> list[Span]:
    """A personal e-mail address names its owner: when its local part has two name parts or
    more and one of them is no dictionary word ("aga.kowalczyk82"; not "housing.team"), each
    part of three letters or more, written capitalised alone elsewhere in the document
    ("Aga sent me a photo"), is that person."""
    text = doc.work
    names: set[str] = set()
    for s in doc.spans:
        if s.entity_type != "EMAIL_ADDRESS":
            continue
        m = _LOCAL.search(text, s.start, s.end)
        parts = _PARTS.findall(m.group(1)) if m else []
        if len(parts) >= 2 and any(len(p) >= 3 and not is_word(p.lower()) for p in parts):
            names.update(p.lower() for p in parts if len(p) >= 3)
    names -= title_words()
    if not names:
        return []
    taken = Ranges([(s.start, s.end) for s in doc.spans] + list(doc.marks) +
                   list(doc.public) + list(doc.kept) + list(doc.allowed))
    pattern = regex.compile(r"(?<![\p{L}\p{N}@._-])(?:%s)(?![\p{L}\p{N}@_-]|\.\p{L})" % "|".join(
        regex.escape(n.title()) for n in sorted(names)))
    return [Span(m.start(), m.end(), "PERSON", UNEXPLAINED_SCORE, "codes:email_name")
            for m in pattern.finditer(text) if not taken.overlaps(m.start(), m.end())]


#: one to three capitalised words, then what stands between a name and its own address
_OWNER = regex.compile(r"(?<![\p{L}\p{M}'’-])(\p{Lu}[\p{Ll}\p{M}'’-]+"
                       r"(?:[ \t]+\p{Lu}[\p{Ll}\p{M}'’-]+){1,2})"
                       r"(?:,[ \t]*|[ \t]*[<(\[][ \t]*|[ \t]+[-–—|:][ \t]+|[ \t]+)\Z")


def _spells(local: str, words: list[str], given: Callable[[str], bool]) -> bool:
    """Whether an e-mail address's local part is written from a name's first and last words:
    the first as its initial, before or after the last ("s.marsh", "marshs" of "Sterling
    Marsh"), or whole when it is a first name ("ann_lee", "leeann" of "Ann Lee"; not
    "housing.team" of "Housing Team")."""
    letters = "".join(_PARTS.findall(local)).lower()
    first, last = words[0].lower(), words[-1].lower()
    if len(last) < 3:
        return False
    return letters in (first[0] + last, last + first[0]) or \
        (letters in (first + last, last + first) and given(words[0]))


def _email_owners(res: "Resources", doc: Document) -> list[Span]:
    """The name written just before its owner's own e-mail address ("HR (Sterling Marsh,
    s.marsh@…)", "Ann Lee <ann.lee@…>"): a person's, even when each of its words is also
    a word, where the address's local part spells it (see :func:`_spells`)."""
    text, out = doc.work, []
    names = given_forms(res)

    def given(word: str) -> bool:  # a first name, or a word no dictionary lists
        return word in names or not res.lexicon.is_listed(word)

    for s in doc.spans:
        if s.entity_type != "EMAIL_ADDRESS":
            continue
        local = _LOCAL.search(text, s.start, s.end)
        before = _OWNER.search(text, max(0, s.start - 80), s.start)
        if local is None or before is None:
            continue
        words = before.group(1).split()
        for k in range(len(words) - 1):  # "Contact Ann Lee": "Ann Lee" spells "ann.lee"
            if _spells(local.group(1), words[k:], given):
                start = before.start(1) + before.group(1).index(words[k])
                out.append(Span(start, before.end(1), "PERSON", UNEXPLAINED_SCORE,
                                "codes:email_owner"))
                break
    return out


def _email_domains(doc: Document) -> list[Span]:
    """The domain of an e-mail address found, written alone elsewhere in the document (a
    firm's website under its signature: "0113 496 0188 | marshregulatory.example"), is a
    contact detail too; never a public e-mail provider's (models/words/mail_providers.txt)
    nor a public body's."""
    text = doc.work
    domains = {text[s.start:s.end].rpartition("@")[2].lower().rstrip(".") for s in doc.spans
               if s.entity_type == "EMAIL_ADDRESS" and "@" in text[s.start:s.end]}
    domains = {d for d in domains if "." in d and d not in word_list("mail_providers") and
               not is_public_page(d)}
    if not domains:
        return []
    alternatives = "|".join(regex.escape(d) for d in sorted(domains, key=len, reverse=True))
    pattern = regex.compile(rf"(?i)(?<![\p{{L}}\p{{N}}@._-])(?:https?://)?(?:www\.)?"
                            rf"(?:{alternatives})(?![\p{{L}}\p{{N}}_-]|\.\p{{L}})" + URL_PATH)
    # a URL the model or a pattern cut short ("www.ma" of "www.marshregulatory.example",
    # read as Morocco's) is joined to the whole
    return [Span(m.start(), m.end(), "URL", UNEXPLAINED_SCORE, "codes:email_domain")
            for m in pattern.finditer(text)]


def _label_words(text: str, start: int, data: CodesData) -> list[tuple[int, int]]:
    """The words of a label of two words or more ending where the code at ``start`` begins
    ("Nat Ins No", "Our ref"), as a region no name may take; none for a one-word label."""
    left = text[max(0, start - WINDOW):start]
    found = data.label(left)
    if found is None:
        return []
    a = start - len(left) + found[1]
    m = _LABEL_WORDS.match(text, a, start)
    return [(a, m.end(1))] if m and len(m.group(1).split()) >= 2 else []


_LABEL_WORDS = regex.compile(r"(\p{L}[\p{L}.]*(?:[ \t]+\p{L}[\p{L}.]*)*)")


def codes_why(res: "Resources", doc: Document, action: str, span: Span,
              parents: list[Span]) -> str:
    """The trace's reason for a span the codes stage added, joined, trimmed or dropped."""
    if action in ("drop", "trim"):
        return "inside a citation of an authority (public text: a law report, a neutral citation)"
    return REASONS.get(span.source, "")
