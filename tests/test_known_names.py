"""Known client and party names: every variant goes, ordinary words stay."""

import pytest

from balint_redact import Redactor
from balint_redact.detect.fuzzy import within_one_edit

NAMES = ["Amina Patel", "Will Rose", "Zebedee Quartermaine", "Siobhán Ní Bhriain"]


@pytest.fixture(scope="module")
def known():
    return Redactor(known_names=NAMES, use_default_rules_file=False)


@pytest.fixture(scope="module")
def fuzzy():
    return Redactor(known_names=NAMES, use_default_rules_file=False, fuzzy_names=True)


@pytest.mark.parametrize("before, gone", [
    ("I met Amina Patel today.", ["Amina", "Patel"]),
    ("Mrs Patel rang.", ["Patel"]),
    ("A. Patel signed it.", ["Patel"]),
    ("Patel's sister came.", ["Patel"]),
    ("amina rang again, upset.", ["amina"]),
    ("AMINA PATEL v THE COUNCIL", ["AMINA", "PATEL"]),
    ("we spoke to Amina\nPatel at length", ["Amina", "Patel"]),
    ("Will Rose was late.", ["Will", "Rose"]),
    ("Mr Rose said nothing.", ["Rose"]),
    ("Then Quartermaine's solicitor wrote.", ["Quartermaine"]),
    ("Siobhán rang from the car.", ["Siobhán"]),
])
def test_variants_are_redacted(known, before, gone):
    after = known.redact(before).text
    for word in gone:
        assert word not in after, (before, after)


@pytest.mark.parametrize("text", [
    "I will call tomorrow.",
    "She rose to speak and the rose garden was quiet.",
    "The will was signed in 2019.",
])
def test_ordinary_words_survive(known, text):
    assert known.redact(text).text == text


@pytest.mark.parametrize("before, typo", [
    ("Mr Quartermain wrote again.", "Quartermain"),
    ("Qaurtermaine's letter came.", "Qaurtermaine"),
])
def test_one_typo_in_long_names_with_fuzzy(known, fuzzy, before, typo):
    assert typo not in fuzzy.redact(before).text
    assert fuzzy.redact("A quarterly report.").text == "A quarterly report."


@pytest.mark.parametrize("a, b, expected", [
    ("patel", "patel", True), ("patel", "patle", True), ("patel", "pate", True),
    ("patel", "pastel", True), ("patel", "petal", False), ("patel", "paxtel", True),
    ("quartermaine", "quartermain", True), ("quartermaine", "quarter", False),
])
def test_within_one_edit(a, b, expected):
    assert within_one_edit(a, b) is expected
