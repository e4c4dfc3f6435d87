"""ASGI middleware of the HTTP API: the request-body limit, the bearer token, and log filters
that keep request text, unknown URL paths and query strings out of every log.
"""

import hmac
import json
import logging
from typing import Any, Callable

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------- ASGI middleware

def _error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")


async def _send_error(send: Callable[..., Any], status: int, code: str, message: str,
                      headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = _error_body(code, message)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())] + (headers or [])})
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Refuse bodies over ``limit`` bytes with 413, by Content-Length or while streaming, before
    the app sees any of it (the body is buffered, at most ``limit`` bytes)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body larger than {self.limit} bytes"
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _send_error(send, 400, "invalid_request", "invalid Content-Length")
                    return
                if declared > self.limit:
                    await _send_error(send, 413, "body_too_large", message)
                    return
        chunks: list[bytes] = []
        size = 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                chunks.clear()
                await _send_error(send, 413, "body_too_large", message)
                return
            chunks.append(chunk)
            if not msg.get("more_body", False):
                break
        body = b"".join(chunks)
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, receive: Any) -> Any:
    """A ``receive`` that hands the app the whole ``body`` once (read already by a
    middleware), then whatever the server sends next (a disconnect)."""
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return replay


#: what to send, said by every refusal of a body's type
SEND = ('send JSON such as {"text": "…"} with Content-Type: application/json, or the '
        "write-up itself with Content-Type: text/plain")


def _media_type(headers: list[tuple[bytes, bytes]]) -> tuple[str | None, str]:
    """(media type in lower case, charset) of the Content-Type header; (None, "") if none."""
    for name, value in headers:
        if name == b"content-type":
            kind, _, params = value.decode("latin-1").partition(";")
            charset = ""
            for param in params.split(";"):
                key, _, val = param.strip().partition("=")
                if key.lower() == "charset":
                    charset = val.strip().strip('"').lower()
            return kind.strip().lower(), charset
    return None, ""


class PlainTextMiddleware:
    """On ``paths``: a ``text/plain`` body is the write-up itself (read as UTF-8, or in its
    declared charset) and reaches the app as ``{"text": ...}``; a JSON body (or one with no
    Content-Type) passes as it is; any other type is refused with 415 saying what to send."""

    def __init__(self, app: Any, paths: Any) -> None:
        self.app = app
        self.paths = frozenset(paths)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") not in self.paths or \
                scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        kind, charset = _media_type(scope.get("headers", []))
        if kind is None or kind == "application/json" or kind.endswith("+json"):
            await self.app(scope, receive, send)
            return
        if kind != "text/plain":
            await _send_error(send, 415, "unsupported_media_type",
                              f"unsupported Content-Type: {SEND}")
            return
        chunks: list[bytes] = []
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            chunks.append(msg.get("body", b""))
            if not msg.get("more_body", False):
                break
        try:
            text = b"".join(chunks).decode(charset or "utf-8")
        except (LookupError, UnicodeDecodeError):
            await _send_error(send, 400, "invalid_request",
                              "the text/plain body is not valid "
                              f"{'UTF-8' if not charset else 'text in its charset'}; {SEND}")
            return
        body = json.dumps({"text": text}).encode("utf-8")
        headers = [(k, v) for k, v in scope.get("headers", [])
                   if k not in (b"content-type", b"content-length")]
        headers += [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())]
        await self.app(dict(scope, headers=headers), _replay(body, receive), send)


class BearerAuthMiddleware:
    """Every path except /health needs ``Authorization: Bearer <token>`` (compared in constant
    time); otherwise 401."""

    OPEN_PATHS = frozenset({"/health"})

    def __init__(self, app: Any, token: str) -> None:
        self.app = app
        self.token = token.encode("utf-8")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") in self.OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        provided = b""
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                scheme, _, rest = value.partition(b" ")
                if scheme.lower() == b"bearer":
                    provided = rest.strip()
                break
        if not (provided and hmac.compare_digest(provided, self.token)):
            await _send_error(send, 401, "unauthorized",
                              "missing or wrong bearer token (Authorization: Bearer <token>)",
                              [(b"www-authenticate", b'Bearer realm="balint-redact"')])
            return
        await self.app(scope, receive, send)


#: HTTP methods logged as sent; any other token is logged as OTHER
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
                      "CONNECT"})


class _AccessLogFilter(logging.Filter):
    """Uvicorn's access log records the client, method, path with query string, and status.
    Keep the method, status and a path that cannot carry text: a path of the app as it is,
    any other with its unknown segments masked (``/v1/*``), never the query string. A client
    could put a name anywhere in a URL."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: set[str] = set()
        self.segments: set[str] = set()

    def add_paths(self, paths: Any) -> None:
        for path in paths:
            self.paths.add(path)
            self.segments.update(part for part in path.split("/") if part)

    def mask(self, path: str) -> str:
        from urllib.parse import unquote

        path = unquote(path.split("?", 1)[0])
        if path in self.paths:
            return path
        return "/".join(part if part in self.segments or not part else "*"
                        for part in path.split("/")) or "/"

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            method = args[1] if args[1] in _METHODS else "OTHER"
            record.args = (args[0], method, self.mask(args[2]), args[3], args[4])
        return True


#: third-party loggers that may put input text into messages (Presidio logs context words at
#: DEBUG and the text of a failed IBAN check at ERROR)
TEXT_LOGGERS = ("presidio-analyzer", "presidio-anonymizer", "decision_process")


class _NoTextFilter(logging.Filter):
    """Drop records below WARNING from loggers that may log input text; keep only the level
    and logger name of the rest (no message arguments, no traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return False
        record.msg = "%s message suppressed by balint-redact (it may contain input text)"
        record.args = (record.name,)
        record.exc_info = record.exc_text = record.stack_info = None
        return True


def install_log_filters(paths: Any = ()) -> None:
    """Keep request text out of every log: uvicorn's access log shows only the app's own
    ``paths`` (others masked) and no query string, and third-party detection loggers are
    muted (done once per process; the server calls it)."""
    for name, kind in [("uvicorn.access", _AccessLogFilter)] + [
            (n, _NoTextFilter) for n in TEXT_LOGGERS]:
        target = logging.getLogger(name)
        found = next((f for f in target.filters if isinstance(f, kind)), None)
        if found is None:
            found = kind()
            target.addFilter(found)
        if isinstance(found, _AccessLogFilter):
            found.add_paths(paths)
