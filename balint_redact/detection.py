"""Compatibility front: detection now lives in balint_redact.detect (a Document through an
ordered list of named stages, with a decision trace)."""

from .detect import Detector

__all__ = ["Detector"]
