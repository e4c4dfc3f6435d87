"""The HTTP API: ``create_app(settings)`` builds a FastAPI app around one loaded pipeline.

Endpoints: ``GET /health``; ``POST /v1/redact``; ``POST /v1/analyze``; OpenAPI at
``/openapi.json``, interactive docs at ``/docs``. See docs/http.md.

Safety properties (each tested in tests/test_server.py):

* nothing from a request or response body is logged, at any level, and no error response
  repeats input: validation errors name field locations and error kinds only;
* request bodies over ``max_body_bytes`` are refused with 413 before the app reads them;
* an optional bearer token guards every endpoint but ``/health`` (constant-time compare);
* detection failures are 503 with no text (fail closed), configuration problems 422;
* the CPU-bound redaction runs in the threadpool, so ``/health`` answers under load.

The app keeps no state between requests apart from caches, so any number of workers or
replicas can sit behind a load balancer. ``app_from_env`` is the factory uvicorn imports in
each worker when ``balint-redact serve --workers N`` is used (settings travel in env vars).

>>> app = create_app(Settings())   # doctest: +SKIP
"""

import hashlib
import hmac
import json
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Literal

from . import __version__
from .entities import ENTITY_TYPES
from .errors import BalintRedactError, ConfigError, DetectionError

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

    from .redactor import Redactor
    from .rules import RuleSet

logger = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_MAX_BODY_BYTES = 1 * MB
MAX_KNOWN_NAMES = 10_000
MAX_NAME_CHARS = 200
MAX_RULES_BYTES = 64 * 1024
CACHE_SIZE = 8
TOKEN_ENV = "BALINT_REDACT_TOKEN"

# Environment variables through which `balint-redact serve` hands its settings to workers.
ENV_MAX_BYTES = "BALINT_REDACT_SERVE_MAX_BYTES"
ENV_TOKEN_FILE = "BALINT_REDACT_SERVE_TOKEN_FILE"
ENV_MODEL = "BALINT_REDACT_SERVE_MODEL"
ENV_RULES = "BALINT_REDACT_SERVE_RULES"  # os.pathsep-separated list of rules files
ENV_KNOWN_NAMES = "BALINT_REDACT_SERVE_KNOWN_NAMES"  # a known-names file
ENV_ENTITIES = "BALINT_REDACT_SERVE_ENTITIES"  # comma-separated
ENV_STYLE = "BALINT_REDACT_SERVE_STYLE"
ENV_KEEP_TITLES = "BALINT_REDACT_SERVE_KEEP_TITLES"  # "1" / "0"
ENV_FUZZY_NAMES = "BALINT_REDACT_SERVE_FUZZY_NAMES"


def _missing_serve_deps(exc: ImportError) -> ConfigError:
    return ConfigError(f"the HTTP server needs FastAPI and uvicorn ({exc.name or 'a module'} "
                       "is not installed); install them with: pip install 'balint-redact[serve]'")


def read_token_file(path: str | os.PathLike[str]) -> str:
    """The bearer token in ``path`` (surrounding whitespace removed); never echoed in errors."""
    p = Path(path)
    try:
        token = p.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ConfigError(f"token file not found: {p}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read token file {p} ({type(exc).__name__})") from None
    if not token:
        raise ConfigError(f"token file is empty: {p}")
    if any(c.isspace() for c in token) or not token.isprintable():
        raise ConfigError(f"token file {p} must hold one token without spaces")
    return token


