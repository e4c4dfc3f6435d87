"""The stages that find names the model missed and look for every name found again: unknown
capitalised words, first names that are also words, joined names, and propagation (parts,
initials, other casing, short forms)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from .heuristics import (TOO_COMMON_NAMES, join_adjacent_names, join_capitalised,
                          unknown_words as find_unknown_words, word_names as find_word_names)
from ..text.names import (build_index, end_forms, join_name_parts, looks_given, name_tokens,
                          short_forms, title_words)
from ..text.spans import Ranges, Span, resolve
from ..text.termindex import TermIndex
from ..text.wordlists import word_list, word_pattern
from .document import Document
from .steps_people import given_names
from .people import non_name_words as _non_name_words
from .public import STATUTE
from .steps_text import cut, given_forms

if TYPE_CHECKING:
    from .resources import Resources

PROPAGATED_SCORE = 0.8

# rules that find a name by its setting ("call her Lan", "My supervisor, Frances,"): what they
# find is a name even when it is also a word, as with a title
_SETTING_RULES = frozenset({"rule:name_after_called", "rule:name_after_relation",
                            "rule:name_after_possessive_relation",
                            "rule:name_before_bracketed_relation",
                            "rule:name_as_vocative", "rule:name_introducing_self",
                            "rule:name_after_role_is", "rule:comment_author",
                            "rule:name_after_greeting", "rule:chat_speaker_before_time",
                            "rule:name_after_alias", "rule:email_header_display_name",
                            "rule:signature_name_before_post",
                            "rule:signature_name_before_contact",
                            "rule:name_before_phone_line", "rule:name_with_emoji_header"})
# what else says a word is a name wherever it is capitalised in the document: a first name
# that is also a word, capitalised mid-sentence ("telling Hope"); a speaker's label; a name
# set off by its role ("Summer, our paralegal,"); a signature's name line; a name in a
# field of people
# detect.steps_people: names in fields of people, and a cause list's other party; the codes
# stage: a name before its owner's e-mail address
_FIELD_SOURCES = frozenset({"listing", "case-party", "codes:email_owner"})
_NAMING_SOURCES = frozenset({"word-name", "speaker-label", "role-name", "signature"}) | \
    _FIELD_SOURCES
# "that" is a conjunction as often ("that Will is careful")
_DETERMINERS = word_list("determiners") - {"that"}
# the sources trusted whatever their span holds (the naming ones only when it is a name's
# shape: a speaker's label the model's guess swallowed, "11:49 - Ailsa: She's", is not)
_FIRST_SOURCES = frozenset({"titled-name", "known-names", "terms"})
_NAME_SHAPE = regex.compile(r"[\p{L}\p{M}'’.-]+(?:,?[ \t\n]+[\p{L}\p{M}'’.-]+){0,4}")
_DETERMINER_BEFORE = regex.compile(r"(?<![\p{L}'’])(\p{L}+)[ \t]+$")
_SHORT_NAME = regex.compile(r"(?<![\p{L}\p{N}'’.-])\p{Lu}\p{Ll}{2,4}(?![\p{L}\p{N}]|['’]\p{L}{2})")


def unknown_words(res: "Resources", doc: Document) -> None:
    """Capitalised words no dictionary knows (and lower-case ones in lower-case notes)."""
    skip = res._titles | res.allow_words
    doc.spans = resolve(doc.spans + cut(doc, find_unknown_words(doc.work, doc.spans,
                                                                res.lexicon, skip)))


def word_names(res: "Resources", doc: Document) -> None:
    """First names that are also words, where their setting shows a name ("Rob said")."""
    doc.spans = resolve(doc.spans + cut(doc, find_word_names(doc.work, doc.spans,
                                                             res.word_names)))


def join_names(res: "Resources", doc: Document) -> None:
    """Capitalised words beside a name joined to it; adjacent names joined into one."""
    skip = res._titles | res.allow_words
    joined = join_adjacent_names(doc.work, resolve(join_capitalised(
        doc.work, doc.spans, res.lexicon, skip)))
    doc.spans = join_name_parts(doc.work, joined, given_names(), doc.lowered,
                                res.lexicon.is_common)


def propagate(res: "Resources", doc: Document) -> None:
    """Every found name looked for again everywhere; protected regions cut once more."""
    _own_cases(doc)
    doc.spans = cut(doc, resolve(doc.spans + _propagated(res, doc)))


_WORDS = regex.compile(r"\p{L}[\p{L}\p{M}'’-]+")
#: a report's or a neutral citation's year, series and number ("[2025] SGFC 114",
#: "(2019) 3 SLR 12"): in the parties' own case, an identifier of it
_REPORT = regex.compile(r"(?:\[\d{4}\]|\(\d{4}\))(?:[ \t]+\d{1,4})?[ \t]+\p{Lu}[\p{L}.]*"
                        r"(?:[ \t]+\p{Lu}[\p{L}.]*){0,2}(?:[ \t]+\([\p{L} ]{2,12}\))?[ \t]+\d{1,5}")
OWN_CASE_SCORE = 0.8


def _own_cases(doc: Document) -> None:
    """A citation holding the whole name (two words or more) of a person found outside it is
    no public authority but that person's own case ("LIM WEI JIE v SARAH LIM [2025] SGFC 114"
    quoted in a write-up about Sarah Lim's divorce; "the accused Nga Than" of "Mi Hla So v.
    Nga Than (1912) 13 Cri. L.J. 53"): it is no longer kept, so the names in it are found
    again, and its report's number is an identifier of the case."""
    if not doc.kept:
        return
    text, kept = doc.work, Ranges(doc.kept)
    stop = _non_name_words()
    names = {tuple(w.lower() for w in _WORDS.findall(text, s.start, s.end)
                   if w.lower() not in stop)
             for s in doc.spans if s.entity_type in ("PERSON", "NAME") and
             not kept.overlaps(s.start, s.end)}
    names = {n for n in names if len(n) >= 2}
    if not names:
        return
    own = []
    for x, y in doc.kept:
        if STATUTE.fullmatch(text, x, y):
            continue
        words = {w.lower() for w in _WORDS.findall(text, x, y)}
        if any(all(w in words for w in n) for n in names):
            own.append((x, y))
    if own:  # what propagation then finds in them is "a found name seen again"
        doc.kept = [r for r in doc.kept if r not in own]
        doc.spans = resolve(doc.spans + [
            Span(m.start(), m.end(), "ID", OWN_CASE_SCORE, "own-case")
            for x, y in own for m in _REPORT.finditer(text, x, y)])


