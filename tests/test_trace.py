"""The decision trace: for each planted word, which stage decided and why; and the trace
never reaches a log, an error, a repr or a default report (a canary)."""

from __future__ import annotations

import json
import logging

import pytest

from balint_redact import Redactor
from balint_redact.detect.trace import Trace
from balint_redact.text.spans import Span

TEXT = ("Mrs Zofia Kowalczyk appealed to the Court of Appeal, citing R v Brown [1994] 1 AC 212 "
        "and https://www.legislation.gov.uk/ukpga for Wednesbury. Grace was shown.")


@pytest.fixture(scope="module")
def explained():
    return Redactor(use_default_rules_file=False, explain=True).redact(TEXT)


def _about(result, word: str):
    a = TEXT.index(word)
    return [(r.stage, r.action, r.reason) for r in result.trace.about(a, a + len(word))]


def test_a_name_is_traced_to_the_stages_that_found_it(explained) -> None:
    assert "Kowalczyk" not in explained.text
    found = _about(explained, "Kowalczyk")
    assert ("model", "add", "found by the model or a pattern rule") in found
    assert ("titled_names", "add", "a name after a title") in found
    assert ("tidy_model", "trim", "edge words trimmed (titles, common words, layout breaks)") \
        in found  # "Mrs" trimmed off the model's guess


def test_an_allow_listed_term_is_dropped_by_protect(explained) -> None:
    assert "Court of Appeal" in explained.text
    assert ("protect", "drop", "inside an allow-list phrase") in _about(explained, "Court of")
    assert ("protect", "keep", "an allow-list word") in _about(explained, "Wednesbury")


def test_a_public_citation_is_kept_with_its_reason(explained) -> None:
    assert "R v Brown [1994] 1 AC 212" in explained.text
    assert ("protect", "keep", "a public citation (a [[keep]] rule: cited authority, statute)") \
        in _about(explained, "Brown")
    assert ("protect", "keep", "a public web page (court, legislation or government)") \
        in _about(explained, "https://www.legislation.gov.uk/ukpga")


def test_a_common_word_is_kept_with_its_reason(explained) -> None:
    assert "Grace was shown" in explained.text
    found = _about(explained, "Grace")
    assert ("tidy_model", "drop", "not a name on its own: a common word, a title or layout") \
        in found
    assert ("unknown_words", "keep", "a common word") in found


def test_every_dropped_candidate_names_its_stage_and_reason(explained) -> None:
    assert explained.trace.records
    for r in explained.trace.records:
        assert r.stage and r.reason and r.action in ("add", "drop", "trim", "merge", "relabel",
                                                     "rescore", "keep")


def test_offsets_are_into_the_text_as_given() -> None:
    # the reading undoes a zero-width space: trace offsets still point into the original
    text = "Then Mrs Pa\u200btel rang."
    result = Redactor(use_default_rules_file=False, explain=True).redact(text)
    added = [r for r in result.trace.records if r.stage == "titled_names" and r.action == "add"]
    assert [text[r.start:r.end] for r in added] == ["Pa\u200btel"]


@pytest.mark.parametrize("before, after, actions", [
    ([], [Span(0, 5, "PERSON", 0.8)], ["add"]),
    ([Span(0, 5, "PERSON", 0.8)], [], ["drop"]),
    ([Span(0, 9, "PERSON", 0.8)], [Span(4, 9, "PERSON", 0.8)], ["trim"]),
    ([Span(0, 5, "ORGANIZATION", 0.8)], [Span(0, 5, "PERSON", 0.8)], ["relabel"]),
    ([Span(0, 5, "PERSON", 0.8), Span(6, 9, "PERSON", 0.8)], [Span(0, 9, "PERSON", 0.8)],
     ["merge"]),
    ([Span(0, 5, "PERSON", 0.8), Span(0, 5, "PERSON", 0.9, "x")], [Span(0, 5, "PERSON", 0.9,
                                                                        "x")], ["merge"]),
    ([Span(0, 5, "PERSON", 0.8)], [Span(0, 5, "PERSON", 0.8)], []),
])
def test_diff_actions(before, after, actions) -> None:
    t = Trace()
    t.diff("s", before, after, "why")
    assert [r.action for r in t.records] == actions


CANARY = "Mrs Zebedee Quartermaine rang from Quartermaine Farm about the Court of Appeal."


def test_the_trace_never_reaches_logs_reprs_or_default_reports(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    red = Redactor(use_default_rules_file=False, explain=True)
    result = red.redact(CANARY)
    assert result.trace is not None and result.trace.records
    shown = [caplog.text, repr(result), repr(result.trace), json.dumps(result.to_dict()),
             json.dumps([r.to_dict() for r in result.trace.records])]
    for s in shown:
        assert "Quartermaine" not in s and "Zebedee" not in s
    assert "trace" not in result.to_dict()
    # only an explicit call shows text
    assert any(r.text == "Zebedee Quartermaine" for r in result.trace.with_text(CANARY))


def test_no_trace_unless_asked(redactor) -> None:
    assert redactor.redact(CANARY).trace is None


def test_the_select_step_after_the_stages_is_traced() -> None:
    text = "Mrs Zofia Kowalczyk rang on 3 May 2021."
    red = Redactor(use_default_rules_file=False, explain=True, entities=["PERSON"])
    result = red.redact(text)
    assert "3 May 2021" in result.text
    a = text.index("3 May")
    assert ("select", "drop", "an entity type not asked for (entities)") in [
        (r.stage, r.action, r.reason) for r in result.trace.about(a, a + 10)]
