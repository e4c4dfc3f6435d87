"""The stage that finds the other names of the people found, and the parts of a name written
beside a found name in a form the earlier stages do not join:

- a quoted nickname inside or beside a found name: 'Patrick "Paddy" Lee', 'Dr Achterberg –
  "Wim" to everyone', '("Big Dave", David Crane)', '"Zee" is her older brother, Zeeshan';
- the usual nicknames of a found first name ("Paddy" of "Patrick", "Dave" of "David"), from
  the hand-curated `nicknames` dataset (balint_redact.detect.given);
- a given name before a found surname, even at a sentence's start or in capitals ("Paddy
  McGinley", "HUGH ST JOHN WYNDHAM-LOWE"); "SMITH, Hope" and "| Ahmadi, Farid |"; a surname
  after a particle ("dos Santos"); a title word ending a name ("Connor James Major");
- a family by its plural surname ("the Storms'"), a double first name ("Lily-Mae"), and a
  found name's word in lower case or capitals beside it ("kev baker", "D POPE").

>>> _quote_gap(' – ', before=True), _quote_gap(' said ', before=True)
('strong', '')
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from ..text.names import name_tokens, title_words
from ..text.spans import Ranges, Span, resolve
from ..text.termindex import TermIndex
from ..text.wordlists import word_list, word_pattern
from .document import Document
from .given import nicknames_of
from .name_forms import (PERSON_TYPES as _PERSON, WORD as _WORD, bracketed_nicknames,
                         caps_given_before, double_given, in_capitals, is_given as _given,
                         nickname_between, nickname_leads, plural_surnames,
                         relations as _relations, stop_words as _stop)
from .steps_text import cut

if TYPE_CHECKING:
    from .resources import Resources

NICK_SCORE = 0.85
REASON = "another name of a person found in this document (a quoted nickname, a usual " \
         "nickname of their first name, their given name or surname beside the name found)"

_QUOTED = regex.compile(rf"[\"“](?P<q>{_WORD}(?:[ \t]{_WORD})?)[\"”]")
_LOWER_WORD = r"\p{Ll}[\p{Ll}\p{M}'’-]{1,14}"
_QUOTED_LOWER = regex.compile(rf"[\"“](?P<q>{_LOWER_WORD}(?:[ \t]{_LOWER_WORD})?)[\"”]")
# between a name and a quoted name after it: a dash, a bracket, "aka" (strong); a comma
_STRONG_BEFORE = regex.compile(r"[ \t]*(?:[–—(-]|,?[ \t]*(?i:aka|a\.k\.a\.?|also known as|"
                               r"known as))[ \t]*\(?[ \t]*")
_WEAK_BEFORE = regex.compile(r"[\"”]?[ \t]*,?[ \t]*(?:\(|or[ \t])?[ \t]*")
# between a quoted name and a name after it: a space, a comma or a bracket; "is her brother,"
_GAP_AFTER = regex.compile(r"[ \t]*[,)]?[ \t]*")
# the quoted name is said to be someone's alias: '"Smudge" (real name Leonard Pratt)'
_ALIAS_AFTER = regex.compile(r"[ \t]*,?[ \t]*\(?(?i:real[ \t]+name|i\.e\.?|aka|born|née)"
                             r"(?:[ \t]+(?i:is|was|believed|believed[ \t]+to[ \t]+be))?[ \t:]*")


@lru_cache(maxsize=1)
def _gap_relation() -> regex.Pattern[str]:
    """'"Zee" is her older brother, Zeeshan': the quoted name said to be a relation named."""
    return regex.compile(rf"[ \t]+(?:is|was)[ \t]+(?:(?:his|her|their|my|our|the)[ \t]+)?"
                         rf"(?:\p{{Ll}}+[ \t]+)?{word_pattern('relation_nouns')},?[ \t]+")


def _quote_gap(gap: str, before: bool) -> str:
    """How ``gap`` joins a name and a quoted name ("alias", "strong", "weak" or "");
    ``before``: the name comes first."""
    if before:
        if _STRONG_BEFORE.fullmatch(gap):
            return "strong"
        return "weak" if _WEAK_BEFORE.fullmatch(gap) else ""
    if _ALIAS_AFTER.fullmatch(gap):
        return "alias"
    if _GAP_AFTER.fullmatch(gap) or _gap_relation().fullmatch(gap):
        return "weak"
    return ""


def _persons(text: str, spans: list[Span]) -> list[Span]:
    return [s for s in spans if s.entity_type == "PERSON" or
            (s.entity_type == "NAME" and len(text[s.start:s.end].split()) > 1)]


def quoted_nicknames(res: "Resources", text: str, spans: list[Span],
                     lowered: bool = False) -> set[str]:
    """Quoted names inside a found person's name ('Patrick "Paddy" Lee') or right beside it
    (after a dash, a bracket, "aka" or a comma; before a name; said to be a relation): a
    word the dictionary lacks, a given name, the start of a word of the name beside it
    ("Zee" of "Zeeshan") or, after a dash, a bracket or "aka", a short word ("Wim"). Anywhere
    else, a quoted word that starts a found person's first name ("Dari" of "Dariush")."""
    if '"' not in text and "“" not in text:
        return set()
    people = sorted(_persons(text, spans), key=lambda s: s.start)
    if not people:
        return set()
    starts = [s.start for s in people]
    stop = _stop(res)
    out: set[str] = set()
    # the start of a found person's first name, quoted anywhere ("Dari" of "Dariush")
    firsts = _first_names(text, people)
    for m in (_QUOTED_LOWER if lowered else _QUOTED).finditer(text):
        words = [w for w in m.group("q").split() if w.lower() not in title_words() and
                 w.lower() not in _relations()]
        if not words or any(w.lower() in stop for w in words):
            continue  # a title or kin word may stand in one ("Father Sam", "Uncle Wah")
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and people[i].start < m.start() and m.end() < people[i].end:
            out.add(m.group("q"))  # inside the name found
            continue
        how, near = "", []
        j = bisect.bisect_left(starts, m.end())
        if j < len(people) and people[j].start - m.end() <= 60:
            gap = _quote_gap(text[m.end():people[j].start], before=False)
            if gap:
                how, near = gap, [people[j]]
        k = i
        while k >= 0 and people[k].end > m.start():
            k -= 1
        if k >= 0 and m.start() - people[k].end <= 20:
            gap = _quote_gap(text[people[k].end:m.start()], before=True)
            if gap:
                how = "strong" if "strong" in (how, gap) else gap
                near.append(people[k])
        if len(words) == 1 and len(words[0]) >= 3 and \
                not text[max(0, m.start() - 4):m.start()].lower().endswith(
                    ("the ", " a ", "an ")) and \
                any(f.startswith(words[0].lower()) and f != words[0].lower() for f in firsts):
            out.add(m.group("q"))
            continue
        if not how:
            continue
        near_words = {w.lower() for p in near for w in name_tokens(text[p.start:p.end])}
        if any(not res.lexicon.is_common(w) or _given(res, w) or
               how == "alias" or (how == "strong" and len(w) <= 4) or
               any(n.startswith(w.lower()) for n in near_words) for w in words):
            out.add(m.group("q"))
    return out


