"""A rule's ``requires`` lets it be skipped on a text where that cheap regex finds nothing,
so it must be found in every text the rule's own regex matches: checked here on every
corpus write-up, and on each of its paragraphs and lines (more, shorter texts), with the
regexes alone (no requires, no validator, no context) so that no match hides behind them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

from balint_redact.rules.patterns import match_rule
from balint_redact.rules.schema import PatternRule, builtin_rules

CORPUS = Path(__file__).parent / "corpus"
FLAGS = regex.VERSION0 | regex.MULTILINE


def _pieces() -> list[str]:
    texts: list[str] = []
    for path in [CORPUS / "writeups.jsonl", *sorted(CORPUS.glob("blind/*/writeups.jsonl"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    pieces = set(texts)
    for text in texts:
        pieces.update(p for p in regex.split(r"\n[ \t]*\n", text) if p.strip())
        pieces.update(p for p in text.splitlines() if p.strip())
    return sorted(pieces)


PIECES = _pieces()
GATED = [r for r in builtin_rules().patterns if r.requires]


def test_the_corpus_and_the_gated_rules_are_there() -> None:
    assert len(PIECES) > 4000
    assert len(GATED) >= 30


@pytest.mark.parametrize("rule", GATED, ids=lambda r: r.name)
def test_requires_is_found_wherever_the_rule_matches(rule: PatternRule) -> None:
    body, cheap = regex.compile(rule.regex, FLAGS), regex.compile(rule.requires, FLAGS)
    missed = 0
    for text in PIECES:
        hit = any(m.end(rule.group or 0) > m.start(rule.group or 0)
                  for m in body.finditer(text))
        if hit and cheap.search(text) is None:
            missed += 1
    assert missed == 0, f"{rule.name}: {missed} texts match the rule but not its requires"


# one write-up line each rule was written for (from its description): still found
FOUND = {
    "name_after_alias": ("Prakash Kumar @ Munna was arrested", "Munna"),
    "name_after_role_is": ("the other witness is Bob, surname unknown", "Bob"),
    "name_before_bracketed_relation": ("Bridget (his wife) said no", "Bridget"),
    "date_day_month": ("we met on the 22nd of november at ten", "22nd of november"),
    "date_range_with_year": ("the hearing on 23–24 October 2025 went well",
                             "23–24 October 2025"),
    "house_name_address": ("she lives at The Old Forge, Church Lane, Chartham now",
                           "The Old Forge, Church Lane, Chartham"),
    "flat_led_address": ("moved to Flat 17B, Block C, Lok Fu Estate, Kowloon, Hong Kong",
                         "Flat 17B, Block C, Lok Fu Estate, Kowloon, Hong Kong"),
    "age_tens_in_words": ("Paddy is seventy-eight, and lives alone", "seventy-eight"),
    # ungated, its look-behind was tried at every position of every text: 0.96 s of CPU a MB
    # (a third of all pattern rules' time) for no finding in the batch
    "comment_author": ("[Comment — Ash: shop name? / Sam: initial only?]", "Sam"),
    # ungated, each was tried at every position of every text (0.005-0.02 s of CPU a MB each)
    "company_with_legal_form": ("paid by Ferris & Sons (Agricultural) Ltd in May",
                                "Ferris & Sons (Agricultural) Ltd"),
    "chat_speaker_before_time": ("> Mum 07:12 - ok", "Mum"),
    "signature_name_before_contact": ("> Mel\n> mel@firm.co.uk | 0113 496 0000", "Mel"),
    "southern_european_address": ("lives at Calle Mayor 5, 28013 Madrid now",
                                  "Calle Mayor 5, 28013 Madrid"),
    # ungated, its two look-behinds were tried at every position (0.018 -> 0.009 s a MB)
    "name_as_vocative": ('"It\'s a good first one, Em." she said', "Em"),
}

# a registration is found only beside its cue (context_required for the older styles)
PLATES = {"uk_vehicle_reg_current": ("her car, reg AB12 CDE, was parked", "AB12 CDE"),
          "uk_vehicle_reg_prefix": ("the car, reg A123 BCD, was seen", "A123 BCD"),
          "uk_vehicle_reg_suffix": ("the car, reg ABC 123D, was seen", "ABC 123D")}
FOUND.update(PLATES)


@pytest.mark.parametrize("name", sorted(FOUND))
def test_a_gated_rule_still_finds_what_it_was_written_for(name: str) -> None:
    rule = next(r for r in GATED if r.name == name)
    text, expected = FOUND[name]
    assert expected in [text[s:e] for s, e, _ in match_rule(rule, text)]


def _people_gates() -> list[str]:
    from balint_redact.detect import people

    return sorted(people._gates())


# the people patterns run only where a cheap gate finds something (detect/people.py)
@pytest.mark.parametrize("key", _people_gates())
def test_a_people_gate_is_found_wherever_its_pattern_matches(key: str) -> None:
    from balint_redact.detect import people

    gate, pattern = people._gates()[key], people._patterns()[key]
    missed = [1 for text in PIECES if pattern.search(text) and gate.search(text) is None]
    assert not missed, f"{key}: {len(missed)} texts match the pattern but not its gate"


@pytest.mark.parametrize("key, text, expected", [
    ("role_before", "the safeguarder is JF-C, who met him", "JF-C"),
    ("listed", "Present: DW (chair), PK, AH", "DW (chair), PK, AH"),
    ("post", "I spoke to Joy on reception today", "Joy"),
    ("action", "Actions: AN to draft the letter", "AN"),
    ("action", "- C.O'N. to call the school", "C.O'N."),
    ("who_group", "Faith, who chairs our group, said", "Faith"),
    ("me_initials", "Present: me (SH), KB", "SH"),
    ("me_initials", "I'm JT, by the way", "JT"),
])
def test_a_gated_people_pattern_still_matches(key: str, text: str, expected: str) -> None:
    from balint_redact.detect import people

    found = [m.group("list" if key == "listed" else "id") for m in people._matches(key, text)]
    assert found == [expected]


# a number read out is found however its words are written: in capitals or title case, with
# "o" for zero, with tabs between the words (a gate of lower-case words and spaces alone had
# left each of these in the text)
@pytest.mark.parametrize("text, expected", [
    ("ring ZERO SEVEN SEVEN ONE TWO THREE now", "ZERO SEVEN SEVEN ONE TWO THREE"),
    ("ring Zero Seven Seven One Two Three now", "Zero Seven Seven One Two Three"),
    ("ring o seven o seven o seven now", "o seven o seven o seven"),
    ("ring seven\tseven\tseven\tone\ttwo\tthree now", "seven\tseven\tseven\tone\ttwo\tthree"),
])
def test_a_spoken_number_is_found_in_any_casing_and_spacing(text: str, expected: str) -> None:
    rule = next(r for r in builtin_rules().patterns if r.name == "phone_spoken")
    assert expected in [text[s:e] for s, e, _ in match_rule(rule, text)]
