"""The detection pool of the HTTP API: a few worker processes, a bounded queue, a time limit.

Detection is CPU-bound and its spaCy/Presidio objects are not thread-safe, so within one
process requests can only run one at a time; on two cores the useful parallelism is a few
processes. The server process keeps only the event loop (parsing JSON, answering /health),
and hands each request to an idle worker process (server_worker), so one slow request holds
one worker while the others keep serving:

* at most ``workers + queue_limit`` requests are admitted; the next is refused at once
  (``busy``: 503 with Retry-After) rather than queued behind work it would time out behind;
* each admitted request gets ``timeout`` seconds, waiting included. When they run out the
  worker doing it is killed (SIGKILL: the slow work stops and can produce nothing more),
  the request fails closed (``timeout``: 503, no text) and a replacement worker starts;
* a worker that dies mid-request is replaced the same way (``detection``: 503).

Waiting happens in threads of a bounded executor (one per admitted request, blocked on a
queue or a pipe), so the event loop never blocks. Replies are plain tuples (see
server_worker); ``run`` returns them, with the pool's own ``("error", "timeout" | "busy",
message)``.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from ..errors import ConfigError, DetectionError
from .config import TOKEN_ENV, Settings
from .worker import Channel

logger = logging.getLogger(__name__)

#: seconds a worker may take to load the pipeline
START_TIMEOUT = 300.0
#: the longest pause between attempts to replace a worker that failed to start
MAX_BACKOFF = 30.0
#: how a worker learns the server's sys.path
PATH_ENV = "BALINT_REDACT_WORKER_SYS_PATH"

Reply = tuple[Any, ...]


class _Worker:
    """One worker process (``python -c``: a fresh interpreter that shares no threads or locks
    with the server and does not re-run the caller's main module) and the parent's end of
    its socket pair."""

    def __init__(self, settings: Settings) -> None:
        parent, child = socket.socketpair()
        env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}  # no token to workers
        env[PATH_ENV] = json.dumps(sys.path)  # the same imports (in the environment: a
        # command line is visible to every user, and paths can hold a user's name)
        code = (f"import sys, os, json; sys.path[:0] = json.loads(os.environ.pop({PATH_ENV!r}))"
                "; from balint_redact.server.worker import main; main(int(sys.argv[1]))")
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", code, str(child.fileno())],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, env=env)
        finally:
            child.close()
        self.conn = Channel(parent)
        self.pid: int | None = self.proc.pid
        self.ready = False
        self.conn.send(settings)

    def wait_ready(self, timeout: float) -> Reply:
        try:
            if not self.conn.poll(timeout):
                return ("error", "internal", f"a detection worker did not start within "
                                             f"{timeout:g} s")
            reply = tuple(self.conn.recv())
            self.ready = reply[0] == "ready"
            return reply
        except (EOFError, OSError):
            return ("error", "internal", "a detection worker exited while starting")

    def stop(self) -> None:
        """Kill the process (whatever it is doing) and reap it."""
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL is not refused
            pass
        self.conn.close()


def min_run(timeout: float) -> float:
    """The least time left for a request to be sent to a worker: a tenth of the limit, at
    least 0.2 s and at most 2 s."""
    return min(2.0, max(0.2, timeout / 10))


class DetectionPool:
    """``settings.workers`` detection processes behind a bounded queue (see module doc)."""

    def __init__(self, settings: Settings, start_timeout: float = START_TIMEOUT) -> None:
        self.size = max(1, settings.workers)
        self.timeout = settings.timeout
        self.capacity = self.size + max(0, settings.queue_limit)
        self._settings = replace(settings, token=None)  # workers never see the token
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._live: set[_Worker] = set()
        self._admitted = 0
        self._closed = False
        self._start_timeout = start_timeout
        self._executor = ThreadPoolExecutor(self.capacity, thread_name_prefix="balint-detect")
        starting = [self._spawn() for _ in range(self.size)]
        replies = [w.wait_ready(start_timeout) for w in starting]
        failed = [r for r in replies if r[0] != "ready"]
        if failed:
            self.close()
            kind, message = failed[0][1], failed[0][2]
            raise (ConfigError if kind == "config" else DetectionError)(message)
        for w in starting:
            self._idle.put(w)
        atexit.register(self.close)

    def _spawn(self) -> _Worker:
        worker = _Worker(self._settings)
        with self._lock:
            self._live.add(worker)
        return worker

    # ------------------------------------------------------------------ status

    @property
    def pids(self) -> list[int]:
        """Process ids of the workers that are ready (for /health and tests)."""
        with self._lock:
            return sorted(w.pid for w in self._live if w.ready and w.pid is not None)

    @property
    def admitted(self) -> int:
        """Requests running or waiting now."""
        return self._admitted

    # ------------------------------------------------------------------ requests

    async def run(self, job: dict[str, Any]) -> Reply:
        """Detect in a worker; never raises for a failure, returns an error reply."""
        with self._lock:
            if self._closed:
                return ("error", "busy", "the server is shutting down")
            if self._admitted >= self.capacity:
                return ("error", "busy", f"the server is busy ({self._admitted} requests "
                                         "running or waiting); try again shortly")
            self._admitted += 1
        deadline = time.monotonic() + self.timeout
        try:
            future = asyncio.get_running_loop().run_in_executor(
                self._executor, self._call, job, deadline)
        except RuntimeError:  # the executor has been shut down
            self._release()
            return ("error", "busy", "the server is shutting down")
        return await future

    def _release(self) -> None:
        with self._lock:
            self._admitted -= 1

    def _call(self, job: dict[str, Any], deadline: float) -> Reply:
        """Blocking part of ``run`` (in an executor thread): wait for a worker, send, wait."""
        try:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return ("error", "timeout", f"no detection worker became free within "
                                            f"{self.timeout:g} s; nothing was redacted")
            if deadline - time.monotonic() < min_run(self.timeout):
                # too little time left to run anything: killing a healthy worker for it would
                # turn a burst of load into a run of outages, so it goes back unused
                self._idle.put(worker)
                return ("error", "timeout", f"no detection worker became free in time "
                                            f"({self.timeout:g} s); nothing was redacted")
            reply: Reply | None = None
            try:
                worker.conn.send(job)
                if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                    reply = tuple(worker.conn.recv())
            except (EOFError, OSError):
                self._replace(worker, "it stopped unexpectedly")
                return ("error", "detection", "the detection worker stopped unexpectedly; "
                                              "nothing was redacted")
            if reply is None:
                self._replace(worker, "a request ran out of time")
                return ("error", "timeout", f"detection took longer than {self.timeout:g} s "
                                            "and was stopped; nothing was redacted")
            self._idle.put(worker)
            return reply
        finally:
            self._release()

    # ------------------------------------------------------------------ workers

    def _replace(self, worker: _Worker, why: str) -> None:
        """Kill ``worker`` now; start its replacement in the background."""
        logger.warning("detection worker %s stopped (%s); starting a replacement",
                       worker.pid, why)
        worker.stop()
        with self._lock:
            self._live.discard(worker)
            if self._closed:
                return
        threading.Thread(target=self._respawn, name="balint-detect-respawn",
                         daemon=True).start()

    def _respawn(self) -> None:
        pause = 1.0
        while not self._closed:
            worker = self._spawn()
            reply = worker.wait_ready(self._start_timeout)
            with self._lock:
                ok = reply[0] == "ready" and not self._closed
            if ok:
                self._idle.put(worker)
                return
            worker.stop()
            with self._lock:
                self._live.discard(worker)
            if reply[0] != "ready" and not self._closed:
                logger.error("a replacement detection worker failed to start (%s); retrying "
                             "in %.0f s", reply[2], pause)
            time.sleep(pause)
            pause = min(pause * 2, MAX_BACKOFF)

    def close(self) -> None:
        """Stop every worker (idempotent; also run at exit)."""
        with self._lock:
            self._closed = True
            workers = list(self._live)
            self._live.clear()
        for w in workers:
            w.stop()
        self._executor.shutdown(wait=False, cancel_futures=True)