def mentions(res: "Resources", text: str, words: set[str], spans: list[Span],
             confirmed: set[str] = frozenset(), lowered: bool = False
             ) -> list[tuple[int, int]]:
    """(start, end) of each capitalised mention of ``words`` (nicknames of someone found).
    A word the dictionary lacks counts anywhere. An ordinary word ("Pat", "Paddy") counts
    wherever capitalised but after an article or a capitalised word ("the Bill", "Finance
    Bill") once it is ``confirmed`` (quoted beside a name) or once it stands where only a
    name is capitalised: mid-sentence, or right before a found name ("Paddy McGinley").
    Capitals ("PADDY") count only in a line of capitals."""
    if not words:
        return []
    index = TermIndex()
    for w in words:
        index.add(w, "PERSON")
    taken = Ranges([(s.start, s.end) for s in spans])
    person_starts = {s.start for s in _persons(text, spans)}
    found: list[tuple[int, int, str]] = []
    for a, b, _ in index.find(text):
        w = text[a:b]
        low_ok = lowered and w.islower() and w in confirmed  # '"aga"' in lower-case notes
        if not (w[:1].isupper() or low_ok) or (taken.overlaps(a, b) and " " not in w) or \
                (a and text[a - 1] in "'’.-"):
            continue
        if w.isupper() and len(w) > 1:
            if not _caps_context(text, a, b):
                continue
        elif any(t[1:] != t[1:].lower() for t in w.split()):
            continue
        found.append((a, b, " ".join(w.lower().split())))
    sure = {w.lower() for w in confirmed} | {
        w for a, b, w in found if not res.lexicon.is_common(w) or
        _free(text, a, b, person_starts)}
    return [(a, b) for a, b, w in found
            if w in sure and (not res.lexicon.is_common(w) or not _after_word(text, a))]


