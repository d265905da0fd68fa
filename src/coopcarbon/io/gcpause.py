"""Pause the cyclic garbage collector while a large tree of fresh objects is built.

Reading a 20 000-factor table creates hundreds of thousands of small dicts, tuples and strings
and no reference cycle; the collector would walk them again and again as they are created
(about a third of the reading time). :func:`collection_paused` is the one place that switches
it off; it restores the caller's state, so a caller that keeps the collector off keeps it off.
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
            gc.enable()
