"""Batch workers keep the memory a batch freed (batch.run._tune_malloc): glibc's default
gave it back at once and later the 64 MB limit still did, as a batch through the model frees
about 75 MB at the top of the heap, so every batch page-faulted it in again (142,000 page
faults, 0.4 s of system time a MB on one process). Peak memory is unchanged: the memory kept
is the memory the batch had at its peak."""

from __future__ import annotations

import ctypes
import resource
import sys

import pytest

from balint_redact.batch import run

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="glibc's mallopt only")

_CHUNK = 8 * 1024 * 1024  # below the mmap threshold: served from the heap
_CHUNKS = 12              # ~100 MB, freed at the top of the heap like a model batch
_PAGE = 4096


def _fill() -> int:
    """Page faults taken while allocating and touching ~100 MB of heap, then freeing it."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    blocks = []
    for _ in range(_CHUNKS):
        block = ctypes.create_string_buffer(_CHUNK)  # malloc + memset: every page touched
        blocks.append(block)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    del blocks
    return faults


def test_a_second_batch_reuses_the_memory_the_first_one_freed() -> None:
    try:
        ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        pytest.skip("not glibc")
    run._tune_malloc()
    _fill()
    pages = _CHUNKS * _CHUNK // _PAGE
    again = _fill()
    assert again < pages // 10, f"{again} page faults for {pages} pages already used once"
