"""How the characters of a text group into codes, for the ``codes`` stage (steps_codes.py):
runs of code characters with a digit, less the words at their edges; tokens joined across
spaced slashes, spaced-out characters and runs of digit groups ("sort 30 80 12"); the short
letter group before a code ("KXZ 4417"); and, after a label, the whole code with its letter
groups, spaced after a slash as OCR and typing leave them ("Our ref: CFCD/ 0882l6/ KM",
"Nat Ins No: SK 7l 44 09 D"), its OCR letters read as digits.

>>> text = "Our ref: CFCD/ 0882l6/ KM"
>>> [text[a:b] for a, b in groups(text, tokens(text, lambda w: False), codes_data())]
['0882l6']
>>> a, b = label_run(text, 15, 21, codes_data(), lambda w: False)
>>> text[a:b], ocr_digits(text[a:b])
('CFCD/ 0882l6/ KM', 'CFCD/ 088216/ KM')
"""

from __future__ import annotations

from typing import Callable

import regex

from .codes_data import WINDOW, CodesData, codes_data

#: a character of a code, and what may join two parts of one without a space (a hyphen or
#: slash may end a line: "KB-2024-\n000123")
_CH = r"[\p{L}\p{N}*•]"
_JOIN = (r"(?:[/.\-–_](?=[\p{L}\p{N}*•])|(?<=\p{N}):(?=\p{N})"
         r"|(?<=\p{N}),(?=\p{N}{3}(?!\p{N})|\p{N}\p{N},\p{N})"  # 1,500 and 1,50,000
         r"|[/\-–][ \t]*\n[ \t]*(?=\p{N}))")
_TOKEN = regex.compile(rf"(?<![\p{{L}}\p{{N}}*•]){_CH}+(?:{_JOIN}{_CH}+)*")
DIGIT = regex.compile(r"\p{N}")
_SPACED_JOIN = regex.compile(r"[ \t]*[/\-–][ \t]*")
_LINE_BREAK = regex.compile(r"[ \t]*\n[ \t]*")
PURE = regex.compile(r"\d+")
_ORDINAL = regex.compile(r"\d{1,2}(?i:st|nd|rd|th)")
_YEAR = regex.compile(r"(?:1[89]|20)\d\d")
_PREFIX = regex.compile(r"(?<![\p{L}\p{N}\])])(\p{L}{1,4})(?:[ \t]*[/\-–][ \t]*|[ \t])\Z")
_SUFFIX = regex.compile(r"[ \t]([A-Z]{3})(?![\p{L}\p{N}])")
_SHORT_LEAD = regex.compile(r"[A-Z]{1,2}\d{1,3}")
#: a label glued to its number ("No.12345", "P.Nos.10241", "ref:88213") or a currency
#: ("Rs.10,000", explained as money after it): not part of the code
_GLUED_LABEL = regex.compile(r"(?:\p{L}{1,3}\.)*(?i:nos|no|ref|id)[.:#]?(?=\d)|#(?=\d)"
                             r"|(?i:rs|inr|usd|gbp|eur|aud|cad|ngn|kes)\.(?=\d)")
_INITIALS = regex.compile(r"[ \t](\p{L}{2,3})(?![\p{L}\p{N}'’.-])")


_HEAD = regex.compile(r"(\p{L}+)(?:[/.\-–_]|[/\-–][ \t]*\n[ \t]*)")
_TAIL = regex.compile(r"[/.\-–_](\p{L}+)\Z")
#: a word with a number glued to it: a footnote mark ("Singh4", "India26") or a
#: postal code ("Kochi682315"); the word is not part of the code
_FOOTNOTE = regex.compile(r"(\p{Lu}?\p{Ll}{2,})\d+")


def _wordlike(run: str, is_word: Callable[[str], bool]) -> bool:
    """A word written as a word (not a code's letters): "Chennai" of "Chennai-9", "The" of
    "3.The", "year" of "14-year-old"; "KB", "SEV", "pa" stay part of their codes."""
    return len(run) >= 3 and (run.istitle() or run.islower()) and \
        (len(run) >= 4 or is_word(run.lower()))


