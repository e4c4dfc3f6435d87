"""Restore ordinary casing to all-lower-case notes and ALL-CAPS lines before detection, so the
name model and the title rules see "Mrs Patel", not "mrs patel" or "MRS PATEL".

The cased copy has exactly the length of the original: detection runs on the copy, offsets
apply to the original, which is what gets redacted.

>>> tc = TrueCaser(Lexicon(frozenset({"rang", "re", "contact", "the", "judge", "said", "no",
...                                   "and"})),
...                frozenset({"mrs", "dj"}))
>>> tc("rang mrs patel re contact. the judge said no and rang amina.")
'Rang Mrs Patel re contact. The judge said no and rang Amina.'
>>> tc("THE JUDGE SAID NO")
'The judge said no'
"""

from __future__ import annotations

import regex

from .lexicon import Lexicon
from .wordlists import word_list, word_pattern

_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’]*")
_CAPITALISED_SHARE_LOW = 0.03  # below this share of capitalised words a text is all lower case
_UPPER_LINE_SHARE = 0.8  # a line with this share of its letters in capitals is ALL CAPS
_MIN_WORDS = 3
_MIN_CAPS_WORDS = 2  # "JOHN SMITH" on a signature's line is a line in capitals
_FUNCTION_WORDS = word_list("function_words")
_PERSON_VERBS = word_list("person_verbs")  # "kai drew him a boat": a first name acts
_TOO_COMMON = word_list("too_common_names")  # "i will ask": no name
_UPPER_TITLES = word_list("upper_case_titles")
_RELATIONS = word_pattern("relation_nouns")
_CUES = word_pattern("name_cue_words").replace("\\ ", "\\s+")  # "known as", any spacing
_NAME_CUE_BEFORE = regex.compile(
    rf"(?i)(?:\b{_CUES}\s+[\"“'‘]?|\b{_RELATIONS}(?:,?\s|\s+(?:is|was)\s+))\Z")
_NAME_CUE_AFTER = regex.compile(
    rf"\s\((?:(?:aged\s)?\d{{1,2}}|(?i:my|our|his|her|their)\s+{_RELATIONS})\)")
_STREET = word_pattern("address_words")
_ADDRESS = regex.compile(
    rf"(?i)(?:\b(?:flat|unit|apartment)\s+\d+[a-z]?,?\s+)?\b\d{{1,4}}[a-z]?,?\s+"
    rf"(?:[a-z'-]+\s+){{0,2}}{_STREET}\b(?:,\s*[a-z'-]+(?:\s[a-z'-]+)?)?")
# a lower-case title and one or two lower-case words after it: "(mr stone)", "dr helen marsh"
_LOWER_TITLED = regex.compile(r"(?<![\p{L}\p{N}])(mrs|mr|ms|mx|dr)\.?[ \t]+(\p{Ll}[\p{Ll}'’-]+)"
                              r"(?:[ \t]+(\p{Ll}[\p{Ll}'’-]+))?(?![\p{L}\p{N}])")
_LOWER_TITLES = ("mr", "ms", "mx", "dr")  # one of them is in every match of _LOWER_TITLED
_POSTCODE = regex.compile(r"(?i)\b[a-z]{1,2}\d[a-z\d]?\s?\d[abd-hjlnp-uw-z]{2}\b")
_CITATION = regex.compile(r"(?<=\[\d{4}\]\s)\p{Ll}{2,6}(?:\s\p{Ll}{3,5})?\b|"
                          r"(?<=\d\s)\((?:\p{Ll}{1,5})\)")
_REF_LETTERS = regex.compile(
    r"(?<![\p{L}])\p{L}{1,4}(?=[/-]?\d)|(?<=\d[/-]?)\p{Ll}{1,4}(?![\p{L}])"
    r"|(?<=\b\p{L}{1,3}\d{1,3} )\p{Ll}{3}(?![\p{L}])|(?<=\b\p{L}{2}\d{2} )\p{L}{3}(?![\p{L}])")
# a National Insurance number: "pn 48 73 19 b"
_NINO = regex.compile(r"(?i)\b[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b")

def _upper(s: str) -> str:
    """``s`` in capitals, character by character, keeping a character whose capital is longer
    ("ß" → "SS"): the cased copy must keep the text's length, or every offset after it moves.

    >>> _upper("lk19 xrt"), _upper("o0/ß")
    ('LK19 XRT', 'O0/ß')
    """
    return "".join(u if len(u := c.upper()) == 1 else c for c in s)


