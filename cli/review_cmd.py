"""`balint-redact review`: the review page on this machine, in the default browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .options import detection_options, read_known_names, redactor_options

MB = 1024 * 1024
ENDINGS = {"closed": "the page was closed", "lost": "the page stopped answering",
           "idle": "no request for --idle-timeout seconds"}


@click.command("review", epilog="""\b
Examples:
  balint-redact review notes.docx
  balint-redact review notes.md --decisions notes.decisions.toml
  balint-redact review notes.md --records /shared/balint --group family-law
  balint-redact review notes.md --no-browser          # print the page's address

\b
The page is served on 127.0.0.1 only, at a random port, under a one-time token;
it shows the original words (keep it to yourself). The command ends when the page
is closed, or after --idle-timeout seconds without a request.

\b
Exit codes: 0 the review ended; 1 the input could not be read or detection failed;
2 bad usage or configuration.""")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where Save writes the redacted copy (default: NAME-redacted.EXT beside "
                   "the input; Word for Word).")
@click.option("--decisions", "decisions", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="The decisions file: read if it exists, written by Save "
                                 "(default: NAME.decisions.toml beside the input). Later "
                                 "runs of redact, check and share read it with --decisions.")
@click.option("--records", "records_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="The group's records folder: enables \"Share\" (the same "
                                 "gate as `balint-redact share`).")
@click.option("--group", default="group", show_default=True, metavar="NAME",
              help="Group slug for Share.")
@click.option("--session", "session_date", default=None, metavar="YYYY-MM-DD",
              help="Session date for Share (default: today).")
@click.option("--check-names", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="Names given only to the second reader and Share's residual check (one a "
                   "line): every surviving part of each is marked to confirm.")
@click.option("--no-browser", is_flag=True,
              help="Do not open a browser; print the page's address (it holds the token).")
@click.option("--idle-timeout", type=click.FloatRange(1, 7 * 86400), default=1800,
              show_default=True, metavar="SECONDS",
              help="End after this long without a request from the page.")
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port on 127.0.0.1 (default: a random free port).")
@click.option("--max-size", type=click.IntRange(1, 2048), default=50, show_default=True,
              metavar="MB", help="Refuse inputs larger than this.")
@detection_options
def review_command(source: Path, output: Path | None, decisions: Path | None,
                   records_dir: Path | None, group: str, session_date: str | None,
                   check_names: Path | None,
                   no_browser: bool, idle_timeout: float, port: int, max_size: int,
                   **detect: Any) -> None:
    """Review SOURCE (.txt/.md/.docx) in the browser before sharing it.

    Every redaction is highlighted by type, with a legend of who each placeholder is, and
    the words a second reader wants confirmed are marked. Click a word to redact it (every
    mention follows), or a redaction to keep the original words; Save writes the redacted
    copy and a decisions file (positions and a hash, never text).
    """
    from balint_redact import Redactor
    from balint_redact.records import is_inside, validate_group, validate_session
    from balint_redact.review import (LocalReview, ReviewApp, Saving, ShareSettings,
                                      default_paths, open_in_browser, open_review)

    out_default, decisions_default = default_paths(source)
    saving = Saving(output or out_default, decisions or decisions_default)
    options = redactor_options(**detect)
    sharing = None
    extra = read_known_names(check_names)
    if records_dir is not None:
        validate_group(group)
        validate_session(session_date)
        for path in (saving.output, saving.decisions):
            if is_inside(path, records_dir):
                from balint_redact.errors import ConfigError

                raise ConfigError("the output and the decisions file must be outside the "
                                  "records folder")
        def make_checker() -> Any:
            return Redactor(model=options.get("model"), rules=options.get("rules"),
                            known_names=list(options.get("known_names") or []) + extra)

        sharing = ShareSettings(records_dir, make_checker, group=group, session=session_date,
                                check_names=extra)
    redactor = Redactor(**options)
    if sharing is not None:
        sharing.redactor = redactor
    session = open_review(source, redactor, saving.decisions, max_size * MB,
                          check_names=extra)
    server = LocalReview(ReviewApp(session, saving=saving, sharing=sharing),
                         idle_timeout=idle_timeout, port=port)
    if no_browser:
        click.echo(server.url)
    elif open_in_browser(server.url):
        click.echo("The review page is open in your browser; close it to finish.", err=True)
    else:
        click.echo(server.url)
        click.echo("No browser could be opened: open the address above (it is for you "
                   "only); close the page to finish.", err=True)
    reason = server.serve_until_done()
    why = ENDINGS.get(reason, reason)
    with session.lock:
        unsaved = session.decisions() != session.saved_decisions
        if unsaved and reason in ("idle", "lost"):  # the page did not say goodbye: keep them
            session.keep_decisions(saving.decisions)
            click.echo(f"Review ended ({why}); your decisions so far are in the decisions "
                       "file, and `review` reads them back next time (the redacted copy was "
                       "not saved).", err=True)
            return
    click.echo(f"Review ended ({why}){'; unsaved decisions were discarded' if unsaved else ''}.",
               err=True)

COMMANDS = [review_command]
