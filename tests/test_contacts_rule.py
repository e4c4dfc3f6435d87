"""An email address by its shape, whatever its top-level domain (before: only registered TLDs)."""

from __future__ import annotations

import pytest

from balint_redact import Redactor


@pytest.fixture(scope="module")
def tagger() -> Redactor:
    return Redactor(style="tag")


@pytest.mark.parametrize("before, after", [
    ("To: conveyancing@moorfieldlaw.example\n", "To: [email]\n"),
    ("(s.baird@moorfie1dlaw.example)", "([email])"),
    ("k.asante.home@example.net.", "[email]."),
])
def test_email_of_any_domain_is_redacted(tagger, before, after) -> None:
    assert tagger.redact(before).text == after


def test_internal_domain_is_redacted(tagger) -> None:
    # redacted either way (a ".int" URL inside it may name the merged span [url])
    out = tagger.redact("write to clerk@chambers.internal today").text
    assert "clerk" not in out and "chambers" not in out and out.endswith(" today")


@pytest.mark.parametrize("kept", [
    "the fee is £40 @ 3 hours",
    "meet @ 10am at the clinic",
    "see section 3.2@",
])
def test_near_misses_survive(tagger, kept) -> None:
    assert tagger.redact(kept).text == kept
