"""The review page's requests, independent of any web framework: ``ReviewApp.handle(method,
path, body)`` answers one request below the page's base URL (``""`` the page, ``state``,
``act``, ``save``, ``share``, ``alive``, ``bye``, ``download/…``, ``static/…``).

The local command serves it with the standard library (``local``), ``balint-redact serve``
with FastAPI (``embed``). Every answer forbids caching, referrers and anything not from the
page's own origin (Content-Security-Policy); errors are JSON with a message that quotes no
text of the write-up.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from ..errors import BalintRedactError, InputError
from .session import ReviewSession
from .share import ShareSettings, share

#: the largest request body the page sends (an action is a few numbers)
MAX_BODY = 64 * 1024
STATIC_TYPES = {"review.js": "text/javascript; charset=utf-8",
                "review.css": "text/css; charset=utf-8",
                "review.html": "text/html; charset=utf-8",
                "upload.html": "text/html; charset=utf-8"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def static(name: str) -> bytes:
    """A file of the page, shipped with the package."""
    return resources.files(__package__).joinpath("static", name).read_bytes()


def security_headers(frame_ancestors: str = "'none'") -> dict[str, str]:
    return {"Content-Security-Policy": "default-src 'none'; script-src 'self'; "
            "style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; "
            f"form-action 'none'; frame-ancestors {frame_ancestors}",
            "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff", "Cross-Origin-Resource-Policy": "same-origin"}


@dataclass
class Reply:
    status: int
    body: bytes
    ctype: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def json_reply(data: Any, status: int = 200) -> Reply:
    return Reply(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def error_reply(status: int, message: str) -> Reply:
    return json_reply({"error": message}, status)


@dataclass
class Saving:
    """Where "Save" writes (the local page); None in ``embed``, where Save downloads."""

    output: Path
    decisions: Path


class ReviewApp:
    """The requests of one session's page."""

    def __init__(self, session: ReviewSession, *, saving: Saving | None = None,
                 sharing: ShareSettings | None = None, suffix: str = ".txt",
                 on_alive: Callable[[], None] | None = None,
                 on_bye: Callable[[], None] | None = None, heartbeat: float = 0.0) -> None:
        self.session = session
        self.saving = saving
        self.sharing = sharing
        self.suffix = ".docx" if session.doc.kind == "docx" else suffix
        self.on_alive = on_alive or (lambda: None)
        self.on_bye = on_bye or (lambda: None)
        self.heartbeat = heartbeat
        self.frame_ancestors = "'none'" if saving is not None else "'self'"

    def handle(self, method: str, path: str, body: bytes = b"") -> Reply:
        """Answer ``method path`` (path below the base URL, no query string)."""
        try:
            reply = self._route(method, path, body)
        except BalintRedactError as exc:
            reply = error_reply(400, str(exc))
        except Exception as exc:  # never a traceback: it could hold text
            reply = error_reply(500, f"internal error ({type(exc).__name__})")
        reply.headers = {**security_headers(self.frame_ancestors), **reply.headers}
        return reply

    def _route(self, method: str, path: str, body: bytes) -> Reply:
        if path.startswith("static/") and method in ("GET", "HEAD"):
            name = path[len("static/"):]
            if name not in STATIC_TYPES or name.endswith(".html"):
                return error_reply(404, "no such file")
            return Reply(200, static(name), STATIC_TYPES[name])
        if path == "" and method in ("GET", "HEAD"):
            return Reply(200, static("review.html"), STATIC_TYPES["review.html"])
        if path == "state" and method == "GET":
            return json_reply(self.state())
        if path == "download/redacted" and method == "GET":
            return self._download()
        if path == "download/decisions" and method == "GET":
            with self.session.lock:
                data = self.session.file.to_toml().encode("utf-8")
            return Reply(200, data, "application/toml", {
                "Content-Disposition": 'attachment; filename="decisions.toml"'})
        if method != "POST":
            return error_reply(404 if path not in ("act", "save", "share", "alive", "bye")
                               else 405, "no such page")
        if len(body) > MAX_BODY:
            return error_reply(413, "request too large")
        if path == "alive":
            self.on_alive()
            return json_reply({"ok": True})
        if path == "bye":
            self.on_bye()
            return json_reply({"ok": True})
        data = _json(body)
        if path == "act":
            return json_reply(self.act(data))
        if path == "save":
            return json_reply(self.save())
        if path == "share":
            if self.sharing is None:
                return error_reply(409, "no records folder is configured (--records)")
            result = share(self.session, self.sharing)
            return json_reply(dict(result, state=self.state()))
        return error_reply(404, "no such page")

    def state(self) -> dict[str, Any]:
        with self.session.lock:
            out = self.session.state()
        out.update(mode="save" if self.saving else "download",
                   can_share=self.sharing is not None, heartbeat=self.heartbeat,
                   suffix=self.suffix)
        return out

    def act(self, data: dict[str, Any]) -> dict[str, Any]:
        op = data.get("op")
        a, b = data.get("a"), data.get("b")
        with self.session.lock:
            if op == "redact":
                self.session.redact_word(a, b, str(data.get("type") or "PERSON"))
            elif op == "keep":
                self.session.keep(a, b)
            elif op == "confirm":
                self.session.confirm(a, b)
            elif op == "undo":
                self.session.undo()
            else:
                raise InputError("unknown action")
        return self.state()

    def save(self) -> dict[str, Any]:
        if self.saving is None:  # the embedded page downloads instead
            with self.session.lock:
                self.session.saved_decisions = self.session.decisions()
            return {"saved": False, "download": ["download/redacted", "download/decisions"],
                    "state": self.state()}
        with self.session.lock:
            self.session.save(self.saving.output, self.saving.decisions)
        return {"saved": True, "output": self.saving.output.name,
                "decisions": self.saving.decisions.name, "state": self.state()}

    def _download(self) -> Reply:
        name = f"redacted{self.suffix}"
        head = {"Content-Disposition": f'attachment; filename="{name}"'}
        with self.session.lock:
            if self.session.doc.kind != "docx":
                text, _ = self.session.rendered()
                return Reply(200, text.encode("utf-8"), "text/plain; charset=utf-8", head)
            folder = Path(tempfile.mkdtemp(prefix="balint-review-"))
            try:
                target = folder / name
                from ..io.documents import write_redacted

                write_redacted(self.session.doc, self.session.rendered()[0],
                               self.session.replacements(), target)
                return Reply(200, target.read_bytes(), DOCX_TYPE, head)
            finally:
                shutil.rmtree(folder, ignore_errors=True)


def _json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        raise InputError("the request is not JSON") from None
    if not isinstance(data, dict):
        raise InputError("the request must be a JSON object")
    return data
