"""The stage that reads enumerations: in a list of people ("Manoj Nai, Rohit, Amit, Anil,
Pankaj and Raja"), an item the other stages missed or took for a place or an organisation
is a person too — a list names things of one kind.

>>> [m.group() for m in _LIST.finditer("Amit, Anil and Raja came")]
['Amit, Anil and Raja']
"""

from __future__ import annotations

import bisect
import itertools
from typing import TYPE_CHECKING, Callable

import regex

from ..text.spans import Ranges, Span, resolve
from ..text.wordlists import word_list
from .document import Document

if TYPE_CHECKING:
    from .resources import Resources

LIST_SCORE = 0.8
_PEOPLE = ("PERSON", "NAME")
_ITEM = r"\p{Lu}[\p{L}\p{M}'’-]+(?:[ ]\p{Lu}[\p{L}\p{M}'’-]+){0,2}"
#: three or more capitalised items of one to three words, joined by commas and a last
#: "and", "&" or "or" (a comma before it allowed)
_LIST = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{_ITEM},[ ])+{_ITEM},?[ ](?:and|&|or)[ ]{_ITEM}"
                      rf"(?![\p{{L}}\p{{M}}])")
_SPLIT = regex.compile(r",?[ ](?:and|&|or)[ ]|,[ ]")
REASON = "an item of a list whose other items are people"


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in _SPLIT.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return out


def _containment(ranges: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """``inside(a, b)``: does one of ``ranges`` hold all of (a, b)? A bisection over the
    ranges sorted by start, with the furthest end reached so far (a scan of every person for
    every list item was quadratic in a long document)."""
    ranges = sorted(ranges)
    starts = [a for a, _ in ranges]
    furthest = list(itertools.accumulate((b for _, b in ranges), max))

    def inside(a: int, b: int) -> bool:
        i = bisect.bisect_right(starts, a)
        return i > 0 and furthest[i - 1] >= b
    return inside


def name_lists(res: "Resources", doc: Document) -> None:
    """Items of an enumeration of people that no stage found as a person: a person, when at
    least two items and more than half are people already (exactly half: only the items
    nothing else found)."""
    text = doc.work
    inside_person = _containment([(s.start, s.end) for s in doc.spans
                                  if s.entity_type in _PEOPLE])
    found = Ranges([(s.start, s.end) for s in doc.spans])
    added: list[Span] = []
    skip = res.allow_words | word_list("function_words") | word_list("temporal_words")
    for m in _LIST.finditer(text):
        items = _items(text, *m.span())
        is_person = [inside_person(a, b) for a, b in items]
        n = sum(is_person)
        if n < 2 or n * 2 < len(items):
            continue
        for (a, b), known in zip(items, is_person):
            word = text[a:b]
            if known or any(w.lower() in skip for w in word.split()):
                continue
            # half the list: only what nothing found; most of it: a place or an organisation
            # the model guessed for an item is a person too
            if n * 2 == len(items) and found.overlaps(a, b):
                continue
            added.append(Span(a, b, "PERSON", LIST_SCORE, "name-list"))
    if added:
        doc.spans = resolve(doc.spans + added)
