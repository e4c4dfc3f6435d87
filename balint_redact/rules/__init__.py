"""Detection rules as data: the rules schema and loader, the built-in patterns, and the
validators (checksums, formats)."""
