"""Fail closed, never touch the network, never leak identifiers.

* a missing pipeline, a failing recognizer, a runaway regex or a failed write: an error, and
  no output at all (never the unredacted text, never a partial file);
* a batch killed with SIGKILL leaves only complete outputs, and a rerun finishes the job;
* nothing connects anywhere, in-process or in a subprocess;
* canary identifiers never reach stderr, logs, exception messages or leftover files.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from balint_redact import DetectionError, Redactor
from balint_redact.errors import BalintRedactError

from conftest import CLI_EXE, ISSUE_TEXT, subprocess_env, tree_bytes

CANARIES = ["Zebedee", "Quartermaine", "zq@example.org", "07700 900845", "AB 12 34 56 C"]
CANARY_TEXT = ("I met my client Mr Zebedee Quartermaine at court. Zebedee (zq@example.org) rang "
               "me from 07700 900845 about his National Insurance number AB 12 34 56 C. "
               "Quartermaine was anxious.\n")
CATASTROPHIC_RULE = """\
[[pattern]]
name = "runaway matter code"
entity = "MATTER_REFERENCE"
regex = '(a|aa)+$'
score = 0.9
"""


def no_canary(*texts: str) -> None:
    for text in texts:
        for c in CANARIES:
            assert c not in text, f"canary {c!r} leaked"


def temp_leftovers(folder: Path) -> list[Path]:
    """Temporary files a writer may leave: .balint-*.tmp (text) and .NAME.*.tmp (Word)."""
    return [p for p in folder.rglob(".*") if p.name.endswith(".tmp")]


def run_cli(args: list[str], tmp_path: Path, input: bytes | None = None, timeout: float = 120,
            **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([CLI_EXE, *map(str, args)], input=input, capture_output=True,
                          timeout=timeout, cwd=tmp_path, env=subprocess_env(tmp_path, **env))


# --- a missing pipeline -----------------------------------------------------------------------

@pytest.fixture
def notes(tmp_path: Path) -> Path:
    src = tmp_path / "notes.txt"
    src.write_text(CANARY_TEXT, encoding="utf-8")
    return src


@pytest.mark.parametrize("mode", ["file-to-file", "file-to-stdout", "stdin", "json", "folder"])
def test_missing_pipeline_fails_closed(tmp_path: Path, notes: Path, mode: str) -> None:
    before = notes.read_bytes()
    out = tmp_path / "out.txt"
    args, stdin = {
        "file-to-file": (["redact", notes, "-o", out], None),
        "file-to-stdout": (["redact", notes], None),
        "stdin": (["redact", "-"], before),
        "json": (["redact", notes, "--format", "json"], None),
        "folder": (["redact", tmp_path, "-o", tmp_path / "outdir"], None),
    }[mode]
    proc = run_cli(args, tmp_path, input=stdin, BALINT_REDACT_MODEL="no_such_pipeline")
    assert proc.returncode == 1
    assert proc.stdout == b""
    stderr = proc.stderr.decode()
    assert len(stderr.splitlines()) == 1
    assert stderr.startswith("Error: spaCy pipeline 'no_such_pipeline' is not installed")
    assert "Nothing was redacted" in stderr
    assert not out.exists() and not (tmp_path / "outdir").exists()
    assert notes.read_bytes() == before
    assert not temp_leftovers(tmp_path)
    no_canary(stderr)


def test_missing_pipeline_api(monkeypatch) -> None:
    from balint_redact.detect.pipeline import load_pipeline

    monkeypatch.setenv("BALINT_REDACT_MODEL", "no_such_pipeline")
    load_pipeline.cache_clear()
    try:
        with pytest.raises(DetectionError, match="not installed"):
            Redactor(use_default_rules_file=False)
    finally:
        load_pipeline.cache_clear()


# --- a recognizer that fails mid-detection ---------------------------------------------------------

def _boom(*args, **kwargs):
    raise RuntimeError("recognizer exploded on Zebedee Quartermaine")


@pytest.mark.parametrize("target", [
    "balint_redact.detect.engine.match_rule",  # every rule-file recognizer
    "presidio_analyzer.predefined_recognizers.PhoneRecognizer.analyze",
    "presidio_analyzer.predefined_recognizers.SpacyRecognizer.analyze",
])
def test_failing_recognizer_raises_detection_error(redactor, monkeypatch, target: str) -> None:
    monkeypatch.setattr(target, _boom)
    with pytest.raises(DetectionError) as info:
        redactor.redact(CANARY_TEXT)
    assert "RuntimeError" in str(info.value)
    no_canary(str(info.value), repr(info.value))
    assert info.value.__cause__ is None and info.value.__suppress_context__


@pytest.mark.parametrize("target", [
    "balint_redact.detect.steps_text.find_titled_names",
    "balint_redact.detect.steps_names._propagated",
])
def test_failing_detector_step_raises_detection_error(redactor, monkeypatch, target: str) -> None:
    """The document-level steps after the engine must fail closed the same way."""
    monkeypatch.setattr(target, _boom)
    with pytest.raises(DetectionError) as info:
        redactor.redact(CANARY_TEXT)
    no_canary(str(info.value))


def test_failing_recognizer_cli_writes_nothing(cli, isolated: Path, monkeypatch) -> None:
    monkeypatch.setattr("balint_redact.detect.engine.match_rule", _boom)
    src = isolated / "notes.txt"
    src.write_text(CANARY_TEXT, encoding="utf-8")
    before = src.read_bytes()
    result = cli("redact", src, "-o", isolated / "out.txt")
    assert result.exit_code == 1
    assert result.stderr == ("Error: detection failed (RuntimeError); no output was written for "
                             "this input\n")
    assert result.stdout == ""
    assert not (isolated / "out.txt").exists()
    assert src.read_bytes() == before
    stdout_run = cli("redact", src)
    assert stdout_run.exit_code == 1 and stdout_run.stdout == ""


def test_failing_recognizer_in_a_folder_run(cli, isolated: Path, monkeypatch) -> None:
    monkeypatch.setattr("balint_redact.detect.engine.match_rule", _boom)
    folder = isolated / "cases"
    folder.mkdir()
    for i in range(3):
        (folder / f"c{i}.txt").write_text(CANARY_TEXT, encoding="utf-8")
    result = cli("redact", folder, "-o", isolated / "out", "--jobs", "1")
    assert result.exit_code == 1
    failed = [ln for ln in result.stderr.splitlines() if ln.startswith("Failed:")]
    assert len(failed) == 3
    assert not (isolated / "out").exists() or not tree_bytes(isolated / "out")
    no_canary(result.stderr)


# --- an interrupted write ---------------------------------------------------------------------------

def _refuse_replace(*args, **kwargs):
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("name", ["notes.txt", "notes.docx"])
def test_interrupted_write_leaves_nothing(cli, isolated: Path, monkeypatch, name: str) -> None:
    src = isolated / name
    if name.endswith(".docx"):
        import docx

        d = docx.Document()
        d.add_paragraph(CANARY_TEXT)
        d.save(str(src))
    else:
        src.write_text(CANARY_TEXT, encoding="utf-8")
    before = src.read_bytes()
    out_dir = isolated / "out"
    out_dir.mkdir()
    monkeypatch.setattr(os, "replace", _refuse_replace)
    result = cli("redact", src, "-o", out_dir / name)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write ")
    assert len(result.stderr.splitlines()) == 1
    assert list(out_dir.iterdir()) == []
    assert not temp_leftovers(isolated)
    assert src.read_bytes() == before
    no_canary(result.stderr)


def test_interrupted_write_keeps_an_older_output(cli, isolated: Path, monkeypatch) -> None:
    src = isolated / "notes.txt"
    src.write_text(CANARY_TEXT, encoding="utf-8")
    out = isolated / "out.txt"
    out.write_text("previous redacted version\n", encoding="utf-8")
    monkeypatch.setattr(os, "replace", _refuse_replace)
    result = cli("redact", src, "-o", out)
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous redacted version\n"
    assert not temp_leftovers(isolated)


# --- a runaway regular expression in a firm's rules file --------------------------------------------

@pytest.fixture
def runaway_rules(tmp_path: Path) -> Path:
    path = tmp_path / "firm-rules.toml"
    path.write_text(CATASTROPHIC_RULE, encoding="utf-8")
    return path


def test_catastrophic_regex_api(runaway_rules: Path) -> None:
    r = Redactor(rules=runaway_rules, use_default_rules_file=False)
    started = time.monotonic()
    with pytest.raises(DetectionError) as info:
        r.redact("a" * 40 + "b")
    elapsed = time.monotonic() - started
    assert "runaway matter code" in str(info.value)
    assert elapsed < 15, f"took {elapsed:.1f} s (the limit is 2 s)"


def test_catastrophic_regex_cli_writes_nothing(cli, isolated: Path, runaway_rules: Path) -> None:
    src = isolated / "notes.txt"
    src.write_text(CANARY_TEXT + "a" * 40 + "b\n", encoding="utf-8")
    before = src.read_bytes()
    result = cli("redact", src, "-o", isolated / "out.txt", "--rules", runaway_rules)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: rule 'runaway matter code'")
    assert "took longer than 2 s" in result.stderr
    assert not (isolated / "out.txt").exists()
    assert src.read_bytes() == before
    no_canary(result.stderr)


# --- a batch killed with SIGKILL --------------------------------------------------------------------

FIRST = ["Amina", "Gerald", "Olusegun", "Priyanka", "Siobhan", "Tadeusz", "Wilhelmina"]
LAST = ["Patel", "Thorne", "Okonkwo", "Fairweather", "Ramaswamy", "Flanagan", "Kowalczyk"]


def _write_batch(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        f, l = FIRST[i % 7], LAST[(i * 3) % 7]
        (folder / f"case{i:03d}.txt").write_text(
            f"Case {i}. I met my client Mrs {f} {l} at court. {f} rang me from 07700 900{i:03d}. "
            f"Later {l} said her landlord had laughed at her.\n", encoding="utf-8")


def test_batch_killed_with_sigkill(tmp_path: Path) -> None:
    src, out, clean = tmp_path / "in", tmp_path / "out", tmp_path / "clean"
    _write_batch(src, 200)
    before = tree_bytes(src)
    args = [CLI_EXE, "redact", str(src), "--jobs", "1", "-q", "-o"]
    env = subprocess_env(tmp_path)
    done = subprocess.run(args + [str(clean)], cwd=tmp_path, env=env, capture_output=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    expected = tree_bytes(clean)
    assert len(expected) == 200

    proc = subprocess.Popen(args + [str(out)], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # kill once outputs have appeared, at a moment a write is in progress (the hardest
        # case: a temporary file exists)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            names = [p.name for p in out.iterdir()] if out.exists() else []
            if any(n.endswith(".txt") and not n.startswith(".") for n in names) and \
                    any(n.startswith(".balint-") for n in names):
                break
            time.sleep(0.001)
        assert proc.poll() is None, "the run finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    partial = tree_bytes(out)
    visible = {k: v for k, v in partial.items() if not Path(k).name.startswith(".")}
    assert 0 < len(visible) < 200
    for name, data in visible.items():  # every output is complete
        assert data == expected[name], name
    leftovers = temp_leftovers(out)
    for p in leftovers:  # a killed writer's temp file holds redacted text only
        no_canary(p.read_text("utf-8", errors="replace"))

    rerun = subprocess.run(args + [str(out)], cwd=tmp_path, env=env, capture_output=True,
                           timeout=300)
    assert rerun.returncode == 0, rerun.stderr.decode()
    final = tree_bytes(out)
    assert {k: v for k, v in final.items() if not Path(k).name.startswith(".")} == expected
    assert tree_bytes(src) == before
    assert not temp_leftovers(out), \
        f"{len(leftovers)} temporary file(s) left by the killed run were not cleaned up"


# --- no network -----------------------------------------------------------------------------------------

NETWORK_TEXT = ("Email amina.patel@example.com or gerald@thorne-lettings.co.uk, see "
                "https://www.example.co.uk/case/123 and www.gov.uk/housing and http://10.0.0.1/x; "
                "Mrs Amina Patel rang from 07700 900123.")


def test_no_network_api(no_network) -> None:
    r = Redactor(use_default_rules_file=False)
    out = r.redact(NETWORK_TEXT)
    assert "[email]" in out.text and "[url]" in out.text
    assert "example.com" not in out.text and "thorne-lettings" not in out.text
    assert no_network.attempts == []


def test_no_network_tldextract_is_offline(no_network) -> None:
    """The e-mail validator's public-suffix lookup must use the bundled snapshot."""
    r = Redactor(use_default_rules_file=False, entities=["EMAIL_ADDRESS", "URL"])
    for address in ["x@example.museum", "y@sub.example.co.uk", "z@example.london"]:
        out = r.redact(f"write to {address} today").text
        assert out.startswith("write to [email]") and address not in out
    assert no_network.attempts == []


