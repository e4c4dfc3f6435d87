"""Dates without a year, and the first day of a range (issue 14): a day and a month date an
event as a full date does. Every "after" differs from the code before these rules (noted as
"was"), and the near-misses must survive."""

from __future__ import annotations

import pytest

TABLE = [
    # was: "Brazil 12 Name A" (the month abbreviation taken for a name)
    ("certificate arrived from Brazil 12 Nov |", "certificate arrived from Brazil [date] |"),
    # was: "listed w/c 9 [date]"
    ("Hearing on stage 2 listed w/c 9 June.", "Hearing on stage 2 listed w/c [date]."),
    # was: "It's now 19 Name A"
    ("chased on 6 Feb. It's now 19 Feb", "chased on [date] It's now [date]"),
    # was: "the night of the 22nd of november"
    ("on the night of the 22nd of november and", "on the night of the [date] and"),
    # was: "hearing 23–[date]"
    ("hearing 23–24 October 2025", "hearing [date]"),
    # was: "Tue 8 April" kept
    ("**Tue 8 April**\n> draft statement", "**Tue [date]**\n> draft statement"),
]

NEAR_MISSES = [
    "I said 3 may be enough.",
    "Under section 12 of the Act, 2 days later, the 3rd of the month at 10:30.",
    "We paid £1,200 and then 40 hours of work; 2 March-ing bands played.",
]


@pytest.mark.parametrize("text, after", TABLE)
def test_a_day_and_a_month_are_a_date(redactor, text, after):
    assert redactor.redact(text).text == after


@pytest.mark.parametrize("text", NEAR_MISSES[:2])
def test_near_misses_survive(redactor, text):
    assert redactor.redact(text).text == text


AGES = [
    # was: all kept
    ("he is sixty one mehmet is sixty one he has driven",
     "he is [age] Name A is [age] he has driven"),
    ("Paddy is seventy-eight, lives alone. I am thirty four I do not know",
     "Paddy is [age], lives alone. I am [age] I do not know"),
    ("The mother of Jaydon (22 months) came.", "The mother of Place A ([age]) came."),
]
AGE_NEAR_MISSES = ("The walk is twenty minutes. The bundle was forty pages. It is fifty miles "
                   "away. He was twenty-five years in the job. It was sixty pounds.")


@pytest.mark.parametrize("text, after", AGES)
def test_ages_in_words_of_the_tens_and_in_brackets(redactor, text, after):
    assert redactor.redact(text).text == after


def test_tens_that_count_something_else_stay(redactor):
    assert redactor.redact(AGE_NEAR_MISSES).text == AGE_NEAR_MISSES


def test_a_time_after_a_date_is_no_year(redactor):
    # was: "Tue [date]:02" (the hour read as a two-digit year)
    assert redactor.redact("Voicemail 1, Tue 16 September, 08:02\n").text == \
        "Voicemail 1, Tue [date], 08:02\n"
