"""`balint-redact redact`: one file, stdin, or a whole tree."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .options import decisions_option, detection_options, read_decisions, redactor_options
from .series_cmd import pop_series_options, series_options

MB = 1024 * 1024
REVIEW = "the review page (--review)"


def _summary(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return "No identifiers found."
    parts = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    return f"Redacted {total} identifier{'s' if total != 1 else ''}: {parts}."


def _tree_summary(tally: dict[str, int], skipped: int, counts: dict[str, int]) -> str:
    """The folder run's last line: what this run did, never "No identifiers found" for files
    it did not read (an up-to-date output was skipped, not found clean)."""
    head = f"{tally['ok']} redacted, {skipped} up to date (skipped), {tally['failed']} failed."
    if not tally["ok"]:
        if skipped:
            return (f"{head} {skipped} up to date, nothing redacted this run "
                    "(--force redoes them).")
        return f"{head} Nothing redacted this run."
    if not sum(counts.values()):
        n = tally["ok"]
        return f"{head} No identifiers found in the {n} file{'s' if n != 1 else ''} redacted."
    return f"{head} {_summary(counts)}"


def _progress(total: int):
    """A progress bar on stderr when it is a terminal; counts only, never names or text."""
    if not sys.stderr.isatty() or total < 2:
        return None
    return click.progressbar(length=total, label="Redacting", file=sys.stderr,
                             show_pos=True, show_eta=True)


def _stdin_is_terminal() -> bool:
    stream = sys.stdin
    return stream is None or stream.isatty()


@click.command("redact", epilog="""\b
Examples:
  balint-redact redact notes.txt                 # redacted text on stdout
  balint-redact redact notes.docx -o safe.docx   # Word in, Word out
  balint-redact redact notes.docx -o safe.txt    # Word in, its redacted text out
  balint-redact redact notes.md -o safe.docx     # text in, a new Word document out
  echo "Mrs Amina Patel rang." | balint-redact redact
  cat notes.md | balint-redact redact - --format json
  balint-redact redact archive/ -o redacted/ --jobs 2
  balint-redact redact archive/ -o redacted/ --format json   # one .json per file
  balint-redact redact archive/ -o batch.jsonl --format jsonl # one line per file
  balint-redact redact notes.md -o safe.md --review review.html

\b
The output's suffix decides what is written: .docx a Word document, .txt/.md (or no
suffix) text, .json with --format json/jsonl; any other suffix is refused.

