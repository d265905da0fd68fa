"""The cyclic garbage collector paused while a library is built, and the caller's state restored.

:func:`coopcarbon.io.gcpause.collection_paused` switches the collector off, then back on as it
was; the objects made meanwhile join the oldest generation without being walked, unless the
program froze objects of its own (they stay frozen).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from coopcarbon.io.gcpause import collection_paused


@pytest.fixture
def collecting() -> Iterator[None]:
    """The collector on, and nothing frozen, for the test; the state before restored after it."""
    was_enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    gc.unfreeze()
    gc.enable()
    yield
    gc.unfreeze()
    if frozen:
        gc.freeze()
    if not was_enabled:
        gc.disable()


def _generation(obj: object) -> int | None:
    return next((g for g in range(3) if any(o is obj for o in gc.get_objects(g))), None)


def test_the_collector_is_off_inside_and_on_after(collecting: None) -> None:
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_caller_that_keeps_the_collector_off_keeps_it_off(collecting: None) -> None:
    gc.disable()
    with collection_paused():
        made = [[i] for i in range(10)]
    assert not gc.isenabled() and _generation(made) == 0  # nothing moved: the caller's business
    gc.enable()


def test_what_is_made_inside_joins_the_oldest_generation(collecting: None) -> None:
    with collection_paused():
        made = [[i] for i in range(1000)]
    assert _generation(made) == 2 and _generation(made[500]) == 2
    assert gc.get_count()[0] < 100  # no young objects left for the next collection to walk


def test_objects_the_program_froze_stay_frozen(collecting: None) -> None:
    kept = [[1], [2]]
    gc.freeze()
    frozen = gc.get_freeze_count()
    with collection_paused():
        made = [[i] for i in range(10)]
    assert gc.get_freeze_count() == frozen and _generation(kept) is None  # still frozen
    assert _generation(made) in (0, 1, 2)  # tracked as usual
