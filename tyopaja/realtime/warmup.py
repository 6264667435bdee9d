"""Warm the grouping engine up once, in the background, when a server starts serving.

Loading simplemma's Finnish dictionary takes seconds and much memory; doing it
inside a request would stall every phone of a gevent server. The warm-up
starts with the first facilitator or organiser page (tests and one-shot
commands never pay for it), and `f:suggest` waits for it to finish.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from .. import grouping
from ..workshop import Refused

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


def _warm() -> None:
    try:
        grouping.warm_up()
    except Exception:
        log.exception("grouping warm-up failed")
    finally:
        _done.set()


def suggestions_ready(timeout: float = WAIT_SECONDS) -> None:
    """Return once suggestions can be computed; warm up in place if no server started it."""
    if not _state["started"]:
        grouping.warm_up()
        return
    if not _done.wait(timeout):
        raise Refused("not_ready")
