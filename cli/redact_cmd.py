"""`balint-redact redact`: one file, stdin, or a whole tree."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .options import decisions_option, detection_options, read_decisions, redactor_options

MB = 1024 * 1024
REVIEW = "the review page (--review)"


def _summary(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return "No identifiers found."
    parts = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    return f"Redacted {total} identifier{'s' if total != 1 else ''}: {parts}."


def _progress(total: int):
    """A progress bar on stderr when it is a terminal; counts only, never names or text."""
    if not sys.stderr.isatty() or total < 2:
        return None
    return click.progressbar(length=total, label="Redacting", file=sys.stderr,
                             show_pos=True, show_eta=True)


@click.command("redact", epilog="""\b
Examples:
  balint-redact redact notes.txt                 # redacted text on stdout
  balint-redact redact notes.docx -o safe.docx   # Word in, Word out
  cat notes.md | balint-redact redact - --format json
  balint-redact redact archive/ -o redacted/ --jobs 2
  balint-redact redact notes.md -o safe.md --review review.html

\b
Exit codes: 0 done; 1 an input could not be redacted or written (no output was written
for it); 2 bad usage or configuration.""")
@click.argument("source", type=click.Path(path_type=Path, allow_dash=True, readable=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, readable=False), default=None,
              help="Output file (or folder, for a folder input). Default: stdout.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json: the redacted text with findings (types and offsets, no identifiers).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes for a folder (default: the number of cores, at most "
                   "8); each loads its own pipeline and runs one BLAS thread.")
@click.option("--force", is_flag=True, help="Redo outputs that are newer than their inputs.")
@click.option("--review", type=click.Path(path_type=Path, readable=False), default=None,
              help="Also write a self-contained HTML page showing each replacement.")
@click.option("--show-text", is_flag=True,
              help="Let the review page and JSON findings show the original identifiers.")
@click.option("--max-size", type=click.IntRange(1, 2048), default=50, show_default=True,
              metavar="MB", help="Refuse inputs larger than this.")
@click.option("--show-names", is_flag=True,
              help="Name the files that failed in a folder run (by default they are numbered: "
                   "a file name can be a client's name).")
@click.option("--quiet", "-q", is_flag=True, help="No summary on stderr.")
@decisions_option
@detection_options
def redact_command(source: Path, output: Path | None, fmt: str, jobs: int | None, force: bool,
                   review: Path | None, show_text: bool, max_size: int, show_names: bool,
                   quiet: bool, decisions: Path | None = None, **detect: Any) -> None:
    """Redact SOURCE (a .txt/.md/.docx file, a folder, or - for stdin).

    Every mention of the same person, organisation or place gets the same placeholder
    ("Person A", "Organisation B", "Place C"); other identifiers become tags such as
    [email], [phone], [case number]. A short summary (counts by type) goes to stderr.
    Messages name files by their role ("the input", "the output"), never by their path.
    """
    from balint_redact.errors import InputError, OutputError

    options = redactor_options(**detect)
    if decisions is not None:
        options["decisions"] = read_decisions(decisions)
    if show_text:
        options["include_text"] = True
    if str(source) != "-" and source.is_dir():
        if output is None:
            raise InputError("the input is a directory; give -o OUTDIR to redact a directory")
        if output.exists() and not output.is_dir():
            raise OutputError("the output (-o) exists and is not a directory")
        _redact_tree(source, output, options, jobs, force, max_size, quiet, show_names)
        return
    _redact_one(source, output, fmt, review, show_text, max_size, quiet, options)


def _redact_one(source: Path, output: Path | None, fmt: str, review: Path | None,
                show_text: bool, max_size: int, quiet: bool, options: dict[str, Any]) -> None:
    from balint_redact.io import Document, load_document, write_redacted
    from balint_redact.errors import InputError, OutputError
    from balint_redact import Redactor
    from balint_redact.io import atomic_write_text, decode, guard_output

    if str(source) == "-":
        data = sys.stdin.buffer.read(max_size * MB + 1)
        if len(data) > max_size * MB:
            raise InputError(f"stdin: input too large (limit {max_size} MB, see --max-size)")
        decoded = decode(data, "stdin")
        if not decoded.text.strip():
            raise InputError("stdin: empty input, nothing to redact")
        doc = Document(None, "text", decoded.text, decoded.encoding)
    else:
        doc = load_document(source, max_size * MB)
    if doc.encoding == "cp1252" and not quiet:
        click.echo("Note: the input was read as Windows-1252 text; output is UTF-8.", err=True)
    if output is not None and output.is_dir() and doc.path is not None:
        output = output / doc.path.name
    if output is not None:
        guard_output(doc.path, output)
    if review is not None:
        guard_output(doc.path, review, REVIEW)
    if doc.kind == "docx" and output is None and fmt == "text":
        raise OutputError("a Word document needs -o OUT.docx (or --format json for stdout)")

    redactor = Redactor(**options, explain=review is not None)  # the page lists kept words
    red = redactor.redact(doc.text)
    replacements = [(f.start, f.end, f.placeholder) for f in red.findings]
    if fmt == "json":
        payload = json.dumps(red.to_dict(), ensure_ascii=False, indent=1) + "\n"
        if output is None:
            click.echo(payload, nl=False)
        else:
            atomic_write_text(output, payload)
    elif output is None:
        click.echo(red.text, nl=not red.text.endswith("\n"))
    else:
        write_redacted(doc, red.text, replacements, output)
    if review is not None:
        from balint_redact.batch import render_review

        atomic_write_text(review, render_review(doc.text, red, show_text=show_text,
                                                title=doc.path.name if doc.path else "stdin"),
                          REVIEW)
    for note in red.notes:
        click.echo(f"Note: {note}.", err=True)
    if not quiet:
        click.echo(_summary(red.counts()), err=True)


def _failure_line(k: int, total: int, o: Any, root: Path, show_names: bool) -> str:
    """One failed file: by its path under the input folder if asked, else by its number
    among the folder's files (in the order they are walked) and its type, as a file name
    can be a client's name."""
    if show_names:
        return f"Failed: {o.source.relative_to(root)}: {o.error}"
    return f"Failed: file {k} of {total} ({o.source.suffix.lower() or 'no suffix'}): {o.error}"


