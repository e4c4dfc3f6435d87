"""The command's start-up shortcuts (balint_redact.startup, cli.main): each gives exactly what
the ordinary path gives, and anything unusable falls back to it."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import subprocess_env

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "write-up.md"


def run_py(code: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=env, timeout=timeout)


COMPILE_AND_SAVE = """
    import regex
    from balint_redact.startup import RegexCache
    cache = RegexCache()
    print(cache.seed())
    for p, f in [(r"(?i)\\bref\\s*(?P<id>[A-Z]{3}/\\d{4})", 0),
                 (r"[ \\t]+\\d{1,3}(?:,\\d{3})*", regex.MULTILINE | regex.VERSION0)]:
        regex.compile(p, f)
    print(cache.save())
"""

CHECK_SEEDED = """
    import regex
    from regex import _main
    from balint_redact.startup import RegexCache
    cache = RegexCache()
    n = cache.seed()
    text = "our ref AJS/0456 and   1,234,567 then REF xyz/1234"
    for p, f in [(r"(?i)\\bref\\s*(?P<id>[A-Z]{3}/\\d{4})", 0),
                 (r"[ \\t]+\\d{1,3}(?:,\\d{3})*", regex.MULTILINE | regex.VERSION0)]:
        assert (p, int(f)) in cache.seeded
        got = regex.compile(p, f)
        fresh = regex.compile(p, f, cache_pattern=False)
        assert got is not fresh
        assert [m.span() for m in got.finditer(text)] == [m.span() for m in fresh.finditer(text)]
        assert got.groupindex == fresh.groupindex and got.flags == fresh.flags
    print(n, cache.save())
"""


def test_regex_cache_round_trip(tmp_path: Path) -> None:
    env = subprocess_env(tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache"))
    first = run_py(COMPILE_AND_SAVE, env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == ["0", "True"]
    files = list((tmp_path / "cache" / "balint-redact").iterdir())
    assert len(files) == 1 and files[0].stat().st_mode & 0o077 == 0
    second = run_py(CHECK_SEEDED, env)
    assert second.returncode == 0, second.stderr
    seeded, saved = second.stdout.split()
    assert int(seeded) >= 2 and saved == "False"  # nothing new: the file is not rewritten


@pytest.mark.parametrize("content", ["garbage", "foreign_class", "wrong_shape"])
def test_unusable_regex_cache_is_ignored(tmp_path: Path, content: str) -> None:
    env = subprocess_env(tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache"))
    assert run_py(COMPILE_AND_SAVE, env).returncode == 0
    (path,) = (tmp_path / "cache" / "balint-redact").iterdir()
    marker = tmp_path / "ran"
    if content == "garbage":
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 2])
    elif content == "foreign_class":
        class Evil:
            def __reduce__(self):
                return (os.system, (f"touch {marker}",))
        path.write_bytes(pickle.dumps([Evil()]))
    else:
        path.write_bytes(pickle.dumps({"a": 1}))
    proc = run_py("from balint_redact.startup import RegexCache; print(RegexCache().seed())", env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0"
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_regex_cache_writable_by_others_is_ignored(tmp_path: Path) -> None:
    env = subprocess_env(tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache"))
    assert run_py(COMPILE_AND_SAVE, env).returncode == 0
    (path,) = (tmp_path / "cache" / "balint-redact").iterdir()
    path.chmod(0o666)
    proc = run_py("from balint_redact.startup import RegexCache; print(RegexCache().seed())", env)
    assert proc.stdout.strip() == "0", proc.stderr


def test_no_cache_env(tmp_path: Path) -> None:
    env = subprocess_env(tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache"),
                         BALINT_REDACT_NO_CACHE="1")
    proc = run_py(COMPILE_AND_SAVE, env)
    assert proc.stdout.split() == ["0", "False"], proc.stderr
    assert not (tmp_path / "cache").exists()


def test_spacy_cli_is_imported_only_when_used(tmp_path: Path) -> None:
    proc = run_py("""
        import sys
        from balint_redact.startup import import_spacy
        spacy = import_spacy()
        assert "weasel" not in sys.modules and "typer" not in sys.modules
        assert callable(spacy.info)
        from spacy.cli import download     # the real command line, on first use
        assert callable(download) and "weasel" in sys.modules
        import spacy.cli
        assert hasattr(spacy.cli, "setup_cli")
        print("ok")
    """, subprocess_env(tmp_path))
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_bare_tokenizer_loads_the_same_tokenizer(tmp_path: Path) -> None:
    proc = run_py("""
        import hashlib
        import balint_redact.pipeline as P
        from balint_redact.pipeline import default_model_name
        name = default_model_name()
        fast = P.load_pipeline(name)
        assert fast.config["nlp"]["tokenizer"]["@tokenizers"] == P.BARE_TOKENIZER
        P.load_pipeline.cache_clear()
        P._tokenizer_overrides = lambda *a: {}
        plain = P.load_pipeline(name)
        assert fast.tokenizer.to_bytes() == plain.tokenizer.to_bytes()
        text = open(%r, encoding="utf-8").read()
        a, b = fast(text), plain(text)
        assert [(t.idx, t.text) for t in a] == [(t.idx, t.text) for t in b]
        assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == \\
            [(e.start_char, e.end_char, e.label_) for e in b.ents]
        print("ok")
    """ % str(EXAMPLE), subprocess_env(tmp_path))
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_title_regex_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    """Built from a set: ordered by length then text, so every run compiles the same pattern
    (and finds it in the pattern cache)."""
    code = ("import hashlib; from balint_redact.names import _title_regex; "
            "print(hashlib.sha256(_title_regex().pattern.encode()).hexdigest())")
    seen = set()
    for seed in ("1", "2", "3"):
        proc = run_py(code, subprocess_env(tmp_path, PYTHONHASHSEED=seed))
        assert proc.returncode == 0, proc.stderr
        seen.add(proc.stdout)
    assert len(seen) == 1


def test_command_output_and_status_with_fast_exit(tmp_path: Path) -> None:
    """The console script ends with os._exit: stdout, stderr and the status are as before."""
    env = subprocess_env(tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache"))
    cmd = [sys.executable, "-c", "from balint_redact.cli.main import main; main()"]
    runs = [subprocess.run(cmd + ["redact", str(EXAMPLE)], capture_output=True, text=True,
                           env=env, timeout=120, cwd=tmp_path) for _ in range(2)]
    for proc in runs:
        assert proc.returncode == 0, proc.stderr
        assert "Person A" in proc.stdout and proc.stdout.endswith("\n")
        assert proc.stderr.startswith("Redacted ")
    assert runs[0].stdout == runs[1].stdout  # the second run reads the pattern cache
    assert list((tmp_path / "cache" / "balint-redact").iterdir())
    bad = subprocess.run(cmd + ["redact", str(tmp_path / "missing.txt")], capture_output=True,
                         text=True, env=env, timeout=120, cwd=tmp_path)
    assert bad.returncode == 1 and bad.stderr.startswith("Error:")
    usage = subprocess.run(cmd + ["redact", "--style", "nope", str(EXAMPLE)],
                           capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert usage.returncode == 2
