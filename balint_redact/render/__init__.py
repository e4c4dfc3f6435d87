"""Rendering: entity types and their labels, and the placeholders that replace each mention.

* ``entities`` — the entity types, their labels and whether they are direct identifiers;
* ``placeholders`` — grouping mentions and lettering their placeholders.
"""

from .entities import ENTITY_TYPES

__all__ = ["ENTITY_TYPES"]
