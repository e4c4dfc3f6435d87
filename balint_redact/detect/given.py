"""English given names and their usual nicknames, from the hand-curated `nicknames` dataset
(Carlton Northern and Nick Crews, Apache-2.0), read through its public lookup once a document
needs them.

>>> "Paddy" in nicknames_of("Patrick"), "Patrick" in dataset_names()
(True, True)
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    """First name (lower case) → its usual nicknames (lower case); nicknames of two letters
    are left out (initials, words)."""
    from nicknames import NickNamer  # imported only when a document names someone

    return {name: frozenset(n for n in nicks if len(n) >= 3)
            for name, nicks in NickNamer.default_lookup().items()}


def nicknames_of(name: str) -> frozenset[str]:
    """The usual nicknames of a first name, capitalised ("Patrick" → "Paddy", "Pat", ...)."""
    return frozenset(n.capitalize() for n in _table().get(name.lower(), ()))


@lru_cache(maxsize=1)
def dataset_names() -> frozenset[str]:
    """Every first name and nickname of the dataset, capitalised ("Patrick", "Paddy")."""
    out: set[str] = set()
    for name, nicks in _table().items():
        out.add(name.capitalize())
        out.update(n.capitalize() for n in nicks)
    return frozenset(out)
