"""Dates the ``codes`` stage keeps as dates when no other stage found them: a number that the
codes data explains as a day of a month ("3 june", "june 3rd") or a date in figures ("20/2"
after "on", "for", "by"; "12.03.24") is left to the date handling, and when that handling
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
                              r"dated|due)[ \t]+)\Z")
_FULL = regex.compile(r"\d{1,4}([/.\-])\d{1,2}\1\d{2,4}")


def _by_name(data: CodesData, name: str) -> Explanation | None:
    return next((e for e in data.explanations if e.name == name), None)


def unfound_date(doc: Document, a: int, b: int, data: CodesData) -> list[Span]:
    """The date the kept number at [a, b) is a part of, if the codes data explains it as a
    day of a month or a date in figures and no DATE span covers it; else nothing."""
    text = doc.work
    code, left, right = text[a:b], text[max(0, a - WINDOW):a], text[b:b + WINDOW]
    start = end = -1
    after, before = _by_name(data, "date_month_after"), _by_name(data, "date_month_before")
    shape = _by_name(data, "date_shape")
    if after is not None and after.applies(code, left, right):
        start, end = a, b + after.after.match(right).end()
    elif before is not None and before.applies(code, left, right):
        start, end = a - len(left) + before.before.search(left).start(), b
    elif shape is not None and shape.applies(code, left, right) and (
            _FULL.fullmatch(code) or _BEFORE_SHORT.search(left)):
        start, end = a, b
    if start < 0:
        return []
    year = _YEAR_AFTER.match(text, end)
    if year and not _FULL.fullmatch(code):
        end = year.end()
    if any(s.entity_type == "DATE" and s.start < end and start < s.end for s in doc.spans):
        return []
    return [Span(start, end, "DATE", DATE_SCORE, "codes:date")]
