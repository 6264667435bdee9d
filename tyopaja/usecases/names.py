"""Facilitator use case: review the names of persons the export would mask (keep or mask).

Runs inside one store transaction (`fn(tx, workshop_id, ...)`) like the other use cases.
Deciding again for the same name replaces the earlier decision, so a form sent twice
changes nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping

from tyopaja.core.workshop import Refused
from tyopaja.export import names
from tyopaja.store import Tx
from tyopaja.usecases.base import Done

DECISIONS = ("keep", "mask")
MAX_NAME = 200
MAX_DECISIONS = 500


def review_names(tx: Tx, workshop_id: int, decisions: Mapping[str, str]) -> Done:
    """Store keep/mask decisions ({name as detected: "keep" | "mask"}); all or none."""
    if len(decisions) > MAX_DECISIONS:
        raise Refused("too_many")
    clean = {}
    for name, decision in decisions.items():
        name = " ".join(str(name).split())
        if not name or len(name) > MAX_NAME or decision not in DECISIONS:
            raise Refused("invalid")
        clean[names.key(name)] = (name, decision)
    if tx.workshop(workshop_id) is None:
        raise Refused("no_such_workshop")
    for name_key, (name, decision) in clean.items():
        tx.save_name_review(workshop_id, name_key, name, decision)
    kept = sum(1 for _, decision in clean.values() if decision == "keep")
    return Done(ack={"ok": True, "saved": len(clean), "kept": kept})
