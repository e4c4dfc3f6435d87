"""People by where they stand in a table or a form: the cells of a column whose header says
who ("Fee earner", "Name", "Surname, Forename") in a Markdown or pipe table, the cells of a
name-like column of a CSV block ("tenant_id,name,ni_no"), the ciphers that stand for a
person kept anonymous ("Patient A", "Pupil 3", "Service User 2"), and the labels of a form
made of ordinary words ("DATE OF BIRTH:"), which are never a name.

Each finder is one pass of a compiled pattern plus word-list lookups and returns
(start, end, why) triples, as in balint_redact.detect.people.

>>> text = "| Date | Fee earner |\\n| --- | --- |\\n| 3 May | KB |\\n"
>>> [(text[a:b], why) for a, b, why in column_people(text, lambda w: False)]
[('KB', 'a cell of a column of people')]
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import regex

from ..text.wordlists import word_list, word_pattern
from .initials import INITIALS, ITEM_SEP, not_initials
from .mentions import Found


_SEPARATOR = regex.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$",
                           regex.M)
_CSV_HEAD = regex.compile(r"^[ \t]*(?P<head>[A-Za-z][A-Za-z_ ]{0,30}(?:,[A-Za-z][A-Za-z_ ]{0,30})+)"
                          r"[ \t]*$", regex.M)
_NAME_WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}'’.]*(?:-\p{Lu}?[\p{L}\p{M}'’]+)*")
_WORD = regex.compile(r"[\p{L}\p{M}'’.-]+")
_LEAD = regex.compile(r"(\p{Lu}{2,4})[ \t]+(?=\p{Lu})")


@lru_cache(maxsize=1)
def person_fields() -> frozenset[str]:
    """Headers and labels whose values are people (models/words/person_fields.txt)."""
    return word_list("person_fields")


def _says_who(header: str) -> bool:
    """A header cell naming people: "Fee earner", "**Initials**", "Surname, Forename"."""
    plain = " ".join(header.replace("*", " ").replace("_", " ").lower().split())
    parts = [p.strip() for p in regex.split(r"[,/&]|\band\b", plain)]
    return plain in person_fields() or any(p and p in person_fields() for p in parts)


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of the table row text[start:end], trimmed; a leading and a
    trailing pipe open and close the row, they add no cell."""
    line = text[start:end]
    inner_a = start + (len(line) - len(line.lstrip(" \t|")) if line.lstrip().startswith("|")
                       else 0)
    inner_b = end - (len(line) - len(line.rstrip(" \t|")) if line.rstrip().endswith("|")
                     else 0)
    out = []
    pos = inner_a
    for piece in text[inner_a:inner_b].split("|"):
        a, b = pos, pos + len(piece)
        pos = b + 1
        while a < b and text[a] in " \t*":
            a += 1
        while b > a and text[b - 1] in " \t*":
            b -= 1
        out.append((a, b))
    return out


def _person_cell(cell: str, is_name: Callable[[str], bool]) -> bool:
    """A cell that holds one person's name: capitalised words, particles and titles
    ("Holloway-Finch, Anthea", "van der Berg, Maaike", "Partridge, Dr Ellis"), at least one
    of them a name, never a number, an email or a dash."""
    if not cell or any(c.isdigit() or c in "@<>()[]" for c in cell) or len(cell) > 60:
        return False
    words = _WORD.findall(cell)
    if not words or len(words) > 5:
        return False
    particles = word_list("name_particles")
    # a name's words have small letters ("PPCS", "HMRC" are bodies; one capital is an initial)
    shaped = all((_NAME_WORD.fullmatch(w) and (len(w.rstrip(".")) == 1 or
                                               not w.isupper())) or w.lower() in particles
                 for w in words)
    return shaped and any(_NAME_WORD.fullmatch(w) and is_name(w.rstrip(".")) for w in words)


#: between the people of one cell ("KB, HL", "AN / DAP"; "&" only between initials: "Bernstein
#: Fine & Co" is a firm)
_CELL_SEP = regex.compile(r"[ \t]*(?:[,;/&]|\band\b)[ \t]*")


