"""The HTTP API: ``create_app(settings)`` builds a FastAPI app around one loaded pipeline.

Endpoints: ``GET /health``; ``POST /v1/redact``; ``POST /v1/analyze`` (JSON, or the write-up
itself as ``text/plain``); ``GET /v1/entities``; OpenAPI at
``/openapi.json``, interactive docs at ``/docs``. See docs/http.md.

Safety properties (each tested in tests/test_server.py):

* nothing from a request or response body is logged, at any level, and no error response
  repeats input: validation errors name field locations and error kinds only;
* request bodies over ``max_body_bytes`` are refused with 413 before the app reads them;
* an optional bearer token guards every endpoint but ``/health`` (constant-time compare);
* detection failures are 503 with no text (fail closed), configuration problems 422, and
  error messages repeat no value from the request's rules;
* detection runs in a pool of worker processes (server_pool), so the event loop and
  ``/health`` stay free and one slow request holds one worker, not the server; a request
  over its time limit is stopped and fails closed (503); past the queue limit, 503 at once;
* the access log shows the method, status and the app's own paths only (others masked).

The app keeps no state between requests apart from caches, so any number of replicas can sit
behind a load balancer. ``app_from_env`` is the factory for ``uvicorn --factory`` (settings
travel in env vars).

>>> app = create_app(Settings())   # doctest: +SKIP
"""
import logging
import os
import time
from typing import TYPE_CHECKING, Annotated, Any, Literal

from .. import __version__
from ..errors import BalintRedactError
from ..render.entities import ENTITY_TYPES
from ..series.service import REQUEST_NAME as SERIES_NAME, ServerSeries

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

logger = logging.getLogger(__name__)
from .config import (CACHE_SIZE, DEFAULT_MAX_BODY_BYTES, ENV_ENTITIES,  # noqa: F401
                            ENV_FUZZY_NAMES, ENV_KEEP_TITLES, ENV_KNOWN_NAMES, ENV_MAX_BYTES,
                            ENV_MODEL, ENV_QUEUE_LIMIT, ENV_RULES, ENV_STYLE, ENV_TIMEOUT,
                            ENV_TOKEN_FILE, ENV_WORKERS, MAX_KNOWN_NAMES, MAX_NAME_CHARS,
                            MAX_RULES_BYTES, MB, TOKEN_ENV, RedactorPool, Settings,
                            _missing_serve_deps, read_token_file)
from .middleware import (TEXT_LOGGERS, BearerAuthMiddleware,  # noqa: F401
                                BodyLimitMiddleware, PlainTextMiddleware, _error_body,
                                install_log_filters)

# --------------------------------------------------------------------------- the app

_SAFE_CTX_KEYS = ("max_length", "min_length", "expected", "le", "ge", "lt", "gt")


_LOC_ROOTS = frozenset({"body", "query", "path", "header", "cookie"})
#: pydantic's kinds for a body that is not a JSON object (a string, a list, plain text)
_NOT_AN_OBJECT = frozenset({"model_attributes_type", "model_type", "dict_type"})
SEND_THIS = ('expected a JSON object such as {"text": "…"} (Content-Type: application/json), '
             "or the write-up itself as text/plain")


def _describe_errors(errors: list[dict[str, Any]], fields: frozenset[str] = frozenset()
                     ) -> tuple[str, list[dict[str, Any]]]:
    """Field locations and error kinds, without the ``input`` values pydantic attaches. A
    location part that is not one of the API's ``fields`` (an unknown key the client sent,
    which could be a name) is shown as ``…``, with the field it may have meant."""
    import difflib

    details = []
    for err in errors[:20]:
        loc, hint = [], None
        for part in err.get("loc", ()):
            if isinstance(part, int) or part in fields or part in _LOC_ROOTS:
                loc.append(str(part))
            else:
                loc.append("…")
                close = difflib.get_close_matches(str(part).lower(), sorted(fields), 1, 0.7)
                hint = close[0] if close else hint
        item: dict[str, Any] = {"loc": loc, "type": str(err.get("type", "invalid"))}
        ctx = err.get("ctx") or {}
        safe = {k: ctx[k] for k in _SAFE_CTX_KEYS
                if k in ctx and isinstance(ctx[k], (int, float, str))}
        if hint:
            safe["did_you_mean"] = hint
        if safe:
            item["ctx"] = safe
        details.append(item)
    parts = []
    for d in details:
        where = ".".join(d["loc"]) or "body"
        if d["loc"] == ["body"] and d["type"] in _NOT_AN_OBJECT:
            parts.append(f"body: {SEND_THIS}")
            continue
        kind = {"missing": "missing", "extra_forbidden": "unknown key",
                "json_invalid": "malformed JSON"}.get(d["type"], d["type"])
        extra = ", ".join(f"{k}={v}" for k, v in d.get("ctx", {}).items())
        parts.append(f"{where}: {kind}" + (f" ({extra})" if extra else ""))
    return "invalid request: " + "; ".join(parts), details


