"""Detection: a Document through an ordered list of named stages, with a decision trace.

* ``document`` — the Document every stage reads and changes;
* ``stages`` — the list (``STAGES``), choosing stages by name, running them;
* ``steps_text`` / ``steps_names`` — what each stage does;
* ``trace`` / ``kept`` — the decision trace and the words kept that looked like identifiers;
* ``resources`` / ``detector`` — what detection is loaded with, and the front: ``Detector``.
"""

from .detector import Detector
from .document import Document
from .stages import STAGES, Stage, names, select
from .trace import Trace, TraceRecord

__all__ = ["Detector", "Document", "STAGES", "Stage", "Trace", "TraceRecord", "names",
           "select"]
