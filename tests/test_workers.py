"""Worker processes end with their parent (issue 17, finding 8).

A `redact DIR` or `check DIR` run with --jobs 2 is killed with SIGKILL while its workers are
busy: within a few seconds no worker may be left, and the pipes the caller gave the run
(stdout, stderr) must reach end-of-file. Before the fix the workers went on for minutes,
holding those pipes open.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import CLI_EXE, subprocess_env

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads the process table from /proc")

FIRST = ["Amina", "Gerald", "Olusegun", "Priyanka", "Siobhan", "Tadeusz", "Wilhelmina"]
LAST = ["Patel", "Thorne", "Okonkwo", "Fairweather", "Ramaswamy", "Flanagan", "Kowalczyk"]


def _write_tree(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        f, l = FIRST[i % 7], LAST[(i * 3) % 7]
        (folder / f"case{i:04d}.txt").write_text(
            f"Case {i}. I met my client Mrs {f} {l} at court in Leeds. {f} rang me from "
            f"07700 900{i % 1000:03d} about the hearing on 3 May 2023.\n" * 6, encoding="utf-8")


def _stat(pid: int) -> tuple[str, int, str] | None:
    """(state, parent pid, start time) of a process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = raw[raw.rfind(")") + 2:].split()
    return rest[0], int(rest[1]), rest[19]


def _children(pid: int) -> dict[int, str]:
    """The live children of pid, with their start times (to tell a reused pid apart)."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None and st[1] == pid and st[0] != "Z":
                out[int(entry)] = st[2]
    return out


def _alive(pid: int, started: str) -> bool:
    st = _stat(pid)
    return st is not None and st[2] == started and st[0] not in ("Z", "X")


def _drain(stream, done: threading.Event) -> None:
    while stream.read(65536):
        pass
    done.set()


def _kill_busy_run(args: list[str], tmp_path: Path, busy: Path | None) -> None:
    """Start the run; once it has two workers (and, if ``busy`` is given, outputs have
    started to appear there) kill it with SIGKILL; its workers and pipes must follow."""
    proc = subprocess.Popen(args, cwd=tmp_path, env=subprocess_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    eof = {name: threading.Event() for name in ("stdout", "stderr")}
    for name, ev in eof.items():
        threading.Thread(target=_drain, args=(getattr(proc, name), ev), daemon=True).start()
    workers: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            ready = busy is None or (busy.exists() and any(busy.rglob("*.txt")))
            if len(workers) >= 2 and ready:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be killed"
        assert len(workers) >= 2, "no worker processes started"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(_alive(p, s) for p, s in workers.items()):
            time.sleep(0.05)
        left = [p for p, s in workers.items() if _alive(p, s)]
        assert not left, f"{len(left)} worker(s) outlived their killed parent"
        for name, ev in eof.items():
            assert ev.wait(5), f"the caller's {name} pipe is still held open"
    finally:
        for pid, started in workers.items():
            if _alive(pid, started):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_redact_workers_die_with_their_parent(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _write_tree(src, 600)
    _kill_busy_run([CLI_EXE, "redact", str(src), "-o", str(out), "--jobs", "2"], tmp_path,
                   busy=out)


def test_check_workers_die_with_their_parent(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _write_tree(src, 600)
    _kill_busy_run([CLI_EXE, "check", str(src), "--jobs", "2", "--format", "json"], tmp_path,
                   busy=None)


# --- the guard itself --------------------------------------------------------------------------

_ORPHAN_SCRIPT = """
import os, sys, time
from balint_redact.batch import lifetime
if sys.argv[1] == "thread":
    lifetime._set_death_signal = lambda: False   # as where prctl is not available
pid = os.fork()
if pid == 0:
    lifetime.guard_worker(int(sys.argv[2]))
    time.sleep(60)
    os._exit(0)
print(pid, flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("mode", ["prctl", "thread"])
def test_guard_ends_an_orphan(tmp_path: Path, mode: str) -> None:
    """Both ways of watching the parent (Linux's death signal; a watching thread elsewhere)
    end the worker once the process that started it is gone."""
    middle = subprocess.Popen([sys.executable, "-c", _ORPHAN_SCRIPT, mode, "0"],
                              stdout=subprocess.PIPE, env=subprocess_env(tmp_path))
    try:
        # "0" is not the middle process: the guard must notice at once (the race check)
        child = int(middle.stdout.readline())
        started = _stat(child)[2] if _stat(child) else ""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _alive(child, started):
            time.sleep(0.05)
        assert not _alive(child, started), "a worker whose parent was not the one it was " \
            "started by kept running"
    finally:
        if _alive(child, started):
            os.kill(child, signal.SIGKILL)
        middle.kill()
        middle.wait()

    middle = subprocess.Popen([sys.executable, "-c",
                               _ORPHAN_SCRIPT.replace("int(sys.argv[2])", "os.getppid()"),
                               mode, "0"], stdout=subprocess.PIPE,
                              env=subprocess_env(tmp_path))
    child = int(middle.stdout.readline())
    started = _stat(child)[2]
    try:
        time.sleep(0.3)
        assert _alive(child, started), "the guard ended a worker whose parent is alive"
        middle.kill()
        middle.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _alive(child, started):
            time.sleep(0.05)
        assert not _alive(child, started), "the worker outlived its parent"
    finally:
        if _alive(child, started):
            os.kill(child, signal.SIGKILL)
        middle.stdout.close()
