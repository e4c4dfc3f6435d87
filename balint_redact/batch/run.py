"""Redact many files: walk a tree, mirror it under an output folder, in parallel.

Each worker process loads the pipeline once (fork where available). A file that fails gets
no output; the failures are reported by name and reason (never by content). Workers end
with the process that started them (see :func:`worker_pool`), so a killed run leaves no
worker holding memory or the caller's pipes.

>>> plan_tree(Path("in"), Path("out"), force=True)   # doctest: +SKIP
[Job(source=PosixPath('in/a.txt'), target=PosixPath('out/a.txt'), number=1)]
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import BalintRedactError
from .lifetime import guard_worker
from ..io.textio import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES

#: files handed to a worker at once (lets spaCy batch small files; 32-64 texts a batch is
#: where the model runs fastest)
TASK_SIZE = 64


@dataclass(frozen=True)
class Job:
    source: Path
    target: Path
    #: 1-based position among the tree's supported files (how reports number a file
    #: without naming it)
    number: int = 0


@dataclass
class Outcome:
    source: Path
    target: Path
    status: str  # "ok", "failed", "skipped"
    error: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    #: the redaction as data (``Redaction.to_dict``), only for the "jsonl" output format
    payload: dict[str, Any] | None = field(default=None, repr=False)


def iter_supported(root: Path, exclude: Path | None = None) -> Iterator[Path]:
    """Supported files under root, sorted, skipping hidden files and the excluded folder."""
    excluded = exclude.resolve() if exclude else None
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and (excluded is None or (here / d).resolve() != excluded))
        for name in sorted(filenames):
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield here / name


def plan_tree(root: Path, out_dir: Path | None, force: bool = False,
              target_suffix: str = "") -> tuple[list[Job], list[Job]]:
    """(jobs to run, jobs skipped because their output is newer than the input).

    Each output mirrors its input under ``out_dir``, with ``target_suffix`` added to its
    name (".json": ``a.md`` -> ``a.md.json``). ``out_dir`` None: no output per file (a JSON
    Lines batch), so every file is a job and its target is its source."""
    from ..io.textio import remove_stale_temps

    if out_dir is not None:
        remove_stale_temps(out_dir)  # what a killed run left behind
    todo, skipped = [], []
    for number, src in enumerate(iter_supported(root, exclude=out_dir), 1):
        if out_dir is None:
            todo.append(Job(src, src, number))
            continue
        rel = src.relative_to(root)
        job = Job(src, out_dir / rel.with_name(rel.name + target_suffix), number)
        if not force and job.target.exists() and \
                job.target.stat().st_mtime >= src.stat().st_mtime:
            skipped.append(job)
        else:
            todo.append(job)
    return todo, skipped


# --- worker processes: one pool for every command -------------------------------------------

def start_method() -> str:
    """fork where the system has it (workers inherit the loaded pipeline), else spawn."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _start_worker(parent_pid: int, initializer: Callable[..., None],
                  initargs: tuple[Any, ...]) -> None:
    guard_worker(parent_pid)
    initializer(*initargs)


def worker_pool(workers: int, initializer: Callable[..., None],
                initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """The process pool of every command that runs workers (redact DIR, check): started with
    :func:`start_method`, each worker guarded by :func:`guard_worker` before ``initializer``
    runs. Use it from the thread that waits for the results: Linux's death signal follows
    the thread that started the workers."""
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context(start_method()),
                               initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs))


# --- worker side -------------------------------------------------------------------------

_WORKER: Any = None
_MAX_BYTES = DEFAULT_MAX_BYTES
_FORMAT = "text"
#: what a folder run writes per file: the redacted document, its JSON, or nothing (the
#: redaction comes back in Outcome.payload for one JSON Lines file)
OUTPUT_FORMATS = ("text", "json", "jsonl")


def _init_worker(options: dict[str, Any], max_bytes: int, output_format: str = "text") -> None:
    global _WORKER, _MAX_BYTES, _FORMAT
    _MAX_BYTES = max_bytes
    _FORMAT = output_format
    if _WORKER is None:  # spawned: build our own; forked: inherited from the parent
        from ..redactor import Redactor

        _WORKER = Redactor(**options)


def _stage_output(doc: Any, red: Any, target: Path, output_format: str) -> Any:
    """Stage (or write) one job's output; None when nothing is left to commit."""
    from ..io.documents import stage_redacted
    from ..io.textio import guard_output, stage_text

    if output_format == "jsonl":
        return None
    if output_format == "json":
        import json

        guard_output(doc.path, target)
        return stage_text(target, json.dumps(red.to_dict(), ensure_ascii=False, indent=1)
                          + "\n")
    return stage_redacted(doc, red.text, [(f.start, f.end, f.placeholder)
                                          for f in red.findings], target)


