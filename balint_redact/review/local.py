"""The local review page: 127.0.0.1, a random port, a one-time token as the first part of
every path, and a process that ends when the page is closed or left idle.

Only ``/<token>/…`` is answered (the token compared in constant time); anything else, and
any request whose Host header is not this server's own address (a DNS-rebinding page), is
refused with 404 and nothing else. Nothing is logged: no request line, so neither the token
nor any path reaches a log.

The page says it is alive every few seconds and says goodbye when it is closed
(``navigator.sendBeacon``). The server stops ``CLOSE_GRACE`` seconds after a goodbye with no
page coming back (a reload comes back at once), when the page has gone quiet for
``LOST_AFTER`` seconds (a crashed browser; a hidden tab's timers may run once a minute), or
when no request at all has come for ``idle_timeout`` seconds.
"""

from __future__ import annotations

import hmac
import os
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .web import ReviewApp, error_reply, security_headers

HOST = "127.0.0.1"
#: seconds between the page's "still here" requests
HEARTBEAT = 5.0
#: seconds after a page's goodbye before the server stops: a reload asks again at once, and
#: the page in another tab says it is still there within a heartbeat
CLOSE_GRACE = HEARTBEAT + 2.0
#: seconds without the page's heartbeat before the page counts as gone
LOST_AFTER = 150.0


class _Lifetime:
    """When the page was last heard from, and whether it said goodbye."""

    def __init__(self) -> None:
        now = time.monotonic()
        self.last_request = now
        self.last_alive: float | None = None
        self.bye_at: float | None = None
        self.lock = threading.Lock()

    def request(self) -> None:
        with self.lock:
            self.last_request = time.monotonic()
            self.bye_at = None

    def alive(self) -> None:
        with self.lock:
            self.last_alive = time.monotonic()
            self.bye_at = None

    def bye(self) -> None:
        with self.lock:
            self.bye_at = time.monotonic()

    def reason_to_stop(self, idle_timeout: float, grace: float, lost_after: float) -> str | None:
        now = time.monotonic()
        with self.lock:
            if self.bye_at is not None and now - self.bye_at >= grace:
                return "closed"
            if self.last_alive is not None and now - self.last_alive >= lost_after:
                return "lost"
            if now - self.last_request >= idle_timeout:
                return "idle"
        return None


class LocalReview:
    """Serve one ReviewApp on 127.0.0.1 until the page is closed or left idle.

    >>> server = LocalReview(app, idle_timeout=600)   # doctest: +SKIP
    >>> print(server.url); server.serve_until_done()  # doctest: +SKIP
    """

    def __init__(self, app: ReviewApp, idle_timeout: float = 1800.0, port: int = 0,
                 grace: float = CLOSE_GRACE, lost_after: float = LOST_AFTER) -> None:
        self.app = app
        self.token = secrets.token_urlsafe(24)
        self.idle_timeout = idle_timeout
        self.grace = grace
        self.lost_after = lost_after
        self.lifetime = _Lifetime()
        app.on_alive, app.on_bye = self.lifetime.alive, self.lifetime.bye
        app.heartbeat = HEARTBEAT
        self.httpd = _Server((HOST, port), _handler(self))
        self.port = self.httpd.server_address[1]
        self.stopped = threading.Event()
        self.reason: str | None = None

    @property
    def url(self) -> str:
        """The page's address, token included (show it to the presenter only)."""
        return f"http://{HOST}:{self.port}/{self.token}/"

    def serve_until_done(self) -> str:
        """Serve until the page is closed, lost or idle (or ``stop``); returns which."""
        watcher = threading.Thread(target=self._watch, daemon=True)
        watcher.start()
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.stopped.set()
            self.httpd.server_close()
        return self.reason or "stopped"

    def stop(self, reason: str = "stopped") -> None:
        if self.reason is None:
            self.reason = reason
        threading.Thread(target=self.httpd.shutdown, daemon=True).start()

    def _watch(self) -> None:
        while not self.stopped.wait(0.2):
            why = self.lifetime.reason_to_stop(self.idle_timeout, self.grace, self.lost_after)
            if why is not None:
                self.stop(why)
                return


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a page that went away mid-answer: nothing to report, and no traceback on stderr


def open_in_browser(url: str) -> bool:
    """Open ``url`` in the default graphical browser; False where there is none (no display,
    or only a console browser, which would take over the terminal)."""
    import webbrowser

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or
                                                 os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if type(browser) is webbrowser.GenericBrowser:  # lynx, w3m …: they block the terminal
        return False
    try:
        return bool(browser.open(url))
    except Exception:
        return False


def _handler(review: LocalReview) -> type[BaseHTTPRequestHandler]:
    prefix = f"/{review.token}".encode("ascii")

    class Handler(BaseHTTPRequestHandler):
        server_version = "balint-review"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # no request line in any log: it holds the token

        def _path(self) -> str | None:
            """The path below the base, or None for a wrong token or a foreign Host."""
            port = self.server.server_address[1]
            if self.headers.get("Host", "") not in (f"{HOST}:{port}", f"localhost:{port}"):
                return None
            raw = self.path.split("?", 1)[0].encode("utf-8", "replace")
            head, sep, rest = raw[1:].partition(b"/")
            if not hmac.compare_digest(b"/" + head, prefix):
                return None
            return rest.decode("utf-8", "replace") if sep else "\0"

        def _send(self, status: int, body: bytes, ctype: str,
                  headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _serve(self, method: str) -> None:
            path = self._path()
            if path is None:
                r = error_reply(404, "not found")
                self._send(404, r.body, r.ctype, security_headers())
                return
            if path == "\0":  # the base without its slash: relative links need it
                self._send(308, b"", "text/plain", {"Location": f"/{review.token}/"})
                return
            review.lifetime.request()
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= 1024 * 1024:
                r = error_reply(413, "request too large or of unknown length")
                self._send(413, r.body, r.ctype, security_headers())
                self.close_connection = True
                return
            body = self.rfile.read(length) if length else b""
            reply = review.app.handle(method, path, body)
            self._send(reply.status, reply.body, reply.ctype, reply.headers)

        def do_GET(self) -> None:  # noqa: N802
            self._serve("GET")

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve("HEAD")

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

    return Handler
