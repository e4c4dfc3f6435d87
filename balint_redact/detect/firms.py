"""Firms by the shape of the text around them: the firm line under a signature's name line
("Rhys & Morgan Solicitors"), and names joined by an ampersand ("Tanat & Teifi Solicitors",
"Major & Sons Roofing", "Lan's Nails & Beauty"); in lower-case notes with a firm's ending.

>>> from balint_redact.text.lexicon import Lexicon
>>> t = "We instructed Tanat & Teifi Solicitors."
>>> [t[a:b] for a, b, _ in firm_names(t, Lexicon(frozenset({"we", "instructed"})).is_common)]
['Tanat & Teifi Solicitors']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import regex

from ..text.wordlists import word_list, word_pattern
from .mentions import Found



_FIRM_LINE = regex.compile(r"\n[ \t]*(?P<id>\p{Lu}[\p{L}\p{M}'’&.-]*"
                           r"(?:[ \t]+[\p{L}\p{M}'’&.-]+){0,5})[ \t]*(?=\n|$)")


def signature_firms(text: str, names: Found, is_common: Callable[[str], bool]) -> Found:
    """The firm line under a signature's name line (or under the job title below it):
    capitalised words ending with a firm's
    ending ("Rhys & Morgan Solicitors", "Tanat & Teifi Law LLP"), or holding a word the
    dictionary lacks and no digit ("Tanat & Teifi"); a job title ("Senior Associate") stays."""
    out: Found = []
    endings = word_list("org_endings")
    posts = _posts()
    for _, end, _ in names:
        m = _FIRM_LINE.match(text, end)
        if m and _is_post(m.group("id"), posts):
            m = _FIRM_LINE.match(text, m.end("id"))  # name, post, then the firm
        if not m:
            continue
        words = [w.strip(".,") for w in m.group("id").split() if w != "&"]
        if words and (words[-1].lower() in endings or
                      not all(is_common(w) for w in words if w)):
            out.append((m.start("id"), m.end("id"), "the firm line of a signature block"))
    return out


@lru_cache(maxsize=1)
def _posts() -> frozenset[str]:
    """The last words of a job title line (job_titles.txt and the relation nouns)."""
    return word_list("job_titles") | word_list("relation_nouns")


def _is_post(line: str, posts: frozenset[str]) -> bool:
    """A job title line ("Associate Solicitor", "Senior Partner"): its last word is a post."""
    words = line.lower().split()
    return bool(words) and words[-1].strip(".,") in posts


_AMP_WORD = r"\p{Lu}[\p{L}\p{M}'’]+(?:-\p{Lu}[\p{L}\p{M}'’]+)?"


@lru_cache(maxsize=1)
def _firm_pattern() -> regex.Pattern[str]:
    endings = word_pattern("org_endings")
    return regex.compile(
        rf"(?<![\p{{L}}\p{{N}}&])(?P<a>{_AMP_WORD}(?:[ \t]+{_AMP_WORD}){{0,2}})[ \t]*&[ \t]*"
        rf"(?P<b>{_AMP_WORD}(?:[ \t]+{_AMP_WORD}){{0,2}})"
        rf"(?P<end>(?:[ \t]+\(\p{{Lu}}[\p{{L}} ]{{1,24}}\))?[ \t]+(?i:{endings})\b\.?)?"
        rf"(?![\p{{L}}\p{{N}}])")


@lru_cache(maxsize=1)
def _lower_firm_pattern() -> regex.Pattern[str]:
    endings = word_pattern("org_endings")
    w = r"\p{Ll}[\p{Ll}'’]+"
    # one word before the '&' (lower case cannot tell "rang brown" from "brown")
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}&]){w}[ \t]*&[ \t]*"
                         rf"(?:{w}[ \t]+){{0,2}}?(?:{endings})\b")


@lru_cache(maxsize=1)
def _firm_stops() -> frozenset[str]:
    """Words that make an '&' phrase a case title, not a firm ("& Ors", "Mr A & Mr B")."""
    return word_list("edge_words") | frozenset(t.lower() for t in word_list("stop_caps"))


#: a shop or firm named after its owner: "Lan's Nails & Beauty", "Joe's Cafe & Bar"
_POSSESSIVE = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]+['’]s")


def firm_names(text: str, is_common: Callable[[str], bool], lowered: bool = False) -> Found:
    """Firm names with an ampersand: "Tanat & Teifi Solicitors", "Brown & Hill LLP" (any
    words, with a firm's ending), "Tanat & Teifi" (no ending, but a word the dictionary
    lacks), "Major & Sons Roofing" (the family after the '&'), "Lan's Nails & Beauty" (an
    owner's name before it); in an all-lower-case note, "tanat & teifi solicitors"."""
    out: Found = []
    if "&" not in text:
        return out
    edge, endings = _firm_stops(), word_list("org_endings")
    firm_kin = word_list("firm_after_ampersand")
    for m in _firm_pattern().finditer(text):
        words = (m.group("a") + " " + m.group("b")).split()
        if any(w.lower().rstrip(".") in edge for w in words):
            continue  # "Patel & Ors", "State of Kerala & Anr", "Mr Rao & Mr Iyer"
        after_amp = m.group("b").split()[0].lower().rstrip(".")
        if m.group("end") or words[-1].lower().rstrip(".") in endings or \
                after_amp in firm_kin or _POSSESSIVE.fullmatch(words[0]) or \
                not all(is_common(w) for w in words):
            out.append((m.start(), m.end(), "a firm's name joined by '&'"))
    if lowered:
        out += [(m.start(), m.end(), "a firm's name joined by '&'")
                for m in _lower_firm_pattern().finditer(text)]
    return out


_CAP = r"\p{Lu}[\p{Ll}\p{M}]+"
_RUN_WORD = regex.compile(r"\S+")


@lru_cache(maxsize=2)
def _owner_pattern(lowered: bool) -> regex.Pattern[str]:
    """A capitalised word (a name, which the caller checks) after a lower-case word or a
    comma, perhaps possessive, and one to three words after it: capitalised, or in a
    lower-case note in lower case (where a trade must end them: "robbery of sivakumar
    stores,"). Compiled once, not for each document's names."""
    word = r"\p{Ll}[\p{Ll}\p{M}]+" if lowered else _CAP
    return regex.compile(
        r"(?<=,[ \t]+|(?:^|[^\p{L}\p{M}'’-])\p{Ll}[\p{Ll}\p{M}'’-]*[ \t]+)"
        r"(?P<owner>\p{Lu}[\p{L}\p{M}'’-]*?)(?:['’]s)?"
        rf"(?P<rest>(?:[ \t]+{word}){{1,3}})(?=[ \t]+\p{{Ll}}|[ \t]*[,.;:)]|[ \t]*$)", regex.M)


def owner_firms(text: str, owners: set[str], is_common: Callable[[str], bool],
                stop: frozenset[str], trades: frozenset[str] | None = None) -> Found:
    """A shop or firm named after a person found in the document, in the middle of a
    sentence (after a lower-case word or a comma): the owner's name (or its possessive) and
    one to three capitalised ordinary words after it ("runs Siva Local Express on", "of
    Qureshi Family Law.", "Mehmet Yıldırım, Yıldırım's Gents,"); never a title, kin, time or
    street word after the name ("Patel Senior", "Khan Road"), and never at a line's start (a
    heading in title case).

    >>> t = "she runs Siva Local Express on the corner"
    >>> [t[a:b] for a, b, _ in owner_firms(t, {"Siva"}, lambda w: True, frozenset())]
    ['Siva Local Express']
    """
    owners = {o for o in owners if len(o) >= 3}
    if not owners:
        return []
    pattern = _owner_pattern(trades is not None)
    out: Found = []
    skip = stop | word_list("street_suffixes")
    # overlapped: a match at a capitalised word that is no owner's hides none after it
    for m in pattern.finditer(text, overlapped=True):
        if m.group("owner") not in owners:
            continue
        found = list(_RUN_WORD.finditer(m.group("rest")))
        words, end = [w.group() for w in found], m.end()
        if trades is not None:  # up to the first trade
            at = next((i for i, w in enumerate(words) if w in trades), -1)
            if at < 0 or text[m.start("rest") + found[at].end():][:1] not in ",.;:)\n":
                continue  # "at lynch family mediation" is no firm's name
            words, end = words[:at + 1], m.start("rest") + found[at].end()
        if all(is_common(w.lower()) and w.lower() not in skip for w in words):
            out.append((m.start(), end, "a shop or firm named after its owner"))
    return out


#: a trading name ending in "by" and its owner ("Luxe Nails by Hai", "Pampered Paws by
#: Aoife"): two or three capitalised words before "by"
_BY_OWNER = regex.compile(r"(?<![\p{L}\p{M}'’&-])(?P<lead>\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+\p{Lu}"
                          r"[\p{L}\p{M}'’-]*){1,2})[ \t]+by[ \t]+(?P<owner>\p{Lu}[\p{L}\p{M}'’-]*)"
                          r"(?![\p{L}\p{M}'’-])")


def by_owner_firms(text: str, owners: set[str], is_common: Callable[[str], bool],
                   stop: frozenset[str]) -> Found:
    """A trading name of ordinary words ending "by" and a person found ("a nail bar, Luxe
    Nails by Hai", "trading as Pampered Paws by Aoife"): not "Signed by Aoife" (one word).

    >>> t = "trading as Pampered Paws by Aoife from a unit"
    >>> [t[a:b] for a, b, _ in by_owner_firms(t, {"Aoife"}, lambda w: True, frozenset())]
    ['Pampered Paws by Aoife']
    """
    if " by " not in text:
        return []
    out: Found = []
    for m in _BY_OWNER.finditer(text):
        words = m.group("lead").split()
        if m.group("owner") in owners and all(
                is_common(w.lower()) and w.lower() not in stop for w in words):
            out.append((m.start(), m.end(), "a shop or firm named after its owner"))
    return out
