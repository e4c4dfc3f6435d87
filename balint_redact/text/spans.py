"""Detected spans and how overlapping detections are resolved into one non-overlapping set.

>>> resolve([Span(0, 5, "PERSON", 0.85), Span(0, 11, "PERSON", 0.6)])
[Span(start=0, end=11, entity_type='PERSON', score=0.85, source='')]
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

import regex

from ..render.entities import ENTITY_TYPES


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity_type: str
    score: float
    source: str = ""  # which recognizer or rule found it (a name, never text)

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


def _priority(span: Span) -> tuple[int, float, int]:
    """Which type wins a conflict: direct identifiers first, then score, then length."""
    direct = ENTITY_TYPES[span.entity_type].direct if span.entity_type in ENTITY_TYPES else True
    return (1 if direct else 0, span.score, span.end - span.start)


def resolve(spans: list[Span]) -> list[Span]:
    """Merge overlapping spans into their union (recall first: nothing detected is dropped).

    The merged span takes the type of the highest-priority member (but an address, not the
    postcode inside it) and the highest score.
    """
    if not spans:
        return []
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    groups: list[list[Span]] = [[ordered[0]]]
    end = ordered[0].end
    for s in ordered[1:]:
        if s.start < end:
            groups[-1].append(s)
            end = max(end, s.end)
        else:
            groups.append([s])
            end = s.end
    out = []
    for g in groups:
        if len(g) == 1:
            out.append(g[0])
            continue
        best = max(g, key=_priority)
        if best.entity_type == "UK_POSTCODE":
            # a postcode merged with its address is a part of that address
            best = next((s for s in g if s.entity_type == "ADDRESS"), best)
        out.append(replace(best, start=min(s.start for s in g), end=max(s.end for s in g),
                           score=max(s.score for s in g)))
    return out


def subtract(spans: list[Span], blocked: list[tuple[int, int]], text: str) -> list[Span]:
    """Cut blocked ranges (allow-listed phrases) out of spans; keep what is left of a span only
    where it still holds a capitalised word or a number ("High Court of Leeds" → "Leeds").

    >>> subtract([Span(0, 19, "ORGANIZATION", .85)], [(0, 10)], "High Court of Leeds")
    [Span(start=14, end=19, entity_type='ORGANIZATION', score=0.85, source='')]
    """
    if not blocked:
        return spans
    blocked = _merge(blocked)
    starts = [b0 for b0, _ in blocked]
    out = []
    for s in spans:
        # the blocked ranges are sorted and apart, so each one can only cut what is left of
        # the span after the one before (a span over many of them stays linear)
        pieces = []
        rest = s.start
        first = max(0, bisect.bisect_right(starts, s.start) - 1)
        for b0, b1 in blocked[first:bisect.bisect_left(starts, s.end)]:
            if b1 <= s.start or b0 >= s.end:
                continue
            if rest < b0:
                pieces.append((rest, b0))
            rest = max(rest, b1)
        if rest < s.end:
            pieces.append((rest, s.end))
        if pieces == [(s.start, s.end)]:
            out.append(s)
            continue
        for a, b in pieces:
            m = _REST.search(text, a, b)
            if m:
                out.append(replace(s, start=m.start(), end=_trim_end(text, m.start(), b)))
    return out


class Ranges:
    """Ranges of a text, sorted once, for quick "which of them lie near (a, b)" questions on
    long documents (a scan of all of them for every span is quadratic).

    >>> list(Ranges([(20, 25), (0, 5), (10, 12)]).around(11, 13, slack=0))
    [(10, 12)]
    """

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = _merge(ranges)
        self.starts = [a for a, _ in self.ranges]

    def around(self, a: int, b: int, slack: int = 0):
        """The ranges that overlap (a - slack, b + slack)."""
        lo, hi = a - slack, b + slack
        i = max(0, bisect.bisect_right(self.starts, lo) - 1)
        for x, y in self.ranges[i:bisect.bisect_left(self.starts, hi)]:
            if y > lo:
                yield x, y

    def overlaps(self, a: int, b: int) -> bool:
        return next(self.around(a, b), None) is not None


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of ranges."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# what must remain of a cut span for it to still be worth redacting
_REST = regex.compile(r"(?:\p{Lu}|\p{N})[\p{L}\p{N}]")


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return end


# a name particle glued to the name after it by an apostrophe or hyphen ("O'", "D'", "al-"):
# part of the name's word, so a placeholder takes it too
_GLUED_PARTICLE = regex.compile(r"(?<![\p{L}\p{N}])(?:[OoDdLl]|Mc|Mac|[AaEeUu]l|[Bb]in|[Ii]bn|"
                                r"[Aa][bp]|[Ff]itz)['’-]$")
#: the types of a name: a person's, a firm's or a place's (a placeholder in words stands for each)
NAME_TYPES = frozenset({"PERSON", "NAME", "ORGANIZATION", "LOCATION"})


def whole_words(text: str, spans: list[Span]) -> list[Span]:
    """Name spans widened to whole words: over letters they stop inside of, and over a name
    particle glued to their first word ("O'" of "O'Brien", "al-" of "al-Hassan"), never into
    a neighbouring span. Other types (numbers, codes, dates) are left as found.

    >>> text = "CONFIDENTIAL - O'Brien Lowe ref"
    >>> [text[s.start:s.end] for s in whole_words(text, [Span(17, 27, "ORGANIZATION", .85)])]
    ["O'Brien Lowe"]
    """
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    out: list[Span] = []
    for i, s in enumerate(spans):
        if s.entity_type not in NAME_TYPES:
            out.append(s)
            continue
        lo = out[-1].end if out else 0
        hi = spans[i + 1].start if i + 1 < len(spans) else len(text)
        a, b = s.start, s.end
        while a > lo and text[a - 1].isalpha() and text[a:a + 1].isalpha():
            a -= 1
        glued = _GLUED_PARTICLE.search(text, max(lo, a - 5), a)
        if glued and text[a:a + 1].isupper():
            a = glued.start()
        while b < hi and text[b].isalpha() and text[b - 1:b].isalpha():
            b += 1
        out.append(s if (a, b) == (s.start, s.end) else replace(s, start=a, end=b))
    return out
