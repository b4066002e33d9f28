"""Pausing Python's cyclic garbage collector around a bulk computation.

A batch of the tier engine keeps several small objects per customer alive
until its results are written (the SQL rows, their sums, metrics, tiers and
scores): 100,000 customers make the collector run hundreds of times, each
run walking the young objects and some walking the whole registry as well,
to find no garbage at all (the objects are freed by reference counting when
the batch ends). The nightly run spent about a quarter of its Python time
there. Results cannot change: the collector only frees unreachable cycles,
and any made meanwhile are freed once it resumes.
"""

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Runs the block with the collector off, and turns it back on after
    unless it was already off (another caller's pause, a profiler)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
