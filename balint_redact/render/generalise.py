"""Generalised quasi identifiers instead of tags: dates to their month or year, ages to a band,
a street address to its town.

Each setting is a Presidio anonymizer operator (the public ``custom`` operator): the value
a date or age span is replaced by is computed from its own text.

>>> month_of("21 February 2024"), month_of("3/4/24"), year_of("14/02/1989")
('February 2024', 'April 2024', '1989')
>>> age_band("34"), age_band("15-year-old"), age_band("nine weeks old")
('30s', 'teenage', 'a baby')
>>> is_generalised("DATE", "February 2024"), is_generalised("DATE", "21 February 2024")
(True, False)

A value that cannot be generalised safely (no month can be read: "last Tuesday", "the 3rd
week") falls back to the type's tag, never to its own text; so does a date of birth (a direct
identifier: "date of birth 23/07/1936", "DOB: ...", "born on ..."). ``check`` and the gate's second
reader accept what these operators write (:func:`is_generalised`): a month with or without
its year, a year, an age band.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import regex

from .entities import ENTITY_TYPES
from ..errors import ConfigError, DetectionError
from ..text.spans import Span

DATE_MODES = ("tag", "month", "year", "keep")
AGE_MODES = ("tag", "band", "keep")
ADDRESS_MODES = ("whole", "town")
#: each setting of a rules file's [redact] table and its values
SETTINGS = {"dates": DATE_MODES, "ages": AGE_MODES, "addresses": ADDRESS_MODES}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_MONTH_ABBR = {m[:3].lower(): i for i, m in enumerate(MONTHS)} | {"sept": 8}
_MONTH_WORD = regex.compile(r"(?i)(?<!\p{L})(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)"
                            r"[a-z]*\.?(?!\p{L})")
_YEAR4 = regex.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_DECADE = regex.compile(r"(?<!\d)(?:1[89]|20)\d0s(?!\p{L})")
_NUMERIC = regex.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?\s*$")
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
#: a weekday just before a date goes with it when the date is generalised ("Tue, 4 June
#: 2024" → "June 2024"): a weekday and a month narrow the day down to four or five
_WEEKDAY = regex.compile(r"(?i)(?<!\p{L})(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?[ \t]+$")
#: a date of birth is a direct identifier: it stays a tag whatever the setting
_BIRTH = regex.compile(r"(?i)(?:date\s+of\s+birth|d\.?o\.?b\.?|born(?:\s+on)?)\W{0,6}"
                       r"(?:is\s+|was\s+)?$")
_INFANT = regex.compile(r"(?i)\b(?:days?|weeks?|months?)\b")
_ADJECTIVE = regex.compile(r"(?i)[- ](?:years?|yrs?)[- ]old\b|\byr old\b")


def _tag(entity_type: str) -> str:
    return ENTITY_TYPES[entity_type].tag


def _full_year(y: str) -> str:
    return y if len(y) == 4 else ("20" + y if int(y) < 50 else "19" + y)


def _month_year(value: str) -> tuple[str | None, str | None]:
    """The month name and the four-digit year a date's text holds (either may be None).
    Numeric dates read day first (UK order)."""
    m = _NUMERIC.match(value)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None, None
        return MONTHS[month - 1], _full_year(year) if year else None
    words = _MONTH_WORD.findall(value)
    month = MONTHS[_MONTH_ABBR[words[0].lower()[:4] if words[0].lower().startswith("sept")
                               else words[0].lower()[:3]]] if words else None
    years = _YEAR4.findall(value)
    return month, years[0] if years else None


def month_of(value: str) -> str:
    """ "21 February 2024" → "February 2024"; "2 May" → "May"; no month → "[date]"."""
    decade = _DECADE.search(value)
    if decade:  # "the 1980s" is already coarser than a month
        return decade.group()
    month, year = _month_year(value)
    if month is None:
        return year if year and _YEAR4.fullmatch(value.strip()) else _tag("DATE")
    return f"{month} {year}" if year else month


def year_of(value: str) -> str:
    """ "21 February 2024" → "2024"; a date without a year → "[date]"."""
    decade = _DECADE.search(value)
    if decade:
        return decade.group()
    month, year = _month_year(value)
    return year if year else _tag("DATE")


def _number(value: str) -> int | None:
    digits = regex.search(r"\d{1,3}", value)
    if digits:
        return int(digits.group())
    words = regex.findall(r"[a-z]+", value.lower())
    total, seen = 0, False
    for w in words:
        if w in _TENS:
            total, seen = total + _TENS[w], True
        elif w in _NUMBER_WORDS:
            total, seen = total + _NUMBER_WORDS[w], True
    return total if seen else None


def _band(n: int) -> tuple[str, str]:
    """(noun form, adjective form) of an age in years (no small numbers: a reader would take
    "under 5" for an age again)."""
    if n < 1:
        return "a baby", "infant"
    if n < 5:
        return "pre-school", "pre-school"
    if n < 13:
        return "primary-school age", "primary-age"
    if n < 20:
        return "teens", "teenage"
    return f"{n // 10 * 10}s", f"{n // 10 * 10}-something"


def age_band(value: str) -> str:
    """ "34" → "30s"; "63-year-old" → "60-something"; "nine weeks old" → "a baby"."""
    if _INFANT.search(value):
        return "a baby"
    n = _number(value)
    if n is None or n > 120:
        return _tag("AGE")
    noun, adjective = _band(n)
    return adjective if _ADJECTIVE.search(value) else noun


#: what the date operators write; a time of day may follow ("November 2024 17:58")
_DATE_FORMS = regex.compile(
    rf"(?:(?:{'|'.join(MONTHS)})(?: (?:1[89]|20)\d\d)?|(?:1[89]|20)\d\d|(?:1[89]|20)\d0s)"
    r"(?:,?\s(?:at\s)?\d{1,2}[:.]\d\d(?:\s?[ap]\.?m\.?)?)?")
_AGE_FORMS = regex.compile(
    r"a baby|pre-school|primary-school age|teens|[2-9]0s|1[01]0s|infant|primary-age|teenage|"
    r"[2-9]0-something|1[01]0-something")
_EDGE = " \t\n.,;:()'\"’"


def is_generalised(entity_type: str, text: str) -> bool:
    """Is ``text`` a value these operators write for a quasi identifier (a month and year,
    a year, an age band)? ``check`` and the gate do not count such a value as residual."""
    value = text.strip(_EDGE)
    if entity_type == "DATE":
        return bool(_DATE_FORMS.fullmatch(value) or _AGE_FORMS.fullmatch(value))
    if entity_type == "AGE":
        return bool(_AGE_FORMS.fullmatch(value))
    return False


_AGE_BAND_IN_TEXT = regex.compile(rf"(?<!\w)(?:{_AGE_FORMS.pattern})(?!\w)")


def generalised_ranges(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds an age band the operators write ("primary-school age", "30s",
    "80-something"), as (start, end): a second reader asks nothing inside one.

    >>> generalised_ranges("a child of primary-school age, her father in his 40s")
    [(11, 29), (49, 52)]
    """
    return [m.span() for m in _AGE_BAND_IN_TEXT.finditer(text)]


