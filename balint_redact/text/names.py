"""People's names beyond what the NER model sees: titles and judicial styles before a name,
the other mentions of every name found (first name, surname, possessive, initials), and
lists of known names with their variants.

>>> text = "We saw DJ Harris and Mrs A. Patel."
>>> [text[s:e] for s, e in find_titled_names(text)]
['Harris', 'A. Patel']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable

import regex

from .spans import Span
from .termindex import TermIndex
from .wordlists import word_list

_CAP = r"\p{Lu}[\p{Ll}\p{M}]+(?:(?:-\p{Lu}?|['’]\p{Lu})[\p{Ll}\p{M}]+)*"
_CAPS = r"\p{Lu}{2,}(?:[-'’]\p{Lu}{2,})*"
_INITIAL = r"\p{Lu}(?:\.|(?![\p{L}]))"
NAME_TOKEN = regex.compile(rf"(?:(?:Mc|Mac|O['’]|D['’])?{_CAP}|{_CAPS}|{_INITIAL})")
_SEP = regex.compile(r"(?:[ \t]|\n(?![ \t]*\n)[ \t]*)")
_NAME_PART = regex.compile(r"[\p{L}\p{M}'’\-]+\.?")
_INITIAL_SEP = regex.compile(r"(?:[ \t]|\n(?![ \t]*\n)[ \t]*|)")
# capitalised words that end a name rather than continue it
STOP_CAPS = word_list("stop_caps") | frozenset(w.capitalize()
                                               for w in word_list("party_roles"))
PARTICLES = word_list("name_particles")


@lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    """Titles from models/titles.txt, longest first."""
    text = resources.files("balint_redact.models").joinpath("titles.txt").read_text("utf-8")
    items = {ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")}
    return tuple(sorted(items, key=lambda t: (-len(t), t)))


@lru_cache(maxsize=1)
def _title_regex() -> regex.Pattern[str]:
    short, long = set(), set()
    for t in titles():
        base = t.rstrip(".")
        (short if len(base) <= 4 else long).update({regex.escape(base),
                                                     regex.escape(base.upper())})

    def alt(forms: set[str]) -> str:
        return "|".join(sorted(forms, key=lambda f: (-len(f), f))).replace(r"\ ", r"\.?\s*")

    # never across a blank line ("…, Adv.\n\nHeard on …"), nor after a hyphen ("three-Judge
    # Bench"); only a short title ("Mrs", "DJ", "Adv.") runs on over a line's end: a word
    # ending a line ("General Counsel", "CONNOR JAMES MAJOR") is no title of the next one
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}-])(?:(?:{alt(short)})"
                         rf"(?:\.[ \t]*(?:\n[ \t]*)?|[ \t]+(?:\n[ \t]*)?|\n[ \t]*)|"
                         rf"(?:{alt(long)})(?:\.[ \t]*|[ \t]+))(?=\p{{Lu}})")


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every word of every title, lower case ("mrs", "justice", "hhj")."""
    return frozenset(w.lower().rstrip(".") for t in titles() for w in t.split())


#: the longest short form of a first name looked for ("Christophe" of "Christopher" is 10):
#: a run of thousands of letters taken for a first name would otherwise give thousands of
#: forms, each nearly as long
SHORT_FORM_LONGEST = 20


def short_forms(first: str, longest: int = SHORT_FORM_LONGEST) -> list[str]:
    """Forms a first name is shortened to, as written on their own ("Dom" of "Dominic"):
    its first three letters and more, never all but one, none longer than ``longest``.

    >>> short_forms("Dominic"), short_forms("Dominic", longest=4)
    (['Dom', 'Domi', 'Domin'], ['Dom', 'Domi'])
    """
    return [first[:n] for n in range(3, min(len(first) - 1, longest + 1))]


def end_forms(first: str) -> list[str]:
    """Forms a long first name is shortened to from its end, as with many Yoruba and Igbo
    names ("Sade" of "Folasade", "Bayo" of "Adebayo", "Emeka" of "Chukwuemeka"): its last
    four or five letters, capitalised, of a name of seven letters or more (three at least
    left before them).

    >>> end_forms("Folasade"), end_forms("Adebayo"), end_forms("Amina")
    (['Sade', 'Asade'], ['Bayo'], [])
    """
    if len(first) < 7 or not first.isalpha():
        return []
    return [first[-n:].capitalize() for n in (4, 5) if len(first) - n >= 3]


def find_titled_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of the name after each title ("Mrs Amina Patel" -> "Amina Patel")."""
    out = []
    for m in _title_regex().finditer(text):
        start = pos = m.end()
        end = -1
        for _ in range(4):
            t = NAME_TOKEN.match(text, pos)
            if not t or (t.group() in STOP_CAPS and not t.group().endswith(".")):
                break
            if len(t.group().rstrip(".")) > 1 and _title_regex().match(text, t.start()):
                break  # the next title starts another name
            end = t.end()
            sep = (_INITIAL_SEP if len(t.group().rstrip(".")) == 1 else _SEP).match(text, end)
            if not sep or ("\n" in sep.group() and _unit_next(text, sep.end())):
                break  # an address's unit on the next line ("Ms Summer Kessell\nApartment 12")
            pos = sep.end()
        if end > start:
            out.append((start, end))
    return out


_WORD_AT = regex.compile(r"\p{L}+")


def _unit_next(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` is a building's unit (models/words/unit_words.txt)."""
    m = _WORD_AT.match(text, pos)
    return m is not None and m.group().lower() in word_list("unit_words")