def _found(text: str, a: int, b: int, is_name: Callable[[str], bool], initials: regex.Pattern,
           skip: frozenset[str], why: str) -> Found:
    """The person of one cell, or each of the people a cell lists ("KB, HL", "AN / DAP",
    "Ruth Ames; Ola Bell"): a list when every item is initials, or when it is not one comma
    alone (which may part a surname from its forename: "Holloway-Finch, Anthea")."""
    seps = list(_CELL_SEP.finditer(text, a, b))
    if seps:
        bounds = [a] + [x for s in seps for x in s.span()] + [b]
        pieces = [_unbracketed(text, x, y) for x, y in zip(bounds[::2], bounds[1::2])]
        all_initials = all(initials.fullmatch(text, x, y) for x, y in pieces)
        if all_initials or "&" not in text[a:b] and (len(seps) > 1 or
                                                      "," not in seps[0].group()):
            items = [_one(text, x, y, is_name, initials, skip, why) for x, y in pieces]
            if all(items) or all_initials:
                return [f for found in items for f in found]
    return _one(text, a, b, is_name, initials, skip, why)


def _unbracketed(text: str, a: int, b: int) -> tuple[int, int]:
    """An item of a list without the role in brackets after it ("Faith (trainee)")."""
    if text[b - 1:b] == ")":
        cut = text.rfind("(", a, b)
        if cut > a:
            return a, len(text[a:cut].rstrip()) + a
    return a, b


def _one(text: str, a: int, b: int, is_name: Callable[[str], bool], initials: regex.Pattern,
         skip: frozenset[str], why: str) -> Found:
    lead = _LEAD.match(text, a, b)
    if lead and lead.group(1) in skip:  # "SW Ngozi Abara": the role stays, the name goes
        a = lead.end()
    cell = text[a:b]
    if initials.fullmatch(cell):
        return [] if cell in skip else [(a, b, why)]
    return [(a, b, why)] if _person_cell(cell, is_name) else []


def column_people(text: str, is_name: Callable[[str], bool]) -> Found:
    """Every cell of a table column whose header says who (initials or a name), in pipe
    tables with a "| --- |" row under the header and in CSV blocks with a header row."""
    return [f for f in _columns(text, is_name) if f[2]]


def column_headers(text: str) -> list[tuple[int, int]]:
    """(start, end) of each header cell of a pipe table that says who ("Surname,
    Forename", "Fee earner"): a column's label, never a person's name."""
    return [(a, b) for a, b, why in _columns(text, lambda w: False) if not why]


def _columns(text: str, is_name: Callable[[str], bool]) -> Found:
    """The cells of columns of people, and (with no reason) their header cells."""
    initials, skip = regex.compile(INITIALS), not_initials()
    why = "a cell of a column of people"
    out: Found = []
    if "|" in text:
        for sep in _SEPARATOR.finditer(text):
            head_end = sep.start() - 1
            if head_end <= 0:
                continue
            head_start = text.rfind("\n", 0, head_end) + 1
            heads = _cells(text, head_start, head_end)
            cols = [i for i, (a, b) in enumerate(heads) if _says_who(text[a:b])]
            if not cols:
                continue
            out += [(*heads[i], "") for i in cols]  # the header: a label, no person
            pos = sep.end() + 1
            while pos < len(text):
                stop = text.find("\n", pos)
                stop = len(text) if stop < 0 else stop
                if "|" not in text[pos:stop]:
                    break
                row = _cells(text, pos, stop)
                for i in cols:
                    if i < len(row):
                        out += _found(text, *row[i], is_name, initials, skip, why)
                pos = stop + 1
    if "," in text:
        out += _csv_people(text, is_name, initials, skip)
    return out


def _csv_people(text: str, is_name: Callable[[str], bool], initials: regex.Pattern,
                skip: frozenset[str]) -> Found:
    """The cells of a name-like column of a CSV block ("tenant_id,name,ni_no,property")."""
    out: Found = []
    why = "a cell of a name column of a CSV block"
    for m in _CSV_HEAD.finditer(text):
        fields = m.group("head").split(",")
        cols = [i for i, f in enumerate(fields) if _says_who(f)]
        if not cols or len(fields) < 2:
            continue
        pos = m.end() + 1
        while pos < len(text):
            stop = text.find("\n", pos)
            stop = len(text) if stop < 0 else stop
            line = text[pos:stop]
            if line.count(",") < len(fields) - 1:
                break
            starts = [pos] + [pos + i + 1 for i, c in enumerate(line) if c == ","]
            for i in cols:
                if i < len(starts):
                    a = starts[i]
                    b = starts[i + 1] - 1 if i + 1 < len(starts) else stop
                    while a < b and text[a] in " \t\"":
                        a += 1
                    while b > a and text[b - 1] in " \t\"":
                        b -= 1
                    out += _found(text, a, b, is_name, initials, skip, why)
            pos = stop + 1
    return out


