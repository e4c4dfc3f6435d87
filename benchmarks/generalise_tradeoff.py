"""Readability against quasi recall when dates and ages are generalised instead of tagged.

For each setting (--dates tag|month|year, --ages tag|band, --addresses whole|town) the
corpus write-ups are redacted once; the script then counts the tags left per write-up (all
tags, and the [date]/[age] tags alone: fewer is easier to follow) and has the outside scorer
(/work/shared/tools/score.py, which looks only at the output files) measure quasi and direct
recall. The scorer counts a token as leaked when the output holds it more often than the
original holds it outside gold spans, so a year written out ("2024") can count against a
reference number that holds the same year ("HU/05512/2024" is still [case number]). Every
generalised output is also re-checked as the gate would (the independent checker at score
0.3), so the last column says how many write-ups `share` would refuse.

    python benchmarks/generalise_tradeoff.py                        # the table
    python benchmarks/generalise_tradeoff.py --score path/to/score.py
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "writeups.jsonl"
SCORER = Path("/work/shared/tools/score.py")
SETTINGS = [("tag", "tag", "whole"), ("month", "tag", "whole"), ("year", "tag", "whole"),
            ("tag", "band", "whole"), ("month", "band", "whole"), ("year", "band", "whole"),
            ("year", "band", "town")]


def _score(scorer: Path, corpus: Path, outputs: Path) -> dict:
    """The outside scorer's summary, fed the outputs already written (its --cmd copies them)."""
    cmd = f"mkdir -p {{out}} && cp {shlex.quote(str(outputs))}/*.txt {{out}}/"
    proc = subprocess.run([sys.executable, str(scorer), str(corpus), "--cmd", cmd],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout[: proc.stdout.rindex("}") + 1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--score", type=Path, default=SCORER, help="the outside scorer")
    args = ap.parse_args()
    if not args.score.is_file():
        print(f"the scorer {args.score} is missing (give --score)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    from balint_redact import Redactor
    from balint_redact.batch.check import check_text
    from balint_redact.render.placeholders import TAG

    docs = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    tag = re.compile(TAG)
    checker = Redactor(use_default_rules_file=False)
    rows = []
    for dates, ages, addresses in SETTINGS:
        started = time.perf_counter()
        redactor = Redactor(use_default_rules_file=False, dates=dates, ages=ages,
                            addresses=addresses)
        reds = redactor.redact_many([d["text"] for d in docs])
        with tempfile.TemporaryDirectory() as work:
            for d, red in zip(docs, reds):
                Path(work, d["id"] + ".txt").write_text(red.text, encoding="utf-8")
            summary = _score(args.score, args.corpus, Path(work))
        tags = [tag.findall(r.text) for r in reds]
        quasi_tags = sum(t in ("[date]", "[age]") for found in tags for t in found)
        refused = sum(bool(check_text(checker, r.text, 0.3)) for r in reds)
        rows.append((dates, ages, addresses, sum(map(len, tags)) / len(docs),
                     quasi_tags / len(docs),
                     summary["quasi_recall"], summary["by_type"].get("DATE"),
                     summary["by_type"].get("AGE"), summary["by_type"].get("ADDRESS"),
                     summary["direct_recall"], refused,
                     time.perf_counter() - started))
    print(f"{len(docs)} write-ups ({args.corpus.name}); recall from {args.score.name}\n")
    print("| --dates | --ages | --addresses | tags / write-up | [date]+[age] / write-up | "
          "quasi recall | DATE recall | AGE recall | ADDRESS recall | direct recall | "
          "refused by the gate |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for d, a, ad, t, q, qr, dr, ar, adr, direct, refused, _ in rows:
        print(f"| {d} | {a} | {ad} | {t:.1f} | {q:.1f} | {qr} | {dr} | {ar} | {adr} | {direct} | "
              f"{refused} of {len(docs)} |")
    print(f"\n({sum(r[-1] for r in rows):.0f} s in all, pid {os.getpid()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
