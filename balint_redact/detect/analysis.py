"""Pure helpers of the analysis loop in engine.py (no Presidio objects are built here): the
model's entities as Presidio's spaCy engine maps them, the results de-duplicated as its analyzer
does, and its bare-domain URL pattern searched only where a domain can be.

>>> remove_duplicates([("PERSON", 0, 5, 0.85, "a"), ("PERSON", 0, 5, 0.85, "b"),
...                    ("PERSON", 1, 3, 0.6, "c")])
[('PERSON', 0, 5, 0.85, 'a')]
"""

from __future__ import annotations

from itertools import groupby
from typing import Any, Iterator

import regex

from .public import URL_PATH

Found = tuple[str, int, int, float, str]  # entity type, start, end, score, recognizer name

#: fewer digits than this cannot make a telephone number (the shortest numbers libphonenumber
#: accepts, with their country code, have six or more): the phone recognizer's gate
MIN_PHONE_DIGITS = 6
_ASCII_DIGITS = "0123456789"


def has_phone_digits(text: str) -> bool:
    """Whether ``text`` holds at least MIN_PHONE_DIGITS characters for which ``str.isdigit``
    holds. ASCII digits are counted with ``str.count`` (ten passes in C, rather than a
    Python step per character); only text with too few of them and other characters is
    read character by character, as ``isdigit`` knows digits of every script.

    >>> has_phone_digits("call 01632 960"), has_phone_digits("room 12, floor 3")
    (True, False)
    """
    if sum(map(text.count, _ASCII_DIGITS)) >= MIN_PHONE_DIGITS:
        return True
    return not text.isascii() and sum(c.isdigit() for c in text) >= MIN_PHONE_DIGITS



def remove_duplicates(found: list[Found]) -> list[Found]:
    """EntityRecognizer.remove_duplicates on tuples: equal results (same offsets, score and
    type) kept once, as first found; zero scores dropped; a result dropped when another of
    its type contains it with at least its score; then Presidio's score-first order."""
    first: dict[tuple[int, int, str, str], Found] = {}
    for item in found:  # RecognizerResult hashes on str(score) and compares with ==
        first.setdefault((item[1], item[2], str(item[3]), item[0]), item)
    ordered = sorted(first.values(), key=lambda x: (x[0], x[1], x[1] - x[2], -x[3]))
    kept: list[Found] = []
    for _, same_type in groupby(ordered, key=lambda x: x[0]):
        active: list[Found] = []
        for item in same_type:
            if item[3] == 0:
                continue
            active = [a for a in active if a[2] >= item[1]]
            if any(item[1] >= a[1] and item[2] <= a[2] and item[3] <= a[3] for a in active):
                continue
            kept.append(item)
            active.append(item)
    kept.sort(key=lambda x: (-x[3], x[1], x[1] - x[2]))
    return kept


def ner_entities(ents: Any, config: Any) -> tuple[list[Any], list[float]]:
    """The entities and scores Presidio's SpacyNlpEngine makes of spaCy's ``doc.ents`` under
    a NerModelConfiguration: ignored labels dropped, the others renamed by its mapping (on
    the spans, as Presidio does), low-score entity names scaled by its multiplier."""
    mapping, ignore = config.model_to_presidio_entity_mapping, config.labels_to_ignore
    entities, scores = [], []
    for ent in ents:
        if ent.label_ in ignore:
            continue
        ent.label_ = mapping.get(ent.label_, ent.label_)
        if ent.label_ in ignore:
            continue
        score = config.default_score
        if ent.label_ in config.low_score_entity_names:
            score *= config.low_confidence_score_multiplier
        entities.append(ent)
        scores.append(score)
    return entities, scores


class DomainFinder:
    """Presidio's bare-domain URL pattern ("Non schema URL"), matched only inside the runs of
    characters it is made of, with the same matches as ``finditer`` over the whole text.

    Up to its optional path ("/..."), everything that pattern matches is made of letters a-z,
    digits, "." and "-" (case-insensitive, as the pattern matches them: _CHARS), and it has
    no anchors or look-arounds: a match lies in one run of those characters that
    holds a "." after its first character followed by a letter (the top-level domain). Only
    such runs are searched; each match is then taken again on the whole text, where its path
    may go on past the run, and the search goes on from its end, as finditer's does."""

    _CHARS = r"[a-z0-9.\-\d]"

    def __init__(self, pattern: str, flags: int, pattern_flags: int | None = None) -> None:
        """``flags`` are the recognizer's; ``pattern_flags`` (default: the same) compile the
        pattern itself, 0 where those flags change nothing it matches, so that the program
        Presidio compiled at import is reused (regex's cache) rather than compiled again."""
        self.pattern = regex.compile(pattern, flags if pattern_flags is None else pattern_flags)
        x = self._CHARS
        self.runs = regex.compile(rf"(?<!{x}){x}+?[.][a-z]{x}*", flags)

    def finditer(self, text: str, timeout: float | None = None) -> Iterator[Any]:
        pos = 0
        for run in self.runs.finditer(text, timeout=timeout):
            start, end = run.span()
            start = max(start, pos)
            while start < end:
                found = self.pattern.search(text, start, end, timeout=timeout)
                if found is None:
                    break
                match = self.pattern.match(text, found.start(), timeout=timeout)
                if match is None or match.end() == match.start():  # cannot happen; be safe
                    match = found
                yield match
                pos = start = match.end()


#: a URL's last character and the next one, inside one host name or path
_URL_GOES_ON = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}-]|[\p{L}\p{N}]\.[\p{L}\p{N}]")
#: the rest of the host and the path, without the punctuation that ends a sentence
_URL_REST = regex.compile(r"[\p{L}\p{N}.-]*" + URL_PATH)


def url_end(text: str, end: int) -> int:
    """Where a URL found to end at ``end`` really ends: a pattern that knows a host's suffix
    from a list may cut one whose suffix it does not know inside the host ("www.ma" of
    "www.marshregulatory.example", read as Morocco's), which would leave the rest in the text.

    >>> t = "See www.marshregulatory.example/team. Then"
    >>> t[4:url_end(t, 10)]
    'www.marshregulatory.example/team'
    """
    if end < len(text) and _URL_GOES_ON.match(text, end - 1):
        m = _URL_REST.match(text, end)
        return m.end() if m else end
    return end

