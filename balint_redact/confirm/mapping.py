"""Positions between an original text and its redaction, so an item found in the redacted
text can be decided on the original, and a gold span of the original found in the redacted
text. The alignment is built from the redactor's findings (what was replaced, by what) and
checked against the redacted text itself: the anonymizer joins two equal placeholders with
only whitespace between them into one ("[date] [date]" → "[date]"), and that is allowed
for; anything else that does not line up fails closed.

>>> from types import SimpleNamespace as F
>>> original = "Amina rang Hope today."
>>> fs = [F(start=0, end=5, placeholder="Person A")]
>>> segs = align(original, fs, "Person A rang Hope today.")
>>> to_original(segs, 14, 18), to_redacted(segs, 11, 15)
((11, 15), [(14, 18)])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..errors import DetectionError


@dataclass(frozen=True)
class Segment:
    """original[orig:orig+length] was copied unchanged to redacted[red:red+length]."""

    orig: int
    red: int
    length: int


def _fail() -> DetectionError:
    return DetectionError("the redacted text does not match its findings; positions "
                          "cannot be confirmed")


def align(original: str, findings: Iterable[Any], redacted: str) -> list[Segment]:
    """The unchanged stretches shared by ``original`` and ``redacted``."""
    segs: list[Segment] = []
    opos = rpos = 0
    last = None
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        gap = original[opos:f.start]
        if redacted.startswith(gap, rpos) and redacted.startswith(f.placeholder,
                                                                  rpos + len(gap)):
            if gap:
                segs.append(Segment(opos, rpos, len(gap)))
            rpos += len(gap) + len(f.placeholder)
        elif last == f.placeholder and not gap.strip():
            pass  # joined with the placeholder before it by the anonymizer
        else:
            raise _fail()
        opos, last = f.end, f.placeholder
    tail = original[opos:]
    if redacted[rpos:] != tail:
        raise _fail()
    if tail:
        segs.append(Segment(opos, rpos, len(tail)))
    return segs


def to_original(segments: list[Segment], start: int, end: int) -> tuple[int, int] | None:
    """The range of the original that redacted[start:end] was copied from; None unless it
    lies wholly in one unchanged stretch (it touches a placeholder)."""
    for s in segments:
        if s.red <= start and end <= s.red + s.length:
            return start - s.red + s.orig, end - s.red + s.orig
    return None


def to_redacted(segments: list[Segment], start: int, end: int) -> list[tuple[int, int]]:
    """Where the parts of original[start:end] that were not replaced stand in the
    redaction."""
    out = []
    for s in segments:
        a, b = max(start, s.orig), min(end, s.orig + s.length)
        if a < b:
            out.append((a - s.orig + s.red, b - s.orig + s.red))
    return out
