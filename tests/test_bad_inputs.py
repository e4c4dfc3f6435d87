"""Bad inputs, one case each: the exact `Error: …` line, the exit code, the input untouched,
no output written, and no file name in the message (a file is named by its role: a file
name can be a client's name). docs/troubleshooting.md lists the same cases and messages.

Every run asks for ``-o out.txt`` (or ``out.docx``) so "nothing written" is checkable.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import Callable

import docx
import pytest

from conftest import ISSUE_TEXT, tree_bytes

OLE_HEADER = bytes.fromhex("D0CF11E0A1B11AE1")
CATASTROPHIC_RULE = """\
[[pattern]]
name = "runaway matter code"
entity = "MATTER_REFERENCE"
regex = '(a|aa)+$'
score = 0.9
"""


def run_failing(cli, work: Path, args: list[str], exit_code: int, phrases: list[str],
                input: str | bytes | None = None) -> str:
    """Run, and check: one Error line with every phrase, the exit code, nothing on stdout,
    every file in the working folder byte-identical and no new file."""
    before = tree_bytes(work)
    result = cli(*args, input=input)
    assert result.exit_code == exit_code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for phrase in phrases:
        assert phrase in lines[0], (phrase, lines[0])
    named = {Path(a).name for a in args if "." in a} | {Path(k).name for k in before}
    assert not [n for n in named if n in lines[0]], lines[0]  # no file is named
    assert str(work) not in lines[0]
    assert tree_bytes(work) == before  # input untouched, no output, no temp file
    return lines[0]


# --- inputs that cannot be redacted ------------------------------------------------------------

def test_binary_file(cli, isolated: Path) -> None:
    (isolated / "notes.txt").write_bytes(b"Mrs Amina Patel\x00\x01\x02\x00 rang")
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt"], 1,
                ["the input is a binary file (not text)", "supported: .docx"])


def test_empty_file(cli, isolated: Path) -> None:
    (isolated / "notes.txt").write_bytes(b"")
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt"], 1,
                ["the input is an empty file, nothing to redact"])


def test_whitespace_only_file(cli, isolated: Path) -> None:
    (isolated / "notes.txt").write_bytes(b" \n\n\t\n")
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt"], 1,
                ["the input is an empty file, nothing to redact"])


def test_empty_stdin(cli, isolated: Path) -> None:
    run_failing(cli, isolated, ["redact", "-", "-o", "out.txt"], 1,
                ["stdin: empty input, nothing to redact"], input="")


def test_corrupt_docx(cli, isolated: Path) -> None:
    (isolated / "notes.docx").write_bytes(b"this is not a zip package at all")
    run_failing(cli, isolated, ["redact", "notes.docx", "-o", "out.docx"], 1,
                ["the input is not a Word .docx document (not a zip package)"])


def test_truncated_docx(cli, isolated: Path) -> None:
    d = docx.Document()
    d.add_paragraph(ISSUE_TEXT)
    d.save(str(isolated / "full.docx"))
    data = (isolated / "full.docx").read_bytes()
    (isolated / "full.docx").unlink()
    (isolated / "notes.docx").write_bytes(data[: len(data) // 2])
    run_failing(cli, isolated, ["redact", "notes.docx", "-o", "out.docx"], 1, ["Word"])


def test_password_protected_docx(cli, isolated: Path) -> None:
    (isolated / "notes.docx").write_bytes(OLE_HEADER + os.urandom(4096))
    run_failing(cli, isolated, ["redact", "notes.docx", "-o", "out.docx"], 1,
                ["the Word document is password-protected or encrypted"])


def test_directory_where_a_file_is_expected(cli, isolated: Path) -> None:
    (isolated / "cases").mkdir()
    (isolated / "cases" / "a.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    run_failing(cli, isolated, ["redact", "cases"], 1,
                ["the input is a directory; give -o OUTDIR to redact a directory"])


def test_directory_as_rules_file(cli, isolated: Path) -> None:
    (isolated / "notes.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    (isolated / "rules").mkdir()
    before = tree_bytes(isolated)
    result = cli("redact", "notes.txt", "-o", "out.txt", "--rules", "rules")
    assert result.exit_code == 2
    assert result.stderr == "Error: rules file #1: is a directory\n"
    assert tree_bytes(isolated) == before


def test_output_equal_to_input(cli, isolated: Path) -> None:
    (isolated / "notes.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "notes.txt"], 1,
                ["the output is the input file; choose another output path"])


def test_output_is_a_link_to_the_input(cli, isolated: Path) -> None:
    (isolated / "notes.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    (isolated / "link.txt").symlink_to(isolated / "notes.txt")
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "link.txt"], 1,
                ["is the input file"])


def test_output_folder_cannot_be_created(cli, isolated: Path) -> None:
    """-o under a path whose "folder" is a file: a clear write error, not an internal error."""
    (isolated / "notes.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    (isolated / "taken").write_text("a file, not a folder", encoding="utf-8")
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "taken/out.txt"], 1,
                ["cannot write the output ("])


def test_docx_output_folder_cannot_be_created(cli, isolated: Path) -> None:
    """The same for Word output: it goes through the same atomic write, not an internal error
    (and no stray ZipFile traceback on a failed write)."""
    d = docx.Document()
    d.add_paragraph(ISSUE_TEXT)
    d.save(str(isolated / "notes.docx"))
    (isolated / "taken").write_text("a file, not a folder", encoding="utf-8")
    run_failing(cli, isolated, ["redact", "notes.docx", "-o", "taken/out.docx"], 1,
                ["cannot write the output ("])


def test_empty_word_document_is_not_named(cli, isolated: Path) -> None:
    docx.Document().save(str(isolated / "Amina Patel.docx"))
    run_failing(cli, isolated, ["redact", "Amina Patel.docx", "-o", "out.docx"], 1,
                ["the Word document has no text"])


def test_empty_word_document_in_a_folder_run_is_not_named(cli, isolated: Path) -> None:
    (isolated / "in").mkdir()
    docx.Document().save(str(isolated / "in" / "Amina Patel.docx"))
    (isolated / "in" / "b.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    result = cli("redact", "in", "-o", "out")
    assert result.exit_code == 1
    assert "has no text" in result.stderr
    assert "Amina" not in result.stderr and "Patel" not in result.stderr


def test_click_does_not_echo_an_unreadable_path(cli, isolated: Path, monkeypatch) -> None:
    """click's own readability check would print the path as typed ("Path 'Amina.txt' is not
    readable"); the library's reader names the input by its role instead."""
    import click.types

    (isolated / "Amina.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    monkeypatch.setattr(click.types.os, "access", lambda *a, **k: False)
    result = cli("redact", "Amina.txt", "-o", "out.txt", "--rules", "Amina.txt",
                 "--known-names", "Amina.txt")
    assert "Amina" not in result.stderr


def test_unreadable_config_folder(cli, isolated: Path, monkeypatch) -> None:
    """A config folder that cannot be searched is a configuration error, not an internal one."""
    real = Path.is_file

    def refuse(self: Path) -> bool:
        if self.name in ("balint-redact.toml", "rules.toml"):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    (isolated / "notes.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    monkeypatch.setattr(Path, "is_file", refuse)
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt"], 2,
                ["cannot look for the default rules file", "PermissionError"])


def test_missing_file(cli, isolated: Path) -> None:
    run_failing(cli, isolated, ["redact", "nosuch.txt", "-o", "out.txt"], 1,
                ["the input does not exist (no such file)"])


def test_file_too_large(cli, isolated: Path) -> None:
    (isolated / "notes.txt").write_bytes((ISSUE_TEXT + "\n").encode() * 8000)  # ~1.3 MB
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt", "--max-size", "1"], 1,
                ["the input is too large (1 MB; the limit is 1 MB, raise it with --max-size)"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_chmod(cli, isolated: Path) -> None:
    src = isolated / "notes.txt"
    src.write_text(ISSUE_TEXT, encoding="utf-8")
    src.chmod(0)
    try:
        run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt"], 1,
                    ["the input cannot be read (permission denied)"])
    finally:
        src.chmod(0o644)


def test_unreadable_file(cli, isolated: Path, monkeypatch) -> None:
    """Simulated (tests run as root): reading the file raises PermissionError."""
    src = isolated / "notes.txt"
    src.write_text(ISSUE_TEXT, encoding="utf-8")
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "notes.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt"], 1,
                ["the input cannot be read (Permission denied)"])