@dataclass(frozen=True)
class Settings:
    """Server configuration. ``token=None``: no authentication (loopback use only)."""

    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    token: str | None = field(default=None, repr=False)
    model: str | None = None
    rules_files: tuple[str, ...] = ()
    known_names: tuple[str, ...] = field(default=(), repr=False)
    entities: tuple[str, ...] | None = None
    style: str | None = None
    keep_titles: bool | None = None
    fuzzy_names: bool = False
    #: also read ./balint-redact.toml or ~/.config/balint-redact/rules.toml when no rules files
    use_default_rules_file: bool = True
    cache_size: int = CACHE_SIZE

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        """Settings from the BALINT_REDACT_SERVE_* variables (and BALINT_REDACT_TOKEN)."""
        env = os.environ if environ is None else environ
        max_bytes = DEFAULT_MAX_BODY_BYTES
        if env.get(ENV_MAX_BYTES):
            try:
                max_bytes = int(env[ENV_MAX_BYTES])
            except ValueError:
                raise ConfigError(f"{ENV_MAX_BYTES} must be a whole number of bytes") from None
            if max_bytes < 1:
                raise ConfigError(f"{ENV_MAX_BYTES} must be positive")
        token = None
        if env.get(ENV_TOKEN_FILE):
            token = read_token_file(env[ENV_TOKEN_FILE])
        elif env.get(TOKEN_ENV, "").strip():
            token = env[TOKEN_ENV].strip()
        rules = tuple(p for p in env.get(ENV_RULES, "").split(os.pathsep) if p)
        known: tuple[str, ...] = ()
        if env.get(ENV_KNOWN_NAMES):
            from .cli.options import read_known_names

            known = tuple(read_known_names(Path(env[ENV_KNOWN_NAMES])))
        entities = tuple(e.strip() for e in env.get(ENV_ENTITIES, "").split(",") if e.strip())
        keep = env.get(ENV_KEEP_TITLES)
        return cls(max_body_bytes=max_bytes, token=token, model=env.get(ENV_MODEL) or None,
                   rules_files=rules, known_names=known, entities=entities or None,
                   style=env.get(ENV_STYLE) or None,
                   keep_titles=None if keep in (None, "") else keep == "1",
                   fuzzy_names=env.get(ENV_FUZZY_NAMES) == "1")

    def to_env(self, token_file: str | None = None) -> dict[str, str]:
        """The variables ``from_env`` reads (the token itself travels only as a file path, or
        in BALINT_REDACT_TOKEN which the workers inherit)."""
        env = {ENV_MAX_BYTES: str(self.max_body_bytes)}
        if token_file:
            env[ENV_TOKEN_FILE] = str(token_file)
        if self.model:
            env[ENV_MODEL] = self.model
        if self.rules_files:
            env[ENV_RULES] = os.pathsep.join(self.rules_files)
        if self.entities:
            env[ENV_ENTITIES] = ",".join(self.entities)
        if self.style:
            env[ENV_STYLE] = self.style
        if self.keep_titles is not None:
            env[ENV_KEEP_TITLES] = "1" if self.keep_titles else "0"
        if self.fuzzy_names:
            env[ENV_FUZZY_NAMES] = "1"
        return env


# --------------------------------------------------------------------------- redactor cache

def _request_rules(text: str) -> "RuleSet":
    """Parse per-request rules (TOML). Rules sent over HTTP may not name files: a ``file``
    key would let a client read files on the server."""
    from .rules import parse_rules, tomllib

    source = "request rules"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML ({exc})") from None
    tables = [("allow", data.get("allow"))]
    terms = data.get("terms")
    if isinstance(terms, list):
        tables += [(f"terms #{i + 1}", t) for i, t in enumerate(terms)]
    for where, table in tables:
        if isinstance(table, dict) and "file" in table:
            raise ConfigError(f"{source}: {where}: 'file' is not allowed in rules sent over "
                              "HTTP; list the terms inline")
    return parse_rules(text, source, base=None)


class RedactorPool:
    """The default Redactor (built once) plus an LRU of per-request configurations.

    All Redactors share the process-wide spaCy pipeline, so one lock serialises detection in
    this process: run more workers (processes) to use more cores.
    """

    def __init__(self, settings: Settings) -> None:
        from .rules import load_rules_file

        self.settings = settings
        # read the server's rules files once; per-request rules are added after them
        self.base_rules: list[RuleSet] = [load_rules_file(p) for p in settings.rules_files]
        if not self.base_rules and settings.use_default_rules_file:
            from .rules import default_rules_path

            found = default_rules_path()
            if found is not None:
                self.base_rules.append(load_rules_file(found))
        self._cache: OrderedDict[str, Redactor] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.run_lock = threading.Lock()
        self.default = self._build(None, (), None)

    def _build(self, options: dict[str, Any] | None, known_names: tuple[str, ...],
               rules: str | None) -> "Redactor":
        from .redactor import Redactor

        s = self.settings
        opts = options or {}
        rule_sets = list(self.base_rules)
        if rules:
            rule_sets.append(_request_rules(rules))
        return Redactor(
            s.model, rule_sets,
            known_names=list(s.known_names) + list(known_names),
            entities=opts.get("entities", s.entities),
            style=opts.get("style", s.style),
            keep_titles=opts.get("keep_titles", s.keep_titles),
            include_text=False,  # never over HTTP
            use_default_rules_file=False,
            fuzzy_names=s.fuzzy_names,
        )

    def get(self, options: dict[str, Any] | None, known_names: tuple[str, ...],
            rules: str | None) -> "Redactor":
        options = {k: v for k, v in (options or {}).items() if v is not None}
        if not options and not known_names and not rules:
            return self.default
        key = hashlib.sha256(json.dumps([options, known_names, rules or ""], sort_keys=True,
                                        ensure_ascii=False).encode("utf-8")).hexdigest()
        with self._cache_lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
            built = self._build(options, known_names, rules)
            self._cache[key] = built
            while len(self._cache) > max(self.settings.cache_size, 0):
                self._cache.popitem(last=False)
            return built

    def run(self, options: dict[str, Any] | None, known_names: tuple[str, ...],
            rules: str | None, text: str) -> Any:
        redactor = self.get(options, known_names, rules)
        with self.run_lock:
            return redactor.redact(text)


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
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


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


