"""The CLI's help says what the code does: worker defaults and the BLAS threads."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from balint_redact.cli.main import app


@pytest.mark.parametrize("command", ["redact", "check"])
def test_jobs_help_states_the_default(command: str, monkeypatch) -> None:
    from balint_redact.batch import run as batch

    monkeypatch.setattr(batch.os, "cpu_count", lambda: 64)
    cap = batch.default_workers()
    out = CliRunner().invoke(app, [command, "--help"], terminal_width=200).output
    jobs = " ".join(re.search(r"--jobs[^\n]*(?:\n {10,}[^\n]*)*", out).group(0).split())
    assert f"number of cores, at most {cap}" in jobs
    # pipeline._use_numpy_blas limits OpenBLAS to one thread per process
    assert "one BLAS thread" in jobs
