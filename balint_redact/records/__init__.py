"""The shared records: the gate, the chain, the store, the index and verification.

* ``gate`` — the only way in: redact, re-check, file, verify;
* ``index`` / ``chain`` — the hash-chained index; ``store`` / ``fs`` — the files;
* ``verify`` — checking the records.
"""

from .gate import DEFAULT_CHECK_MIN_SCORE, describe, is_inside, share_document, verify_records
from .index import validate_group, validate_session
from .store import DuplicateRecordError, allow_duplicate, withdraw_record

__all__ = ["DEFAULT_CHECK_MIN_SCORE", "DuplicateRecordError", "allow_duplicate", "describe",
           "is_inside", "share_document", "validate_group", "validate_session",
           "verify_records", "withdraw_record"]
