"""A series' mapping file: encrypted and authenticated, one file per series, written atomically.

Layout of ``<data>/series/<name>.series`` (nothing in it is readable without the key)::

    BALINT-SERIES 1\\n
    {"series": "<random id>", "key": "scrypt", "salt": "...", "n": 32768, "r": 8, "p": 1,
     "nonce": "..."}\\n
    <AES-256-GCM ciphertext of the mapping (JSON), the two lines above as associated data>

The key is derived from the passphrase with scrypt (memory-hard), or ("key": "keyring") is a
random key kept in the operating system's keyring under the series id. A wrong passphrase, a
changed byte anywhere and a truncated file all fail authentication: the file is never used.
The mapping names its own series, so a file copied over another series' is refused too.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any, Iterator

from ..errors import ConfigError, InputError, OutputError

MAGIC = b"BALINT-SERIES 1\n"
SUFFIX = ".series"
KEYRING_SERVICE = "balint-redact-series"
SCRYPT = {"n": 2 ** 15, "r": 8, "p": 1}
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
#: the one message for a wrong key and a changed or cut file: authentication cannot tell them
#: apart, and nothing is redacted or restored with such a file
BAD_KEY = ("cannot open the series mapping: wrong passphrase, or the file was altered or is "
           "incomplete; nothing was done")
DAMAGED = "the series mapping file is damaged (truncated or not a series file); nothing was done"


def validate_name(name: str) -> str:
    """A series name: a-z, 0-9, '-', '_' (up to 64). Never echoed in an error."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ConfigError("invalid series name (use a-z, 0-9, '-' and '_', up to 64 "
                          "characters, starting with a letter or digit)")
    return name


def data_dir() -> Path:
    """The user's data folder for balint-redact: $BALINT_REDACT_DATA_DIR if set, else
    platformdirs' user data folder if installed, else $XDG_DATA_HOME (or ~/.local/share)."""
    override = os.environ.get("BALINT_REDACT_DATA_DIR")
    if override:
        return Path(override)
    try:
        import platformdirs

        return Path(platformdirs.user_data_dir("balint-redact", appauthor=False))
    except ImportError:
        base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"),
                                                                ".local", "share")
        return Path(base) / "balint-redact"


def series_dir() -> Path:
    return data_dir() / "series"


def series_path(name: str) -> Path:
    return series_dir() / f"{validate_name(name)}{SUFFIX}"


def is_series_file(path: Path) -> bool:
    """Does ``path`` hold a series mapping (by its first bytes, or by where it lives)?"""
    try:
        with open(path, "rb") as fh:
            if fh.read(len(MAGIC)) == MAGIC:
                return True
    except OSError:
        return False
    try:
        Path(path).resolve().relative_to(series_dir().resolve())
        return True
    except (ValueError, OSError):
        return False


def list_names() -> list[str]:
    folder = series_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name[: -len(SUFFIX)] for p in folder.iterdir()
                  if p.name.endswith(SUFFIX) and _NAME.fullmatch(p.name[: -len(SUFFIX)]))


# --------------------------------------------------------------------------- keys


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise InputError(DAMAGED)
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise InputError(DAMAGED) from None


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not passphrase:
        raise ConfigError("the series passphrase is empty")
    if n not in (2 ** 14, 2 ** 15, 2 ** 16, 2 ** 17) or not (1 <= r <= 16 and 1 <= p <= 4):
        raise InputError(DAMAGED)
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _keyring_key(series_id: str, create: bool) -> bytes:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise ConfigError("the keyring package is not installed") from None
    user = f"series-{series_id}"
    try:
        if create:
            key = secrets.token_bytes(32)
            keyring.set_password(KEYRING_SERVICE, user, _b64(key))
            return key
        stored = keyring.get_password(KEYRING_SERVICE, user)
    except KeyringError as exc:
        raise ConfigError(f"the operating system's keyring failed ({type(exc).__name__})") \
            from None
    if stored is None:
        raise ConfigError("the key of this series is not in the operating system's keyring; "
                          "nothing was done")
    return _unb64(stored)


