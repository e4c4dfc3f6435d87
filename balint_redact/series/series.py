"""A presenter's series: open it with its key, letter documents consistently, restore.

>>> import tempfile, os
>>> os.environ["BALINT_REDACT_DATA_DIR"] = tempfile.mkdtemp()
>>> s = Series.open("doctest", passphrase="correct horse")
>>> s.exists
False
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

import regex

from ..errors import ConfigError, InputError
from ..render.placeholders import LABEL
from ..text.spans import Span
from . import store
from .mapping import Entity, digest, positions, relabel

_LABEL = regex.compile(LABEL)
VERSION = 1


class Series:
    """An opened series mapping (decrypted in memory; written back encrypted).

    ``Series.open(name, passphrase=...)`` opens (or starts) the series ``name`` in the data
    folder; a wrong passphrase or a damaged file raises and nothing is used.
    """

    def __init__(self, name: str, path: Path, sealed: store.Sealed | None,
                 payload: dict[str, Any], passphrase: str | None, use_keyring: bool) -> None:
        self.name = name
        self.path = path
        self._sealed = sealed
        self._payload = payload
        self._passphrase = passphrase
        self._use_keyring = use_keyring

    def __repr__(self) -> str:  # never the mapping, never the passphrase
        return f"Series(<opened {id(self):x}>)"

    @classmethod
    def open(cls, name: str, passphrase: str | None = None, *, create: bool = True,
             use_keyring: bool = False) -> "Series":
        path = store.series_path(name)
        data = store.read_file(path)
        if data is None:
            if not create:
                raise ConfigError("no such series (see `balint-redact series list`)")
            return cls(name, path, None, cls._empty(name), passphrase, use_keyring)
        sealed, payload = store.unseal(data, passphrase)
        cls._check(payload, name)
        return cls(name, path, sealed, payload, passphrase, use_keyring)

    @staticmethod
    def _empty(name: str) -> dict[str, Any]:
        return {"v": VERSION, "name": name, "entities": [], "documents": {},
                "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}

    @staticmethod
    def _check(payload: dict[str, Any], name: str) -> None:
        if payload.get("v") != VERSION or not isinstance(payload.get("entities"), list) \
                or not isinstance(payload.get("documents"), dict):
            raise InputError(store.DAMAGED)
        if payload.get("name") != name:
            raise ConfigError("the mapping file belongs to another series; nothing was done")

    @property
    def exists(self) -> bool:
        return self._sealed is not None

    @property
    def series_id(self) -> str | None:
        return self._sealed.series_id if self._sealed else None

    def entities(self) -> list[Entity]:
        return [Entity.from_json(e) for e in self._payload["entities"]]

    def labels(self) -> dict[str, str]:
        """Each placeholder of the series and the form it is restored to."""
        return {e.label: e.surface for e in self.entities()}

    # ------------------------------------------------------------------ changing

    def _reload(self) -> None:
        data = store.read_file(self.path)
        if data is None:
            return
        sealed, payload = store.unseal(data, self._passphrase, self._sealed)
        if self._sealed is not None and sealed.series_id != self._sealed.series_id:
            raise ConfigError("the series mapping was replaced by another series' mapping; "
                              "nothing was done")
        self._check(payload, self.name)
        self._sealed, self._payload = sealed, payload

    @contextlib.contextmanager
    def update(self) -> Iterator["Series"]:
        """Lock the series, re-read it, let the caller change it, write it back atomically."""
        with store.locked(self.path):
            self._reload()
            yield self
            if self._sealed is None:
                self._sealed = store.Sealed.new(self._passphrase, self._use_keyring)
            self._payload["series"] = self._sealed.series_id
            store.write_atomic(self.path, self._sealed.seal(self._payload))

    def relabel(self, text: str, pairs: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
        """Series placeholders for one document's pairs (call inside :meth:`update`)."""
        entities = self.entities()
        pairs, _ = relabel(text, pairs, entities)
        self._payload["entities"] = [e.to_json() for e in entities]
        return pairs

    def record(self, text: str, redacted: str, pairs: list[tuple[Span, str]]) -> None:
        """Remember where each placeholder of a redacted document stands and what it stood
        for (inside the encrypted mapping), so restore gives back its exact words."""
        where = positions(text, redacted, pairs)
        if where is not None:
            self._payload["documents"][digest(redacted)] = where

    def apply(self, text: str, pairs: list[tuple[Span, str]],
              write: Callable[[str, list[tuple[Span, str]]], str]
              ) -> tuple[str, list[tuple[Span, str]]]:
        """One document in the series: lock and re-read the mapping, relabel the pairs,
        write the text with ``write(text, pairs)``, remember the positions, save."""
        with self.update():
            pairs = self.relabel(text, pairs)
            redacted = write(text, pairs)
            self.record(text, redacted, pairs)
        return redacted, pairs

    # ------------------------------------------------------------------ restoring

    def restore(self, text: str) -> str:
        """The names back in a text redacted in this series.

        A document this series redacted (unchanged) gets each placeholder's own words back
        ("Mrs Patel", "Amina"); any other text of the series (the group's notes) gets each
        placeholder's fullest form ("Amina Patel"). Text holding a placeholder the series
        does not know, or none at all, is refused: it did not come from this series.
        """
        where = self._payload["documents"].get(digest(text))
        if where is not None:
            out, cut = [], 0
            for start, end, label, original in where:
                if text[start:end] != label:
                    raise InputError(store.DAMAGED)
                out += [text[cut:start], original]
                cut = end
            return "".join(out) + text[cut:]
        known = self.labels()
        found = _LABEL.findall(text)
        if not found:
            raise InputError("the text holds no placeholder of a series; nothing to restore")
        unknown = {f for f in found if f not in known}
        if unknown:
            raise InputError(f"the text holds {len(unknown)} placeholder"
                             f"{'s' if len(unknown) != 1 else ''} this series never gave: it "
                             "is not from this series; nothing was restored")
        return _LABEL.sub(lambda m: known[m.group()], text)


def forget(name: str) -> bool:
    """Delete a series' mapping (and its keyring key, if any). True if there was one."""
    path = store.series_path(name)
    data = store.read_file(path)
    if data is None:
        return False
    try:
        _, header, _ = store.split(data)
        if header.get("key") == "keyring":
            store.forget_key(header["series"])
    except InputError:
        pass
    with store.locked(path):
        path.unlink()
    with contextlib.suppress(OSError):
        Path(str(path) + ".lock").unlink()
    return True
