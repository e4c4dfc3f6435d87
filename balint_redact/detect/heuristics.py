"""Heuristics over detected spans: tidying the model's guesses, the unknown-word safety net,
first names that are words, and joining the parts of one name.

>>> from balint_redact.text.lexicon import Lexicon
>>> [s.entity_type for s in unknown_words("rang gareth today", [], Lexicon(frozenset(
...     {"rang", "today"})), frozenset())]
['NAME']
"""

from __future__ import annotations

from typing import Callable

import regex

from ..text.lexicon import Lexicon
from ..text.names import STOP_CAPS
from ..text.spans import Ranges, Span
from ..text.wordlists import word_list, word_pattern


#: a form's next field after a gap of spaces: up to four words before a colon ("  Age:",
#: "   Date completed:", "\tDate of incident:", "  Student ID:")
_FIELD_LABEL = r"\p{L}[\p{L}'’-]*(?:[ \t]+[\p{L}\p{N}][\p{L}\p{N}'’.-]*){0,3}[ \t]*:"
_LAYOUT_BREAK = regex.compile(r"\n[ \t]*\n|[ \t]{3,}|\.{3,}|…|_{3,}|={3,}|"
                              rf"[ \t]{{2,}}(?={_FIELD_LABEL})")
_EDGE_WORDS = word_list("edge_words")
# words that, on their own, name no particular organisation
_GENERIC_BODIES = word_list("generic_bodies")  # checked with _EDGE_WORDS
# words that make a phrase of ordinary words the name of a body that may point to the
# matter ("Oak Tree Primary School", "Sunrise Care Home", "Crown Prosecution Service")
_BODY_NOUNS = word_list("body_nouns")
_EDGE_TOKEN = regex.compile(r"[^\s]+")
# "at Wood Green", "near Castle Hill": ordinary words after these name a place
_PLACE_BEFORE = regex.compile(rf"(?i)\b{word_pattern('place_prepositions')}\s+(?:the\s+)?$")
_LETTER = regex.compile(r"\p{L}")
_LETTERS = regex.compile(r"\p{L}+")
_WORD_BEFORE = regex.compile(r"(\p{L}+)\W*$")
_CAPITALISED_BEFORE = regex.compile(r"(?:^|(.)[ \t])(\p{Lu}[\p{L}\p{M}'’-]*)[ \t]$")
_NEXT_VERB = regex.compile(r"(?:['’]s\b)?\s+(?:had\s+|has\s+|then\s+|just\s+)?(\p{Ll}+)")


def _sentence_start(text: str, pos: int, marks: str = ".!?:;\n") -> bool:
    before = text[max(0, pos - 3):pos].rstrip(" \t\"“'‘(*_#-")
    return not before or before[-1] in marks


