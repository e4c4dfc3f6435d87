"""The name_lists stage: an item of a list of people is a person (before: 'Raja' survived)."""

from __future__ import annotations

import pytest

from balint_redact import Redactor

from balint_redact.detect.steps_lists import _LIST


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


@pytest.mark.parametrize("before, gone", [
    ("accused Manoj Nai, Rohit, Amit, Anil, Pankaj and Raja on the roof", "Raja"),
    ("My clients Amina Patel, Gerald Thorne and Tobiah came in.", "Tobiah"),
])
def test_an_item_of_a_list_of_people_is_a_person(redactor, before, gone) -> None:
    out = redactor.redact(before).text
    assert gone not in out


@pytest.mark.parametrize("kept", [
    "We sat in Leeds, Bradford and York last year.",            # no person in the list
    "Amina Patel met the council at Leeds, Bradford and York.",  # one person, not in the list
])
def test_lists_that_are_not_of_people_are_left_alone(redactor, kept) -> None:
    out = redactor.redact(kept).text
    assert "York" in out


def test_places_in_a_half_list_stay_places(redactor) -> None:
    out = redactor.redact("Leeds, Bradford, Amina Patel and Gerald Thorne").text
    assert out.startswith("Place A, Place B, Person ")


def test_the_list_pattern_needs_a_last_conjunction() -> None:
    assert [m.group() for m in _LIST.finditer("Amit, Anil, Raja came")] == []


def test_the_trace_gives_the_reason() -> None:
    r = Redactor(explain=True).redact("accused Manoj Nai, Rohit, Amit, Anil, Pankaj and Raja left")
    assert any(e.stage == "name_lists" and "list whose other items are people" in e.reason
               for e in r.trace.records)
