"""Other written forms of the names found, for the `nicknames` stage: a double first name of
two given names ("Lily-Mae"), a family by its plural surname ("the Storms'"), and a found
name's word in capitals ("D POPE" of "Dean Pope").

>>> from balint_redact.text.spans import Span
>>> t = "Mrs Storm rang. The Storms' fence."
>>> [t[a:b] for a, b in plural_surnames(t, [Span(4, 9, "PERSON", 0.9)])]
['Storms']
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from ..text.names import STOP_CAPS, name_tokens, title_words
from ..text.spans import Span
from ..text.termindex import TermIndex
from ..text.wordlists import word_list
from .given import dataset_names
from .steps_people import given_names

if TYPE_CHECKING:
    from .resources import Resources


@lru_cache(maxsize=1)
def relations() -> frozenset[str]:
    """Kin and role nouns (models/words/relation_nouns.txt)."""
    return word_list("relation_nouns")


@lru_cache(maxsize=4)
def stop_words(res: "Resources") -> frozenset[str]:
    """Lower-case words that are never a name here: titles, function words, months."""
    return (res._titles | title_words() | res.allow_words | word_list("function_words") |
            word_list("determiners") | word_list("month_names") | word_list("weekdays") |
            word_list("temporal_words") | word_list("relation_nouns") |
            frozenset(w.lower() for w in STOP_CAPS))


def is_given(res: "Resources", word: str) -> bool:
    """Whether ``word`` (any case) is a given name or nickname we know."""
    cased = word[:1].upper() + word[1:].lower()
    return cased in dataset_names() or cased in res.word_names or cased in given_names()


_DOUBLE = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{Lu}\p{Ll}+)-(\p{Lu}\p{Ll}+)(?![\p{L}\p{N}-])")


def double_given(res: "Resources", text: str) -> list[tuple[int, int]]:
    """Double-barrelled first names of two given names ("Lily-Mae", "Mary-Jane")."""
    if "-" not in text:
        return []
    return [m.span() for m in _DOUBLE.finditer(text)
            if is_given(res, m.group(1)) and is_given(res, m.group(2)) and
            m.group(1).lower() not in stop_words(res) and
            m.group(2).lower() not in stop_words(res)]


_PLURAL = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{Lu}\p{Ll}{2,})s(?=['’](?!\p{L})|\b)")


def plural_surnames(text: str, people: list[Span]) -> list[tuple[int, int]]:
    """A found surname made plural for a family: "the Storms' allegation" of "Mrs Storm",
    "the Okafors" — with an apostrophe after it, or "the" before it."""
    surnames = {text[s.start:s.end].split()[-1] for s in people
                if text[s.start:s.end].split() and text[s.start:s.end].split()[-1].isalpha()}
    out = []
    for m in _PLURAL.finditer(text):
        if m.group(1) not in surnames:
            continue
        after = text[m.end():m.end() + 1]
        if after in "'’" or text[max(0, m.start() - 4):m.start()].lower() == "the ":
            out.append(m.span())
    return out


def in_capitals(res: "Resources", text: str, people: list[Span]) -> list[tuple[int, int]]:
    """A found name's word of four letters or more written in capitals ("D POPE" of "Dean
    Pope"): not a word an acronym could be (models/words/not_initials.txt)."""
    words = {w.upper() for s in people for w in name_tokens(text[s.start:s.end])
             if len(w) >= 4 and w.isalpha() and not w.isupper()}
    words -= word_list("not_initials")
    words = {w for w in words if w.lower() not in stop_words(res)}
    if not words:
        return []
    index = TermIndex()
    for w in words:
        index.add(w, "PERSON", case_sensitive=True)
    return [(a, b) for a, b, _ in index.find(text)
            if text[a:b].isupper() and not (a and text[a - 1] in "'’-")]