def title_start(text: str, start: int) -> int:
    """Where a title directly before ``start`` begins ("Mrs " before "Patel"), else start."""
    lo = max(0, start - 40)
    best = start
    for m in _title_regex().finditer(text, lo, start + 1, overlapped=True):
        if m.end() == start and m.start() < best:
            best = m.start()
    return best


def strip_titles(text: str, start: int, end: int) -> tuple[int, int]:
    """Move start past leading titles and end before a possessive "'s"."""
    m = _title_regex().match(text, start)
    while m and m.end() < end:
        start = m.end()
        m = _title_regex().match(text, start)
    span = text[start:end]
    for suffix in ("'s", "’s", "'", "’"):
        if span.endswith(suffix) and len(span) > len(suffix) + 1:
            end -= len(suffix)
            break
    return start, end


def name_tokens(name: str) -> list[str]:
    """The word tokens of a name, initials without their dots."""
    return [t.rstrip(".") for t in _NAME_PART.findall(name)]


@dataclass(frozen=True)
class NameVariants:
    """What to look for, given one person's name as written."""

    phrases: tuple[str, ...]  # multi-word forms, matched in any case
    words: tuple[str, ...]  # single words that are not ordinary words, matched in any case
    capitalised: tuple[str, ...]  # single words that are also ordinary words: only Capitalised


def variants(name: str, is_common: Callable[[str], bool], allow: frozenset[str],
             title_set: frozenset[str], trusted: bool = True,
             lendable: frozenset[str] = frozenset()) -> NameVariants:
    """Variants of a name: itself, its first and last words, initial + surname.

    A name made only of ordinary words lends its single words only when ``trusted`` (from a
    known-names list or a title), so a stray "Writ Petition" never spreads "Petition".

    >>> v = variants("Will Rose", lambda w: w.lower() in {"will", "rose"}, frozenset(), frozenset())
    >>> v.phrases, v.words, v.capitalised
    (('W Rose', 'W. Rose', 'Will Rose'), (), ('Rose', 'Will'))
    """
    tokens = [t for t in name_tokens(name) if t.lower() not in title_set]
    if not trusted and all(is_common(t) for t in tokens):
        return NameVariants((" ".join(tokens),) if len(tokens) > 1 else (), (), ())
    phrases, words, caps = set(), set(), set()
    if len(tokens) >= 2:
        phrases.add(" ".join(tokens))
        if len(tokens) > 2:
            phrases.add(f"{tokens[0]} {tokens[-1]}")
        if len(tokens[0]) > 1:
            phrases.add(f"{tokens[0][0]}. {tokens[-1]}")
            phrases.add(f"{tokens[0][0]} {tokens[-1]}")
    for t in tokens:
        low = t.lower()
        if len(t) < 2 or low in PARTICLES or low in allow or low in title_set:
            continue
        if t.isupper() and len(t) <= 3:  # initials such as "JM" only as written
            caps.add(t)
        elif is_common(t):
            # an ordinary word in a name the model merely guessed ("Ia No") is lent only if
            # it is a known first name or surname ("Hope" of "Hope Adjei"); a capitalised
            # form is kept as written ("Ka-Ming", not "Ka-ming")
            plain = t[0].upper() + t[1:].lower()
            if trusted or plain in lendable or t in lendable:
                caps.add(t if t.isupper() or t[0].isupper() else plain)
                if t.isupper() and plain in lendable:  # a first name or surname in
                    caps.add(plain)  # capitals ("AMBER SINCLAIR") is "Amber" in the text too
        else:
            words.add(t)
    return NameVariants(tuple(sorted(phrases)), tuple(sorted(words)), tuple(sorted(caps)))


def build_index(names: Iterable[str], is_common: Callable[[str], bool], allow: frozenset[str],
                payload: str, trusted: bool = True,
                lendable: frozenset[str] = frozenset()) -> TermIndex:
    """A TermIndex over every variant of every name (Aho-Corasick; scales to many names)."""
    tw = title_words()
    index = TermIndex()
    for name in names:
        v = variants(name, is_common, allow, tw, trusted, lendable)
        for p in v.phrases + v.words:
            index.add(p, payload, case_sensitive=False)
        for w in v.capitalised:
            index.add(w, payload, case_sensitive=True)
    index.finalise()
    return index


_WORD_BEFORE = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{Lu}[\p{L}\p{M}'’-]*)[ \t]$")
# a lower-case particle before a surname ("later dos Santos cried"), not "do" or "st"
_PARTICLE_BEFORE = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{Ll}{2,5})[ \t]$")
_NOT_LEADING = frozenset({"do", "st"})
_GAP_PARTICLE = regex.compile(r"[ \t]+([\p{L}'’]{1,5})[ \t]+")


