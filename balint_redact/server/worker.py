"""The detection worker process of the HTTP API (the child side of server_pool).

A worker is a fresh interpreter (started with ``python -c``: it shares no threads or locks
with the server), reads its Settings from its socket, builds its own :class:`~balint_redact.server.config.RedactorPool` (spaCy and Presidio objects
are not thread-safe, so each process holds its own), says it is ready, then answers one job
at a time over its pipe. Replies are plain data, never exception objects:

* ``("ready", pid)`` once, or ``("error", kind, message)`` if the configuration is bad;
* for each job ``("ok", {"text", "findings", "counts"})`` or ``("error", kind, message)``,
  ``kind`` one of ``detection``, ``config``, ``bad_request``, ``internal``.

A worker exits when its pipe closes or its parent process goes away (checked twice a
second), so a server killed with ``kill -9`` leaves no worker behind. ``PR_SET_PDEATHSIG`` is
not used: it fires when the parent *thread* that started the worker ends, and replacements
are started from short-lived threads.
"""

from __future__ import annotations

import os
import pickle
import re
import socket
import struct
from typing import Any

from ..errors import BalintRedactError, ConfigError, DetectionError
from ..batch.lifetime import guard_worker

_WORD = re.compile(r"\w{3,}")

#: how often a worker checks that its parent is still alive (seconds)


class Channel:
    """Pickled messages over a stream socket, each prefixed by its length (both ends of the
    server-worker link). The peer is our own worker or server, never a client."""

    _HEADER = struct.Struct("!Q")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def send(self, obj: Any) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        self.sock.sendall(self._HEADER.pack(len(data)) + data)

    def _read(self, n: int) -> bytes:
        chunks, left = [], n
        while left:
            chunk = self.sock.recv(min(left, 1 << 20))
            if not chunk:
                raise EOFError("the other end closed the connection")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def recv(self) -> Any:
        (size,) = self._HEADER.unpack(self._read(self._HEADER.size))
        return pickle.loads(self._read(size))

    def poll(self, timeout: float) -> bool:
        """True when a message (or end of file) can be read within ``timeout`` seconds
        (``multiprocessing.connection.wait``: poll(2), so any descriptor number works)."""
        from multiprocessing.connection import wait

        return bool(wait([self.sock], max(0.0, timeout)))

    def close(self) -> None:
        self.sock.close()


def error_kind(exc: BaseException) -> str:
    """How the server reports an exception: detection (503), config (422), bad_request (400),
    internal (500)."""
    if isinstance(exc, DetectionError):
        return "detection"
    if isinstance(exc, ConfigError):
        return "config"
    if isinstance(exc, BalintRedactError):
        return "bad_request"
    return "internal"


def run_job(pool: Any, job: dict[str, Any]) -> tuple[Any, ...]:
    """Redact one request's text; every failure becomes a reply that carries no text."""
    from .scrub import rule_words, scrub

    rules = job.get("rules")
    try:
        red = pool.run(job.get("options"), tuple(job.get("known_names", ())), rules,
                       job["text"])
    except BalintRedactError as exc:
        # messages must not repeat what the request's rules or names say
        names = job.get("known_names", ())
        words = list(rule_words(rules)) + list(names) + [
            w for n in names for w in _WORD.findall(n)]
        return ("error", error_kind(exc), scrub(str(exc), words))
    except Exception as exc:  # never a traceback: it could hold text
        return ("error", "internal", f"internal error ({type(exc).__name__}); nothing was "
                                     "redacted")
    findings = [{"start": f.start, "end": f.end, "entity_type": f.entity_type,
                 "score": f.score, "placeholder": f.placeholder, "direct": f.direct}
                for f in red.findings]
    return ("ok", {"text": red.text, "findings": findings, "counts": red.counts()})


def main(fd: int) -> None:
    """Entry point of a worker process (``fd``: its end of the socket pair): read the
    Settings, build the redactors, then serve jobs until end of file."""
    # the death signal would fire when the pool thread that started this worker ends
    guard_worker(os.getppid(), death_signal=False)
    conn = Channel(socket.socket(fileno=fd))
    from .config import RedactorPool, scrub_config_error
    from .middleware import install_log_filters

    install_log_filters()
    try:
        settings = conn.recv()
        pool = RedactorPool(settings)
    except (EOFError, OSError):
        return
    except BalintRedactError as exc:
        conn.send(("error", error_kind(exc), scrub_config_error(str(exc), settings)))
        return
    except Exception as exc:
        conn.send(("error", "internal", f"loading the pipeline failed ({type(exc).__name__})"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(run_job(pool, job))
        except OSError:
            return
