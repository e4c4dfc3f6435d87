"""The normalised reading detection sees (balint_redact.text.normalize) and its map to the original.

Each table row reads "original | reading"; ``back`` checks that a word of the reading maps to
the stretch of the original it came from.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balint_redact.text.confusables import fold
from balint_redact.text.normalize import read
from balint_redact.text.spans import Span


def back(original: str, word: str) -> str:
    """The original text behind ``word`` of the reading (its first occurrence)."""
    r = read(original)
    i = r.text.index(word)
    a, b = r.original_span(i, i + len(word))
    return original[a:b]


@pytest.mark.parametrize("original, reading", [
    # NFKC: fullwidth digits, solidus and letters, ligatures; composed per character + marks
    ("０７７００ ９００１２３", "07700 900123"),
    ("ＫＬＭ／４８２１／０７", "KLM/4821/07"),
    ("ﬁle", "file"),
    ("Ame\u0301lie", "Amélie"),
    # every kind of space is a space
    ("07700\u00a0900123 \u202f1\u20092\u3000x", "07700 900123  1 2 x"),
    # every hyphen is a hyphen; en and em dashes are prose
    ("BR\u20112024\u2011000417, 40\u201011\u201262, \u22125", "BR-2024-000417, 40-11-62, -5"),
    ("2019\u20132020 \u2014 done", "2019\u20132020 \u2014 done"),
    # format characters are not read
    ("Am\u200bi\u200cn\u200da\u2060 Pa\ufefftel\u200e\u200f\u202a\u202c", "Amina Patel"),
    ("Am\ufe00ina Pa\U000e0100tel\u034f", "Amina Patel"),  # variation selectors, CGJ
    ("077\u00ad00 Pa\u00adtel", "07700 Patel"),
    # ... but a soft hyphen standing for a visible one (text from a PDF) is a hyphen
    ("Non\u00adReportable, Rs 5,000/\u00ad only", "Non-Reportable, Rs 5,000/- only"),
    # a soft hyphen at a line break joins the word or number it split
    ("Amina Pa\u00ad\ntel, 07700 900\u00ad\n123, Pa&shy;\ntel", "Amina Patel, 07700 900123, Patel"),
    # variation selectors after punctuation, control characters, a braille blank
    ("07700.\ufe0f900.\ufe0f123", "07700.900.123"),
    ("07700\x7f900123 Am\x01ina\x85", "07700900123 Amina"),
    ("Am\u2800ina", "Am ina"),
    # HTML character references
    ("&#65;m&#105;na &#x50;atel &amp; co&nbsp;ltd&#8203;.", "Amina Patel & co ltd."),
    ("AT&T, R&D, &notaword; &Ors", "AT&T, R&D, &notaword; &Ors"),
    # a Markdown link: its text and its target
    ("[Amina Patel](mailto:amina@example.com)", "Amina Patel (mailto:amina@example.com)"),
    ("[me](tel:07700%20900123) [x](mailto:a.b%40example.org)",
     "me (tel:07700 900123) x (mailto:a.b@example.org)"),
    ("[2015] UKSC 11 and [email]", "[2015] UKSC 11 and [email]"),
    # emphasis inside a word, not around one
    ("Am**in**a Pa_te_l Am~~in~~a **Am**ina Pat*el*", "Amina Patel Amina Amina Patel"),
    ("**Amina** said 2 * 3 * 4 and snake_case", "Amina said 2 * 3 * 4 and snake_case"),
    # ... and at the edges of words: bold, bold italic, underscores; not a bullet, not a mask
    ("**Grace Adeyemi** and ***Leeds Combined Court***, _Amina_.",
     "Grace Adeyemi and Leeds Combined Court, Amina."),
    ("* item\n- I met ***** today; *****'s file; a ~ b", "* item\n- I met ***** today; *****'s file; a ~ b"),
    # reversed under a right-to-left override, to U+202C or the end of the line
    ("rang \u202e321009 00770\u202c today", "rang 07700 900123 today"),
    ("rang \u202e&#51;21\u200b009 00770\u202c, \u202e;15#&21009 00770\u202c",
     "rang 07700 900123, 07700 900123"),
    ("name: \u202eletaP animA\nnext", "name: Amina Patel\nnext"),
    ("\u202e321\u202e009 00770", "07700 900123"),  # an override inside a run: one pass
    # a capitalised word or a code hyphenated across a line break
    ("Mrs Pa-\ntel and Quar-\r\n  rington", "Mrs Patel and Quarrington"),
    ("KB-2024-\n000123 and LIT-\n2023-0881", "KB-2024-000123 and LIT-2023-0881"),
    ("a well-\nknown fact; NHS-\nfunded; 1990-\nthe end",
     "a well-\nknown fact; NHS-\nfunded; 1990-\nthe end"),
    # lookalike letters inside Latin words and identifiers, never in a Cyrillic or Greek word
    ("Pаtel АВ 12 34 56 С КLМ/4821/07", "Patel AB 12 34 56 C KLM/4821/07"),
    ("Москва, Вера, Αθήνα", "Москва, Вера, Αθήνα"),
], ids=["fullwidth-digits", "fullwidth-solidus", "ligature", "combining", "spaces", "hyphens",
        "dashes",
        "format-characters", "invisible-marks", "soft-hyphen", "soft-hyphen-visible",
        "soft-hyphen-at-break", "selector-after-punctuation", "controls", "braille-blank",
        "entities",
        "not-entities", "markdown-link", "percent-escapes", "not-a-link", "emphasis", "not-emphasis", "emphasis-at-edges", "not-edge-emphasis", "rlo",
        "rlo-entities",
        "rlo-to-end-of-line", "rlo-nested", "name-line-break", "code-line-break", "not-a-line-break",
        "confusables", "not-confusables"])
def test_reading(original: str, reading: str) -> None:
    assert read(original).text == reading


@pytest.mark.parametrize("original, word, behind", [
    ("Mrs &#65;m&#105;na Patel", "Amina", "&#65;m&#105;na"),
    ("Am\u200bina", "Amina", "Am\u200bina"),
    ("０７７００／１", "07700/1", "０７７００／１"),
    ("Ame\u0301lie rang", "Amélie", "Ame\u0301lie"),
    ("See [Amina Patel](mailto:amina@example.com).", "Amina Patel", "Amina Patel"),
    ("See [Amina Patel](mailto:amina@example.com).", "amina@example.com", "amina@example.com"),
    ("Pa-\ntel", "Patel", "Pa-\ntel"),
    ("Am**in**a", "Amina", "Am**in**a"),
    # any part of a reversed run stands for all of it
    ("rang \u202eletaP animA\u202c today", "Patel", "\u202eletaP animA\u202c"),
])
def test_reading_maps_back_to_the_original(original: str, word: str, behind: str) -> None:
    assert back(original, word) == behind


def test_nothing_to_undo_is_the_text_itself() -> None:
    text = "Mrs Patel rang from 07700 900123 — “twice” (£5) about the [2015] hearing."
    r = read(text)
    assert r.identity and r.text is text
    assert r.original_span(4, 9) == (4, 9)
    spans = [Span(4, 9, "PERSON", 0.9)]
    assert r.spans_back(spans) is spans


def test_spans_back_merges_what_a_reversed_run_joins() -> None:
    text = "x \u202e321009 00770 letaP animA\u202c y"
    r = read(text)
    assert r.text == "x Amina Patel 07700 900123 y"
    found = r.spans_back([Span(2, 13, "PERSON", 0.9), Span(14, 26, "PHONE_NUMBER", 1.0)])
    assert [(s.start, s.end, s.entity_type) for s in found] == [
        (2, len(text) - 2, "PHONE_NUMBER")]


def test_fold_reads_lookalikes_only_in_latin_words_and_codes() -> None:
    assert fold("Аmіnа") == "Amina"  # Latin m and n: a Latin word
    assert fold("АВ123456С") == "AB123456C"
    assert fold("Вера") == "Вера"
    assert len(fold("Pаtel Москва")) == len("Pаtel Москва")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Amina Pt-\n&#;59*_~[]()/:x0") + [
    "\u200b", "\u00ad", "\u00a0", "\u202e", "\u202c", "\u0301", "а", "Ｐ", "ﬁ"]), max_size=60))
def test_the_map_is_ordered_and_inside_the_original(text: str) -> None:
    r = read(text)
    starts = [r.original_start(i) for i in range(len(r.text))] if not r.identity else []
    ends = [r.original_end(i) for i in range(len(r.text))] if not r.identity else []
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(0 <= a < b <= len(text) for a, b in zip(starts, ends))
    if r.identity:
        assert r.text == text


@pytest.mark.parametrize("module", ["text.normalize", "text.confusables"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"balint_redact.{module}"))
    assert result.attempted and result.failed == 0