def test_no_network_cli(no_network, cli, isolated: Path) -> None:
    src = isolated / "notes.txt"
    src.write_text(NETWORK_TEXT, encoding="utf-8")
    result = cli("redact", src, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "[email]" in json.loads(result.stdout)["text"]
    folder = isolated / "cases"
    folder.mkdir()
    (folder / "a.txt").write_text(NETWORK_TEXT, encoding="utf-8")
    assert cli("redact", folder, "-o", isolated / "out", "--jobs", "1").exit_code == 0
    assert no_network.attempts == []


def test_blocker_works(no_network) -> None:
    import socket

    with pytest.raises(OSError):
        socket.create_connection(("example.com", 80), timeout=1)
    assert no_network.attempts


NO_NET_PRELUDE = """\
import socket, sys
def _blocked(*a, **k):
    sys.stderr.write("NETWORK ATTEMPT\\n")
    raise OSError("network disabled")
socket.socket.connect = socket.socket.connect_ex = _blocked
socket.create_connection = socket.getaddrinfo = _blocked
from balint_redact.cli.main import main
sys.argv[0] = "balint-redact"
main()
"""


def test_no_network_subprocess(tmp_path: Path) -> None:
    src = tmp_path / "notes.txt"
    src.write_text(NETWORK_TEXT, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", NO_NET_PRELUDE, "redact", str(src), "-o",
                           str(tmp_path / "out.txt")], capture_output=True, timeout=120,
                          cwd=tmp_path, env=subprocess_env(tmp_path))
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"NETWORK ATTEMPT" not in proc.stderr
    assert "[email]" in (tmp_path / "out.txt").read_text("utf-8")


