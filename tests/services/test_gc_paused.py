"""``gc_paused``: the class views run with the cyclic collector paused, and it comes back
only after the call has returned and its temporaries are gone (issue 17)."""

from __future__ import annotations

import gc
import weakref

import pytest

from coursekit.services.context import gc_paused


class Fact:
    """A stand-in for the facts a view reads (weak-referenceable)."""


def test_the_collector_is_paused_during_the_call_and_back_after() -> None:
    seen: list[bool] = []

    @gc_paused
    def view(n: int) -> int:
        seen.append(gc.isenabled())
        return n * 2

    assert gc.isenabled()
    assert view(21) == 42
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_comes_back_after_a_failure() -> None:
    @gc_paused
    def view() -> None:
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        view()
    assert gc.isenabled()


def test_the_call_s_temporaries_are_freed_before_the_collector_returns() -> None:
    """When the collector is enabled again, the facts the call read are already freed (by
    reference counting, with its frame), so the first collection does not walk them."""
    alive_at_enable: list[bool] = []
    probe: list[weakref.ref[Fact]] = []

    @gc_paused
    def view() -> int:
        facts = [Fact() for _ in range(1000)]
        probe.append(weakref.ref(facts[0]))
        return len(facts)

    original_enable = gc.enable

    def watching_enable() -> None:
        alive_at_enable.append(probe[0]() is not None)
        original_enable()

    gc.enable = watching_enable
    try:
        assert view() == 1000
    finally:
        gc.enable = original_enable
    assert alive_at_enable == [False]


def test_a_disabled_collector_stays_disabled() -> None:
    @gc_paused
    def view() -> None:
        return None

    gc.disable()
    try:
        view()
        assert not gc.isenabled()
    finally:
        gc.enable()