def _shows_casing(word: str) -> bool:
    """Whether a capitalised word shows the writer uses capitals: not "I" (speech-to-text
    and phones capitalise it on their own), not a code or an acronym in capitals ("LIC",
    "KX17", "HMRC"), which a lower-case note holds as well.

    >>> [_shows_casing(w) for w in ("Amina", "I", "KX17", "HMRC", "rang")]
    [True, False, False, False, False]
    """
    return word[:1].isupper() and word != "I" and not word.isupper() and \
        not any(c.isdigit() for c in word)


class TrueCaser:
    def __init__(self, lexicon: Lexicon, titles: frozenset[str],
                 keep: dict[str, str] | None = None,
                 word_names: frozenset[str] = frozenset(),
                 word_surnames: frozenset[str] = frozenset()) -> None:
        self.lexicon = lexicon
        self.titles = titles
        self.keep = keep or {}  # lower-case form → canonical form (allow-listed terms)
        self.word_names = frozenset(w.lower() for w in word_names)
        self.word_surnames = frozenset(w.lower() for w in word_surnames)

    def _case_word(self, word: str, sentence_start: bool) -> str:
        low = word.lower()
        if any(c.isdigit() for c in word):
            return word.upper()
        if low in self.keep:
            canon = self.keep[low]
            return canon if len(canon) == len(word) else word
        if low.rstrip("'’s") in self.titles or low in self.titles:
            out = low[:1].upper() + low[1:]
            return out.upper() if len(low) <= 3 and low in _UPPER_TITLES else out
        if self.lexicon.is_common(low):
            return low[:1].upper() + low[1:] if sentence_start else low
        if word.isupper() and len(word) <= 3:  # an acronym: NHS, CPS
            return word
        return low[:1].upper() + low[1:]

    def _namey(self, word: str) -> bool:
        low = word.lower()
        return word[:1].isalpha() and not self.lexicon.is_common(low) and \
            low not in self.titles and low not in self.keep

    def _guessed(self, low: str) -> bool:
        """Ordinary only by a guessed inflection, not as listed ("stavely", "naveed")."""
        return low[:1].isalpha() and self.lexicon.is_common(low) and \
            not self.lexicon.is_listed(low) and low not in self.titles

    def _recase(self, text: str) -> str:
        out = list(text)
        tokens = list(_TOKEN.finditer(text))
        sentence_start = True
        pos = 0
        for i, m in enumerate(tokens):
            gap = text[pos:m.start()]
            if any(c in ".!?\n:" for c in gap) or m.start() == 0:
                sentence_start = True
            word = m.group()
            cased = self._case_word(word, sentence_start)
            low = word.lower()
            prev = tokens[i - 1].group().lower() if i and \
                text[tokens[i - 1].end():m.start()] in (" ", ". ") else ""
            nxt = tokens[i + 1].group() if i + 1 < len(tokens) and \
                text[m.end():tokens[i + 1].start()] == " " else ""
            # a first name that is also a word, beside a name or doing what a person does:
            # "victor szabo", "rose kavanagh", "kai drew"
            if low in self.word_names and (self._namey(prev) or self._namey(nxt) or (
                    nxt.lower() in _PERSON_VERBS and low not in _TOO_COMMON)):
                cased = word[:1].upper() + word[1:].lower()
            # a surname that is also a word, after a first name or a title: "darren brown",
            # "mr hunt"
            elif low in self.word_surnames and (
                    self._namey(prev) or prev in self.word_names or prev.rstrip(".") in
                    self.titles):
                cased = word[:1].upper() + word[1:].lower()
            # a word only an inflection makes ordinary ("stavely" as stave+ly, "naveed",
            # "brookes"), beside a name: "imogen stavely", "naveed chaudhry"
            elif self._guessed(low) and (self._namey(prev) or self._namey(nxt)):
                cased = word[:1].upper() + word[1:].lower()
            # a name by its setting: "a man called dean", "his dad, rob,", "rio (2)"
            elif low not in _FUNCTION_WORDS and (
                    _NAME_CUE_BEFORE.search(text, max(0, m.start() - 40), m.start()) or
                    _NAME_CUE_AFTER.match(text, m.end())) and \
                    (low in self.word_names or low in self.word_surnames or self._namey(word)):
                cased = word[:1].upper() + word[1:].lower()
            # whatever follows a title is a name: "mrs parr", "dj cook"; not a word a person
            # does ("the judge adjourned", "the judge said")
            elif prev.rstrip(".") in self.titles and prev and low not in _FUNCTION_WORDS and \
                    not (self.lexicon.is_common(low) and
                         (low in _PERSON_VERBS or low.endswith(("ed", "ing")))):
                cased = word[:1].upper() + word[1:].lower()
            if len(cased) == len(word):
                out[m.start():m.end()] = cased
            sentence_start = False
            pos = m.end()
        cased_text = "".join(out)
        # letters beside a number belong to a reference: "pa/51287/2023", "lk19 xrt"
        cased_text = _REF_LETTERS.sub(lambda x: _upper(x.group()), cased_text)
        cased_text = _POSTCODE.sub(lambda x: _upper(x.group()), cased_text)
        cased_text = _NINO.sub(lambda x: _upper(x.group()), cased_text)
        cased_text = _CITATION.sub(lambda x: _upper(x.group()), cased_text)
        # street addresses: "flat 3, 41 wills crescent, birmingham"
        return _ADDRESS.sub(lambda x: regex.sub(r"\b\p{L}", lambda c: _upper(c.group()),
                                                x.group()), cased_text)

    @staticmethod
    def _is_caps_line(line: str) -> bool:
        # most lines fail on the count of capitals alone (counted at C speed): the capital
        # letters are at most the capitals, and two words need at least two of them
        upper = sum(map(str.isupper, line))
        if upper < _MIN_CAPS_WORDS or upper < _UPPER_LINE_SHARE * sum(map(str.isalpha, line)):
            return False
        letters = [c for c in line if c.isalpha()]
        words = [w for w in _TOKEN.findall(line) if w[:1].isalpha()]
        return len(words) >= _MIN_CAPS_WORDS and \
            sum(c.isupper() for c in letters) >= _UPPER_LINE_SHARE * len(letters)

    def caps_lines(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each ALL-CAPS line."""
        out, pos = [], 0
        for line in text.splitlines(keepends=True):
            if self._is_caps_line(line):
                out.append((pos, pos + len(line)))
            pos += len(line)
        return out

    def _has_caps_lines(self, text: str) -> bool:
        return any(self._is_caps_line(line) for line in text.splitlines())

    def all_lower(self, text: str) -> bool:
        """Whether text reads as all-lower-case notes."""
        words = [w for w in _TOKEN.findall(text) if w[:1].isalpha()]
        return len(words) >= _MIN_WORDS and \
            sum(1 for w in words if _shows_casing(w)) / len(words) < _CAPITALISED_SHARE_LOW

    def titled(self, text: str) -> str:
        """A same-length copy where a lower-case title and the name after it, in a text
        written with capitals, are capitalised: "(mr stone)", "dr helen marsh" in notes
        typed in a hurry. "dr" (also a drive) needs a word no dictionary holds or a first
        name after it; a word a person does or a function word is no name ("mr said").

        >>> from balint_redact.text.lexicon import Lexicon
        >>> t = TrueCaser(Lexicon(frozenset({"stone", "said", "the"})), frozenset({"mr"}))
        >>> t.titled("the manager (mr stone) said"), t.titled("mr said the")
        ('the manager (Mr Stone) said', 'mr said the')
        """
        if not any(t in text for t in _LOWER_TITLES):
            return text
        out = None
        for m in _LOWER_TITLED.finditer(text):
            title, first, second = m.group(1), m.group(2), m.group(3)
            if not self._name_after_title(title, first):
                continue
            if out is None:
                out = list(text)
            out[m.start(1)] = _upper(title[0])
            out[m.start(2)] = _upper(first[0])
            if second and self._name_after_title("mr", second) and (
                    self._namey(second) or second in self.word_surnames):
                out[m.start(3)] = _upper(second[0])
        return text if out is None else "".join(out)

    def _name_after_title(self, title: str, word: str) -> bool:
        if word in _FUNCTION_WORDS or word in _PERSON_VERBS or word.endswith(("ed", "ing")):
            return False
        if title in ("dr", "ms"):  # a drive, a manuscript, MS Teams
            return self._namey(word) or word in self.word_names
        return True

    def __call__(self, text: str, lower: bool | None = None) -> str:
        """A same-length copy with lower-case or ALL-CAPS stretches given ordinary casing.
        ``lower``: what all_lower(text) says, when the caller already asked."""
        if self.all_lower(text) if lower is None else lower:
            return self._recase(text)
        if not self._has_caps_lines(text):
            return text
        parts = []
        for line in text.splitlines(keepends=True):
            parts.append(self._recase(line) if self._is_caps_line(line) else line)
        return "".join(parts)
