"""The browser fixture itself: a page served on 127.0.0.1 renders, and a request to any other
host is recorded (so the "nothing leaves the machine" tests can fail)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .conftest import only_local


class _Handler(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(body: bytes) -> tuple[ThreadingHTTPServer, str]:
    handler = type("H", (_Handler,), {"body": body})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def test_local_page_renders_and_outside_request_is_recorded(page) -> None:
    server, url = _serve(b"<h1 id=t>hello</h1><img src='http://192.0.2.1/x.png'>")
    try:
        page.goto(url)
        assert page.locator("#t").inner_text() == "hello"
        page.wait_for_timeout(200)
        assert only_local(page.requests_made) == ["http://192.0.2.1/x.png"]
    finally:
        server.shutdown()
