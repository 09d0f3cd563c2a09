"""Building a whole exam without the cycle collector's full passes (pure)."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def no_cycles() -> Iterator[None]:
    """Pause Python's cycle collector while a block builds many objects that hold no reference cycles
    (the papers of an exam, their rendered files): its full passes, triggered by the count of new
    objects, would walk the whole heap again and again and free nothing. Reference counting still
    frees everything; the collector resumes (if it was on) when the block ends."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
