"""What a participant's chat reads: their answers, ballots, calendar entries, dots items.

Reads only, inside a store transaction the caller opened (`tx`); the chat itself
(tyopaja/chat/) is pure and gets these as arguments.
"""

from __future__ import annotations

from typing import Any

from tyopaja.chat.bot import DotItem, MyAnswer, MyEvent
from tyopaja.chat.steps import visible_steps
from tyopaja.core import voting
from tyopaja.reads.rows import me_of, position_of, script_of
from tyopaja.script.parse import Step
from tyopaja.store import Tx
from tyopaja.store.tx import Row


def my_answers(tx: Tx, participant_id: int) -> list[MyAnswer]:
    """A participant's own answers, for the chat."""
    return [
        MyAnswer(answer_id, step_id, text, followup, bool(hidden))
        for answer_id, step_id, text, followup, hidden in tx.answers_of(participant_id)
    ]


def my_ballots(tx: Tx, participant_id: int) -> dict[str, dict[str, Any]]:
    """A participant's ballots, by step."""
    return tx.ballots_of(participant_id)


def my_events(tx: Tx, participant_id: int) -> list[MyEvent]:
    """A participant's own calendar entries, oldest first."""
    return [
        MyEvent(e["id"], e["step_id"], e["month"], e["day"], e["what"], e["organiser"])
        for e in tx.events_of(participant_id)
    ]


def dot_items(tx: Tx, workshop_id: int, step: Step, *, every_group: bool = False) -> list[DotItem]:
    """What a dots step votes on: the visible answers of its source step, or its groups.

    `every_group`: also the groups with no visible answer left (the results keep the
    votes those got; a phone is offered only the others).
    """
    if step.kind != "dots" or not step.source:
        return []
    if step.source_kind == "groups":
        if every_group:
            rows = tx.groups(workshop_id, step.source)
            return [DotItem(voting.item_key("groups", g["id"]), g["title"]) for g in rows]
        return [
            DotItem(
                voting.item_key("groups", g["id"]),
                g["title"] or g["sample"],
                g["sample"] if g["title"] else "",
            )
            for g in tx.votable_groups(workshop_id, step.source)
        ]
    return [
        DotItem(voting.item_key("answers", a["id"]), a["text"])
        for a in tx.votable_answers(workshop_id, step.source)
    ]


def chat_state(tx: Tx, workshop: Row, participant: Row) -> dict[str, Any]:
    """Everything the participant has given, as keyword arguments for chatbot.build().

    Ballots and calendar entries are read only if the script has such steps, dots
    items only for the dots steps the participant can see.
    """
    participant_id = participant["id"]
    script = script_of(workshop)
    shown = visible_steps(script, position_of(workshop), me_of(participant))
    votes = any(step.is_vote for step in script.steps)
    events = any(step.kind == "event" for step in script.steps)
    return {
        "ballots": my_ballots(tx, participant_id) if votes else {},
        "events": my_events(tx, participant_id) if events else [],
        "items": {
            step.id: dot_items(tx, workshop["id"], step) for step in shown if step.kind == "dots"
        },
    }
