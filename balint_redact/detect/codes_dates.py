"""Dates the ``codes`` stage keeps as dates when no other stage found them: a number that the
codes data explains as a day of a month ("3 june", "Tue 18 March"; an ordinal day before a
capitalised month, the formal style, is the date handling's own), a range of days of a month
("3–5 February") or a date in figures ("12.03.24", "28/02", "20/2"; "3/4" only after "on", "for", "by") is left to the date handling, and when that handling
found nothing there, the codes stage redacts the date itself, so that "left to the date
handling" never means "left in the text".

>>> from balint_redact.detect.document import Document
>>> from balint_redact.detect.codes_data import codes_data
>>> doc = Document.of("directions hearing 3 june 2025 and the meeting for 20/2.")
>>> [doc.work[s.start:s.end] for s in unfound_date(doc, 19, 20, codes_data())]
['3 june 2025']
>>> [doc.work[s.start:s.end] for s in unfound_date(doc, 51, 55, codes_data())]
['20/2']
"""

from __future__ import annotations

import regex

from ..text.spans import Span
from .codes_data import WINDOW, CodesData, Explanation
from .document import Document

DATE_SCORE = 0.6
#: the year that may follow a day and a month ("3 june 2025", "3 June, 2025")
_YEAR_AFTER = regex.compile(r"[ \t]*,?[ \t]*(?:19|20)\d\d(?![\p{L}\p{N}])")
#: a date in figures without a year is a date only after a word that introduces one
_BEFORE_SHORT = regex.compile(r"(?i:\b(?:on|for|by|until|till|before|after|since|"
                              r"dated|due|deadline|hearing|by[ \t]+the)[ \t]+)\Z")
_MAY_ENDS = regex.compile(r"[ \t]*(?:[,.;:)\n–—-]|$)")
_ORDINAL_DAY = regex.compile(r"\d{1,2}(?i:st|nd|rd|th)")
_MONTH_CAPITAL = regex.compile(r"(?<![\p{L}])\p{Lu}\p{Ll}")
_FULL = regex.compile(r"\d{1,4}([/.\-])\d{1,2}\1\d{2,4}")
#: a day and a month in figures that no fraction is written as: a zero-padded part
#: ("28/02", "05/3") or a day past twelve ("20/2"; "3/4" and "1/2" stay fractions)
_DAY_MONTH = regex.compile(r"0\d/\d{1,2}|\d{1,2}/0\d|(?:1[3-9]|2\d|3[01])/\d{1,2}")


def _by_name(data: CodesData, name: str) -> Explanation | None:
    return data.named.get(name)


def unfound_date(doc: Document, a: int, b: int, data: CodesData) -> list[Span]:
    """The date the kept number at [a, b) is a part of, if the codes data explains it as a
    day of a month or a date in figures and no DATE span covers it; else nothing."""
    text = doc.work
    code, left, right = text[a:b], text[max(0, a - WINDOW):a], text[b:b + WINDOW]
    start = end = -1
    before, shape = _by_name(data, "date_month_before"), _by_name(data, "date_shape")
    after = next((e for e in (_by_name(data, "date_month_after"),
                              _by_name(data, "date_range_month_after"),
                              _by_name(data, "date_month_after_welsh"))
                  if e is not None and e.applies(code, left, right)), None)
    if after is not None:
        start, end = a, b + after.after.match(right).end()
    elif before is not None and before.applies(code, left, right):
        start, end = a - len(left) + before.before.search(left).start(), b
    elif shape is not None and shape.applies(code, left, right) and (
            _FULL.fullmatch(code) or _DAY_MONTH.fullmatch(code) or _BEFORE_SHORT.search(left)):
        start, end = a, b
    known = _by_name(data, "public_code")  # "24/7", "9/11" are no dates
    if start < 0 or known is not None and known.applies(code, left, right):
        return []
    # an ordinal day with a month written with its capital is the formal style the date
    # handling reads ("2nd August, 2019", the dates a judgment was reserved and given); a
    # plain day ("Tue 18 March", "w/c 9 June"), a month in lower case, a range of days and
    # a date in figures are what it misses
    written = doc.read if len(doc.read) == len(text) else text
    if (after is not None and after.name == "date_month_after" or after is None and
            before is not None and before.applies(code, left, right)) and \
            _ORDINAL_DAY.fullmatch(code) and _MONTH_CAPITAL.search(written, start, end):
        return []
    year = _YEAR_AFTER.match(text, end)
    if after is not None and not year and written[b:end].strip() == "may" and \
            not _MAY_ENDS.match(text, end) and not _BEFORE_SHORT.search(left):
        return []  # "3 may be enough": "may" in lower case is a month at a break, after
        # "due", "on", "by" ... ("defence due 14 may,"), or with its year
    if year and not _FULL.fullmatch(code):
        end = year.end()
    # a date the date handling found only in part ("2019-03" of "2019-03-11") is made whole
    if any(s.entity_type == "DATE" and s.start <= start and end <= s.end for s in doc.spans):
        return []
    return [Span(start, end, "DATE", DATE_SCORE, "codes:date")]
