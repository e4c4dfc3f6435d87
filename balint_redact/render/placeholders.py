"""Group mentions of the same person, organisation or place and give each group one label.

Placeholder style: "Person A", "Organisation B", "Place C", "Address A" (lettered by first
appearance; after Z come AA, AB, ...); every other type gets a tag such as "[email]".
Tag style: "[person]", "[email]" ... Mask style: one "*" per character (line breaks kept).

>>> text = "Mrs Amina Patel rang. Later Patel's landlord Gerald Thorne laughed; Amina cried."
>>> spans = [Span(0, 15, "PERSON", .9), Span(28, 33, "PERSON", .9), Span(45, 58, "PERSON", .9),
...          Span(68, 73, "PERSON", .9)]
>>> [p for _, p in assign(text, spans, "placeholder")]
['Person A', 'Person A', 'Person B', 'Person A']
"""

from __future__ import annotations

import bisect
from typing import Iterable

import regex

from .entities import ENTITY_TYPES
from ..text.normalize import read
from ..text.names import PARTICLES, name_tokens, short_forms, strip_titles, title_words
from ..text.spans import Span, whole_words
from ..text.wordlists import word_list

#: a label this module writes ("Person A", "Place AB")
LABEL = (r"(?<!\p{L})(?:%s) [A-Z]{1,3}(?!\p{L})"
         % "|".join(regex.escape(t.label) for t in ENTITY_TYPES.values() if t.clustered))
#: a type tag this module writes ("[email]", "[NI number]"): exactly these, nothing else in
#: brackets ("[Zebedee Quarrington]" is a name, not a tag)
TAG = "|".join(regex.escape(tag) for tag in sorted({t.tag for t in ENTITY_TYPES.values()},
                                                   key=lambda t: (-len(t), t)))
#: a mask this module writes ("*****"): it stands for whole words, so no letter or digit
#: touches it; one or two stars, or stars glued to a word ("***Leeds***", "Am***in***a"), are
#: Markdown emphasis
MASK = r"(?<![\p{L}\p{N}*])\*{3,}(?![\p{L}\p{N}*])"
#: anything this module writes in place of an identifier: the one definition of "our own
#: placeholder" (detection never finds one again; ``check`` does not count one as residual)
OWN_PLACEHOLDER = f"{LABEL}|{TAG}|{MASK}"
_LABEL = regex.compile(LABEL)

_ORG_NOISE = word_list("org_noise")


