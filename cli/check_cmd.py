"""`balint-redact check`: scan files and trees for residual identifiers; report, never change."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from .options import (decisions_option, detection_options, read_decisions, read_known_names,
                      redactor_options)

MB = 1024 * 1024


def _progress(total: int):
    """A progress bar on stderr when it is a terminal; counts only, never names or text."""
    if not sys.stderr.isatty() or total < 2:
        return None
    return click.progressbar(length=total, label="Checking", file=sys.stderr,
                             show_pos=True, show_eta=True)


def _fail_run(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    raise click.exceptions.Exit(2)


@click.command("check", epilog="""\b
Examples:
  balint-redact check redacted/                      # table on stdout, summary on stderr
  balint-redact check a.md b.docx --fail-on any      # fail on quasi identifiers too
  balint-redact check archive/ --format html -o report.html --jobs 2
  balint-redact check archive/ --format json -o report.json --min-score 0.6
  balint-redact check notes.txt --show-text          # show the identifiers (do not share)
  balint-redact check notes.txt --check-names clients.txt --fail-on direct,confirm

\b
Besides the redactor's findings, an independent second reader lists places "to confirm"
(a word no dictionary explains, a known first name, a code nothing explains ...), with a
reason each and the context masked; --fail-on confirm makes them fail the check.

\b
Exit codes:
  0  clean: nothing at or above --fail-on was found
  1  something at or above --fail-on was found, or a file could not be read
     (corrupt, encrypted, binary, empty: it was not checked)
  2  the run itself failed (bad option or configuration, detection failed,
     report could not be written)""")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "html"]),
              default="table", show_default=True,
              help="Report format; html is one self-contained page.")
@click.option("--fail-on", default="direct", show_default=True, metavar="WHAT",
              help="What fails the check: 'direct' (names, contact details, numbers), "
                   "'any', or comma-separated entity types (e.g. PERSON,DATE).")
@click.option("--min-score", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
              help="Ignore findings scored below this (0-1).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: the number of cores, at most 8); each loads "
                   "its own pipeline and runs one BLAS thread.")
@click.option("--show-text", is_flag=True,
              help="Local opt-in: show each identifier and the words around it as written "
                   "(keep such a report private). Without it a context keeps only ordinary "
                   "lower-case words; capitalised words, digits and unknown words are "
                   "masked, so a name detection missed is not printed either.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--max-size", type=click.IntRange(1, 2048), default=50, show_default=True,
              metavar="MB", help="Files larger than this are reported as unreadable.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line on stderr.")
@click.option("--check-names", metavar="FILE", default=None,
              type=click.Path(dir_okay=False, path_type=Path, readable=False),
              help="Names the second reader flags wherever a part of them survives (one a "
                   "line).")
@decisions_option
@detection_options
def check_command(paths: tuple[Path, ...], fmt: str, fail_on: str, min_score: float,
                  jobs: int | None, show_text: bool, output: Path | None, max_size: int,
                  quiet: bool, check_names: Path | None = None, decisions: Path | None = None,
                  **detect: Any) -> None:
    """Check PATHS (.txt/.md/.docx files and folders) for residual identifiers.

    Reports, per file, the counts by entity type and a risk level (high: a direct identifier
    scored 0.8 or more; medium: another direct identifier; low: quasi identifiers only).
    Identifiers are never printed unless --show-text is given: each finding shows its type,
    line, column and the words around it with the finding, and every word that could be a
    name or a number (capitalised, with digits, unknown to the dictionary), masked (███).
    """
    from balint_redact.errors import BalintRedactError

    try:
        detect["_check_names"] = read_known_names(check_names)
        detect["_decisions"] = read_decisions(decisions)
        _run(paths, fmt, fail_on, min_score, jobs, show_text, output, max_size, quiet, detect)
    except BalintRedactError as exc:  # configuration, detection, output: the run failed
        _fail_run(str(exc))
    except (click.exceptions.Exit, click.ClickException, click.Abort):
        raise
    except Exception as exc:
        if os.environ.get("BALINT_REDACT_DEBUG"):
            raise
        _fail_run(f"internal error ({type(exc).__name__}); the check did not complete")


def _run(paths: tuple[Path, ...], fmt: str, fail_on: str, min_score: float,
         jobs: int | None, show_text: bool, output: Path | None, max_size: int, quiet: bool,
         detect: dict[str, Any]) -> None:
    from balint_redact import __version__
    from balint_redact.batch import default_workers
    from balint_redact.batch import check_paths, expand_paths, fails, parse_fail_on
    from balint_redact.errors import InputError
    from balint_redact import Redactor
    from balint_redact.batch import render_report as render, summary_line, summary_of
    from balint_redact.io import atomic_write_text

    parse_fail_on(fail_on)  # a bad --fail-on is a ConfigError before any work
    names = detect.pop("_check_names", [])
    decided = detect.pop("_decisions", None)
    options = redactor_options(**detect)
    if decided is not None:
        options["decisions"] = decided
    redactor = Redactor(**options)  # a bad configuration fails here, before any file
    exclude = [output] if output is not None else []
    total = len(expand_paths(paths, exclude))
    if total == 0:
        raise InputError("no supported files (.txt, .md, .docx) found in "
                         + ", ".join(str(p) for p in paths))
    kwargs = dict(max_bytes=max_size * MB, redactor=redactor, exclude=exclude,
                  check_names=names)
    bar = _progress(total)
    workers = jobs or default_workers()
    if bar is not None:
        with bar:
            reports = check_paths(list(paths), options, workers, show_text, min_score,
                                  progress=bar.update, **kwargs)
    else:
        reports = check_paths(list(paths), options, workers, show_text, min_score, **kwargs)
    meta = {"tool": f"balint-redact {__version__}", "rules_fingerprint": redactor.fingerprint,
            "fail_on": fail_on, "min_score": min_score, "show_text": show_text}
    text = render(reports, fmt, meta)
    if fmt == "table":
        text += _confirm_table(reports)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(output, text)
    if not quiet:
        summary = summary_of(reports, meta)
        click.echo(summary_line(summary), err=True)
        if summary["to_confirm"]:
            n = sum(summary["to_confirm"].values())
            click.echo(f"Second reader: {n} place{'s' if n != 1 else ''} to confirm ("
                       + ", ".join(f"{k} {v}" for k, v in summary["to_confirm"].items())
                       + ").", err=True)
        if show_text and output is not None:
            click.echo(f"Note: {output} shows identifiers (--show-text); keep it private.",
                       err=True)
    if any(fails(r, fail_on, min_score) for r in reports):
        raise click.exceptions.Exit(1)


def _confirm_table(reports: Any) -> str:
    """The second reader's tier under the table: per file, counts by reason and each place
    (line, column, reason, masked context)."""
    rows = [r for r in reports if r.to_confirm]
    if not rows:
        return ""
    out = ["", "TO CONFIRM (second reader, independent of the redactor)"]
    for r in rows:
        counts = ", ".join(f"{k} {v}" for k, v in r.confirm_counts.items())
        out.append(f"{' '.join(r.path.split())}  {counts}")
        for p in r.to_confirm:
            out.append(f"    {p.line:>4}:{p.column:<4} {p.reason:<20} {p.context}")
    return "\n".join(out) + "\n"


COMMANDS = [check_command]
