"""Pause the cyclic garbage collector while a large tree of fresh objects is built.

Reading a 20 000-factor table creates hundreds of thousands of small dicts, tuples and strings
and no reference cycle; the collector would walk them again and again as they are created
(about a third of the reading time). :func:`collection_paused` is the one place that switches
it off; it restores the caller's state, so a caller that keeps the collector off keeps it off.

When it switches the collector back on, the objects made meanwhile join the oldest generation
at once (:func:`gc.freeze` then :func:`gc.unfreeze`, which moves them there without looking at
them), as the long-lived library they are: else the first collections after a load walk them
again, generation by generation (about 0.03 s each for ADEME's 20 000-element export). This is
skipped when the program has frozen objects of its own, which stay frozen.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collection_paused"]


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the ``with`` block with the cyclic garbage collector off, then restore its state."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if not gc.get_freeze_count():  # the objects made meanwhile: to the oldest generation, not walked
                gc.freeze()
                gc.unfreeze()
            gc.enable()