def tidy_ner_span(text: str, span: Span, titles: frozenset[str], lexicon: Lexicon,
                  allow: frozenset[str], given: frozenset[str] = frozenset()) -> list[Span]:
    """Cut an NER span at layout breaks, strip role and title words from its edges, and drop
    what is left if it is a lone ordinary word ("Court", "State", "The").

    Ordinary words at the edges are not part of a name either: a lower-case one at the end
    ("Amina rang") or a capitalised one opening a sentence ("Later Mrs P"), unless it is one
    of the ``given`` names before another capitalised word ("Dean Pope" after a quote)."""
    out = []
    pos = span.start
    pieces = []
    # the text after the span is searched too: a field label's colon may lie beyond it
    for m in _LAYOUT_BREAK.finditer(text, span.start, min(len(text), span.end + 40)):
        if m.start() >= span.end:
            break
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, span.end))
    for a, b in pieces:
        toks = [(m.start(), m.end()) for m in _EDGE_TOKEN.finditer(text, a, b)]

        def edge(t: tuple[int, int]) -> bool:
            word = text[t[0]:t[1]].strip(".,;:()[]'\"")
            w = word.lower()
            # a word that ends a name ("Aged", "Resident") is no part of a person's
            # nor a token with no letter or digit ("Kemal Aydın\n>" of a quoted line)
            return not any(c.isalnum() for c in w) or w in _EDGE_WORDS or w in titles or (
                span.entity_type == "PERSON" and word in STOP_CAPS)

        def word(t: tuple[int, int]) -> str:
            return text[t[0]:t[1]].strip(".,;:()[]'\"“”‘’!?")

        lo, hi = 0, len(toks)  # what is left is toks[lo:hi] (no pop(0): linear in tokens)
        changed = True
        while hi > lo and changed:
            changed = False
            while hi > lo and edge(toks[lo]):
                lo += 1
                changed = True
            while hi > lo and edge(toks[hi - 1]):
                hi -= 1
                changed = True
            if hi - lo > 1 and word(toks[hi - 1])[:1].islower() and \
                    lexicon.is_common(word(toks[hi - 1])):
                hi -= 1
                changed = True
            if hi - lo > 1 and _sentence_start(text, toks[lo][0]) and \
                    lexicon.is_common(word(toks[lo])) and \
                    not _given_first(word(toks[lo]), word(toks[lo + 1]), given):
                lo += 1
                changed = True
        toks = toks[lo:hi]
        if not toks:
            continue
        start, end = toks[0][0], toks[-1][1]
        while end > start and text[end - 1] in ".,;:(*":  # "Jo:**" of a bold label
            end -= 1
        while start < end and text[start] == "*":
            start += 1
        # the model's span never stops inside a run of letters and digits: otherwise the
        # placeholder would be glued to them ("Person AaE") and not recognised as ours
        while end < len(text) and text[end].isalnum():
            end += 1
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        frag = text[start:end]
        if len(_LETTER.findall(frag)) < 2:
            continue  # no name in it: a lone letter ("N¦") is named only by the rules
        words = [w.lower() for w in _LETTERS.findall(frag)]
        if span.entity_type == "ORGANIZATION" and all(
                w in _GENERIC_BODIES or w in _EDGE_WORDS for w in words):
            continue  # "State Government", "Division Bench": no particular body
        if span.entity_type == "ORGANIZATION" and not any(w in _BODY_NOUNS for w in words) \
                and all(lexicon.is_listed(w) for w in words) and \
                not _PLACE_BEFORE.search(text, max(0, start - 12), start):
            continue  # "Special Leave to Appeal", "Video Conferencing": a phrase, not a body
        if span.entity_type in ("ORGANIZATION", "LOCATION") and len(words) > 1 and \
                any(len(w) == 1 for w in words) and \
                all(len(w) == 1 or lexicon.is_common(w) for w in words):
            continue  # "Schedule C", "Part B": a label, not a name
        if len(toks) == 1:
            low = frag.strip(".,;:()'\"").lower()
            if lexicon.is_listed(low) or low in allow or low in titles:
                continue
        out.append(Span(start, end, span.entity_type, span.score, span.source))
    return out


_LABEL_AFTER = regex.compile(r"(?:[ \t]+[\p{L}\p{N}][\p{L}\p{N}'’.-]*){0,3}[ \t]*:")


def _given_first(first: str, nxt: str, given: frozenset[str]) -> bool:
    """A given name (not one too common a word: "Will", "May") before a capitalised word."""
    return first in given and first.lower() not in TOO_COMMON_NAMES and nxt[:1].isupper()


_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}'’]*)*")
_WEEKDAYS = word_list("weekdays")
_DATE_AFTER = regex.compile(r"\.?,?[ \t]+\d")
CAPITALISED = regex.compile(r"\p{Lu}[\p{L}\p{M}'’-]*")
UNKNOWN_SCORE = 0.6
WORD_NAME_SCORE = 0.5
# first names too common as words to chase in lower-case notes
TOO_COMMON_NAMES = word_list("too_common_names")


def unknown_words(text: str, spans: list[Span], lexicon: Lexicon, skip: frozenset[str]
                  ) -> list[Span]:
    """Words no dictionary knows and no recognizer claimed: in a write-up these are nearly
    always names ("rang gareth", "Tiny", "Adjei"). Acronyms, abbreviations and allow-listed
    terms are left alone. Adjacent capitalised words join the name ("Hope Adjei")."""
    taken = sorted((s.start, s.end) for s in spans)
    out: list[Span] = []
    j = 0
    n = len(text)
    for m in _WORD.finditer(text):
        a, b = m.span()
        while j < len(taken) and taken[j][1] <= a:
            j += 1
        if j < len(taken) and taken[j][0] < b:
            continue
        w = m.group()
        if w[-1] in "s'’":  # the only last letters a possessive can end with
            for suffix in ("'s", "’s", "'", "’"):
                if w.endswith(suffix) and len(w) > len(suffix) + 1:
                    w, b = w[: -len(suffix)], b - len(suffix)
                    break
        if len(w) < 3:  # "Rs", "Vs", "Sc": two-letter words are abbreviations far more often
            continue
        if (w.isupper() and len(w) <= 4) or w.lower() in skip or lexicon.is_word(w):
            continue
        if w.lower() in _WEEKDAYS and _DATE_AFTER.match(text, b):
            continue  # "Thu, 6 Mar 2025": a weekday's short form before a date

        # abbreviation chains such as "Cr.P.C." or "W.P." are not names; a surname glued to
        # initials is ("K.I.Thankachan", "Anandagopan.K")
        if (b < n and text[b] == "." and b + 1 < n and text[b + 1].isalpha()) or \
                (a >= 2 and text[a - 1] == "." and text[a - 2].isalpha()):
            glued = next((g for g in _GLUED_INITIALS.finditer(text, max(0, a - 9), min(n, b + 2))
                          if g.start() <= a and b <= g.end()), None)
            if glued is None:
                continue
            a, b = glued.span()
        out.append(Span(a, b, "NAME", UNKNOWN_SCORE, "unknown-word"))
    return out


