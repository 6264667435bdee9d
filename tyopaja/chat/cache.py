"""A cache of built bubbles for one participant's chat, kept between builds (or switched off).

`chat.build` is a pure function of what it is given; with a `ChatCache` it reuses the
bubbles of the introductions and of each open step whose inputs are as last time, so
an ack does not rebuild a long conversation (BENCHMARKS.md, "What costs"). Each entry
stores the inputs it was built from next to the bubbles, and is used only when they
are equal: the conversation is the same with or without the cache
(tests/unit/test_chat_cache.py). One cache per phone socket, whose language never
changes; `NO_CACHE` stores nothing.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any


class ChatCache:
    """Bubbles by key (a step id, or the introductions), each with the inputs it was built from."""

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[Any, tuple]] = {}

    def get(self, key: Hashable, inputs: Any) -> tuple | None:
        """The bubbles stored under `key` if they were built from equal `inputs`, else None."""
        hit = self._entries.get(key)
        if hit is not None and hit[0] == inputs:
            return hit[1]
        return None

    def put(self, key: Hashable, inputs: Any, bubbles: tuple) -> None:
        self._entries[key] = (inputs, bubbles)


class _NoCache(ChatCache):
    """A cache that keeps nothing: every build starts from scratch."""

    __slots__ = ()

    def get(self, key: Hashable, inputs: Any) -> tuple | None:
        return None

    def put(self, key: Hashable, inputs: Any, bubbles: tuple) -> None:
        return None


NO_CACHE: ChatCache = _NoCache()
