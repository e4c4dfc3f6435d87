"""Guards for the start-up and per-text savings (the figures are in balint_redact.startup,
rules.schema.builtin_rules and detect.engine): each checks that a saving still holds and that
it changes nothing that is detected."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import regex

from conftest import subprocess_env

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "write-up.md"

#: the console script's main() on one file, then what it imported of Presidio
_MAIN_THEN_MODULES = """
import json, sys
from balint_redact.cli.main import main
sys.argv = ["balint-redact", "redact", sys.argv[1], "-q", "-o", sys.argv[2]]
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(sorted(m for m in sys.modules if m.startswith("presidio_analyzer"))))
"""


def test_redact_command_imports_only_the_recognizers_it_uses(tmp_path: Path, redactor) -> None:
    """The command line imports the seven recognizers detection builds, not Presidio's other
    ~100 (country formats, US health care), and its output is the Python API's."""
    out = tmp_path / "out.md"
    proc = subprocess.run([sys.executable, "-c", _MAIN_THEN_MODULES, str(EXAMPLE), str(out)],
                          capture_output=True, text=True, env=subprocess_env(tmp_path),
                          timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    modules = json.loads(proc.stdout.splitlines()[-1])
    assert "presidio_analyzer.predefined_recognizers.generic.url_recognizer" in modules
    assert not [m for m in modules if ".country_specific" in m or ".third_party" in m]
    assert out.read_text(encoding="utf-8") == \
        redactor.redact(EXAMPLE.read_text(encoding="utf-8")).text


def _describe_names(tmp_path: Path, lazy: bool, names: list[str] | None) -> dict:
    """What each name of predefined_recognizers is (a class by module and name), read
    name by name in a new process, with or without the lazy module."""
    code = f"""
    import json
    from balint_redact.startup import lazy_predefined_recognizers
    if {lazy!r}:
        assert lazy_predefined_recognizers()
        assert not lazy_predefined_recognizers()  # once only
    import presidio_analyzer.predefined_recognizers as pr
    names = {names!r}
    def what(v):
        return f"{{v.__module__}}.{{v.__qualname__}}" if isinstance(v, type) else type(v).__name__
    got = {{n: what(getattr(pr, n)) for n in (names or [])}}
    names = names or list(pr.__all__)
    from presidio_analyzer import RecognizerRegistry
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers()
    print(json.dumps([names, got or {{n: what(getattr(pr, n)) for n in names}},
                      sorted(type(r).__name__ for r in registry.recognizers)]))
    """
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=subprocess_env(tmp_path), timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.splitlines()[-1])


def test_lazy_recognizers_are_presidios_own(tmp_path: Path) -> None:
    """Every name the lazy module gives, asked for one by one, is what Presidio's own
    ``__init__`` gives; asking for the whole module (``__all__``) runs that ``__init__``, after
    which Presidio's default registry loads the recognizers it always loads."""
    names, plain, plain_registry = _describe_names(tmp_path, lazy=False, names=None)
    assert len(names) > 50 and len(plain_registry) > 10
    _, one_by_one, _ = _describe_names(tmp_path, lazy=True, names=names)
    assert one_by_one == plain
    all_names, whole, whole_registry = _describe_names(tmp_path, lazy=True, names=None)
    assert (all_names, whole, whole_registry) == (names, plain, plain_registry)


def test_builtin_rules_compile_with_their_groups() -> None:
    """The built-in rules are not compiled when loaded (builtin_rules): this does what
    loading a firm's rules file does for each of them."""
    from balint_redact.rules.schema import builtin_rules

    rules = builtin_rules()
    assert rules.patterns and rules.keep
    for rule in rules.patterns:
        compiled = regex.compile(rule.regex, regex.VERSION0 | regex.MULTILINE)
        if rule.requires:
            regex.compile(rule.requires, regex.VERSION0 | regex.MULTILINE)
        assert rule.group is None or rule.group in compiled.groupindex, rule.name
    for keep in rules.keep:
        regex.compile(keep.regex, regex.VERSION0 | regex.MULTILINE)


def test_builtin_rule_is_compiled_only_where_its_cheap_test_matches(monkeypatch) -> None:
    from balint_redact.rules import patterns
    from balint_redact.rules.schema import builtin_rules

    compiled: list[str] = []
    real = regex.compile

    def counting(pattern, *args, **kwargs):
        compiled.append(pattern)
        return real(pattern, *args, **kwargs)

    monkeypatch.setattr(regex, "compile", counting)
    patterns._compiled.cache_clear()
    rules = builtin_rules()
    gated = [r for r in rules.patterns if r.requires]
    assert gated
    assert not [r for r in rules.patterns if r.regex in compiled]  # loading compiles none
    for rule in gated:
        assert patterns.match_rule(rule, "nothing to see here") == []
    assert not [r.name for r in gated if r.regex in compiled]
    patterns._compiled.cache_clear()


def test_a_broken_builtin_regex_fails_closed() -> None:
    """Compiled on first use, a broken built-in rule stops detection (no output), as a
    timeout does."""
    from balint_redact.detect.engine import DetectionEngine
    from balint_redact.detect.pipeline import default_model_name, load_pipeline
    from balint_redact.errors import DetectionError
    from balint_redact.rules.schema import PatternRule, RuleSet, builtin_rules

    broken = PatternRule("broken", "CASE_NUMBER", r"(?P<id>\d+", 0.8, group="id")
    engine = DetectionEngine(load_pipeline(default_model_name()),
                             builtin_rules() + RuleSet(patterns=(broken,)))
    with pytest.raises(DetectionError):
        engine.detect("case 12345")


@pytest.mark.parametrize("text", ["", "tel 0163 296 0000", "room 12, floor 3", "12345",
                                  "\u0661\u0662\u0663\u0664\u0665\u0666", "12345\u0666",
                                  "\u00b2\u00b3 1234", "\u00bd 1 2 3 4 5", "caf\u00e9 123456",
                                  "\u2460\u2461\u2462\u2463\u2464\u2465"])
def test_phone_gate_counts_what_isdigit_counts(text: str) -> None:
    from balint_redact.detect.analysis import MIN_PHONE_DIGITS, has_phone_digits

    assert has_phone_digits(text) == (sum(c.isdigit() for c in text) >= MIN_PHONE_DIGITS)


def test_domain_finder_runs_the_program_presidio_compiled(redactor) -> None:
    """The bare-domain URL pattern inside DomainFinder is the program Presidio compiled at
    import (flags 0, regex's cache), with the matches of the pattern under Presidio's flags."""
    from presidio_analyzer.predefined_recognizers import UrlRecognizer

    from balint_redact.detect.analysis import DomainFinder

    rec = next(r for r in redactor._detector.engine.analyzer.registry.recognizers
               if isinstance(r, UrlRecognizer))
    finders = [p.compiled_regex for p in rec.patterns if isinstance(p.compiled_regex,
                                                                      DomainFinder)]
    assert len(finders) == 1
    finder = finders[0]
    assert not finder.pattern.flags & (regex.DOTALL | regex.MULTILINE)
    flagged = regex.compile(finder.pattern.pattern, UrlRecognizer().global_regex_flags)
    for text in ["see Example.COM and www.court.gov.uk.", "a.b@x.co.uk\nbbc.co.uk/x\ny",
                 "Mr.Smith e.g. i.e. \u212a.com \u017f.org thorne-legal.co.uk"]:
        assert [m.span() for m in finder.finditer(text)] == \
            [m.span() for m in flagged.finditer(text)]