def letters(n: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _key(text: str, span: Span) -> tuple[str, ...]:
    """The words a mention is grouped by, as detection read them ("Am**in**a" is "amina")."""
    if span.entity_type in ("PERSON", "NAME"):
        s, e = strip_titles(text, span.start, span.end)
        drop = title_words() | PARTICLES
        tokens = [t.lower() for t in name_tokens(read(text[s:e]).text)]
        # a name made only of title-like words ("SH", the initials, not "Sh." of Shri) is
        # grouped by those words, not by nothing (which gave each mention its own letter)
        return tuple(t for t in tokens if t not in drop) or tuple(tokens)
    words = name_tokens(read(text[span.start:span.end]).text)
    for suffix in ("'s", "’s"):
        if words and words[-1].endswith(suffix):
            words[-1] = words[-1][: -len(suffix)]
    return tuple(w.lower() for w in words if w.lower() not in _ORG_NOISE) or tuple(
        w.lower() for w in words)


def _fits(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """Every token of part is a token of whole (a lone letter matches a token's initial)."""
    pool = list(whole)
    for t in part:
        if t in pool:
            pool.remove(t)
            continue
        match = next((w for w in pool if len(t) == 1 and w.startswith(t)), None)
        if match is None:
            return False
        pool.remove(match)
    return True


_COMPATIBLE = {"PERSON": ("PERSON", "NAME"), "NAME": ("PERSON", "NAME")}


def cluster(text: str, spans: list[Span]) -> list[int]:
    """A cluster number for each span (same number: same entity). Spans of types that are not
    clustered each get their own number.

    Longest forms are placed first; a shorter mention joins a cluster whose fullest form holds
    all its words (an initial matches a word's first letter). With several candidates ("Patel"
    beside two Patels) the nearest earlier mention wins. Candidates are found through a
    word index, so long documents stay near linear.
    """
    keys = [_key(text, s) for s in spans]
    ids = [-1] * len(spans)
    forms: list[tuple[str, ...]] = []  # fullest form of each cluster
    starts: list[list[int]] = []  # sorted start offsets of each cluster's members
    by_word: dict[tuple[str, str], set[int]] = {}
    by_type: dict[str, list[int]] = {}
    by_short: dict[str, set[int]] = {}  # short forms of first names

    def new_cluster(i: int) -> int:
        cid = len(forms)
        forms.append(keys[i])
        starts.append([spans[i].start])
        etype = spans[i].entity_type
        if ENTITY_TYPES[etype].clustered:
            by_type.setdefault(etype, []).append(cid)
            for w in keys[i]:
                by_word.setdefault((etype, w), set()).add(cid)
            first = keys[i][0] if len(keys[i]) > 1 else ""
            for short in short_forms(first):  # "dom" of "dominic halloran"
                by_short.setdefault(short, set()).add(cid)
        return cid

    def distance(cid: int, pos: int) -> tuple[int, int]:
        members = starts[cid]
        k = bisect.bisect_right(members, pos)
        if k:
            return (0, pos - members[k - 1])
        return (1, members[0] - pos)

    order = sorted(range(len(spans)), key=lambda i: (-len(keys[i]), spans[i].start))
    for i in order:
        s = spans[i]
        if not ENTITY_TYPES[s.entity_type].clustered or not keys[i]:
            ids[i] = new_cluster(i)
            continue
        words = [w for w in keys[i] if len(w) > 1]
        # an unplaced name ("Name A") joins a person who has that name, and the reverse
        kinds = _COMPATIBLE.get(s.entity_type, (s.entity_type,))
        if words:
            pool = {c for k in kinds for c in by_word.get((k, words[0]), ())}
        else:  # initials only ("J.M."): look through this type's clusters
            pool = {c for k in kinds for c in by_type.get(k, ())}
        candidates = [c for c in pool if _fits(keys[i], forms[c])]
        if not candidates and len(keys[i]) == 1 and s.entity_type in _COMPATIBLE:
            candidates = sorted(by_short.get(keys[i][0], ()))
        if not candidates:
            ids[i] = new_cluster(i)
            continue
        best = candidates[0] if len(candidates) == 1 else \
            min(candidates, key=lambda c: (distance(c, s.start), c))
        bisect.insort(starts[best], s.start)
        ids[i] = best
    return ids


def replacement(text: str, span: Span, style: str, label: str) -> str:
    etype = ENTITY_TYPES[span.entity_type]
    if style == "mask":
        return "".join(c if c in "\n\r" else "*" for c in text[span.start:span.end])
    if style == "tag" or not etype.clustered:
        return etype.tag
    return label


def assign(text: str, spans: Iterable[Span], style: str = "placeholder") -> list[tuple[Span, str]]:
    """Pair each span with its replacement text, consistently within the document. A name's
    placeholder covers whole words (text.spans.whole_words: "O'" of "O'Brien" too)."""
    spans = whole_words(text, list(spans))
    ids = cluster(text, spans)
    people = {cid for span, cid in zip(spans, ids) if span.entity_type == "PERSON"}
    labels: dict[int, str] = {}
    counters: dict[str, int] = {}
    # labels a text already holds (a second pass over redacted text) name someone else
    taken = set(_LABEL.findall(text))
    out = []
    for span, cid in zip(spans, ids):
        if cid not in labels:
            # a group with a person in it is a person, even if first met as a bare name
            stem = ENTITY_TYPES["PERSON" if cid in people else span.entity_type].label
            n = counters.get(stem, 0)
            while f"{stem} {letters(n)}" in taken:
                n += 1
            counters[stem] = n + 1
            labels[cid] = f"{stem} {letters(n)}"
        out.append((span, replacement(text, span, style, labels[cid])))
    return out
