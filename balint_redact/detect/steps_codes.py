"""The ``codes`` stage: explain it or redact it. Every token that carries a digit — a run of
digit groups, letters mixed with digits, a code with slashes, dots or hyphens, spaced out,
glued to punctuation or broken across a line — is an identifier unless models/codes.toml
explains it as public or ordinary (a year, money, a time, a section number, a citation of an
authority, a small count …); a label before it ("ref", "no.", "account ending") makes it an
identifier whatever its shape. One pass of a compiled pattern finds the codes; everything
else is a look-up in a window around each. Each decision leaves a trace record.

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
from ..text.spans import Ranges, Span, resolve
from .codes_data import WINDOW, CodesData, Label, codes_data
from .document import Document
from .steps_text import cut

if TYPE_CHECKING:
    from .resources import Resources

#: a character of a code, and what may join two parts of one without a space (a hyphen or
#: slash may end a line: "KB-2024-\n000123")
_CH = r"[\p{L}\p{N}*•]"
_JOIN = (r"(?:[/.\-–_](?=[\p{L}\p{N}*•])|(?<=\p{N}):(?=\p{N})"
         r"|(?<=\p{N}),(?=\p{N}{3}(?!\p{N})|\p{N}\p{N},\p{N})"  # 1,500 and 1,50,000
         r"|[/\-–][ \t]*\n[ \t]*(?=\p{N}))")
_TOKEN = regex.compile(rf"(?<![\p{{L}}\p{{N}}*•]){_CH}+(?:{_JOIN}{_CH}+)*")
_DIGIT = regex.compile(r"\p{N}")
_SPACED_JOIN = regex.compile(r"[ \t]*[/\-–][ \t]*")
_LINE_BREAK = regex.compile(r"[ \t]*\n[ \t]*")
_PURE = regex.compile(r"\d+")
_ORDINAL = regex.compile(r"\d{1,2}(?i:st|nd|rd|th)")
_YEAR = regex.compile(r"(?:1[89]|20)\d\d")
_PREFIX = regex.compile(r"(?<![\p{L}\p{N}\])])(\p{L}{1,4})(?:[ \t]*[/\-–][ \t]*|[ \t])\Z")
_SUFFIX = regex.compile(r"[ \t]([A-Z]{3})(?![\p{L}\p{N}])")
_SHORT_LEAD = regex.compile(r"[A-Z]{1,2}\d{1,3}")
_INITIALS = regex.compile(r"[ \t](\p{L}{2,3})(?![\p{L}\p{N}'’.-])")
_LIST_GAP = regex.compile(r"[ \t]*(?:,|;|&|/|(?i:and|or))[ \t]*(?:(?i:and|or)[ \t]+)?")
#: a label glued to its number ("No.12345", "P.Nos.10241", "ref:88213"): not part of the code
_GLUED_LABEL = regex.compile(r"(?:\p{L}{1,3}\.)*(?i:nos|no|ref|id)[.:#]?(?=\d)|#(?=\d)")
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


_HEAD = regex.compile(r"(\p{L}+)(?:[/.\-–_]|[/\-–][ \t]*\n[ \t]*)")
_TAIL = regex.compile(r"[/.\-–_](\p{L}+)\Z")
#: a word with a number glued to it: a footnote mark ("Singh4", "India26") or a
#: postal code ("Kochi682315"); the word is not part of the code
_FOOTNOTE = regex.compile(r"(\p{Lu}?\p{Ll}{2,})\d+")


def _wordlike(run: str, is_word: Callable[[str], bool]) -> bool:
    """A word written as a word (not a code's letters): "Chennai" of "Chennai-9", "The" of
    "3.The", "year" of "14-year-old"; "KB", "SEV", "pa" stay part of their codes."""
    return len(run) >= 3 and (run.istitle() or run.islower()) and \
        (len(run) >= 4 or is_word(run.lower()))


def _tokens(text: str, is_word: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Each run of code characters and joiners with a digit, less the words at its edges."""
    out = []
    for m in _TOKEN.finditer(text):
        if not _DIGIT.search(m.group()):
            continue
        a, b = m.span()
        glued = _GLUED_LABEL.match(text, a, b)
        if glued:
            a = glued.end()
        note = _FOOTNOTE.fullmatch(text, a, b)
        if note and _wordlike(note.group(1), is_word):
            a = note.end(1)
        while True:
            head = _HEAD.match(text, a, b)
            if head and _wordlike(head.group(1), is_word) and \
                    any(c.isdigit() for c in text[head.end():b]):
                a = head.end()
                continue
            tail = _TAIL.search(text, a, b)
            if tail and (_wordlike(tail.group(1), is_word) or
                         len(tail.group(1)) >= 2 and tail.group(1).istitle()) and \
                    any(c.isdigit() for c in text[a:tail.start()]):
                b = tail.start()
                continue
            break
        out.append((a, b))
    return out


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _longest(s: str) -> int:
    """The digits of the longest group of ``s`` ("read out 30 80 12": 2)."""
    return max((len(g) for g in _PURE.findall(s)), default=0)


def _joins(text: str, a: tuple[int, int], b: tuple[int, int], chain: int) -> str:
    """How token ``a`` joins the next token ``b`` into one code: "" (it does not), "single"
    (spaced-out characters), or "join"; ``chain`` counts the digits of the run of digit
    groups with single spaces between them that both belong to (7 or more, or -1 for a run
    of three or more groups that nothing explains: "sort 30 80 12")."""
    gap = text[a[1]:b[0]]
    left, right = text[a[0]:a[1]], text[b[0]:b[1]]
    if len(gap) > 4:
        return ""
    pure = _PURE.fullmatch(left) and _PURE.fullmatch(right)
    if _SPACED_JOIN.fullmatch(gap) and (" " in gap or "\t" in gap):
        if _ORDINAL.fullmatch(left) or _ORDINAL.fullmatch(right):
            return ""
        if "/" not in gap:  # a spaced hyphen joins only spaced-out characters: "4 3 1 - 1 9"
            return "join" if len(left) == 1 and len(right) == 1 else ""
        if pure and (len(left) <= 3 and len(right) <= 3 and len(left) + len(right) > 2
                     or _YEAR.fullmatch(left) and _YEAR.fullmatch(right)):
            return ""  # a range: 10 / 12, 2019 / 2020
        return "join"
    if gap == " " and pure:
        if len(left) == 1 and len(right) == 1:
            return "single"
        if len(left) >= 2 and len(right) >= 2 and (chain >= 7 or chain < 0) and \
                not (_YEAR.fullmatch(left) and len(right) <= 3):
            return "join"  # "943 476 5919", "51287 2024", "284 5170 36"
        return ""
    if _LINE_BREAK.fullmatch(gap) and "/" in left and "/" in right and \
            left[-1:].isdigit() and right[:1].isdigit():
        return "join"  # "46/1188\n23/24"
    return ""


def _chains(text: str, tokens: list[tuple[int, int]], data: CodesData) -> list[int]:
    """For each token, the digits of the run of pure digit groups, single spaces apart, it
    belongs to (0 for a token that is not a digit group), or -1 for a run of three or more
    groups of two digits or more that are not all years and whose first group nothing
    explains in its setting (a section, money, a date): three small counts in a row are a
    code ("sort 30 80 12"), "sections 302 307 34" are sections."""
    out = [0] * len(tokens)
    i = 0
    while i < len(tokens):
        if not _PURE.fullmatch(text, tokens[i][0], tokens[i][1]):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and text[tokens[j][1]:tokens[j + 1][0]] == " " and \
                _PURE.fullmatch(text, tokens[j + 1][0], tokens[j + 1][1]):
            j += 1
        run = tokens[i:j + 1]
        total = sum(b - a for a, b in run)
        if len(run) >= 2 and (all(_YEAR.fullmatch(text, a, b) for a, b in run) or any(
                _explained(text, a, b, data) for a, b in (run[0], run[-1]))):
            total = 0  # "in 2019 2020 2021", "sections 302 307 34", "10 20 30 points"
        elif total < 7 and len(run) >= 3 and all(b - a >= 2 for a, b in run):
            total = -1
        out[i:j + 1] = [total] * (j + 1 - i)
        i = j + 1
    return out


def _explained(text: str, a: int, b: int, data: CodesData) -> bool:
    """Whether the code at [a, b) is explained by its setting: by the words before or after
    it (a section, money, a day of a month, a quantity), not by its shape alone."""
    why = data.explain(text[a:b], text[max(0, a - WINDOW):a], text[b:b + WINDOW], 1,
                       first=False)
    return why is not None and (why.before is not None or why.after is not None)


def _groups(text: str, tokens: list[tuple[int, int]],
            data: CodesData) -> list[tuple[int, int]]:
    """Tokens joined into codes: across spaced slashes ("43127 / 2019"), runs of spaced
    single characters of four or more ("4 3 1 2 7"), long runs of digit groups ("51287
    2024")."""
    out: list[tuple[int, int]] = []
    chains = _chains(text, tokens, data)
    i = 0
    while i < len(tokens):
        run = [tokens[i]]
        kinds: list[str] = []
        while i + 1 < len(tokens):
            how = _joins(text, run[-1], tokens[i + 1], chains[i])
            if not how:
                break
            run.append(tokens[i + 1])
            kinds.append(how)
            i += 1
        i += 1
        if kinds and all(k == "single" for k in kinds) and len(run) < 4:
            out.extend(run)  # "3 4" is two numbers; "4 3 1 2" is one code spaced out
        else:
            out.append((run[0][0], run[-1][1]))
    return out


def _extend(text: str, a: int, b: int, is_word: Callable[[str], bool],
            stop: frozenset[str], written: str | None = None) -> tuple[int, int]:
    """A short letter group before the code ("KXZ 4417", "GB 284 5170 36", "sev / 0417")
    or three capitals after a short one ("AB12 CDE", "A123 BCD") belong to it. Casing is
    judged as ``written`` (the text before casing was restored), if given."""
    written = text if written is None else written
    m = _PREFIX.search(text, max(0, a - 12), a)
    if m:
        word = written[m.start(1):m.end(1)]
        low = word.lower()
        # a lower-case word goes with a long number after it ("pa 51287 2024")
        if low not in stop and _digits(text[a:b]) >= 3 and (word.isupper() and len(word) <= 3 or
                                word.islower() and len(word) >= 2 and
                                (not is_word(low) or _longest(text[a:b]) >= 5)):
            a = m.start(1)
    code = text[a:b]
    if _SHORT_LEAD.fullmatch(code):
        m = _SUFFIX.match(text, b)
        if m and m.group(1).lower() not in stop and not is_word(m.group(1).lower()):
            b = m.end()
    elif _digits(code) >= 5:  # initials after a long reference ("hsg 2026 0877 aw")
        m = _INITIALS.match(text, b)
        word = written[m.start(1):m.end(1)] if m else ""
        if m and word.lower() not in stop and (word.isupper() or word.islower() and
                                               (len(word) == 2 or not is_word(word))):
            b = m.end()
    return a, b


#: a letter group before a code, and the join before it ("CFCD/ " of "CFCD/ 0882l6", "SK "
#: of "SK 7l 44 09 D"); a group after one ("/ KM", " 44", " D")
_GROUP_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(\p{Lu}{1,5})([ \t]*[/\-–][ \t]*|[ \t])\Z")
_GROUP_AFTER = regex.compile(r"([ \t]*[/\-–][ \t]*|[ \t])([\p{L}\p{N}]{1,8})(?![\p{L}\p{N}])")
#: letters an OCR reading puts for digits inside a digit group ("0882l6", "7l", "2O19")
_OCR_DIGIT = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})
_OCR_GROUP = regex.compile(r"(?=[\p{L}\p{N}]*\d)[\dlIOo]+")