def _bad_unicode(text: str, known_names: list[str], rules: str | None,
                 allow_list: list[str] = ()) -> str | None:  # type: ignore[assignment]
    """The location of the first string that is not valid Unicode (a lone surrogate, which
    JSON's \\ud800 escapes allow), or None."""
    fields = [("text", text)] + [(f"known_names.{i}", n) for i, n in enumerate(known_names)]
    fields += [(f"allow_list.{i}", a) for i, a in enumerate(allow_list)]
    for where, value in fields + [("rules", rules or "")]:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"body.{where}"
    return None


#: how each kind of worker or pool failure is answered: status, code
_FAILURES = {"detection": (503, "detection_failed"), "timeout": (503, "timeout"),
             "busy": (503, "server_busy"), "bad_request": (400, "bad_request"),
             "internal": (500, "internal_error")}


def create_app(settings: Settings | None = None) -> "FastAPI":
    """Build the app and start its detection workers (each loads the pipeline); returns when
    they are ready. ``app.state.pool.close()`` stops them (they also stop at exit)."""
    try:
        from fastapi import Request
        from fastapi_offline import FastAPIOffline
        from fastapi.exceptions import RequestValidationError
        from fastapi.responses import JSONResponse
        from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints
        from starlette.concurrency import run_in_threadpool
        from starlette.exceptions import HTTPException as StarletteHTTPException
    except ImportError as exc:
        raise _missing_serve_deps(exc) from None

    from .pool import DetectionPool

    settings = settings or Settings()
    series_service = ServerSeries.from_env(dict(os.environ), settings.token)  # None: off
    pool = DetectionPool(settings)

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
        score_threshold: Annotated[float, Field(ge=0.0, le=1.0)] | None = Field(
            None, description="Leave findings scoring below this unredacted (as Presidio's "
                              "score_threshold). Default: redact everything found.")
        allow_list: list[Name] = Field(
            default_factory=list, max_length=MAX_KNOWN_NAMES,
            description="Words and phrases never redacted in this request (as Presidio's "
                        "allow_list; added to the server's allow list).")
        series: Annotated[str, StringConstraints(strict=True, pattern=SERIES_NAME)] | None = \
            Field(None, description="A series name: the same placeholders across requests "
                                    "(only where the server enables series; off by default).")

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

    fields = frozenset(RedactRequest.model_fields) | frozenset(Options.model_fields)
    # the docs page's script, style sheet and icon are served from the package
    # (fastapi-offline), never from a CDN: /docs works offline and loads nothing from outside
    app = FastAPIOffline(
        title="balint-redact",
        version=__version__,
        description="Remove identifiers from lawyers' case write-ups before a Balint group "
                    "sees them. Nothing sent is stored or logged. Send JSON, or the "
                    "write-up itself as text/plain.",
        redoc_url=None,
        swagger_ui_parameters={"validatorUrl": None},  # no badge from validator.swagger.io
    )
    app.state.settings = settings
    app.state.pool = pool

    def error(status: int, code: str, message: str) -> JSONResponse:
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, details = _describe_errors(list(exc.errors()), fields)
        return JSONResponse({"error": {"code": "invalid_request", "message": message,
                                       "details": details}}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = {404: "no such endpoint", 405: "method not allowed"}.get(
            exc.status_code, "request failed")
        return JSONResponse({"error": {"code": code, "message": message}},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    async def _handle(req: RedactRequest, endpoint: str) -> Any:
        started = time.perf_counter()
        bad = _bad_unicode(req.text, req.known_names, req.rules, req.allow_list)
        if bad is not None:
            return JSONResponse({"error": {
                "code": "invalid_request",
                "message": f"invalid request: {bad}: not valid Unicode (a lone surrogate)",
                "details": [{"loc": bad.split("."), "type": "unicode_surrogate"}]}},
                status_code=422)
        if req.rules is not None and len(req.rules.encode("utf-8")) > MAX_RULES_BYTES:
            return error(422, "invalid_rules", f"request rules larger than "
                                               f"{MAX_RULES_BYTES // 1024} KB")
        if req.series is not None and series_service is None:
            return error(422, "series_disabled", "series are not enabled on this server")
        if req.series is not None and (req.options and req.options.style or
                                       settings.style or "placeholder") != "placeholder":
            return error(422, "invalid_options", "a series needs the placeholder style")
        options = req.options.model_dump(exclude_none=True) if req.options else {}
        if req.score_threshold:
            options["min_score"] = req.score_threshold
        if req.allow_list:
            options["allow_list"] = list(req.allow_list)
        job = {"options": options or None, "known_names": tuple(req.known_names),
               "rules": req.rules, "text": req.text}
        reply = await pool.run(job)
        logger.debug("%s: %.1f ms", endpoint, (time.perf_counter() - started) * 1000)
        if reply[0] == "ok" and req.series is not None and series_service is not None:
            try:  # the mapping stays on the server; the lock and the file are off the loop
                return await run_in_threadpool(series_service.apply, req.series, req.text,
                                               reply[1])
            except BalintRedactError as exc:  # a wrong key or a damaged mapping: no text
                return error(503, "series_failed", str(exc))
        if reply[0] == "ok":
            return reply[1]
        kind, message = reply[1], reply[2]
        if kind == "config":
            code = "invalid_rules" if message.startswith("request rules") else "invalid_options"
            return error(422, code, message)
        status, code = _FAILURES.get(kind, (500, "internal_error"))
        logger.warning("%s: %s (%s)", endpoint, code, kind)  # the kind only, never the text
        response = error(status, code, message)
        if kind == "busy":
            response.headers["Retry-After"] = "1"
        return response

    errors_doc: dict[int | str, dict[str, Any]] = {
        s: {"model": ErrorResponse, "description": d} for s, d in [
            (401, "Missing or wrong bearer token"), (413, "Request body too large"),
            (422, "Invalid JSON, fields, options or rules (locations only, no input echoed)"),
            (503, "Detection failed, ran out of time or the server is busy; nothing was "
                  "redacted (fail closed)")]}

    @app.get("/health", tags=["meta"])
    async def health() -> Any:
        """Liveness and readiness: the number of ready detection workers; 503 while there is
        none (all being replaced). No token."""
        ready = len(pool.pids)
        body = {"status": "ok" if ready else "unavailable", "version": __version__,
                "workers": ready}
        return body if ready else JSONResponse(body, status_code=503)

    @app.get("/v1/entities", tags=["meta"])
    async def entities() -> Any:
        """The entity types this server can find (as Presidio's `GET /supportedentities`):
        each with whether it is a direct identifier, its tag, whether its mentions get
        lettered placeholders ("Person A") and whether the server redacts it by default."""
        default = set(settings.entities or ENTITY_TYPES)
        return {"entities": [{"entity_type": t.name, "direct": t.direct, "tag": t.tag,
                              "lettered": t.clustered, "default": t.name in default}
                             for t in ENTITY_TYPES.values()]}

    @app.post("/v1/redact", response_model=RedactResponse, responses=errors_doc,
              tags=["redaction"])
    async def redact(req: RedactRequest) -> Any:
        """Redact `text`; findings give types, offsets and placeholders, never the text."""
        red = await _handle(req, "redact")
        return red if isinstance(red, JSONResponse) else JSONResponse(red)

    @app.post("/v1/analyze", response_model=AnalyzeResponse, responses=errors_doc,
              tags=["redaction"])
    async def analyze(req: RedactRequest) -> Any:
        """What `/v1/redact` would replace: findings and counts only, no text."""
        red = await _handle(req, "analyze")
        if isinstance(red, JSONResponse):
            return red
        return JSONResponse({"findings": red["findings"], "counts": red["counts"]})

    from ..review.embed import review_router  # the review page at /review
    app.include_router(review_router(pool, settings.style))

    # outermost first: auth (headers only), then the body limit, then text/plain as JSON
    app.add_middleware(PlainTextMiddleware, paths=("/v1/redact", "/v1/analyze"))
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    if settings.token:
        app.add_middleware(BearerAuthMiddleware, token=settings.token)
    install_log_filters(route.path for route in app.routes if hasattr(route, "path"))
    logger.info("balint-redact server ready (auth %s, body limit %d bytes, %d detection "
                "workers, queue limit %d, time limit %g s)", "on" if settings.token else "off",
                settings.max_body_bytes, pool.size, settings.queue_limit, settings.timeout)
    return app


def app_from_env() -> "FastAPI":
    """Factory for ``uvicorn balint_redact.server.app:app_from_env --factory`` (one per worker)."""
    return create_app(Settings.from_env())
