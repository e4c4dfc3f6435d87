"""Properties that hold for any text (hypothesis, a shared Redactor, at most 50 examples each)."""

from __future__ import annotations

import collections

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balint_redact import Redaction
from balint_redact.render.placeholders import LABEL

SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def check_findings(text: str, result: Redaction) -> None:
    """Offsets are valid, sorted and disjoint, and the output is exactly the input with each
    finding replaced by its placeholder, in order (so no detected span survives)."""
    pieces, pos = [], 0
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.start >= pos, "findings overlap or are out of order"
        assert f.text is None
        pieces += [text[pos:f.start], f.placeholder]
        pos = f.end
    pieces.append(text[pos:])
    assert result.text == "".join(pieces)


# --- any text ---------------------------------------------------------------------------------

@SETTINGS
@given(text=st.text(max_size=300))
def test_never_raises_on_any_text(redactor, text: str) -> None:
    result = redactor.redact(text)
    assert isinstance(result.text, str)
    check_findings(text, result)


ALPHABET = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                "0123456789 .,;:'@-_/\n\t()éüñßøÅ’“”") + ["Mrs ", "Mr ", "DJ "])


@SETTINGS
@given(text=st.lists(ALPHABET, max_size=200).map("".join))
def test_findings_are_valid_on_text_like_input(redactor, text: str) -> None:
    check_findings(text, redactor.redact(text))


# --- sentences from a small grammar of write-up material --------------------------------------

TITLES = ["", "Mrs ", "Mr ", "Ms ", "Dr ", "DJ "]
FIRST = ["Amina", "Gerald", "Olusegun", "Priyanka", "Siobhan", "Tadeusz", "Zebedee"]
LAST = ["Patel", "Thorne", "Okonkwo", "Fairweather", "Ramaswamy", "Flanagan", "Quartermaine"]
FILLERS = ["I met my client", "after the hearing", "she said she was frightened",
           "the judge adjourned", "we talked about contact", "nothing was agreed",
           "I felt out of my depth", "the landlord laughed"]


@st.composite
def person(draw) -> str:
    first, last = draw(st.sampled_from(FIRST)), draw(st.sampled_from(LAST))
    form = draw(st.sampled_from(["full", "titled", "first", "titled-last", "possessive"]))
    title = draw(st.sampled_from(TITLES[1:]))
    return {"full": f"{first} {last}", "titled": f"{title}{first} {last}", "first": first,
            "titled-last": f"{title}{last}", "possessive": f"{first} {last}'s"}[form]


@st.composite
def email(draw) -> str:
    first, last = draw(st.sampled_from(FIRST)), draw(st.sampled_from(LAST))
    domain = draw(st.sampled_from(["example.com", "example.org", "lawfirm.co.uk"]))
    return f"{first.lower()}.{last.lower()}@{domain}"


phone = st.integers(0, 999).map(lambda n: f"07700 900{n:03d}")


@st.composite
def sentence(draw) -> tuple[str, list[str]]:
    """A sentence and the direct identifiers (emails, phones) planted in it."""
    parts, planted = [], []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["person", "email", "phone", "filler", "filler"]))
        if kind == "person":
            parts.append(draw(person()))
        elif kind == "email":
            e = draw(email())
            planted.append(e)
            parts.append(f"email {e}")
        elif kind == "phone":
            p = draw(phone)
            planted.append(p)
            parts.append(f"rang from {p}")
        else:
            parts.append(draw(st.sampled_from(FILLERS)))
    return " ".join(parts) + ".", planted


@SETTINGS
@given(sentences=st.lists(sentence(), min_size=1, max_size=4))
def test_idempotent_on_write_up_sentences(redactor, sentences) -> None:
    text = " ".join(s for s, _ in sentences)
    once = redactor.redact(text)
    check_findings(text, once)
    twice = redactor.redact(once.text)
    assert twice.text == once.text
    for _, planted in sentences:
        for identifier in planted:
            assert identifier not in once.text


@SETTINGS
@given(text=st.text(max_size=200))
def test_second_pass_keeps_the_first_ones_placeholders(redactor, text: str) -> None:
    """On arbitrary text the model's guesses depend on their context, so a second pass may
    find more ("D¦n" beside a placeholder); it never alters what the first pass wrote, and
    never gives a new mention a label the text already uses for someone else."""
    once = redactor.redact(text).text
    twice = redactor.redact(once)
    first = collections.Counter(regex.findall(LABEL, once))
    second = collections.Counter(regex.findall(LABEL, twice.text))
    assert all(second[label] >= n for label, n in first.items()), (once, twice.text)
    assert not any(f.placeholder in first for f in twice.findings), (once, twice.text)


@SETTINGS
@given(sentences=st.lists(sentence(), min_size=1, max_size=3))
def test_redact_many_matches_redact(redactor, sentences) -> None:
    texts = [s for s, _ in sentences]
    assert redactor.redact_many(texts) == [redactor.redact(t) for t in texts]


def test_two_neighbouring_codes_stay_two_placeholders(redactor) -> None:
    """Found by the property test: Presidio's anonymizer merged two spans of one kind with
    only a space between them ('[reference] [reference]' became '[reference]')."""
    red = redactor.redact("0aMrs a0a")
    check_findings("0aMrs a0a", red)
    assert red.text.count("[") == len(red.findings)
