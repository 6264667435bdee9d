"""Participant-assisted placement: "is your answer about the same thing as one of these?"

After an answer to a step with placement on (the script's `sijoittelu`, or the
facilitator's toggle), its ack offers up to three nearby answers or facilitator
groups (`offer`). One tap (`link_answer`) records the participant's word:

- a nearby answer: a link between the two answers, evidence for the automatic
  grouping (each participant counts once per pair; majority settles contradictions);
- "none of these": a "not the same" link to each offered answer;
- a facilitator's group: the answer goes into that group while it is in none and the
  facilitator has never moved it, so the facilitator's own moves always win.

A new tap on the same answer replaces the earlier decision (the last word counts once).
Same transaction rules as actions.py: read, decide, write, receipt.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tyopaja.core import workshop as rules
from tyopaja.core.workshop import Refused
from tyopaja.grouping import engine as grouping
from tyopaja.script.parse import Script, Step
from tyopaja.store import Tx
from tyopaja.store.tx import Row
from tyopaja.usecases.actions import Done, _actor, _open_step, _own_answer, _replayed, script_of

OFFERS = 3
# Offered texts are clipped: the phone shows them as buttons.
OFFER_CHARS = 140


def placement_on(workshop: Row, step: Step) -> bool:
    """Whether a step offers placement now: the facilitator's override, else the script."""
    if not step.collects_answers:
        return False
    override = (workshop.get("placement") or {}).get(step.id)
    return bool(step.placement if override is None else override)


def placement_steps(workshop: Row, script: Script) -> dict[str, bool]:
    """Every open step's placement setting, for the console."""
    return {step.id: placement_on(workshop, step) for step in script.steps if step.collects_answers}


def step_links(tx: Tx, workshop_id: int, step_id: str) -> list[grouping.Link]:
    """The stored links of a step, as the grouping engine takes them."""
    return links_of(tx.step_links(workshop_id, step_id))


def links_of(rows: Sequence[Row]) -> list[grouping.Link]:
    """Link rows (answer_id, other_id, participant_id, same) as grouping links."""
    return [
        grouping.Link(r["answer_id"], r["other_id"], r["participant_id"], bool(r["same"]))
        for r in rows
    ]


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= OFFER_CHARS else text[: OFFER_CHARS - 1].rstrip() + "…"


def offer_input(
    tx: Tx, workshop_id: int, participant_id: int, answer_id: int
) -> dict[str, Any] | None:
    """What an offer after this answer needs (None: no offer): read in one snapshot."""
    answer = tx.answer(answer_id)
    if answer is None or answer["participant_id"] != participant_id or answer["group_id"]:
        return None
    workshop = tx.workshop(workshop_id)
    step = script_of(workshop).step(answer["step_id"])
    if step is None or not placement_on(workshop, step):
        return None
    rows = tx.step_answers(workshop_id, step.id)
    if len(rows) < 2:
        return None
    return {
        "answer": answer_id,
        "step": step.id,
        "lang": workshop["lang"],
        "participant": participant_id,
        "rows": rows,
        "links": step_links(tx, workshop_id, step.id),
        "groups": {g["id"]: g for g in tx.groups(workshop_id, step.id)},
    }


def offer(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """What to offer after an answer: {answer, step, options}, or None (nothing to offer).

    Options are {"answer": id, "text"} or {"group": id, "title"}: the most similar
    answers of others, one per cluster that participants already linked, an answer in a
    facilitator's group standing for its group. CPU work: run it off the event loop.
    """
    if data is None:
        return None
    rows, groups = data["rows"], data["groups"]
    by_id = {row["id"]: row for row in rows}
    own = [row["id"] for row in rows if row["participant_id"] == data["participant"]]
    ranked = grouping.offers(
        [(row["id"], row["text"]) for row in rows],
        data["answer"],
        data["links"],
        data["lang"],
        k=OFFERS * 3,
        exclude=own,
    )
    options: list[dict[str, Any]] = []
    seen_groups: set[int] = set()
    for other in ranked:
        group_id = by_id[other]["group_id"]
        if group_id in groups:
            if group_id in seen_groups:
                continue
            seen_groups.add(group_id)
            title = groups[group_id]["title"] or by_id[other]["text"]
            options.append({"group": group_id, "title": _clip(title)})
        else:
            options.append({"answer": other, "text": _clip(by_id[other]["text"])})
        if len(options) == OFFERS:
            break
    if not options:
        return None
    return {"answer": data["answer"], "step": data["step"], "options": options}


def link_answer(
    tx: Tx,
    workshop_id: int,
    participant_id: int,
    cid: str,
    answer_id: int,
    other: int | None,
    group: int | None,
    rejected: Sequence[int],
) -> Done:
    """Record a participant's tap on their answer's offer (see the module docstring)."""
    actor = _actor(participant_id)
    if (done := _replayed(tx, workshop_id, actor, cid)) is not None:
        return done
    answer = _own_answer(tx, participant_id, answer_id)
    workshop = tx.workshop(workshop_id)
    step = script_of(workshop).step(answer["step_id"])
    if step is None or not placement_on(workshop, step):
        raise Refused("placement_off")
    _open_step(tx, workshop_id, participant_id, step.id)
    placed = None
    rows: list[Row] = []
    if group is not None:
        target = tx.group(group)
        if target is None or target["workshop_id"] != workshop_id:
            raise Refused("no_such_group")
        if target["step_id"] != step.id:
            raise Refused("other_step")
        if not answer["group_id"] and not answer["facilitator_placed"]:
            tx.set_answers_group([answer_id], group, by_facilitator=False)
            placed = group
    else:
        targets = [other] if other is not None else list(dict.fromkeys(rejected))
        for target_id in targets:
            _linkable(tx, workshop_id, participant_id, step.id, target_id)
        rows = [
            {
                "workshop_id": workshop_id,
                "step_id": step.id,
                "participant_id": participant_id,
                "other_id": target_id,
                "same": int(other is not None),
            }
            for target_id in targets
        ]
    tx.replace_links(answer_id, rows)
    ack = {"ok": True, "answer": answer_id, "group": placed}
    tx.save_receipt(workshop_id, actor, cid, ack)
    changes: list[dict[str, Any]] = [{"type": "answer", "answer": answer_id}]
    changes.append({"type": "groups", "step": step.id})
    return Done(ack=ack, changes=changes)


def _linkable(tx: Tx, workshop_id: int, participant_id: int, step_id: str, other: int) -> None:
    """Refuse a link to an answer that is not someone else's live answer on the same step."""
    row = tx.answer(other)
    if row is None or row["workshop_id"] != workshop_id or row["withdrawn"] or row["hidden"]:
        raise Refused("no_such_answer")
    if row["step_id"] != step_id:
        raise Refused("other_step")
    if row["participant_id"] == participant_id:
        raise Refused("bad_request")


def set_placement(tx: Tx, workshop_id: int, cid: str, step_id: str, on: bool) -> Done:
    """Facilitator: turn placement on or off for one open step (overrides the script)."""
    from tyopaja.usecases import moderation  # moderation reads placement_steps

    if (done := moderation._replayed(tx, workshop_id, cid)) is not None:
        return done
    workshop = tx.workshop(workshop_id)
    step = rules.require_step(script_of(workshop), step_id)
    if not step.collects_answers:
        raise Refused("wrong_kind")
    stored = dict(workshop.get("placement") or {})
    stored[step_id] = on
    tx.update_workshop(workshop_id, placement=stored)
    ack = {"ok": True, "step": step_id, "placement": on}
    return moderation._done(tx, workshop_id, cid, ack, [{"type": "control"}])
