"""The series from the command line: redact, share and restore with --series, the passphrase
sources, `series list|show|forget`, fail-closed errors, and a canary: no identifier of a
series in any log, report, records folder or temporary file."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pytest

PASS = "canary-passphrase-7f3a"
NOTE_1 = "My client Amina Patel rang about her landlord Gerald Thorne. Amina was frightened.\n"
NOTE_2 = "Mrs Patel came back. Her sister Joan Whitfield sat in; Thorne wrote again.\n"
NAMES = ("Amina", "Patel", "Gerald", "Thorne", "Joan", "Whitfield")


@pytest.fixture
def env(isolated: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("BALINT_REDACT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BALINT_REDACT_PASSPHRASE", PASS)
    (isolated / "n1.txt").write_text(NOTE_1, encoding="utf-8")
    (isolated / "n2.txt").write_text(NOTE_2, encoding="utf-8")
    return isolated


def test_redact_with_a_series_letters_both_write_ups_alike(cli, env) -> None:
    one = cli("redact", "n1.txt", "--series", "fam")
    two = cli("redact", "n2.txt", "--series", "fam")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == "My client Person A rang about her landlord Person B. Person A was " \
                         "frightened.\n"
    assert two.stdout == "Mrs Person A came back. Her sister Person C sat in; Person B " \
                         "wrote again.\n"


def test_passphrase_file_and_no_passphrase(cli, env, monkeypatch) -> None:
    monkeypatch.delenv("BALINT_REDACT_PASSPHRASE")
    result = cli("redact", "n1.txt", "--series", "fam", "-o", "out.txt")
    assert result.exit_code == 2 and not Path("out.txt").exists()
    assert result.stderr.startswith("Error: a series needs its passphrase") and \
        result.stderr.count("\n") == 1
    Path("pass.txt").write_text(PASS + "\n", encoding="utf-8")
    assert cli("redact", "n1.txt", "--series", "fam", "--passphrase-file", "pass.txt",
               "-o", "out.txt").exit_code == 0
    assert "Person A" in Path("out.txt").read_text(encoding="utf-8")
    monkeypatch.setenv("BALINT_REDACT_PASSPHRASE", "another one")
    result = cli("redact", "n2.txt", "--series", "fam", "-o", "out2.txt")
    assert result.exit_code == 2 and not Path("out2.txt").exists() and result.stdout == ""
    assert "wrong passphrase" in result.stderr


@pytest.mark.parametrize("damage", ["flip", "truncate", "other-series"])
def test_a_damaged_mapping_writes_nothing(cli, env, damage: str) -> None:
    from balint_redact.series import series_path

    assert cli("redact", "n1.txt", "--series", "fam").exit_code == 0
    assert cli("redact", "n2.txt", "--series", "other").exit_code == 0
    path = series_path("fam")
    data = path.read_bytes()
    if damage == "flip":
        data = data[:-3] + bytes([data[-3] ^ 0x40]) + data[-2:]
    elif damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data = series_path("other").read_bytes()
    path.write_bytes(data)
    for command in (["redact", "n2.txt", "--series", "fam", "-o", "out.txt"],
                    ["restore", "n1.txt", "--series", "fam", "-o", "out.txt"],
                    ["share", "n2.txt", "--records", "recs", "--series", "fam"]):
        result = cli(*command)
        assert result.exit_code in (1, 2), command
        assert result.stdout == "" and not Path("out.txt").exists() and \
            not Path("recs").exists()
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert path.read_bytes() == data  # the damaged file is left for the presenter to see


def test_share_with_a_series_and_share_refuses_a_mapping_file(cli, env) -> None:
    from balint_redact.series import series_path

    cli("redact", "n1.txt", "--series", "fam")
    shared = cli("share", "n2.txt", "--records", "recs", "--series", "fam", "--session",
                 "2024-03-01")
    assert shared.exit_code == 0, shared.stderr
    record = Path("recs/group/2024-03-01/001.md").read_text(encoding="utf-8")
    assert record == "Mrs Person A came back. Her sister Person C sat in; Person B wrote again.\n"
    refused = cli("share", str(series_path("fam")), "--records", "recs2")
    assert refused.exit_code == 2 and "series mapping file" in refused.stderr
    Path("notes.md").write_bytes(series_path("fam").read_bytes())  # a copy, renamed
    refused = cli("share", "notes.md", "--records", "recs2")
    assert refused.exit_code == 2 and "series mapping file" in refused.stderr
    assert not Path("recs2").exists()


def test_redact_a_folder_in_a_series(cli, env) -> None:
    Path("in").mkdir()
    Path("in/a.txt").write_text(NOTE_1, encoding="utf-8")
    Path("in/b.txt").write_text(NOTE_2, encoding="utf-8")
    result = cli("redact", "in", "-o", "out", "--series", "fam", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    assert "Person A" in Path("out/b.txt").read_text(encoding="utf-8")
    assert Path("out/b.txt").read_text(encoding="utf-8").startswith("Mrs Person A came back")


def test_restore_command(cli, env) -> None:
    red = cli("redact", "n2.txt", "--series", "fam", "-o", "r2.txt")
    assert red.exit_code == 0
    back = cli("restore", "r2.txt", "--series", "fam")
    assert back.exit_code == 0 and back.stdout == NOTE_2
    Path("notes.md").write_text("How is Person A? Person B again?\n", encoding="utf-8")
    assert cli("restore", "notes.md", "--series", "fam", "-o", "mine.md").exit_code == 0
    # only "Mrs Patel" was met: the fullest form the series knows of Person A is "Patel"
    assert Path("mine.md").read_text(encoding="utf-8") == "How is Patel? Joan Whitfield again?\n"
    Path("theirs.md").write_text("Person Q said so.\n", encoding="utf-8")
    refused = cli("restore", "theirs.md", "--series", "fam", "-o", "no.md")
    assert refused.exit_code == 1 and "not from this series" in refused.stderr
    assert not Path("no.md").exists()
    missing = cli("restore", "notes.md", "--series", "nope")
    assert missing.exit_code == 2 and "no such series" in missing.stderr


def test_series_list_show_forget(cli, env, monkeypatch) -> None:
    from balint_redact.cli import series_cmd

    cli("redact", "n1.txt", "--series", "fam")
    assert cli("series", "list").stdout == "fam\n"
    hidden = cli("series", "show", "fam")
    assert hidden.exit_code == 2 and hidden.stdout == "" and "terminal" in hidden.stderr
    monkeypatch.setattr(series_cmd, "_on_terminal", lambda: True)
    shown = cli("series", "show", "fam")
    assert shown.stdout == "Person A\tAmina Patel\nPerson B\tGerald Thorne\n"
    monkeypatch.setenv("BALINT_REDACT_PASSPHRASE", "wrong")
    wrong = cli("series", "show", "fam")
    assert wrong.exit_code == 2 and wrong.stdout == ""
    assert cli("series", "forget", "fam").exit_code == 2  # not a terminal: needs --yes
    assert cli("series", "forget", "fam", "--yes").exit_code == 0
    assert cli("series", "list").stdout == ""
    assert cli("series", "show", "Amina Patel").exit_code == 2


def test_canary_no_series_identifier_anywhere(cli, env, tmp_path, monkeypatch,
                                              caplog) -> None:
    """Redact, share, a refused restore and a wrong passphrase, with every logger at DEBUG
    and a private temporary folder: no client name and not the passphrase in any log line,
    any message, the records folder (files and names), the mapping file or a temporary file."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    caplog.set_level(logging.DEBUG)
    outputs = [cli("redact", "n1.txt", "--series", "fam", "--review", "review.html",
                   "--format", "json"),
               cli("share", "n2.txt", "--records", "recs", "--series", "fam"),
               cli("restore", "n1.txt", "--series", "fam"),
               cli("restore", "-", "--series", "fam", input="Person Z did it."),
               cli("redact", "n2.txt", "--series", "fam", "--passphrase-file", "none.txt")]
    monkeypatch.setenv("BALINT_REDACT_PASSPHRASE", "wrong")
    outputs.append(cli("share", "n2.txt", "--records", "recs", "--series", "fam"))
    shown = [outputs[0].stdout.split('"findings"')[1]] + [o.stderr for o in outputs]
    shown += [r.getMessage() for r in caplog.records]
    files = [p for root in (Path("recs"), temp, tmp_path / "data") for p in root.rglob("*")]
    blobs = [p.read_bytes().decode("utf-8", "replace") for p in files if p.is_file()]
    blobs += [str(p) for p in files]
    assert Path("recs").is_dir() and any(p.suffix == ".md" for p in files)
    for text in shown + blobs:
        for word in NAMES + (PASS,):
            assert word not in text and word.lower() not in text.lower()


def test_generalisation_options(cli, env) -> None:
    Path("g.txt").write_text("Aged 34, she moved to 14 Ravenswood Close, Sheffield S5 9DN on "
                             "21 February 2024.\n", encoding="utf-8")
    plain = cli("redact", "g.txt")
    assert plain.stdout == "Aged [age], she moved to Address A on [date].\n"
    general = cli("redact", "g.txt", "--dates", "month", "--ages", "band", "--addresses",
                  "town")
    assert general.stdout == "Aged 30s, she moved to Place A on February 2024.\n"
    shared = cli("share", "g.txt", "--records", "recs", "--dates", "year", "--ages", "band",
                 "--session", "2024-03-01")
    assert shared.exit_code == 0, shared.stderr
    assert Path("recs/group/2024-03-01/001.md").read_text(encoding="utf-8") == \
        "Aged 30s, she moved to Address A on 2024.\n"
    assert cli("redact", "g.txt", "--dates", "week").exit_code == 2
