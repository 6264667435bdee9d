"""Participant-assisted placement: a participant's tap on an offer, the facilitator's toggle.

One tap (`link_answer`) records the participant's word on their own answer:

- a nearby answer: a link between the two answers, evidence for the automatic
  grouping (each participant counts once per pair; majority settles contradictions);
- "none of these": a "not the same" link to each offered answer;
- a facilitator's group: the answer goes into that group while it is in none and the
  facilitator has never moved it, so the facilitator's own moves always win.

A new tap on the same answer replaces the earlier decision (the last word counts once).
What is offered, and whether placement is on, are reads: reads/placement.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tyopaja.core import workshop as rules
from tyopaja.core.workshop import Refused
from tyopaja.reads.placement import placement_on
from tyopaja.reads.rows import script_of
from tyopaja.store import Tx
from tyopaja.store.tx import Row
from tyopaja.usecases.actions import _open, _own_answer
from tyopaja.usecases.base import Actor, Done, idempotent
from tyopaja.usecases.events import AnswerChanged, Change, ControlChanged, GroupsChanged


@idempotent
def link_answer(
    tx: Tx,
    actor: Actor,
    answer_id: int,
    other: int | None,
    group: int | None,
    rejected: Sequence[int],
) -> Done:
    """Record a participant's tap on their answer's offer (see the module docstring)."""
    answer = _own_answer(tx, actor, answer_id)
    workshop = tx.workshop_or_refuse(actor.workshop_id)
    step = script_of(workshop).step(answer["step_id"])
    if step is None or not placement_on(workshop, step):
        raise Refused("placement_off")
    _open(tx, actor, step.id)
    placed = None
    rows: list[Row] = []
    if group is not None:
        target = tx.group(group)
        if target is None or target["workshop_id"] != actor.workshop_id:
            raise Refused("no_such_group")
        if target["step_id"] != step.id:
            raise Refused("other_step")
        if not answer["group_id"] and not answer["facilitator_placed"]:
            tx.set_answers_group([answer_id], group, by_facilitator=False)
            placed = group
    else:
        targets = [other] if other is not None else list(dict.fromkeys(rejected))
        for target_id in targets:
            _linkable(tx, actor, step.id, target_id)
        rows = [
            {
                "workshop_id": actor.workshop_id,
                "step_id": step.id,
                "participant_id": actor.pid,
                "other_id": target_id,
                "same": int(other is not None),
            }
            for target_id in targets
        ]
    tx.replace_links(answer_id, rows)
    changes: list[Change] = [AnswerChanged(answer_id), GroupsChanged(step.id)]
    return Done(ack={"ok": True, "answer": answer_id, "group": placed}, changes=changes)


def _linkable(tx: Tx, actor: Actor, step_id: str, other: int) -> None:
    """Refuse a link to an answer that is not someone else's live answer on the same step."""
    row = tx.answer(other)
    if row is None or row["workshop_id"] != actor.workshop_id:
        raise Refused("no_such_answer")
    if row["withdrawn"] or row["hidden"]:
        raise Refused("no_such_answer")
    if row["step_id"] != step_id:
        raise Refused("other_step")
    if row["participant_id"] == actor.pid:
        raise Refused("bad_request")


@idempotent
def set_placement(tx: Tx, actor: Actor, step_id: str, on: bool) -> Done:
    """Facilitator: turn placement on or off for one open step (overrides the script)."""
    workshop = tx.workshop_or_refuse(actor.workshop_id)
    step = rules.require_step(script_of(workshop), step_id)
    if not step.collects_answers:
        raise Refused("wrong_kind")
    stored: dict[str, Any] = dict(workshop.get("placement") or {})
    stored[step_id] = on
    tx.update_workshop(actor.workshop_id, placement=stored)
    ack = {"ok": True, "step": step_id, "placement": on}
    return Done(ack=ack, changes=[ControlChanged()])
