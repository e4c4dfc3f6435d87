"""Issue #14 part 3 on judgments' preambles: a word that ends a name ("Aged", "Resident") is
no part of the person's name the model or a title found, and a number with no date's shape
("Respondent 4") is no date; the names and the dates themselves are still redacted."""

import pytest


@pytest.mark.parametrize("before, after", [
    ("Shri Ram Kumar Aged about 45 years.", "Shri Person A Aged about 45 years."),
    ("Mrs Amina Patel Resident of the same village.",
     "Mrs Person A Resident of the same village."),
    ("Notice to Respondent 4 was served within 4-5 days.",
     "Notice to Respondent 4 was served within 4-5 days."),
])
def test_before_after(redactor, before, after):
    assert redactor.redact(before).text == after


@pytest.mark.parametrize("text, gone", [
    ("Notice to Respondent 4 was served on 12/03/2021.", ("12/03/2021",)),
    ("The order of 1st April, 2019 stands.", ("1st April, 2019",)),
    ("Shri Ram Kumar Aged about 45 years.", ("Ram", "Kumar")),
])
def test_near_misses_still_redacted(redactor, text, gone):
    out = redactor.redact(text).text
    for g in gone:
        assert g not in out, (g, out)
