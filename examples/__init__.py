"""The bundled example write-up (``write-up.md``, fictional), shipped in the wheel so that
``balint-redact example`` can show it to a user without a checkout."""
