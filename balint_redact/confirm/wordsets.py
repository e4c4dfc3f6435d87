"""The second reader's data: its own dictionary and name lists (models/reader_*.txt).

These come from sources the redactor does not use (SCOWL's British English list and the US
Census name lists; see models/README.md and tools/build_reader_lists.py), so that a
word the redactor's lexicon wrongly explains is not explained here too. A missing file
fails closed (DetectionError), as every other shipped list does.

>>> words().dictionary.__contains__("hope"), "amina" in words().first_names
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..text.wordlists import _model_lines, builtin_allow_list

_PACKAGE = "balint_redact.models"


def _lines(name: str) -> frozenset[str]:
    return frozenset(_model_lines(_PACKAGE, name))


@dataclass(frozen=True)
class ReaderWords:
    """Lower-case sets: ordinary words, public proper words, first names, surnames."""

    dictionary: frozenset[str]
    proper: frozenset[str]
    first_names: frozenset[str]
    surnames: frozenset[str]
    titles: frozenset[str]
    #: single words of the built-in allow list (legal vocabulary: "wednesbury")
    allowed: frozenset[str]
    #: the built-in allow list's terms of several words ("Anton Piller")
    allowed_phrases: tuple[str, ...]
    #: frequency rank of each first name / surname (0: most common)
    first_rank: dict[str, int]
    surname_rank: dict[str, int]
    #: words that open sentences although they are first names ("Will", "May")
    sentence_starts: frozenset[str]
    #: the reader's own public words and acronyms (models/reader_public.txt)
    public: frozenset[str]

    def is_name(self, low: str) -> bool:
        return low in self.first_names or low in self.surnames

    def is_word(self, low: str) -> bool:
        """An ordinary English word (possessive and plural forms included)."""
        return low in self.dictionary


@lru_cache(maxsize=1)
def words() -> ReaderWords:
    """The reader's lists, loaded once."""
    allowed = frozenset(t.lower() for t in builtin_allow_list() if " " not in t)
    titles = frozenset(t.lower().rstrip(".") for t in _model_lines("balint_redact.models",
                                                                    "titles.txt"))
    public = frozenset(w.lower() for w in _model_lines(_PACKAGE, "reader_public.txt"))
    # SCOWL's short capitalised entries are mostly abbreviations ("Cal", "Tam"): too close
    # to short names to explain a word
    proper = frozenset(w for w in _lines("reader_proper.txt") if len(w) >= 5) | public
    more = _model_lines(_PACKAGE, "reader_more_words.txt")
    cut = more.index("[start]") if "[start]" in more else len(more)
    first = _model_lines(_PACKAGE, "reader_first_names.txt")
    last = _model_lines(_PACKAGE, "reader_surnames.txt")
    phrases = tuple(t for t in builtin_allow_list() if " " in t)
    return ReaderWords(_lines("reader_dictionary.txt") | frozenset(more[:cut]),
                       frozenset(w.lower() for w in proper), frozenset(first),
                       frozenset(last), titles, allowed, phrases,
                       {n: i for i, n in reversed(list(enumerate(first)))},
                       {n: i for i, n in reversed(list(enumerate(last)))},
                       frozenset(more[cut + 1:]), public)
