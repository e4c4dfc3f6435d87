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
