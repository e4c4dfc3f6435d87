"""Split long texts on paragraph (then line, then space) boundaries, keeping offsets.

>>> list(chunk_text("first para\\n\\nsecond para", 16))
[(0, 'first para\\n\\n'), (12, 'second para')]
"""

from __future__ import annotations

from typing import Iterator

_BREAKS = ("\n\n", "\n", ". ", " ")


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
