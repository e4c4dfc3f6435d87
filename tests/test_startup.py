"""The command's start-up (balint_redact.startup, cli.main): nothing is kept between runs, and
each shortcut gives exactly what the ordinary path gives."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import subprocess_env
from serving import free_port, wait_for_health

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "write-up.md"


def run_py(code: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=env, timeout=timeout)


# ------------------------------------------------------------------ nothing kept between runs
#
# The start-up cache this command once kept in ~/.cache/balint-redact (compiled regex programs
# put into regex's compile cache) could switch detection off: a swapped program silenced a
# pattern. It also stored regexes from rules files and HTTP requests. Nothing is kept now.

CANARY = "Zebedee Quarrington"
CANARY_EMAIL = "zq.private@example.org"
CANARY_NINO = "QQ 12 34 56 C"
CANARY_RULES = f"""
[[pattern]]
name = "canary client"
entity = "PERSON"
regex = 'Zebedee\\s+Quarrington'
score = 0.9

[[terms]]
entity = "PERSON"
terms = ["{CANARY}"]
"""
NOTE = (f"I met my client {CANARY} on 3 March 2024. He writes from {CANARY_EMAIL}; his NI "
        f"number is {CANARY_NINO}.\n")

#: the console script's main() with an audit hook logging every path opened (to read or to
#: write), listed, created, renamed, removed or changed; the log is written with os.write on a
#: descriptor opened before the hook, which raises no event of its own
AUDITED_MAIN = r"""
import os, sys
log = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
EVENTS = {"open", "os.listdir", "os.scandir", "os.mkdir", "os.rename", "os.remove",
          "os.rmdir", "os.chmod", "os.chown", "os.truncate", "os.symlink", "os.link",
          "os.utime", "shutil.rmtree", "shutil.copyfile", "shutil.move"}
def hook(event, args):
    if event in EVENTS:
        for arg in args[:2]:
            if isinstance(arg, (str, bytes, os.PathLike)):
                path = os.path.abspath(os.fsdecode(arg))
                os.write(log, (event + "\t" + path + "\n").encode("utf-8", "surrogateescape"))
sys.addaudithook(hook)
sys.argv = ["balint-redact", *sys.argv[2:]]
from balint_redact.cli.main import main
main()
"""


def _home_env(tmp_path: Path, **extra: str) -> tuple[dict[str, str], list[Path]]:
    """An environment whose $HOME and $XDG_CACHE_HOME are empty folders of their own."""
    home, cache = tmp_path / "home", tmp_path / "xdg-cache"
    for d in (home, cache):
        d.mkdir(parents=True, exist_ok=True)
    env = subprocess_env(tmp_path, HOME=str(home), XDG_CACHE_HOME=str(cache), **extra)
    return env, [home, cache]


def _touched(log: Path, roots: list[Path]) -> list[str]:
    """Log lines naming a path under one of roots."""
    lines = log.read_text("utf-8", "surrogateescape").splitlines() if log.exists() else []
    found = []
    for line in lines:
        path = Path(line.split("\t", 1)[1])
        if any(path == r or r in path.parents for r in roots):
            found.append(line)
    return found


def _audited(args: list[str], env: dict[str, str], log: Path, cwd: Path,
             timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", AUDITED_MAIN, str(log), *args],
                          capture_output=True, text=True, env=env, timeout=timeout, cwd=cwd)


def _inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    note, rules, names = work / "note.md", work / "rules.toml", work / "names.txt"
    note.write_text(NOTE, encoding="utf-8")
    rules.write_text(CANARY_RULES, encoding="utf-8")
    names.write_text(CANARY + "\n", encoding="utf-8")
    return note, rules, names


@pytest.mark.parametrize("command", ["redact", "check", "share"])
def test_commands_keep_nothing_under_home(tmp_path: Path, command: str) -> None:
    """A run with a rules file holding a client's name opens, lists and writes nothing under
    $HOME or $XDG_CACHE_HOME, and leaves both empty."""
    note, rules, names = _inputs(tmp_path)
    env, roots = _home_env(tmp_path)
    args = {
        "redact": ["redact", str(note), "--rules", str(rules), "-o", str(tmp_path / "out.md")],
        "check": ["check", str(note), "--rules", str(rules)],
        "share": ["share", str(note), "--records", str(tmp_path / "records"), "--session",
                  "2026-11-26", "--rules", str(rules), "--check-names", str(names)],
    }[command]
    log = tmp_path / "audit.log"
    proc = _audited(args, env, log, cwd=note.parent)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Usage:" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    assert log.stat().st_size > 0  # the hook ran (the inputs were opened)
    assert _touched(log, roots) == []
    assert all(not any(r.iterdir()) for r in roots)


def test_server_keeps_nothing_under_home(tmp_path: Path) -> None:
    """`serve`, given a request with inline rules holding a client's name, then stopped as a
    user stops it (Ctrl+C), has opened and written nothing under $HOME or $XDG_CACHE_HOME."""
    httpx = pytest.importorskip("httpx")
    pytest.importorskip("fastapi")
    pytest.importorskip("uvicorn")
    import signal

    port = free_port()
    token = "startup-test-token-0123456789"
    env, roots = _home_env(tmp_path, BALINT_REDACT_TOKEN=token)
    log = tmp_path / "audit.log"
    work = tmp_path / "work"
    work.mkdir()
    with open(tmp_path / "server.out", "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", AUDITED_MAIN, str(log), "serve", "--host", "127.0.0.1",
             "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, env=env, cwd=work)
    try:
        wait_for_health(proc, f"http://127.0.0.1:{port}",
                        lambda: (tmp_path / "server.out").read_text(errors="replace"))
        r = httpx.post(f"http://127.0.0.1:{port}/v1/redact", timeout=120,
                       headers={"Authorization": f"Bearer {token}"},
                       json={"text": NOTE, "rules": CANARY_RULES})
        assert r.status_code == 200, r.text
        assert CANARY not in r.json()["text"]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert _touched(log, roots) == []
    assert all(not any(r.iterdir()) for r in roots)


class _SwappedProgram:
    """Pickles as the compiled ``regex`` program of ``pattern`` that the old cache accepted
    (right pattern text, flags and groups), but whose program never matches: what an attacker
    with write access to ~/.cache could plant."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags

    def __reduce__(self):
        import copyreg

        import regex

        decoy = regex.compile("(?!)" + self.pattern, self.flags, cache_pattern=False)
        func, data = copyreg.dispatch_table[type(decoy)](decoy)
        return func, (self.pattern, *data[1:])


