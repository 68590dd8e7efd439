from __future__ import annotations

import signal
import threading
import time

import pytest

from pipeline.ingest.timeout import TimeLimitExceeded, limit_available, time_limit

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs signal.setitimer")


def test_limit_interrupts_and_restores_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded), time_limit(0.1):
        time.sleep(3)
    assert time.monotonic() - started < 1.5
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_fast_block_is_untouched() -> None:
    with time_limit(1.0):
        value = sum(range(1000))
    assert value == 499500
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_not_an_exception_subclass() -> None:
    # library code with `except Exception` must not swallow the timeout
    assert not issubclass(TimeLimitExceeded, Exception)


def test_outer_timer_is_restored() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        with time_limit(0.5):
            pass
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 4.0 < remaining <= 5.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


def test_no_limit_outside_main_thread() -> None:
    result: dict[str, object] = {}

    def work() -> None:
        result["available"] = limit_available()
        with time_limit(0.05):
            time.sleep(0.15)
        result["done"] = True

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert result == {"available": False, "done": True}


@pytest.mark.parametrize("seconds", [None, 0, -1])
def test_disabled_limit(seconds: float | None) -> None:
    with time_limit(seconds):
        time.sleep(0.01)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