def tokens(text: str, is_word: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Each run of code characters and joiners with a digit, less the words at its edges."""
    out = []
    for m in _TOKEN.finditer(text):
        if not DIGIT.search(m.group()):
            continue
        a, b = m.span()
        glued = _GLUED_LABEL.match(text, a, b)
        if glued:
            a = glued.end()
        note = _FOOTNOTE.fullmatch(text, a, b)
        if note and _wordlike(note.group(1), is_word):
            a = note.end(1)
        while True:
            head = _HEAD.match(text, a, b)
            if head and _wordlike(head.group(1), is_word) and \
                    any(c.isdigit() for c in text[head.end():b]):
                a = head.end()
                continue
            tail = _TAIL.search(text, a, b)
            if tail and (_wordlike(tail.group(1), is_word) or
                         len(tail.group(1)) >= 2 and tail.group(1).istitle()) and \
                    any(c.isdigit() for c in text[a:tail.start()]):
                b = tail.start()
                continue
            break
        out.append((a, b))
    return out


def digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _longest(s: str) -> int:
    """The digits of the longest group of ``s`` ("read out 30 80 12": 2)."""
    return max((len(g) for g in PURE.findall(s)), default=0)


def _joins(text: str, a: tuple[int, int], b: tuple[int, int], chain: int) -> str:
    """How token ``a`` joins the next token ``b`` into one code: "" (it does not), "single"
    (spaced-out characters), or "join"; ``chain`` counts the digits of the run of digit
    groups with single spaces between them that both belong to (7 or more, or -1 for a run
    of three or more groups that nothing explains: "sort 30 80 12")."""
    gap = text[a[1]:b[0]]
    left, right = text[a[0]:a[1]], text[b[0]:b[1]]
    if len(gap) > 4:
        return ""
    pure = PURE.fullmatch(left) and PURE.fullmatch(right)
    if _SPACED_JOIN.fullmatch(gap) and (" " in gap or "\t" in gap):
        if _ORDINAL.fullmatch(left) or _ORDINAL.fullmatch(right):
            return ""
        if "/" not in gap:  # a spaced hyphen joins only spaced-out characters: "4 3 1 - 1 9"
            return "join" if len(left) == 1 and len(right) == 1 else ""
        if pure and (len(left) <= 3 and len(right) <= 3 and len(left) + len(right) > 2
                     or _YEAR.fullmatch(left) and _YEAR.fullmatch(right)):
            return ""  # a range: 10 / 12, 2019 / 2020
        return "join"
    if gap == " " and pure:
        if len(left) == 1 and len(right) == 1:
            return "single"
        if len(left) >= 2 and len(right) >= 2 and (chain >= 7 or chain < 0) and \
                not (_YEAR.fullmatch(left) and len(right) <= 3):
            return "join"  # "943 476 5919", "51287 2024", "284 5170 36"
        return ""
    if _LINE_BREAK.fullmatch(gap) and "/" in left and "/" in right and \
            left[-1:].isdigit() and right[:1].isdigit():
        return "join"  # "46/1188\n23/24"
    return ""


def _chains(text: str, tokens: list[tuple[int, int]], data: CodesData) -> list[int]:
    """For each token, the digits of the run of pure digit groups, single spaces apart, it
    belongs to (0 for a token that is not a digit group), or -1 for a run of three or more
    groups of two digits or more that are not all years and whose first group nothing
    explains in its setting (a section, money, a date): three small counts in a row are a
    code ("sort 30 80 12"), "sections 302 307 34" are sections."""
    out = [0] * len(tokens)
    i = 0
    while i < len(tokens):
        if not PURE.fullmatch(text, tokens[i][0], tokens[i][1]):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and text[tokens[j][1]:tokens[j + 1][0]] == " " and \
                PURE.fullmatch(text, tokens[j + 1][0], tokens[j + 1][1]):
            j += 1
        run = tokens[i:j + 1]
        total = sum(b - a for a, b in run)
        if len(run) >= 2 and (all(_YEAR.fullmatch(text, a, b) for a, b in run) or any(
                _explained(text, a, b, data) for a, b in (run[0], run[-1]))):
            total = 0  # "in 2019 2020 2021", "sections 302 307 34", "10 20 30 points"
        elif total < 7 and len(run) >= 3 and all(b - a >= 2 for a, b in run):
            total = -1
        out[i:j + 1] = [total] * (j + 1 - i)
        i = j + 1
    return out


def _explained(text: str, a: int, b: int, data: CodesData) -> bool:
    """Whether the code at [a, b) is explained by its setting: by the words before or after
    it (a section, money, a day of a month, a quantity), not by its shape alone."""
    why = data.explain(text[a:b], text[max(0, a - WINDOW):a], text[b:b + WINDOW], 1,
                       first=False)
    return why is not None and (why.before is not None or why.after is not None)


def groups(text: str, tokens: list[tuple[int, int]],
            data: CodesData) -> list[tuple[int, int]]:
    """Tokens joined into codes: across spaced slashes ("43127 / 2019"), runs of spaced
    single characters of four or more ("4 3 1 2 7"), long runs of digit groups ("51287
    2024")."""
    out: list[tuple[int, int]] = []
    chains = _chains(text, tokens, data)
    i = 0
    while i < len(tokens):
        run = [tokens[i]]
        kinds: list[str] = []
        while i + 1 < len(tokens):
            how = _joins(text, run[-1], tokens[i + 1], chains[i])
            if not how:
                break
            run.append(tokens[i + 1])
            kinds.append(how)
            i += 1
        i += 1
        if kinds and all(k == "single" for k in kinds) and len(run) < 4:
            out.extend(run)  # "3 4" is two numbers; "4 3 1 2" is one code spaced out
        else:
            out.append((run[0][0], run[-1][1]))
    return out


def extend(text: str, a: int, b: int, is_word: Callable[[str], bool],
            stop: frozenset[str], written: str | None = None) -> tuple[int, int]:
    """A short letter group before the code ("KXZ 4417", "GB 284 5170 36", "sev / 0417")
    or three capitals after a short one ("AB12 CDE", "A123 BCD") belong to it. Casing is
    judged as ``written`` (the text before casing was restored), if given."""
    written = text if written is None else written
    m = _PREFIX.search(text, max(0, a - 12), a)
    if m:
        word = written[m.start(1):m.end(1)]
        low = word.lower()
        # a lower-case word goes with a long number after it ("pa 51287 2024")
        if low not in stop and digits(text[a:b]) >= 3 and (word.isupper() and len(word) <= 3 or
                                word.islower() and len(word) >= 2 and
                                (not is_word(low) or _longest(text[a:b]) >= 5)):
            a = m.start(1)
    code = text[a:b]
    if _SHORT_LEAD.fullmatch(code):
        m = _SUFFIX.match(text, b)
        if m and m.group(1).lower() not in stop and not is_word(m.group(1).lower()):
            b = m.end()
    elif digits(code) >= 5:  # initials after a long reference ("hsg 2026 0877 aw")
        m = _INITIALS.match(text, b)
        word = written[m.start(1):m.end(1)] if m else ""
        if m and word.lower() not in stop and (word.isupper() or word.islower() and
                                               (len(word) == 2 or not is_word(word))):
            b = m.end()
    return a, b


#: a letter group before a code, and the join before it ("CFCD/ " of "CFCD/ 0882l6", "SK "
#: of "SK 7l 44 09 D"); a group after one ("/ KM", " 44", " D")
_GROUP_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(\p{Lu}{1,5})([ \t]*[/\-–][ \t]*|[ \t])\Z")
_GROUP_AFTER = regex.compile(r"([ \t]*[/\-–][ \t]*|[ \t])([\p{L}\p{N}]{1,8})(?![\p{L}\p{N}])")
#: letters an OCR reading puts for digits inside a digit group ("0882l6", "7l", "2O19")
_OCR_DIGIT = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})
_OCR_GROUP = regex.compile(r"(?=[\p{L}\p{N}]*\d)[\dlIOo]+")


