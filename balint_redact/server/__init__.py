"""The HTTP service: the app, its settings, middleware, worker pool and scrubbing.

* ``app`` — ``create_app(settings)``; ``config`` — settings and their checks;
* ``middleware`` / ``pool`` / ``worker`` — request handling; ``scrub`` — error text
  without identifiers.

The settings and the scrubber load at once; the app (and FastAPI with it) only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import DEFAULT_QUEUE_LIMIT, DEFAULT_TIMEOUT, DEFAULT_WORKERS, scrub_config_error
from .scrub import scrub as scrub_text

if TYPE_CHECKING:  # pragma: no cover
    from .app import TOKEN_ENV, Settings, create_app, read_token_file

__all__ = ["DEFAULT_QUEUE_LIMIT", "DEFAULT_TIMEOUT", "DEFAULT_WORKERS", "Settings", "TOKEN_ENV",
           "create_app", "read_token_file", "scrub_config_error", "scrub_text"]

_LAZY = {"TOKEN_ENV", "Settings", "create_app", "read_token_file"}


def __getattr__(name: str) -> Any:
    """Import the app (and FastAPI) only when first used."""
    if name in _LAZY:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
