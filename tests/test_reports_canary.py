"""Canaries that detection does NOT find must never reach a default report.

The canary is made invisible to detection the way a real miss would be: a rules file
allow-lists it (``[allow] terms``), so the redactor and the checker both leave it alone,
while a phone number or an email beside it is still found. Before issue 17 (finding 4) the
report's context printed the words around each finding verbatim, only the *found* spans
masked, so the undetected canary came out in every format and in share's refusal.
"""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from balint_redact.batch import check_context
from balint_redact.batch.check import MASK, view_context
from balint_redact.cli.check_cmd import check_command
from balint_redact.cli.share_cmd import share_command

CANARY = "Zebedee Quarrington"
PIECES = ("Zebedee", "Quarrington", "zebedee", "quarrington", "ZEBEDEE", "QUARRINGTON",
          "Mill Lane", "mill lane", "Hope", "hope", "4417", "Zеbedee")
NOTE = (f"My client {CANARY} rang from 07700 900845 on Monday about Hope.\n"
        "Later zebedee quarrington of 4417 Mill Lane emailed zq@example.org twice.\n"
        "We talked about how hard it was.\n")
ALLOW = ("[allow]\nterms = [\"Zebedee Quarrington\", \"zebedee quarrington\", \"Zebedee\", "
         "\"Quarrington\", \"zebedee\", \"quarrington\", \"Hope\", \"Mill Lane\"]\n")


def assert_no_canary(*outputs: str) -> None:
    for out in outputs:
        for piece in PIECES:
            assert piece not in out, f"{piece!r} leaked"