# --- no leaks -----------------------------------------------------------------------------------------

@pytest.fixture
def debug_logging(caplog):
    """Everything at DEBUG, on the root logger, captured."""
    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    return caplog


def _new_temp_files(before: set[str]) -> list[Path]:
    folder = Path(tempfile.gettempdir())
    return [folder / n for n in set(os.listdir(folder)) - before if (folder / n).is_file()]


def test_canaries_are_detected(redactor) -> None:
    no_canary(redactor.redact(CANARY_TEXT).text)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_leak_single_file(cli, isolated: Path, debug_logging, fmt: str) -> None:
    before_tmp = set(os.listdir(tempfile.gettempdir()))
    src = isolated / "notes.txt"
    src.write_text(CANARY_TEXT, encoding="utf-8")
    result = cli("redact", src, "--format", fmt)
    assert result.exit_code == 0
    no_canary(result.stdout, result.stderr, debug_logging.text)
    result = cli("redact", "-", "--format", fmt, "-o", isolated / f"out.{fmt}",
                 input=CANARY_TEXT)
    assert result.exit_code == 0
    no_canary(result.stdout, result.stderr, debug_logging.text,
              (isolated / f"out.{fmt}").read_text("utf-8"))
    for p in _new_temp_files(before_tmp):
        no_canary(p.read_text("utf-8", errors="replace"))
    assert not temp_leftovers(isolated)


