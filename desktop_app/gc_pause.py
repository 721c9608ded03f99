"""Python's cycle collector held off while a whole file is read, checked or written.

A 20,000-row list makes a few hundred thousand objects (its rows, their checked values, the
plan) that all live until the work ends.  Every few thousand new objects set the collector
off, and now and then it walks the whole heap again — the program's too, which in the
window is large — finding nothing to free: about a fifth of an upload's time.  Reference
counting frees everything as usual while it is off; it resumes when the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cycle collector off for the block.  Only the block that turned it off turns it on
    again: nested uses keep it off to the end, and concurrent ones never leave it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
