"""Folder runs: batch redaction, the residual check, run reports and the review page.

* ``run`` / ``lifetime`` — redacting a tree of files in a pool of worker processes;
* ``check`` / ``check_context`` — the residual check;
* ``report`` / ``report_html`` — run reports; ``review`` — the review page.
"""

from .check import check_paths, expand_paths, fails, parse_fail_on
from .report import render as render_report
from .report import summary_line, summary_of
from .review import render_review
from .run import default_workers, plan_tree, run_jobs
from .run import summarise as summarise_batch

__all__ = ["check_paths", "default_workers", "expand_paths", "fails", "parse_fail_on",
           "plan_tree", "render_report", "render_review", "run_jobs", "summarise_batch",
           "summary_line", "summary_of"]
