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

from balint_redact.server import DEFAULT_QUEUE_LIMIT, DEFAULT_TIMEOUT, DEFAULT_WORKERS

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
  balint-redact serve --port 8080 --workers 3 --timeout 120
  balint-redact serve --host 0.0.0.0 --token-file /run/secrets/balint-token
  curl -s localhost:8000/v1/redact -H 'Content-Type: application/json' \\
       -d '{"text": "Mrs Amina Patel rang from 07700 900123.", "score_threshold": 0.5}'
  curl -s localhost:8000/v1/redact -H 'Content-Type: text/plain' --data-binary @notes.txt

\b
Endpoints: GET /health, POST /v1/redact, POST /v1/analyze (JSON, or the write-up
as text/plain), GET /v1/entities, /docs (served from the package, works offline),
/openapi.json (see docs/http.md). Nothing sent is stored or logged; the access log shows method,
path (unknown paths masked, no query string) and status only.

\b
Each request is redacted by one of --workers detection processes; a request
still running after --timeout seconds (waiting included) is stopped and answered
503, and when --queue-limit requests are already waiting, a new one gets 503 at
once. Nothing is returned from a stopped request.

\b
Exit codes: 0 stopped normally; 2 bad usage or configuration (non-loopback host
without a token, unreadable token or rules file, missing FastAPI/uvicorn);
3 the server could not start (e.g. the port is in use).""")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Loopback by default: only this machine can connect.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=DEFAULT_WORKERS,
              show_default=True,
              help="Detection processes, each with its own loaded pipeline (a few hundred MB "
                   "each); a slow request holds one while the others keep serving.")
@click.option("--queue-limit", type=click.IntRange(0, 100_000), default=DEFAULT_QUEUE_LIMIT,
              show_default=True,
              help="Requests allowed to wait for a detection process; more get 503 at once.")
@click.option("--timeout", "timeout", type=click.FloatRange(0.1, 86_400),
              default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
              help="Time limit of one request, waiting included; past it the work is "
                   "stopped and the request fails closed (503, nothing returned).")
@click.option("--token-file", type=click.Path(path_type=Path), default=None,
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
def serve_command(host: str, port: int, workers: int, queue_limit: int, timeout: float,
                  token_file: Path | None, allow_remote_without_token: bool,
                  max_body_size: str, log_level: str, no_access_log: bool,
                  **detect: Any) -> None:
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
    from balint_redact.server import TOKEN_ENV, Settings, create_app, read_token_file

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

    opts = _options(detect)
    rules_files = tuple(str(Path(p).resolve()) for p in opts["rules"] or ())
    entities = _entities(opts["entities"])
    settings = Settings(max_body_bytes=parse_size(max_body_size), token=token,
                        model=opts["model"], rules_files=rules_files,
                        known_names=tuple(opts["known_names"]), entities=entities,
                        style=opts["style"], keep_titles=opts["keep_titles"],
                        fuzzy_names=opts["fuzzy_names"], workers=workers,
                        queue_limit=queue_limit, timeout=timeout)
    _check_rules(settings, [str(p) for p in opts["rules"] or ()])
    from balint_redact.startup import resume_gc

    # the port first: when it is taken the command fails at once, in one line, before any
    # worker starts or uvicorn logs "Application startup complete"
    sock = bind_socket(host, port)
    try:
        app = create_app(settings)  # starts the detection workers; errors end the command here
    except BaseException:
        sock.close()
        raise
    try:
        click.echo(f"balint-redact serving on http://{_url_host(host)}:{port} with {workers} "
                   f"detection worker{'s' if workers != 1 else ''} (docs at /docs; Ctrl+C to "
                   "stop)", err=True)
        resume_gc()  # a long-running server collects garbage as usual
        config = uvicorn.Config(app, host=host, port=port, log_level=log_level,
                                access_log=not no_access_log, server_header=False)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        app.state.pool.close()


#: exit code of a server that could not start (see the epilog)
EXIT_CANNOT_START = 3


def bind_socket(host: str, port: int) -> Any:
    """A listening socket on host:port (as uvicorn would bind it), or a one-line error and
    exit code 3 when the address is in use or cannot be bound."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET  # as uvicorn chooses
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(2048)
    except (OSError, UnicodeError) as exc:
        sock.close()
        where = f"{_url_host(host)}:{port}"
        if getattr(exc, "errno", None) == errno.EADDRINUSE:
            message = (f"port {port} on {_url_host(host)} is already in use (another server?); "
                       "stop it or choose another with --port")
        else:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            message = f"cannot listen on {where} ({reason})"
        click.echo(f"Error: {message}", err=True)
        raise click.exceptions.Exit(EXIT_CANNOT_START) from None
    sock.set_inheritable(True)
    return sock


def _options(detect: dict[str, Any]) -> dict[str, Any]:
    """The shared detection options, with errors that name the option, not the path."""
    from balint_redact.errors import ConfigError
    from balint_redact.server import scrub_text as scrub

    from .options import redactor_options

    try:
        return redactor_options(**detect)
    except ConfigError as exc:
        given = detect.get("known_names")
        paths = {str(given): "--known-names"} if given is not None else {}
        raise ConfigError(scrub(str(exc), paths=paths)) from None


def _entities(given: list[str] | None) -> tuple[str, ...] | None:
    """--entities checked; an unknown value is named by its position, never echoed."""
    from balint_redact.render import ENTITY_TYPES
    from balint_redact.errors import ConfigError

    if not given:
        return None
    unknown = [i + 1 for i, e in enumerate(given) if e not in ENTITY_TYPES]
    if unknown:
        which = ", ".join(f"#{i}" for i in unknown)
        raise ConfigError(f"--entities: unknown entity type (value {which} of {len(given)}; "
                          f"known: {', '.join(sorted(ENTITY_TYPES))})")
    return tuple(given)


def _check_rules(settings: Any, given: list[str]) -> None:
    """A bad rules file fails here, before anything starts; the error names it ``--rules #N``
    and repeats none of its values."""
    from balint_redact.errors import ConfigError
    from balint_redact.rules import load_rules_file
    from balint_redact.server import scrub_config_error

    for p in settings.rules_files:
        try:
            load_rules_file(p)
        except ConfigError as exc:
            message = scrub_config_error(str(exc), settings)
            for i, raw in enumerate(given):  # the path as typed, too
                message = message.replace(raw, f"--rules #{i + 1}")
            raise ConfigError(message) from None


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


COMMANDS = [serve_command]
