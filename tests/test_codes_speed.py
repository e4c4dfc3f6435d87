"""Guards for the codes stage's savings (balint_redact.detect.codes_data): a code's shape is
tested against the explanations once however often it is explained, and the label before a
code is looked up once when its run and its decision both ask; neither changes an answer."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from balint_redact.detect.codes_data import codes_data, parse

_DATA = {
    "explain": [
        {"name": "year", "reason": "a year", "strength": 1, "token": r"(?:19|20)\d\d"},
        {"name": "section", "reason": "a section", "strength": 1, "token": r"\d{1,4}",
         "before": r"\bs\.?[ ]?"},
        {"name": "small_count", "reason": "a small count", "token": r"\d{1,3}"},
    ],
    "label": [{"entity": "ID", "strength": 2, "words": ["ref", "no."]}],
}


class _Counting:
    """A compiled pattern that counts its calls."""

    def __init__(self, pattern: Any) -> None:
        self.pattern, self.calls = pattern, 0

    def fullmatch(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.fullmatch(*args)

    def search(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.search(*args)


def test_a_code_explained_again_is_not_tested_again() -> None:
    data = parse(_DATA)
    tokens = [_Counting(e.token) for e in data.explanations]
    data = replace(data, explanations=tuple(replace(e, token=t)
                                            for e, t in zip(data.explanations, tokens)))
    first = data.explain("2019", "in ", " the", 1, first=False)
    again = [data.explain("2019", "by s ", " of"), data.explain("2019", "", "", 0)]
    assert [e.name for e in [first, *again]] == ["year", "year", "year"]
    assert data.explain("47", "under s.", " it", 1).name == "section"
    assert data.explain("47", "under ", " it", 1) is None  # no section without its 's.'
    assert data.explain("47", "under ", " it").name == "small_count"
    assert [t.calls for t in tokens] == [2, 2, 2]  # once for "2019", once for "47"


def test_the_label_before_a_code_is_looked_up_once_for_its_run_and_decision() -> None:
    data = parse(_DATA)
    pattern = _Counting(data.labels[0].pattern)
    data = replace(data, labels=(replace(data.labels[0], pattern=pattern),))
    found = [data.label("Our ref: "), data.label("Our ref: ")]
    assert found[0] == found[1] and found[0][0].entity == "ID" and found[0][1] == 4
    assert pattern.calls == 1
    assert data.label("the cat ") is None


def test_the_shipped_data_answers_as_before() -> None:
    data = codes_data()
    assert data.explain("2019", "in ", " the").name == "year"
    assert data.explain("4417", "car ", " was") is None
    assert data.named["date_shape"] is next(e for e in data.explanations
                                            if e.name == "date_shape")