def test_no_leak_folder(cli, isolated: Path, debug_logging) -> None:
    folder = isolated / "cases"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(CANARY_TEXT, encoding="utf-8")
    (folder / "sub" / "b.md").write_text(CANARY_TEXT, encoding="utf-8")
    (folder / "sub" / "Zebedee Quartermaine.txt").write_bytes(b"\x00\x01 binary")
    result = cli("redact", folder, "-o", isolated / "out", "--jobs", "1")
    assert result.exit_code == 1  # the binary file failed
    # the failing file is named by its path (which the user chose); no content appears
    lines = [ln for ln in result.stderr.splitlines() if not ln.startswith("Failed:")]
    no_canary("\n".join(lines), debug_logging.text)
    failed = [ln for ln in result.stderr.splitlines() if ln.startswith("Failed:")]
    assert len(failed) == 1 and "binary file" in failed[0]
    for data in tree_bytes(isolated / "out").values():
        no_canary(data.decode("utf-8"))
    assert not temp_leftovers(isolated)


def _error_cases(isolated: Path, rules: Path) -> list[tuple[list[str], str | None]]:
    (isolated / "bin.txt").write_bytes(CANARY_TEXT.encode() + b"\x00\x00")
    (isolated / "bad.docx").write_bytes(b"PK\x03\x04" + CANARY_TEXT.encode())
    (isolated / "notes.txt").write_text(CANARY_TEXT + "a" * 40 + "b\n", encoding="utf-8")
    bad_rules = isolated / "bad.toml"
    bad_rules.write_text('[[pattern]]\nname = "x"\nentity = "ID"\nregex = "Zebedee(("\n')
    return [
        (["redact", "bin.txt"], None),
        (["redact", "bad.docx", "-o", "out.docx"], None),
        (["redact", "notes.txt", "-o", "out.txt", "--rules", str(rules)], None),
        (["redact", "-", "--rules", str(rules)], CANARY_TEXT + "a" * 40 + "b"),
        (["redact", "notes.txt", "--entities", "PERSON,SHOE_SIZE"], None),
        (["redact", "notes.txt", "--rules", str(bad_rules)], None),
    ]