class _StripQueryFilter(logging.Filter):
    """Uvicorn's access log records the path with its query string; keep the path only (a
    client could put text in a query string; the access log should show method/path/status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
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


def install_log_filters() -> None:
    """Keep request text out of every log: query strings out of uvicorn's access log, and
    third-party detection loggers muted (done once per process; the server calls it)."""
    for name, kind in [("uvicorn.access", _StripQueryFilter)] + [
            (n, _NoTextFilter) for n in TEXT_LOGGERS]:
        target = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in target.filters):
            target.addFilter(kind())


# --------------------------------------------------------------------------- the app

_SAFE_CTX_KEYS = ("max_length", "min_length", "expected", "le", "ge", "lt", "gt")


def _describe_errors(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Field locations and error kinds, without the ``input`` values pydantic attaches."""
    details = []
    for err in errors[:20]:
        loc = [str(p)[:64] for p in err.get("loc", ())]
        item: dict[str, Any] = {"loc": loc, "type": str(err.get("type", "invalid"))}
        ctx = err.get("ctx") or {}
        safe = {k: ctx[k] for k in _SAFE_CTX_KEYS
                if k in ctx and isinstance(ctx[k], (int, float, str))}
        if safe:
            item["ctx"] = safe
        details.append(item)
    parts = []
    for d in details:
        where = ".".join(d["loc"]) or "body"
        kind = {"missing": "missing", "extra_forbidden": "unknown key",
                "json_invalid": "malformed JSON"}.get(d["type"], d["type"])
        extra = ", ".join(f"{k}={v}" for k, v in d.get("ctx", {}).items())
        parts.append(f"{where}: {kind}" + (f" ({extra})" if extra else ""))
    return "invalid request: " + "; ".join(parts), details


