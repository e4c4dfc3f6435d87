"""Positions between an original text and its redaction (the redactor's findings say what
was replaced and by what), so an item found in the redacted text can be decided on the
original, and a gold span of the original can be found in the redacted text.

>>> from types import SimpleNamespace as F
>>> original = "Amina rang Hope today."
>>> fs = [F(start=0, end=5, placeholder="Person A")]
>>> red = redacted_text(original, fs); red
'Person A rang Hope today.'
>>> to_original(original, fs, 14, 18), to_redacted(original, fs, 11, 15)
((11, 15), [(14, 18)])
"""

from __future__ import annotations

from typing import Any, Iterable

from ..errors import DetectionError


def _ordered(findings: Iterable[Any]) -> list[Any]:
    return sorted(findings, key=lambda f: (f.start, f.end))


def redacted_text(original: str, findings: Iterable[Any]) -> str:
    """The original with each finding replaced by its placeholder."""
    out, pos = [], 0
    for f in _ordered(findings):
        out += [original[pos:f.start], f.placeholder]
        pos = f.end
    return "".join(out + [original[pos:]])


def check_consistent(original: str, findings: Iterable[Any], redacted: str) -> None:
    """Fail closed when the redaction is not the findings applied to the original (the
    positions could not be trusted)."""
    if redacted_text(original, findings) != redacted:
        raise DetectionError("the redacted text does not match its findings; positions "
                             "cannot be confirmed")


def to_original(original: str, findings: Iterable[Any], start: int, end: int
                ) -> tuple[int, int] | None:
    """The range of the original that redacted[start:end] was copied from; None if it
    touches a placeholder (that part was redacted already)."""
    shift = 0
    for f in _ordered(findings):
        red_start = f.start + shift
        red_end = red_start + len(f.placeholder)
        if end <= red_start:
            break
        if start < red_end:
            return None
        shift += len(f.placeholder) - (f.end - f.start)
    return start - shift, end - shift


def to_redacted(original: str, findings: Iterable[Any], start: int, end: int
                ) -> list[tuple[int, int]]:
    """Where the parts of original[start:end] outside every finding stand in the redaction."""
    pieces, shift, pos = [], 0, start
    for f in _ordered(findings):
        if f.end <= pos:
            shift += len(f.placeholder) - (f.end - f.start)
            continue
        if f.start >= end:
            break
        if f.start > pos:
            pieces.append((pos + shift, f.start + shift))
        pos = max(pos, f.end)
        shift += len(f.placeholder) - (f.end - f.start)
    if pos < end:
        pieces.append((pos + shift, end + shift))
    return [(a, b) for a, b in pieces if b > a]
