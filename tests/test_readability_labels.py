"""Issue #18 item 7: readable output with no fragments. Labels follow the evidence (a court or
tribunal venue is one organisation, whole; a first name is a person), and a placeholder covers
whole words: no name particle ("O'", "D'", "al-") left outside, no label word swallowed."""

import pytest

from balint_redact.render.placeholders import assign
from balint_redact.text.spans import Span


@pytest.mark.parametrize("before, after", [
    ("We were listed at Leeds Family Court next week.",
     "We were listed at Organisation A next week."),
    ("I am at Bristol Civil Justice Centre tomorrow.", "I am at Organisation A tomorrow."),
    ("The hearing moved from Manchester Civil Justice Centre to the Bristol County Court.",
     "The hearing moved from Organisation A to the Organisation B."),
    ("She said I could use her first name, Sophie, from now on.",
     "She said I could use her first name, Person A, from now on."),
    ("I met McAllister at O'Neill's office, with D'Arcy.",
     "I met Person A at Person B's office, with Person C."),
    ("CONFIDENTIAL - O'Brien Lowe ref", "CONFIDENTIAL - Person A ref"),
])
def test_before_after(redactor, before, after):
    assert redactor.redact(before).text == after


@pytest.mark.parametrize("text, kept", [
    # a court named without its place stays (public, and no identifier)
    ("The Family Court and the County Court agreed; the High Court did not.",
     "The Family Court and the County Court agreed; the High Court did not."),
    ("On Monday Crown Court sat late.", "Crown Court sat late."),
])
def test_courts_without_a_place_stay(redactor, text, kept):
    assert kept in redactor.redact(text).text


def test_a_venue_is_one_organisation_everywhere_it_appears(redactor):
    text = "Leeds Family Court listed it. Leeds Family Court then adjourned."
    result = redactor.redact(text)
    assert result.text == "Organisation A listed it. Organisation A then adjourned."


def test_a_placeholder_takes_a_glued_name_particle():
    text = "CONFIDENTIAL - O'Brien Lowe ref"
    pairs = assign(text, [Span(text.index("Brien"), text.index(" ref"), "ORGANIZATION", .85)])
    (span, label), = pairs
    assert text[span.start:span.end] == "O'Brien Lowe" and label == "Organisation A"
    text = "the family of al-Rashid"
    (span, _), = assign(text, [Span(text.index("Rashid"), len(text), "PERSON", .85)])
    assert text[span.start:span.end] == "al-Rashid"


def test_whole_words_never_reach_into_a_neighbour_nor_widen_codes():
    from balint_redact.text.spans import whole_words

    text = "O'Brien Lowe ref AB12CD"
    spans = [Span(2, 7, "PERSON", .85), Span(19, 21, "ID", .9)]
    out = whole_words(text, spans)
    assert [(text[s.start:s.end], s.entity_type) for s in out] == [("O'Brien", "PERSON"),
                                                                   ("12", "ID")]
    glued = "JonesSmith"
    a, b = whole_words(glued, [Span(0, 5, "PERSON", .8), Span(5, 10, "PERSON", .8)])
    assert (a.start, a.end, b.start, b.end) == (0, 5, 5, 10)