def _after_word(text: str, a: int) -> bool:
    """After an article or a capitalised word ("the Bill", "Finance Bill")."""
    prev = _PREV_WORD.search(text, max(0, a - 20), a)
    return bool(prev) and (prev.group(1).lower() in word_list("determiners") or
                           (prev.group(1)[:1].isupper() and
                            not _sentence_start(text, prev.start(1))))


def _free(text: str, a: int, b: int, person_starts: set[int]) -> bool:
    """Whether an ordinary word at text[a:b] stands where only a name is capitalised."""
    if text[b:b + 1] == " " and (b + 1 in person_starts or
                                  _verb_after().match(text, b) is not None):
        return True
    return not _sentence_start(text, a) and not _after_word(text, a)


@lru_cache(maxsize=1)
def _verb_after() -> regex.Pattern[str]:
    return regex.compile(rf"[ \t]+{word_pattern('person_verbs')}\b")


_PREV_WORD = regex.compile(r"(\p{L}+)[ \t]+$")


def _sentence_start(text: str, at: int) -> bool:
    """Whether a sentence, line or list item starts at ``at`` (only what stands before)."""
    j = at
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j == 0 or text[j - 1] in '\n.!?:;"“(•*-'


def _caps_context(text: str, a: int, b: int) -> bool:
    """A word in capitals counts as a nickname only in a line of capitals."""
    line_start = text.rfind("\n", 0, a) + 1
    line_end = text.find("\n", b)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


_BEFORE = regex.compile(r"(?<![\p{L}\p{N}'’.-])"
                        r"(\p{Lu}[\p{Ll}\p{M}'’-]+|\p{Lu}{2,}(?:-\p{Lu}{2,})?)[ \t]$")
_CAPS_SURNAME = regex.compile(r"(?:^|(?<=[\s(]))"
                              r"((?:Mc|Mac|O['’])?\p{Lu}{2,}(?:[-'’]\p{Lu}{2,})?),[ \t]+$", regex.M)
# "ABDI, Hodan (Ms)": a title in brackets after "SURNAME, Forename"
_TITLE_BRACKET = regex.compile(r"[ \t]*\((?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\)")
_CELL_SURNAME = regex.compile(r"(?:^|(?<=\|[ \t]{0,3}))[ \t]*(\p{Lu}[\p{Ll}\p{M}'’-]+),[ \t]+$",
                              regex.M)
