"""Digit-bearing tokens: explain it or confirm it (the second reader's rule for numbers).

Every token that carries a digit is "to confirm" unless one of the ordinary explanations
below fits: a year, money, a time, a percentage, a quantity with its unit, an ordinal, a
date shape (dates are the redactor's quasi tier), a provision or page number, a citation of
an authority, or a small count (one to three digits). A label before it ("claim no.",
"account ending", "ref") overrides every explanation. The word lists are data
(models/reader_number_words.toml), independent of the redactor's rules.

>>> explain("2024", [], ""), explain("BD24P00417", ["the"], ""), explain("3", ["no"], "")
(None, 'code', 'labelled')
>>> explain("31A", ["section"], ""), explain("£1,200", [], ""), explain("4.30pm", [], "")
(None, None, None)
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources

import regex

from ..errors import DetectionError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_YEAR = regex.compile(r"(?:1[89]|20)\d\d(?:s|'s|’s)?")
_YEAR_RANGE = regex.compile(r"(?:1[89]|20)\d\d[/\-–](?:(?:1[89]|20)?\d\d)")
_DECADE = regex.compile(r"'?\d0s")
_SMALL = regex.compile(r"\d{1,3}(?:\.\d{1,2})?")
_GROUPED = regex.compile(r"\d{1,3}(?:,\d{3}){1,3}(?:\.\d+)?")
_MONEY = regex.compile(r"[£$€]\d[\d,]*(?:\.\d+)?(?:k|m|bn|p|million|billion)?|"
                       r"\d[\d,]*(?:\.\d+)?(?:k|m|bn|p)|"
                       r"\d+(?:\.\d+)?(?:million|billion)", regex.I)
_PERCENT = regex.compile(r"\d+(?:\.\d+)?%")
_TIME = regex.compile(r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d)?(?:am|pm|hrs?|h)?|"
                      r"(?:1[0-2]|0?\d)(?:am|pm)", regex.I)
_ORDINAL = regex.compile(r"\d{1,4}(?:st|nd|rd|th)", regex.I)
_DATE = regex.compile(r"(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:\d\d|(?:19|20)\d\d)|"
                      r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
_UNIT_GLUED = regex.compile(r"\d+(?:\.\d+)?(?:kg|mg|ml|km|cm|mm|mph|ft|hrs?|mins?|"
                            r"yrs?|wks?|x|g|m|h|k)", regex.I)
_FRACTION = regex.compile(r"\d{1,2}/\d{1,2}")
_RANGE = regex.compile(r"\d{1,3}[\-–]\d{1,3}")
# a provision or a cited page: "31A", "12J", "3.1(2)(a)", "25(2)", "2.4–2.6", "PD12J"
_PROVISION = regex.compile(r"(?:[A-Z]{0,3})\d{1,4}[A-Za-z]{0,2}(?:\.\d{1,3}[A-Za-z]?)*"
                           r"(?:\(\d{1,3}[a-z]?\)|\([a-z]{1,4}\))*(?:[\-–]\d{1,4}[A-Za-z]?"
                           r"(?:\.\d{1,3})*)?")
# the same glued to its abbreviation: "s.31(2)", "r.3.4", "para.12", "Art.8", "CPR31.16"
_GLUED_PROVISION = regex.compile(r"(?i:s|ss|r|rr|reg|para|paras|art|sch|pt|p|pp|cl|ch|pd|"
                                 r"cpr|fpr)\.?\d{1,4}[A-Za-z]{0,2}(?:\.\d{1,3}[A-Za-z]?)*"
                                 r"(?:\(\d{1,3}[a-z]?\)|\([a-z]{1,4}\))*(?:[\-–]\d{1,4}[A-Za-z]?)?")
_CITATION_YEAR = regex.compile(r"[\[(](?:1[89]|20)\d\d[\])]")
_CITED = regex.compile(r"\d{1,5}")
_MONEY_RANGE = regex.compile(r"[£$€]\d[\d,.]*(?:k|m|bn)?[\-–](?:[£$€])?\d[\d,.]*(?:k|m|bn)?",
                             regex.I)
_MONTH_YEAR = regex.compile(r"(?:0?[1-9]|1[0-2])/(?:19|20)\d\d")
# a number joined to a word: "15-minute", "two-3rds" (the word is checked against units)
_COMPOUND = regex.compile(r"\d{1,4}[\-–](\p{L}+)")


@lru_cache(maxsize=1)
def number_words() -> dict[str, frozenset[str]]:
    """The explanation word lists (models/reader_number_words.toml)."""
    try:
        text = resources.files("balint_redact.models").joinpath(
            "reader_number_words.toml").read_text("utf-8")
        data = tomllib.loads(text)
    except (ModuleNotFoundError, OSError, tomllib.TOMLDecodeError):
        raise DetectionError("the second reader's data reader_number_words.toml is missing "
                             "or broken; reinstall balint-redact. Nothing was checked.") from None
    return {k: frozenset(v) for k, v in data.items()}


def is_number_word(word: str) -> bool:
    """A word of the number explanations ("para", "mins", "ewca"): vocabulary, not a name."""
    lists = number_words()
    return any(word in lists[k] for k in ("provisions", "labels", "units", "reporters"))


def _plain(word: str) -> str:
    return word.lower().rstrip(".:#")


#: words that may stand between a label and its number ("account ending", "ref no.", "ID:")
_BETWEEN = frozenset({"no", "nos", "number", "ref", "ending", "id", "is", "was", "code",
                      "reference", "num", ""})


def labelled(before: list[str]) -> bool:
    """Is the word before the token a label ("claim no.", "ref:"), or the one before that
    with only a connecting word between ("account ending 7731", "reference is")?"""
    labels = number_words()["labels"]
    if not before:
        return False
    if _plain(before[-1]) in labels:
        return True
    return len(before) > 1 and _plain(before[-2]) in labels and _plain(before[-1]) in _BETWEEN


def ordinary_shape(token: str) -> bool:
    """A year, money, a percentage, a time or a date, by its shape alone."""
    return any(p.fullmatch(token) for p in (_YEAR, _YEAR_RANGE, _DECADE, _CITATION_YEAR,
                                            _MONEY, _MONEY_RANGE, _PERCENT, _TIME, _DATE,
                                            _MONTH_YEAR))


def _balanced(token: str) -> str:
    """The token with an unmatched final "(" part dropped ("117B(6" of "117B(6)")."""
    while token.count("(") > token.count(")") and "(" in token:
        token = token[:token.rindex("(")]
    return token


def explain(token: str, before: list[str], after: str) -> str | None:
    """None if ``token`` is explained as ordinary; else why it is to be confirmed:
    "labelled" (a label stands before it) or "code" (nothing explains it).
    ``before``: the words before it on its line, nearest last; ``after``: the next word."""
    words = number_words()
    if labelled(before):
        return "labelled"
    token = _balanced(token) or token
    if token.lower() in words.get("public_codes", ()):
        return None
    compound = _COMPOUND.fullmatch(token)
    if compound and compound.group(1).lower() in words["units"]:
        return None
    prev = _plain(before[-1]) if before else ""
    nxt = _plain(after)
    if ordinary_shape(token):
        return None
    for shape in (_ORDINAL, _UNIT_GLUED, _FRACTION, _RANGE):
        if shape.fullmatch(token):
            return None
    if _SMALL.fullmatch(token) or _GROUPED.fullmatch(token):
        return None
    plain_number = regex.fullmatch(r"\d+(?:\.\d+)?", token) is not None
    if plain_number and (nxt in words["units"] or nxt.startswith("%")):
        return None
    if _GLUED_PROVISION.fullmatch(token):
        return None
    if prev in words["provisions"] and _PROVISION.fullmatch(token):
        return None
    if prev in words["reporters"] and _CITED.fullmatch(token):
        return None
    return "code"