# initials glued to a capitalised word of four or more letters, before or after it
_GLUED_INITIALS = regex.compile(
    r"(?<![\p{L}.])(?:\p{Lu}{1,2}\.){1,3}\p{Lu}\p{Ll}{3,}(?!\p{L}|\.\p{L})"
    r"|(?<![\p{L}.])\p{Lu}\p{Ll}{3,}\.\p{Lu}(?![\p{L}])")

_DETERMINERS = word_list("determiners")


def word_names(text: str, spans: list[Span], names: frozenset[str]) -> list[Span]:
    """First names that are also words ("Faith", "Rob", "Rio"), capitalised in the middle of
    a sentence and not after a determiner ("the Will" is a document)."""
    taken = Ranges([(s.start, s.end) for s in spans])
    out = []
    for m in CAPITALISED.finditer(text):
        w = m.group()
        for suffix in ("'s", "’s"):
            if w.endswith(suffix):
                w = w[: -len(suffix)]
        if w not in names or _sentence_start(text, m.start(), ".!?\n"):
            continue
        before = _WORD_BEFORE.search(text[max(0, m.start() - 20):m.start()])
        if before and before.group(1).lower() in _DETERMINERS:
            continue
        a, b = m.start(), m.start() + len(w)
        if taken.overlaps(a, b):
            continue
        out.append(Span(a, b, "PERSON", WORD_NAME_SCORE, "word-name"))
    return out


def join_capitalised(text: str, spans: list[Span], lexicon: Lexicon, skip: frozenset[str]
                     ) -> list[Span]:
    """Grow PERSON and NAME spans over capitalised neighbours on the same line that are not
    titles or role words ("Hope" before "Adjei").

    Where a span stops growing depends only on where it starts (or ends), so each position
    is looked at once for the whole text: a line of thousands of capitalised names, each a
    span, stays linear."""
    grow = _Growth(text, lexicon, skip)
    out = []
    for s in spans:
        if s.entity_type not in ("PERSON", "NAME"):
            out.append(s)
            continue
        out.append(Span(grow.left(s.start), grow.right(s.end), s.entity_type, s.score,
                        s.source))
    return out


class _Growth:
    """How far a name grows over capitalised words to its left and right, remembered for
    every position passed on the way."""

    def __init__(self, text: str, lexicon: Lexicon, skip: frozenset[str]) -> None:
        self.text, self.lexicon, self.skip = text, lexicon, skip
        self._left: dict[int, int] = {}
        self._right: dict[int, int] = {}

    def _step_left(self, start: int) -> int | None:
        text = self.text
        m = _CAPITALISED_BEFORE.search(text[max(0, start - 40):start])
        if not m or not m.group(1) or m.group(2).lower() in self.skip or \
                m.group(2).lower() in _EDGE_WORDS:
            return None
        # a capitalised ordinary word at the start of a sentence or line is not a name
        if m.group(1) in ".!?:;\n\"“" and self.lexicon.is_common(m.group(2)):
            return None
        return start - (len(m.group(2)) + 1)

    def _step_right(self, end: int) -> int | None:
        text = self.text
        # one space, or a short run of them (text from PDFs: "Datta   Mane"); never a line
        gap = len(text[end:end + 4]) - len(text[end:end + 4].lstrip(" \t"))
        m = CAPITALISED.match(text, end + gap) if 1 <= gap <= 3 else None
        if not m or m.group().lower() in self.skip or m.group().lower() in _EDGE_WORDS or \
                m.group() == "I" or m.group() in STOP_CAPS:
            return None  # "Ram Kumar Aged about 45": a word that ends a name
        if (gap > 1 or "\t" in text[end:end + gap]) and (
                m.group().isupper() or _LABEL_AFTER.match(text, m.end()) or
                (text[end - 1].isupper() and text[end - 2:end].isupper())):
            # a form's next field: "FK   Supervisor:", "James   URN 17AB…", a list's
            # next column after a name in capitals ("BANERJEE v HALL  Directions")
            return None
        end = m.end()
        for suffix in ("'s", "’s"):
            if text.endswith(suffix, 0, end):
                end -= len(suffix)
        return end

    @staticmethod
    def _follow(pos: int, memo: dict[int, int], step: Callable[[int], int | None]) -> int:
        path = []
        while pos not in memo:
            path.append(pos)
            nxt = step(pos)
            if nxt is None:
                memo[pos] = pos
                break
            pos = nxt
        reach = memo[pos]
        for p in path:
            memo[p] = reach
        return reach

    def left(self, start: int) -> int:
        return self._follow(start, self._left, self._step_left)

    def right(self, end: int) -> int:
        return self._follow(end, self._right, self._step_right)