def looks_given(word: str, given: frozenset[str],
                is_common: Callable[[str], bool] = lambda w: False) -> bool:
    """A lower-case word that may be a given name beside a surname in quick notes: one of
    ``given`` ("lan", "nour"), or hyphenated of short parts not both ordinary words of three
    letters or more ("ka-ming", "mei-ling"; not "long-term", "half-day").

    >>> common = {"long", "term", "half", "day", "ling"}.__contains__
    >>> [looks_given(w, frozenset(), common) for w in ("ka-ming", "mei-ling", "long-term")]
    [True, True, False]
    """
    parts = word.split("-")
    if len(parts) == 2 and all(1 < len(p) <= 4 for p in parts) and parts[0] != parts[1]:
        if all(len(p) >= 3 and is_common(p) for p in parts):
            return False
        return not word.endswith(("-up", "-on", "-in", "-off", "-out"))
    return word[:1].upper() + word[1:] in given


def join_name_parts(text: str, spans: list[Span], given: frozenset[str],
                    lowered: bool = False,
                    is_common: Callable[[str], bool] = lambda w: False) -> list[Span]:
    """The parts of one name joined: across a name particle ("Mererid" "ab" "Owain",
    "Nour" "el" "Sayed"), a particle before a surname ("dos Santos"), and a given name
    that is also a word before a surname, even at a sentence's start ("Nour El-Sayed").
    In an all-lower-case note (``lowered``), a lower-case given name beside a name found
    joins it ("nguyen thi" + "lan", "ka-ming" + "wong"; see looks_given). ``spans``
    sorted, not overlapping.

    >>> from balint_redact.text.spans import Span
    >>> t = "Mererid ab Owain. Nour El-Sayed"
    >>> s = [Span(0, 7, "NAME", .6, "u"), Span(11, 16, "PERSON", .8, "m"),
    ...      Span(23, 31, "PERSON", .8, "m")]
    >>> [t[x.start:x.end] for x in join_name_parts(t, s, frozenset({"Nour"}))]
    ['Mererid ab Owain', 'Nour El-Sayed']
    """
    names = ("PERSON", "NAME")
    out: list[Span] = []
    for i, s in enumerate(spans):
        if s.entity_type in names:
            m = _WORD_BEFORE.search(text, max(0, s.start - 30), s.start)
            if m and m.group(1) in given and (not out or out[-1].end <= m.start(1)):
                s = Span(m.start(1), s.end, s.entity_type, s.score, s.source)
            lead = _PARTICLE_BEFORE.search(text, max(0, s.start - 8), s.start)
            if lead and lead.group(1) in PARTICLES and lead.group(1) not in _NOT_LEADING and \
                    (not out or out[-1].end <= lead.start(1)):
                s = Span(lead.start(1), s.end, s.entity_type, s.score, s.source)
            if lowered:
                s = _lower_given(text, s, given, out[-1].end if out else 0,
                                 spans[i + 1].start if i + 1 < len(spans) else len(text),
                                 is_common)
        prev = out[-1] if out else None
        if prev is not None and s.entity_type in names and prev.entity_type in names:
            gap = _GAP_PARTICLE.fullmatch(text, prev.end, s.start)
            if (gap and gap.group(1).lower() in PARTICLES) or text[prev.end:s.start] == " ":
                etype = "PERSON" if "PERSON" in (prev.entity_type, s.entity_type) else "NAME"
                out[-1] = Span(prev.start, s.end, etype, max(prev.score, s.score),
                               prev.source)
                continue
        out.append(s)
    return out


_LOWER_BEFORE = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{Ll}+(?:-\p{Ll}+)?)[ \t]$")
_LOWER_AFTER = regex.compile(r"[ \t](\p{Ll}+(?:-\p{Ll}+)?)(?![\p{L}\p{N}'’-])")


def _lower_given(text: str, s: Span, given: frozenset[str], lo: int, hi: int,
                 is_common: Callable[[str], bool]) -> Span:
    """``s`` grown over a lower-case given name just before or after it (within lo..hi)."""
    m = _LOWER_BEFORE.search(text, max(lo, s.start - 20), s.start)
    if m and looks_given(m.group(1), given, is_common):
        s = Span(m.start(1), s.end, s.entity_type, s.score, s.source)
    m = _LOWER_AFTER.match(text, s.end, min(hi, s.end + 20))
    if m and looks_given(m.group(1), given, is_common):
        s = Span(s.start, m.end(1), s.entity_type, s.score, s.source)
    return s


def office_title_before(text: str, start: int) -> bool:
    """Whether the title right before ``start`` is an office that narrows who a person is
    ("Canon ", "Sister "; models/words/office_titles.txt): the redactor puts it into the
    placeholder with the name, where "Mrs" and "Dr" stay outside.

    >>> office_title_before("Canon Hilary Pratt", 6), office_title_before("Mrs Patel", 4)
    (True, False)
    """
    words = text[title_start(text, start):start].split()
    return bool(words) and all(w.lower().rstrip(".") in word_list("office_titles")
                               for w in words)