def run_jobs_here(redactor: Any, jobs: list[Job], max_bytes: int,
                  output_format: str = "text") -> list[Outcome]:
    """Redact a group of jobs with one redactor, batching their texts through the pipeline."""
    from ..io.documents import load_document
    from ..io.textio import commit_staged, discard_staged

    outcomes: list[Outcome] = []
    loaded = []
    for job in jobs:
        try:
            loaded.append((job, load_document(job.source, max_bytes)))
        except BalintRedactError as exc:
            outcomes.append(Outcome(job.source, job.target, "failed", str(exc)))
    try:
        redactions = redactor.redact_many([doc.text for _, doc in loaded])
    except BalintRedactError:
        redactions = None  # one text broke the batch: retry one by one to isolate it
    # text outputs are staged and then synced to disk together (one sync, not one a file)
    staged: list[tuple[int, Any]] = []  # (index in outcomes, staged write)
    try:
        for i, (job, doc) in enumerate(loaded):
            try:
                red = redactions[i] if redactions is not None else redactor.redact(doc.text)
                write = _stage_output(doc, red, job.target, output_format)
                if write is not None:
                    staged.append((len(outcomes), write))
                payload = red.to_dict() if output_format == "jsonl" else None
                outcomes.append(Outcome(job.source, job.target, "ok", counts=red.counts(),
                                        payload=payload))
            except BalintRedactError as exc:
                outcomes.append(Outcome(job.source, job.target, "failed", str(exc)))
            except Exception as exc:  # fail closed on anything unexpected, keep going
                outcomes.append(Outcome(job.source, job.target, "failed",
                                        f"internal error ({type(exc).__name__}); "
                                        "nothing written"))
    except BaseException:
        discard_staged([w for _, w in staged])
        raise
    for (k, _), error in zip(staged, commit_staged([w for _, w in staged])):
        if error is not None:
            o = outcomes[k]
            outcomes[k] = Outcome(o.source, o.target, "failed", str(error))
    return outcomes


def _run_in_worker(jobs: list[Job]) -> list[Outcome]:
    return run_jobs_here(_WORKER, jobs, _MAX_BYTES, _FORMAT)


def _groups(jobs: list[Job], size: int) -> list[list[Job]]:
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


#: the smallest group handed out at the end of a run
MIN_TAIL_SIZE = 8


def _tapered_groups(jobs: list[Job], size: int, workers: int) -> list[list[Job]]:
    """Groups of ``size``, halved each time fewer than two rounds of them are left, so the
    workers run out of work together rather than one waiting on the other's last group."""
    groups, i = [], 0
    while i < len(jobs):
        step = size
        while step // 2 >= MIN_TAIL_SIZE and len(jobs) - i < 2 * workers * step:
            step //= 2
        groups.append(jobs[i:i + step])
        i += step
    return groups


#: glibc malloc: arrays up to this size come from the heap, and this much freed memory may
#: stay in the process (see _tune_malloc)
_MMAP_THRESHOLD = 32 * 1024 * 1024
_TRIM_THRESHOLD = 512 * 1024 * 1024


def _tune_malloc() -> None:
    """Keep freed memory in the process between batches (glibc only; elsewhere a no-op).

    By default glibc serves the model's larger arrays with fresh mmaps and hands freed memory
    back to the system at once, so every batch pays its page faults again: 5-7 % of a
    worker's time went to the kernel. A batch of long texts frees about 75 MB at the top of
    the heap, so a 64 MB limit still gave it back every time (1 MB on one process: 158,000
    page faults and 1.0 s of system time; with 512 MB, 58,000 and 0.6 s; peak memory the
    same, as what is kept is what the batch held at its peak). Outputs are unaffected."""
    try:
        import ctypes

        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    mallopt(m_mmap_threshold, _MMAP_THRESHOLD)
    mallopt(m_trim_threshold, _TRIM_THRESHOLD)


#: files a forked run redacts in the parent before starting its workers (see run_jobs)
WARM_HERE = MIN_TAIL_SIZE


def run_jobs(jobs: list[Job], options: dict[str, Any], workers: int = 1,
             max_bytes: int = DEFAULT_MAX_BYTES, redactor: Any = None,
             progress: Callable[[int], None] | None = None,
             output_format: str = "text") -> list[Outcome]:
    """Run jobs in ``workers`` processes (1: in this process, reusing ``redactor``);
    ``output_format`` is one of :data:`OUTPUT_FORMATS`."""
    global _WORKER
    if output_format not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {output_format!r}")
    outcomes: list[Outcome] = []
    _tune_malloc()
    if redactor is None:  # built here first so a bad configuration fails before any work
        from ..redactor import Redactor

        redactor = Redactor(**options)
    if workers <= 1 or len(jobs) < 2 * TASK_SIZE:
        for group in _groups(jobs, TASK_SIZE):
            outcomes += run_jobs_here(redactor, group, max_bytes, output_format)
            if progress:
                progress(len(group))
        return outcomes
    method = start_method()
    if method == "fork":
        # the first files are redacted here, before the workers start: what a first batch
        # loads and compiles (the rules' regexes, Presidio's phone metadata, the anonymizer
        # ...) is then inherited by every worker instead of done again in each
        head, jobs = jobs[:WARM_HERE], jobs[WARM_HERE:]
        outcomes += run_jobs_here(redactor, head, max_bytes, output_format)
        if progress:
            progress(len(head))
    size = max(1, min(TASK_SIZE, len(jobs) // (workers * 4) or 1))
    _WORKER = redactor if method == "fork" else None
    if method == "fork":
        # what the workers inherit (the loaded pipeline, word lists) is left out of their
        # garbage collections: otherwise each full collection writes to every inherited
        # object's header and the kernel copies those pages into every worker
        gc.freeze()
    try:
        with worker_pool(workers, _init_worker, (options, max_bytes, output_format)) as pool:
            for result in pool.map(_run_in_worker, _tapered_groups(jobs, size, workers)):
                outcomes += result
                if progress:
                    progress(len(result))
    finally:
        if method == "fork":
            gc.unfreeze()
    return outcomes


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def summarise(outcomes: Iterable[Outcome]) -> dict[str, int]:
    out = {"ok": 0, "failed": 0, "skipped": 0}
    for o in outcomes:
        out[o.status] += 1
    return out
