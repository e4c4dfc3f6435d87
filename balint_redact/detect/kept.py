"""The words that looked like identifiers and were kept, each with the stage and the reason
(recorded in the trace only: nothing here changes what is redacted)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..text.wordlists import word_list
from .document import Document
from .steps_text import protected_by

if TYPE_CHECKING:
    from .resources import Resources

# a capitalised word, or a run of digits long enough to be a number of some kind
_LOOKS_LIKE = regex.compile(r"(?<![\p{L}\p{N}])(?:\p{Lu}[\p{L}'’-]*\p{L}|\d[\d /-]{4,}\d)"
                            r"(?![\p{L}\p{N}])")


def note_kept(res: "Resources", doc: Document) -> None:
    """Trace a 'keep' record for each capitalised word (or long number) no final span covers."""
    if doc.trace is None:
        return
    covered = sorted((s.start, s.end) for s in doc.spans)
    found = [m.span() for m in _LOOKS_LIKE.finditer(doc.work)]
    i = 0
    for a, b in sorted(set(found) | set(doc.public)):
        while i < len(covered) and covered[i][1] <= a:
            i += 1
        if i < len(covered) and covered[i][0] < b:
            continue
        stage, why = reason_kept(res, doc, a, b)
        doc.trace.keep(stage, why, a + doc.offset, b + doc.offset)


def reason_kept(res: "Resources", doc: Document, a: int, b: int) -> tuple[str, str]:
    """The stage and reason that account for the word at [a, b) being kept."""
    word = doc.work[a:b]
    low = word.lower().strip("'’")
    where = protected_by(doc, a, b)
    if where:
        return "protect", where
    if low in res.allow_words:
        return "protect", "an allow-list word"
    if low in res._titles:
        return "titled_names", "a title, not a name"
    if word[:1].isdigit():
        return "model", "a number no pattern rule matched"
    if low in word_list("month_names"):
        return "tidy_model", "a month alone, no exact date"
    if low in word_list("weekdays"):
        return "tidy_model", "a weekday, no date on its own"
    parts = low.split("-")  # "Welsh-speaking"
    if any(p in word_list("demonyms") for p in parts) and \
            all(p in word_list("demonyms") or res.lexicon.is_common(p) for p in parts):
        return "unknown_words", "a nationality, people or language, not a name"
    if low in word_list("modern_words"):
        return "unknown_words", "an ordinary modern word (models/words/modern_words.txt)"
    if res.lexicon.is_common(word):
        return "unknown_words", "a common word"
    if res.lexicon.is_listed(word):
        return "unknown_words", "a dictionary word"
    return "unknown_words", "capitalised, but no stage took it for a name"
