"""What the screens, the chat and the export read of next steps and of a series.

- `carried`: the actions an evening carries from the one it follows (core/followup.py says
  what a series means); `recap_items` and `chat_items` shape them for the recap step.
- `top_priorities`: the most-voted items of an evening's dots steps.
- `export_rows` is `Tx.export_rows` plus `actions` (this evening's live actions and proposals)
  and `follow_up` (the earlier evenings, the carried actions, their top priorities), read in
  the same snapshot; `status_rows` is what the live part of a published summary needs.

Reads only, inside a transaction the caller opened.
"""

from __future__ import annotations

from typing import Any

from tyopaja.chat.followup import Proposal, RecapItem
from tyopaja.core import followup as rules
from tyopaja.core import voting
from tyopaja.reads.rows import script_of
from tyopaja.script.parse import Step
from tyopaja.store import Tx
from tyopaja.store import followup as store
from tyopaja.store.tx import Row

TOP_PRIORITIES = 5  # per dots step, carried to the evening that follows


def chain(tx: Tx, workshop: Row) -> list[tuple[Row, list[Row]]]:
    """The evenings this one follows, nearest first, each with its decided actions."""
    return [
        (earlier, store.decided_actions(tx, earlier["id"]))
        for earlier in store.chain_before(tx, workshop, rules.MAX_SERIES)
    ]


def carried(tx: Tx, workshop: Row) -> list[tuple[Row, Row]]:
    """The actions an evening carries, with the evening each was agreed at (core.followup)."""
    if not workshop.get("follows_id"):
        return []
    return [(dict(a), dict(w)) for a, w in rules.carried(chain(tx, workshop))]


def top_priorities(tx: Tx, workshop: Row, limit: int = TOP_PRIORITIES) -> list[dict[str, Any]]:
    """The most-voted items of an evening's dots steps: step, label and points, best first."""
    script = script_of(workshop)
    out: list[dict[str, Any]] = []
    for step in script.steps:
        if step.kind != "dots" or not step.source:
            continue
        labels = dict(priority_candidates(tx, workshop["id"], step))
        tally = voting.tally(step, tx.step_ballots(workshop["id"], step.id))
        ranked = [(k, p) for k, p in tally.ranking if p > 0 and labels.get(k)]
        for key, points in ranked[:limit]:
            out.append({"step": step.id, "key": key, "label": labels[key], "points": points})
    return out


def priority_candidates(tx: Tx, workshop_id: int, step: Step) -> list[tuple[str, str]]:
    """(key, label) of what a dots step votes on: groups (titled or not) or visible answers."""
    if step.source_kind == "groups":
        return [
            (voting.item_key("groups", g["id"]), g["title"] or g["sample"] or "")
            for g in tx.votable_groups(workshop_id, step.source or "")
        ]
    return [
        (voting.item_key("answers", a["id"]), a["text"])
        for a in tx.votable_answers(workshop_id, step.source or "")
    ]


def recap_items(tx: Tx, workshop: Row) -> list[dict[str, Any]]:
    """What a recap step rates: the carried actions, as the phones and screens show them."""
    return [
        {
            "key": rules.action_key(action["id"]),
            "what": action["what"],
            "owner": action["owner"],
            "deadline": action["deadline"],
            "status": action["status"],
            "note": action["note"],
            "from": evening["code"],
        }
        for action, evening in carried(tx, workshop)
    ]


def chat_items(tx: Tx, workshop: Row, participant_id: int, shown: list[Step]) -> dict[str, tuple]:
    """What the chat shows on action steps (own proposals) and recap steps (carried actions)."""
    out: dict[str, tuple] = {}
    proposals = None
    for step in shown:
        if step.kind == "action":
            if proposals is None:
                proposals = store.my_actions(tx, participant_id)
            out[step.id] = tuple(
                Proposal(a["id"], a["what"], a["owner"], a["deadline"])
                for a in proposals
                if a["step_id"] == step.id
            )
        elif step.kind == "recap":
            out[step.id] = tuple(
                RecapItem(i["key"], i["what"], i["owner"], i["deadline"], i["status"], i["note"])
                for i in recap_items(tx, workshop)
            )
    return out


def export_rows(tx: Tx, workshop_id: int) -> dict[str, Any]:
    """Everything an export of this workshop shows, in one read transaction."""
    conn = tx.db.conn
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        rows = tx.export_rows(workshop_id)
        workshop = rows["workshop"]
        rows["actions"] = store.actions_of(tx, workshop_id)
        rows["follow_up"] = follow_up_rows(tx, workshop)
        return rows
    finally:
        if began:
            conn.rollback()


def follow_up_rows(tx: Tx, workshop: dict[str, Any]) -> dict[str, Any] | None:
    """The earlier evenings (nearest first), the carried actions and the top priorities."""
    if not workshop.get("follows_id"):
        return None
    evenings_before = chain(tx, workshop)
    if not evenings_before:
        return None
    evenings = [
        {"code": w["code"], "title": w["title"], "date": w["date"], "id": w["id"]}
        for w, _ in evenings_before
    ]
    actions = [dict(action, from_code=evening["code"]) for action, evening in carried(tx, workshop)]
    nearest = tx.workshop_or_refuse(evenings_before[0][0]["id"])
    return {
        "evenings": evenings,
        "actions": actions,
        "priorities": top_priorities(tx, nearest),
    }


def status_rows(tx: Tx, workshop: dict[str, Any]) -> dict[str, Any]:
    """What the live part of a published summary needs: actions, follow-up, recap ballots."""
    recap = [s.id for s in script_of(workshop).steps if s.kind == "recap"]
    return {
        "workshop": workshop,
        "actions": store.actions_of(tx, workshop["id"]),
        "follow_up": follow_up_rows(tx, workshop),
        "ballots": [
            {"step_id": step_id, "payload": payload}
            for step_id in recap
            for payload in tx.step_ballots(workshop["id"], step_id)
        ],
    }
