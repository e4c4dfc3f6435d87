"""Write-ups in the forms presenters really send: the story still reads, every mention of one
person gets one placeholder, ordinary words and contractions stay."""

import pytest

EMAIL = """From: Priya Raghunathan <priya.r@lowther-legal.co.uk>
Date: Tue, 4 Mar 2025 at 21:14
Subject: Re: Ellis children - tomorrow
To: Ben Ashworth <b.ashworth@lowther-legal.co.uk>

Ben - quick notes before group:
- mum (shannon ellis) rang 3x today, v distressed. the SW (gary pritchard) "has it in for her"
- shannon's new partner, Lee, has a conviction - I haven't told her I know
- I feel like I'm the only adult in the room and I'm so tired
"""


def test_forwarded_email_notes(redactor):
    out = redactor.redact(EMAIL).text
    for gone in ("Priya", "Raghunathan", "Ashworth", "Ben", "shannon", "ellis", "Ellis",
                 "gary", "pritchard", "Lee", "4 Mar 2025", "lowther"):
        assert gone not in out, gone
    for kept in ("I feel like I'm the only adult in the room and I'm so tired",
                 "quick notes before group", "has a conviction", "rang 3x today"):
        assert kept in out, kept
    # "Ellis", "shannon ellis" and "shannon's" are one person
    ellis = redactor.redact(EMAIL)
    labels = {f.placeholder for f in ellis.findings
              if EMAIL[f.start:f.end].lower() in ("ellis", "shannon ellis", "shannon")}
    assert len(labels) == 1, labels


@pytest.mark.parametrize("before, after", [
    ("My supervisor, Frances, said I was over-identifying.",
     "My supervisor, Person A, said I was over-identifying."),
    ("I'm tired and I've said so; we'd agreed it wasn't mine.",
     "I'm tired and I've said so; we'd agreed it wasn't mine."),
    ("The trial is listed and I mark the date with dread. Will I hold the line? I hope so.",
     "The trial is listed and I mark the date with dread. Will I hold the line? I hope so."),
    ("His dad, Rob, is quieter. Nadia tried; Rob tried.",
     "His dad, Person A, is quieter. Person B tried; Person A tried."),
    ("The client, K, is fifteen. K said nothing.",
     "The client, Person A, is [age]. Person A said nothing."),
    ("A man called Dean had said it.", "A man called Person A had said it."),
])
def test_before_after(redactor, before, after):
    assert redactor.redact(before).text == after


def test_name_split_over_a_line_with_surname_taken_for_an_organisation(redactor):
    text = "The McKenzie friend, a retired teacher called Derek\nPollard, caught my eye."
    out = redactor.redact(text).text
    assert "Derek" not in out and "Pollard" not in out
    assert out.startswith("The McKenzie friend, a retired teacher called Person A")


@pytest.mark.parametrize("before, after", [
    ("The hearing is before EJ Hartley next week.", "The hearing is before EJ Person A next week."),
    ("Our external solicitors are Pemberton Grey LLP.",
     "Our external solicitors are Organisation A."),
])
def test_titles_and_kinds(redactor, before, after):
    assert redactor.redact(before).text == after


def test_model_span_never_stops_inside_a_word(redactor):
    """'B0¦aE' once gave 'Person AaE', which a second pass re-detected (found by hypothesis)."""
    once = redactor.redact("B0¦aE").text
    assert redactor.redact(once).text == once


@pytest.mark.parametrize("before, after", [
    # ordinary words the small model calls an organisation: a phrase, not a body
    ("The application for Special Leave to Appeal was heard by Video Conferencing.",
     "The application for Special Leave to Appeal was heard by Video Conferencing."),
    # ... unless a body noun or a place preposition says otherwise
    ("The custody sergeants at Wood Green knew him.",
     "The custody sergeants at Organisation A knew him."),
    ("He went to Oak Tree Primary School and then Sunrise Care Home.",
     "He went to Organisation A and then Organisation B."),
    # words of legal English are not unknown names
    ("She had contended that the order conferred nothing; the father died in 2019.",
     "She had contended that the order conferred nothing; the father died in 2019."),
])
def test_ordinary_phrases_stay(redactor, before, after):
    assert redactor.redact(before).text == after


@pytest.mark.parametrize("before, after", [
    ("The witness R.Ayyapillai said so.", "The witness Person A said so."),
    ("The trustees, M.K.Geore and V.G.Kuriakose, met.", "The trustees, Person A and Person B, met."),
    # abbreviation chains stay
    ("Under Cr.P.C. the Addl.Sessions Judge and Govt.Pleader agreed.",
     "Under Cr.P.C. the Addl.Sessions Judge and Govt.Pleader agreed."),
])
def test_initials_glued_to_a_surname(redactor, before, after):
    assert redactor.redact(before).text == after
