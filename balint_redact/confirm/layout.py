"""Where in a redacted text the second reader looks beyond single words: the remnants glued
to a placeholder, the lines of a signature block, the words of a firm's name, and the
allow terms that explain a phrase.

>>> from balint_redact.render.placeholders import OWN_PLACEHOLDER
>>> text = "From: Person A <p.Person A@firm.example>"
>>> skip = [m.span() for m in regex.finditer(OWN_PLACEHOLDER, text)]
>>> [text[i.start:i.end] for i in glued(text, skip)]
['p.', '@firm.example']
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import regex

from ..render.placeholders import LABEL
from .wordsets import words

_LABEL = regex.compile(LABEL)
_EDGE_R = ".,;:!?)]}\"'”’»*_"


def _item(start: int, end: int, reason: str) -> Any:
    from .reader import ToConfirm

    return ToConfirm(start, end, reason)


_SIGN_OFF = regex.compile(r"^[ \t]*(?:(?:kind|best|warm|many)[ \t]+)?(?:regards|thanks|"
                          r"wishes|yours[ \t]+(?:sincerely|faithfully|truly)|sincerely|"
                          r"cheers)[ \t]*[,.!]?[ \t]*$|^[ \t]*--[ \t]*$", regex.M | regex.I)
FIRM_AFTER = frozenset({"llp", "ltd", "limited", "plc", "solicitors", "solicitor",
                         "chambers", "partners", "associates", "advocates", "barristers",
                         "lawyers", "legal", "law", "& co", "co"})


def allowed_phrases(text: str, allow: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Where the built-in allow list's terms of several words stand ("Anton Piller"), and
    a firm's allow terms (``allow``, as written, any case): vocabulary, not names."""
    out = []
    for term in words().allowed_phrases:
        pos = text.find(term)
        while pos != -1:
            out.append((pos, pos + len(term)))
            pos = text.find(term, pos + 1)
    for term in allow:
        if isinstance(term, str) and term.strip():
            out += [m.span() for m in regex.finditer(
                r"(?<![\p{L}\p{N}])" + regex.escape(term.strip()) + r"(?![\p{L}\p{N}])",
                text, regex.I)]
    return out


def glued(text: str, skip: Sequence[tuple[int, int]]) -> list[Any]:
    """What is glued to a placeholder without a space ("p.Person A@firm.example"): the rest
    of a partly redacted name, address or email."""
    out = []
    ends = [y for _, y in skip]
    starts = [x for x, _ in skip]
    for x, y in skip:
        a = x
        while a > 0 and not text[a - 1].isspace() and text[a - 1] not in "([{\"'“‘<*_" \
                and a not in ends:
            a -= 1
        b = y
        while b < len(text) and not text[b].isspace() and b not in starts:
            b += 1
        while b > y and text[b - 1] in _EDGE_R + ">":
            b -= 1
        label = _LABEL.fullmatch(text[x:y]) is not None
        for lo, hi in ((a, x), (y, b)):
            piece = text[lo:hi]
            if hi <= lo or any(p < hi and lo < q for p, q in skip) or \
                    not any(ch.isalnum() for ch in piece) or \
                    regex.fullmatch(r"['’]s|['’]", piece):
                continue
            letters = regex.sub(r"[^\p{L}]", "", piece).lower()
            initial = label and regex.fullmatch(r"\p{L}[.]", piece) is not None
            if "@" in piece or initial or (label and any(ch.isdigit() for ch in piece)) or (
                    letters and len(letters) > 1 and not words().is_word(letters)
                    and letters not in words().proper):
                out.append(_item(lo, hi, "beside-redaction"))
    return out


def lines_after_sign_off(text: str) -> list[tuple[int, int]]:
    """The (up to four) non-empty lines after each sign-off line."""
    out = []
    for m in _SIGN_OFF.finditer(text):
        pos, taken = m.end(), 0
        while taken < 4 and pos < len(text):
            nl = text.find("\n", pos + 1)
            nl = len(text) if nl == -1 else nl
            line = text[pos:nl]
            if line.strip():
                out.append((pos, nl))
                taken += 1
            pos = nl
    return out


def firm_words(toks: Sequence[Any], text: str = "") -> set[int]:
    """Indexes of capitalised tokens joined by "&" or standing before a firm ending, on
    the same line."""
    out: set[int] = set()

    def same_line(a: Any, b: Any) -> bool:
        return "\n" not in text[a.end:b.start]

    for i, t in enumerate(toks):
        low = t.text.lower().rstrip(".,")
        if t.text == "&" or low in FIRM_AFTER and t.text[0].isupper():
            j = i - 1
            while j >= 0 and toks[j].text[:1].isupper() and i - j <= 3 and \
                    same_line(toks[j], toks[j + 1]):
                out.add(j)
                j -= 1
            if t.text == "&" and i + 1 < len(toks) and toks[i + 1].text[:1].isupper() and \
                    same_line(t, toks[i + 1]):
                out.add(i + 1)
    return out


_CAPITAL_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}\p{Ll}{2,}(?![\p{L}\p{M}])")


def short_forms(text: str, elsewhere: set[str], taken: Sequence[tuple[int, int]]
                ) -> list[Any]:
    """Capitalised words that begin a name redacted elsewhere ("Cal" of "Callum", "Sade" is
    caught by the redactor; a short form it missed is flagged here)."""
    if not elsewhere:
        return []
    starts = {part[:k] for part in elsewhere if len(part) > 4 for k in range(3, len(part) - 1)}
    return [_item(m.start(), m.end(), "redacted-elsewhere")
            for m in _CAPITAL_WORD.finditer(text) if m.group().lower() in starts and
            not any(x < m.end() and m.start() < y for x, y in taken)]