def _propagated(res: "Resources", doc: Document) -> list[Span]:
    """Every found name again: its parts, initials, other case, next line.

    In all-lower-case notes a first name that is also a word ("rose" of "rose kavanagh")
    is looked for in lower case too, unless it is too common a word ("will", "may"); so
    it is in lines that were written in capitals (``caps``: "GRACE IS THE CEO")."""
    text, spans, lowered, caps = doc.work, doc.spans, doc.lowered, doc.caps
    # unknown words are found everywhere already; a joined name ("Hope Adjei") still
    # lends its parts
    trusted = {text[s.start:s.end] for s in spans
               if s.source in _FIRST_SOURCES or s.source in _SETTING_RULES}
    # a first name that is also a word, found in a name's setting or as a speaker: that
    # name wherever capitalised, but not after "the", "a", "his" ("the Will")
    aliases = _aliases(text, spans, res)
    naming = ({text[s.start:s.end] for s in spans if s.source in _NAMING_SOURCES and
               _NAME_SHAPE.fullmatch(text, s.start, s.end)} | {text[a:b] for a, b in aliases}) \
        - trusted
    people = {text[s.start:s.end] for s in spans if s.entity_type == "PERSON" or
              (s.entity_type == "NAME" and len(text[s.start:s.end].split()) > 1)} - \
        trusted - naming
    found = []
    lendable = res.word_names | res.word_surnames | given_names() | \
        _partner_words(res, people, text)
    for names, is_trusted in ((trusted, True), (naming, True), (people, False)):
        if names:
            index = build_index(names, res.lexicon.is_common, res.allow_words, "PERSON",
                                trusted=is_trusted, lendable=lendable)
            found += [Span(a, b, "PERSON", PROPAGATED_SCORE, "propagation")
                      for a, b, _ in index.find(text)
                      if names is not naming or not _word_after_determiner(res, text, a, b)]
    if lowered or caps:
        loose = TermIndex()
        for s in spans:
            if s.entity_type in ("PERSON", "NAME"):
                for w in text[s.start:s.end].split():
                    if (w in res.word_names or w in res.word_surnames) and \
                            w.lower() not in TOO_COMMON_NAMES:
                        loose.add(w, "PERSON")
                    elif lowered and w.islower() and \
                            looks_given(w, given_names(), res.lexicon.is_common):
                        loose.add(w, "PERSON")  # "lan" of "nguyen thi lan", "ka-ming"
        lines = Ranges(list(caps))
        found += [Span(a, b, "PERSON", PROPAGATED_SCORE, "propagation")
                  for a, b, _ in loose.find(text)
                  if lowered or any(x <= a and b <= y for x, y in lines.around(a, b))]
    if not lowered:
        found += _quiet_mentions(res, doc, spans)
    found += [Span(a, b, "PERSON", PROPAGATED_SCORE, "propagation") for a, b in aliases]
    found += _folded(res, text, trusted | naming | people)
    if lowered:
        found += _beside_names(res, text, spans + found)
    found += _surnames_after(res, doc, spans)
    found += _nicknames(res, text, trusted | naming | people)
    others = TermIndex()
    for s in spans:
        if s.entity_type in ("ORGANIZATION", "LOCATION"):
            frag = " ".join(text[s.start:s.end].split())
            if frag.lower() in res.allow_words:
                continue
            others.add(frag, s.entity_type, case_sensitive=res.lexicon.is_common(frag))
    found += [Span(a, b, etype, PROPAGATED_SCORE, "propagation")
              for a, b, etype in others.find(text)]
    return found