def test_no_leak_in_errors(cli, isolated: Path, runaway_rules: Path, debug_logging,
                           monkeypatch) -> None:
    for args, stdin in _error_cases(isolated, runaway_rules):
        result = cli(*args, input=stdin)
        assert result.exit_code != 0, args
        assert result.stderr.startswith("Error: "), args
        assert result.stdout == ""
        no_canary(result.stderr, debug_logging.text)
    monkeypatch.setattr("balint_redact.detect.engine.match_rule", _boom)
    result = cli("redact", "notes.txt")
    assert result.exit_code == 1
    no_canary(result.stdout, result.stderr, debug_logging.text)
    assert not temp_leftovers(isolated)


def test_no_leak_in_exceptions(redactor, runaway_rules: Path, monkeypatch) -> None:
    r = Redactor(rules=runaway_rules, use_default_rules_file=False)
    with pytest.raises(BalintRedactError) as info:
        r.redact(CANARY_TEXT + "a" * 40 + "b")
    no_canary(str(info.value), repr(info.value))
    monkeypatch.setattr("balint_redact.detect.engine.match_rule", _boom)
    with pytest.raises(BalintRedactError) as info:
        redactor.redact(CANARY_TEXT)
    no_canary(str(info.value), repr(info.value))
    assert info.value.__cause__ is None


LOGGING_PRELUDE = """\
import logging, sys
logging.basicConfig(level=logging.DEBUG)
from balint_redact.cli.main import main
sys.argv[0] = "balint-redact"
main()
"""


@pytest.mark.parametrize("extra", [[], ["--format", "json"], ["--style", "tag"]])
def test_no_leak_with_debug_logging_subprocess(tmp_path: Path, notes: Path, extra) -> None:
    proc = subprocess.run([sys.executable, "-c", LOGGING_PRELUDE, "redact", str(notes), *extra],
                          capture_output=True, timeout=120, cwd=tmp_path,
                          env=subprocess_env(tmp_path))
    assert proc.returncode == 0, proc.stderr.decode()
    no_canary(proc.stdout.decode(), proc.stderr.decode())
    assert not temp_leftovers(tmp_path)


def test_no_leak_from_evaluate(cli, isolated: Path, debug_logging) -> None:
    """evaluate prints figures only; the canaries appear only with --show-misses."""
    import json

    text = CANARY_TEXT + "Later Zebedee wrote to zq@example.org again."
    start = text.index("Zebedee Quartermaine")
    gold = isolated / "gold.jsonl"
    gold.write_text(json.dumps({"id": "d1", "text": text, "spans": [
        {"start": start, "end": start + 20, "type": "PERSON", "direct": True}]}) + "\n",
        encoding="utf-8")
    for args in ([], ["--json"], ["--variants"]):
        result = cli("evaluate", gold, *args)
        assert result.exit_code == 0
        no_canary(result.stdout, result.stderr, debug_logging.text)
    # a corpus whose mention is missed: shown only on request
    gold.write_text(json.dumps({"id": "d1", "text": "the word quartermaine stays", "spans": [
        {"start": 9, "end": 21, "type": "ORG", "direct": False}]}) + "\n", encoding="utf-8")
    quiet = cli("evaluate", gold)
    assert "quartermaine" not in quiet.stdout + quiet.stderr
