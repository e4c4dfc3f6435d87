"""The library API: Redactor, Redaction, Finding and the module-level redact()."""

from __future__ import annotations

import dataclasses
import random
import time

import pytest

import balint_redact
from balint_redact import ConfigError, Finding, Redaction, Redactor
from balint_redact import redactor as redactor_module

from conftest import ISSUE_TEXT

KEPT = ["I met my client", "rang from", "email is", "Later", "said her landlord", "laughed"]
GONE = ["Amina", "Patel", "Gerald", "Thorne", "07700", "900123", "amina.patel", "example.com",
        "amina", "patel"]


def mentions(text: str, result: Redaction) -> dict[str, set[str]]:
    """Placeholder(s) used for each original mention text."""
    out: dict[str, set[str]] = {}
    for f in result.findings:
        out.setdefault(text[f.start:f.end], set()).add(f.placeholder)
    return out


# --- the issue's acceptance example -----------------------------------------------------------

def test_issue_example_removes_every_identifier(redactor) -> None:
    out = redactor.redact(ISSUE_TEXT).text
    for fragment in GONE:
        assert fragment not in out
    for phrase in KEPT:
        assert phrase in out


def test_issue_example_one_placeholder_per_person(redactor) -> None:
    result = redactor.redact(ISSUE_TEXT)
    people = [f for f in result.findings if f.entity_type == "PERSON"]
    amina = {f.placeholder for f in people if "Thorne" not in ISSUE_TEXT[f.start:f.end]}
    gerald = {f.placeholder for f in people if "Thorne" in ISSUE_TEXT[f.start:f.end]}
    assert len(amina) == 1 and len(gerald) == 1 and amina != gerald
    # every mention of Amina Patel is a finding: full name, first name, surname x2
    found = {ISSUE_TEXT[f.start:f.end].removeprefix("Mrs ") for f in people}
    assert {"Amina Patel", "Amina", "Patel", "Gerald Thorne"} <= found
    assert amina == {"Person A"} and gerald == {"Person B"}
    assert {f.entity_type for f in result.findings} >= {"PHONE_NUMBER", "EMAIL_ADDRESS"}


def test_issue_example_text(redactor) -> None:
    assert redactor.redact(ISSUE_TEXT).text == (
        "I met my client Mrs Person A. Person A rang from [phone]; Mrs Person A's email is "
        "[email]. Later Person A said her landlord, Person B, laughed.")


# --- findings -----------------------------------------------------------------------------------

def test_findings_carry_no_text_by_default(redactor) -> None:
    result = redactor.redact(ISSUE_TEXT)
    assert result.findings
    for f in result.findings:
        assert isinstance(f, Finding)
        assert f.text is None
        assert 0 <= f.start < f.end <= len(ISSUE_TEXT)
        assert isinstance(f.entity_type, str) and f.entity_type
        assert 0 < f.score <= 1
        assert f.placeholder
        d = f.to_dict()
        assert "text" not in d
        assert {"start", "end", "entity_type", "score", "placeholder"} <= set(d)


def test_findings_text_only_when_asked() -> None:
    r = Redactor(use_default_rules_file=False, include_text=True)
    result = r.redact(ISSUE_TEXT)
    for f in result.findings:
        assert f.text == ISSUE_TEXT[f.start:f.end]
        assert f.to_dict()["text"] == f.text


def test_redaction_to_dict_and_counts(redactor) -> None:
    result = redactor.redact(ISSUE_TEXT)
    d = result.to_dict()
    assert set(d) == {"text", "findings", "counts"}
    assert d["counts"] == result.counts()
    assert sum(d["counts"].values()) == len(result.findings)
    assert d["counts"]["EMAIL_ADDRESS"] == 1 and d["counts"]["PHONE_NUMBER"] == 1
    for fragment in GONE:
        assert fragment not in repr(d["findings"])


