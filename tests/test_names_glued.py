"""Names written the way judgments and PDF text write them (each row leaked before)."""

from __future__ import annotations

import pytest

from balint_redact import Redactor


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


@pytest.mark.parametrize("before, after", [
    # initials against the surname with no space
    ("Coram : A.S.Oka And the Bench", "Coram : Person A And the Bench"),
    ("Mr.UM.Ravichandran for R5", "Mr.Person A for R5"),
    # a short run of spaces inside a name (text from PDFs)
    ("Shri  Datta   Mane, the petitioner", "Shri  Person A, the petitioner"),
    # the other name a person goes by
    ("Abhay Dewan alias Gappy appeared", "Person A alias Person B appeared"),
    ("Prakash Kumar @ Munna came", "Person A @ Person B came"),
    ("at school he is known as Kwams", "at school he is known as Person A"),
])
def test_before_after(redactor, before, after) -> None:
    assert redactor.redact(before).text == after


@pytest.mark.parametrize("kept", [
    "the U.K.Supreme Court sat",
    "the alias Facebook account was closed",
    "meet @ The Crown at six",
    "Name    Date",
    "Part 36 offer of £4,000 on 3 counts",
])
def test_near_misses_survive(redactor, kept) -> None:
    assert redactor.redact(kept).text == kept


def test_a_name_never_joins_across_a_line(redactor) -> None:
    out = redactor.redact("Datta Mane\nSeptember hearing").text
    assert out.endswith("\nSeptember hearing")


@pytest.mark.parametrize("before, after", [
    ("2. M/s. Covai Bottles, the appellant", "2. Organisation A, the appellant"),
    ("we instructed Messrs Brown and Hill on the sale",
     "we instructed Messrs Organisation A on the sale"),
])
def test_a_firm_after_messrs(redactor, before, after) -> None:
    assert redactor.redact(before).text == after


@pytest.mark.parametrize("before, after", [
    ("According to PW 1 Mani Ram he was working", "According to PW 1 Person A he was working"),
    ("PW 3 The doctor said so", "PW 3 The doctor said so"),
])
def test_a_witness_named_after_its_number(redactor, before, after) -> None:
    assert redactor.redact(before).text == after
