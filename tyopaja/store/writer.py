"""Group commit: many writes share one transaction; each caller waits for the commit.

Committing each answer on its own halves throughput; here a single writer
task drains a queue, runs every waiting job in one transaction (each in its
own savepoint), commits once, then wakes the callers. A caller is answered
only after the commit that holds its write, so an ack always means "stored".

The concurrency primitives are injected (threads or gevent, whichever the
server runs on), so this module works in both and in plain tests.
"""

from __future__ import annotations

import queue
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tyopaja.store import Outcome, Store


@dataclass
class _Job:
    fn: Callable[..., Any]
    args: tuple
    done: Any  # an Event
    outcome: Outcome | None = None


@dataclass
class Concurrency:
    """The primitives of the server's async mode."""

    spawn: Callable[..., Any]
    make_queue: Callable[[], Any] = queue.Queue
    make_event: Callable[[], Any] = field(default=None)  # type: ignore[assignment]
    sleep: Callable[[float], Any] | None = None
    queue_empty: type[Exception] = queue.Empty


_AUTO = object()


def gevent_offload() -> Callable[..., Any] | None:
    """gevent's thread pool `apply` when the process runs on gevent (monkey-patched), else None."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None or not monkey.is_module_patched("threading"):
        return None
    import gevent

    return gevent.get_hub().threadpool.apply


class GroupCommitter:
    """Runs store jobs in batches on one writer task."""

    def __init__(
        self,
        store: Store,
        conc: Concurrency,
        *,
        max_batch: int = 500,
        linger: float = 0.002,
        offload: Any = _AUTO,
    ):
        self.store = store
        self.conc = conc
        self.max_batch = max_batch
        self.linger = linger
        self._queue = conc.make_queue()
        # Under gevent the batch's COMMIT (the fsync) runs in gevent's native
        # thread pool, so the event loop keeps serving phones while the disk
        # works. The jobs themselves run here: they are Python and need the GIL
        # anyway, and running whole batches in the pool cost throughput in
        # thread hand-offs (BENCHMARKS.md, "What costs").
        self.offload = gevent_offload() if offload is _AUTO else offload
        self._started = False
        self.batches = 0
        self.jobs = 0

    def start(self) -> None:
        """Start the writer task (once)."""
        if not self._started:
            self._started = True
            self.conc.spawn(self._loop)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run fn(tx, *args) in the next batch; return its value after the commit, or raise.

        The wait has no timer of its own: the writer answers every job it
        takes, with a value or an error (a timer per write cost CPU on
        every answer under gevent). A phone whose ack is late resends, and
        its replay is a no-op (docs/reliability.md).
        """
        if not self._started:
            return self.store.write(fn, *args)
        job = _Job(fn, args, self.conc.make_event())
        self._queue.put(job)
        job.done.wait()
        assert job.outcome is not None  # the writer answers every job it takes
        return job.outcome.unwrap()

    def _loop(self) -> None:
        while True:
            jobs = self._take_batch()
            try:
                outcomes = self._run_batch([(job.fn, job.args) for job in jobs])
            except Exception as error:  # keep the writer alive whatever a batch does
                outcomes = [Outcome(error=error) for _ in jobs]
            self.batches += 1
            self.jobs += len(jobs)
            for job, outcome in zip(jobs, outcomes, strict=True):
                job.outcome = outcome
                job.done.set()

    def _run_batch(self, batch: list[tuple[Callable[..., Any], tuple]]) -> list[Outcome]:
        return self.store.run_batch(batch, self.offload)

    def _take_batch(self) -> list[_Job]:
        jobs = [self._queue.get()]
        if self.linger and self.conc.sleep:
            # Let other ready writers enqueue, so that they share this commit.
            self.conc.sleep(self.linger)
        while len(jobs) < self.max_batch:
            try:
                jobs.append(self._queue.get_nowait())
            except self.conc.queue_empty:
                break
        return jobs
