"""Every mention of the initials found as a person, with or without their dots and
apostrophes ("C.O'N.", "CO'N", "COʼN" are one person's initials), never inside a code.

>>> text = "RB: yes. TAX/3317/RB. R.B. said, RB-24, RB."
>>> [m.group() for m in every_pattern({"RB"}).finditer(text)]
['RB', 'R.B.', 'RB']
"""

from __future__ import annotations

import regex

Found = list[tuple[int, int, str]]


def every_mention(text: str, words: set[str]) -> Found:
    """Every standalone occurrence of each of ``words`` (exact case: initials)."""
    if not words:
        return []
    return [(m.start(), m.end(), "initials used as a name in this document")
            for m in every_pattern(words).finditer(text)]


def _letters_form(word: str) -> str:
    """``word``'s letters with or without dots and apostrophes between them ("C.O'N.",
    "CO'N", "COʼN" are one person's initials)."""
    letters = [c for c in word if c.isalnum()]
    if len(letters) < 2 or not all(c.isalnum() or c in ".'’ʼ" for c in word):
        return regex.escape(word)  # "T-JW" as written
    joined = r"[.'’ʼ]?".join(map(regex.escape, letters))
    if not any(c.islower() for c in letters):
        # "R.B." with its dots; never "RB." at a sentence's end, whose full stop stays
        dotted = r"[.'’ʼ]".join(map(regex.escape, letters))
        return rf"(?:{regex.escape(word)}|{dotted}\.)" if len(letters) > 1 else joined
    # "MMcK": its letters after the first in any case too (an ALL-CAPS line read in ordinary
    # casing writes "M.McK." as "M.Mck.")
    rest = r"[.'’ʼ]?".join(map(regex.escape, letters[1:]))
    return rf"{regex.escape(letters[0])}[.'’ʼ]?(?i:{rest})\.?"


def every_pattern(words: set[str]) -> regex.Pattern[str]:
    """A pattern of each of ``words`` standing alone (exact case; initials with or without
    their dots and apostrophes)."""
    alt = "|".join(_letters_form(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    # not inside a code ("TAX/3317/KB"): the reference is redacted whole
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}'’/-])(?:{alt})"
                         rf"(?![\p{{L}}\p{{N}}/]|[-'’][\p{{Lu}}\p{{N}}])")
