"""`balint-redact serve`: the HTTP API (FastAPI + uvicorn), loopback-only unless told otherwise.

FastAPI and uvicorn are imported only when the command runs; without them it says how to
install them (pip install 'balint-redact[serve]').
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

import click

from .options import detection_options

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
SIZE_UNITS = {"": 1, "b": 1, "kb": 1024, "k": 1024, "mb": 1024 * 1024, "m": 1024 * 1024}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost; any other name or address counts as remote."""
    host = host.strip().strip("[]")
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_size(value: str) -> int:
    """'1MB', '512KB', '1048576' -> bytes."""
    from balint_redact.errors import ConfigError

    text = value.strip().lower().replace(" ", "")
    number = text.rstrip("kmb")
    unit = text[len(number):]
    try:
        size = int(float(number) * SIZE_UNITS[unit])
    except (ValueError, KeyError):
        raise ConfigError(f"--max-body-size: cannot read {value!r} (use e.g. 1MB, 512KB or "
                          "a number of bytes)") from None
    if not 1024 <= size <= 1024 * 1024 * 1024:
        raise ConfigError("--max-body-size must be between 1KB and 1024MB")
    return size


@click.command("serve", epilog="""\b
Examples:
  balint-redact serve                                  # http://127.0.0.1:8000
  balint-redact serve --port 8080 --workers 2
  balint-redact serve --host 0.0.0.0 --token-file /run/secrets/balint-token
  curl -s localhost:8000/v1/redact -H 'Content-Type: application/json' \\
       -d '{"text": "Mrs Amina Patel rang from 07700 900123."}'

\b
Endpoints: GET /health, POST /v1/redact, POST /v1/analyze, /docs, /openapi.json
(see docs/http.md). Nothing sent is stored or logged; the access log shows method,
path and status only.

\b
Exit codes: 0 stopped normally; 2 bad usage or configuration (non-loopback host
without a token, unreadable token or rules file, missing FastAPI/uvicorn);
3 the server could not start (e.g. the port is in use).""")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Loopback by default: only this machine can connect.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes, each with its own loaded pipeline (about one per core; "
                   "each uses a few hundred MB).")
@click.option("--token-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File holding a bearer token; every endpoint except /health then needs "
                   "'Authorization: Bearer <token>'. Default: $BALINT_REDACT_TOKEN if set.")
@click.option("--allow-remote-without-token", is_flag=True,
              help="Bind a non-loopback host with no token. Refused by default because "
                   "anyone who can reach the port could send confidential write-ups through "
                   "the server and read the results; use only behind a proxy that "
                   "authenticates.")
@click.option("--max-body-size", default="1MB", show_default=True, metavar="SIZE",
              help="Refuse larger request bodies with 413 (e.g. 512KB, 2MB).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info",
                                                "debug"]), default="info", show_default=True,
              help="Server log level (no level logs request or response bodies).")
@click.option("--no-access-log", is_flag=True, help="Do not log one line per request.")
@detection_options
def serve_command(host: str, port: int, workers: int, token_file: Path | None,
                  allow_remote_without_token: bool, max_body_size: str, log_level: str,
                  no_access_log: bool, **detect: Any) -> None:
    """Run the HTTP API: POST a write-up as JSON, get it back redacted.

    The server is stateless: run more --workers on one machine, or more replicas behind
    any load balancer. Per-request options, known names and rules are supported (see
    /docs). The detection options below set the server's defaults.
    """
    from balint_redact.errors import ConfigError

    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError as exc:
        raise ConfigError(f"`serve` needs FastAPI and uvicorn ({exc.name or 'a module'} is not "
                          "installed); install them with: pip install 'balint-redact[serve]'"
                          ) from None
    from balint_redact.rules import load_rules_file
    from balint_redact.server import (ENV_KNOWN_NAMES, ENV_TOKEN_FILE, TOKEN_ENV, Settings,
                                      create_app, read_token_file)

    from .options import redactor_options

    token = None
    if token_file is not None:
        token = read_token_file(token_file)
    elif os.environ.get(TOKEN_ENV, "").strip():
        token = os.environ[TOKEN_ENV].strip()
    if not token and not is_loopback(host) and not allow_remote_without_token:
        raise ConfigError(
            f"refusing to listen on {host} without a token: anyone who can reach it could "
            "use the server. Give --token-file (or set BALINT_REDACT_TOKEN), bind 127.0.0.1, "
            "or pass --allow-remote-without-token if a proxy in front authenticates.")
    if token and not is_loopback(host):
        click.echo("Note: the server speaks plain HTTP; put a TLS-terminating proxy in front "
                   "so write-ups and the token are encrypted on the network.", err=True)

    opts = redactor_options(**detect)
    rules_files = tuple(str(Path(p).resolve()) for p in opts["rules"] or ())
    for p in rules_files:  # a bad rules file fails here, before binding
        load_rules_file(p)
    from balint_redact.entities import ENTITY_TYPES

    entities = tuple(opts["entities"]) if opts["entities"] else None
    unknown = [e for e in entities or () if e not in ENTITY_TYPES]
    if unknown:
        raise ConfigError(f"unknown entity type(s): {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(ENTITY_TYPES))})")
    settings = Settings(max_body_bytes=parse_size(max_body_size), token=token,
                        model=opts["model"], rules_files=rules_files,
                        known_names=tuple(opts["known_names"]), entities=entities,
                        style=opts["style"], keep_titles=opts["keep_titles"],
                        fuzzy_names=opts["fuzzy_names"])
    common = dict(host=host, port=port, log_level=log_level, access_log=not no_access_log,
                  server_header=False)
    from balint_redact.startup import resume_gc
    if workers == 1:
        app = create_app(settings)  # loads the pipeline now; errors end the command here
        click.echo(f"balint-redact serving on http://{_url_host(host)}:{port} "
                   f"(docs at /docs; Ctrl+C to stop)", err=True)
        resume_gc()  # a long-running server collects garbage as usual
        uvicorn.run(app, **common)
        return
    # uvicorn starts each worker from an import string; settings travel in the environment
    for key in [k for k in os.environ if k.startswith("BALINT_REDACT_SERVE_")]:
        del os.environ[key]
    os.environ.update(settings.to_env(
        token_file=str(token_file.resolve()) if token_file is not None else None))
    if detect.get("known_names") is not None:
        os.environ[ENV_KNOWN_NAMES] = str(Path(detect["known_names"]).resolve())
    if token_file is None and token:
        os.environ.pop(ENV_TOKEN_FILE, None)  # the workers inherit BALINT_REDACT_TOKEN
    click.echo(f"balint-redact serving on http://{_url_host(host)}:{port} with {workers} "
               "workers (docs at /docs; Ctrl+C to stop)", err=True)
    resume_gc()
    uvicorn.run("balint_redact.server:app_from_env", factory=True, workers=workers, **common)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


COMMANDS = [serve_command]