def test_finding_is_frozen(redactor) -> None:
    f = redactor.redact(ISSUE_TEXT).findings[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.start = 0  # type: ignore[misc]


def test_analyze_returns_the_findings(redactor) -> None:
    assert redactor.analyze(ISSUE_TEXT) == redactor.redact(ISSUE_TEXT).findings


# --- options --------------------------------------------------------------------------------

@pytest.mark.parametrize("style, person, email", [
    ("placeholder", "Person A", "[email]"),
    ("tag", "[person]", "[email]"),
    ("mask", "***********", "*" * len("amina.patel@example.com")),
])
def test_styles(style: str, person: str, email: str) -> None:
    r = Redactor(use_default_rules_file=False, style=style, keep_titles=True)
    text = "Mrs Amina Patel wrote from amina.patel@example.com today."
    assert r.redact(text).text == f"Mrs {person} wrote from {email} today."


def test_mask_has_the_original_length(redactor) -> None:
    r = Redactor(use_default_rules_file=False, style="mask")
    out = r.redact(ISSUE_TEXT).text
    assert len(out) == len(ISSUE_TEXT)
    assert "*" in out
    for fragment in GONE:
        assert fragment not in out


@pytest.mark.parametrize("keep_titles, expected", [
    (True, "I met my client Mrs Person A. Person A rang from home."),
    (False, "I met my client Person A. Person A rang from home."),
])
def test_keep_titles(keep_titles: bool, expected: str) -> None:
    r = Redactor(use_default_rules_file=False, keep_titles=keep_titles)
    assert r.redact("I met my client Mrs Amina Patel. Amina rang from home.").text == expected


def test_entities_limit_what_is_redacted() -> None:
    r = Redactor(use_default_rules_file=False, entities=["EMAIL_ADDRESS"])
    out = r.redact(ISSUE_TEXT).text
    assert "[email]" in out and "Amina" in out and "07700 900123" in out


@pytest.mark.parametrize("kwargs, phrase", [
    ({"entities": ["PERSON", "NOT_A_TYPE"]}, "unknown entity type"),
    ({"style": "sparkles"}, "unknown style"),
])
def test_bad_options_raise_config_error(kwargs: dict, phrase: str) -> None:
    with pytest.raises(ConfigError, match=phrase):
        Redactor(use_default_rules_file=False, **kwargs)


def test_non_string_text_is_a_config_error(redactor) -> None:
    with pytest.raises(ConfigError):
        redactor.redact(b"Amina Patel")  # type: ignore[arg-type]


def test_known_names_are_redacted() -> None:
    r = Redactor(use_default_rules_file=False, known_names=["Zebedee Quartermaine"])
    out = r.redact("we spoke about zebedee and the quartermaine family").text
    assert "zebedee" not in out.lower() and "quartermaine" not in out.lower()


# --- batches, the module default, idempotence --------------------------------------------------

TEXTS = [
    ISSUE_TEXT,
    "No identifiers here at all, just a reflection on a hard week.",
    "DJ Harris listed the hearing; Mr Okonkwo (07700 900461) did not attend.",
    "Email gerald.thorne@lawfirm.co.uk or see https://www.example.co.uk/case/123.",
    "Siobhan Flanagan's son Tadeusz was excluded from school in Leeds.",
]


def test_redact_many_equals_redact_one_by_one(redactor) -> None:
    assert redactor.redact_many(TEXTS) == [redactor.redact(t) for t in TEXTS]


def test_redact_many_empty(redactor) -> None:
    assert redactor.redact_many([]) == []


def test_module_redact_reuses_one_default(monkeypatch, isolated, redactor) -> None:
    monkeypatch.setattr(redactor_module, "_DEFAULT", None)
    built = []
    original = Redactor.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Redactor, "__init__", counting_init)
    first = balint_redact.redact(ISSUE_TEXT)
    default = redactor_module._DEFAULT
    second = balint_redact.redact("Gerald Thorne laughed.")
    assert len(built) == 1
    assert redactor_module._DEFAULT is default is redactor_module.default_redactor()
    assert first == redactor.redact(ISSUE_TEXT)
    assert "Gerald" not in second.text


def test_module_redact_with_options_builds_its_own(redactor) -> None:
    out = balint_redact.redact("Mrs Amina Patel wrote.", style="tag",
                               use_default_rules_file=False)
    assert out.text == "Mrs [person] wrote."


@pytest.mark.parametrize("text", TEXTS)
def test_idempotent(redactor, text: str) -> None:
    once = redactor.redact(text).text
    twice = redactor.redact(once)
    assert twice.text == once
    assert twice.findings == []


