"""`balint-redact share`, `records` and `withdraw`: the gate to a group's shared records.

See docs/records.md for the records layout and the index format.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any, Callable

import click

from .options import (decisions_option, detection_options, read_decisions, read_known_names,
                      redactor_options)
from .series_cmd import pop_series_options, series_options

MB = 1024 * 1024

# Redactors by configuration: one command builds each once (loading takes seconds);
# tests that invoke the commands in-process reuse them.
_CACHE: dict[str, Any] = {}


def _cached(kind: str, options: dict[str, Any]) -> Any:
    key = kind + repr(sorted((k, repr(v)) for k, v in options.items()))
    if key not in _CACHE:
        from balint_redact import Redactor

        _CACHE[key] = Redactor(**options)
    return _CACHE[key]


def _translate(func: Callable[..., Any]) -> Callable[..., Any]:
    """Library errors become `Error: …` and their exit code (also when run standalone)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from balint_redact.errors import BalintRedactError

        try:
            return func(*args, **kwargs)
        except BalintRedactError as exc:
            click.echo(f"Error: {exc}", err=True)
            raise click.exceptions.Exit(exc.exit_code) from None

    return wrapper


def _check_options(func: Callable[..., Any]) -> Callable[..., Any]:
    from balint_redact.records import DEFAULT_CHECK_MIN_SCORE

    func = click.option(
        "--check-min-score", type=click.FloatRange(0.0, 1.0), default=DEFAULT_CHECK_MIN_SCORE,
        show_default=True, metavar="SCORE",
        help="The residual check refuses any finding scoring at least this.")(func)
    func = click.option(
        "--check-names", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
        help="Names given only to the residual check (one a line), on top of --known-names.")(
        func)
    return func


def _checker(options: dict[str, Any], check_names: Path | None) -> Any:
    extra = read_known_names(check_names)
    return _cached("check", {"model": options.get("model"), "rules": options.get("rules"),
                             "known_names": list(options.get("known_names") or []) + extra})


def _interactive() -> bool:
    import sys

    return sys.stdin.isatty() and sys.stderr.isatty()


def _ask(original: str, outcome: Any, answers: Any) -> None:
    """Ask the presenter about each word to confirm (once for every place of the same word);
    the prompt shows the reason and the masked context (the word itself with --show-text)."""
    from balint_redact.confirm import answer, describe_pending, same_word_groups

    red = outcome.redaction
    groups = same_word_groups(red.text, outcome.pending)
    click.echo(f"The second reader asks about {len(groups)} word"
               f"{'s' if len(groups) != 1 else ''}: keep it (k) or redact it (r).", err=True)
    for n, group in enumerate(groups, 1):
        first = group[0]
        where = f" (and {len(group) - 1} more place{'s' if len(group) > 2 else ''})" \
            if len(group) > 1 else ""
        click.echo(f"[{n}/{len(groups)}] {describe_pending(first)}{where}", err=True)
        choice = click.prompt("  keep or redact", type=click.Choice(["k", "r"]),
                              default="r", err=True)
        for p in group:
            if p.original is not None:
                answer(answers, original, p, "keep" if choice == "k" else "redact")


def _counts_line(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return "no identifiers were found to redact"
    return f"{total} redacted ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})"


# --------------------------------------------------------------------------- share


@click.command("share", epilog="""\b
Examples:
  balint-redact share notes.docx --records /shared/balint --group family-law
  balint-redact share notes.md --records /shared/balint --check-names clients.txt
  balint-redact share notes.md --records /shared/balint --dry-run

\b
  balint-redact share notes.md --records /shared/balint --confirm answers.toml

\b
The second reader (independent of the redactor) lists words to confirm. On a terminal each
is asked (keep / redact, with its context masked unless --show-text); otherwise give
--confirm FILE (a decisions file: by document hash and position, never text), e.g. saved
by the review page or by --save-confirm at an earlier prompt.

\b
Exit codes: 0 shared (or dry run passed); 1 refused by the residual check, items left to
confirm, or could not be filed (nothing was written); 2 bad usage or configuration.""")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--records", "records_dir", required=True, metavar="DIR",
              type=click.Path(path_type=Path, file_okay=False),
              help="The group's shared records folder (created if missing).")
@click.option("--group", default="group", show_default=True, metavar="NAME",
              help="Group slug (a-z, 0-9, '-'); it names a folder and is stored in the index.")
@click.option("--session", default=None, metavar="YYYY-MM-DD",
              help="Session date (default: today).")
@_check_options
@click.option("--dry-run", is_flag=True,
              help="Redact and check, show what would be shared; write nothing to DIR.")
@click.option("--review", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a self-contained HTML page showing each replacement "
                   "(outside DIR; for the presenter only).")
@click.option("--show-text", is_flag=True,
              help="Local opt-in: show identifiers and the words around them as written in "
                   "refusal reports, and originals on the review page.")
@click.option("--max-size", type=click.IntRange(1, 2048), default=50, show_default=True,
              metavar="MB", help="Refuse inputs larger than this.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json: the outcome on stdout (record, counts, residual findings).")
