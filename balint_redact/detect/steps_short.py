"""The stage that finds the short forms of a found name taken from its start ("Mel" of
"Melanie", "Ro" of "Rosemary", "Em" of "Emily"): a person (a placeholder of its own: the
grouping of mentions does not join a short form to its full name yet). Short forms from a
name's end ("Sade" of "Folasade") are found by propagation.

>>> sorted(_starts("Rosemary Quinlan"))[:3]
['Qu', 'Qui', 'Quin']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..text.spans import Ranges, Span, resolve
from ..text.wordlists import word_list
from .document import Document

if TYPE_CHECKING:
    from .resources import Resources

SHORT_SCORE = 0.8
REASON = "the start of a name found in this document, used as a short form ('Mel' of 'Melanie')"
_WORD = regex.compile(r"\p{Lu}\p{Ll}{4,}")
_CAPITAL = regex.compile(r"(?<![\p{L}\p{M}'’.-])\p{Lu}\p{Ll}{1,4}(?![\p{L}\p{M}]|['’]\p{L}{2})")


def _sentence_start(text: str, at: int) -> bool:
    """Does a sentence, a line or a list item start at ``at``? Only the spaces before it are
    read (a search from the text's start for every word was quadratic in a 5 MB file)."""
    j = at
    while j > 0 and text[j - 1].isspace():
        if text[j - 1] == "\n":
            return True
        j -= 1
    if j == 0 or text[j - 1] in '.!?:;"“>':
        return True
    if text[j - 1] in "-*•":  # a list marker at the very start of the text
        k = j - 1
        while k > 0 and text[k - 1].isspace():
            k -= 1
        return k == 0
    return False


def _starts(name: str) -> set[str]:
    """The short forms a name's words of five letters or more could take: their first two
    letters up to all but the last two."""
    return {w[:k] for w in _WORD.findall(name) for k in range(2, len(w) - 1)}


def short_forms(res: "Resources", doc: Document) -> None:
    """Capitalised words that begin a person's name found in the document and are no
    dictionary word, title or particle: that person too."""
    text = doc.work
    names = {text[s.start:s.end] for s in doc.spans if s.entity_type in ("PERSON", "NAME")}
    if not names or doc.lowered:
        return
    starts: set[str] = set()
    for name in names:
        starts |= _starts(name)
    skip = res._titles | res.allow_words | word_list("name_particles") | \
        word_list("function_words")
    taken = Ranges([(s.start, s.end) for s in doc.spans])
    # a dictionary word ("Mel", "Pat") only mid-sentence and of three letters or more
    added = [Span(m.start(), m.end(), "PERSON", SHORT_SCORE, "short-form")
             for m in _CAPITAL.finditer(text) if m.group() in starts and
             m.group().lower() not in skip and not taken.overlaps(m.start(), m.end()) and
             (not res.lexicon.is_common(m.group()) or
              (len(m.group()) > 2 and not _sentence_start(text, m.start())))]
    if added:
        doc.spans = resolve(doc.spans + added)