def forget_key(series_id: str) -> None:
    """Remove a keyring-held key (nothing happens if there is none)."""
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, f"series-{series_id}")
    except Exception:  # no key stored, or no keyring: nothing to remove
        pass


# --------------------------------------------------------------------------- the file


class Sealed:
    """A series file's header plus the key that opens it (kept in memory only)."""

    def __init__(self, header: dict[str, Any], key: bytes) -> None:
        self.header = header
        self.key = key

    @property
    def series_id(self) -> str:
        return str(self.header["series"])

    @classmethod
    def new(cls, passphrase: str | None, use_keyring: bool = False) -> "Sealed":
        series_id = secrets.token_hex(16)
        if use_keyring:
            return cls({"series": series_id, "key": "keyring"}, _keyring_key(series_id, True))
        if passphrase is None:
            raise ConfigError("a new series needs a passphrase (or --keyring)")
        salt = secrets.token_bytes(16)
        header = {"series": series_id, "key": "scrypt", "salt": _b64(salt), **SCRYPT}
        return cls(header, _scrypt(passphrase, salt, **SCRYPT))

    def seal(self, payload: dict[str, Any]) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        header = dict(self.header, nonce=_b64(secrets.token_bytes(12)))
        head = MAGIC + json.dumps(header, sort_keys=True).encode("ascii") + b"\n"
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return head + AESGCM(self.key).encrypt(_unb64(header["nonce"]), body, head)


def split(data: bytes) -> tuple[bytes, dict[str, Any], bytes]:
    if not data.startswith(MAGIC):
        raise InputError(DAMAGED)
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        raise InputError(DAMAGED)
    try:
        header = json.loads(data[len(MAGIC):end].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise InputError(DAMAGED) from None
    if not isinstance(header, dict) or header.get("key") not in ("scrypt", "keyring") \
            or not isinstance(header.get("series"), str):
        raise InputError(DAMAGED)
    body = data[end + 1:]
    if len(body) < 16:  # shorter than the authentication tag: cut off
        raise InputError(DAMAGED)
    return data[:end + 1], header, body


def unseal(data: bytes, passphrase: str | None, known: Sealed | None = None
           ) -> tuple[Sealed, dict[str, Any]]:
    """Open a series file's bytes: (its header and key, the mapping). Fails closed.
    ``known``: the series as opened before (its key is reused if the header is unchanged)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    head, header, body = split(data)
    if known is not None and {k: v for k, v in header.items() if k != "nonce"} == known.header:
        key = known.key
    elif header["key"] == "keyring":
        key = _keyring_key(header["series"], False)
    else:
        if passphrase is None:
            raise ConfigError("this series needs its passphrase")
        try:
            key = _scrypt(passphrase, _unb64(header.get("salt")), int(header.get("n", 0)),
                          int(header.get("r", 0)), int(header.get("p", 0)))
        except (TypeError, ValueError):
            raise InputError(DAMAGED) from None
    try:
        plain = AESGCM(key).decrypt(_unb64(header.get("nonce")), body, head)
    except (InvalidTag, ValueError):
        raise ConfigError(BAD_KEY) from None
    try:
        payload = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InputError(DAMAGED) from None
    if not isinstance(payload, dict) or payload.get("series") != header["series"]:
        raise InputError(DAMAGED)
    header = {k: v for k, v in header.items() if k != "nonce"}
    return Sealed(header, key), payload


def read_file(path: Path) -> bytes | None:
    """The file's bytes, or None if the series does not exist yet."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot read the series mapping ({exc.strerror or 'error'})") \
            from None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a private temporary file in the same folder
    (0600, fsynced, renamed over the old file): a crash leaves the old mapping or the new."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX + ".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write the series mapping ({exc.strerror or 'error'})") \
            from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        with contextlib.suppress(OSError):
            dfd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write the series mapping ({exc.strerror or 'error'}); "
                          "the previous mapping is unchanged") from None


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on the series (a sidecar lock file) for a read-change-write."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(str(path) + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
