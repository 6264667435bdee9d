"""Rate limits: token buckets per participant, failure throttling per workshop. Pure Python.

Writes from phones (answers, votes, any event that carries a client id) are
limited per participant, never per IP address: a whole hall shares one
address behind the venue's wifi. Failed facilitator logins are counted per
workshop code; after too many in a window, new logins for that workshop are
refused without even checking the secret, so guessing is bounded.

The clock is injected, so tests and the server use the same code.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Literal

Clock = Callable[[], float]

# A phone may send this many writes at once (an outbox flushed after a
# reconnect, a fast dots ballot) and then this many per second on average.
WRITE_BURST = 30
WRITE_PER_SECOND = 5.0
# Failed facilitator logins per workshop code before new logins pause.
FACILITATOR_FAILURES = 10
FACILITATOR_WINDOW_SECONDS = 300.0
# Forget the least recently used keys past this many (bounded memory).
MAX_KEYS = 100_000


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class TokenBuckets:
    """One token bucket per key: `burst` tokens, refilled at `rate` per second."""

    def __init__(
        self,
        burst: int = WRITE_BURST,
        rate: float = WRITE_PER_SECOND,
        clock: Clock = time.monotonic,
        max_keys: int = MAX_KEYS,
    ):
        self.burst = burst
        self.rate = rate
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[Hashable, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: Hashable) -> bool:
        """Take one token for `key`; False if its bucket is empty."""
        with self._lock:
            return self._take(key)

    def _take(self, key: Hashable) -> bool:
        now = self.clock()
        bucket = self._buckets.pop(key, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        self._buckets[key] = bucket
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True


Verdict = Literal["ok", "denied", "throttled"]


class FailureThrottle:
    """Counts failures per key in a sliding window; past `limit`, attempts are not even checked."""

    def __init__(
        self,
        limit: int = FACILITATOR_FAILURES,
        window: float = FACILITATOR_WINDOW_SECONDS,
        clock: Clock = time.monotonic,
        max_keys: int = MAX_KEYS,
    ):
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._failures: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def throttled(self, key: Hashable) -> bool:
        """True if `key` has failed `limit` times within the window."""
        with self._lock:
            return self._count(key) >= self.limit

    def _count(self, key: Hashable) -> int:
        failures = self._failures.get(key)
        if not failures:
            return 0
        cutoff = self.clock() - self.window
        while failures and failures[0] <= cutoff:
            failures.popleft()
        return len(failures)

    def retry_after(self, key: Hashable) -> int:
        """Whole seconds until `key` may try again (0 if it may now)."""
        with self._lock:
            if self._count(key) < self.limit:
                return 0
            oldest = self._failures[key][0]
            return max(1, math.ceil(oldest + self.window - self.clock()))

    def failed(self, key: Hashable) -> None:
        """Record one failure for `key`."""
        with self._lock:
            self._record(key)

    def _record(self, key: Hashable) -> None:
        failures = self._failures.pop(key, None) or deque(maxlen=self.limit)
        failures.append(self.clock())
        self._failures[key] = failures
        if len(self._failures) > self.max_keys:
            self._failures.popitem(last=False)

    def attempt(self, key: Hashable, check: Callable[[], bool]) -> Verdict:
        """Run `check` unless `key` is throttled; count a failed check."""
        if self.throttled(key):
            return "throttled"
        if check():
            return "ok"
        self.failed(key)
        return "denied"


class Limits:
    """The limits of one app: writes per participant, key failures per workshop and instance."""

    def __init__(
        self,
        write_burst: int = WRITE_BURST,
        write_rate: float = WRITE_PER_SECOND,
        facilitator_failures: int = FACILITATOR_FAILURES,
        facilitator_window: float = FACILITATOR_WINDOW_SECONDS,
        clock: Clock = time.monotonic,
    ):
        self.writes = TokenBuckets(write_burst, write_rate, clock)
        self.facilitator = FailureThrottle(facilitator_failures, facilitator_window, clock)
        # wrong organiser keys, counted for the whole instance (there is one key)
        self.organizer = FailureThrottle(facilitator_failures, facilitator_window, clock)
        # wrong owner links (next steps), counted for the whole instance
        self.owner = FailureThrottle(facilitator_failures, facilitator_window, clock)
