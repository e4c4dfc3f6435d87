"""Work a folder run did once per worker that it needs to do only once: a forked run redacts
its first files in the parent before starting the workers, so what a first batch loads and
compiles (rule regexes, phone metadata, the anonymizer) is inherited by both workers rather
than done in each. Checked by counting the parent's calls, not by timing; the outputs are
checked against a run in one process.
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
