#!/usr/bin/env python3
"""Every gold set scored from the outside, the way the product is judged, in one run.

Run by hand (not a test):
    python benchmarks/evaluate_sets.py [--baseline] [--only NAME ...]

For the main corpus, each first-sight set under tests/corpus/blind/ (in the order they were
written) and the shared InLegalNER set, runs ../shared/tools/score.py with the installed
`balint-redact redact {in} -o {out}` and prints direct and quasi recall, the share of
documents with no direct leak, retention of ordinary text and seconds. ``--baseline`` adds
vanilla Presidio (../shared/tools/presidio_baseline.py) on the same sets in the same run.
The first-sight figure of each blind set is in tests/corpus/blind/README.md: this script
prints what the code scores now.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = next((d / "shared" for d in REPO.parents if (d / "shared" / "tools").is_dir()),
              REPO.parent / "shared")
SCORE = SHARED / "tools" / "score.py"
BASELINE = SHARED / "tools" / "presidio_baseline.py"
_SCRIPT = Path(sys.executable).with_name("balint-redact")
CLI = str(_SCRIPT) if _SCRIPT.exists() else f"{sys.executable} -m balint_redact.cli.main"


def gold_sets() -> list[tuple[str, Path]]:
    """(name, path) of every set, main corpus first, blind sets by folder name (= date order)."""
    sets = [("corpus", REPO / "tests" / "corpus" / "writeups.jsonl")]
    blind = REPO / "tests" / "corpus" / "blind"
    sets += [(f"blind/{d.name}", d / "writeups.jsonl")
             for d in sorted(blind.iterdir()) if (d / "writeups.jsonl").is_file()]
    inlegal = SHARED / "data" / "inlegal-dev-a.jsonl"
    if inlegal.is_file():
        sets.append(("inlegal-dev-a", inlegal))
    return sets


def score(gold: Path, cmd: str) -> dict:
    """The scorer's JSON summary for ``cmd`` on ``gold``."""
    out = subprocess.run([sys.executable, str(SCORE), str(gold), "--cmd", cmd],
                         capture_output=True, text=True, check=True).stdout
    start = out.index("{")
    end = out.rindex("}") + 1
    summary = json.loads(out[start:end])
    if summary.get("missing_outputs"):  # the command failed: no figure, not a bad one
        raise SystemExit(f"the command wrote no output for {summary['missing_outputs']} "
                         f"documents of {gold.name}: {cmd}")
    return summary


def row(name: str, tool: str, s: dict) -> str:
    def f(key: str) -> str:
        v = s.get(key)
        return "-" if v is None else f"{v:.3f}"
    return (f"| {name} | {tool} | {s.get('docs', '-')} | {f('direct_recall')} | "
            f"{f('clean_doc_rate')} | {f('quasi_recall')} | {f('retention')} | "
            f"{s.get('seconds', '-')} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", action="store_true", help="also score vanilla Presidio")
    ap.add_argument("--only", nargs="*", default=None, help="set names to score")
    args = ap.parse_args(argv)
    if not SCORE.is_file():
        raise SystemExit("the shared scorer (../shared/tools/score.py) is not beside the repo")
    print("| set | tool | docs | direct recall | docs with no direct leak | quasi recall "
          "| retention | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for name, path in gold_sets():
        if args.only and name not in args.only:
            continue
        print(row(name, "balint-redact", score(path, f"{CLI} redact {{in}} -o {{out}}")),
              flush=True)
        if args.baseline:
            print(row(name, "vanilla Presidio",
                      score(path, f"{sys.executable} {BASELINE} {{in}} -o {{out}}")), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
