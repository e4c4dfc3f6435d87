r"""The other party of a case title whose one party is a person found, on a line that holds
a case's number ("12:00  ZW25D05102  BANERJEE v HALL" of a cause list, where BANERJEE is a
name): a person too, whatever word it is. A title without its number ("Banks v Goodfellow")
is more often an authority cited, and is left.

>>> text = "12:00  ZW25D05102  BANERJEE v HALL  Directions"
>>> a, c = text.index("BANERJEE"), text.index("ZW25")
>>> [text[s:e] for s, e, _ in other_parties(text, [(a, a + 8)], [(c, c + 10)], frozenset())]
['HALL']
>>> other_parties(text, [(a, a + 8)], [], frozenset())
[]
"""

from __future__ import annotations

from typing import Iterable

import regex

from .mentions import Found

#: one word on each side of " v " / " v. " / " vs ", each standing alone: not a word of a
#: longer name on that side ("KHAN v LONDON BOROUGH OF …" names a body)
_TITLE = regex.compile(
    r"(?<![\p{L}\p{N}'’-][ \t]?)(?<![\p{L}\p{N}'’-])(?P<a>\p{Lu}[\p{L}\p{M}'’-]+)[ \t]+"
    r"(?:v|vs|v\.|vs\.)[ \t]+(?P<b>\p{Lu}[\p{L}\p{M}'’-]+)(?![\p{L}\p{N}'’-]|[ \t]\p{Lu})")


#: how far from the title its case's number may stand (a cause list's row)
NEAR = 40


def other_parties(text: str, people: Iterable[tuple[int, int]],
                  codes: Iterable[tuple[int, int]], stop: frozenset[str]) -> Found:
    """The lone word on the other side of " v " from a person found (``people``: their
    spans) beside one of ``codes`` on its line (the spans of the codes found), unless it is
    a word of ``stop`` (lower case: the Crown's "R", bodies, titles)."""
    starts, ends = set(), set()
    for a, b in people:
        starts.add(a)
        ends.add(b)
    out: Found = []
    titles = list(_TITLE.finditer(text)) if starts else []
    if not titles:
        return out
    codes = list(codes)
    for m in titles:
        if not any(m.start() - NEAR <= b and a <= m.end() + NEAR and
                   "\n" not in text[min(a, m.start()):max(a, m.start())] for a, b in codes):
            continue  # no case's number beside it, starting on its line
        for mine, other in (("a", "b"), ("b", "a")):
            if m.start(mine) in starts and m.end(mine) in ends and \
                    m.group(other).lower() not in stop and len(m.group(other)) > 1:
                out.append((m.start(other), m.end(other),
                            "the other party of a case whose party is a person found"))
    return out
