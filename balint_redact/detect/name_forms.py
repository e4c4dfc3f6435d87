"""Other written forms of the names found, for the `nicknames` stage: a double first name of
two given names ("Lily-Mae"), a family by its plural surname ("the Storms'"), a found
name's word in capitals ("D POPE" of "Dean Pope"), a nickname quoted inside a name
('Gareth "Gaz" Pilling') or bracketed after it ("Agnieszka (Aga)").

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
from ..text.spans import Ranges, Span
from ..text.termindex import TermIndex
from ..text.wordlists import word_list, word_pattern
from .given import dataset_names, nicknames_of
from .steps_people import given_names

if TYPE_CHECKING:
    from .resources import Resources


@lru_cache(maxsize=1)
def relations() -> frozenset[str]:
    """Kin and role nouns (models/words/relation_nouns.txt)."""
    return word_list("relation_nouns")


@lru_cache(maxsize=4)
def stop_words(res: "Resources") -> frozenset[str]:
    """Lower-case words that are never a name here: titles, function words, months,
    sign-offs ("Thanks, Cat" is no "Surname, Forename")."""
    return (res._titles | title_words() | res.allow_words | word_list("function_words") |
            word_list("determiners") | word_list("month_names") | word_list("weekdays") |
            word_list("temporal_words") | word_list("relation_nouns") | word_list("signoffs") |
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
             if len(w) >= 4 and w.replace("-", "").isalpha() and not w.isupper()}
    words -= word_list("not_initials")
    words = {w for w in words if w.lower() not in stop_words(res)}
    if not words:
        return []
    index = TermIndex()
    for w in words:
        index.add(w, "PERSON", case_sensitive=True)
    return [(a, b) for a, b, _ in index.find(text)
            if text[a:b].isupper() and not (a and text[a - 1] in "'’-")]


_CAPS_BEFORE = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{Lu}[\p{Lu}\p{M}'’-]*)[ \t]+\Z")


def caps_given_before(res: "Resources", text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Given names in capitals right before a name found in capitals, or a found surname in
    capitals ("AMBER" of "litigation friend **AMBER SINCLAIR**", "RUBY-MAE"): one or two,
    each a first name we know (every part of a double one); (start, end) of the whole."""
    out = []
    stop = stop_words(res)
    # the model may call a surname in capitals a firm ("AMBER SINCLAIR" where "Ruby-Mae
    # Sinclair" is a person found)
    surnames = {w.upper() for s in spans if s.entity_type in PERSON_TYPES
                for w in name_tokens(text[s.start:s.end])[1:]} | {
        text[s.start:s.end] for s in spans if s.entity_type in PERSON_TYPES}
    for s in spans:
        name = text[s.start:s.end]
        if not name.isupper() or len(name) < 3 or not (
                s.entity_type in PERSON_TYPES or name in surnames):
            continue
        start = s.start
        for _ in range(2):
            m = _CAPS_BEFORE.search(text, max(0, start - 24), start)
            parts = m.group(1).split("-") if m else []
            if not parts or any(len(p) < 2 or p.lower() in stop or not is_given(res, p)
                                for p in parts):
                break
            start = m.start(1)
        if start < s.start:
            out.append((start, s.end))
    return out


#: a capitalised word a nickname may be ("Gaz", "Lily-Mae"), and the types of a name found
WORD = r"\p{Lu}[\p{Ll}\p{M}'’-]{1,14}"
PERSON_TYPES = ("PERSON", "NAME")
_CASED = r"\p{Lu}[\p{Ll}\p{M}'’-]+"
_CAPS = r"\p{Lu}[\p{Lu}\p{M}'’-]+"
# in ordinary casing or all in capitals, as a cause list writes it ('Re MAUREEN "MO" BIRD')
_BETWEEN = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}'’-])(?:(?P<x>{_CASED})[ \t]+[\"“](?P<q>{WORD})[\"”][ \t]+"
    rf"(?P<z>{_CASED})|(?P<x>{_CAPS})[ \t]+[\"“](?P<q>{_CAPS})[\"”][ \t]+(?P<z>{_CAPS})"
    rf"(?![\p{{L}}\p{{N}}])|(?P<x>{_CASED})[ \t]+\((?P<q>{WORD})\)[ \t]+(?P<z>{_CASED}))")