_CELL_END = regex.compile(r"[ \t]*(?:\||\n|$)")
_PARTICLE_AFTER = regex.compile(r"[ \t]+(\p{Ll}{2,4})[ \t]+(\p{Lu}[\p{Ll}\p{M}'’-]+)")
_TITLE_AFTER = regex.compile(r"[ \t](\p{Lu}[\p{Ll}]+|\p{Lu}{2,})(?=[ \t]*(?:\n|$|[,;.)]))")
_LOWER_AFTER = regex.compile(r"[ \t](\p{Ll}[\p{Ll}\p{M}'’-]+)(?![\p{L}\p{N}])")
_LOWER_BEFORE = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{Ll}[\p{Ll}\p{M}'’-]+)[ \t]$")


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return word_list("name_particles")


def grown(res: "Resources", text: str, spans: list[Span], lowered: bool) -> list[Span]:
    """Found names grown over a given name before them ("Paddy McGinley", "HUGH ST JOHN"),
    a capitals surname before ", Forename" ("SMITH, Hope") and, in a text not all in lower
    case, a found name's own word in lower case beside it ("kev baker")."""
    stop = _stop(res)
    not_init = word_list("not_initials")
    words_of = {w.lower() for s in _persons(text, spans)
                for w in name_tokens(text[s.start:s.end]) if len(w) >= 3}
    words_of -= stop
    out: list[Span] = []
    last_end = 0
    ordered = sorted(spans, key=lambda s: s.start)
    for i, s in enumerate(ordered):
        if s.entity_type not in _PERSON:
            m = _CAPS_SURNAME.search(text, max(last_end, s.start - 30), s.start)
            if m and _TITLE_BRACKET.match(text, s.end) and m.group(1) not in not_init:
                # "ABDI, Hodan (Ms)": a person whatever the model took the forename for
                s = Span(m.start(1), s.end, "PERSON", s.score, s.source)
            out.append(s)
            last_end = max(last_end, s.end)
            continue
        start, end = s.start, s.end
        nxt_start = ordered[i + 1].start if i + 1 < len(ordered) else len(text)
        m = _BEFORE.search(text, max(last_end, start - 30), start)
        if m and m.group(1).lower() not in stop and m.group(1) not in not_init and \
                _given(res, m.group(1)):
            start = m.start(1)
        m = _CAPS_SURNAME.search(text, max(last_end, start - 30), start)
        if m and m.group(1).lower() not in stop and m.group(1) not in not_init and \
                len(m.group(1)) >= 3 and (_given(res, text[start:end].split()[0]) or
                                          _TITLE_BRACKET.match(text, end)):
            start = m.start(1)
        m = _CELL_SURNAME.search(text, max(last_end, start - 30), start)
        if m and m.group(1).lower() not in stop and " " not in text[start:end].strip() \
                and _CELL_END.match(text, end):
            start = m.start(1)  # "| Ahmadi, Farid |": a surname, a comma, a given name
        m = _PARTICLE_AFTER.match(text, end, min(len(text), end + 40))
        if m and m.group(1) in _particles():
            end = m.end(2)  # "Luíza Carvalho dos Santos": the surname after a particle
        m = _TITLE_AFTER.match(text, end, min(nxt_start, end + 30))
        if m and m.group(1).lower() in title_words() and (
                len(text[start:end].split()) > 1 or _given(res, text[start:end].strip()) or
                text[max(0, start - 2):start] == ", "):
            end = m.end(1)  # a title after a name ends it: a surname ("Connor James Major")
        if lowered:
            m = _LOWER_AFTER.match(text, end, min(nxt_start, end + 30))
            if m and _lower_surname(res, text, text[start:end], m,
                                    _titled(text, start)):
                end = m.end(1)  # "counsel sam levy", "mrs chaya berger rang"
        if not lowered and words_of:
            m = _LOWER_AFTER.match(text, end, min(nxt_start, end + 30))
            if m and m.group(1) in words_of:
                end = m.end(1)
            m = _LOWER_BEFORE.search(text, max(last_end, start - 30), start)
            if m and m.group(1) in words_of:
                start = m.start(1)
        out.append(Span(start, end, s.entity_type, s.score, s.source) if (start, end) !=
                   (s.start, s.end) else s)
        last_end = max(last_end, end)
    return out


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    return word_list("person_verbs")


def _first_names(text: str, people: list[Span], whole_names: bool = False) -> set[str]:
    """The first words of the people found, in lower case; ``whole_names``: of names of two
    words or more only."""
    out = set()
    for p in people:
        words = name_tokens(text[p.start:p.end])
        if len(words) > (1 if whole_names else 0):
            out.add(words[0].lower())
    return out


def lower_case_acts(res: "Resources", text: str, people: list[Span]) -> list[tuple[int, int]]:
    """A found person's first name written in lower case where it speaks or acts, in notes
    typed in a hurry: "dawn asked why", "- dawn: \"if it's not on the file\"" where "Dawn
    Achterberg" is found (never a function, time or title word)."""
    firsts = _first_names(text, people, whole_names=True)
    out = []
    for f in sorted(firsts):
        if len(f) < 3 or f in _stop(res) or not f.isalpha():
            continue
        at = text.find(f)
        while at >= 0:  # a plain search: most texts hold no such word in lower case
            end = at + len(f)
            if (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "'’-")) and \
                    (end == len(text) or not text[end].isalnum()) and \
                    _acts_after().match(text, end):
                out.append((at, end))
            at = text.find(f, end)
    return out


