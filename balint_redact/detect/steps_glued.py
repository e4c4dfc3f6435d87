r"""The stage that takes the rest of a token glued to a finding: a code's letters before it
("DPC-" of "DPC-0027-4418-6631", where only the digits were found as a phone) and digits
after a name or a place ("-16" of "Pokhara-16", a ward's number); and the floor and unit
written before an address ("basement flat, 7 Elgin Crescent", "Suite 4, 2nd Floor, …").
What stays outside a placeholder glued to it would be read as a part of what it hides.

>>> text = "Deposit ID: DPC-0027-4418-6631 and Pokhara-16."
>>> a, b = text.index("0027"), text.index("6631") + 4
>>> c = text.index("Pokhara")
>>> [text[s.start:s.end] for s in whole_tokens(text, [Span(a, b, "PHONE_NUMBER", 0.8, "x"),
...                                                     Span(c, c + 7, "NAME", 0.6, "y")])]
['DPC-0027-4418-6631', 'Pokhara-16']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..text.spans import NAME_TYPES, Span, resolve
from ..text.wordlists import word_pattern
from .document import Document
from .steps_text import cut

if TYPE_CHECKING:
    from .resources import Resources

REASON = "the rest of a code or a name glued to a finding by a hyphen or a slash, or the " \
         "floor or unit before an address"
#: types whose neighbours are ordinary ("2024-25" after a date, "-year-old" after an age)
_WHOLE = frozenset({"DATE", "AGE"})
#: after a finding: a hyphen or slash and a run of letters and digits holding a digit
_AFTER = regex.compile(r"[-/](?=[\p{L}\p{N}]*\p{N})[\p{L}\p{N}]+(?:[-/][\p{L}\p{N}]+)*"
                       r"(?![\p{L}\p{N}])")
#: before a code: capitals (two to five) or letters with digits, and a hyphen or slash
_BEFORE = regex.compile(r"(?<![\p{L}\p{N}'’-])(?:\p{Lu}{2,5}|(?=\p{L}*\p{N})[\p{L}\p{N}]{2,8})"
                        r"[-/]\Z")


#: the floor or part of a building written before an address (models/words/floor_words.txt),
#: and its comma ("basement flat, 7 Elgin Crescent", "Ground floor and basement, 58 Stokes
#: Croft")
_FLOOR_BEFORE = regex.compile(
    r"(?i:(?<![\p{L}\p{N}'’-])(?:"
    + word_pattern("floor_words").replace(r"\ ", r"[ \t]+")
    + r"|\d{1,2}(?:st|nd|rd|th))(?:[ \t]+floor)?"
    r"(?:[ \t]+(?:flat|maisonette|floor|rooms?|front|rear|back))?"
    r"(?:[ \t]+and[ \t]+(?:basement|mezzanine))?)[ \t]*,[ \t]*\Z")


#: a unit of a building with its number and its comma (models/words/unit_words.txt):
#: "Suite 4, " of "Suite 4, 2nd Floor, Grainger House, 17 Clayton Street"
_UNIT_BEFORE = regex.compile(
    r"(?i:(?<![\p{L}\p{N}'’-])(?:" + word_pattern("unit_words") +
    r")\.?[ \t]*\d{1,4}[a-z]?)[ \t]*,[ \t]*\Z")


def _building_before(text: str, start: int) -> int:
    """Where an address starting at ``start`` begins with the floor and the unit written
    before it ("Suite 4, 2nd Floor, " of "… Grainger House, 17 Clayton Street")."""
    for _ in range(3):
        m = _FLOOR_BEFORE.search(text, max(0, start - 40), start) or \
            _UNIT_BEFORE.search(text, max(0, start - 24), start)
        if m is None:
            break
        start = m.start()
    return start


def whole_tokens(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with each grown over what is glued to it: digits after a name's or a place's
    word, a code's letters before it and its further groups after it."""
    out = []
    for s in spans:
        start, end = s.start, s.end
        if s.entity_type not in _WHOLE:
            m = _AFTER.match(text, end)
            # after a name (a placeholder in words) only digits are taken
            if m and (s.entity_type not in NAME_TYPES or m.group()[1:].isdigit()):
                end = m.end()
            if s.entity_type not in NAME_TYPES:
                m = _BEFORE.search(text, max(0, start - 9), start)
                if m:
                    start = m.start()
            if s.entity_type == "ADDRESS":
                start = _building_before(text, start)
        out.append(s if (start, end) == (s.start, s.end) else
                   Span(start, end, s.entity_type, s.score, s.source))
    return out


def glued(res: "Resources", doc: Document) -> None:
    """Every finding grown over the rest of its token (see :func:`whole_tokens`)."""
    grown = whole_tokens(doc.work, doc.spans)
    if grown != doc.spans:
        doc.spans = cut(doc, resolve(grown))