@lru_cache(maxsize=1)
def _cipher_pattern() -> regex.Pattern[str]:
    nouns = word_pattern("person_ciphers").replace(r"\ ", r"[ \t]+")
    # the noun capitalised ("Patient A", "Service User 2"), then one capital letter or a
    # number of one or two digits standing alone ("Witness B's", not "Child Arrangements")
    return regex.compile(
        rf"(?<![\p{{L}}\p{{N}}'’-])(?=\p{{Lu}})(?i:{nouns})[ \t]+"
        rf"(?:\p{{Lu}}(?![\p{{L}}\p{{N}}]|\.\p{{L}}|['’](?!s\b))|[1-9]\d?(?![\p{{N}}.,/:-]\p{{N}}|[\p{{L}}]))")


def ciphers(text: str) -> Found:
    """Ciphers that stand for a person kept anonymous: "Patient A", "Witness B", "Pupil 3",
    "Service User 2", "Mother M" (the nouns are data: models/words/person_ciphers.txt)."""
    out: Found = []
    for m in _cipher_pattern().finditer(text):
        words = m.group().split()
        if all(w[0].isupper() for w in words[:-1]):  # "Service User", not "Service user"
            out.append((m.start(), m.end(), "a cipher standing for a person ('Patient A')"))
    return out


_FORM_LABEL = regex.compile(r"(?m)^[ \t]*(?:[-*•>][ \t]*)?(?:\*\*)?(?P<label>\p{L}+(?:[ \t]+"
                            r"\p{L}+){1,4})(?:\*\*)?[ \t]*(?:\.{2,}[ \t]*)?:(?:\*\*)?(?=[ \t]|$)")


def form_labels(text: str, is_common: Callable[[str], bool], names: frozenset[str]
                ) -> list[tuple[int, int]]:
    """(start, end) of each label of a form made of two to five ordinary words at the start
    of a line ("DATE OF BIRTH:", "Place of work:"): never a person's name, whatever a title
    at the end of the line before ("… MAJOR\\nDATE OF BIRTH:") or the model says. A label
    holding a first name ("Gill Kemp:") or a word the dictionary lacks is no form label."""
    small = word_list("function_words")
    out = []
    for m in _FORM_LABEL.finditer(text):
        words = m.group("label").split()
        if all((w.lower() in small or is_common(w)) and w.capitalize() not in names
               for w in words):
            out.append(m.span("label"))
    return out


_FIELD_NAME = regex.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def csv_headers(text: str) -> list[tuple[int, int]]:
    """(start, end) of each field of a CSV block's header row written as column names in
    lower case ("tenant_id,name,ni_no,property" above rows with as many commas): column
    names, never a person's name however odd the dictionary finds them."""
    out: list[tuple[int, int]] = []
    if "," not in text:
        return out
    for m in _CSV_HEAD.finditer(text):
        fields = m.group("head").split(",")
        nxt = text[m.end() + 1:text.find("\n", m.end() + 1) % (len(text) + 1)]
        if len(fields) < 2 or nxt.count(",") < len(fields) - 1 or \
                not all(_FIELD_NAME.fullmatch(f.strip()) for f in fields):
            continue
        pos = m.start("head")
        for f in fields:
            out.append((pos, pos + len(f)))
            pos += len(f) + 1
    return out


# a surname in capitals, perhaps with its particles in capitals (models/words/
# name_particles.txt: "DELA CRUZ", "VAN DER BERG")
_CAPS_SURNAME = (rf"(?:{word_pattern('name_particles').upper()}[ \t]+){{0,2}}"
                 r"(?:Ma?c|O['’])?\p{Lu}{2,}(?:[-'’]\p{Lu}{2,})*")
_FORENAME = r"\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)*"
# a list's "SURNAME, Forenames" at the start of a line: a cause list, a register, a rota
_LISTING = regex.compile(
    rf"(?m)^[ \t]*(?:[-*•]|\d{{1,3}}[.)]?)?[ \t]*(?P<id>{_CAPS_SURNAME}(?:[ \t]+{_CAPS_SURNAME})?"
    rf",[ \t]+{_FORENAME}(?:[ \t]+{_FORENAME}){{0,2}})(?=[ \t]{{2,}}|\t|[ \t]*(?:$|[|,;(]))")
_SENDER = regex.compile(
    r"(?im)^[ \t>]*(?:\*\*)?(?:from|to|cc|bcc|sender|recipients?)(?:\*\*)?[ \t]*:(?:\*\*)?"
    r"[ \t]*(?P<list>[^\n]+)")
_SENDER_ITEM = regex.compile(rf"[ \t]*(?:\*\*)?(?P<name>{_FORENAME}(?:[ \t]+{_FORENAME}){{0,3}})"
                             r"(?:\*\*)?[ \t]*(?:<[^>\n]*>|\([^)\n]{0,30}\))?[ \t]*")


