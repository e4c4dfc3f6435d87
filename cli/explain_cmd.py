"""`balint-redact explain`: what became of each candidate in one file, and why.

Local analysis: it prints the text of what was found and kept (like `evaluate
--show-misses`). Nothing of it is logged, and the trace is never part of a report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from .options import detection_options, redactor_options


@click.command("explain", epilog="""\b
Examples:
  balint-redact explain --stages                 # the detection stages, in order
  balint-redact explain notes.txt                # local analysis: prints identifiers
  balint-redact explain notes.docx --skip-stage propagate --json

\b
Exit codes: 0 done; 1 the file could not be read or detected; 2 bad usage or configuration.""")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path,
                                                        readable=False))
@click.option("--stages", "list_stages", is_flag=True,
              help="List the detection stages in order, with what each does.")
@click.option("--skip-stage", "skip", multiple=True, metavar="NAME",
              help="Run without this stage (repeatable; see --stages).")
@click.option("--json", "as_json", is_flag=True, help="Print the trace as JSON.")
@detection_options
def explain_command(file: Path | None, list_stages: bool, skip: tuple[str, ...],
                    as_json: bool, **detect: Any) -> None:
    """Show, for FILE, each candidate span: which stage added, trimmed, merged, relabelled or
    dropped it and why, and the words that looked like identifiers but were kept (an
    allow-list entry, a common word, a public citation ...). The text is shown: use locally.
    """
    from balint_redact.detect import STAGES
    from balint_redact.errors import ConfigError

    if list_stages:
        width = max(len(s.name) for s in STAGES)
        for n, s in enumerate(STAGES, 1):
            click.echo(f"{n:2}. {s.name:<{width}}  {s.summary}")
        click.echo(f"then {'select':<{width}}  The entity types asked for (--entities); titles "
                   "left outside names (--keep-titles). Not switched off.")
        return
    if file is None:
        raise ConfigError("explain needs a FILE (or --stages)")
    from balint_redact.io import load_document
    from balint_redact import Redactor

    doc = load_document(file)
    red = Redactor(explain=True, skip_stages=skip, **redactor_options(**detect)).redact(doc.text)
    report = explain_report(doc.text, red)
    if as_json:
        click.echo(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        _print(report)


def explain_report(text: str, red: Any) -> dict[str, Any]:
    """The redacted candidates, the dropped ones and the kept words, each with its records."""
    records = red.trace.with_text(text)
    steps = [r for r in records if r.action != "keep"]

    def history(a: int, b: int) -> list[dict[str, Any]]:
        return [{"stage": r.stage, "action": r.action, "reason": r.reason,
                 "type": r.entity_type, "text": r.text}
                for r in steps if r.start < b and a < r.end]

    def redacted(a: int, b: int) -> bool:
        return any(f.start < b and a < f.end for f in red.findings)

    out: dict[str, Any] = {"redacted": [], "dropped": [], "kept": []}
    for f in red.findings:
        out["redacted"].append({"start": f.start, "end": f.end, "type": f.entity_type,
                                "text": text[f.start:f.end], "placeholder": f.placeholder,
                                "history": history(f.start, f.end)})
    seen: set[tuple[int, int]] = set()
    for r in steps:
        if r.action == "add" and not redacted(r.start, r.end) and (r.start, r.end) not in seen:
            seen.add((r.start, r.end))
            out["dropped"].append({"start": r.start, "end": r.end, "type": r.entity_type,
                                   "text": r.text, "history": history(r.start, r.end)})
    for r in records:
        if r.action == "keep":
            out["kept"].append({"start": r.start, "end": r.end, "text": r.text,
                                "stage": r.stage, "reason": r.reason})
    return out


def _print(report: dict[str, Any]) -> None:
    for title, key in (("Redacted", "redacted"), ("Found, then dropped", "dropped")):
        click.echo(f"{title} ({len(report[key])}):")
        for c in report[key]:
            to = f" -> {c['placeholder']}" if "placeholder" in c else ""
            click.echo(f"  {c['start']}-{c['end']} {c['type']} {c['text']!r}{to}")
            for h in c["history"]:
                click.echo(f"      {h['stage']}: {h['action']} {h['type']} {h['text']!r} "
                           f"({h['reason']})")
    click.echo(f"Kept, but looked like an identifier ({len(report['kept'])}):")
    for k in report["kept"]:
        click.echo(f"  {k['start']}-{k['end']} {k['text']!r}  {k['stage']}: {k['reason']}")


COMMANDS = [explain_command]