def _plant_old_cache(folder: Path) -> Path:
    """The old cache file, in its old place, with swapped programs for Presidio's email
    pattern and the NI-number rule."""
    import regex
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    from balint_redact.rules.schema import builtin_rules

    email = EmailRecognizer()
    nino = next(p for p in builtin_rules().patterns if p.name == "uk_nino")
    version = int(regex.DEFAULT_VERSION)
    entries = [(p, int(f), version, _SwappedProgram(p, int(f))) for p, f in [
        (email.patterns[0].regex, email.global_regex_flags),
        (nino.regex, regex.VERSION0 | regex.MULTILINE)]]
    folder = folder / "balint-redact"
    folder.mkdir(mode=0o700, parents=True)
    path = folder / f"regex-{regex.__version__}-{sys.implementation.cache_tag}.pickle"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        pickle.dump(entries, f)
    return path


def test_planted_cache_file_changes_nothing(tmp_path: Path) -> None:
    """Swapped programs planted where the old cache lived (~/.cache and $XDG_CACHE_HOME) are
    never read: the email address and NI number are redacted exactly as without them."""
    note, _, _ = _inputs(tmp_path)
    clean_env, _ = _home_env(tmp_path / "clean")
    clean = _audited(["redact", str(note)], clean_env, tmp_path / "clean.log", note.parent)
    assert clean.returncode == 0, clean.stderr
    env, (home, cache) = _home_env(tmp_path / "planted")
    planted = [_plant_old_cache(home / ".cache"), _plant_old_cache(cache)]
    before = {p: p.read_bytes() for p in planted}
    log = tmp_path / "planted.log"
    proc = _audited(["redact", str(note)], env, log, note.parent)
    assert proc.returncode == 0, proc.stderr
    assert CANARY_EMAIL not in proc.stdout and CANARY_NINO not in proc.stdout
    assert proc.stdout == clean.stdout
    assert _touched(log, [home, cache]) == []
    assert {p: p.read_bytes() for p in planted} == before

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
        import balint_redact.detect.pipeline as P
        from balint_redact.detect.pipeline import default_model_name
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
    code = ("import hashlib; from balint_redact.text.names import _title_regex; "
            "print(hashlib.sha256(_title_regex().pattern.encode()).hexdigest())")
    seen = set()
    for seed in ("1", "2", "3"):
        proc = run_py(code, subprocess_env(tmp_path, PYTHONHASHSEED=seed))
        assert proc.returncode == 0, proc.stderr
        seen.add(proc.stdout)
    assert len(seen) == 1


