"""`balint-redact evaluate`: recall, precision and retention on an annotated gold corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from .options import detection_options, redactor_options


@click.command("evaluate", epilog="""\b
Examples:
  balint-redact evaluate tests/corpus/writeups.jsonl
  balint-redact evaluate gold.jsonl --rules firm.toml --json
  balint-redact evaluate gold.jsonl --show-misses      # local analysis: prints identifiers

\b
Exit codes: 0 done (or recall at or above --min-direct-recall); 1 direct recall below
--min-direct-recall; 2 bad usage, configuration or gold file.""")
@click.argument("gold", type=click.Path(path_type=Path, readable=False))  # errors name no path
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--show-misses", is_flag=True,
              help="List the missed mentions with their text (identifiers are shown).")
@click.option("--variants", is_flag=True,
              help="Also score the corpus lower-cased, upper-cased, line-wrapped and with typos.")
@click.option("--min-direct-recall", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 when direct recall falls below this floor.")
@detection_options
def evaluate_command(gold: Path, as_json: bool, show_misses: bool, variants: bool,
                     min_direct_recall: float | None, **detect: Any) -> None:
    """Score redaction on GOLD (JSONL: {"id", "text", "spans": [{start, end, type, direct}]}).

    Reports mention recall by type, recall on direct and on quasi identifiers, the share of
    documents with no direct identifier left, precision of what was redacted, and retention
    of ordinary words. Misses are shown only with --show-misses.
    """
    from balint_redact.errors import ConfigError, InputError
    from balint_redact.evaluate import evaluate, load_gold
    from balint_redact import Redactor

    try:
        docs = load_gold(gold)
    except InputError as exc:  # a bad gold file is a usage problem (exit 2)
        raise ConfigError(str(exc)) from None
    redactor = Redactor(**redactor_options(**detect))
    scores = evaluate(redactor, docs)
    figures = scores.to_dict(show_misses=show_misses, texts={d.id: d.text for d in docs})
    if variants:
        from balint_redact.evaluate import VARIANTS, corpus_variant

        figures["variants"] = {}
        for kind in VARIANTS:
            vdocs = corpus_variant(docs, kind)
            v = evaluate(redactor, vdocs).to_dict(show_misses=show_misses,
                                                   texts={d.id: d.text for d in vdocs})
            figures["variants"][kind] = {k: v[k] for k in (
                "direct_recall", "quasi_recall", "clean_doc_rate", "retention")}
            if show_misses:
                figures.setdefault("misses", []).extend(v["misses"])
    if as_json:
        click.echo(json.dumps(figures, indent=1, ensure_ascii=False))
    else:
        _print_table(figures)
    if min_direct_recall is not None and (scores.direct_recall or 0) < min_direct_recall:
        click.echo(f"Direct recall {scores.direct_recall} is below {min_direct_recall}.",
                   err=True)
        raise click.exceptions.Exit(1)


def _print_table(f: dict[str, Any]) -> None:
    click.echo(f"documents                 {f['documents']}")
    click.echo(f"direct recall             {f['direct_recall']}  ({f['direct_mentions']} mentions)")
    click.echo(f"quasi recall              {f['quasi_recall']}  ({f['quasi_mentions']} mentions)")
    click.echo(f"documents without a leak  {f['clean_doc_rate']}")
    click.echo(f"precision                 {f['precision']}")
    click.echo(f"retention                 {f['retention']}")
    click.echo("by type:")
    for t, v in f["by_type"].items():
        click.echo(f"  {t:<12} recall {v['recall']}  ({v['mentions']} mentions)")
    for kind, v in f.get("variants", {}).items():
        click.echo(f"variant {kind:<8} direct recall {v['direct_recall']}  clean documents "
                   f"{v['clean_doc_rate']}  retention {v['retention']}")
    for m in f.get("misses", []):
        click.echo(f"MISS {m['id']} {m['type']}{' (direct)' if m['direct'] else ''} "
                   f"{m['start']}-{m['end']}: {m.get('text', '')!r}")


COMMANDS = [evaluate_command]