@click.option("--quiet", "-q", is_flag=True, help="Only errors and refusals.")
@click.option("--again", is_flag=True,
              help="File it even if the same redacted text is already an active record "
                   "(by default a second share of the same write-up is refused).")
@click.option("--confirm", "confirm_file", metavar="FILE", default=None,
              type=click.Path(path_type=Path, dir_okay=False, readable=False),
              help="The presenter's answers to the second reader (a decisions file: keep "
                   "or redact each place, by document hash and position).")
@click.option("--save-confirm", metavar="FILE", default=None,
              type=click.Path(path_type=Path, dir_okay=False, readable=False),
              help="Write the answers given at the terminal prompt to FILE (atomically), "
                   "for --confirm next time.")
@decisions_option
@detection_options
@series_options
@_translate
def share_command(source: Path, records_dir: Path, group: str, session: str | None,
                  check_names: Path | None, check_min_score: float, dry_run: bool,
                  review: Path | None, show_text: bool, max_size: int, fmt: str, quiet: bool,
                  again: bool = False, confirm_file: Path | None = None,
                  save_confirm: Path | None = None, decisions: Path | None = None,
                  **detect: Any) -> None:
    """Redact SOURCE, re-check it independently and file it in the group's records.

    SOURCE (.txt/.md/.docx) is redacted in memory; a separate checker (the same rules plus
    --check-names) then reads the redacted result back. If it still finds anything scoring
    --check-min-score or more, nothing is written and the places are listed (line, column,
    type and a context in which every word that could be a name or a number is masked).
    Then an independent second reader (its own dictionary and name lists, no model) lists
    places to confirm; each must be kept or redacted (prompt or --confirm) before filing.
    Otherwise the note is filed as GROUP/SESSION/NNN.md (or .docx) in DIR with an index
    entry holding counts, a hash and fingerprints, never an identifier. The original is
    never copied.
    """
    from balint_redact.io import load_document
    from balint_redact.errors import ConfigError
    from balint_redact.records import describe, is_inside, share_document
    from balint_redact.records import validate_group, validate_session
    from balint_redact.io import atomic_write_text, guard_output

    validate_group(group)
    validate_session(session)
    if review is not None:
        guard_output(source, review)
        if is_inside(review, records_dir):
            raise ConfigError("--review must be outside the records folder (it shows the "
                              "original text)")
    from balint_redact.series import is_series_file

    if is_series_file(source):
        raise ConfigError("the input is a series mapping file; it never goes to the records")
    doc = load_document(source, max_size * MB)
    series = pop_series_options(detect)  # --series, --dates, --ages, --addresses
    options = redactor_options(**detect)
    redactor = _cached("redact", dict(options, include_text=show_text,
                                      decisions=read_decisions(decisions), **series))
    checker = _checker(options, check_names)
    answers = read_decisions(confirm_file)
    if save_confirm is not None:
        guard_output(source, save_confirm, "the confirmation file")
        if is_inside(save_confirm, records_dir):
            raise ConfigError("--save-confirm must be outside the records folder")
    given = read_known_names(check_names)

    from balint_redact.records import allow_duplicate

    def attempt(confirm: Any) -> Any:
        with allow_duplicate(again):  # a second share of the same redacted text: refused
            return share_document(doc, records_dir, redactor, checker, group=group,
                                  session=session, min_score=check_min_score,
                                  dry_run=dry_run, show_text=show_text, confirm=confirm,
                                  check_names=given)

    outcome = attempt(answers)
    if outcome.status == "to-confirm" and _interactive():
        from balint_redact.confirm import DecisionFile
        from balint_redact.confirm import merged

        answers = merged(answers) if answers is not None else DecisionFile()
        for _ in range(5):  # a redaction can leave new remnants beside it: ask again
            _ask(doc.text, outcome, answers)
            outcome = attempt(answers)
            if outcome.status != "to-confirm":
                break
        if save_confirm is not None:
            from balint_redact.confirm import save_decisions

            save_decisions(save_confirm, answers)
    for note in outcome.notes:
        click.echo(f"Note: {note}.", err=True)
    if review is not None and outcome.redaction is not None:
        from balint_redact.batch import render_review

        atomic_write_text(review, render_review(doc.text, outcome.redaction,
                                                show_text=show_text, title="Share review"))
    if fmt == "json":
        click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False, indent=1))
    if outcome.status == "refused":
        n = len(outcome.residuals)
        click.echo(f"Refused: the residual check still finds {n} possible identifier"
                   f"{'s' if n != 1 else ''} after redaction (score >= {check_min_score}); "
                   "nothing was written.", err=True)
        for view in outcome.residuals:
            click.echo(f"  {describe(view)}", err=True)
        click.echo("Add the names to --known-names (or a rules file) and share again.",
                   err=True)
        raise click.exceptions.Exit(1)
    if outcome.status == "to-confirm":
        from balint_redact.confirm import describe_pending

        n = len(outcome.pending)
        click.echo(f"Refused: the second reader found {n} place{'s' if n != 1 else ''} to "
                   "confirm (keep or redact); nothing was written.", err=True)
        for p in outcome.pending:
            click.echo(f"  {describe_pending(p)}", err=True)
        click.echo("Run share on a terminal to answer them, or give --confirm FILE (saved "
                   "by the review page or --save-confirm).", err=True)
        raise click.exceptions.Exit(1)
    if outcome.status == "dry-run":
        if fmt == "text":
            text = outcome.checked_text
            click.echo(text, nl=not text.endswith("\n"))
        if not quiet:
            click.echo(f"Dry run: would share as {outcome.record} ({doc.kind}); "
                       f"{_counts_line(outcome.counts)}; the residual check passed. "
                       "Nothing was written.", err=True)
        return
    if fmt == "text":
        click.echo(outcome.record)
    if not quiet:
        click.echo(f"Shared as {outcome.record} in {records_dir}; "
                   f"{_counts_line(outcome.counts)}; the residual check passed. "
                   f"The group name {group!r} is stored in the index.", err=True)


