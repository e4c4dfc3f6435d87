"""What the review page shows: the redacted text as segments, the legend, the mentions of a
word. Pure functions over the original text and its spans (no pipeline, no I/O).

>>> text = "Hope rang Amina. Amina cried."
>>> spans = [Span(10, 15, "PERSON", .9), Span(17, 22, "PERSON", .9)]
>>> render(text, spans)[0]
'Hope rang Person A. Person A cried.'
>>> mentions(text, 17, 22)
[(10, 15), (17, 22)]
"""

from __future__ import annotations

from typing import Any

import regex

from ..render.entities import ENTITY_TYPES
from ..render.placeholders import assign
from ..text.spans import Span
from .second import Item

#: a word the presenter can click: letters and digits, joined by an apostrophe, a hyphen or
#: a full stop inside it ("O'Neill", "Smith-Jones", "J.M")
WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*")
_POSSESSIVE = regex.compile(r"['’]s$", regex.IGNORECASE)

Pairs = list[tuple[Span, str]]


def render(text: str, spans: list[Span], style: str = "placeholder") -> tuple[str, Pairs]:
    """The redacted text and each span with its replacement (placeholders assigned over the
    whole document, as the Redactor assigns them)."""
    pairs = assign(text, spans, style)
    out, pos = [], 0
    for span, rep in pairs:
        out.append(text[pos:span.start])
        out.append(rep)
        pos = span.end
    out.append(text[pos:])
    return "".join(out), pairs


def word_at(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The word of ``text`` that ``start:end`` lies in (or None), its possessive left out."""
    for m in WORD.finditer(text, max(0, start - 64), min(len(text), end + 64)):
        if m.start() <= start and end <= m.end():
            b = m.end()
            tail = _POSSESSIVE.search(m.group())
            if tail and tail.start() > 0:
                b = m.start() + tail.start()
            return m.start(), b
    return None


#: the longest phrase a presenter can select and redact as one
MAX_PHRASE = 120
_PHRASE = regex.compile(r"[\p{L}\p{N}]+(?:[ '’.\-]+[\p{L}\p{N}]+)*")


def phrase_at(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start:end`` if it is whole words of one line joined by spaces, hyphens or
    apostrophes ("Silver Birch"), the possessive of its last word left out; else None."""
    if not 0 <= start < end <= len(text) or end - start > MAX_PHRASE:
        return None
    if not _PHRASE.fullmatch(text, start, end):
        return None
    if (start and WORD.match(text[start - 1])) or (end < len(text) and WORD.match(text[end])):
        return None
    last = word_at(text, max(start, end - 1), end)
    return (start, last[1]) if last else None


def mentions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Every mention of the word (or phrase) ``text[start:end]``: the same letters as a whole
    word,
    possessives too. A capitalised word matches only capitalised mentions ("Hope" the name,
    not "I hope"); a lower-case one matches every mention in any case."""
    word = text[start:end]
    body = r"\s+".join(regex.escape(part) for part in word.split())
    pattern = regex.compile(r"(?<![\p{L}\p{N}])" + body + r"(?![\p{L}\p{N}])",
                            regex.IGNORECASE | regex.V1)
    capital = word[:1].isupper()
    return [(m.start(), m.end()) for m in pattern.finditer(text)
            if not capital or m.group()[:1].isupper()]


def same_text(text: str, a: Span | tuple[int, int], b: Span | tuple[int, int]) -> bool:
    """Two ranges hold the same words (case and spacing aside)."""
    def key(r: Any) -> str:
        s, e = (r.start, r.end) if isinstance(r, Span) else r
        return " ".join(text[s:e].split()).casefold()
    return key(a) == key(b)


def _plain(text: str, start: int, end: int, red_start: int, items: list[Item],
           kept: set[tuple[int, int]]) -> list[dict[str, Any]]:
    """Segments of an unredacted stretch: words (clickable, marked "to confirm" where an
    item overlaps them) and the text between them."""
    out: list[dict[str, Any]] = []
    pos = start
    for m in WORD.finditer(text, start, end):
        if m.start() > pos:
            out.append({"s": text[pos:m.start()]})
        a, b = m.start(), m.end()
        seg: dict[str, Any] = {"w": m.group(), "a": a, "b": b}
        ra, rb = red_start + (a - start), red_start + (b - start)
        reasons = [i.reason for i in items if i.start < rb and ra < i.end]
        if reasons:
            seg["c"] = "; ".join(dict.fromkeys(reasons))
        if any(ka <= a and b <= kb for ka, kb in kept):
            seg["k"] = True
        out.append(seg)
        pos = b
    if pos < end:
        out.append({"s": text[pos:end]})
    return out


def segments(text: str, pairs: Pairs, items: list[Item],
             kept: set[tuple[int, int]]) -> list[dict[str, Any]]:
    """The page's text: ``{"s"}`` plain text, ``{"w", "a", "b"[, "c", "k"]}`` a word (with its
    "to confirm" reason, and whether a presenter kept it on purpose), ``{"r", "a", "b",
    "type", "direct", "orig", "d"}`` a replacement ("d": made by a decision)."""
    out: list[dict[str, Any]] = []
    pos = red = 0
    for span, rep in pairs:
        out += _plain(text, pos, span.start, red, items, kept)
        red += span.start - pos
        out.append({"r": rep, "a": span.start, "b": span.end, "type": span.entity_type,
                    "direct": ENTITY_TYPES[span.entity_type].direct,
                    "orig": text[span.start:span.end], "d": span.source == "decision"})
        red += len(rep)
        pos = span.end
    out += _plain(text, pos, len(text), red, items, kept)
    return out


def legend(text: str, pairs: Pairs) -> list[dict[str, Any]]:
    """Who each placeholder is: its type, the original words and where each mention is, in
    order of first appearance."""
    rows: dict[str, dict[str, Any]] = {}
    for span, rep in pairs:
        row = rows.setdefault(rep, {"placeholder": rep, "type": span.entity_type,
                                    "label": ENTITY_TYPES[span.entity_type].label,
                                    "originals": [], "places": []})
        orig = " ".join(text[span.start:span.end].split())
        if orig not in row["originals"]:
            row["originals"].append(orig)
        row["places"].append(span.start)
    return list(rows.values())


def to_original(pairs: Pairs, text_length: int, item: Item) -> tuple[int, int] | None:
    """An item's range (offsets into the redacted text) in the original text, clipped to
    the unredacted stretch it starts in; None if it lies inside a replacement."""
    pos = red = 0
    for span, rep in [*pairs, (Span(text_length, text_length, "PERSON", 0.0), "")]:
        stretch = span.start - pos
        if red <= item.start < red + stretch:
            a = pos + item.start - red
            return a, min(pos + item.end - red, span.start)
        red += stretch + len(rep)
        pos = span.end
    return None
