"""Folder runs: batch redaction, the residual check, run reports and the review page."""
