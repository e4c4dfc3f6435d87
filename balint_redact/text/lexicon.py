"""Is a word ordinary English? The common-words list plus contractions, possessives and
British spellings derived from American ones ("realised", "favour", "centre", "offence"),
the modern words a 1934 dictionary cannot know ("paperwork", "inbox", "caseload":
models/words/modern_words.txt) and nationalities and languages ("Somali", "Yoruba":
models/words/demonyms.txt), both always added.

>>> lex = Lexicon(frozenset({"realized", "favor", "center", "do", "client"}))
>>> [lex.is_common(w) for w in ("Realised", "favour", "centre", "don't", "client's", "Amina")]
[True, True, True, True, True, False]
>>> Lexicon(frozenset({"confer", "lord", "arbitrary"})).is_common("conferred")
True
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .wordlists import word_list

_CONTRACTIONS = ("n't", "'s", "'m", "'ve", "'d", "'ll", "'re", "s'", "'")
_BRITISH = (  # British ending → American ending
    ("isation", "ization"), ("isations", "izations"), ("ised", "ized"), ("ising", "izing"),
    ("ise", "ize"), ("ises", "izes"), ("our", "or"), ("ours", "ors"), ("oured", "ored"),
    ("ouring", "oring"), ("tre", "ter"), ("tres", "ters"), ("ence", "ense"), ("ences", "enses"),
    ("lled", "led"), ("lling", "ling"), ("ogue", "og"), ("yse", "yze"), ("ysed", "yzed"),
)


_SUFFIXES = (  # suffix → what the base may end with instead
    ("ies", ("y",)), ("ied", ("y",)), ("ier", ("y",)), ("iest", ("y",)), ("ily", ("y",)),
    ("ness", ("",)), ("ment", ("",)), ("ments", ("",)), ("ity", ("", "e")),
    ("ation", ("e", "")), ("ations", ("e", "")), ("ised", ("ise", "ize")),
    ("ized", ("ize",)), ("ising", ("ise", "ize")), ("izing", ("ize",)), ("ise", ("",)),
    ("ize", ("",)), ("ing", ("", "e")), ("ed", ("", "e")), ("er", ("", "e")),
    ("est", ("", "e")), ("es", ("",)), ("s", ("",)), ("ly", ("", "le")),
)


def _bases(word: str) -> list[str]:
    """Possible base forms of an inflected or derived word ("conferred" → "confer")."""
    out = []
    if word.endswith(("ies", "ied")) and len(word) <= 5:  # "lies", "died", "ties"
        out.append(word[:-3] + "ie")
    for suffix, replacements in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            out += [stem + r for r in replacements]
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
                out.append(stem[:-1])  # doubled consonant: "conferred", "regretting"
    return out


class Lexicon:
    def __init__(self, words: frozenset[str], rare: frozenset[str] = frozenset(),
                 modern: frozenset[str] | None = None) -> None:
        """``words`` (trusted in any case) and the modern words and demonyms (``modern``, by
        default models/words/modern_words.txt and demonyms.txt); ``rare`` words trusted only
        in lower case."""
        if modern is None:
            modern = word_list("modern_words") | word_list("demonyms")
        self.words = words | modern
        self.rare = rare

    @lru_cache(maxsize=65536)
    def is_word(self, word: str) -> bool:
        """A common word, or a rarer one written in lower case ("lessor", "collusive"):
        capitalised, a rare word may well be a surname, so only common words count then."""
        if self.is_common(word):
            return True
        if not word.islower():
            return False
        w = word.replace("’", "'")
        return w in self.rare or any(base in self.rare or base in self.words
                                     for base in _bases(w))

    @lru_cache(maxsize=65536)
    def is_common(self, word: str) -> bool:
        w = word.lower().replace("’", "'")
        if w in self.words:
            return True
        plain = "".join(c for c in unicodedata.normalize("NFKD", w)
                        if not unicodedata.combining(c))
        if plain != w and plain.isascii() and len(plain) > 3:  # "café", "naïve"; not "Dév"
            return self.is_common(plain)
        for c in _CONTRACTIONS:
            if w.endswith(c) and len(w) > len(c):  # "I'm", "client's"
                base = w[: -len(c)]
                if base in self.words or (c == "n't" and base + "n" in self.words) or \
                        (c == "n't" and base in ("ca", "wo", "sha")):
                    return True
        for brit, amer in _BRITISH:
            if w.endswith(brit) and w[: -len(brit)] + amer in self.words:
                return True
        if "-" in w:
            return all(self.is_common(part) for part in w.split("-") if part)
        return any(base in self.words for base in _bases(w))

    @lru_cache(maxsize=65536)
    def is_listed(self, word: str) -> bool:
        """Like is_common, but without guessing at inflections: "Frances" is not "franc"+"es".
        For deciding that a word the model called a name is only a word."""
        w = word.lower().replace("’", "'")
        if w in self.words:
            return True
        for c in _CONTRACTIONS:
            if w.endswith(c) and len(w) > len(c) and w[: -len(c)] in self.words:
                return True
        return "-" in w and all(self.is_listed(p) for p in w.split("-") if p)
