"""Make docs/review.png: the review page on a fictional write-up, in the system Chromium.

    python tools/screenshot_review.py [--out docs/review.png]

The page is the real one (``balint-redact review``), served on 127.0.0.1; the presenter has
kept one word detection took for a name ("Kafkaesque") before the picture is taken. The
missed name ("Hope") is marked "to confirm" by the package's second reader
(``balint_redact.confirm.reader``) where it is installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: fictional: no real person, court file or number
EXAMPLE = """\
# Balint group: case for presentation

I have acted for Mrs Amina Patel since the spring. The father, Mr Gerald Thorne, has applied
for a child arrangements order; the case number is BD24P00417 and it is listed at Leeds
Family Court on 14 March 2025.

Hope, the trainee who sits with me, took the notes. Amina rings me most evenings from
07700 900845, and I have found myself answering. Last week she emailed me from
amina.patel@example.com at eleven at night to say that Mr Thorne had turned up at
41 Wills Crescent, Birmingham B6 6QR.

Hope thinks I am protective of this client, and that the delays are Kafkaesque. My
supervisor, Claire Hughes, said I should keep to office hours. I agreed, and then I answered
the next call.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "review.png")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from balint_redact import Redactor
    from balint_redact.review import LocalReview, ReviewApp, Saving, open_review

    chromium = os.environ.get("BALINT_CHROMIUM") or shutil.which("chromium") or \
        "/usr/bin/chromium"
    folder = Path(tempfile.mkdtemp(prefix="balint-shot-"))
    try:
        source = folder / "case.md"
        source.write_text(EXAMPLE, encoding="utf-8")
        session = open_review(source, Redactor(use_default_rules_file=False))
        word = EXAMPLE.index("Kafkaesque")
        found = [s for s, _ in session.rendered()[1] if s.start == word]
        if found:
            session.keep(found[0].start, found[0].end)
        server = LocalReview(ReviewApp(session, saving=Saving(folder / "o.md",
                                                              folder / "d.toml")))
        thread = threading.Thread(target=server.serve_until_done, daemon=True)
        thread.start()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 820})
            page.goto(server.url)
            page.wait_for_selector("body[data-ready='1']")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out), full_page=True)
            browser.close()
        server.stop()
        thread.join(5)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"wrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
