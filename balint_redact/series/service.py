"""Series over HTTP, where a system enables them: off unless the server is given a key file.

The key (a passphrase) is read once from a file on the server (``BALINT_REDACT_SERIES_KEY_FILE``)
and never travels in a request, so it cannot reach a request log. A request names a series
only; the mapping stays on the server, one set of series per bearer token (the series file is
named after a hash of the token, never the token itself). Restoring is not offered over HTTP.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from ..errors import ConfigError
from ..text.spans import Span
from .passphrase import from_file
from .series import Series

ENV_KEY_FILE = "BALINT_REDACT_SERIES_KEY_FILE"
#: a series name in a request (the server adds a prefix of its own)
REQUEST_NAME = r"^[a-z0-9][a-z0-9_-]{0,39}$"


class ServerSeries:
    """The series of one server: opened on first use, kept open (the key derived once)."""

    def __init__(self, passphrase: str, token: str | None) -> None:
        self._passphrase = passphrase
        self._prefix = "http-" + hashlib.sha256((token or "").encode("utf-8")).hexdigest()[:12]
        self._open: dict[str, Series] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls, env: dict[str, str], token: str | None) -> "ServerSeries | None":
        """None (series off) unless the environment names a key file."""
        path = env.get(ENV_KEY_FILE)
        if not path:
            return None
        try:
            return cls(from_file(path), token)
        except ConfigError:
            raise ConfigError(f"cannot read the series key file ({ENV_KEY_FILE})") from None

    def _series(self, name: str) -> Series:
        full = f"{self._prefix}-{name}"
        with self._lock:
            if full not in self._open:
                self._open[full] = Series.open(full, self._passphrase)
            return self._open[full]

    def apply(self, name: str, text: str, body: dict[str, Any]) -> dict[str, Any]:
        """A redaction answer (text, findings, counts) relabelled in the series ``name``."""
        from ..detect.engine import anonymize

        pairs = [(Span(f["start"], f["end"], f["entity_type"], f["score"]), f["placeholder"])
                 for f in body["findings"]]
        redacted, pairs = self._series(name).apply(text, pairs, anonymize)
        findings = [dict(f, placeholder=rep) for f, (_, rep) in zip(body["findings"], pairs)]
        return dict(body, text=redacted, findings=findings)
