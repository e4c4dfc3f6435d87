"""Test helpers for the HTTP server: a free loopback port, uvicorn in a thread of this process,
and waiting for a server process to answer /health. Loopback only; every wait is bounded."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def uvicorn_in_thread(app: Any, **config: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a daemon thread (``log_config=None``, so its records reach
    caplog); yields the base URL once it has started, and stops it on the way out."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                           **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def wait_for_health(proc: subprocess.Popen, base: str, output: Callable[[], str],
                    timeout: float = 180) -> None:
    """Until the server process at ``base`` answers /health with 200; fails with its output
    (``output()``) if it exits first, or after ``timeout`` seconds."""
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        assert proc.poll() is None, output()
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "server did not answer /health"
        time.sleep(0.2)
