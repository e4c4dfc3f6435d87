"""The second reader: a deliberately suspicious scan of redacted text, independent of the
redactor (no model, no stages, no detection rules; its own dictionary and name lists).

It flags, "to confirm":

* ``unknown-capitalised``: a capitalised word no dictionary or public list explains,
  wherever it stands (sentence starts too);
* ``first-name``: a capitalised word that is a known first name ("Hope, the trainee …");
* ``name-lower``: a word in lower case that is a known first name or surname and no
  ordinary word ("amina", "patel");
* ``surname-word``: a capitalised surname that is also a word, inside a sentence;
* ``redacted-elsewhere``: a word that was part of a redacted name elsewhere in the document;
* ``code`` / ``labelled``: a digit-bearing token nothing explains, or one after a label;
* ``email`` / ``phone`` / ``url``: contact-shaped strings;
* ``initials`` / ``speaker``: initials ("J.S.") and transcript speaker labels ("LB:");
* ``firm``: capitalised words joined by "&" or before "LLP", "Solicitors", …;
* ``signature``: capitalised words in the lines after "Regards" or "--";
* ``check-name``: a part of a name given to the check (``--check-names``).

Our own placeholders ("Person A", "[phone]") are never flagged. An item carries positions
in the redacted text and a reason, never the text.

>>> [i.reason for i in second_read("Hope, the trainee who sits with me, rang at 4pm.")]
['first-name']
>>> second_read("Person A rang [phone] about the 2024 order under section 8.")
[]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

import regex

from ..render.generalise import generalised_ranges, is_generalised
from ..render.placeholders import LABEL, OWN_PLACEHOLDER
from . import codes, layout
from .wordsets import ReaderWords, words

REASONS: dict[str, str] = {
    "check-name": "a part of a name given to the check",
    "redacted-elsewhere": "part of a name redacted elsewhere in this document",
    "email": "shaped like an email address",
    "phone": "shaped like a phone number",
    "url": "a web address",
    "date": "an exact date (a day with its month)",
    "address": "a house number before a street (an address)",
    "labelled": "a number after a label (no., ref, account …)",
    "code": "a code with digits that no ordinary rule explains",
    "speaker": "a speaker label or initials at the start of a line",
    "initials": "initials or a short form in capitals",
    "beside-redaction": "left beside or inside a redaction (part of it may remain)",
    "spaced-digits": "digits spaced out one by one (a code written unusually)",
    "firm": "part of a firm's name (with & or LLP, Solicitors …)",
    "signature": "a capitalised word in a signature block",
    "first-name": "a known first name",
    "name-lower": "a known first name or surname in lower case",
    "unknown-capitalised": "a capitalised word no dictionary explains",
    "surname-word": "a known surname, capitalised inside a sentence",
}
#: when items merge, the reason shown is the first of these that applies
PRIORITY = tuple(REASONS)
#: a first name or surname that is also an ordinary word is flagged only if it is among
#: this many most frequent names of its list ("Hope", "Grace", "Baker"; not "Sun", "Court");
#: the first names interleave the male and female lists, so about 800 of each
COMMON_FIRST_RANK = 1600
COMMON_SURNAME_RANK = 1000
# capital letters that label a line without naming anyone ("ME:", "Q:", "T: 0113 …")
_NOT_SPEAKERS = frozenset({"me", "us", "we", "you", "i", "q", "a", "t", "m", "e", "f", "w",
                           "p", "tel", "mob", "fax", "re", "ps", "nb", "cc"})


@dataclass(frozen=True)
class ToConfirm:
    """A place in the redacted text a person who knows the case should look at."""

    start: int
    end: int
    reason: str

    @property
    def why(self) -> str:
        """The reason in words (no text from the document)."""
        return REASONS[self.reason]

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "reason": self.reason, "why": self.why}


_PLACEHOLDER = regex.compile(OWN_PLACEHOLDER)
_LABEL = regex.compile(LABEL)
_EMAIL = regex.compile(r"[\w.+\-]+\s?(?:@|\(at\)|\[at\])\s?[\w\-]+(?:\s?(?:\.|\(dot\)|\[dot\])"
                       r"\s?[\w\-]+)+")
_URL = regex.compile(r"(?i:https?://|www\.)[^\s<>\"]+")
_PHONE = regex.compile(r"(?<![\w/.\-])(?:\+|00)?\(?\d[\d ().\-]{6,}\d(?![\w/])")
@lru_cache(maxsize=1)
def _date_and_street() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """An exact date and a house number before a street, from the reader's data
    (models/reader_number_words.toml: months, streets, not_street_names)."""
    def alternation(key: str) -> str:
        return "(?:" + "|".join(regex.escape(w) for w in
                                sorted(codes.number_words()[key], key=lambda w: (-len(w), w))) + ")"
    month = alternation("months")
    not_street = rf"(?!{alternation('not_street_names')}\b)"
    date = regex.compile(rf"(?i)\b(?:\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{month}\b\.?"
                         r"(?:,?\s+\d{2,4})?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b")
    street = regex.compile(rf"(?i)\b\d{{1,4}}[a-z]?,?\s+(?:{not_street}[\p{{L}}'’-]+\s+){{1,3}}"
                           rf"{alternation('streets')}\b")
    return date, street


_CHUNK = regex.compile(r"\S+")
_EDGE_L = "([{\"'“‘«*_"
_EDGE_R = ".,;:!?)]}\"'”’»*_"
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*")
_SPEAKER = regex.compile(r"^[ \t>*\-]*((?:\p{Lu}\.?){1,3}|\p{Lu}\p{Ll}+)[ \t]*(?::|[ \t][–—-])"
                         r"(?=\s)", regex.M)
_INITIALS = regex.compile(r"(?<![\p{L}.])(?:\p{Lu}\.[ ]?){2,3}(?!\p{L})")
# capitals alone ("RD", "DAP") or joined ("JF-C", "KO'N", "T-JW")
_CAPS = regex.compile(r"\p{Lu}{2,3}|\p{Lu}{1,3}(?:['’\-]\p{Lu}{1,3})+")
_SPACED_DIGITS = regex.compile(r"(?<![\w])(?:\p{L} )?\d(?:[ \-/]{1,3}\d){4,}(?![\w])")
_SENTENCE_END = frozenset(".!?:;\"”'’)—–-•*#>")


@dataclass
class _Tok:
    start: int
    end: int
    text: str


def _masked(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PLACEHOLDER.finditer(text)]


def _tokens(text: str, skip: Sequence[tuple[int, int]]) -> list[_Tok]:
    """Whitespace chunks stripped of edge punctuation, outside our own placeholders."""
    out = []
    for m in _CHUNK.finditer(text):
        a, b = m.span()
        while a < b and text[a] in _EDGE_L:
            a += 1
        while b > a and text[b - 1] in _EDGE_R:
            b -= 1
        if a < b and not any(x < b and a < y for x, y in skip):
            out.append(_Tok(a, b, text[a:b]))
    return out


def _sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n" or text[i] in _SENTENCE_END


_CONTRACTION = regex.compile(r"['’](?:s|ve|ll|m|d|re|t)\Z|['’]\Z")


def _bare(word: str) -> str:
    """The word in lower case without a possessive or a contraction ("I've" → "i")."""
    low = word.lower()
    m = _CONTRACTION.search(low)
    if m and m.start() > 0:
        low = low[:m.start()]
        return low[:-1] if low.endswith("n") and m.group() in ("'t", "’t") else low
    return low


def _word_reason(w: ReaderWords, word: str, start_of_sentence: bool,
                 lower_note: bool = False) -> str | None:
    """Why a word without digits is to be confirmed (None: explained). In a note written
    in lower case (``lower_note``) a common first name is flagged in lower case too."""
    low = _bare(word)
    parts = [p for p in regex.split(r"['’\-]", low) if p]
    if not parts:
        return None
    capital = word[0].isupper()
    upper = word.isupper() and len(word) > 1
    if low in w.allowed or (capital and low in w.proper):
        return None
    if upper and _CAPS.fullmatch(word):
        return None if low in w.public or low in _NOT_INITIALS or low in w.titles \
            else "initials"
    if lower_note and not capital and len(low) > 2 and \
            w.first_rank.get(low, COMMON_FIRST_RANK) < COMMON_FIRST_RANK:
        return "name-lower"
    if upper and len(low) <= 4 and not w.is_name(low):
        return None  # an acronym ("ACAS", "PACE")
    reasons = [_part_reason(w, p, capital, start_of_sentence) for p in parts]
    if len(parts) > 1 and w.is_word(low):
        return None  # "mother-in-law", "well-being"
    return next((r for r in PRIORITY if r in reasons), None)


def _part_reason(w: ReaderWords, part: str, capital: bool, start: bool) -> str | None:
    word = w.is_word(part) or part in w.titles
    if not capital:
        if word or part in w.proper or len(part) < 3 or codes.is_number_word(part):
            return None
        if w.is_name(part) or regex.search(r"[^\x00-\x7f]", part):
            return "name-lower"
        return None
    if part in w.proper or part in w.allowed or part in w.titles:
        return None
    if not word:
        return "unknown-capitalised" if len(part) > 1 else None
    if len(part) < 3:
        return None
    common = w.first_rank.get(part, COMMON_FIRST_RANK) < COMMON_FIRST_RANK
    if (common or len(part) == 3 and part in w.first_names) and not (
            start and part in w.sentence_starts):
        return "first-name"  # a common one, or a short one of any rank ("Chi", "Tam")
    if w.surname_rank.get(part, COMMON_SURNAME_RANK) < COMMON_SURNAME_RANK and not start:
        return "surname-word"
    return None


def _spans_of(pattern: regex.Pattern[str], text: str, reason: str,
              skip: Sequence[tuple[int, int]]) -> list[ToConfirm]:
    return [ToConfirm(m.start(), m.end(), reason) for m in pattern.finditer(text)
            if not any(x < m.end() and m.start() < y for x, y in skip)]


def _name_parts(original: str, findings: Iterable[Any]) -> set[str]:
    """The words inside the redacted names of ``original`` (lower case, 2+ letters)."""
    w = words()
    out: set[str] = set()
    for f in findings:
        if getattr(f, "entity_type", "") not in ("PERSON", "NAME", "ORGANIZATION", "ADDRESS"):
            continue
        for m in _WORD.finditer(original[f.start:f.end]):
            low = _bare(m.group())
            pieces = set(regex.split(r"['’\-]", low))
            whole = {low} if len(pieces) == 1 or not all(
                w.is_word(x) and not w.is_name(x) for x in pieces if x) else set()
            for part in whole | pieces:
                if len(part) > 1 and part not in w.titles and part not in w.proper and \
                        (w.is_name(part) or not w.is_word(part)):
                    out.add(part)
    return out


def _given_parts(check_names: Iterable[str]) -> set[str]:
    w = words()
    out: set[str] = set()
    for name in check_names:
        for m in _WORD.finditer(name or ""):
            low = _bare(m.group())
            if len(low) > 1 and low not in w.titles:
                out.add(low)
    return out


def _beside(text: str, t: _Tok, skip: Sequence[tuple[int, int]]) -> bool:
    """Does a number touch one of our labels ("Person B 3", "2nd Address A": the rest of an
    address or a name)? Times, years, money and percentages do not count."""
    if any(y <= t.start and regex.fullmatch(r" ?[/\-–] ?", text[y:t.start]) for _, y in skip):
        return True  # "[case number] / 2026": the rest of a reference
    if codes.ordinary_shape(t.text):
        return False
    return any(_LABEL.fullmatch(text[x:y]) and (
        y <= t.start and text[y:t.start] == " " or
        t.end <= x and not text[t.end:x].strip(" ,") and x - t.end <= 2) for x, y in skip)


#: short words that join two placeholders without being part of either ("Person A and
#: Person B"); any other short word wedged between two is a remnant ("Name A ab Person A")
# capitals that are words, not initials ("ME:", "OK", "IT")
_NOT_INITIALS = frozenset({"me", "us", "we", "it", "is", "am", "ok", "no", "so", "to", "do",
                           "go", "up", "on", "in", "of", "or", "if", "at", "by", "my", "be",
                           "he", "the", "and", "not", "yes", "but", "all", "any", "for"})
_JOINERS = frozenset({"and", "or", "of", "the", "to", "v", "vs", "with", "for", "at", "in",
                      "on", "by", "from", "nor", "but", "as", "is", "was", "&", "a", "an",
                      "then", "via", "per", "re", "c/o", "x"})


def _wedged(text: str, t: _Tok, skip: Sequence[tuple[int, int]]) -> bool:
    """Is this short word alone between two of our labels on one line?"""
    if len(t.text) > 3 or t.text.lower() in _JOINERS or not regex.search(r"\p{L}", t.text) \
            or len(t.text) > 1 and words().is_word(t.text.lower()):
        return False
    before = any(y <= t.start and text[y:t.start] == " " and _LABEL.fullmatch(text[x:y])
                 for x, y in skip)
    after = any(t.end <= x and text[t.end:x] == " " and _LABEL.fullmatch(text[x:y])
                for x, y in skip)
    return before and after


def _lower_case_note(text: str, toks: list[_Tok]) -> bool:
    """Is the text a note written in lower case (most sentences open in lower case)?"""
    opens = [t.text[0] for t in toks if t.text[:1].isalpha() and _sentence_start(text, t.start)]
    return len(opens) >= 3 and sum(c.islower() for c in opens) >= 0.6 * len(opens)


def _token_items(text: str, toks: list[_Tok], elsewhere: set[str], given: set[str],
                 signature: list[tuple[int, int]],
                 skip: Sequence[tuple[int, int]]) -> list[ToConfirm]:
    w = words()
    firm = layout.firm_words(toks, text)
    lower_note = _lower_case_note(text, toks)
    items: list[ToConfirm] = []
    for i, t in enumerate(toks):
        if any(ch.isdigit() for ch in t.text) and _beside(text, t, skip) or \
                _wedged(text, t, skip):
            items.append(ToConfirm(t.start, t.end, "beside-redaction"))
            continue
        if any(ch.isdigit() for ch in t.text):
            line_start = text.rfind("\n", 0, t.start) + 1
            before = text[line_start:t.start].split()[-3:]
            after = toks[i + 1].text if i + 1 < len(toks) else ""
            why = codes.explain(t.text, before, after)
            if why:
                items.append(ToConfirm(t.start, t.end, why))
            continue
        for m in _WORD.finditer(t.text):
            a, b = t.start + m.start(), t.start + m.end()
            word = m.group()
            low = _bare(word)
            parts = {low} | set(regex.split(r"['’\-]", low))
            if parts & given:
                reason: str | None = "check-name"
            elif parts & elsewhere and (word[0].isupper() or not w.is_word(low)):
                reason = "redacted-elsewhere"
            elif i in firm and word[0].isupper() and not w.is_word(low) | (low in w.titles):
                reason = "firm"
            elif i in firm and word[0].isupper() and low not in layout.FIRM_AFTER and \
                    low not in w.titles and low not in {"the", "and", "of"}:
                reason = "firm"
            elif word[0].isupper() and any(x <= a < y for x, y in signature) and \
                    low not in w.titles and low not in w.proper and len(low) > 2 and \
                    (not w.is_word(low) or w.is_name(low)):
                reason = "signature"
            else:
                reason = _word_reason(w, word, _sentence_start(text, a), lower_note)
            if reason:
                items.append(ToConfirm(a, b, reason))
    return items


def _merge(text: str, items: list[ToConfirm]) -> list[ToConfirm]:
    """Overlapping items, and items separated only by spaces on one line, become one."""
    out: list[ToConfirm] = []
    for it in sorted(items, key=lambda i: (i.start, -i.end)):
        if out and (it.start < out[-1].end or (
                it.start - out[-1].end <= 2 and not text[out[-1].end:it.start].strip(" ")
                and "\n" not in text[out[-1].end:it.start])):
            prev = out[-1]
            reason = min(prev.reason, it.reason, key=PRIORITY.index)
            out[-1] = ToConfirm(prev.start, max(prev.end, it.end), reason)
        else:
            out.append(it)
    return out


def second_read(redacted_text: str, *, original: str | None = None,
                findings: Iterable[Any] | None = None,
                check_names: Iterable[str] = (), allow: Iterable[str] = ()
                ) -> list[ToConfirm]:
    """What a person who knows the case should confirm in ``redacted_text``, in text order.

    ``original`` and ``findings`` (the redactor's, offsets into ``original``) let the reader
    flag words that were part of a name redacted elsewhere; ``check_names`` are names the
    presenter gave (every part of each is flagged wherever it survives); ``allow`` are a
    firm's allow terms (a rules file's [allow]), never flagged."""
    if not isinstance(redacted_text, str):
        raise TypeError("second_read needs the redacted text as a string")
    text = redacted_text
    skip = _masked(text)
    elsewhere = _name_parts(original, findings) if original is not None and findings else set()
    given = _given_parts(check_names)
    items = _spans_of(_EMAIL, text, "email", skip) + _spans_of(_URL, text, "url", skip)
    taken = [(i.start, i.end) for i in items]
    items += [p for p in _spans_of(_PHONE, text, "phone", skip + taken)
              if sum(ch.isdigit() for ch in text[p.start:p.end]) >= 8]
    taken = skip + [(i.start, i.end) for i in items]
    date, street = _date_and_street()
    items += _spans_of(date, text, "date", taken) + _spans_of(street, text, "address", taken)
    taken = skip + [(i.start, i.end) for i in items]
    items += [ToConfirm(m.start(1), m.end(1), "speaker") for m in _SPEAKER.finditer(text)
              if not any(x < m.end(1) and m.start(1) < y for x, y in taken)
              and m.group(1).replace(".", "").isupper()
              and m.group(1).replace(".", "").lower() not in _NOT_SPEAKERS]
    items += _spans_of(_INITIALS, text, "initials", taken)
    items += _spans_of(_SPACED_DIGITS, text, "spaced-digits", taken)
    items += layout.glued(text, skip)
    taken = skip + [(i.start, i.end) for i in items] + layout.allowed_phrases(text, allow)
    toks = _tokens(text, taken)
    items += _token_items(text, toks, elsewhere, given, layout.lines_after_sign_off(text), skip)
    items += layout.short_forms(text, elsewhere, skip + [(i.start, i.end) for i in items])
    # a value the generalising operators write ("February 2024", "30s", "80-something") is
    # what a presenter chose to keep, not a remnant (render.generalise)
    bands = generalised_ranges(text)
    return [i for i in _merge(text, items) if not is_generalised("DATE", text[i.start:i.end])
            and not any(a <= i.start and i.end <= b for a, b in bands)]
