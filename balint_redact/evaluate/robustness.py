"""Variants of a gold corpus that a real write-up might arrive as: all lower case (quick
notes), ALL CAPS, hard-wrapped lines, small typos. Every variant keeps the length of the text,
so the gold offsets still hold.

>>> doc = GoldDoc("d", "Amina Patel rang me.", [GoldSpan(0, 11, "PERSON", True)])
>>> [v.text for _, v in variants_of(doc, ("lower", "upper"))]
['amina patel rang me.', 'AMINA PATEL RANG ME.']
"""

from __future__ import annotations

import random
import zlib
from typing import Iterable, Iterator

import regex

from .scoring import GoldDoc, GoldSpan  # noqa: F401 (GoldSpan: for the example)

VARIANTS = ("lower", "upper", "wrapped", "typos")
WRAP_WIDTH = 40
TYPO_RATE = 0.05


def _same_length(text: str, fn) -> str:
    return "".join(c2 if len(c2 := fn(c)) == 1 else c for c in text)


def wrapped(text: str, width: int = WRAP_WIDTH) -> str:
    """Turn the last space before each ``width`` characters into a line break."""
    chars = list(text)
    line_start = 0
    last_space = -1
    for i, c in enumerate(chars):
        if c == "\n":
            line_start, last_space = i + 1, -1
        elif c == " ":
            last_space = i
        if i - line_start >= width and last_space > line_start:
            chars[last_space] = "\n"
            line_start, last_space = last_space + 1, -1
    return "".join(chars)


def typos(text: str, rate: float = TYPO_RATE, seed: int = 0) -> str:
    """Swap two inner letters in about ``rate`` of the words of five letters or more."""
    rng = random.Random(seed)
    chars = list(text)
    for m in regex.finditer(r"\p{L}{5,}", text):
        if rng.random() < rate:
            i = rng.randrange(m.start() + 1, m.end() - 2)
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def transform(text: str, kind: str, seed: int = 0) -> str:
    if kind == "lower":
        return _same_length(text, str.lower)
    if kind == "upper":
        return _same_length(text, str.upper)
    if kind == "wrapped":
        return wrapped(text)
    if kind == "typos":
        return typos(text, seed=seed)
    raise ValueError(f"unknown variant {kind!r} (known: {', '.join(VARIANTS)})")


def variants_of(doc: GoldDoc, kinds: Iterable[str] = VARIANTS) -> Iterator[tuple[str, GoldDoc]]:
    for n, kind in enumerate(kinds):
        seed = zlib.crc32(doc.id.encode()) + n
        yield kind, GoldDoc(f"{doc.id}~{kind}", transform(doc.text, kind, seed), doc.spans)


def corpus_variant(docs: list[GoldDoc], kind: str) -> list[GoldDoc]:
    """The whole corpus in one variant."""
    return [v for d in docs for _, v in variants_of(d, (kind,))]
