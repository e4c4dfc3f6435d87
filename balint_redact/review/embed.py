"""The review page inside ``balint-redact serve``, at ``/review``, for a group-management
system to embed.

``GET /review/`` is a page to choose a file; ``POST /review/new?kind=txt|md|docx`` (the
file's bytes as the body) detects through the server's worker pool and opens a session
at ``/review/s/<token>/``, the same page as the local command's, whose Save downloads the
redacted copy and the decisions file (the server keeps nothing on disk beyond the session).
Every path is behind the API's bearer token when the server has one (the embedding system
holds it, as for the API), and each session has its own unguessable token, which the access
log masks like any path segment that is not the app's own. Sessions end after
``SESSION_IDLE`` seconds unused, or when ``MAX_SESSIONS`` newer ones exist.
"""

# no "from __future__ import annotations": FastAPI reads the routes' annotations (Request)
import atexit
import hmac
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from ..errors import BalintRedactError
from ..io.documents import Document, load_document
from ..io.textio import decode
from .session import ReviewSession, spans_of
from .web import ReviewApp, Reply, error_reply, security_headers, static

MAX_SESSIONS = 32
SESSION_IDLE = 3600.0
KINDS = {"txt": ".txt", "md": ".md", "docx": ".docx"}


class Sessions:
    """Open review sessions by token; each with a private folder for a Word original."""

    def __init__(self, limit: int = MAX_SESSIONS, idle: float = SESSION_IDLE) -> None:
        self.limit, self.idle = limit, idle
        self.items: dict[str, tuple[ReviewApp, Path | None, float]] = {}
        self.lock = threading.Lock()
        atexit.register(self.close)

    def add(self, app: ReviewApp, folder: Path | None) -> str:
        token = secrets.token_urlsafe(24)
        with self.lock:
            self._expire()
            while len(self.items) >= self.limit:
                oldest = min(self.items, key=lambda t: self.items[t][2])
                self._drop(oldest)
            self.items[token] = (app, folder, time.monotonic())
        return token

    def get(self, token: str) -> ReviewApp | None:
        with self.lock:
            self._expire()
            found = next((t for t in self.items
                          if hmac.compare_digest(t.encode(), token.encode("utf-8", "replace"))),
                         None)
            if found is None:
                return None
            app, folder, _ = self.items[found]
            self.items[found] = (app, folder, time.monotonic())
            return app

    def _expire(self) -> None:
        now = time.monotonic()
        for t in [t for t, (_, _, used) in self.items.items() if now - used > self.idle]:
            self._drop(t)

    def _drop(self, token: str) -> None:
        _, folder, _ = self.items.pop(token)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        with self.lock:
            for t in list(self.items):
                self._drop(t)


def _document(kind: str, data: bytes) -> tuple[Document, Path | None]:
    if kind != "docx":
        return Document(None, "text", decode(data).text), None
    folder = Path(tempfile.mkdtemp(prefix="balint-review-"))
    try:
        path = folder / "upload.docx"
        path.write_bytes(data)
        return load_document(path), folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _response(reply: Reply) -> Any:
    from fastapi.responses import Response

    return Response(reply.body, reply.status, headers=reply.headers, media_type=reply.ctype)


def review_router(pool: Any, style: str | None = None) -> Any:
    """The ``/review`` routes; detection goes through ``pool`` (the server's workers)."""
    from fastapi import APIRouter, Request
    from fastapi.responses import RedirectResponse

    router = APIRouter(include_in_schema=False)
    sessions = Sessions()
    headers = security_headers("'self'")

    @router.get("/review")
    async def to_upload() -> Any:
        return RedirectResponse("review/", 308, headers=headers)

    @router.get("/review/")
    async def upload_page() -> Any:
        return _response(Reply(200, static("upload.html"), "text/html; charset=utf-8",
                               headers))

    @router.get("/review/static/{name}")
    async def upload_static(name: str) -> Any:
        return _response(_session_free(name))

    @router.post("/review/new")
    async def new(request: Request, kind: str = "txt") -> Any:
        if kind not in KINDS:
            return _response(_with(error_reply(400, "kind must be txt, md or docx"), headers))
        data = await request.body()
        try:
            doc, folder = _document(kind, data)
        except BalintRedactError as exc:
            return _response(_with(error_reply(400, str(exc)), headers))
        reply = await pool.run({"options": None, "known_names": (), "rules": None,
                                "text": doc.text})
        if reply[0] != "ok":
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
            return _response(_with(error_reply(503, "detection failed; nothing is shown "
                                                    f"({reply[1]})"), headers))
        session = ReviewSession(doc, spans_of(reply[1]["findings"]),
                                style=style or "placeholder", fingerprint="serve")
        token = sessions.add(ReviewApp(session, suffix=KINDS[kind]), folder)
        return _response(_with(Reply(200, f'{{"url": "s/{token}/"}}'.encode()), headers))

    @router.api_route("/review/s/{token}/{rest:path}", methods=["GET", "HEAD", "POST"])
    async def page(token: str, rest: str, request: Request) -> Any:
        app = sessions.get(token)
        if app is None:
            return _response(_with(error_reply(404, "no such review (it may have ended)"),
                                   headers))
        body = await request.body() if request.method == "POST" else b""
        return _response(app.handle(request.method, rest, body))

    # the access log shows these paths' fixed parts; a session's token is masked ("*")
    from ..server.middleware import install_log_filters

    install_log_filters(route.path for route in router.routes)
    return router


def _with(reply: Reply, headers: dict[str, str]) -> Reply:
    reply.headers = {**headers, **reply.headers}
    return reply


def _session_free(name: str) -> Reply:
    """A static file of the upload page (the same files as a session's)."""
    from .web import STATIC_TYPES

    if name not in STATIC_TYPES or name.endswith(".html"):
        return _with(error_reply(404, "no such file"), security_headers("'self'"))
    return _with(Reply(200, static(name), STATIC_TYPES[name]), security_headers("'self'"))
