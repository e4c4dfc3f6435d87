"""Reading and writing documents: plain text and Word.

* ``textio`` — decoding, size limits, atomic writes, staged writes;
* ``documents`` — one loaded document (text or Word) and writing its redacted copy;
* ``docx_io`` / ``docx_text`` — the Word format.
"""

from .documents import Document, describe_suffix, load_document, output_kind, write_redacted
from .textio import atomic_write_text, decode, guard_output

__all__ = ["Document", "atomic_write_text", "decode", "describe_suffix", "guard_output",
           "load_document", "output_kind", "write_redacted"]