\b
Exit codes: 0 done; 1 an input could not be redacted or written (no output was written
for it); 2 bad usage or configuration.""")
@click.argument("source", required=False, default=None,
                type=click.Path(path_type=Path, allow_dash=True, readable=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, readable=False), default=None,
              help="Output file (or folder, for a folder input). Its suffix sets the format "
                   "(.docx Word, .txt/.md text). Default: stdout.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text",
              help="json: the redacted text with findings (types and offsets, no "
                   "identifiers); for a folder, one OUTDIR/<file>.json per file. jsonl: the "
                   "same, one JSON object a line (a folder: one -o FILE.jsonl, each line "
                   "with the file's path under SOURCE).")
@click.option("--min-score", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
              metavar="SCORE",
              help="Leave findings scoring below SCORE unredacted (Presidio's "
                   "score_threshold). The default redacts everything found: recall first.")
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
@series_options
def redact_command(source: Path | None, output: Path | None, fmt: str, min_score: float,
                   jobs: int | None, force: bool, review: Path | None, show_text: bool,
                   max_size: int, show_names: bool, quiet: bool, decisions: Path | None = None,
                   **detect: Any) -> None:
    """Redact SOURCE (a .txt/.md/.docx file, a folder, or - for stdin; without SOURCE,
    text piped in is read).

    Every mention of the same person, organisation or place gets the same placeholder
    ("Person A", "Organisation B", "Place C"); other identifiers become tags such as
    [email], [phone], [case number]. A short summary (counts by type) goes to stderr.
    Messages name files by their role ("the input", "the output"), never by their path.
    """
    from balint_redact.errors import InputError, OutputError

    if source is None:
        if _stdin_is_terminal():
            raise click.UsageError("Missing argument 'SOURCE': give a file, a folder, or - "
                                   "for stdin (or pipe the text in).")
        source = Path("-")
    series = pop_series_options(detect)  # --series, --dates, --ages, --addresses
    options = dict(redactor_options(**detect), **series)
    if min_score:
        options["min_score"] = min_score
    if decisions is not None:
        options["decisions"] = read_decisions(decisions)
    if show_text:
        options["include_text"] = True
    if series["series"] is not None:
        jobs = 1  # one process: the series is locked, read and written back per document
    if str(source) != "-" and source.is_dir():
        if output is None:
            raise InputError("the input is a directory; give -o OUTDIR to redact a directory")
        if fmt == "jsonl":
            _check_jsonl_target(output)
        elif output.exists() and not output.is_dir():
            raise OutputError("the output (-o) exists and is not a directory")
        _redact_tree(source, output, options, jobs, force, max_size, quiet, show_names, fmt)
        return
    _redact_one(source, output, fmt, review, show_text, max_size, quiet, options)


def _check_jsonl_target(output: Path) -> None:
    from balint_redact.errors import ConfigError
    from balint_redact.io import describe_suffix, output_kind

    if output.is_dir():
        raise ConfigError("--format jsonl writes one file: give -o OUT.jsonl, not a folder")
    if output_kind(output) != "json":
        raise ConfigError(f"--format jsonl writes JSON Lines: name the output .jsonl (not "
                          f"{describe_suffix(output)})")


def _written_as(doc_kind: str, output: Path | None, fmt: str) -> str:
    """What goes to ``output`` (None: stdout): "json", "text" or "docx", as its suffix says;
    a suffix that does not match what would be written is refused before any work."""
    from balint_redact.errors import ConfigError, OutputError
    from balint_redact.io import describe_suffix, output_kind

    kind = output_kind(output) if output is not None else None
    if fmt != "text":
        if output is not None and kind != "json":
            raise ConfigError(f"--format {fmt} writes JSON: name the output .json (not "
                              f"{describe_suffix(output)}), or leave out --format for "
                              "a text or Word output")
        return "json"
    if output is None:
        if doc_kind == "docx":
            raise OutputError("a Word document needs -o OUT.docx (or --format json for stdout)")
        return "text"
    if kind == "json":
        raise ConfigError("the output is named .json: add --format json (or name it .txt, "
                          ".md or .docx)")
    if kind is None:
        raise ConfigError(f"cannot write a file with {describe_suffix(output)} as its suffix: "
                          "name the output .txt or .md (text) or .docx (Word), or .json "
                          "with --format json")
    return kind


def _payload(red: Any, fmt: str) -> str:
    if fmt == "jsonl":
        return json.dumps(red.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(red.to_dict(), ensure_ascii=False, indent=1) + "\n"


def _redact_one(source: Path, output: Path | None, fmt: str, review: Path | None,
                show_text: bool, max_size: int, quiet: bool, options: dict[str, Any]) -> None:
    from balint_redact.io import Document, load_document, write_redacted
    from balint_redact.errors import InputError
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
    written = _written_as(doc.kind, output, fmt)
    if output is not None:
        guard_output(doc.path, output)
    if review is not None:
        guard_output(doc.path, review, REVIEW)

    redactor = Redactor(**options, explain=review is not None)  # the page lists kept words
    red = redactor.redact(doc.text)
    replacements = [(f.start, f.end, f.placeholder) for f in red.findings]
    if written == "json":
        payload = _payload(red, fmt)
        if output is None:
            click.echo(payload, nl=False)
        else:
            atomic_write_text(output, payload)
    elif output is None:
        click.echo(red.text, nl=not red.text.endswith("\n"))
    else:
        write_redacted(doc, red.text, replacements, output, as_kind=written)
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
                 force: bool, max_size: int, quiet: bool, show_names: bool = False,
                 fmt: str = "text") -> None:
    from balint_redact.batch import default_workers, plan_tree, run_jobs, summarise_batch as summarise
    from balint_redact import Redactor

    if fmt == "jsonl":  # one file for the batch: every input is read again
        todo, skipped = plan_tree(source, None, force=True)
    else:
        todo, skipped = plan_tree(source, output, force=force,
                                  target_suffix=".json" if fmt == "json" else "")
    redactor = Redactor(**options)  # a bad configuration fails here, before any file
    bar = _progress(len(todo))
    run = dict(redactor=redactor, output_format=fmt)
    if bar is not None:
        with bar:
            outcomes = run_jobs(todo, options, jobs or default_workers(), max_size * MB,
                                progress=bar.update, **run)
    else:
        outcomes = run_jobs(todo, options, jobs or default_workers(), max_size * MB, **run)
    if fmt == "jsonl":  # in walk order, whichever worker finished first
        order = {job.source: job.number for job in todo}
        _write_jsonl(output, source, sorted(outcomes, key=lambda o: order[o.source]))
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
        click.echo(_tree_summary(tally, len(skipped), counts), err=True)
    if failed:
        raise click.exceptions.Exit(1)


def _write_jsonl(output: Path, source: Path, outcomes: list[Any]) -> None:
    """The batch as JSON Lines, in the order the folder is walked: one object a file,
    ``{"path", "text", "findings", "counts"}``, or ``{"path", "error"}`` for a file that
    could not be redacted (its line carries no text)."""
    from balint_redact.io import atomic_write_text

    lines = []
    for o in outcomes:
        head = {"path": o.source.relative_to(source).as_posix()}
        body = o.payload if o.status == "ok" else {"error": o.error}
        lines.append(json.dumps(dict(head, **body), ensure_ascii=False, separators=(",", ":")))
    atomic_write_text(output, "".join(line + "\n" for line in lines))


COMMANDS = [redact_command]
