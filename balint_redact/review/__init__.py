"""The review page: a presenter checks a redacted write-up in the browser and corrects it.

* ``session`` — one document under review, its detected spans and the presenter's decisions;
* ``view`` — what the page shows (segments, legend, mentions); ``second`` — the "to confirm"
  items of the second reader;
* ``web`` — the page's requests; ``local`` — the local server (``balint-redact review``);
  ``embed`` — the same page at ``/review`` of ``balint-redact serve``;
* ``share`` — "Share" through the records gate; ``start`` — opening a review.
"""

from __future__ import annotations

from .local import LocalReview, open_in_browser
from .session import ReviewSession
from .share import ShareSettings
from .start import default_paths, open_review, session_for
from .web import ReviewApp, Saving

__all__ = ["LocalReview", "ReviewApp", "ReviewSession", "Saving", "ShareSettings",
           "default_paths", "open_in_browser", "open_review", "session_for"]
