#!/usr/bin/env python3
"""Cold start of the command on one short write-up against vanilla Presidio, in the same run.

Run by hand (not a test):
    python benchmarks/cold_start.py [--runs 5] [--skip-baseline]
        [--variant LABEL:NAME=VALUE,NAME=VALUE ...]

Each run is a new process (`balint-redact redact examples/write-up.md -o OUT -q`, the console
script users run; vanilla: ../shared/tools/presidio_baseline.py on a folder holding the same
write-up). The tools take turns, run after run, so a machine busy with something else slows
them alike; each is run once first, unmeasured, so all of them start with the files in the
page cache. Prints the median wall time of each and its ratio to vanilla.

A variant is the same command with extra environment variables, e.g. another installation of
balint-redact to compare with: `--variant base:PYTHONPATH=/tmp/base-site`. Every run gets
its own empty $HOME and $XDG_CACHE_HOME, so nothing a user keeps there is read or changed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: the shared folder beside the repository (or beside the folder of worktrees holding it)
BASELINE = next((d / "shared" / "tools" / "presidio_baseline.py" for d in REPO.parents
                 if (d / "shared" / "tools" / "presidio_baseline.py").exists()),
                REPO.parent / "shared" / "tools" / "presidio_baseline.py")
NOTE = REPO / "examples" / "write-up.md"
_SCRIPT = Path(sys.executable).with_name("balint-redact")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "balint_redact.cli.main"]

_WRAPPER = ("import resource, subprocess, sys, time, json;"
            "t=time.perf_counter(); r=subprocess.run(sys.argv[1:], capture_output=True);"
            "dt=time.perf_counter()-t; u=resource.getrusage(resource.RUSAGE_CHILDREN);"
            "print(json.dumps([dt, u.ru_utime + u.ru_stime, r.returncode,"
            " r.stderr.decode()[-400:]]))")


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, all threads) of one run of ``cmd``, measured in a
    small wrapper process. CPU time varies less than wall time on a machine shared with other
    work, and counts threads a library starts."""
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True,
                         text=True, env=env)
    dt, cpu, rc, err = json.loads(out.stdout)
    if rc != 0:
        raise SystemExit(f"command failed ({rc}): {' '.join(cmd)}\n{err}")
    return dt, cpu


def parse_variant(text: str) -> tuple[str, dict[str, str]]:
    label, _, assignments = text.partition(":")
    extra = dict(a.split("=", 1) for a in assignments.split(",") if a)
    return label, extra


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--variant", action="append", default=[], type=parse_variant)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="balint-cold-"))
    try:
        home = work / "home"
        (home / ".cache").mkdir(parents=True)
        env = dict(os.environ, PYTHONWARNINGS="ignore", HOME=str(home),
                   XDG_CACHE_HOME=str(home / ".cache"))
        one = work / "one"
        one.mkdir()
        shutil.copy(NOTE, one / "write-up.txt")
        tools: dict[str, tuple[list[str], dict[str, str]]] = {}
        tools["balint-redact"] = ([*CLI, "redact", str(NOTE), "-q", "-o"], env)
        for label, extra in args.variant:
            tools[label] = ([*CLI, "redact", str(NOTE), "-q", "-o"], {**env, **extra})
        if not args.skip_baseline:
            tools["vanilla Presidio"] = ([sys.executable, str(BASELINE), str(one), "-o"], env)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in tools}
        for i in range(-1, args.runs):  # run -1: unmeasured warm-up
            for k, (name, (cmd, tool_env)) in enumerate(tools.items()):
                got = timed([*cmd, str(work / f"out-{k}-{i + 1}")], tool_env)
                if i >= 0:
                    times[name].append(got)
        wall = {name: statistics.median(t[0] for t in ts) for name, ts in times.items()}
        cpu = {name: statistics.median(t[1] for t in ts) for name, ts in times.items()}
        vanilla = "vanilla Presidio"
        print(f"cold start, one short write-up, median of {args.runs} "
              f"({os.cpu_count()} cores); wall and CPU seconds:")
        for name in tools:
            ratio = (f"  {wall[name] / wall[vanilla]:.2f} x vanilla wall, "
                     f"{cpu[name] / cpu[vanilla]:.2f} x CPU") if vanilla in tools else ""
            runs = " ".join(f"{t[0]:.2f}" for t in times[name])
            print(f"  {name:20s} wall {wall[name]:5.2f}  CPU {cpu[name]:5.2f}{ratio}"
                  f"   (wall runs: {runs})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
