"""A per-call wall-clock limit that works in the main thread of any process.

trafilatura can spend minutes on pathological pages. A thread-based watchdog
cannot stop Python code, so this uses SIGALRM via signal.setitimer: it works
in the main thread of the main process and of forked/spawned worker
processes (each has its own timer). Where it cannot work (Windows, or a
non-main thread such as a Dask threaded worker) the call runs without a
limit. The alarm interrupts Python code only: a stall inside one long C call
(e.g. lxml parsing) ends when that call returns.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(BaseException):
    """BaseException, so library code's `except Exception` cannot swallow it."""


def limit_available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block after `seconds` (None/<=0: no limit).

    An outer ITIMER_REAL (someone else's alarm) is restored afterwards with
    its remaining time.
    """
    if not seconds or seconds <= 0 or not limit_available():
        yield
        return

    def _on_alarm(signum: int, frame: object) -> None:
        raise TimeLimitExceeded(seconds)

    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    prev_delay, prev_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None means a handler installed from C: the best we can restore is the default.
        signal.signal(signal.SIGALRM, previous_handler if previous_handler is not None else signal.SIG_DFL)
        if prev_delay > 0:
            remaining = max(prev_delay - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, remaining, prev_interval)
