"""What a new user tripped over on the command line (issue 18): the output format follows
the suffix of -o, a folder run writes JSON when asked, honest summaries, stdin without "-",
--min-score, JSON Lines, shell completion and the bundled example."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from balint_redact.io.docx_io import extract_text

from conftest import CLI_EXE, ISSUE_TEXT, subprocess_env, tree_bytes

GONE = ["Amina", "Patel", "Gerald", "Thorne", "07700", "900123"]


def make_docx(path: Path, *paragraphs: str) -> Path:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


def assert_gone(text: str) -> None:
    for fragment in GONE:
        assert fragment not in text, fragment


def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("Error:")]


@pytest.fixture
def text_tree(isolated: Path) -> Path:
    root = isolated / "cases"
    (root / "2024").mkdir(parents=True)
    (root / "a.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    (root / "2024" / "b.md").write_text("Gerald Thorne rang from 07700 900123.\n", "utf-8")
    (root / "c.md").write_text("A reflective note about a hard week.\n", encoding="utf-8")
    return root


# --- 1. the output format follows the suffix of -o -------------------------------------------

def test_word_in_text_out_writes_the_redacted_text(cli, isolated: Path) -> None:
    src = make_docx(isolated / "case.docx", "Case notes", ISSUE_TEXT)
    out = isolated / "case-out.txt"
    result = cli("redact", src, "-o", out)
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert not zipfile.is_zipfile(out), "a Word zip named .txt"
    text = data.decode("utf-8")
    assert text.startswith("Case notes\n") and "Mrs Person A" in text
    assert_gone(text)


def test_text_in_docx_out_writes_a_word_document(cli, isolated: Path) -> None:
    src = isolated / "note.txt"
    src.write_text("Case notes\n" + ISSUE_TEXT + "\n", encoding="utf-8")
    out = isolated / "out.docx"
    result = cli("redact", src, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert zipfile.is_zipfile(out), "plain text written into a .docx"
    d = docx.Document(str(out))
    assert [p.text for p in d.paragraphs][0] == "Case notes"
    text = extract_text(out)
    assert "Mrs Person A" in text
    assert_gone(text)
    # no author or other property from python-docx's template
    assert not (d.core_properties.author or "").strip()


@pytest.mark.parametrize("name", ["out.pdf", "out.rtf"])
def test_unknown_output_suffix_is_refused_in_one_line(cli, isolated: Path, name: str) -> None:
    src = isolated / "note.txt"
    src.write_text(ISSUE_TEXT, encoding="utf-8")
    result = cli("redact", src, "-o", isolated / name)
    assert result.exit_code == 2
    assert len(error_lines(result.stderr)) == 1 and ".docx" in result.stderr
    assert not (isolated / name).exists()


def test_json_format_with_a_docx_output_is_refused(cli, isolated: Path) -> None:
    src = isolated / "note.txt"
    src.write_text(ISSUE_TEXT, encoding="utf-8")
    result = cli("redact", src, "-o", isolated / "out.docx", "--format", "json")
    assert result.exit_code == 2 and len(error_lines(result.stderr)) == 1
    assert not (isolated / "out.docx").exists()
    named_json = cli("redact", src, "-o", isolated / "out.json")
    assert named_json.exit_code == 2 and "--format json" in named_json.stderr


# --- 2. a folder run with --format json / jsonl ----------------------------------------------

def test_tree_json_writes_one_json_per_file(cli, text_tree: Path, isolated: Path) -> None:
    out = isolated / "redacted"
    result = cli("redact", text_tree, "-o", out, "--format", "json", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert sorted(tree_bytes(out)) == ["2024/b.md.json", "a.txt.json", "c.md.json"]
    a = json.loads((out / "a.txt.json").read_text("utf-8"))
    assert set(a) == {"text", "findings", "counts"} and a["counts"]["PERSON"] >= 2
    assert_gone(a["text"])


def test_tree_jsonl_writes_one_line_per_file(cli, text_tree: Path, isolated: Path) -> None:
    out = isolated / "batch.jsonl"
    result = cli("redact", text_tree, "-o", out, "--format", "jsonl", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["path"] for line in lines] == ["a.txt", "c.md", "2024/b.md"]
    assert all(set(line) == {"path", "text", "findings", "counts"} for line in lines)
    for line in lines:
        assert_gone(line["text"])
    folder = cli("redact", text_tree, "-o", isolated, "--format", "jsonl")
    assert folder.exit_code == 2 and "OUT.jsonl" in folder.stderr


def test_one_file_jsonl_is_one_line(cli) -> None:
    result = cli("redact", "-", "--format", "jsonl", input=ISSUE_TEXT)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert_gone(json.loads(result.stdout)["text"])


# --- 3. honest summaries -----------------------------------------------------------------------

def test_rerun_up_to_date_says_nothing_was_redacted(cli, text_tree: Path, isolated: Path) -> None:
    out = isolated / "redacted"
    assert cli("redact", text_tree, "-o", out, "--jobs", "1").exit_code == 0
    again = cli("redact", text_tree, "-o", out, "--jobs", "1")
    assert again.exit_code == 0
    assert "No identifiers found" not in again.stderr
    assert "3 up to date, nothing redacted this run" in again.stderr


def test_clean_files_redacted_say_how_many(cli, isolated: Path) -> None:
    root = isolated / "clean"
    root.mkdir()
    (root / "a.md").write_text("A reflective note about a hard week.\n", encoding="utf-8")
    result = cli("redact", root, "-o", isolated / "out", "--jobs", "1")
    assert result.exit_code == 0
    assert "No identifiers found in the 1 file redacted." in result.stderr


# --- 4. stdin without "-" ----------------------------------------------------------------------

def test_piped_text_is_read_without_a_source(cli) -> None:
    result = cli("redact", input=ISSUE_TEXT)
    assert result.exit_code == 0, result.stderr
    assert "Mrs Person A" in result.stdout
    assert_gone(result.stdout)


def test_piped_text_in_a_real_pipe(tmp_path: Path) -> None:
    run = subprocess.run(f"echo 'Mrs Amina Patel rang from 07700 900123.' | {CLI_EXE} redact",
                         shell=True, capture_output=True, text=True, timeout=300,
                         env=subprocess_env(tmp_path), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "Mrs Person A rang from [phone].\n"


def test_no_source_at_a_terminal_is_a_usage_error(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        run = subprocess.run([CLI_EXE, "redact"], stdin=follower, capture_output=True,
                             text=True, timeout=120, env=subprocess_env(tmp_path))
    finally:
        os.close(follower)
        os.close(leader)
    assert run.returncode == 2
    assert "Missing argument 'SOURCE'" in run.stderr and "pipe" in run.stderr


# --- 10. --min-score, shell completion -------------------------------------------------------

def test_min_score_leaves_low_scoring_findings(cli) -> None:
    everything = json.loads(cli("redact", "-", "--format", "json", input=ISSUE_TEXT).stdout)
    scores = sorted({f["score"] for f in everything["findings"]})
    assert len(scores) >= 2, scores
    cut = scores[-1]
    high = cli("redact", "-", "--format", "json", "--min-score", str(cut), input=ISSUE_TEXT)
    assert high.exit_code == 0, high.stderr
    kept = json.loads(high.stdout)["findings"]
    assert kept and all(f["score"] >= cut for f in kept)
    assert len(kept) < len(everything["findings"])
    bad = cli("redact", "-", "--min-score", "1.5", input=ISSUE_TEXT)
    assert bad.exit_code == 2


def test_redactor_min_score_is_checked() -> None:
    from balint_redact import Redactor
    from balint_redact.errors import ConfigError

    with pytest.raises(ConfigError):
        Redactor(min_score=2, use_default_rules_file=False)


def test_shell_completion_is_documented_and_works(tmp_path: Path) -> None:
    helped = subprocess.run([CLI_EXE, "--help"], capture_output=True, text=True, timeout=120,
                            env=subprocess_env(tmp_path))
    assert "_BALINT_REDACT_COMPLETE=bash_source" in helped.stdout
    env = subprocess_env(tmp_path, _BALINT_REDACT_COMPLETE="bash_complete",
                         COMP_WORDS="balint-redact red", COMP_CWORD="1")
    done = subprocess.run([CLI_EXE], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0
    assert "plain,redact" in done.stdout.splitlines()


# --- 11. the example ships in the wheel --------------------------------------------------------

def test_example_command_prints_the_bundled_write_up(cli, tmp_path: Path) -> None:
    repo_example = Path(__file__).resolve().parent.parent / "examples" / "write-up.md"
    shown = cli("example")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout == repo_example.read_text("utf-8")
    where = cli("example", "--path")
    assert where.exit_code == 0
    assert Path(where.stdout.strip()).read_text("utf-8") == repo_example.read_text("utf-8")
    piped = cli("redact", input=shown.stdout)
    assert piped.exit_code == 0 and "Amina" not in piped.stdout


def test_example_is_package_data() -> None:
    import tomllib

    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml")
                              .read_text("utf-8"))
    setuptools = pyproject["tool"]["setuptools"]
    assert "balint_redact.examples" in setuptools["packages"]
    assert setuptools["package-dir"]["balint_redact.examples"] == "examples"
    assert "*.md" in setuptools["package-data"]["balint_redact.examples"]
    assert os.path.exists(Path(__file__).resolve().parent.parent / "examples" / "write-up.md")


def test_tree_jsonl_keeps_walk_order_with_a_failure_and_two_jobs(cli, isolated: Path) -> None:
    tree = isolated / "tree"
    tree.mkdir()
    for name in ("1.md", "2.md", "4.md"):
        (tree / name).write_text(ISSUE_TEXT, encoding="utf-8")
    (tree / "3.docx").write_bytes(b"not a zip")
    out = isolated / "batch.jsonl"
    result = cli("redact", tree, "-o", out, "--format", "jsonl", "--jobs", "2")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["path"] for line in lines] == ["1.md", "2.md", "3.docx", "4.md"]
    assert set(lines[2]) == {"path", "error"}
