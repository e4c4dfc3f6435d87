"""`restore`: the names back for the presenter, exact for a write-up the series redacted,
the fullest name for other text of the series, refused for text of another series."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

from balint_redact import Redactor
from balint_redact.errors import ConfigError, InputError
from balint_redact.render.placeholders import LABEL
from balint_redact.series import Series

PASS = "a long and private passphrase"
CORPUS = Path(__file__).parent / "corpus" / "writeups.jsonl"


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("BALINT_REDACT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BALINT_REDACT_PASSPHRASE", raising=False)
    return tmp_path / "data"


def _expected(text: str, findings) -> str:
    """The original with only the tags left: every series placeholder back to its words."""
    out, cut = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if not regex.fullmatch(LABEL, f.placeholder):
            out += [text[cut:f.start], f.placeholder]
            cut = f.end
    return "".join(out) + text[cut:]


def test_restore_round_trips_the_corpus_exactly(data) -> None:
    """All 48 corpus write-ups in one series: restore gives back the original words at every
    placeholder position ("Mrs Patel" stays "Mrs Patel", "Amina" stays "Amina")."""
    docs = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    redactor = Redactor(use_default_rules_file=False, series=Series.open("corpus", PASS))
    reds = redactor.redact_many([d["text"] for d in docs])
    series = Series.open("corpus", PASS)
    labelled = 0
    for doc, red in zip(docs, reds):
        labelled += sum(bool(regex.fullmatch(LABEL, f.placeholder)) for f in red.findings)
        assert series.restore(red.text) == _expected(doc["text"], red.findings), doc["id"]
    assert labelled > 400  # the corpus is mostly people, places and organisations


def test_notes_of_the_group_get_the_fullest_names(data) -> None:
    redactor = Redactor(use_default_rules_file=False, series=Series.open("s", PASS))
    redactor.redact("Mrs Patel said her son Yusuf Patel and Amina Patel's landlord argued.")
    series = Series.open("s", PASS)
    assert series.restore("How is it going with Person A? And Person B?") == \
        "How is it going with Yusuf Patel? And Amina Patel?"


def test_text_of_another_series_is_refused(data) -> None:
    mine = Redactor(use_default_rules_file=False, series=Series.open("mine", PASS))
    mine.redact("Amina Patel rang.")
    theirs = Redactor(use_default_rules_file=False, series=Series.open("theirs", PASS))
    red = theirs.redact("Gerald Thorne, Joan Whitfield and Dominic Halloran met.").text
    with pytest.raises(InputError, match="not from this series"):
        Series.open("mine", PASS).restore(red)
    with pytest.raises(InputError, match="no placeholder"):
        Series.open("mine", PASS).restore("Nothing to see here.")


def test_restore_needs_the_right_passphrase(data) -> None:
    Redactor(use_default_rules_file=False, series=Series.open("s", PASS)).redact("Amina Patel.")
    with pytest.raises(ConfigError, match="wrong passphrase"):
        Series.open("s", "guess").restore("Person A")