# verbs that a place or an organisation does not do: "Nadia tried", "Halina wrote"
_PERSON_VERBS = word_list("person_verbs")


# what introduces the name after it ("my first name, Sophie", "known as Dom")
_NAME_CUE = regex.compile(rf"(?i)\b(?:{word_pattern('name_cue_before')}|"
                          rf"{word_pattern('name_cue_words')})(?:[ \t]+(?:is|was))?"
                          r"[ \t]*[,:]?[ \t]*[\"“‘']?$")
# a name with a glued particle ("O'Neill", "D'Arcy", "McAllister", "al-Rashid"): a person's
_PARTICLE_NAME = regex.compile(r"(?:[OD]['’]|Mc|Mac|Fitz|[ae]l-)\p{Lu}\p{Ll}+(?:['’]s)?")


def named_as_person(text: str, start: int, frag: str) -> bool:
    """Whether the name text[start:...] (``frag``) is a person's by its setting or shape:
    after "first name", "surname", "called" ("my first name, Sophie"), or one word with a
    glued name particle ("O'Neill", "D'Arcy")."""
    frag = frag.strip()
    if _PARTICLE_NAME.fullmatch(frag):
        return True
    return CAPITALISED.fullmatch(frag) is not None and \
        _NAME_CUE.search(text, max(0, start - 30), start) is not None


# a court or tribunal venue: up to three capitalised words of a place ("Wood Green",
# "Highbury Corner", "Cardiff") and the kind of venue ("Crown Court", "Civil Justice Centre")
_VENUE = regex.compile(
    r"(?<![\p{L}\p{N}'’-])((?:\p{Lu}[\p{L}\p{M}'’-]*[ \t]+){1,3})"
    rf"{word_pattern('court_venues')}(?![\p{{L}}\p{{N}}])")
_NOT_PLACE = _EDGE_WORDS | word_list("function_words") | word_list("weekdays") | \
    word_list("month_names")


def court_venues(text: str, titles: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of each court or tribunal venue named with its place ("Leeds Family
    Court", "Bristol Civil Justice Centre"): the place words are no article, title, weekday
    or month ("The County Court", "Monday Crown Court" name no place)."""
    out = []
    for m in _VENUE.finditer(text):
        words = list(_EDGE_TOKEN.finditer(text, m.start(1), m.end(1)))
        while words and (words[0].group().lower() in _NOT_PLACE or
                         words[0].group().lower() in titles):
            words = words[1:]
        if words:
            out.append((words[0].start(), m.end()))
    return out


def acts_like_person(text: str, end: int) -> bool:
    m = _NEXT_VERB.match(text[end:end + 40])
    return bool(m) and m.group(1) in _PERSON_VERBS


def join_adjacent_names(text: str, spans: list[Span]) -> list[Span]:
    """Two name spans one space apart are one name ("gary" "pritchard"); a lone
    capitalised word the model took for an organisation or place right after a first name is
    its surname ("Derek" + "Pollard")."""
    out: list[Span] = []
    for s in spans:
        prev = out[-1] if out else None
        gap = text[prev.end:s.start] if prev else ""
        names = ("PERSON", "NAME")
        # one space: never over a line break ("Supervisor: DO\nDO: agree", "ok Mags\nMe
        # 21:10"), which joined two lines into one placeholder
        if prev and prev.entity_type in names and gap == " " and (
                s.entity_type in names or (
                    s.entity_type in ("ORGANIZATION", "LOCATION") and
                    CAPITALISED.fullmatch(text[s.start:s.end]) is not None and
                    text[s.start:s.end] not in STOP_CAPS)):
            etype = "NAME" if prev.entity_type == s.entity_type == "NAME" else "PERSON"
            out[-1] = Span(prev.start, s.end, etype, max(prev.score, s.score), prev.source)
        else:
            out.append(s)
    return out