def create_app(settings: Settings | None = None) -> "FastAPI":
    """Build the app and load the pipeline (once; call once per worker process)."""
    try:
        from fastapi import FastAPI, Request
        from fastapi.exceptions import RequestValidationError
        from fastapi.responses import JSONResponse
        from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints
        from starlette.concurrency import run_in_threadpool
        from starlette.exceptions import HTTPException as StarletteHTTPException
    except ImportError as exc:
        raise _missing_serve_deps(exc) from None

    settings = settings or Settings()
    install_log_filters()
    pool = RedactorPool(settings)

    EntityName = Literal[tuple(ENTITY_TYPES)]  # type: ignore[valid-type]
    Name = Annotated[str, StringConstraints(max_length=MAX_NAME_CHARS, strict=True)]

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid")
        style: Literal["placeholder", "tag", "mask"] | None = Field(
            None, description="Person A (placeholder), [person] (tag) or **** (mask).")
        entities: list[EntityName] | None = Field(  # type: ignore[valid-type]
            None, max_length=len(ENTITY_TYPES), description="Entity types to redact "
            "(default: all).")
        keep_titles: StrictBool | None = Field(
            None, description="Keep Mr/Mrs/DJ outside the placeholder.")

    class RedactRequest(BaseModel):
        model_config = ConfigDict(extra="forbid")
        text: Annotated[str, StringConstraints(strict=True)] = Field(
            ..., description="The write-up (plain text or Markdown).")
        options: Options | None = None
        known_names: list[Name] = Field(
            default_factory=list, max_length=MAX_KNOWN_NAMES,
            description=f"Client and party names for this request (at most {MAX_KNOWN_NAMES}, "
                        f"each at most {MAX_NAME_CHARS} characters); their parts, initials "
                        "and possessives are redacted too.")
        rules: Annotated[str, StringConstraints(strict=True)] | None = Field(
            None, description=f"Extra rules for this request: the TOML of a rules file "
                              f"(at most {MAX_RULES_BYTES // 1024} KB; no `file` keys).")

    class FindingOut(BaseModel):
        start: int
        end: int
        entity_type: str
        score: float
        placeholder: str
        direct: bool

    class RedactResponse(BaseModel):
        text: str
        findings: list[FindingOut]
        counts: dict[str, int]

    class AnalyzeResponse(BaseModel):
        findings: list[FindingOut]
        counts: dict[str, int]

    class ErrorDetail(BaseModel):
        code: str
        message: str

    class ErrorResponse(BaseModel):
        error: ErrorDetail

    app = FastAPI(
        title="balint-redact",
        version=__version__,
        description="Remove identifiers from lawyers' case write-ups before a Balint group "
                    "sees them. Nothing sent is stored or logged.",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.pool = pool

    def error(status: int, code: str, message: str) -> JSONResponse:
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, details = _describe_errors(list(exc.errors()))
        return JSONResponse({"error": {"code": "invalid_request", "message": message,
                                       "details": details}}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = {404: "no such endpoint", 405: "method not allowed"}.get(
            exc.status_code, "request failed")
        return JSONResponse({"error": {"code": code, "message": message}},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    def _work(req: RedactRequest) -> Any:
        if req.rules is not None and len(req.rules.encode("utf-8")) > MAX_RULES_BYTES:
            raise ConfigError(f"rules larger than {MAX_RULES_BYTES // 1024} KB")
        options = req.options.model_dump(exclude_none=True) if req.options else None
        return pool.run(options, tuple(req.known_names), req.rules, req.text)

    async def _handle(req: RedactRequest, endpoint: str) -> Any:
        started = time.perf_counter()
        try:
            return await run_in_threadpool(_work, req)
        except DetectionError as exc:  # fail closed: no text at all
            logger.warning("%s: detection failed (%s)", endpoint, type(exc).__name__)
            return error(503, "detection_failed", str(exc))
        except ConfigError as exc:
            message = str(exc)
            code = "invalid_rules" if message.startswith("request rules") else "invalid_options"
            return error(422, code, message)
        except BalintRedactError as exc:
            return error(400, "bad_request", str(exc))
        except Exception as exc:  # never let a traceback (which could hold text) reach logs
            logger.error("%s: internal error (%s)", endpoint, type(exc).__name__)
            return error(500, "internal_error", f"internal error ({type(exc).__name__}); "
                                                "nothing was redacted")
        finally:
            logger.debug("%s: %.1f ms", endpoint, (time.perf_counter() - started) * 1000)

    def _findings(red: Any) -> list[dict[str, Any]]:
        return [{"start": f.start, "end": f.end, "entity_type": f.entity_type, "score": f.score,
                 "placeholder": f.placeholder, "direct": f.direct} for f in red.findings]

    errors_doc: dict[int | str, dict[str, Any]] = {
        s: {"model": ErrorResponse, "description": d} for s, d in [
            (401, "Missing or wrong bearer token"), (413, "Request body too large"),
            (422, "Invalid JSON, fields, options or rules (locations only, no input echoed)"),
            (503, "Detection failed; nothing was redacted (fail closed)")]}

    @app.get("/health", tags=["meta"])
    async def health() -> dict[str, str]:
        """Liveness and readiness: the pipeline is loaded when the app exists. No token."""
        return {"status": "ok", "version": __version__}

    @app.post("/v1/redact", response_model=RedactResponse, responses=errors_doc,
              tags=["redaction"])
    async def redact(req: RedactRequest) -> Any:
        """Redact `text`; findings give types, offsets and placeholders, never the text."""
        red = await _handle(req, "redact")
        if isinstance(red, JSONResponse):
            return red
        return JSONResponse({"text": red.text, "findings": _findings(red),
                             "counts": red.counts()})

    @app.post("/v1/analyze", response_model=AnalyzeResponse, responses=errors_doc,
              tags=["redaction"])
    async def analyze(req: RedactRequest) -> Any:
        """What `/v1/redact` would replace: findings and counts only, no text."""
        red = await _handle(req, "analyze")
        if isinstance(red, JSONResponse):
            return red
        return JSONResponse({"findings": _findings(red), "counts": red.counts()})

    # outermost first: auth (headers only), then the body limit
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    if settings.token:
        app.add_middleware(BearerAuthMiddleware, token=settings.token)
    logger.info("balint-redact server ready (auth %s, body limit %d bytes)",
                "on" if settings.token else "off", settings.max_body_bytes)
    return app


def app_from_env() -> "FastAPI":
    """Factory for ``uvicorn balint_redact.server:app_from_env --factory`` (one per worker)."""
    return create_app(Settings.from_env())