def _nicknames(res: "Resources", text: str, names: set[str]) -> list[Span]:
    """A short form of a found first name, written on its own: "Dom" of "Dominic
    Halloran", "Chris" of "Christopher Nolan", "Sade" of "Folasade Adeyemi" (its end,
    balint_redact.text.names.end_forms). Only unusual words count this way; an
    ordinary one ("Will" of "William") is left to the word-name rules."""
    firsts = {toks[0] for toks in (n.split() for n in names) if len(toks) > 1 and
              len(toks[0]) >= 5 and toks[0][:1].isupper()}
    # only forms _SHORT_NAME can find, of five letters at most (a first "name" may be a
    # run of thousands of letters)
    shorts = {short for f in firsts for short in short_forms(f, longest=5) + end_forms(f)}
    if not shorts:
        return []
    out = []
    for m in _SHORT_NAME.finditer(text):
        w = m.group()
        if w in shorts and (not res.lexicon.is_common(w) or w in res.word_names or
                            w in given_names()):
            out.append(Span(m.start(), m.end(), "PERSON", PROPAGATED_SCORE, "propagation"))
    return out


@lru_cache(maxsize=4)
def _stop_words(res: "Resources") -> frozenset[str]:
    return (res._titles | res.allow_words | title_words() | word_list("edge_words") |
            word_list("temporal_words") | word_list("body_nouns") |
            word_list("generic_bodies") | word_list("address_words") |
            word_list("determiners") | frozenset(w.lower() for w in word_list("stop_caps")))


_NAME_WORD = regex.compile(r"\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}[\p{Ll}\p{M}'’]+)?")
# a capitalised word after an article is a word there ("all the Town Panchayats")
_AFTER_ARTICLE = regex.compile(r"(?i:\b(?:the|a|an)[ \t]+)(\p{Lu}\p{Ll}+)")
_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{N}'’-])\p{Ll}[\p{Ll}\p{M}'’-]*")


