"""Is a word ordinary English? The common-words list plus contractions, possessives and
British spellings derived from American ones ("realised", "favour", "centre", "offence").

>>> lex = Lexicon(frozenset({"realized", "favor", "center", "do", "client"}))
>>> [lex.is_common(w) for w in ("Realised", "favour", "centre", "don't", "client's", "Amina")]
[True, True, True, True, True, False]
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_CONTRACTIONS = ("n't", "'s", "'m", "'ve", "'d", "'ll", "'re", "s'", "'")
_BRITISH = (  # British ending → American ending
    ("isation", "ization"), ("isations", "izations"), ("ised", "ized"), ("ising", "izing"),
    ("ise", "ize"), ("ises", "izes"), ("our", "or"), ("ours", "ors"), ("oured", "ored"),
    ("ouring", "oring"), ("tre", "ter"), ("tres", "ters"), ("ence", "ense"), ("ences", "enses"),
    ("lled", "led"), ("lling", "ling"), ("ogue", "og"), ("yse", "yze"), ("ysed", "yzed"),
)


class Lexicon:
    def __init__(self, words: frozenset[str]) -> None:
        self.words = words

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
            if w.endswith(c) and len(w) > len(c) + 1:
                base = w[: -len(c)]
                if base in self.words or (c == "n't" and base + "n" in self.words) or \
                        (c == "n't" and base in ("ca", "wo", "sha")):
                    return True
        for brit, amer in _BRITISH:
            if w.endswith(brit) and w[: -len(brit)] + amer in self.words:
                return True
        if "-" in w:
            return all(self.is_common(part) for part in w.split("-") if part)
        return False