# --- configuration problems ------------------------------------------------------------------------

@pytest.fixture
def notes(isolated: Path) -> Path:
    src = isolated / "notes.txt"
    src.write_text(ISSUE_TEXT, encoding="utf-8")
    return src


def test_invalid_toml_rules(cli, isolated: Path, notes: Path) -> None:
    (isolated / "firm.toml").write_text('[[pattern]\nname = "x"\n', encoding="utf-8")
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt", "--rules", "firm.toml"],
                2, ["rules file #1: invalid TOML"])


def test_invalid_regex_in_rules(cli, isolated: Path, notes: Path) -> None:
    (isolated / "firm.toml").write_text(
        '[[pattern]]\nname = "our matter ref"\nentity = "MATTER_REFERENCE"\nregex = "AB(12"\n',
        encoding="utf-8")
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt", "--rules", "firm.toml"],
                2, ["rules file #1: pattern 'our matter ref': invalid regex (missing ) at "
                    "position 5)"])


def test_unknown_entity_in_rules(cli, isolated: Path, notes: Path) -> None:
    (isolated / "firm.toml").write_text(
        '[[pattern]]\nname = "x"\nentity = "SHOE_SIZE"\nregex = "AB12"\n', encoding="utf-8")
    line = run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt", "--rules",
                                       "firm.toml"],
                       2, ["rules file #1: pattern 'x': unknown entity type (known: ADDRESS"])
    assert "SHOE_SIZE" not in line  # a rule's values are never echoed