def test_command_output_and_status(tmp_path: Path) -> None:
    """The console script's stdout, stderr and exit status, and the ordinary end of a Python
    process: exit handlers run (the os._exit shortcut, ~25 ms of CPU, is gone)."""
    env = subprocess_env(tmp_path)
    cmd = [sys.executable, "-c", "import atexit, sys; "
           "atexit.register(lambda: print('exit handlers ran', file=sys.stderr)); "
           "from balint_redact.cli.main import main; main()"]
    runs = [subprocess.run(cmd + ["redact", str(EXAMPLE)], capture_output=True, text=True,
                           env=env, timeout=120, cwd=tmp_path) for _ in range(2)]
    for proc in runs:
        assert proc.returncode == 0, proc.stderr
        assert "Person A" in proc.stdout and proc.stdout.endswith("\n")
        assert proc.stderr.startswith("Redacted ")
        assert proc.stderr.endswith("exit handlers ran\n")
    assert runs[0].stdout == runs[1].stdout
    bad = subprocess.run(cmd + ["redact", str(tmp_path / "missing.txt")], capture_output=True,
                         text=True, env=env, timeout=120, cwd=tmp_path)
    assert bad.returncode == 1 and bad.stderr.startswith("Error:")
    usage = subprocess.run(cmd + ["redact", "--style", "nope", str(EXAMPLE)],
                           capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert usage.returncode == 2


# ------------------------------------------------------------- patterns compiled once only

@pytest.mark.parametrize("pattern, flags, same", [
    (r"(?i)(?:https?://)[a-z0-9.\-]+[.](?:com|uk)(?:/[^\s()<>\"']*)?", 26, True),
    (r"(?i)[.^$]\.\^\$", 26, True),
    (r"(?i)[]a.][^].]", 26, True),
    (r"(?i)a.b", 26, False),            # DOTALL: '.' takes a line break
    (r"(?i)^a", 26, False),             # MULTILINE: '^' after every line break
    (r"(?i)a$", 26, False),
    (r"(?i)\\.", 26, False),            # an escaped backslash, then a '.'
    (r"a", 26, False),                  # no (?i): IGNORECASE changes it
    (r"(?i)(?s:a)b", 26, False),        # inline flags: not reasoned about
    (r"(?i)[[:alpha:]]", 26, False),
    (r"(?i)[a", 26, False),
    (r"a.b", 0, True),
    (r"a", 64, False),                  # VERBOSE: not one of the three
])
def test_flags_change_nothing(pattern: str, flags: int, same: bool) -> None:
    import regex

    from balint_redact.startup import flags_change_nothing

    assert flags_change_nothing(pattern, flags) is same
    if same:  # and it is so
        texts = ["a.B\n.^$x]", "A\nb", "]]..^^", "^a$\nA\n", "https://X.COM/a\nb.uk"]
        plain, flagged = regex.compile(pattern), regex.compile(pattern, flags)
        for t in texts:
            assert [m.span() for m in plain.finditer(t)] == [m.span() for m in flagged.finditer(t)]


def _url_texts() -> list[str]:
    import random

    rng = random.Random(17)
    parts = ["https://", "HTTP://", "www.", "WWW3.", "example", "EXAMPLE", "court.gov", ".uk",
             ".COM", ".org", "/path?q=1", "\n", "\r\n", " ", "'", '"', ".", "-", "e.g.", "Mr.",
             "K", "\u212a", "\u017f", "\u0130", "a.b@x.co.uk", "(", ")", "<", "bbc.co.uk"]
    texts = ["See https://Example.COM/a?b=c and\nwww.court.gov.uk. Or 'http://x.org'.",
             "\"bbc.co.uk\" wrote A.B@EXAMPLE.CO.UK\r\nand ftp.example.net/x\ny",
             "Mr.Smith, e.g. i.e. Inc. a.b.c \u212a.com \u017f.org \u0130.net"]
    texts += ["".join(rng.choice(parts) for _ in range(rng.randint(3, 30))) for _ in range(300)]
    return texts


def test_url_recognizer_runs_the_programs_presidio_compiled(redactor) -> None:
    """Presidio compiles its four 6 kB URL patterns without flags when imported and, by
    default, again with its flags on the first text. Ours run on the first programs (the
    flags change nothing they match): the same matches, compiled once."""
    import regex
    from presidio_analyzer.predefined_recognizers import UrlRecognizer

    from balint_redact.detect.analysis import DomainFinder

    rec = next(r for r in redactor._detector.engine.analyzer.registry.recognizers
               if isinstance(r, UrlRecognizer))
    presidio_flags = UrlRecognizer().global_regex_flags
    assert presidio_flags == regex.DOTALL | regex.MULTILINE | regex.IGNORECASE
    rec.analyze("see www.example.com", ["URL"])
    texts = _url_texts()
    for pat in rec.patterns:
        assert pat.compiled_with_flags == 0
        if isinstance(pat.compiled_regex, DomainFinder):
            continue
        assert not pat.compiled_regex.flags & (regex.DOTALL | regex.MULTILINE)
        flagged = regex.compile(pat.regex, presidio_flags)
        for text in texts:
            assert [m.span() for m in pat.compiled_regex.finditer(text)] == \
                [m.span() for m in flagged.finditer(text)], text
