"""Codes taken whole (issue 14, part 1): the letter groups of a code joined by slashes or
hyphens, spaced after the slash as OCR and typing leave them; OCR'd identifiers after a label
("SK 7l 44 09 D"); runs of digit groups ("sort 30 80 12"); a police system's letters before
its number; the initials that end a reference and the name parts of a personal e-mail
address, wherever they stand alone; dates the codes data leaves to the date handling when it
found none; addresses with a floor or a flat's house number. Before/after tables
through the public API, with near-misses that must survive (sections, money, years, tax
years, citations, times, quantities, a label word with no code after it).
"""

from __future__ import annotations

import pytest

from balint_redact.detect.document import Document

# -------------------------------------------------- letter groups and OCR after a label

WHOLE = [
    ("Our ref: CFCD/ 0882l6/ KM\n\nShe wrote to me.",
     "Our ref: [reference]\n\nShe wrote to me."),
    ("Matter: TAX/ 3317/ KB was opened.", "Matter: [reference] was opened."),
    ("Your ref: PEN/ OMB/ 2207- DY arrived.", "Your ref: [reference] arrived."),
    ("Nat Ins No: SK 7l 44 09 D\n", "Nat Ins No: [NI number]\n"),
    ("Her National Insurance number is SK 71 44 O9 D, she says.",
     "Her National Insurance number is [NI number], she says."),
    # the label line is not swallowed into the name, nor the address into the addressee
    ("Mrs Shamsun Nahar Begurn\n44 Ashted Row, Birrningham B7 4AH\nNat Ins No: SK 7l 44 09 D\n",
     "Mrs Person A\nAddress A\nNat Ins No: [NI number]\n"),
]

# ---------------------------------------------------------------- runs of digit groups

RUNS = [
    ("bank details: sort 30 80 12 a/c 4471 9823 from her.",
     "bank details: sort [bank account] a/c [bank account] from her."),
    ("She gave sort 30-80-12 to him.", "She gave sort [bank account] to him."),
    ("She read out 30 80 12 to me.", "She read out [reference] to me."),
]

# ------------------------------------------------------------- police system prefixes

POLICE = [
    ("The police log, crime ref CAD 4471/19APR26.", "The police log, crime ref [police reference]."),
]

# ------------------------------------------------------- the initials of a reference

INITIALS = [
    ("Matter: TAX/3317/KB\n\n| Date | Fee earner | Units |\n| --- | --- | --- |\n"
     "| 3 May 2025 | KB | 3 |\n",
     "Matter: [reference]\n\n| Date | Fee earner | Units |\n| --- | --- | --- |\n"
     "| [date] | Person A | 3 |\n"),
    ("Matter: CRIM/4471/JW\nAttending: JW (solicitor-advocate), client.",
     "Matter: [reference]\nAttending: Person A (solicitor-advocate), client."),
    ('Our ref: PEN/OMB/2207-DY\n\nIt shows as "DY – pensions" on my screen.',
     'Our ref: [reference]\n\nIt shows as "Person A – pensions" on my screen.'),
]

# ------------------------------------------- dates the codes data leaves to the dates

DATES = [
    ("- defence due 14 may, directions hearing 3 june\n",
     "- defence due [date], directions hearing [date]\n"),
    ("I booked the next meeting with him for 20/2. He agreed.",
     "I booked the next meeting with him for [date]. He agreed."),
    ("- [ ] send the form — deadline 28/02\n", "- [ ] send the form — deadline [date]\n"),
    ("Hearing on stage 2 listed w/c 9 June.", "Hearing on stage 2 listed w/c [date]."),
    ("The court martial sat 3–5 February 2025.", "The court martial sat [date]."),
    ("Claim no: CF1234\n\n12 Rhagfyr 2024\n\nDear Mr Jones,", "Claim no: [case number]\n\n[date]\n\nDear Mr Person A,"),
    ("date,event\n2019-03-11,\"New patient exam\"\n", "date,event\n[date],\"New patient exam\"\n"),
]

# ------------------------------------------------------ addresses with a floor or a flat

