"""Coalesced broadcasts: committed changes reach the screens a few times a second at most.

Actions report what changed; `publish` only marks the workshop dirty. A
single task flushes every `interval` seconds: one read per dirty workshop,
one emit per room. So a burst of 500 answers costs a handful of emits, not
500 times the number of screens.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from tyopaja.reads import screens as views
from tyopaja.realtime import console
from tyopaja.realtime.rooms import Pending, room
from tyopaja.usecases.actions import secret_matches
from tyopaja.usecases.events import Change

if TYPE_CHECKING:
    from tyopaja.realtime.runtime import Services

log = logging.getLogger(__name__)

ITEMS_EVERY = 2.0  # seconds between two "items" nudges to a workshop's phones, at least
ITEMS_SYNCS_PER_SECOND = 100  # snapshots a nudge may cause per second, at most
CONSOLE_CHECK_EVERY = 1.0  # seconds between two checks of open consoles' secrets, at most


class Fanout:
    """Collects changes per workshop and flushes them to the rooms."""

    def __init__(self, services: Services, interval: float = 0.2):
        self.services = services
        self.interval = interval
        self._pending: dict[int, Pending] = {}
        # publish() runs in handler threads (threading mode) while flush() swaps
        # the dict; under gevent the lock is a cheap gevent lock.
        self._lock = threading.Lock()
        self.flushes = 0
        self._items_next: dict[int, float] = {}  # workshop id -> earliest next nudge (monotonic)
        self._consoles_checked = 0.0  # monotonic time of the last sweep of consoles

    def start(self) -> None:
        """Start the flush task."""
        self.services.socketio.start_background_task(self._loop)

    def publish(self, workshop_id: int, changes: list[Change]) -> None:
        """Note committed changes; they go out with the next flush."""
        if not changes:
            return
        with self._lock:
            pending = self._pending.setdefault(workshop_id, Pending())
            for change in changes:
                pending.note(change)
        if self.services.committer is None:
            self.flush()  # no background tasks (CLI, tests without a server)

    def announce_items(self, workshop_id: int, steps: set[str]) -> None:
        """Tell phones that open dots votes have new items, spread so they do not ask at once.

        Each nudge makes every phone on the vote ask for a snapshot within `spread`
        seconds (a random moment each), and the next nudge waits as long, so the
        snapshots stay under ITEMS_SYNCS_PER_SECOND however big the hall and however
        steady the stream of answers (a self-paced evening). A nudge held back goes
        out with a later flush.
        """
        now = time.monotonic()
        if self.services.committer is not None and now < self._items_next.get(workshop_id, 0):
            with self._lock:
                self._pending.setdefault(workshop_id, Pending()).items.update(steps)
            return
        to = room(workshop_id, "participants")
        spread = max(ITEMS_EVERY, self._room_size(to) / ITEMS_SYNCS_PER_SECOND)
        self._items_next[workshop_id] = now + spread
        self.services.socketio.emit("items", {"steps": sorted(steps), "spread": spread}, to=to)

    def _room_size(self, name: str) -> int:
        """Sockets of this process in a room (an estimate of the audience with several)."""
        rooms = self.services.socketio.server.manager.rooms.get("/", {})
        return len(rooms.get(name, ()))

    def _loop(self) -> None:
        while True:
            self.services.socketio.sleep(self.interval)
            try:
                self.flush()
                if time.monotonic() - self._consoles_checked >= CONSOLE_CHECK_EVERY:
                    self.cut_off_stale_consoles()
            except Exception:
                log.exception("fan-out flush failed")

    def cut_off_stale_consoles(
        self, workshop_id: int | None = None, workshop: dict[str, Any] | None = None
    ) -> int:
        """Disconnect this process's consoles whose secret is no longer the workshop's.

        A new facilitator link (`tyopaja link`, the organiser page) or a deleted
        workshop cuts off open consoles: they leave their rooms at once instead
        of receiving the hall's answers until they next send an event. Runs
        every CONSOLE_CHECK_EVERY seconds and before every flush to a console.

        For one workshop it looks only at that workshop's console room (and at
        `workshop`, the row the flush has just read), so a flush costs the same
        however many workshops and sockets the process holds (BENCHMARKS.md,
        "Many evenings").
        """
        if workshop_id is None:
            self._consoles_checked = time.monotonic()
            consoles = [
                (sid, conn)
                for sid, conn in list(self.services.connections.items())
                if conn.role == "facilitator"
            ]
        else:
            consoles = self._consoles_of(workshop_id)
        if not consoles:
            return 0
        if workshop is not None:
            hashes = {workshop["id"]: workshop["secret_hash"]}
        else:
            with self.services.store.read() as tx:
                hashes = tx.secret_hashes({conn.workshop_id for _sid, conn in consoles})
        stale = [
            sid
            for sid, conn in consoles
            if (stored := hashes.get(conn.workshop_id)) is None
            or not secret_matches(conn.secret, stored)
        ]
        for sid in stale:
            self.services.connections.pop(sid, None)
            self.services.socketio.server.disconnect(sid, namespace="/")
        return len(stale)

    def _consoles_of(self, workshop_id: int) -> list[tuple[str, Any]]:
        """This process's console sockets of one workshop, from its console room."""
        rooms = self.services.socketio.server.manager.rooms.get("/", {})
        connections = self.services.connections
        return [
            (sid, conn)
            for sid in list(rooms.get(room(workshop_id, "facilitator"), ()))
            if (conn := connections.get(sid)) is not None and conn.role == "facilitator"
        ]

    def flush(self) -> None:
        """Send everything pending, one workshop at a time.

        The cost is per workshop that changed, never per workshop the process
        has seen: an evening that ended leaves nothing behind here.
        """
        with self._lock:
            pending, self._pending = self._pending, {}
        for workshop_id, changes in pending.items():
            self._flush_workshop(workshop_id, changes)
            self.flushes += 1
        self._forget_past_nudges()

    def _forget_past_nudges(self) -> None:
        """Drop the nudge times that have passed, so the table holds only waiting workshops."""
        if not self._items_next:
            return
        now = time.monotonic()
        for workshop_id, due in list(self._items_next.items()):
            if due <= now:
                self._items_next.pop(workshop_id, None)

    def _flush_workshop(self, workshop_id: int, pending: Pending) -> None:
        emit = self.services.socketio.emit
        with self.services.store.read() as tx:
            workshop = tx.workshop(workshop_id)
            if workshop is None:
                return
            answers = tx.answers_with_authors(sorted(pending.answers))
            count = tx.participant_count(workshop_id) if pending.participants else None
            headcount = tx.headcount(workshop_id) if pending.participants else None
        self.cut_off_stale_consoles(workshop_id, workshop)
        if pending.position:
            position = views.position_summary(workshop)
            for audience in ("participants", "projector", "facilitator"):
                emit("position", position, to=room(workshop_id, audience))
        if answers:
            emit(
                "answers",
                {
                    "answers": [views.projector_answer(a) for a in answers if not a["hidden"]],
                    "removed": [a["id"] for a in answers if a["hidden"] or a["withdrawn"]],
                },
                to=room(workshop_id, "projector"),
            )
            emit(
                "answers",
                {
                    "answers": [views.facilitator_answer(a) for a in answers if not a["withdrawn"]],
                    "removed": [a["id"] for a in answers if a["withdrawn"]],
                },
                to=room(workshop_id, "facilitator"),
            )
        if count is not None:
            for audience in ("projector", "facilitator"):
                emit(
                    "participants",
                    {"count": count, "headcount": headcount},
                    to=room(workshop_id, audience),
                )
        pending.sources.update(a["step_id"] for a in answers)
        nudge = console.flush(self.services, workshop_id, pending)
        if nudge:
            self.announce_items(workshop_id, nudge)
