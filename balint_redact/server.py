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
import logging
import time
from typing import TYPE_CHECKING, Annotated, Any, Literal

from . import __version__
from .entities import ENTITY_TYPES
from .errors import BalintRedactError, ConfigError, DetectionError

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

logger = logging.getLogger(__name__)
from .server_config import (CACHE_SIZE, DEFAULT_MAX_BODY_BYTES, ENV_ENTITIES,  # noqa: F401
                            ENV_FUZZY_NAMES, ENV_KEEP_TITLES, ENV_KNOWN_NAMES, ENV_MAX_BYTES,
                            ENV_MODEL, ENV_RULES, ENV_STYLE, ENV_TOKEN_FILE, MAX_KNOWN_NAMES,
                            MAX_NAME_CHARS, MAX_RULES_BYTES, MB, TOKEN_ENV, RedactorPool,
                            Settings, _missing_serve_deps, read_token_file)
from .server_middleware import (TEXT_LOGGERS, BearerAuthMiddleware,  # noqa: F401
                                BodyLimitMiddleware, _error_body, install_log_filters)

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
