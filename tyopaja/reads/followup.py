"""What the export reads of next steps and of the evening a workshop follows.

`export_rows` is `Tx.export_rows` plus `actions` (this evening's live actions and proposals)
and `follow_up` (the earlier evenings, the actions this one carries, their top priorities),
read in the same snapshot.
"""

from __future__ import annotations

from typing import Any

from tyopaja.store import Tx
from tyopaja.store import followup as store
from tyopaja.usecases import followup


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
    chain = followup.chain(tx, workshop)
    if not chain:
        return None
    evenings = [
        {"code": w["code"], "title": w["title"], "date": w["date"], "id": w["id"]} for w, _ in chain
    ]
    actions = [
        dict(action, from_code=evening["code"])
        for action, evening in followup.carried(tx, workshop)
    ]
    nearest = tx.workshop(chain[0][0]["id"])
    return {
        "evenings": evenings,
        "actions": actions,
        "priorities": followup.top_priorities(tx, nearest),
    }


def status_rows(tx: Tx, workshop: dict[str, Any]) -> dict[str, Any]:
    """What the live part of a published summary needs: actions, follow-up, recap ballots."""
    from tyopaja.usecases.actions import script_of

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