def listing_names(text: str, is_name: Callable[[str], bool]) -> Found:
    """Names listed as "SURNAME, Forenames" at the start of a line ("2  SMITH, Hope   URN
    …", "McGINLEY, Patrick Joseph"): the forenames are names (a first name that is also a
    word counts), the surname is no body's acronym."""
    out: Found = []
    for m in _LISTING.finditer(text):
        surname, forenames = m.group("id").split(",", 1)
        if surname.strip() in not_initials() or not all(map(is_name, forenames.split())):
            continue
        out.append((m.start("id"), m.end("id"), "a name listed as 'SURNAME, Forename'"))
    return out


@lru_cache(maxsize=1)
def _not_aged() -> frozenset[str]:
    """Words no age in brackets makes a name ("Children: None (0)")."""
    return word_list("function_words") | word_list("not_speakers")


@lru_cache(maxsize=1)
def _not_people() -> frozenset[str]:
    """Words that make a header's item a firm or a place ("Hope Street Chambers")."""
    return word_list("org_endings") | word_list("street_suffixes")


def sender_names(text: str, is_name: Callable[[str], bool]) -> Found:
    """The names in an email's header fields ("From: Kevin Baker <kev@…>", "> **To:** Lorna
    Mwangi; Sam Ode", "To: Frances (supervision)"): each item of one to four capitalised
    words, all of them names (not "Hope Street Chambers")."""
    out: Found = []
    for m in _SENDER.finditer(text):
        pos, end = m.span("list")
        while pos <= end:
            stop = min([i for i in (text.find(";", pos, end), text.find(",", pos, end))
                        if i >= 0] or [end])
            item = _SENDER_ITEM.fullmatch(text, pos, stop)
            words = item.group("name").split() if item else []
            if words and all(map(is_name, words)) and \
                    not any(w.lower() in _not_people() for w in words):
                out.append((*item.span("name"), "a name in an email's header"))
            pos = stop + 1
    return out


_FIELD_ITEM = regex.compile(r"[ \t]*(?:\*\*)?(?P<name>(?:\p{Lu}\.[ \t]*)?\p{Lu}[\p{L}\p{M}'’-]*\.?"
                            r"(?:[ \t]+(?:\p{Lu}\.|\p{Lu}[\p{L}\p{M}'’-]*)){0,3})\*{0,2}[ \t]*"
                            r"(?:\((?P<note>[^)\n]{0,30})\))?[ \t]*")


def field_names(text: str, is_name: Callable[[str], bool]) -> Found:
    """The names a field of people holds ("**Supervisee:** Amber Fuller  **Supervisor:** R.
    Okonjo", "Editors: me, Ash", "Client: STONE, Frank Anthony"): each item of one to four
    capitalised words with a name among them (not a firm or a street, not a body's
    acronym), up to the field's end."""
    from .people import _patterns

    out: Found = []
    skip = not_initials()
    for m in _patterns()["listed"].finditer(text):
        if m.group("label").lower().replace("_", " ") not in person_fields():
            continue
        a, b = m.span("list")
        value = text[a:b]
        listing = _LISTING_VALUE.fullmatch(value.strip())
        if listing:  # "STONE, Frank Anthony": one person
            lead = len(value) - len(value.lstrip())
            out.append((a + lead, a + lead + len(value.strip()), "a name in a field of people"))
            continue
        pos = a
        for sep in list(ITEM_SEP.finditer(text, a, b)) + [None]:
            stop = sep.start() if sep else b
            item = _FIELD_ITEM.fullmatch(text, pos, stop)
            if item:
                words = [w.strip(".") for w in item.group("name").split()]
                # a name, or any word with its age in brackets ("Children: Ploy (7)")
                aged = (item.group("note") or "").strip().isdigit()
                if words and not any(w.lower() in _not_people() or w in skip for w in words) \
                        and any(len(w) > 1 and (is_name(w) or aged and w.lower() not in
                                                _not_aged()) for w in words):
                    start, end = item.span("name")
                    if text[end - 1] == "." and len(words[-1]) > 1:
                        end -= 1  # a full stop, not an initial's dot ("SEN expert — LW.")
                    out.append((start, end, "a name in a field of people"))
            pos = sep.end() if sep else b
    return out


_LISTING_VALUE = regex.compile(rf"{_CAPS_SURNAME},[ \t]+{_FORENAME}(?:[ \t]+{_FORENAME}){{0,2}}"
                               r"(?:[ \t]*\([^)\n]{0,12}\))?")
