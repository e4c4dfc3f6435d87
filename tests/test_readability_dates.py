"""Issue #14 part 3: a month alone is no date identifier ("the March hearing", "in June");
an exact date ("2 May", "March 2024", "the fifth of May") still is, and so is a person
called June. Durations, school years and a weekday before a date stay readable."""

import pytest


@pytest.mark.parametrize("before, after", [
    # a month alone, in a time's setting
    ("I went to the March hearing and the May list.",
     "I went to the March hearing and the May list."),
    ("In June she moved; by late April nothing had changed.",
     "In June she moved; by late April nothing had changed."),
    ("The inquest is listed for two days in October.",
     "The inquest is listed for two days in October."),
    ("Ms Hope supported open conditions in February.",
     "Ms Person A supported open conditions in February."),
    # a weekday before a date, a weekday's short form in an email header
    ("Monday 7 October 2024: first meeting.", "Monday [date]: first meeting."),
    ("Date: Thu, 6 Mar 2025 22:14", "Date: Thu, [date] 22:14"),
    # durations and school years are no dates
    ("Admitted in labour at 39+5 weeks, seen at the 36-week appointment.",
     "Admitted in labour at 39+5 weeks, seen at the 36-week appointment."),
    ("Check whether the 10 working days applies.", "Check whether the 10 working days applies."),
    ("She is in Year 3 now.", "She is in Year 3 now."),
])
def test_before_after(redactor, before, after):
    assert redactor.redact(before).text == after


@pytest.mark.parametrize("text, gone", [
    ("We met on 2 May and again in March 2024.", ("2 May", "March 2024")),
    ("On the fifth of May the order was made.", ("fifth of May",)),
    ("June rang me twice about the contact order.", ("June",)),
    ("A person named June came to the office.", ("June",)),
    ("Dear June, thank you for the letter.", ("June",)),
    ("**Sat 12 April**\nFirst contact session.", ("12 April",)),
])
def test_near_misses_still_redacted(redactor, text, gone):
    out = redactor.redact(text).text
    for g in gone:
        assert g not in out, (g, out)


def test_a_name_under_a_date_heading_stays_a_name(redactor):
    out = redactor.redact("**Wednesday 9 October 2024**\nSummer, our trainee, built it.").text
    assert "Summer" not in out and "9 October" not in out
    assert out.startswith("**Wednesday [date]**\n")
