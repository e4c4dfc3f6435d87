"""Cyrillic and Greek letters that look like Latin ones, read as the Latin letter inside Latin
words and identifiers ("Pаtel" with a Cyrillic а, "АВ 12 34 56 С"); a Cyrillic or Greek word
is left alone. The table is models/confusables.txt (Unicode's confusables data).

>>> fold("Mrs Pаtel, NI АВ 12 34 56 С; Москва, Вера")
'Mrs Patel, NI AB 12 34 56 C; Москва, Вера'
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import regex

#: a confusable letter may be read as Latin in a token that also holds a Latin letter or a digit
_LATIN_OR_DIGIT = regex.compile(r"[\p{Latin}\p{N}]")
#: ... or in a short token of nothing but confusable letters beside a token with a digit
_MAX_LONE = 4
_DIGITS_BEFORE = regex.compile(r"\p{N}[\p{L}\p{N}]*[ \t./\-]{1,2}\Z")
_DIGITS_AFTER = regex.compile(r"[ \t./\-]{1,2}[\p{L}\p{N}]*\p{N}")


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """Confusable letter → the Latin letter it looks like."""
    text = resources.files("balint_redact.models").joinpath("confusables.txt").read_text(
        encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, latin = line.split("\t")[:2]
            out[chr(int(code, 16))] = latin
    return out


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], regex.Pattern[str]]:
    chars = "".join(regex.escape(c) for c in table())
    # the stdlib scans a plain character class several times faster than regex does
    return re.compile(f"[{chars}]"), regex.compile(
        rf"[\p{{L}}\p{{M}}\p{{N}}]*[{chars}][\p{{L}}\p{{M}}\p{{N}}]*")


def _foldable(text: str, start: int, end: int, conf: dict[str, str]) -> bool:
    token = text[start:end]
    if _LATIN_OR_DIGIT.search(token):
        return True  # mixed scripts: "Pаtel", "АВ123456С"
    letters = [c for c in token if c.isalpha()]
    if len(letters) > _MAX_LONE or not all(c in conf for c in letters):
        return False
    return bool(_DIGITS_BEFORE.search(text, max(0, start - 40), start) or
                _DIGITS_AFTER.match(text, end, min(len(text), end + 40)))


def fold(text: str) -> str:
    """``text`` with confusable letters read as Latin where they stand in Latin words or
    identifiers. Same length as ``text``."""
    any_char, token = _patterns()
    if not any_char.search(text):
        return text
    conf = table()
    chars: list[str] | None = None
    for m in token.finditer(text):
        if _foldable(text, m.start(), m.end(), conf):
            if chars is None:
                chars = list(text)
            for i in range(m.start(), m.end()):
                chars[i] = conf.get(chars[i], chars[i])
    return text if chars is None else "".join(chars)