def _partner_words(res: "Resources", names: set[str], text: str) -> frozenset[str]:
    """Ordinary words lent by a name the model found because another of its words is no
    ordinary word: "Lan" of "Nguyễn Thị Lan", "Nour" of "Nour El-Sayed", "Ka-Ming" of
    "Wong Ka-Ming". Only in a name of two to four capitalised words, one of them of four
    letters or more and no dictionary word; only a short word (four letters at most, or
    hyphenated), not a title, role, month or body, never written in lower case in the
    document nor after an article ("air", "son", "the Town" are words there)."""
    stop = _stop_words(res) | word_list("relation_nouns")
    out: set[str] = set()
    lower: set[str] | None = None
    for name in names:
        toks = name_tokens(name)
        if not 2 <= len(toks) <= 4 or not all(_NAME_WORD.fullmatch(t) for t in toks) or \
                not any(len(t) >= 4 and not res.lexicon.is_common(t) for t in toks):
            continue
        for t in toks:
            if (len(t) <= 4 or "-" in t) and t.lower() not in stop:
                if lower is None:
                    lower = set(_LOWER_WORD.findall(text)) | \
                        {w.lower() for w in _AFTER_ARTICLE.findall(text)}
                if t.lower() not in lower:
                    out.add(t)
    return frozenset(out)


def _word_after_determiner(res: "Resources", text: str, a: int, b: int) -> bool:
    """A single ordinary word after "the", "a", "his" ... is a word ("the Will")."""
    if not res.lexicon.is_common(text[a:b]) or " " in text[a:b]:
        return False
    m = _DETERMINER_BEFORE.search(text, max(0, a - 20), a)
    return bool(m) and m.group(1).lower() in _DETERMINERS


_AND_AFTER = regex.compile(r"[ \t]+(?:and|&)[ \t]+(\p{Ll}+)(?![\p{L}\p{N}'’-])")
_AND_BEFORE = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{Ll}+)[ \t]+(?:and|&)[ \t]+$")


#: a sentence, or the piece of a line between sentence ends
_SENTENCE = regex.compile(r"[^.!?\n]+")


