"""Settings of the HTTP API (from options or environment variables) and the cache of
configured redactors that a detection worker keeps (see server_pool, server_worker).

>>> Settings().max_body_bytes
1048576
"""

import hashlib
import json
import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from .scrub import read_quietly, rule_words, scrub, toml_location

if TYPE_CHECKING:  # pragma: no cover
    from ..redactor import Redactor
    from ..rules.schema import RuleSet

logger = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_MAX_BODY_BYTES = 1 * MB
MAX_KNOWN_NAMES = 10_000
MAX_NAME_CHARS = 200
MAX_RULES_BYTES = 64 * 1024
CACHE_SIZE = 8
TOKEN_ENV = "BALINT_REDACT_TOKEN"
#: detection worker processes (a slow request then holds one of them, not the server)
DEFAULT_WORKERS = 2
#: requests waiting for a worker beyond which a request is refused at once (503)
DEFAULT_QUEUE_LIMIT = 200
#: seconds a request may take, waiting included, before it fails closed (503)
DEFAULT_TIMEOUT = 60.0

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
ENV_WORKERS = "BALINT_REDACT_SERVE_WORKERS"
ENV_QUEUE_LIMIT = "BALINT_REDACT_SERVE_QUEUE_LIMIT"
ENV_TIMEOUT = "BALINT_REDACT_SERVE_TIMEOUT"


def _missing_serve_deps(exc: ImportError) -> ConfigError:
    return ConfigError(f"the HTTP server needs FastAPI and uvicorn ({exc.name or 'a module'} "
                       "is not installed); install them with: pip install 'balint-redact[serve]'")


def read_token_file(path: str | os.PathLike[str], what: str = "--token-file") -> str:
    """The bearer token in ``path`` (surrounding whitespace removed). Errors name the option
    (``what``), not the path (a path can hold a user's name) and never the token."""
    p = Path(path)
    try:
        token = p.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ConfigError(f"token file ({what}) not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the token file ({what}): {type(exc).__name__}") from None
    if not token:
        raise ConfigError(f"token file ({what}) is empty")
    if any(c.isspace() for c in token) or not token.isprintable():
        raise ConfigError(f"token file ({what}) must hold one token without spaces")
    return token


def _env_number(env: Any, key: str, kind: type, default: Any, low: float, high: float) -> Any:
    if not env.get(key):
        return default
    try:
        value = kind(env[key])
    except ValueError:
        raise ConfigError(f"{key} must be a number") from None
    if not low <= value <= high:
        raise ConfigError(f"{key} must be from {low:g} to {high:g}")
    return value


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
    #: detection worker processes, requests allowed to wait for one, and the time limit
    workers: int = DEFAULT_WORKERS
    queue_limit: int = DEFAULT_QUEUE_LIMIT
    timeout: float = DEFAULT_TIMEOUT

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
            token = read_token_file(env[ENV_TOKEN_FILE], ENV_TOKEN_FILE)
        elif env.get(TOKEN_ENV, "").strip():
            token = env[TOKEN_ENV].strip()
        rules = tuple(p for p in env.get(ENV_RULES, "").split(os.pathsep) if p)
        known: tuple[str, ...] = ()
        if env.get(ENV_KNOWN_NAMES):
            from ..cli.options import read_known_names

            try:
                known = tuple(read_known_names(Path(env[ENV_KNOWN_NAMES])))
            except ConfigError as exc:
                # the file came from the environment, not from the option
                said = str(exc).replace("(--known-names)", f"({ENV_KNOWN_NAMES})")
                raise ConfigError(scrub(said, paths={env[ENV_KNOWN_NAMES]: ENV_KNOWN_NAMES})
                                  ) from None
        entities = tuple(e.strip() for e in env.get(ENV_ENTITIES, "").split(",") if e.strip())
        keep = env.get(ENV_KEEP_TITLES)
        return cls(max_body_bytes=max_bytes, token=token, model=env.get(ENV_MODEL) or None,
                   rules_files=rules, known_names=known, entities=entities or None,
                   style=env.get(ENV_STYLE) or None,
                   keep_titles=None if keep in (None, "") else keep == "1",
                   fuzzy_names=env.get(ENV_FUZZY_NAMES) == "1",
                   workers=_env_number(env, ENV_WORKERS, int, DEFAULT_WORKERS, 1, 64),
                   queue_limit=_env_number(env, ENV_QUEUE_LIMIT, int, DEFAULT_QUEUE_LIMIT,
                                           0, 100_000),
                   timeout=_env_number(env, ENV_TIMEOUT, float, DEFAULT_TIMEOUT, 0.1, 86_400))

    def to_env(self, token_file: str | None = None) -> dict[str, str]:
        """The variables ``from_env`` reads (the token itself travels only as a file path, or
        in BALINT_REDACT_TOKEN which the workers inherit)."""
        env = {ENV_MAX_BYTES: str(self.max_body_bytes), ENV_WORKERS: str(self.workers),
               ENV_QUEUE_LIMIT: str(self.queue_limit), ENV_TIMEOUT: repr(self.timeout)}
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
    from ..rules.schema import parse_rules, tomllib

    source = "request rules"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # the parser's message can quote keys
        raise ConfigError(f"{source}: invalid TOML ({toml_location(exc)})") from None
    tables = [("allow", data.get("allow"))]
    terms = data.get("terms")
    if isinstance(terms, list):
        tables += [(f"terms #{i + 1}", t) for i, t in enumerate(terms)]
    for where, table in tables:
        if isinstance(table, dict) and "file" in table:
            raise ConfigError(f"{source}: {where}: file keys are not allowed in rules sent "
                              "over HTTP; list the terms inline")
    return parse_rules(text, source, base=None)


