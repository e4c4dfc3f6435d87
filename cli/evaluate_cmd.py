"""`balint-redact evaluate`: score redaction on a gold corpus (filled in with the evaluator)."""

COMMANDS: list = []