def ocr_digits(code: str) -> str:
    """``code`` with the letters an OCR reading puts for digits read as digits, inside the
    groups that hold a digit and nothing but digits and such letters."""
    return _OCR_GROUP.sub(lambda m: m.group().translate(_OCR_DIGIT), code)


def _group_ok(group: str, spaced: bool, is_word: Callable[[str], bool],
              stop: frozenset[str]) -> bool:
    """Whether a letter or digit group beside a labelled code is a part of it: capitals
    (initials, a department's letters), digit groups (OCR letters allowed); after a bare
    space only short ones that are no word ("D" of an NI number, not "The")."""
    low = group.lower()
    if low in stop and (spaced or not group.isupper()):
        return False
    if group.isupper() and group.isalpha():
        return len(group) <= (4 if spaced else 6) and not (spaced and len(group) >= 3 and
                                                            is_word(low))
    if not _OCR_GROUP.fullmatch(group) and not (group.isupper() or group.isdigit()):
        return False
    return not spaced or len(group) <= 4


def label_run(text: str, a: int, b: int, data: CodesData, is_word: Callable[[str], bool]
               ) -> tuple[int, int] | None:
    """After a label, the whole code: the letter groups between the label and the first
    digit ("Our ref: CFCD/ 0882l6/ KM", "Nat Ins No: SK 7l 44 09 D") and the groups after
    it, spaced after a slash or hyphen as OCR and typing leave them. None if no label ends
    where the code (or its leading letter groups) starts."""
    start, lead = a, []
    for _ in range(3):
        m = _GROUP_BEFORE.search(text, max(0, start - 12), start)
        if not m or not _group_ok(m.group(1), not _SPACED_JOIN.fullmatch(m.group(2)),
                                   is_word, data.prefix_stop):
            break
        start = m.start(1)
        lead.append(start)
    found = None
    for at in [a] + lead:
        if data.label(text[max(0, at - WINDOW):at]) is not None:
            found = at
    if found is None:
        return None
    end, last = b, text[a:b]
    while True:
        m = _GROUP_AFTER.match(text, end)
        if not m:
            break
        join, group = m.group(1), m.group(2)
        spaced = not _SPACED_JOIN.fullmatch(join)
        if spaced and len(regex.split(r"[/\-–\s]+", last)[-1]) > 4 or \
                not _group_ok(group, spaced, is_word, data.prefix_stop) or \
                spaced and _explained(text, m.start(2), m.end(2), data):
            break  # "ref 1234 12 May": the day of a month is no part of the code
        end, last = m.end(), group
    return found, end