@lru_cache(maxsize=1)
def _acts_after() -> regex.Pattern[str]:
    """A verb a person does, or a label's colon, after a word."""
    return regex.compile(rf"[ \t]+{word_pattern('person_verbs')}\b|[ \t]*:[ \t]")


def _titled(text: str, start: int) -> bool:
    """Whether a title stands right before ``start`` ("mrs " before "chaya")."""
    m = _PREV_WORD.search(text, max(0, start - 20), start)
    return bool(m) and m.group(1).lower() in title_words()


def _lower_surname(res: "Resources", text: str, name: str, m: regex.Match[str],
                   titled: bool = False) -> bool:
    """In a lower-case note, the word after a lone first name found ("sam" + "levy"; after a
    title any name: "mrs chaya" + "berger") is its surname: no function, time or title word
    nor a verb, with a break, comma or verb after it (after a title: a surname, or not a word)."""
    word = m.group(1)
    if len(name.split()) != 1 or not (titled or _given(res, name.strip())) or len(word) < 3 or \
            word in _stop(res) or word in _verbs() or word.endswith(("ed", "ing", "ly")):
        return False
    if titled and (not res.lexicon.is_common(word) or word.capitalize() in res.word_surnames):
        return True
    nxt = _NEXT_WORD.match(text, m.end(1))
    # a verb, or a function word ("frances lynch at bedfordshire mediation")
    return nxt is not None and (nxt.group(1) is None or nxt.group(1) in _verbs() or
                                nxt.group(1) in word_list("function_words"))


_NEXT_WORD = regex.compile(r"[ \t]*(?:[,;:.)\n]|$|(\p{Ll}+))")


def nicknames(res: "Resources", doc: Document) -> None:
    """Other names of the people found: quoted nicknames beside a name, the usual
    nicknames of a found first name, and given names or surnames written beside a name."""
    text = doc.work
    people = _persons(text, doc.spans)
    between = nickname_between(res, text, doc.spans)
    doubles = [Span(a, b, "PERSON", NICK_SCORE, "nickname") for a, b in
               double_given(res, text) + [(a, b) for a, b, _, _ in between]]
    bracketed = bracketed_nicknames(res, text, doc.spans)
    if not people and not between and not bracketed:
        if doubles:
            doc.spans = cut(doc, resolve(doc.spans + doubles))
        return
    words: set[str] = set()
    for s in people:
        for w in name_tokens(text[s.start:s.end]):
            words |= nicknames_of(w)
    quoted = quoted_nicknames(res, text, doc.spans, doc.lowered)
    quoted |= {w for _, _, q, z in between for w in (q, z)}
    quoted |= {q for _, _, q in bracketed}
    words |= quoted
    words = {w for w in words if w.lower() not in _stop(res)}
    added = [Span(a, b, "PERSON", NICK_SCORE, "nickname")
             for a, b in mentions(res, text, words, doc.spans, quoted, doc.lowered)]
    added += [Span(a, b, "PERSON", NICK_SCORE, "nickname")
              for a, b in plural_surnames(text, people) + in_capitals(res, text, people)]
    added += doubles + [Span(a, b, "PERSON", NICK_SCORE, "nickname") for a, b, _ in bracketed]
    spans = resolve(doc.spans + added) if added else doc.spans
    spans = resolve(spans + [Span(a, b, "PERSON", NICK_SCORE, "nickname")
                             for a, b in nickname_leads(text, spans) +
                             caps_given_before(res, text, spans) +
                             ([] if doc.lowered else lower_case_acts(res, text, people))])
    doc.spans = cut(doc, resolve(grown(res, text, spans, doc.lowered)))
