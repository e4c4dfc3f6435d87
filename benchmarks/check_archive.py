"""Benchmark `balint-redact check` on a synthetic archive (run by hand, not a test).

Builds an archive of fictional write-ups (.txt, .md, .docx, plus a few corrupt .docx and a
binary .txt) in a temporary folder, runs

    balint-redact check DIR --jobs 2 --format json -o report.json

as a subprocess, checks that the report lists every file, and prints files/second and wall
time. All names, numbers and addresses are invented (phone numbers from Ofcom's drama range).

    python benchmarks/check_archive.py [--files 2000] [--jobs 2] [--keep]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Amina", "Gerald", "Priya", "Tomasz", "Niamh", "Kwame", "Hollis", "Marguerite",
         "Dorian", "Ffion", "Oluwaseun", "Bartholomew", "Ingrid", "Rashid", "Winifred", "Ezra"]
LAST = ["Patel", "Thorne", "Okonkwo", "Kowalczyk", "Featherstone", "Abernethy", "Mbeki",
        "Quillfeather", "Hargreaves", "Ellingham", "Varga", "Pennywhistle", "Achterberg"]
PLACES = ["Leeds", "Sheffield", "Bristol", "Norwich", "Cardiff", "Preston", "Exeter"]
ORGS = ["Northgate Housing Trust", "Bramley & Finch LLP", "Westmoor Primary School",
        "Riverside NHS Foundation Trust", "Calder Valley Council"]
TOPICS = ["contact dispute", "possession claim", "care proceedings", "unfair dismissal claim",
          "asylum appeal", "disrepair claim", "inheritance claim"]
FEELINGS = ["I felt out of my depth", "I was angry afterwards and could not say why",
            "I kept replaying the hearing that night", "I wondered whether I had let her down",
            "I noticed how tired I was", "I felt oddly protective of the other side"]

TEMPLATES = [
    "Case write-up: {topic}\n\n"
    "My client {name} rang me from {phone} on {date}, very distressed. She had emailed me at "
    "{email} the night before. The hearing was at {place} County Court, case number {case}.\n\n"
    "{feeling}. My supervisor said this is common in {topic}s.\n\n"
    "She lives at {house} Acacia Road, {place} {postcode} with her two children.\n",
    "# Reflection for the group\n\n"
    "- Client: {name} (aged {age})\n- Other side: {org}\n- Listed: {date}\n\n"
    "The {topic} had dragged on for two years. {feeling}. When {first} phoned ({phone}) "
    "I did not pick up.\n\nNI number on file: {nino}.\n",
    "Notes after the {topic}\n\n"
    "The judge was curt with {name}. {feeling}. Afterwards I sat in the car park in {place} "
    "for twenty minutes before driving back to {org}.\n\n"
    "I still have to write to her at {email}.\n",
    "A quiet reflection\n\nNothing much happened this week. {feeling}. The {topic} settled on "
    "the morning of the hearing and everyone went home early.\n",
]


def _fields(rng: random.Random) -> dict[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {
        "name": f"{first} {last}", "first": first,
        "phone": f"07700 900{rng.randint(0, 999):03d}",
        "email": f"{first.lower()}.{last.lower()}@example.org",
        "date": f"{rng.randint(1, 28)} {rng.choice(['March', 'June', 'October'])} "
                f"{rng.randint(2019, 2024)}",
        "place": rng.choice(PLACES), "org": rng.choice(ORGS), "topic": rng.choice(TOPICS),
        "feeling": rng.choice(FEELINGS), "case": f"{rng.choice('BLMS')}{rng.randint(10, 99)}"
                                                 f"{rng.choice('CDFQ')}{rng.randint(100, 999)}",
        "house": str(rng.randint(1, 120)), "age": str(rng.randint(19, 80)),
        "postcode": f"LS{rng.randint(1, 28)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
                    f"{rng.choice('LNPQRSTU')}",
        "nino": f"QQ {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} C",
    }


def build_archive(root: Path, n_files: int, seed: int = 7) -> list[Path]:
    """Write n_files files (about 60% .txt, 25% .md, 15% .docx, 5 corrupt .docx and one
    binary .txt among them) under a few nested folders; return their paths."""
    import docx

    rng = random.Random(seed)
    made: list[Path] = []
    for i in range(n_files):
        folder = root / f"year-{2019 + i % 5}" / f"group-{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        if i < 5:
            p = folder / f"corrupt-{i}.docx"
            p.write_bytes(b"PK\x03\x04" + rng.randbytes(200) if i % 2 else rng.randbytes(300))
        elif i == 5:
            p = folder / "scan.txt"
            p.write_bytes(b"\x00\x89PNG\r\n\x1a\n" + rng.randbytes(500))
        else:
            text = rng.choice(TEMPLATES).format(**_fields(rng))
            kind = rng.random()
            if kind < 0.15:
                p = folder / f"writeup-{i:05d}.docx"
                d = docx.Document()
                for para in text.split("\n\n"):
                    d.add_paragraph(para.strip())
                d.save(str(p))
            elif kind < 0.40:
                p = folder / f"writeup-{i:05d}.md"
                p.write_text(text, encoding="utf-8")
            else:
                p = folder / f"writeup-{i:05d}.txt"
                p.write_text(text, encoding="utf-8")
        made.append(p)
    return made


def _command() -> list[str]:
    exe = shutil.which("balint-redact") or str(Path(sys.executable).parent / "balint-redact")
    probe = subprocess.run([exe, "check", "--help"], capture_output=True)
    if probe.returncode == 0:
        return [exe, "check"]
    # `check` not registered in the CLI group yet: call the command object directly
    return [sys.executable, "-c", "import sys; from balint_redact.cli.check_cmd import "
            "check_command; check_command(prog_name='balint-redact check')"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep the temporary archive")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="balint-check-bench-"))
    try:
        archive = tmp / "archive"
        t0 = time.perf_counter()
        files = build_archive(archive, args.files)
        print(f"built {len(files)} files in {time.perf_counter() - t0:.1f} s under {archive}",
              flush=True)
        report = tmp / "report.json"
        cmd = _command() + [str(archive), "--jobs", str(args.jobs), "--format", "json",
                            "-o", str(report)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        print(f"exit code {proc.returncode}; stderr: {proc.stderr.strip()}")
        if proc.returncode not in (0, 1):
            return 1
        doc = json.loads(report.read_text(encoding="utf-8"))
        listed = {Path(f["path"]).resolve() for f in doc["files"]}
        missing = [p for p in files if p.resolve() not in listed]
        s = doc["summary"]
        print(f"report: {s['files']} files, {s['clean']} clean, {s['findings']} with findings, "
              f"{s['unreadable']} unreadable, {s['total_findings']} findings")
        if missing or s["files"] != len(files):
            print(f"FAIL: {len(missing)} files missing from the report")
            return 1
        if s["unreadable"] != 6:
            print(f"FAIL: expected 6 unreadable files, got {s['unreadable']}")
            return 1
        print(f"OK: every file listed. wall time {wall:.1f} s, "
              f"{len(files) / wall:.1f} files/second (--jobs {args.jobs}, "
              f"including pipeline load)")
        return 0
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