def lower_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` written all in lower case, of three words or more ("kai
    showed me", "i put them in the drawer"), as (start, end); none with a capital ("Kai
    showed me", "I put").

    >>> text = "Kai rang. kai showed me the texts. Then Kai left."
    >>> [text[a:b] for a, b in lower_sentences(text)]
    [' kai showed me the texts']
    """
    return [m.span() for m in _SENTENCE.finditer(text)
            if m.group().islower() and len(m.group().split()) >= 3]


#: what may stand before a sentence's first word: spaces, a list's mark, a quote's ">"
_SENTENCE_LEAD = regex.compile(r"[\s\-*•>]*")


def _quiet_mentions(res: "Resources", doc: Document, spans: list[Span]) -> list[Span]:
    """In a text written with capitals, the sentences written all in lower case (a chat's
    "ray says dont pay them", a note's "kai showed me"): a found person's first name or a
    word of their name the dictionary lacks, opening one of them in lower case, is that
    person; not elsewhere in it ("at dawn we left", "a frank talk", "no hope")."""
    read = doc.read
    starts = {_SENTENCE_LEAD.match(read, a, b).end() for a, b in lower_sentences(read)}
    if not starts:
        return []
    text, firsts, index = doc.work, given_forms(res), TermIndex()
    for s in spans:
        if s.entity_type in ("PERSON", "NAME"):
            for w in text[s.start:s.end].split():
                if len(w) >= 3 and w[:1].isupper() and w[1:].islower() and \
                        w.lower() not in TOO_COMMON_NAMES and \
                        (w in firsts or not res.lexicon.is_common(w)):
                    index.add(w, "PERSON")  # "Kai" of "Kai Lamb", "Ray" of "Ray"
    if not index:
        return []
    index.finalise()
    return [Span(a, b, "PERSON", PROPAGATED_SCORE, "propagation")
            for a, b, _ in index.find(text) if a in starts and read[a:b].islower()]


#: a lower-case word after a name, ending its clause or acting ("pike" of ", sharon pike,
#: wants", "stone" of "bernie stone (dead now)", "luke stone says")
_WORD_ENDING = regex.compile(r"[ \t]+(\p{Ll}+)(?=[ \t]*[,.;:()!?]|[ \t]*$|[ \t]+(?:%s)\b)"
                             % word_pattern("person_verbs"), regex.M)


def _surnames_after(res: "Resources", doc: Document, spans: list[Span]) -> list[Span]:
    """A surname that is also a word, in lower case right after a first name found written
    in lower case, where the clause ends or the person acts: that person's surname ("the
    director of nursing, sharon pike, wants", "luke stone says"; not "sharon pike fishing",
    nor "Sharon pike")."""
    names, surnames = given_forms(res), res.truecaser.word_surnames  # lower case
    out = []
    for s in spans:
        if s.entity_type not in ("PERSON", "NAME") or not doc.read[s.start:s.end].islower():
            continue
        after = _WORD_ENDING.match(doc.work, s.end, s.end + 30)
        if after and after.group(1) in surnames and \
                doc.read[s.start:s.end].capitalize() in names:
            out.append(Span(s.start, after.end(1), "PERSON", PROPAGATED_SCORE, "propagation"))
    return out


def _beside_names(res: "Resources", text: str, spans: list[Span]) -> list[Span]:
    """In an all-lower-case note, a first name standing next to a name found, joined by
    "and" ("summer and dean came in", "tilly & osagie"), is a name too."""
    names = given_forms(res)
    out = []
    for s in spans:
        if s.entity_type not in ("PERSON", "NAME"):
            continue
        for m in (_AND_AFTER.match(text, s.end, s.end + 30),
                  _AND_BEFORE.search(text, max(0, s.start - 30), s.start)):
            if m and m.group(1).capitalize() in names:
                out.append(Span(m.start(1), m.end(1), "PERSON", PROPAGATED_SCORE,
                                "propagation"))
    return out


_ALIAS = regex.compile(r"[ \t]*\([ \t]*(?:[\"“'‘](?=\p{Lu}[\p{Ll}\p{M}'’-]+[\"”'’]\)))?"
                    r"(\p{Lu}[\p{Ll}\p{M}'’-]+)([\"”'’])?[ \t]*\)")


def _aliases(text: str, spans: list[Span], res: "Resources") -> list[tuple[int, int]]:
    """The name a person goes by, in brackets after their name: "Lưu Văn Tâm (Tam)",
    "Chan Ka-wai (\"Kelvin\")" — in quotes, or a word the dictionary lacks, or a first
    name ("Ramesh (Deceased)", "(Dead)", "(Civil)" are words)."""
    out = []
    firsts = res.word_names | given_names()
    for s in spans:
        if s.entity_type in ("PERSON", "NAME") and " " in text[s.start:s.end].strip():
            m = _ALIAS.match(text, s.end)
            if m and (m.group(2) or m.group(1) in firsts or
                      not res.lexicon.is_common(m.group(1))):
                out.append(m.span(1))
    return out


def _fold(word: str) -> str:
    plain = unicodedata.normalize("NFKD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def _folded(res: "Resources", text: str, names: set[str]) -> list[Span]:
    """A name's words written without their accents ("Tam" of "Tâm", "Nguyen" of
    "Nguyễn"), capitalised, three letters or more."""
    index = TermIndex()
    for name in names:
        for t in name_tokens(name):
            plain = _fold(t)
            if plain != t and len(plain) >= 3 and plain.isascii() and plain[0].isupper():
                index.add(plain, "PERSON", case_sensitive=True)
    return [Span(a, b, "PERSON", PROPAGATED_SCORE, "propagation")
            for a, b, _ in index.find(text)]
