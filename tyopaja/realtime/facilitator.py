"""Facilitator events: move between steps, open or lock the workshop.

The facilitator secret is checked on every event by `handler()`.
"""

from __future__ import annotations

from .. import actions
from . import Conn, handler, services
from .payloads import Empty, GotoIn, StateIn


def _run(conn: Conn, fn, *args) -> dict:
    done = services().commit(fn, conn.workshop_id, *args)
    services().fanout.publish(conn.workshop_id, done.changes)
    return done.ack


@handler("f:goto", GotoIn, "facilitator")
def on_goto(conn: Conn, p: GotoIn) -> dict:
    """Make a step the current one."""
    return _run(conn, actions.goto_step, p.step)


@handler("f:next", Empty, "facilitator")
def on_next(conn: Conn, _p: Empty) -> dict:
    """Go to the next step."""
    return _run(conn, actions.move, 1)


@handler("f:prev", Empty, "facilitator")
def on_prev(conn: Conn, _p: Empty) -> dict:
    """Go back to the previous step."""
    return _run(conn, actions.move, -1)


@handler("f:state", StateIn, "facilitator")
def on_state(conn: Conn, p: StateIn) -> dict:
    """Open, lock (close) or return the workshop to draft."""
    return _run(conn, actions.set_state, p.state)