# --------------------------------------------------------------------------- settings


def mode_problem(key: str, value: object) -> str:
    """What is wrong with a ``dates``, ``ages`` or ``addresses`` setting ("" if nothing)."""
    modes = SETTINGS[key]
    return "" if value is None or value in modes else f"must be one of {', '.join(modes)}"


@dataclass(frozen=True)
class Generalisation:
    """How dates and ages are written: ``tag`` (today's default), ``month``/``year``/``band``
    (generalised), ``keep`` (left as written: a quasi identifier the presenter keeps)."""

    dates: str = "tag"
    ages: str = "tag"
    addresses: str = "whole"  # "town": an address becomes its town's placeholder

    def __post_init__(self) -> None:
        for key in SETTINGS:
            if mode_problem(key, getattr(self, key)):
                raise ConfigError(f"unknown {key} setting (use {', '.join(SETTINGS[key])})")

    @property
    def active(self) -> bool:
        return (self.dates, self.ages, self.addresses) != ("tag", "tag", "whole")

    def kept(self) -> frozenset[str]:
        """Entity types left as written."""
        return frozenset(t for t, mode in (("DATE", self.dates), ("AGE", self.ages))
                         if mode == "keep")

    def functions(self) -> dict[str, Callable[[str], str]]:
        """The function each generalised type is replaced through."""
        out: dict[str, Callable[[str], str]] = {}
        if self.dates in ("month", "year"):
            out["DATE"] = month_of if self.dates == "month" else year_of
        if self.ages == "band":
            out["AGE"] = age_band
        return out

    def operators(self) -> dict:
        """Presidio anonymizer operators (``OperatorConfig("custom", ...)``) by entity type."""
        from presidio_anonymizer.entities import OperatorConfig

        return {t: OperatorConfig("custom", {"lambda": f}) for t, f in self.functions().items()}