def test_missing_rules_file(cli, isolated: Path, notes: Path) -> None:
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt", "--rules", "nope.toml"],
                2, ["rules file #1: not found"])


def test_catastrophic_regex_in_rules(cli, isolated: Path) -> None:
    (isolated / "notes.txt").write_text(ISSUE_TEXT + "\n" + "a" * 40 + "b\n", encoding="utf-8")
    (isolated / "firm.toml").write_text(CATASTROPHIC_RULE, encoding="utf-8")
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt", "--rules", "firm.toml"],
                1, ["rule 'runaway matter code' (rules file #1) took longer than 2 s on this input",
                    "simplify its regex"])


def test_unknown_entity_type_option(cli, isolated: Path, notes: Path) -> None:
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt", "--entities",
                                "PERSON,SHOE_SIZE"], 2,
                ["unknown entity type(s): SHOE_SIZE (known: ADDRESS"])


def test_missing_known_names_file(cli, isolated: Path, notes: Path) -> None:
    run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt", "--known-names",
                                "clients.txt"], 2,
                ["the known-names file (--known-names) does not exist"])


# --- odd encodings that work ---------------------------------------------------------------------

ENCODED = "Mrs Amina Patel met me at the café in Leeds; Amina was calm."


@pytest.mark.parametrize("label, data, note", [
    ("windows-1252", ENCODED.encode("cp1252"), True),
    ("utf-16-le-bom", codecs.BOM_UTF16_LE + ENCODED.encode("utf-16-le"), False),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + ENCODED.encode("utf-16-be"), False),
    ("utf-8-bom", codecs.BOM_UTF8 + ENCODED.encode("utf-8"), False),
], ids=["windows-1252", "utf-16-le-bom", "utf-16-be-bom", "utf-8-bom"])
def test_encodings_work(cli, isolated: Path, label: str, data: bytes, note: bool) -> None:
    """Decoding only: people and places are redacted, nothing else is asked for."""
    src = isolated / "notes.txt"
    src.write_bytes(data)
    result = cli("redact", "notes.txt", "-o", "out.txt", "--entities", "PERSON,LOCATION")
    assert result.exit_code == 0, result.stderr
    out = (isolated / "out.txt").read_bytes()
    text = out.decode("utf-8")  # always UTF-8 out, no BOM
    assert not out.startswith(codecs.BOM_UTF8)
    assert "café" in text and "Amina" not in text and "Patel" not in text
    assert ("read as Windows-1252" in result.stderr) is note
    if note:
        assert result.stderr.splitlines()[0] == (
            "Note: the input was read as Windows-1252 text; output is UTF-8.")
    assert src.read_bytes() == data


def test_windows_1252_default_options(cli, isolated: Path) -> None:
    """The acceptance case with default options: works, says so, UTF-8 out, "café" kept."""
    data = ENCODED.encode("cp1252")
    (isolated / "notes.txt").write_bytes(data)
    result = cli("redact", "notes.txt", "-o", "out.txt")
    assert result.exit_code == 0
    assert "read as Windows-1252" in result.stderr
    out = (isolated / "out.txt").read_text(encoding="utf-8")
    assert "Amina" not in out and "Patel" not in out
    assert "café" in out
    assert (isolated / "notes.txt").read_bytes() == data


def test_windows_1252_to_stdout(cli, isolated: Path) -> None:
    (isolated / "notes.txt").write_bytes(ENCODED.encode("cp1252"))
    result = cli("redact", "notes.txt", "--entities", "PERSON,LOCATION")
    assert result.exit_code == 0
    assert "café" in result.stdout
    assert "read as Windows-1252" in result.stderr


# --- a multi-megabyte file ---------------------------------------------------------------------------