def nickname_between(res: "Resources", text: str, spans: list[Span]
                     ) -> list[tuple[int, int, str, str]]:
    """'Gareth "Gaz" Pilling', 'Mohammed Arif "Riffy" Chaudhry', "Bhupinder (Bindi) Gill": a
    quoted or bracketed word between a first name (found, or one we know) and a capitalised
    word is a nickname, and the word after it the surname; (start, end) of the whole name,
    the nickname and the surname (the whole is one person, so that "Gaz" alone later has the
    same placeholder)."""
    if '"' not in text and "“" not in text and "(" not in text:
        return []
    taken = Ranges([(s.start, s.end) for s in spans if s.entity_type in PERSON_TYPES])
    # the model may take both names for places ('Pádraig "Paddy" Quinn')
    placed = Ranges([(s.start, s.end) for s in spans
                     if s.entity_type in ("LOCATION", "ORGANIZATION")])
    stop = stop_words(res)
    out = []
    endings = word_list("org_endings")
    for m in _BETWEEN.finditer(text):
        if any(m.group(k).lower() in stop for k in ("x", "q", "z")):
            continue
        if text[m.end("q"):m.end("q") + 1] == ")" and m.group("z").lower() in endings:
            continue  # "Enercon (India) Ltd" is a firm with its country
        if taken.overlaps(*m.span("x")) or is_given(res, m.group("x")) or \
                placed.overlaps(*m.span("x")) and placed.overlaps(*m.span("z")):
            out.append((m.start("x"), m.end("z"), m.group("q"), m.group("z")))
    return out


_BRACKETED = regex.compile(rf"[ \t]?\([\"“]?(?P<q>{WORD})[\"”]?(?:[ \t]+to[ \t]+(?:everyone|"
                           r"everybody|all|friends|family|(?:his|her|their)[ \t]+\p{Ll}+))?\)|"
                           rf"[ \t][\"“](?P<q>{WORD})[\"”]")


def bracketed_nicknames(res: "Resources", text: str, spans: list[Span]
                        ) -> list[tuple[int, int, str]]:
    """A short form in brackets or quotes right after a found name: "Agnieszka (Aga)",
    "Paweł (Pav)", 'Robert ("Bob")', 'Agnieszka "Aga"', "Alasdair (Al to everyone)": it
    starts as the name's first word does, or is one of its usual nicknames, or is quoted in
    brackets ("Mr Smith (Claimant)" is no nickname). (start, end) of the name with its
    bracket (one person, one placeholder) and the short form."""
    if "(" not in text and '"' not in text and "“" not in text:
        return []
    out: list[tuple[int, int, str]] = []
    for s in spans:
        if s.entity_type not in PERSON_TYPES:
            continue
        m = _BRACKETED.match(text, s.end)
        words = name_tokens(text[s.start:s.end])
        if not m or not words:
            continue
        q, first = m.group("q"), words[0]
        if q.lower() in stop_words(res) or q.lower() == first.lower():
            continue
        # quoted in brackets, any word that is no party's role ('Beatriz ("Bia")'; not
        # 'Jo Smith ("Claimant")', a defined term)
        quoted = m.group().rstrip(")").endswith(('"', "”")) and "(" in m.group() and \
            q.lower() not in _roles()
        if quoted or q[:2].lower() == first[:2].lower() or q in nicknames_of(first):
            out.append((s.start, m.end(), q))
    return out


@lru_cache(maxsize=1)
def _roles() -> frozenset[str]:
    """Words a defined term in brackets names a party by ('("Claimant")', '("Tenant")')."""
    return word_list("party_roles") | word_list("relation_nouns") | word_list("edge_words") | \
        word_list("person_fields")


@lru_cache(maxsize=1)
def _lead() -> regex.Pattern[str]:
    """A word a nickname puts before a name, at the end of the text searched."""
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}'’-]){word_pattern('nickname_leads')}[ \t]+\Z")


def nickname_leads(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """A found name with the word a nickname puts before it: "Big Bob Leatherbarrow",
    "Wee Jimmy", "Little Mo"; (start, end) of the whole.

    >>> t = 'foreman: "Big Bob Leatherbarrow"'
    >>> [t[a:b] for a, b in nickname_leads(t, [Span(14, 31, "PERSON", 0.85)])]
    ['Big Bob Leatherbarrow']
    """
    out = []
    for s in spans:
        if s.entity_type in PERSON_TYPES:
            m = _lead().search(text, max(0, s.start - 8), s.start)
            if m:
                out.append((m.start(), s.end))
    return out
