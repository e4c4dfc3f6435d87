"""Split long texts on paragraph (then line, then space) boundaries, keeping offsets; and run a
regex over a long text window by window, so its time limit holds per piece, not per document.

>>> list(chunk_text("first para\\n\\nsecond para", 16))
[(0, 'first para\\n\\n'), (12, 'second para')]
>>> import regex
>>> find_in_pieces(regex.compile(r"b+"), "ab bb " * 4, limit=8)
[(1, 2), (3, 5), (7, 8), (9, 11), (13, 14), (15, 17), (19, 20), (21, 23)]
"""

from __future__ import annotations

from typing import Iterator

import regex

from ..errors import DetectionError
from ..rules.patterns import _compiled
from ..rules.schema import REGEX_TIMEOUT_SECONDS, PatternRule

_BREAKS = ("\n\n", "\n", ". ", " ")

#: characters a window reaches past its piece, so a match starting in the piece is seen whole
MARGIN = 2_000


def chunk_text(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Yield (offset, chunk) pieces of at most ``limit`` characters that join back to text."""
    pos = 0
    n = len(text)
    while n - pos > limit:
        window_end = pos + limit
        cut = -1
        for sep in _BREAKS:
            found = text.rfind(sep, pos + limit // 2, window_end)
            if found != -1:
                cut = found + len(sep)
                break
        if cut == -1:
            cut = window_end
        yield pos, text[pos:cut]
        pos = cut
    if pos < n or n == 0:
        yield pos, text[pos:]


def find_in_pieces(pattern: regex.Pattern[str], text: str, limit: int = 10_000,
                   timeout: float | None = None) -> list[tuple[int, int]]:
    """(start, end) of the non-empty matches ``pattern.finditer(text)`` gives, found piece by
    piece (pieces of chunk_text) with ``timeout`` for each piece, so that a long document
    neither runs past a per-text limit nor needs one that grows with it.

    Each piece is searched from where the last match ended (or the piece starts) to MARGIN
    characters past its end; the text before it stays visible to lookbehinds. A match that
    starts in the piece is taken when it ends at least MARGIN / 2 characters before the
    window does (or the window reaches the end of the text); otherwise the window is
    widened and searched again. Raises TimeoutError as ``finditer`` does."""
    n = len(text)
    out: list[tuple[int, int]] = []
    pos = 0
    for offset, piece in chunk_text(text, limit):
        end_of_piece = offset + len(piece)
        start = max(pos, offset)
        if start >= end_of_piece:
            continue
        margin = MARGIN
        while True:
            window_end = min(n, end_of_piece + margin)
            found, cut_short = [], False
            for m in pattern.finditer(text, start, window_end, timeout=timeout):
                if m.start() >= end_of_piece:
                    break
                if window_end < n and m.end() > window_end - margin // 2:
                    cut_short = True  # the window may have cut this match short
                    break
                if m.end() > m.start():
                    found.append(m.span())
            if not cut_short:
                break
            margin *= 2
        out += found
        if found:
            pos = found[-1][1]
    return out


def keep_regions(rule: PatternRule, text: str, limit: int = 10_000) -> list[tuple[int, int]]:
    """Where a [[keep]] rule (a regex and nothing else) matches text, piece by piece: its time
    limit holds per piece of ``limit`` characters, as the engine's pattern rules' does, so a
    long document is not refused for its length. A regex that runs past the limit on one
    piece fails closed with the error match_rule gives."""
    try:
        return find_in_pieces(_compiled(rule.regex), text, limit,
                              REGEX_TIMEOUT_SECONDS)
    except TimeoutError:
        raise DetectionError(
            f"rule {rule.name!r} ({rule.source}) took longer than {REGEX_TIMEOUT_SECONDS:g} s "
            "on this input; simplify its regex (nested repetition backtracks "
            "catastrophically)") from None
