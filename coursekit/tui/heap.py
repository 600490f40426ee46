"""Keep the cyclic garbage collector off the UI thread's back around huge results.

A 10,000-student import plan is millions of tuples. Built with the collector running, its
passes cost more than the building; built with it paused (``paused_gc`` in the services), the
first pass after it resumes walks all of them at once — a few hundred milliseconds with the
GIL held, on whichever thread allocates next, so the UI stops answering keys meanwhile.

``frozen_result()`` pauses the collector while a worker builds such a result and, before
resuming it, moves every object then alive out of its reach (``gc.freeze``); reference counting
still frees them when they are dropped. ``release_gc()`` hands what is left back to the
collector once the result is gone (by then that is little).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def frozen_result() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def release_gc() -> None:
    gc.unfreeze()


def keep_out_of_gc() -> None:
    """Move what is alive now (a freshly loaded roster, the app's widgets, imported modules)
    out of the collector's reach: at 10,000 students each full pass over it costs 150-200 ms,
    and one ran on nearly every screen push. Young garbage is collected before it can be
    frozen; anything cyclic that is frozen and later dropped waits for ``release_gc``
    (the app calls it when it closes)."""
    gc.collect(1)
    gc.freeze()
