"""Reads and writes of next steps (actions) and series of evenings, on one `Tx`.

Kept apart from tx.py so that the vocabulary of actions reads in one place; the rules are in
core/followup.py, the use cases in usecases/followup.py.
"""

from __future__ import annotations

from typing import Any

from tyopaja.core.workshop import Refused
from tyopaja.store.tx import Row, Tx, now

_ACTION_COLUMNS = (
    "id, workshop_id, step_id, participant_id, what, owner, deadline, status, note, decided,"
    " source_step, source_group, source_title, origin, hidden, status_by, status_at,"
    " owner_token_hash IS NOT NULL AS has_link, created_at, updated_at"
)


def insert_action(tx: Tx, values: Row) -> int:
    """Insert an action; return its id."""
    stamp = now()
    return tx._insert("actions", dict(values, created_at=stamp, updated_at=stamp))


def action(tx: Tx, action_id: int) -> Row | None:
    """The action with this id (withdrawn ones too)."""
    return tx._one(f"SELECT {_ACTION_COLUMNS}, withdrawn FROM actions WHERE id = ?", (action_id,))


def action_or_refuse(tx: Tx, action_id: int) -> Row:
    """The action with this id; Refused("no_such_action") if it is gone (its workshop deleted)."""
    row = action(tx, action_id)
    if row is None:
        raise Refused("no_such_action")
    return row


def update_action(tx: Tx, action_id: int, **values: Any) -> None:
    """Set columns of an action."""
    values["updated_at"] = now()
    assignments = ", ".join(f"{name} = :{name}" for name in values)
    tx.db.execute(f"UPDATE actions SET {assignments} WHERE id = :id", dict(values, id=action_id))


def actions_of(tx: Tx, workshop_id: int) -> list[Row]:
    """Every live action of a workshop (proposals and hidden ones too), oldest first."""
    return tx._all(
        f"SELECT {_ACTION_COLUMNS} FROM actions WHERE workshop_id = ? AND withdrawn = 0"
        " ORDER BY id",
        (workshop_id,),
    )


def decided_actions(tx: Tx, workshop_id: int) -> list[Row]:
    """The actions an evening agreed on: decided, visible and not withdrawn, oldest first."""
    return tx._all(
        f"SELECT {_ACTION_COLUMNS} FROM actions WHERE workshop_id = ? AND decided = 1"
        " AND hidden = 0 AND withdrawn = 0 ORDER BY id",
        (workshop_id,),
    )


def count_actions(tx: Tx, workshop_id: int) -> int:
    """How many live actions a workshop has."""
    row = tx._one(
        "SELECT count(*) AS n FROM actions WHERE workshop_id = ? AND withdrawn = 0", (workshop_id,)
    )
    return row["n"] if row else 0


def my_actions(tx: Tx, participant_id: int) -> list[Row]:
    """A participant's own live proposals, oldest first."""
    return tx._all(
        f"SELECT {_ACTION_COLUMNS} FROM actions WHERE participant_id = ? AND withdrawn = 0"
        " ORDER BY id",
        (participant_id,),
    )


def action_by_token(tx: Tx, token_hash: str) -> Row | None:
    """The action whose owner link has this hash."""
    return tx._one(
        f"SELECT {_ACTION_COLUMNS}, owner_token_hash FROM actions"
        " WHERE owner_token_hash = ? AND withdrawn = 0",
        (token_hash,),
    )


# -- series ---------------------------------------------------------------------------


def set_follows(tx: Tx, workshop_id: int, earlier_id: int | None) -> None:
    """Make a workshop follow an earlier one (None: follow none)."""
    tx.db.execute(
        "UPDATE workshops SET follows_id = ?, updated_at = ? WHERE id = ?",
        (earlier_id, now(), workshop_id),
    )


def follower(tx: Tx, workshop_id: int) -> Row | None:
    """The evening that follows this one, if any."""
    return tx._one(
        "SELECT id, code, title, date FROM workshops WHERE follows_id = ? ORDER BY id LIMIT 1",
        (workshop_id,),
    )


def chain_before(tx: Tx, workshop: Row, limit: int) -> list[Row]:
    """The evenings a workshop follows, nearest first (at most `limit`, never one twice)."""
    out: list[Row] = []
    seen = {workshop["id"]}
    earlier_id = workshop.get("follows_id")
    while earlier_id is not None and earlier_id not in seen and len(out) < limit:
        row = tx._one(
            "SELECT id, code, title, municipality, date, state, published, follows_id"
            " FROM workshops WHERE id = ?",
            (earlier_id,),
        )
        if row is None:
            break
        out.append(row)
        seen.add(row["id"])
        earlier_id = row["follows_id"]
    return out


def chain_after(tx: Tx, workshop_id: int, limit: int) -> list[int]:
    """Ids of the evenings that follow a workshop, directly or along the series."""
    out: list[int] = []
    current = workshop_id
    while len(out) < limit:
        row = follower(tx, current)
        if row is None or row["id"] in out or row["id"] == workshop_id:
            break
        out.append(row["id"])
        current = row["id"]
    return out


def series_overview(tx: Tx, organizer_id: int | None = None) -> list[Row]:
    """One space's workshops with what the organiser page shows of their series, newest first.

    `organizer_id` None is the instance's own space (as `Tx.workshop_overview`).
    """
    return tx._all(
        "SELECT w.id, w.code, w.title, w.municipality, w.date, w.state, w.follows_id,"
        " w.created_at,"
        " (SELECT count(*) FROM actions a WHERE a.workshop_id = w.id AND a.decided = 1"
        "   AND a.hidden = 0 AND a.withdrawn = 0) AS actions,"
        " (SELECT count(*) FROM actions a WHERE a.workshop_id = w.id AND a.decided = 1"
        "   AND a.hidden = 0 AND a.withdrawn = 0 AND a.status = 'done') AS done"
        " FROM workshops w WHERE w.organizer_id IS ? ORDER BY w.id DESC",
        (organizer_id,),
    )