# --- a 5 MB text (chunked at 100,000 characters) -----------------------------------------------

FIRST = ["Amina", "Gerald", "Olusegun", "Bartholomew", "Priyanka", "Siobhan", "Tadeusz",
         "Wilhelmina"]
LAST = ["Patel", "Thorne", "Okonkwo", "Fairweather", "Ramaswamy", "Flanagan", "Kowalczyk",
        "Huxtable"]


def big_text(size: int, seed: int = 7) -> tuple[str, list[tuple[str, str]]]:
    """Realistic paragraphs with varying clients until ``size`` characters; the pairs used."""
    rng = random.Random(seed)
    last = LAST[:]
    rng.shuffle(last)
    pairs = list(zip(FIRST, last))  # every first name and surname belongs to one client
    paras, n, i = [], 0, 0
    while n < size:
        f, l = pairs[i % len(pairs)]
        p = (f"On the morning of the hearing I met my client Mrs {f} {l} outside court. {f} was "
             f"anxious and told me that her former partner had not paid anything for months. I "
             f"explained the procedure and we agreed that {f} would give evidence first; Mrs {l} "
             f"said she was ready.\n\n")
        paras.append(p)
        n += len(p)
        i += 1
    return "".join(paras), pairs


def test_placeholders_stay_the_same_across_chunks(redactor) -> None:
    """Five chunks of 100,000 characters: the same person keeps one label from the first chunk
    to the last, and a name split from its title by a chunk boundary is still found."""
    from balint_redact.detect.engine import MAX_CHUNK

    people = [("Amina", "Patel"), ("Gerald", "Thorne"), ("Zebedee", "Quartermaine")]
    blocks = []
    for i in range(15):
        f, l = people[i % 3]
        blocks.append(f"Note {i}: I met Mrs {f} {l}; {f} cried and {l} left.\n"
                      + "\n" * (MAX_CHUNK // 3))
    text = "".join(blocks)
    assert len(text) > 5 * MAX_CHUNK
    result = redactor.redact(text)
    for f, l in people:
        assert f not in result.text and l not in result.text
    labels = {}
    for fnd in result.findings:
        labels.setdefault(text[fnd.start:fnd.end].split()[-1], set()).add(fnd.placeholder)
    assert labels == {"Patel": {"Person A"}, "Amina": {"Person A"}, "Thorne": {"Person B"},
                      "Gerald": {"Person B"}, "Quartermaine": {"Person C"},
                      "Zebedee": {"Person C"}}


@pytest.mark.slow
def test_five_megabytes(redactor) -> None:
    """Opt-in (pytest --run-slow or BALINT_REDACT_SLOW=1): several minutes on two shared cores."""
    text, pairs = big_text(5 * 1024 * 1024)
    assert len(text) > 50 * 100_000  # many chunks
    started = time.monotonic()
    result = redactor.redact(text)
    elapsed = time.monotonic() - started
    for f, l in pairs:
        assert f not in result.text and l not in result.text
    # the same name gets the same placeholder at the start and the end of the text
    by_name: dict[str, set[str]] = {}
    for fnd in result.findings:
        if fnd.entity_type == "PERSON":
            by_name.setdefault(text[fnd.start:fnd.end], set()).add(fnd.placeholder)
    for f, l in pairs:
        assert len(by_name[f"{f} {l}"]) == 1, f"{f} {l}: {by_name[f'{f} {l}']}"
        assert by_name[f"{f} {l}"] == by_name[f], f
    labels = {next(iter(by_name[f"{f} {l}"])) for f, l in pairs}
    assert len(labels) == len(pairs)
    first_para, last_para = result.text[:400], result.text[-400:]
    assert "Person" in first_para and "Person" in last_para
    assert elapsed < 600


def test_every_subpackage_ships_in_the_wheel() -> None:
    """pyproject lists packages by hand: a new subpackage missing there is missing from the
    wheel (the editable install still finds it, so only this catches it)."""
    import sys
    from pathlib import Path

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    dirs = config["setuptools"]["package-dir"]
    for name, folder in dirs.items():
        for init in (root / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(root / folder)
            package = ".".join([name, *rel.parts]) if rel.parts else name
            assert package in listed, f"{package} is not listed in pyproject.toml"
