"""Initials as a person's short name: their shape, the capitals that never are initials
(bodies, words) and those that are where the document shows them as a person, the initials
an attendance list holds, those listed beside known initials, and the capitals of a found
name ("SH" of "Sarah Hughes"). The patterns that find initials speaking or introduced are in
balint_redact.detect.people.

>>> sorted(capitals(["Sarah Hughes", "Adam Bashir Mohammed"], lambda w: True))
['AB', 'ABM', 'AM', 'SH']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import regex

from ..text.names import title_words
from ..text.wordlists import word_list


#: initials as a person's short name: "RD", "JFC", "JF-C", "KO'N", "MMcK", "C.O'N.", "M.McK."
INITIALS = (r"(?:\p{Lu}\.(?:\p{Lu}['’ʼ]\p{Lu}|Ma?c\p{Lu})\.?|\p{Lu}{1,2}-\p{Lu}{1,2}|"
            r"\p{Lu}{1,2}['’ʼ]\p{Lu}|\p{Lu}Ma?c\p{Lu}|\p{Lu}{2,3})"
            r"(?![\p{L}\p{N}]|[-'’]\p{Lu})")
INIT = rf"(?<![\p{{L}}\p{{N}}'’-]){INITIALS}"
INITIALS_ONLY = regex.compile(INITIALS)
#: a capitalised word of a name ("Hope", "Jean-Luc", "O'Neill")
CAPWORD = r"\p{Lu}[\p{Ll}\p{M}]+(?:[-'’]\p{Lu}?[\p{Ll}\p{M}]+)*"
# where the value of a field ends on its line: a tab or two spaces ("FK   Supervisor: JLD"),
# another label ("… Fee earner: FK Supervisor: JLD"), a table's or a list's rule
FIELD_GAP = r"\t|[ \t]{2,}|[ \t]+\p{Lu}\p{Ll}*(?:[ \t]+\p{Ll}+){0,2}[ \t]*:|[|·]"


def not_initials() -> frozenset[str]:
    """Two- and three-capital words that are never a person's initials (bodies, roles)."""
    return word_list("not_initials")


_FIELD_END = regex.compile(FIELD_GAP)
_ROLE_END = regex.compile(r"[.;*]")
_BRACKETS = regex.compile(r"\([^)\n]*\)|\[[^\]\n]*\]")
ITEM_SEP = regex.compile(r"[,;/&]|\band\b|\.(?=[ \t])|[ \t][—–-][ \t]")
_ROLE_AFTER = regex.compile(r"[ \t]*\(\p{L}")


def listed(text: str, start: int, end: int, field: bool, skip: frozenset[str]
            ) -> list[tuple[int, int]]:
    """The initials of the value of a label, cut where the field ends: after a label of
    people ("Present:"), each item that is initials, whatever the others are ("DW (chair),
    PK, Auntie Bernie, AH (Aisha Hussain)"); after a role ("Mum:"), only a value that is
    all initials ("AN / DAP")."""
    cut = _FIELD_END.search(text, start, end)
    end = cut.start() if cut else end
    if not field:
        cut = _ROLE_END.search(text, start, end)
        end = cut.start() if cut else end
    value = _BRACKETS.sub(lambda b: " " * len(b.group()), text[start:end])
    items, pos = [], 0
    for sep in list(ITEM_SEP.finditer(value)) + [None]:
        stop = sep.start() if sep else len(value)
        piece = value[pos:stop]
        if piece.endswith(".") and piece[:-1].rstrip(" \t") != piece[:-1]:
            piece = piece[:-1]  # the list's full stop after a bracket taken out ("PKS (…).")
        a = pos + len(piece) - len(piece.lstrip(" \t*"))
        b = pos + len(piece.rstrip(" \t*"))
        items.append((start + a, start + b))
        pos = sep.end() if sep else stop
    found = [(a, b) for a, b in items if a < b and INITIALS_ONLY.fullmatch(text, a, b)]
    if not field and len(found) < len([1 for a, b in items if a < b]):
        return []
    # in a list of people, capitals that are also a word's or a body's are initials where
    # a role in brackets follows them ("TO (counsel)", "PD (chair)") or they are all the
    # field holds ("Supervisor:   RC")
    shared = shared_initials() if field else frozenset()
    alone = len(items) == 1
    return [(a, b) for a, b in found if text[a:b] not in skip or
            (text[a:b] in shared and (alone or _ROLE_AFTER.match(text, b)))]