@pytest.fixture()
def files(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    note = tmp_path / "note.md"
    note.write_text(NOTE, encoding="utf-8")
    rules = tmp_path / "allow.toml"
    rules.write_text(ALLOW, encoding="utf-8")
    return note, rules


# --- the context itself --------------------------------------------------------------------

def test_default_context_masks_undetected_words_around_a_finding() -> None:
    text = "Yesterday Zebedee Quarrington rang from 07700 900845 about hope baker, flat 4b."
    a = text.index("07700")
    ctx = view_context(text, a, a + 12, [])
    assert_no_canary(ctx)
    assert "baker" not in ctx and "4b" not in ctx  # a surname that is also a word; a digit
    assert ctx.startswith(MASK + " rang from " + MASK + " about " + MASK)
    assert view_context(text, a, a + 12, [], show_text=True).startswith("Yesterday Zebedee")


def test_default_context_masks_non_ascii_lookalikes_and_symbols() -> None:
    text = "rang zеbedee (Cyrillic e) on 07700 900845 at zq＠x #Q9 ok"
    a = text.index("07700")
    ctx = view_context(text, a, a + 12, [])
    assert "zеbedee" not in ctx and "＠" not in ctx and "Q9" not in ctx and "#" not in ctx
    assert "rang" in ctx and "ok" not in ctx.split(MASK)[0]


def test_default_context_masks_lower_case_places_and_dates() -> None:
    text = "to london, wales, monday, may: rang 07700 900845 at the hearing"
    a = text.index("07700")
    ctx = view_context(text, a, a + 12, [])
    for word in ("london", "wales", "monday", "may"):
        assert word not in ctx.split(), ctx
    assert ctx.startswith("to ███") and "at the hearing" in ctx


def test_masked_runs_do_not_reveal_word_count() -> None:
    text = "Asked Zebedee Albert Quarrington Smythe about 07700 900845 today."
    a = text.index("07700")
    ctx = view_context(text, a, a + 12, [])
    assert ctx.count(MASK) == 2 and "about" in ctx


@pytest.mark.parametrize("hidden", ["pa\u200btel", "mo***rg***an", "am**in**a", "qu_arr_ington",
                                    "pa\u00adtel"])
def test_default_context_shows_no_fragment_of_a_word(hidden: str) -> None:
    """A safe word glued to a hidden piece is a fragment of the same word: all of it goes."""
    text = f"today {hidden} and the client rang from 07700 900845 about it."
    a = text.index("07700")
    ctx = view_context(text, a, a + 12, [])
    assert "███ and the client" in ctx, ctx
    for part in ("pa", "tel", "mo", "an", "am", "ina", "qu", "ington"):
        assert part not in ctx.split(), ctx


def test_module_examples() -> None:
    assert doctest.testmod(check_context).failed == 0


# --- check: every format -------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["table", "json", "csv", "html"])
def test_check_reports_never_show_an_undetected_canary(files, fmt) -> None:
    note, rules = files
    res = CliRunner().invoke(check_command, [str(note), "--rules", str(rules), "--format", fmt])
    assert res.exit_code == 1, res.output  # the phone and the email are still found
    assert_no_canary(res.stdout, res.stderr)
    if fmt == "json":
        found = json.loads(res.stdout)["files"][0]["findings"]
        assert {f["entity_type"] for f in found} >= {"PHONE_NUMBER", "EMAIL_ADDRESS"}
        assert all(MASK in f["context"] for f in found)


@pytest.mark.parametrize("fmt", ["table", "json", "html"])
def test_check_show_text_is_the_opt_in(files, fmt) -> None:
    note, rules = files
    res = CliRunner().invoke(check_command, [str(note), "--rules", str(rules), "--format", fmt,
                                             "--show-text"])
    assert res.exit_code == 1
    assert CANARY in res.stdout  # the canary really is inside the context window
    assert_no_canary(res.stderr)


def test_check_output_file_never_shows_canary(files, tmp_path) -> None:
    note, rules = files
    out = tmp_path / "report.html"
    res = CliRunner().invoke(check_command, [str(note), "--rules", str(rules), "--format",
                                             "html", "-o", str(out)])
    assert res.exit_code == 1
    assert_no_canary(out.read_text(encoding="utf-8"), res.output)


# --- share: the refusal --------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json"])
def test_share_refusal_never_shows_an_undetected_canary(files, tmp_path, fmt) -> None:
    note, rules = files
    recs = tmp_path / "recs"
    # the redactor removes people only, so the phone and email stay for the check to refuse
    res = CliRunner().invoke(share_command, [str(note), "--records", str(recs), "--rules",
                                             str(rules), "--entities", "PERSON",
                                             "--session", "2026-11-26", "--format", fmt])
    assert res.exit_code == 1 and "Refused" in res.stderr, res.output
    assert "PHONE_NUMBER" in res.output and MASK in res.output
    assert_no_canary(res.stdout, res.stderr)
    assert not recs.exists()
    shown = CliRunner().invoke(share_command, [str(note), "--records", str(recs), "--rules",
                                               str(rules), "--entities", "PERSON",
                                               "--session", "2026-11-26", "--show-text"])
    assert shown.exit_code == 1 and CANARY in shown.stderr


# --- records listings and error messages ---------------------------------------------------

def test_records_listing_and_errors_never_show_the_canary(files, tmp_path) -> None:
    from balint_redact.cli.share_cmd import records_command, withdraw_command

    note, rules = files
    recs = tmp_path / "recs"
    runner = CliRunner()
    # filed with the canary in it (the allow rules keep it from detection and from the second
    # reader); listed and re-checked afterwards
    res = runner.invoke(share_command, [str(note), "--records", str(recs), "--rules",
                                        str(rules), "--session", "2026-11-26"])
    assert res.exit_code == 0, res.output
    assert CANARY in (recs / "group" / "2026-11-26" / "001.md").read_text()
    (recs / "group" / f"{CANARY}.md").write_text("stray")
    (recs / "group" / "2026-11-26" / "Zebedee").symlink_to(tmp_path / CANARY)
    for args in ([], ["--format", "json"], ["--rules", str(rules)],
                 ["--check-names", str(_names(tmp_path))]):
        res = runner.invoke(records_command, [str(recs), *args])
        assert res.exit_code == 1
        assert_no_canary(res.stdout, res.stderr)
    errors = [
        runner.invoke(share_command, [str(note), "--records", str(recs), "--group", CANARY]),
        runner.invoke(share_command, [str(note), "--records", str(recs), "--session",
                                      "Zebedee-11-26"]),
        runner.invoke(withdraw_command, [str(recs), f"group/2026-11-26/{CANARY}.md"]),
        runner.invoke(withdraw_command, [str(recs), str(recs / "group" / f"{CANARY}.md")]),
    ]
    for res in errors:
        assert res.exit_code == 2 and res.stderr.startswith("Error: "), res.output
        assert_no_canary(res.stdout, res.stderr)


def _names(tmp_path: Path) -> Path:
    p = tmp_path / "names.txt"
    p.write_text(CANARY + "\n", encoding="utf-8")
    return p