def _ocr(code: str) -> str:
    """``code`` with the letters an OCR reading puts for digits read as digits, inside the
    groups that hold a digit and nothing but digits and such letters."""
    return _OCR_GROUP.sub(lambda m: m.group().translate(_OCR_DIGIT), code)


def _group_ok(group: str, spaced: bool, is_word: Callable[[str], bool],
              stop: frozenset[str]) -> bool:
    """Whether a letter or digit group beside a labelled code is a part of it: capitals
    (initials, a department's letters), digit groups (OCR letters allowed); after a bare
    space only short ones that are no word ("D" of an NI number, not "The")."""
    low = group.lower()
    if low in stop and (spaced or not group.isupper()):
        return False
    if group.isupper() and group.isalpha():
        return len(group) <= (4 if spaced else 6) and not (spaced and len(group) >= 3 and
                                                            is_word(low))
    if not _OCR_GROUP.fullmatch(group) and not (group.isupper() or group.isdigit()):
        return False
    return not spaced or len(group) <= 4


def _label_run(text: str, a: int, b: int, data: CodesData, is_word: Callable[[str], bool]
               ) -> tuple[int, int] | None:
    """After a label, the whole code: the letter groups between the label and the first
    digit ("Our ref: CFCD/ 0882l6/ KM", "Nat Ins No: SK 7l 44 09 D") and the groups after
    it, spaced after a slash or hyphen as OCR and typing leave them. None if no label ends
    where the code (or its leading letter groups) starts."""
    start, lead = a, []
    for _ in range(3):
        m = _GROUP_BEFORE.search(text, max(0, start - 12), start)
        if not m or not _group_ok(m.group(1), not _SPACED_JOIN.fullmatch(m.group(2)),
                                   is_word, data.prefix_stop):
            break
        start = m.start(1)
        lead.append(start)
    found = None
    for at in [a] + lead:
        if data.label(text[max(0, at - WINDOW):at]) is not None:
            found = at
    if found is None:
        return None
    end, last = b, text[a:b]
    while True:
        m = _GROUP_AFTER.match(text, end)
        if not m:
            break
        join, group = m.group(1), m.group(2)
        spaced = not _SPACED_JOIN.fullmatch(join)
        if spaced and len(regex.split(r"[/\-–\s]+", last)[-1]) > 4 or \
                not _group_ok(group, spaced, is_word, data.prefix_stop) or \
                spaced and _explained(text, m.start(2), m.end(2), data):
            break  # "ref 1234 12 May": the day of a month is no part of the code
        end, last = m.end(), group
    return found, end


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
            if lab.entity == "PHONE_NUMBER" and _digits(code) < 6:
                found = None
            elif lab.strength < 2 and _PURE.fullmatch(code) and len(code) <= 2:
                found = None
            elif _PURE.fullmatch(code) and len(code) <= 3 and \
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
    for a, b in _groups(text, _tokens(text, is_word), data):
        if a < done:
            continue
        bare = data.explain(text[a:b], text[max(0, a - WINDOW):a], text[b:b + WINDOW], 1,
                            first=False)
        if bare is None:  # "ITR 472" is a citation, "KXZ 4417" a code
            a, b = _extend(text, a, b, is_word, data.prefix_stop,
                           doc.read if len(doc.read) == len(text) else None)
        run = _label_run(text, a, b, data, is_word)
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
        if decision.entity == "ID" and _ocr(text[a:b]) != text[a:b]:
            kind = data.kind(_ocr(text[a:b]))  # "SK 7l 44 09 D" is an NI number
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
    for d in find_codes(doc, res.lexicon.is_listed, data, reasons=doc.trace is not None):
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
    added += _initials(doc, added)
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


#: the types of a name, which a code taken whole after a label takes over
_NAMES = frozenset({"PERSON", "NAME", "ORGANIZATION", "LOCATION", "NRP"})
_NOT_REFERENCES = frozenset({"PERSON", "NAME", "ORGANIZATION", "LOCATION", "ADDRESS", "DATE",
                              "AGE", "NRP", "EMAIL_ADDRESS", "URL"})
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
             and not s.source.startswith("Spacy") and _DIGIT.search(text, s.start, s.end)
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
