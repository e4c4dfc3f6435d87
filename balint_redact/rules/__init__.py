"""Detection rules as data: the rules schema and loader, the built-in patterns, and the
validators (checksums, formats).

* ``schema`` — the rules file format, loading and merging;
* ``patterns`` — matching a pattern rule; ``validators`` — checksums and formats.
"""

from .schema import load_rules_file

__all__ = ["load_rules_file"]