def generalise(text: str, pairs: Iterable[tuple[Span, str]],
               settings: Generalisation) -> list[tuple[Span, str]]:
    """The (span, replacement) pairs with generalised values for dates and ages (computed by
    Presidio's anonymizer through the custom operators) and kept types left out."""
    pairs = list(pairs)
    if not settings.active:
        return pairs
    kept = settings.kept()
    pairs = [(s, r) for s, r in pairs if s.entity_type not in kept]
    if settings.addresses == "town":
        pairs = to_towns(text, pairs)
    operators = settings.operators()
    chosen = sorted((i for i, (s, _) in enumerate(pairs) if s.entity_type in operators
                     and not (s.entity_type == "DATE" and _birth(text, s))),
                    key=lambda i: pairs[i][0].start)
    if not chosen:
        return pairs
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import RecognizerResult

    results = [RecognizerResult(pairs[i][0].entity_type, pairs[i][0].start, pairs[i][0].end, 1.0)
               for i in chosen]
    out = AnonymizerEngine().anonymize(text=text, analyzer_results=results, operators=operators,
                                      merge_entities_with_spaces=False)
    items = sorted(out.items, key=lambda it: it.start)
    if len(items) != len(chosen):  # fail closed: never guess which value went where
        raise DetectionError("generalising dates and ages failed (the anonymizer's results do "
                          "not match the spans)")
    for i, item in zip(chosen, items):
        pairs[i] = (_with_weekday(text, pairs[i][0], pairs[i - 1][0] if i else None), item.text)
    return pairs


def _birth(text: str, span: Span) -> bool:
    return bool(_BIRTH.search(text, max(0, span.start - 30), span.start))


def _with_weekday(text: str, span: Span, before: Span | None) -> Span:
    if span.entity_type != "DATE":
        return span
    floor = before.end if before is not None else 0
    m = _WEEKDAY.search(text, max(floor, span.start - 14), span.start)
    if m is None:
        return span
    return Span(m.start(), span.end, span.entity_type, span.score, span.source)


# --------------------------------------------------------------------------- addresses

_POSTCODE = regex.compile(r"(?i)\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_TOWN = regex.compile(r"\p{Lu}[\p{L}'’\-]+"
                      r"(?: (?:upon|on|under|le|in|by|\p{Lu}[\p{L}'’\-]+)){0,3}")
_LABELLED = regex.compile(r"(Place|Address) ([A-Z]{1,3})")


def town_of(address: str) -> str | None:
    """The town of a street address (its last part, postcode left out), or None.

    >>> town_of("Flat 2, 88 Stamford Hill, London N16 6XS")
    'London'
    """
    parts = [p.strip() for p in regex.split(r"[,\n]", address) if p.strip()]
    last = _POSTCODE.sub("", parts[-1]).strip(" .") if parts else ""
    return last if len(parts) > 1 and _TOWN.fullmatch(last) else None


def to_towns(text: str, pairs: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Each address whose town can be read becomes that town's placeholder: the document's
    own label for the town if it is named elsewhere ("Place B"), else the next free "Place"
    letter (tag style: "[place]"). The town's name itself is never written: the gate's second
    reader would rightly see a place. Other addresses keep their own placeholder."""
    from .placeholders import letters

    places = {text[s.start:s.end].lower(): r for s, r in pairs
              if s.entity_type == "LOCATION" and _LABELLED.fullmatch(r)}
    used = set(regex.findall(r"Place [A-Z]{1,3}", text)) | set(places.values())
    out = []
    for span, rep in pairs:
        town = town_of(text[span.start:span.end]) if span.entity_type == "ADDRESS" else None
        if town is not None and rep == _tag("ADDRESS"):
            rep = _tag("LOCATION")
        elif town is not None and _LABELLED.fullmatch(rep):
            if town.lower() not in places:
                n = 0
                while f"Place {letters(n)}" in used:
                    n += 1
                places[town.lower()] = f"Place {letters(n)}"
                used.add(places[town.lower()])
            rep = places[town.lower()]
        out.append((span, rep))
    return out
