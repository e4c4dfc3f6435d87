"""The context a report shows around a finding: safe by default, verbatim only on request.

Detection misses things, so a report cannot trust that masking what was *found* hides every
identifier near it. The default context therefore keeps only words that cannot be a name or
a number: lower-case ASCII words on the dictionary list that are not also first names or
surnames ("hope", "baker"), months, days or places ("london"). Everything else —
capitalised words, anything with a digit, non-ASCII letters, unknown words, unusual
symbols — becomes one fixed-width mask, and runs of masked words collapse into a single
mask (so neither the length nor the number of hidden words shows). ``show_text`` gives the window as written (a local opt-in).

>>> safe_context("Yesterday Zed Quill rang from 07700 900123 about the order.", 30, 42)
'███ rang from ███ about the order.'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Sequence

#: what replaces hidden text in a context (fixed width: it does not reveal the length)
MASK = "███"
#: characters of context kept on each side of a finding (then trimmed to whole words)
CONTEXT_CHARS = 40

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# a word: letters, digits, and apostrophes or hyphens joining them
_TOKEN = re.compile(r"\w+(?:['’-]\w+)*")
# punctuation that cannot carry a name or a number on its own
_SAFE_MARKS = frozenset(" .,;:!?'\"()-–—/&%’‘“”…")
_LOWER_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*\Z")





@lru_cache(maxsize=1)
def _is_safe_word() -> Callable[[str], bool]:
    """A predicate: is this word certainly not a name, a place, a date or a number?

    Only the dictionary list proper (models/words/common_words.txt) counts, minus every
    entry of the project's extra words (countries, cities, months, days: "wales" goes too),
    first names and surnames that are also words, and months, days and festivals."""
    from ..text.lexicon import Lexicon
    from ..text.wordlists import _model_lines, word_list, word_name_list, word_surname_list

    words = frozenset(_model_lines("balint_redact.models.words", "common_words.txt")) - \
        frozenset(_model_lines("balint_redact.models.words", "extra_words.txt"))
    names = frozenset(w.lower() for w in word_name_list() | word_surname_list()) | \
        word_list("temporal_words")
    lexicon = Lexicon(words - names)

    def safe(word: str) -> bool:
        if not _LOWER_WORD.match(word):
            return False  # capitalised, digits, non-ASCII letters, underscores
        parts = re.split(r"['’-]", word)
        return lexicon.is_listed(word) and not any(p in names for p in parts)
    return safe


def _window(text: str, start: int, end: int, width: int) -> tuple[int, int]:
    """Whole words around text[start:end], on the finding's own line(s)."""
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    # whole words only: a cut word could be a fragment of something undetected
    if lo > 0 and not text[lo - 1].isspace():
        nxt = re.search(r"\s", text[lo:start])
        lo = lo + nxt.end() if nxt else start
    if hi < len(text) and not text[hi].isspace():
        prv = [m.start() for m in re.finditer(r"\s", text[end:hi])]
        hi = end + prv[-1] if prv else end
    nl = text.rfind("\n", lo, start)
    if nl != -1:
        lo = nl + 1
    nl = text.find("\n", end, hi)
    if nl != -1:
        hi = nl
    return lo, hi


def _whole_words(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Between two spaces, one hidden piece hides all: the safe words glued to something
    hidden are fragments of it ("mo***rg***an", "pa\u200btel" show no part of the name)."""
    out: list[tuple[str, bool]] = []
    run: list[tuple[str, bool]] = []
    for piece in pieces + [(" ", False)]:
        if piece[0].isspace():
            hide = any(h for _, h in run)
            out += [(t, hide or h) for t, h in run]
            out.append(piece)
            run = []
        else:
            run.append(piece)
    return out[:-1]


def _mask_spans(pieces: list[tuple[str, bool]]) -> str:
    """Join (text, hidden) pieces; hidden ones, and whitespace between them, become one mask."""
    pieces = _whole_words(pieces)
    out: list[str] = []
    pending_space = ""
    last_masked = False
    for s, hidden in pieces:
        if hidden:
            if not last_masked:
                out.append(pending_space + MASK)
            pending_space = ""
            last_masked = True
        elif s.isspace():
            pending_space += s
        else:
            out.append(pending_space + s)
            pending_space = ""
            last_masked = False
    out.append(pending_space)
    return "".join(out)


def _pieces(segment: str) -> list[tuple[str, bool]]:
    """Split a stretch of text into words and marks, each tagged hidden or not."""
    safe = _is_safe_word()
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for m in _TOKEN.finditer(segment):
        for ch in segment[pos:m.start()]:
            pieces.append((ch, not (ch.isspace() or ch in _SAFE_MARKS)))
        pieces.append((m.group(), not safe(m.group())))
        pos = m.end()
    for ch in segment[pos:]:
        pieces.append((ch, not (ch.isspace() or ch in _SAFE_MARKS)))
    return pieces


def safe_context(text: str, start: int, end: int, others: Sequence[tuple[int, int]] = (),
                 width: int = CONTEXT_CHARS) -> str:
    """The words around text[start:end] with the finding, every span of ``others``, and
    every word that could be a name or a number masked."""
    lo, hi = _window(text, start, end, width)
    masks = sorted([(start, end)] + [(max(a, lo), min(b, hi)) for a, b in others
                                     if a < hi and b > lo])
    pieces: list[tuple[str, bool]] = []
    pos = lo
    for a, b in masks:
        if b <= pos:
            continue
        a = max(a, pos)
        pieces += _pieces(_CONTROL.sub(" ", text[pos:a]))
        pieces.append((MASK, True))
        pos = b
    pieces += _pieces(_CONTROL.sub(" ", text[pos:hi]))
    return _frame(text, lo, hi, _mask_spans(pieces))


def verbatim_context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The words around text[start:end] as written (control characters blanked): only for
    reports the user asked to show identifiers in (``--show-text``)."""
    lo, hi = _window(text, start, end, width)
    return _frame(text, lo, hi, _CONTROL.sub(" ", text[lo:hi]))


def _frame(text: str, lo: int, hi: int, body: str) -> str:
    body = re.sub(r" {2,}", " ", body).strip()
    return (("…" if lo > 0 and text[lo - 1] != "\n" else "") + body
            + ("…" if hi < len(text) and text[hi] != "\n" else ""))