def test_multi_megabyte_file(cli, isolated: Path) -> None:
    """3 MB: thirty chunk-sized blocks, each a short note about a different client followed by
    blank-line padding (cheap for the NER model, but every chunk boundary is crossed)."""
    blocks = []
    names = [("Zebedee", "Quartermaine"), ("Amina", "Patel"), ("Gerald", "Thorne")]
    for i in range(30):
        first, last = names[i % 3]
        blocks.append(f"Note {i}: I met Mrs {first} {last} again; {first} was upset.\n"
                      + "\n" * 100_000)
    data = "".join(blocks).encode("utf-8")
    assert len(data) > 3_000_000
    (isolated / "notes.txt").write_bytes(data)
    result = cli("redact", "notes.txt", "-o", "out.txt")
    assert result.exit_code == 0, result.stderr
    out = (isolated / "out.txt").read_text(encoding="utf-8")
    assert len(out) > 3_000_000
    for first, last in names:
        assert first not in out and last not in out
    assert out.count("Person A") == out.count("Person B") == out.count("Person C") == 20
    assert (isolated / "notes.txt").read_bytes() == data


# --- what an error may say about a rules file ---------------------------------------------------

GOOD_RULE = '[[pattern]]\nname = "ok"\nentity = "MATTER_REFERENCE"\nregex = "QX\\\\d{4}"\n'


@pytest.mark.parametrize("body, phrase", [
    ('[[pattern]]\nname = "r"\nentity = "Zebedee"\nregex = "Q\\\\d"\n',
     "pattern 'r': unknown entity type (known: "),
    ('[[pattern]]\nname = "r"\nentity = "PERSON"\nregex = "Q\\\\d"\nvalidator = "Zebedee"\n',
     "pattern 'r': unknown validator (known: "),
    ('[[pattern]]\nname = "r"\nentity = "PERSON"\nregex = "(?P<id>Q)"\ngroup = "Zebedee"\n',
     "pattern 'r': its group is not a named group of the regex"),
    ('[[pattern]]\nname = "r"\nentity = "PERSON"\nregex = "Zebedee(?P=Quarrington)"\n',
     "pattern 'r': invalid regex (unknown group at position "),
    ('[[terms]]\nentity = "PERSON"\nfile = "zebedee-quarrington.txt"\n',
     "terms #1: cannot read the list file given with file = (FileNotFoundError)"),
    ('[allow]\nfile = "zebedee-quarrington.txt"\n',
     "allow: cannot read the list file given with file = (FileNotFoundError)"),
], ids=["entity", "validator", "group", "regex", "terms-file", "allow-file"])
def test_rules_errors_echo_no_value_and_no_path(cli, isolated: Path, notes: Path, body: str,
                                                phrase: str) -> None:
    """A rule's values (regex, entity, validator, group, list file) and the rules file's
    path are never echoed; the file is named by its position among the --rules given."""
    folder = isolated / "zebedee-quarrington"
    folder.mkdir()
    (folder / "first.toml").write_text(GOOD_RULE, encoding="utf-8")
    (folder / "second.toml").write_text(body, encoding="utf-8")
    line = run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt",
                                       "--rules", "zebedee-quarrington/first.toml",
                                       "--rules", "zebedee-quarrington/second.toml"],
                       2, [f"Error: rules file #2: {phrase}"])
    assert "zebedee" not in line.lower() and "quarrington" not in line.lower()


def test_known_names_error_echoes_no_path(cli, isolated: Path, notes: Path) -> None:
    (isolated / "zebedee-quarrington.txt").mkdir()  # a folder where a file is expected
    line = run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt", "--known-names",
                                       "zebedee-quarrington.txt"], 2,
                       ["cannot read the known-names file (--known-names) (IsADirectoryError)"])
    assert "zebedee" not in line.lower()


def test_review_page_errors_name_the_option(cli, isolated: Path, notes: Path) -> None:
    (isolated / "zebedee.html").mkdir()
    line = run_failing(cli, isolated, ["redact", "notes.txt", "-o", "out.txt", "--review",
                                       "zebedee.html"], 1,
                       ["the review page (--review) is a directory"])
    assert "zebedee" not in line.lower()


def test_evaluate_gold_file_errors_echo_no_path(cli, isolated: Path) -> None:
    line = run_failing(cli, isolated, ["evaluate", "zebedee-quarrington.jsonl"], 2,
                       ["the gold file"])
    assert "zebedee" not in line.lower()


@pytest.mark.parametrize("make", ["missing", "directory", "bad line", "empty"])
def test_load_gold_names_the_file_by_its_role(isolated: Path, make: str) -> None:
    from balint_redact.errors import InputError
    from balint_redact.evaluate import load_gold

    path = isolated / "zebedee-quarrington.jsonl"
    if make == "directory":
        path.mkdir()
    elif make == "bad line":
        path.write_text("not json\n", encoding="utf-8")
    elif make == "empty":
        path.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold(path)
    assert str(info.value).startswith("the gold file")
    assert "zebedee" not in str(info.value).lower()
