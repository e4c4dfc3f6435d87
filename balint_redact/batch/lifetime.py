"""Worker processes end with the process that started them: one guard for the batch pool
(``redact DIR``, ``check``) and the HTTP server's detection workers.

On Linux the kernel kills a guarded worker when its parent goes (``prctl(PR_SET_PDEATHSIG)``);
elsewhere, or where the parent is a short-lived thread (the signal fires when the *thread*
that started the child ends), a daemon thread polls the parent pid. Either way the parent pid
is checked once more afterwards, so a parent that died before the guard was set is noticed.

>>> import os
>>> guard_worker(os.getppid(), death_signal=False)  # the parent is alive: nothing happens
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

#: how often a worker without Linux's death signal looks whether its parent is still there
PARENT_POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


def _set_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when the thread that started it ends (prctl
    PR_SET_PDEATHSIG); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
        prctl.restype = ctypes.c_int
        return prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def guard_worker(parent_pid: int, death_signal: bool = True) -> None:
    """Make this worker end when ``parent_pid`` (the process that started it) dies.

    ``death_signal=False`` where the starting thread may end before the parent does (the
    server starts replacement workers from short-lived threads): only the poll then. A killed
    batch worker may leave a temporary output (.balint-*.tmp, redacted text only), as a killed
    run does; the next run removes it."""
    if not (death_signal and _set_death_signal()):
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True,
                         name="balint-parent-watch").start()
    if os.getppid() != parent_pid:
        os._exit(1)
