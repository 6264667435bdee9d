"""The step timer: a countdown per step that survives reloads and restarts. Pure Python.

Stored as JSON in `workshops.timer`: ``{"step", "duration", "left", "ends_at"}``
(seconds; `ends_at` in epoch milliseconds while running, else None). Clients
count down locally from `ends_at`; the server's clock (`now`) in every view
lets them correct for a laptop or phone whose clock is off.

A stored timer belongs to one step: when the workshop moves on, the new
step starts from its script time box (`minutes`), paused.
"""

from __future__ import annotations

import math
import time
from typing import Any, Literal

from tyopaja.core.workshop import Refused
from tyopaja.script.parse import Step

Action = Literal["start", "pause", "add", "set", "reset"]
MAX_SECONDS = 6 * 60 * 60


def now_ms() -> int:
    """The server's clock in epoch milliseconds (clients count down from it)."""
    return int(time.time() * 1000)


def default(step: Step | None) -> dict[str, Any]:
    """A paused timer at the step's time box (zero when the script gives none)."""
    seconds = (step.minutes or 0) * 60 if step else 0
    return {
        "step": step.id if step else None,
        "duration": seconds,
        "left": seconds,
        "ends_at": None,
    }


def current(stored: dict[str, Any], step: Step | None) -> dict[str, Any]:
    """The stored timer if it belongs to this step, else the step's default."""
    if step is not None and stored.get("step") == step.id and "duration" in stored:
        return dict(stored)
    return default(step)


def left_at(timer: dict[str, Any], now_ms: int) -> int:
    """Whole seconds left at `now_ms` (never negative)."""
    if timer.get("ends_at") is None:
        return max(0, int(timer["left"]))
    return max(0, math.ceil((timer["ends_at"] - now_ms) / 1000))


def apply(timer: dict[str, Any], action: Action, seconds: int | None, now_ms: int) -> dict:
    """The timer after a facilitator's action; Refused for a value out of range."""
    timer = dict(timer)
    running = timer.get("ends_at") is not None
    if action == "start" and not running and timer["left"] > 0:
        timer["ends_at"] = now_ms + timer["left"] * 1000
    elif action == "pause" and running:
        timer.update(left=left_at(timer, now_ms), ends_at=None)
    elif action == "add":
        delta = _seconds(seconds if seconds is not None else 60, low=-MAX_SECONDS)
        left = min(MAX_SECONDS, max(0, left_at(timer, now_ms) + delta))
        timer.update(left=left, duration=min(MAX_SECONDS, max(left, timer["duration"] + delta)))
        if running:
            timer["ends_at"] = now_ms + left * 1000
    elif action == "set":
        value = _seconds(seconds)
        timer.update(duration=value, left=value, ends_at=None)
    elif action == "reset":
        timer.update(left=timer["duration"], ends_at=None)
    return timer


def _seconds(value: int | None, low: int = 0) -> int:
    if value is None or not low <= value <= MAX_SECONDS:
        raise Refused("bad_time", limit=MAX_SECONDS // 60)
    return value


def view(timer: dict[str, Any], now_ms: int) -> dict[str, Any]:
    """The timer as the screens get it: running flag, seconds left, end time, server time."""
    return {
        "step": timer.get("step"),
        "duration": timer["duration"],
        "left": left_at(timer, now_ms),
        "running": timer.get("ends_at") is not None,
        "ends_at": timer.get("ends_at"),
        "now": now_ms,
    }