def _redact_tree(source: Path, output: Path, options: dict[str, Any], jobs: int | None,
                 force: bool, max_size: int, quiet: bool, show_names: bool = False) -> None:
    from balint_redact.batch import default_workers, plan_tree, run_jobs, summarise_batch as summarise
    from balint_redact import Redactor

    todo, skipped = plan_tree(source, output, force=force)
    redactor = Redactor(**options)  # a bad configuration fails here, before any file
    bar = _progress(len(todo))
    if bar is not None:
        with bar:
            outcomes = run_jobs(todo, options, jobs or default_workers(), max_size * MB,
                                redactor=redactor, progress=bar.update)
    else:
        outcomes = run_jobs(todo, options, jobs or default_workers(), max_size * MB,
                            redactor=redactor)
    counts: dict[str, int] = {}
    for o in outcomes:
        for k, v in o.counts.items():
            counts[k] = counts.get(k, 0) + v
    tally = summarise(outcomes)
    number = {job.source: job.number for job in todo}
    failed = [o for o in outcomes if o.status == "failed"]
    for o in failed:
        click.echo(_failure_line(number[o.source], len(todo) + len(skipped), o, source,
                                 show_names), err=True)
    if failed and not show_names:
        click.echo("(Failed files are numbered, not named; --show-names names them.)",
                   err=True)
    if not quiet:
        click.echo(f"{tally['ok']} redacted, {len(skipped)} up to date (skipped), "
                   f"{tally['failed']} failed. {_summary(counts)}", err=True)
    if failed:
        raise click.exceptions.Exit(1)


COMMANDS = [redact_command]