@lru_cache(maxsize=1)
def shared_initials() -> frozenset[str]:
    """Capitals that are a word's or a body's but often a person's initials too
    (models/words/shared_initials.txt)."""
    return word_list("shared_initials")


# never inside a reference ("Our ref JP/SGO/0922")
_COORDINATED = regex.compile(rf"(?<![\p{{L}}\p{{N}}][/-]){INIT}(?:[ \t]*(?:[,/&]|\band\b)[ \t]*"
                             rf"{INITIALS})+(?![ \t]*[/-][ \t]*[\p{{L}}\p{{N}}])")


def coordinated(text: str, known: set[str]) -> set[str]:
    """Initials listed beside initials already known as a person's ("KB, HL" where KB is,
    "PD / KA" where KA is): a person's too, unless never initials (not_initials.txt, less
    shared_initials.txt).

    >>> sorted(coordinated("Log — PD / KA — team. CPS, KA and JT met. Ref KA/SGO/0922", {"KA"}))
    ['JT', 'PD']
    """
    if not known:
        return set()
    skip = not_initials() - shared_initials()
    out: set[str] = set()
    for m in _COORDINATED.finditer(text):
        items = INITIALS_ONLY.findall(m.group())
        if any(i in known for i in items):
            out |= {i for i in items if i not in known and i not in skip}
    return out


#: a word of a full name, or an initial with its dot (compiled once: capitals runs per name)
_NAME_WORD = regex.compile(rf"{CAPWORD}|\p{{Lu}}(?=\.)")


def capitals(names: list[str], is_name: Callable[[str], bool]) -> set[str]:
    """The capitals of each full name ("SH" of "Sarah Hughes", "JL" of "Jean-Luc", "JPK"
    and "JK" of "Jonah Peter Kemp", "RB" of "R. Bird"); titles before a name are no part of
    it."""
    out: set[str] = set()
    drop = title_words()
    for name in names:
        # an initial with its dot is a word of the name too: "RB" of "R. Bird"
        words = [w for w in _NAME_WORD.findall(name) if w.lower() not in drop]
        if not 1 <= len(words) <= 3 or not any(is_name(w) for w in words if len(w) > 1):
            continue  # "Ann Moss" (a word, a name) counts; "Local Authority" does not
        out |= {"".join(c for c in " ".join(words) if c.isupper()), "".join(w[0] for w in words)}
        if len(words) == 3:  # "AM" and "AB" of "Adam Bashir Mohammed"
            out |= {words[0][0] + words[-1][0], words[0][0] + words[1][0]}
    return {f for f in out if 2 <= len(f) <= 3}


def name_capitals(text: str, names: list[str], is_name: Callable[[str], bool],
                  is_common: Callable[[str], bool]) -> set[str]:
    """Initials that are the capitals of a person's full name found in the document ("SH"
    where "Sarah Hughes" is), when they stand alone in the text; never a body's acronym
    (not_initials.txt) nor an ordinary word in capitals ("NO" of "Nathan Owens")."""
    skip, small = not_initials(), word_list("function_words")
    out = {f for f in capitals(names, is_name) if f not in skip and f.lower() not in small
           and not (len(f) == 3 and is_common(f.lower()))}
    return {f for f in out if standalone(f).search(text)}


@lru_cache(maxsize=4096)
def standalone(initials: str) -> regex.Pattern[str]:
    """``initials`` standing alone (compiled once: regex's own cache is often evicted)."""
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}'’-]){initials}(?![\p{{L}}\p{{N}}])")


@lru_cache(maxsize=1)
def upper_function_words() -> frozenset[str]:
    """Function words of two or three letters in capitals ("GO", "DO", "AN")."""
    return frozenset(w.upper() for w in word_list("function_words") if 2 <= len(w) <= 3)
