"""Work a batch did once per text or once per worker that it needs to do only once.

* The pattern rules' compiled regexes are looked up once per rule, not on every call (121
  rules on about 2,000 texts a MB): the engine keeps a RuleMatcher per rule.
* A forked folder run redacts its first files in the parent before starting the workers, so
  what a first batch loads and compiles is inherited by both workers rather than done in each.

Both are checked by counting (look-ups, calls), not by timing; the outputs are checked against
the long way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO

CORPUS = REPO / "tests" / "corpus" / "writeups.jsonl"


def _texts(n: int) -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()][:n]


def test_rule_regexes_are_looked_up_once_per_rule(redactor, monkeypatch) -> None:
    from balint_redact.rules import patterns

    engine = redactor._detector.engine
    texts = _texts(12)
    artifacts = [a for _, a in engine.nlp_engine.process_batch(texts, language="en")]
    expected = [engine._analyze(t, a) for t, a in zip(texts, artifacts)]
    looked_up: list[str] = []
    real = patterns._compiled

    def counting(pattern: str):
        looked_up.append(pattern)
        return real(pattern)

    monkeypatch.setattr(patterns, "_compiled", counting)
    monkeypatch.delitem(engine.__dict__, "_plan", raising=False)  # a fresh engine's state
    assert [engine._analyze(t, a) for t, a in zip(texts, artifacts)] == expected
    rules = engine.rules.patterns
    # at most a gate and a regex per rule, whatever the number of texts (it was one look-up
    # per gated rule per text: 61 x 12 here)
    assert 0 < len(looked_up) <= 2 * len(rules)


def test_rule_matcher_is_match_rule() -> None:
    """The same findings, the same errors as match_rule (a broken regex, a timeout)."""
    from balint_redact.errors import DetectionError
    from balint_redact.rules.patterns import RuleMatcher, match_rule
    from balint_redact.rules.schema import PatternRule, builtin_rules

    texts = _texts(30)
    for rule in builtin_rules().patterns:
        matcher = RuleMatcher(rule)
        assert [matcher(t) for t in texts] == [match_rule(rule, t) for t in texts], rule.name
    broken = RuleMatcher(PatternRule("broken", "ID", r"(?P<id>\d+", 0.8, group="id"))
    for _ in range(2):  # fails every time, not only the first
        with pytest.raises(Exception):
            broken("case 12345")
    slow = RuleMatcher(PatternRule("slow", "ID", r"(a|aa)+$", 0.8))  # backtracks for minutes
    with pytest.raises(DetectionError, match="slow"):
        slow("a" * 40 + "b", timeout=0.05)


def _tree(folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    texts = _texts(16)
    paths = []
    for i in range(n):
        path = folder / f"note{i:04d}.txt"
        path.write_text(texts[i % len(texts)][:600], encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="the parent's first batch is for forked workers")
def test_forked_run_redacts_its_first_files_in_the_parent(redactor, tmp_path, monkeypatch
                                                           ) -> None:
    from balint_redact.batch import run

    _tree(tmp_path / "in", 2 * run.TASK_SIZE + 5)
    calls: list[int] = []
    real = redactor.redact_many

    def counting(texts, **kwargs):
        calls.append(len(texts))  # recorded in this process only (workers have their copy)
        return real(texts, **kwargs)

    jobs, _ = run.plan_tree(tmp_path / "in", tmp_path / "two", force=True)
    monkeypatch.setattr(redactor, "redact_many", counting)
    two = run.run_jobs(jobs, {"use_default_rules_file": False}, workers=2, redactor=redactor)
    monkeypatch.undo()
    assert len(calls) == 1 and 0 < calls[0] < run.TASK_SIZE  # one short batch, here
    assert [o.source for o in two] == [j.source for j in jobs]
    assert {o.status for o in two} == {"ok"}
    jobs1, _ = run.plan_tree(tmp_path / "in", tmp_path / "one", force=True)
    one = run.run_jobs(jobs1, {"use_default_rules_file": False}, workers=1, redactor=redactor)
    for a, b in zip(one, two):
        assert a.target.read_bytes() == b.target.read_bytes()
