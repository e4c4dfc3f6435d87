"""Short forms from a name's start, greetings and chat speakers (each row leaked before)."""

from __future__ import annotations

import pytest

from balint_redact import Redactor


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


@pytest.mark.parametrize("before, gone", [
    ("Melanie Wong runs the firm. I told Mel to wait.", "Mel"),
    ("Emily Clark is new. \"A good first one, Em.\"", "Em"),
    ("At the mediation I said, \"Hi Honor.\" We talked.", "Honor"),
    ("Thanks, Cal.\nThe hearing went badly.", "Cal"),
    ("> Bex 22:31: answer the phone\n> Destiny 22:40: leave us alone\n", "Destiny"),
    ("Item 2\n- WY raised that he found the file hard.\n- WY to draft.", "WY"),
])
def test_before_after(redactor, before, gone) -> None:
    out = redactor.redact(before).text
    assert gone not in out.replace("Person", "")


@pytest.mark.parametrize("kept", [
    "Hi all, thanks again. Dear Sir, thanks. Hi there.",
    "Thanks, Team. Morning everyone.",
    "The meeting at 22:40: nothing new.",
    "Emily Clark rang. Em dashes are fine in the draft.",  # a word at a sentence start
])
def test_near_misses_survive(redactor, kept) -> None:
    out = redactor.redact(kept).text
    for word in ("all", "Sir", "there", "Team", "everyone", "nothing", "dashes"):
        if word in kept:
            assert word in out


def test_the_trace_names_the_short_form_stage() -> None:
    r = Redactor(explain=True).redact("Melanie Wong runs the firm. I told Mel to wait.")
    assert any(rec.stage == "short_forms" for rec in r.trace.records)


@pytest.mark.parametrize("before, after", [
    ("From: Rosemary Quinlan <rq@example.net>\nDate: Mon\n\nRosemary said no.",
     "From: Person A <[email]>\nDate: Mon\n\nPerson A said no."),
    ("about a widow.\n\nOliver Rich\nSenior Associate\n", "about a widow.\n\nPerson A\nSenior Associate\n"),
    ("listen to me.\n> Mel\n> mel@golden.example | 07700 900123\n",
     "listen to me.\n> Person A\n> [email] | [phone]\n"),
])
def test_signatures_and_email_headers(redactor, before, after) -> None:
    assert redactor.redact(before).text == after


def test_a_heading_above_a_post_is_no_signature(redactor) -> None:
    out = redactor.redact("The Partners\nPartner meetings are on Fridays.").text
    assert out.startswith("The Partners\nPartner meetings")


@pytest.mark.parametrize("text, at, start", [
    ("Mel", 0, True), ("ok. Mel", 4, True), ("a\n   Mel", 5, True), ("told Mel", 5, False),
    ("- Mel", 2, True), ("x - Mel", 4, False), ("said: Mel", 6, True),
])
def test_sentence_start_reads_only_the_spaces_before(text, at, start) -> None:
    from balint_redact.detect.steps_short import _sentence_start

    assert _sentence_start(text, at) is start
