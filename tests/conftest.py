"""Shared fixtures: one loaded Redactor per test session, a network blocker, CLI helpers.

Loading the spaCy pipeline and building the analyzer takes about two seconds, so every test
module that needs a Redactor takes the session-scoped ``redactor`` fixture instead of building
its own.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed set of examples, so a landing never depends on which
# random inputs were drawn; locally they keep exploring (and report new counterexamples).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CLI_EXE = str(VENV_BIN / "balint-redact")

# the acceptance text of the issue, reused by several modules
ISSUE_TEXT = ("I met my client Mrs Amina Patel. Amina rang from 07700 900123; Mrs Patel's email "
              "is amina.patel@example.com. Later Patel said her landlord, Gerald Thorne, laughed.")


def pytest_addoption(parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run tests marked slow (the 5 MB end-to-end text)")


def pytest_collection_modifyitems(config, items) -> None:
    if config.getoption("--run-slow") or os.environ.get("BALINT_REDACT_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow or BALINT_REDACT_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def redactor():
    """The default Redactor, without any rules file from the working or config directory."""
    from balint_redact import Redactor

    return Redactor(use_default_rules_file=False)


@dataclass
class NetworkLog:
    attempts: list[tuple[str, str]]

    def __bool__(self) -> bool:  # pragma: no cover - convenience
        return bool(self.attempts)


@pytest.fixture
def no_network(monkeypatch) -> NetworkLog:
    """Make every outgoing connection and DNS lookup raise, and record each attempt."""
    log = NetworkLog([])

    def blocker(name: str):
        def blocked(*args: Any, **kwargs: Any):
            target = args[1] if name.startswith("socket.connect") and len(args) > 1 else \
                (args[0] if args else kwargs)
            log.attempts.append((name, repr(target)))
            raise OSError(f"network access is disabled in tests ({name})")
        return blocked

    monkeypatch.setattr(socket.socket, "connect", blocker("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", blocker("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", blocker("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", blocker("getaddrinfo"))
    return log


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch) -> Path:
    """Run in an empty working folder with an empty config home, so no firm rules file
    (./balint-redact.toml, ~/.config/balint-redact/rules.toml) is picked up."""
    work = tmp_path / "work"
    work.mkdir()
    config = tmp_path / "config-home"
    config.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.delenv("BALINT_REDACT_MODEL", raising=False)
    monkeypatch.delenv("BALINT_REDACT_DEBUG", raising=False)
    return work


@pytest.fixture
def cli(isolated: Path):
    """Invoke the click app in-process: ``cli("redact", "-", input=...)`` -> click Result
    (stdout and stderr kept apart)."""
    from click.testing import CliRunner

    from balint_redact.cli.main import app

    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def subprocess_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment for running the installed command in a subprocess, isolated from any rules
    file and from the caller's BALINT_REDACT_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALINT_REDACT_")}
    config = tmp_path / "config-home"
    config.mkdir(exist_ok=True)
    env["XDG_CONFIG_HOME"] = str(config)
    env.update(extra)
    return env


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under root (hidden ones too), by relative path."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            with open(p, "rb") as fh:  # not Path.read_bytes: some tests patch it
                out[str(p.relative_to(root))] = fh.read()
    return out
