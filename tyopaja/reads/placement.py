"""Reads for participant-assisted placement: is it on, the links of a step, what to offer.

After an answer to a step with placement on (the script's `sijoittelu`, or the
facilitator's toggle), the answer's ack offers up to three nearby answers or
facilitator groups (`offer_input` reads, `offer` computes off the event loop).
The writes (a participant's tap, the facilitator's toggle) are in
usecases/placement.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tyopaja.grouping import engine as grouping
from tyopaja.grouping.forming import forming
from tyopaja.reads.rows import script_of
from tyopaja.script.parse import Script, Step
from tyopaja.store import Tx
from tyopaja.store.tx import Row

OFFERS = 3
# Offered texts are clipped: the phone shows them as buttons.
OFFER_CHARS = 140


def placement_on(workshop: Row, step: Step) -> bool:
    """Whether a step offers placement now: the facilitator's override, else the script."""
    if not step.collects_answers:
        return False
    override = (workshop.get("placement") or {}).get(step.id)
    return bool(step.placement if override is None else override)


def may_offer(seen: tuple[Row, Row] | None, step_id: str) -> bool:
    """Whether an offer after an answer on this step is worth a read: False only when the
    workshop row the write has just read says the step offers no placement (most evenings)."""
    if seen is None:
        return True
    workshop = seen[0]
    step = script_of(workshop).step(step_id)
    return step is not None and placement_on(workshop, step)


def forming_of(tx: Tx, workshop: Row, step: Step | None) -> list[list[int]]:
    """What the room has linked together on a step with placement (grouping/forming.py):
    clusters of answer ids, for the projector's wall; [] when the step offers no placement."""
    if step is None or not placement_on(workshop, step):
        return []
    visible = [a["id"] for a in tx.step_answers(workshop["id"], step.id)]
    return forming(step_links(tx, workshop["id"], step.id), visible)


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
    if workshop is None:
        return None
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
