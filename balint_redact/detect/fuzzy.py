"""One typo in a long known name ("Quartermain" for "Quartermaine", "Patle" for "Patel" is
too short to risk): symmetric-deletion lookup, then a true edit-distance check.

>>> fz = FuzzyNames(["Zebedee Quartermaine"], min_length=6)
>>> t = "Mr Quartermain and Mr Qaurtermaine; quarter"
>>> [t[s:e] for s, e in fz.find(t)]
['Quartermain', 'Qaurtermaine']
"""

from __future__ import annotations

from typing import Iterable

import regex

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by at most one insertion, deletion, substitution or swap of
    two neighbouring letters."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and \
            a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    return any(a == b[:i] + b[i + 1:] for i in range(len(b)))


class FuzzyNames:
    """Words of known names of at least ``min_length`` letters, found with one typo."""

    def __init__(self, names: Iterable[str], min_length: int = 6,
                 skip: frozenset[str] = frozenset()) -> None:
        self.min_length = min_length
        self.index: dict[str, set[str]] = {}
        self.max_length = 0  # of the words indexed
        for name in names:
            for w in _WORD.findall(name):
                low = w.lower()
                if len(low) < min_length or low in skip:
                    continue
                self.max_length = max(self.max_length, len(low))
                for key in _deletions(low) | {low}:
                    self.index.setdefault(key, set()).add(low)

    def __bool__(self) -> bool:
        return bool(self.index)

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of words within one edit of a known name's word (exact ones too)."""
        if not self.index:
            return []
        out = []
        for m in _WORD.finditer(text):
            low = m.group().lower()
            # one edit changes the length by one at most; a long run of letters is not looked
            # up (its deletions alone would cost the square of its length)
            if not self.min_length - 1 <= len(low) <= self.max_length + 1:
                continue
            candidates: set[str] = set()
            for key in _deletions(low) | {low}:
                candidates |= self.index.get(key, set())
            if any(within_one_edit(low, c) for c in candidates):
                out.append(m.span())
        return out