# --------------------------------------------------------------------------- records


@click.command("records", epilog="""\b
Exit codes: 0 every record verified; 1 problems found (each is listed); 2 bad usage.""")
@click.argument("records_dir", metavar="DIR",
                type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--no-check", is_flag=True,
              help="Only presence and hashes; do not re-run the residual check.")
@click.option("--model", metavar="NAME", default=None, help="spaCy pipeline for the check.")
@click.option("--rules", "rules", multiple=True, metavar="FILE.toml",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Rules for the check (today's rules); repeatable.")
@_check_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_translate
def records_command(records_dir: Path, no_check: bool, model: str | None,
                    rules: tuple[Path, ...], check_names: Path | None,
                    check_min_score: float, fmt: str) -> None:
    """List the records in DIR and verify them against the index.

    Every active record must be present, match its hash and pass the residual check with
    today's rules (rules improve, so an old record can fail later); withdrawn records must
    be gone; every file must be in the index. Each problem is listed.
    """
    from balint_redact.records import verify_records

    checker = None
    if not no_check:
        checker = _checker({"model": model, "rules": list(rules) or None, "known_names": []},
                           check_names)
    report = verify_records(records_dir, checker, check_min_score,
                            read_known_names(check_names))
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        for r in report.records:
            total = sum(v for v in r.counts.values() if isinstance(v, int))
            mark = "ok" if r.ok else "PROBLEM"
            click.echo(f"{r.record:<40} {r.status:<9} {r.format:<5} {r.created:<20} "
                       f"{total:>4} redacted  {mark}")
            for p in r.problems:
                click.echo(f"    - {p}")
        for p in report.problems:
            click.echo(f"PROBLEM: {p}")
        for n in report.notes:
            click.echo(f"Note: {n}")
        if report.index_lines:
            click.echo(f"Index: {report.index_lines} line(s), head {report.index_head[:16]} "
                       "(the hash chain's last link; see docs/records.md)")
        active = sum(1 for r in report.records if r.status == "active")
        bad = sum(1 for r in report.records if not r.ok) + len(report.problems)
        checked = "" if report.checked else " (residual check skipped)"
        click.echo(f"{len(report.records)} record(s), {active} active; "
                   f"{'all verified' if report.ok else f'{bad} problem(s)'}{checked}.",
                   err=True)
    if not report.ok:
        raise click.exceptions.Exit(1)


# --------------------------------------------------------------------------- withdraw


def _record_name(records_dir: Path, record: str) -> str:
    """RECORD as a record name: given as one, or as its path (not resolving links: a path
    through a symbolic link is not a record of DIR)."""
    candidate = Path(record)
    if not (candidate.is_absolute() or os.path.lexists(candidate)):
        return record.replace(os.sep, "/")
    path = os.path.abspath(candidate)
    for base in (os.path.abspath(records_dir), os.path.realpath(records_dir)):
        rel = os.path.relpath(path, base)
        if not rel.startswith(os.pardir):
            return rel.replace(os.sep, "/")
    return record


@click.command("withdraw", epilog="""\b
Exit codes: 0 withdrawn; 1 a symbolic link on the way (nothing removed);
2 no such record / bad usage.""")
@click.argument("records_dir", metavar="DIR", type=click.Path(path_type=Path, file_okay=False,
                                                              exists=True))
@click.argument("record", metavar="RECORD")
@click.option("--quiet", "-q", is_flag=True)
@_translate
def withdraw_command(records_dir: Path, record: str, quiet: bool) -> None:
    """Take a case back: remove RECORD (e.g. group/2026-11-26/001.md) from DIR and mark it
    withdrawn in the index."""
    from balint_redact.records import withdraw_record

    name = _record_name(records_dir, record)
    previous, removed = withdraw_record(records_dir, name)
    if quiet:
        return
    if previous == "withdrawn":
        click.echo(f"{name} was already withdrawn"
                   f"{'; a leftover copy was removed' if removed else ''}.", err=True)
    else:
        click.echo(f"Withdrawn: {name}{'' if removed else ' (its file was already gone)'}; "
                   "the index records the withdrawal.", err=True)


COMMANDS = [share_command, records_command, withdraw_command]
