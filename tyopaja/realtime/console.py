"""The facilitator console's and projector's share of a fan-out flush.

Called by `Fanout` once per dirty workshop per flush: groups, vote results,
timer and projector view, the vuosikello and who has joined are read once
and emitted once per room, however many changes piled up. Tallies are
recomputed here, at most once per step per flush, never once per ballot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tyopaja.core import workshop as rules
from tyopaja.core.timer import now_ms
from tyopaja.reads import console as consolereads
from tyopaja.reads import placement as placereads
from tyopaja.reads import screens as views
from tyopaja.reads.rows import position_of, script_of
from tyopaja.realtime.rooms import Pending, room
from tyopaja.script.parse import Script

if TYPE_CHECKING:
    from tyopaja.realtime.runtime import Services


def _vote_steps(script: Script, pending: Pending) -> list[str]:
    """Vote steps to re-tally: those voted on, and dots votes over changed answers or groups."""
    sources = pending.sources | pending.groups
    return [
        step.id
        for step in script.steps
        if step.is_vote
        and (step.id in pending.results or (step.kind == "dots" and step.source in sources))
    ]


def flush(services: Services, workshop_id: int, pending: Pending) -> set[str]:
    """Emit what changed for the console and the projector; return the dots votes to nudge.

    The open dots votes whose items changed (new, hidden or regrouped answers) come back
    to the fan-out, which tells their phones (`Fanout.announce_items`).
    """
    if not pending.for_screens():
        return set()
    with services.store.read() as tx:
        workshop = tx.workshop(workshop_id)
        if workshop is None:
            return set()
        script = script_of(workshop)
        results = {
            step.id: consolereads.results_of(tx, workshop_id, step)
            for step in script.steps
            if step.id in _vote_steps(script, pending)
        }
        groups = {
            sid: {
                "step": sid,
                "groups": [views.group_summary(g) for g in tx.groups(workshop_id, sid)],
                "forming": placereads.forming_of(tx, workshop, script.step(sid)),
            }
            for sid in sorted(pending.groups)
        }
        events = tx.calendar_events(workshop_id, include_hidden=True) if pending.calendar else None
        people = None
        if pending.participants:
            people = views.people_summary(tx.participants(workshop_id))
        reviews = views.review_notes(tx.reviews(workshop_id)) if pending.review else None
    _emit(services, workshop, script, results, groups, events, people, pending.control)
    if reviews is not None:
        services.socketio.emit("review", {"notes": reviews}, to=room(workshop_id, "facilitator"))
    return _voters_to_nudge(workshop, script, pending)


def _voters_to_nudge(workshop: dict[str, Any], script: Script, pending: Pending) -> set[str]:
    """The open dots votes whose items changed (new, hidden or regrouped answers)."""
    changed = pending.sources | pending.groups
    steps = set(rules.open_votes_over(script, position_of(workshop), changed) if changed else [])
    return steps | pending.items  # held back by the previous flush


def _emit(
    services: Services,
    workshop: dict[str, Any],
    script: Script,
    results: dict[str, dict],
    groups: dict[str, dict],
    events: list | None,
    people: dict | None,
    control: bool,
) -> None:
    emit = services.socketio.emit
    wid = workshop["id"]
    screens = (room(wid, "projector"), room(wid, "facilitator"))
    if control:
        view = consolereads.control_of(workshop, script, now_ms())
        for screen in screens:
            emit("control", view, to=screen)
    for message in groups.values():
        for screen in screens:
            emit("groups", message, to=screen)
    for sid, result in results.items():
        emit("results", result, to=screens[1])
        hidden = views.results_hidden(workshop, sid)
        emit("results", views.for_projector(result, hidden), to=screens[0])
    if events is not None:
        entries = [views.calendar_entry(e) for e in events]
        emit("calendar", {"events": entries}, to=screens[1])
        visible = [e for e in entries if not e["hidden"]]
        emit("calendar", {"events": visible}, to=screens[0])
    if people is not None:
        emit("people", people, to=screens[1])
