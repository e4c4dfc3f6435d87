"""`balint-redact redact` through click's CliRunner (in-process, stdout and stderr apart)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import docx
import pytest

from balint_redact.io.docx_io import extract_text

from conftest import ISSUE_TEXT, tree_bytes

GONE = ["Amina", "Patel", "Gerald", "Thorne", "07700", "900123", "amina.patel", "example.com"]
KEPT = ["I met my client", "rang from", "email is", "Later", "said her landlord", "laughed"]


def assert_redacted(out: str) -> None:
    for fragment in GONE:
        assert fragment not in out, fragment
    for phrase in KEPT:
        assert phrase in out, phrase


def make_docx(path: Path, *paragraphs: str) -> Path:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("Error:")]


# --- one text --------------------------------------------------------------------------------

def test_stdin_to_stdout(cli) -> None:
    result = cli("redact", "-", input=ISSUE_TEXT)
    assert result.exit_code == 0, result.stderr
    assert_redacted(result.stdout)
    assert result.stdout.count("Person A") == 4 and result.stdout.count("Person B") == 1
    assert result.stderr.startswith("Redacted 7 identifiers:")


def test_file_to_stdout(cli, isolated: Path) -> None:
    src = isolated / "notes.txt"
    src.write_text(ISSUE_TEXT, encoding="utf-8")
    before = src.read_bytes()
    result = cli("redact", src)
    assert result.exit_code == 0, result.stderr
    assert_redacted(result.stdout)
    assert src.read_bytes() == before
    assert sorted(p.name for p in isolated.iterdir()) == ["notes.txt"]


def test_file_to_output_file(cli, isolated: Path) -> None:
    src = isolated / "notes.md"
    src.write_text("# Notes\n\n" + ISSUE_TEXT + "\n", encoding="utf-8")
    before = src.read_bytes()
    out = isolated / "safe" / "notes.md"
    result = cli("redact", src, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Notes\n\n") and text.endswith("laughed.\n")
    assert_redacted(text)
    assert src.read_bytes() == before
    assert not list(isolated.rglob(".balint-*.tmp"))


def test_output_into_existing_folder_keeps_the_name(cli, isolated: Path) -> None:
    src = isolated / "notes.txt"
    src.write_text(ISSUE_TEXT, encoding="utf-8")
    (isolated / "out").mkdir()
    result = cli("redact", src, "-o", isolated / "out")
    assert result.exit_code == 0, result.stderr
    assert_redacted((isolated / "out" / "notes.txt").read_text(encoding="utf-8"))


def test_docx_to_docx(cli, isolated: Path) -> None:
    src = make_docx(isolated / "notes.docx", "Case notes", ISSUE_TEXT)
    before = src.read_bytes()
    result = cli("redact", src, "-o", isolated / "safe.docx")
    assert result.exit_code == 0, result.stderr
    assert_redacted(extract_text(isolated / "safe.docx"))
    assert src.read_bytes() == before


def test_docx_to_stdout_needs_output(cli, isolated: Path) -> None:
    src = make_docx(isolated / "notes.docx", ISSUE_TEXT)
    result = cli("redact", src)
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        "Error: a Word document needs -o OUT.docx (or --format json for stdout)"]
    assert result.stdout == ""


@pytest.mark.parametrize("style, person", [
    ("placeholder", "Person A"), ("tag", "[person]"), ("mask", "*****"),
])
def test_style_option(cli, style: str, person: str) -> None:
    result = cli("redact", "-", "--style", style, input=ISSUE_TEXT)
    assert result.exit_code == 0, result.stderr
    assert person in result.stdout
    assert_redacted(result.stdout)


def test_quiet_has_no_summary(cli) -> None:
    result = cli("redact", "-", "-q", input=ISSUE_TEXT)
    assert result.exit_code == 0 and result.stderr == ""


def test_no_identifiers_summary(cli) -> None:
    result = cli("redact", "-", input="a reflective note about a hard week.")
    assert result.exit_code == 0
    assert result.stdout == "a reflective note about a hard week.\n"
    assert result.stderr == "No identifiers found.\n"


# --- JSON ----------------------------------------------------------------------------------------

def test_json_format(cli) -> None:
    result = cli("redact", "-", "--format", "json", input=ISSUE_TEXT)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"text", "findings", "counts"}
    assert_redacted(data["text"])
    assert data["counts"] == {"EMAIL_ADDRESS": 1, "PERSON": 5, "PHONE_NUMBER": 1}
    findings_json = json.dumps(data["findings"])
    for fragment in GONE:
        assert fragment not in findings_json
    for f in data["findings"]:
        assert "text" not in f
        assert {"start", "end", "entity_type", "score", "placeholder"} <= set(f)


def test_json_show_text(cli) -> None:
    result = cli("redact", "-", "--format", "json", "--show-text", input=ISSUE_TEXT)
    data = json.loads(result.stdout)
    assert all(f["text"] == ISSUE_TEXT[f["start"]:f["end"]] for f in data["findings"])


def test_json_to_file(cli, isolated: Path) -> None:
    result = cli("redact", "-", "--format", "json", "-o", isolated / "out.json", input=ISSUE_TEXT)
    assert result.exit_code == 0 and result.stdout == ""
    assert_redacted(json.loads((isolated / "out.json").read_text("utf-8"))["text"])


# --- help, version, usage errors -------------------------------------------------------------------

def test_version(cli) -> None:
    import balint_redact

    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"balint-redact, version {balint_redact.__version__}"


@pytest.mark.parametrize("args", [["--help"], ["redact", "--help"]])
def test_help_shows_examples_and_exit_codes(cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "Exit codes" in result.stdout
    assert "balint-redact redact" in result.stdout


def test_directory_without_output(cli, isolated: Path) -> None:
    folder = isolated / "cases"
    folder.mkdir()
    (folder / "a.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    before = tree_bytes(isolated)
    result = cli("redact", folder)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert error_lines(result.stderr) == [
        "Error: the input is a directory; give -o OUTDIR to redact a directory"]
    assert tree_bytes(isolated) == before


def test_missing_file(cli, isolated: Path) -> None:
    result = cli("redact", "nosuch.txt")
    assert result.exit_code == 1
    assert result.stderr == "Error: the input does not exist (no such file)\n"
    assert result.stdout == ""


def test_output_equal_to_input(cli, isolated: Path) -> None:
    src = isolated / "notes.txt"
    src.write_text(ISSUE_TEXT, encoding="utf-8")
    before = src.read_bytes()
    result = cli("redact", src, "-o", src)
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        "Error: the output is the input file; choose another output path"]
    assert src.read_bytes() == before
    assert sorted(p.name for p in isolated.iterdir()) == ["notes.txt"]


def test_unknown_entity_type(cli) -> None:
    result = cli("redact", "-", "--entities", "PERSON,FOO", input=ISSUE_TEXT)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: unknown entity type")
    assert "FOO" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_unknown_option_is_usage_error(cli) -> None:
    result = cli("redact", "-", "--no-such-option", input=ISSUE_TEXT)
    assert result.exit_code == 2
    assert result.stdout == ""


# --- folders -----------------------------------------------------------------------------------

def build_text_tree(isolated: Path) -> Path:
    root = isolated / "cases"
    (root / "2024" / "family").mkdir(parents=True)
    (root / "2025").mkdir()
    (root / "top.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    (root / "2024" / "family" / "contact.md").write_text("# Contact\n\n" + ISSUE_TEXT + "\n",
                                                         encoding="utf-8")
    (root / "2025" / "hearing.txt").write_text("Hearing\n" + ISSUE_TEXT, encoding="utf-8")
    (root / "2024" / "ignored.pdf").write_bytes(b"%PDF-1.4 not supported")
    (root / ".hidden.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    return root


@pytest.fixture
def text_tree(isolated: Path) -> Path:
    """Nested .txt and .md files (plus a hidden file and an unsupported one)."""
    return build_text_tree(isolated)


@pytest.fixture
def case_tree(isolated: Path) -> Path:
    """The text tree plus a Word document in a nested folder."""
    root = build_text_tree(isolated)
    make_docx(root / "2025" / "deeper" / "hearing.docx", "Hearing", ISSUE_TEXT)
    return root


TEXT_TREE = ["2024/family/contact.md", "2025/hearing.txt", "top.txt"]
EXPECTED_TREE = ["2024/family/contact.md", "2025/deeper/hearing.docx", "2025/hearing.txt",
                 "top.txt"]


def test_tree_mirrors_relative_names(cli, case_tree: Path, isolated: Path) -> None:
    before = tree_bytes(case_tree)
    out = isolated / "redacted"
    result = cli("redact", case_tree, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert sorted(tree_bytes(out)) == EXPECTED_TREE
    assert_redacted((out / "top.txt").read_text("utf-8"))
    assert_redacted((out / "2024/family/contact.md").read_text("utf-8"))
    assert_redacted(extract_text(out / "2025/deeper/hearing.docx"))
    assert tree_bytes(case_tree) == before
    assert result.stderr.splitlines()[-1].startswith("4 redacted, 0 up to date (skipped), 0 failed.")
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_tree_skips_up_to_date_unless_forced(cli, text_tree: Path, isolated: Path) -> None:
    out = isolated / "redacted"
    assert cli("redact", text_tree, "-o", out, "--jobs", "1").exit_code == 0
    again = cli("redact", text_tree, "-o", out, "--jobs", "1")
    assert again.exit_code == 0
    assert again.stderr.startswith("0 redacted, 3 up to date (skipped), 0 failed.")
    # a changed input is redone, the others are not
    later = time.time() + 5
    os.utime(text_tree / "top.txt", (later, later))
    changed = cli("redact", text_tree, "-o", out, "--jobs", "1")
    assert changed.stderr.startswith("1 redacted, 2 up to date (skipped), 0 failed.")
    forced = cli("redact", text_tree, "-o", out, "--jobs", "1", "--force")
    assert forced.exit_code == 0
    assert forced.stderr.startswith("3 redacted, 0 up to date (skipped), 0 failed.")


def test_tree_corrupt_file_fails_alone(cli, text_tree: Path, isolated: Path) -> None:
    bad = text_tree / "2025" / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this zip is cut short")
    out = isolated / "redacted"
    result = cli("redact", text_tree, "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    assert sorted(tree_bytes(out)) == TEXT_TREE  # the others were written
    failed = [ln for ln in result.stderr.splitlines() if ln.startswith("Failed:")]
    # numbered, not named (a file name can be a client's name): walked folders first,
    # sorted, each folder's files before its subfolders' (top.txt, 2024/family/contact.md,
    # 2025/broken.docx, 2025/hearing.txt)
    assert failed == ["Failed: file 3 of 4 (.docx): the input is not a Word .docx document "
                      "(not a zip package)"]
    assert "broken" not in result.stderr and str(isolated) not in result.stderr
    assert "--show-names names them" in result.stderr
    for fragment in GONE:
        assert fragment not in result.stderr
    assert "3 redacted, 0 up to date (skipped), 1 failed." in result.stderr
    named = cli("redact", text_tree, "-o", out, "--jobs", "1", "--show-names")
    assert named.exit_code == 1
    assert [ln for ln in named.stderr.splitlines() if ln.startswith("Failed:")] == [
        "Failed: 2025/broken.docx: the input is not a Word .docx document (not a zip package)"]
    assert "0 redacted, 3 up to date (skipped), 1 failed." in named.stderr


def test_tree_output_is_a_file(cli, text_tree: Path, isolated: Path) -> None:
    (isolated / "out.txt").write_text("x")
    result = cli("redact", text_tree, "-o", isolated / "out.txt")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        "Error: the output (-o) exists and is not a directory"]


def test_tree_output_inside_input_is_not_walked(cli, text_tree: Path) -> None:
    out = text_tree / "redacted"
    assert cli("redact", text_tree, "-o", out, "--jobs", "1").exit_code == 0
    again = cli("redact", text_tree, "-o", out, "--jobs", "1", "--force")
    assert again.exit_code == 0
    assert sorted(tree_bytes(out)) == TEXT_TREE


# --- permissions of what is written --------------------------------------------------------------

@pytest.fixture
def umask():
    """Set the process umask for a test (the CLI runs in-process), then restore it."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(saved)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_follow_the_umask(cli, isolated: Path, umask, mask: int, expected: int) -> None:
    """-o files, review pages, JSON and folder outputs are created as any file the user
    creates (they used to be 0600 whatever the umask)."""
    umask(mask)
    (isolated / "notes.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    make_docx(isolated / "notes.docx", ISSUE_TEXT)
    assert cli("redact", "notes.txt", "-o", "out.txt", "--review", "r.html").exit_code == 0
    assert cli("redact", "notes.txt", "-o", "out.json", "--format", "json").exit_code == 0
    assert cli("redact", "notes.docx", "-o", "out.docx").exit_code == 0
    tree = build_text_tree(isolated)
    assert cli("redact", tree, "-o", "mirror", "--jobs", "1").exit_code == 0
    written = [isolated / n for n in ("out.txt", "r.html", "out.json", "out.docx")] + \
        [isolated / "mirror" / n for n in TEXT_TREE]
    assert {p.name: _mode(p) for p in written} == {p.name: expected for p in written}


def test_a_replaced_output_keeps_its_mode(cli, isolated: Path, umask) -> None:
    umask(0o022)
    (isolated / "notes.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    make_docx(isolated / "notes.docx", ISSUE_TEXT)
    for name in ("out.txt", "out.docx"):
        (isolated / name).write_bytes(b"older")
        (isolated / name).chmod(0o640)
    assert cli("redact", "notes.txt", "-o", "out.txt").exit_code == 0
    assert cli("redact", "notes.docx", "-o", "out.docx").exit_code == 0
    assert _mode(isolated / "out.txt") == _mode(isolated / "out.docx") == 0o640


def test_temporary_outputs_stay_private_until_complete(cli, isolated: Path, umask,
                                                       monkeypatch) -> None:
    """Until its data is complete the temporary file is readable by its owner only."""
    from balint_redact.io import textio

    umask(0o022)
    seen: list[int] = []
    real_write = os.write

    def watch_write(fd: int, data) -> int:  # text and Word outputs alike are written here
        seen.append(os.fstat(fd).st_mode & 0o777)
        return real_write(fd, data)

    monkeypatch.setattr(textio.os, "write", watch_write)
    (isolated / "notes.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    make_docx(isolated / "notes.docx", ISSUE_TEXT)
    assert cli("redact", "notes.txt", "-o", "out.txt").exit_code == 0
    assert cli("redact", "notes.docx", "-o", "out.docx").exit_code == 0
    assert len(seen) >= 2 and set(seen) == {0o600}
    assert _mode(isolated / "out.txt") == _mode(isolated / "out.docx") == 0o644
