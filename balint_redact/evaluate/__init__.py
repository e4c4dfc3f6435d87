"""Evaluation against gold annotations, and robustness checks."""
