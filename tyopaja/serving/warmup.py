"""Warm the grouping engine up once, in the background, when a server starts serving.

Loading simplemma's Finnish dictionary takes seconds and much memory; doing it
inside a request would stall every phone of a gevent server. So the warm-up
(and every suggestion) runs in gevent's native thread pool, where the event
loop keeps serving phones meanwhile, with simplemma's low-memory backend
(measured: ~70 MB instead of ~400 MB per process; suggestions for 200 answers
still well under a second). It starts with the first facilitator or organiser
page a process serves, not at start-up: phones need no dictionary, so a
process that only serves phones (or nothing yet) stays ~50 MB smaller and
accepts phones at once either way (BENCHMARKS.md, "Many evenings"); tests and
one-shot commands never pay for it, and `f:suggest` waits for it to finish.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from tyopaja.core.workshop import Refused
from tyopaja.grouping import engine as grouping
from tyopaja.store.writer import gevent_offload

log = logging.getLogger(__name__)

_done = threading.Event()
_lock = threading.Lock()
_state = {"started": False}
WAIT_SECONDS = 30.0


def start(socketio: Any) -> None:
    """Start the warm-up as a background task (once per process)."""
    with _lock:
        if _state["started"]:
            return
        _state["started"] = True
    socketio.start_background_task(_warm)


def in_background(fn: Any, *args: Any) -> Any:
    """Run CPU-heavy fn(*args) off the gevent loop (native thread pool); directly elsewhere."""
    offload = gevent_offload()
    return fn(*args) if offload is None else offload(fn, args)


def _warm() -> None:
    try:
        in_background(grouping.warm_up, True)
    except Exception:
        log.exception("grouping warm-up failed")
    finally:
        _done.set()


def suggestions_ready(timeout: float = WAIT_SECONDS) -> None:
    """Return once suggestions can be computed; warm up in place if no server started it."""
    if not _state["started"]:
        in_background(grouping.warm_up, True)
        return
    if not _done.wait(timeout):
        raise Refused("not_ready")