ADDRESSES = [
    ("Priya | 3rd Floor, 101 Deansgate, Manchester M3 2BQ\n", "Name A | Address A\n"),
    ("found at a house, flat b, 402 harrow road, london w9 2hu, with two men",
     "found at a house, Address A, with two men"),
]

# -------------------------------------------------------------- near-misses: they stay

KEPT = [
    "Under s.9A of the TMA 1970, for tax years 2019-20 to 2021-22, she paid £4,500.",
    "Sections 302 307 34 were read, and rule 3.9 after them.",
    "He scored 10 20 30 points at 10:30 over 3 days.",
    "The Claim No. was not given and the Our ref line was blank.",
    "The KB judge sat; see (1997) 24 EHRR 39 (KB).",
    "She has 3 children and came after 20 minutes; the sort of 12 files was slow.",
    "She paid £30 80 and 12 other sums.",
    "She left 3/4 of the estate to him and a 1/4 share to her.",
    "She scored 15/20, the care was 24/7 and the split 75/25.",
    "I've played VM 3 maybe ten times, and track 2 marching on.",
    "It cost Rs.10,000 crores to build a 276kms highway.",
]


@pytest.mark.parametrize("text, expected", WHOLE + RUNS + POLICE + INITIALS + DATES +
                         ADDRESSES)
def test_before_after(redactor, text: str, expected: str) -> None:
    assert redactor.redact(text).text == expected


@pytest.mark.parametrize("text", KEPT)
def test_near_misses_stay(redactor, text: str) -> None:
    assert redactor.redact(text).text == text


def test_email_at_a_foreign_provider_is_whole(redactor) -> None:
    assert redactor.redact("Write to aga.kowalczyk82@wp.pl today.").text == \
        "Write to [email] today."


#: a personal address names its owner wherever a part of it stands capitalised alone;
#: an address of ordinary words ("housing.team") names nobody
EMAIL_NAMES = [
    ("Write to aga.kowalczyk82@wp.pl today.\n\nI won, and Aga sent me a photo.",
     "Write to [email] today.\n\nI won, and Person A sent me a photo."),
    ("Write to housing.team@leeds.gov.uk; the Housing Act applies and the Team met.",
     "Write to [email]; the Housing Act applies and the Team met."),
]


@pytest.mark.parametrize("text, expected", EMAIL_NAMES)
def test_names_in_a_personal_email_address(redactor, text: str, expected: str) -> None:
    assert redactor.redact(text).text == expected


# ---------------------------------------------------------------- the net, directly

def _decisions(text: str):
    from balint_redact.detect.steps_codes import find_codes

    return [(text[d.start:d.end], d.entity or "keep")
            for d in find_codes(Document.of(text), lambda w: False)]


def test_a_labelled_code_takes_its_letter_groups_and_ocr_digits() -> None:
    assert _decisions("Our ref: CFCD/ 0882l6/ KM") == [("CFCD/ 0882l6/ KM", "ID")]
    assert _decisions("NI no: SK 7l 44 09 D") == [("SK 7l 44 09 D", "UK_NINO")]


def test_a_labelled_code_stops_at_words_and_dates() -> None:
    assert _decisions("ref 88213 I think") == [("88213", "ID")]
    assert _decisions("ref 1234 12 May 2024")[0] == ("1234", "ID")
    assert _decisions("Invoice 10023 is unpaid") == [("10023", "ID")]


def test_three_small_groups_are_one_code_unless_explained() -> None:
    assert _decisions("details: 30 80 12 then") == [("30 80 12", "ID")]
    assert [e for _, e in _decisions("pages 12 15 18 and 20 30 40 points")] == ["keep"] * 6
    assert [e for _, e in _decisions("in 2019 2020 2021")] == ["keep"] * 3


def test_initials_reason_is_in_the_trace() -> None:
    from balint_redact import Redactor

    text = "Matter: CRIM/4471/JW\nAttending: JW (solicitor-advocate)."
    result = Redactor(explain=True, use_default_rules_file=False).redact(text)
    reasons = [r.reason for r in result.trace.with_text(text)
               if r.stage == "codes" and r.text == "JW"]
    assert reasons and "initials" in reasons[0] and "JW" not in reasons[0]