def scrub_config_error(message: str, settings: Settings) -> str:
    """A message about the server's own configuration without its paths (they become
    ``--rules #1`` or ``the default rules file``) or the values of its rules files."""
    from ..rules.schema import default_rules_path

    paths = {}
    words: list[str] = []
    for i, p in enumerate(settings.rules_files):
        paths[str(p)] = f"--rules #{i + 1}"
        paths[str(Path(p).resolve())] = f"--rules #{i + 1}"
        words += rule_words(read_quietly(str(p)))
    found = default_rules_path() if settings.use_default_rules_file else None
    if found is not None and not settings.rules_files:
        paths[str(found)] = "the default rules file"
        words += rule_words(read_quietly(str(found)))
    return scrub(message, words, paths)


class RedactorPool:
    """The default Redactor (built once) plus an LRU of per-request configurations.

    All Redactors share the process-wide spaCy pipeline, so one lock serialises detection in
    this process; the server runs several such processes (server_pool) to use more cores.
    """

    def __init__(self, settings: Settings) -> None:
        from ..rules.schema import load_rules_file

        self.settings = settings
        # read the server's rules files once; per-request rules are added after them
        self.base_rules: list[RuleSet] = [load_rules_file(p) for p in settings.rules_files]
        if not self.base_rules and settings.use_default_rules_file:
            from ..rules.schema import default_rules_path

            found = default_rules_path()
            if found is not None:
                self.base_rules.append(load_rules_file(found))
        self._cache: OrderedDict[str, Redactor] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.run_lock = threading.Lock()
        self.default = self._build(None, (), None)

    def _build(self, options: dict[str, Any] | None, known_names: tuple[str, ...],
               rules: str | None) -> "Redactor":
        from ..redactor import Redactor

        s = self.settings
        opts = options or {}
        rule_sets = list(self.base_rules)
        if rules:
            rule_sets.append(_request_rules(rules))
        allow = [a for a in opts.get("allow_list") or () if a.strip()]
        if allow:  # the request's own allow list (Presidio's allow_list)
            from ..rules.schema import RuleSet

            rule_sets.append(RuleSet(allow=tuple(allow),
                                     sources=("request allow list",)))
        return Redactor(
            s.model, rule_sets,
            known_names=list(s.known_names) + list(known_names),
            entities=opts.get("entities", s.entities),
            style=opts.get("style", s.style),
            keep_titles=opts.get("keep_titles", s.keep_titles),
            include_text=False,  # never over HTTP
            use_default_rules_file=False,
            fuzzy_names=s.fuzzy_names,
            min_score=opts.get("min_score", 0.0),  # the request's score_threshold
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
