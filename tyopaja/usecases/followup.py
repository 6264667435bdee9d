"""Use cases of next steps and series: propose, decide, mark status, follow an earlier evening.

Like actions.py: each function runs inside one store transaction (`fn(tx, ...)`); the rules
are in core/followup.py, the reads in reads/followup.py and the SQL in store/followup.py. A
participant's proposal carries a client-made id (`idempotent`: replays are no-ops); the
facilitator's and the owner's writes come from forms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tyopaja.core import followup as rules
from tyopaja.core import workshop as workshop_rules
from tyopaja.core.workshop import Refused
from tyopaja.reads.followup import carried
from tyopaja.store import Tx
from tyopaja.store import followup as store
from tyopaja.store.tx import Row, now
from tyopaja.usecases.actions import _open, create_workshop, hash_secret
from tyopaja.usecases.base import Actor, Done, idempotent

# -- series ---------------------------------------------------------------------------


def _earlier(tx: Tx, code: str | None) -> Row | None:
    normalized = workshop_rules.normalize_code(code or "")
    return tx.workshop_by_code(normalized) if normalized else None


def check_follow(
    tx: Tx, workshop_id: int | None, earlier_code: str, organizer_id: int | None = None
) -> Row:
    """The earlier evening a workshop may follow; Refused (nothing changes) if it may not.

    Both evenings are in the same organiser space (`organizer_id`, None: the instance's
    own): another space's workshop is refused exactly like an unknown code.
    """
    earlier = _earlier(tx, earlier_code)
    if earlier is not None and earlier["organizer_id"] != organizer_id:
        earlier = None
    after = store.chain_after(tx, workshop_id, rules.MAX_SERIES) if workshop_id else []
    followed_by = store.follower(tx, earlier["id"]) if earlier else None
    rules.check_follow(workshop_id, earlier, after, followed_by)
    assert earlier is not None
    return earlier


def create_follow_up(
    tx: Tx, source: str, follow_up: str | None = None, **options: Any
) -> tuple[Row, str]:
    """Create a workshop (as actions.create_workshop) that follows `follow_up`, if given.

    The municipality defaults to the earlier evening's. An unknown code, or an evening that
    another already follows, is Refused before anything is written.
    """
    space = options.get("organizer_id")
    earlier = check_follow(tx, None, follow_up, space) if follow_up else None
    if earlier is not None and not options.get("municipality"):
        options["municipality"] = earlier["municipality"]
    workshop, secret = create_workshop(tx, source, **options)
    if earlier is not None:
        store.set_follows(tx, workshop["id"], earlier["id"])
        workshop = tx.workshop_or_refuse(workshop["id"])
    return workshop, secret


def follow(tx: Tx, code: str, earlier_code: str) -> Row:
    """Make an existing workshop follow an earlier one (`tyopaja follow`)."""
    workshop = _earlier(tx, code)
    if workshop is None:
        raise Refused("unknown_workshop")
    earlier = check_follow(tx, workshop["id"], earlier_code, workshop["organizer_id"])
    store.set_follows(tx, workshop["id"], earlier["id"])
    return tx.workshop_or_refuse(workshop["id"])


# -- the facilitator's actions ------------------------------------------------------------


def _own_action(tx: Tx, workshop_id: int, action_id: int) -> Row:
    row = store.action(tx, action_id)
    if row is None or row["withdrawn"] or row["workshop_id"] != workshop_id:
        raise Refused("no_such_action")
    return row


def _source(tx: Tx, workshop: Row, key: str) -> dict[str, Any]:
    """Where an action comes from: a group (`g:ID`) or an answer (`a:ID`) of this evening, or
    an action carried from the earlier one (`x:ID`)."""
    if not key:
        return {}
    kind, _, number = key.partition(":")
    if not number.isdigit() or kind not in ("g", "a", "x"):
        raise Refused("bad_request")
    if kind == "x":  # an action carried from the earlier evening, continued
        earlier = next((a for a, _ in carried(tx, workshop) if a["id"] == int(number)), None)
        if earlier is None:
            raise Refused("no_such_action")
        return {"source_title": earlier["what"]}
    if kind == "g":
        group = tx.group(int(number))
        if group is None or group["workshop_id"] != workshop["id"]:
            raise Refused("no_such_group")
        members = tx.step_answers(workshop["id"], group["step_id"])
        first = next((a["text"] for a in members if a["group_id"] == group["id"]), "")
        title = group["title"] or first[:120]
        return {"source_step": group["step_id"], "source_group": group["id"], "source_title": title}
    answer = tx.answer(int(number))
    if answer is None or answer["workshop_id"] != workshop["id"] or answer["withdrawn"]:
        raise Refused("no_such_answer")
    return {"source_step": answer["step_id"], "source_title": answer["text"][:300]}


def add_action(
    tx: Tx,
    workshop_id: int,
    what: Any,
    owner: Any = "",
    deadline: Any = "",
    status: Any = "not_started",
    source: str = "",
) -> Row:
    """A decided action made by the facilitator, from a priority (`source`) or from nothing."""
    workshop = tx.workshop_or_refuse(workshop_id)
    if store.count_actions(tx, workshop_id) >= rules.MAX_ACTIONS:
        raise Refused("max_actions", limit=rules.MAX_ACTIONS)
    fields = rules.check_action(what, owner, deadline)
    status, _ = rules.check_status(status or "not_started")
    values = dict(
        vars(fields),
        workshop_id=workshop_id,
        status=status,
        decided=1,
        origin="facilitator",
        status_by="facilitator",
        **_source(tx, workshop, source),
    )
    return store.action_or_refuse(tx, store.insert_action(tx, values))


def edit_action(
    tx: Tx,
    workshop_id: int,
    action_id: int,
    what: Any,
    owner: Any = "",
    deadline: Any = "",
    status: Any = "not_started",
    note: Any = "",
) -> Row:
    """The facilitator changes what, who, by when, the status or its note."""
    row = _own_action(tx, workshop_id, action_id)
    fields = rules.check_action(what, owner, deadline)
    status, note = rules.check_status(status, note)
    changes: dict[str, Any] = dict(vars(fields))
    if (status, note) != (row["status"], row["note"]):
        changes.update(status=status, note=note, status_by="facilitator", status_at=now())
    store.update_action(tx, action_id, **changes)
    return store.action_or_refuse(tx, action_id)


def decide_action(tx: Tx, workshop_id: int, action_id: int, decided: bool) -> Row:
    """Accept a participant's proposal as an action of the evening (or take it back)."""
    _own_action(tx, workshop_id, action_id)
    store.update_action(tx, action_id, decided=int(decided))
    return store.action_or_refuse(tx, action_id)


def hide_action(tx: Tx, workshop_id: int, action_id: int, hidden: bool) -> Row:
    """Hide an action or proposal from the screens and the export (or show it again)."""
    _own_action(tx, workshop_id, action_id)
    store.update_action(tx, action_id, hidden=int(hidden))
    return store.action_or_refuse(tx, action_id)


def owner_link(tx: Tx, workshop_id: int, action_id: int) -> str:
    """A new owner link secret for an action (the old link stops working)."""
    _own_action(tx, workshop_id, action_id)
    secret = workshop_rules.new_secret()
    store.update_action(tx, action_id, owner_token_hash=hash_secret(secret))
    return secret


def mark_status(tx: Tx, action_id: int, status: Any, note: Any, by: str) -> Row:
    """Set an action's status and note (by the owner through their link, or the facilitator)."""
    row = store.action(tx, action_id)
    if row is None or row["withdrawn"]:
        raise Refused("no_such_action")
    status, note = rules.check_status(status, note)
    store.update_action(tx, action_id, status=status, note=note, status_by=by, status_at=now())
    return store.action_or_refuse(tx, action_id)


def carried_status(tx: Tx, workshop_id: int, action_id: int, status: Any, note: Any) -> Row:
    """The facilitator of a later evening marks the status of an action it carries."""
    workshop = tx.workshop_or_refuse(workshop_id)
    ids = {a["id"] for a, _ in carried(tx, workshop)}
    if action_id not in ids:
        raise Refused("no_such_action")
    return mark_status(tx, action_id, status, note, "facilitator")


# -- the participants' proposals (an `action` step) ---------------------------------------


@idempotent
def submit_action(tx: Tx, actor: Actor, step_id: str, entry: Mapping[str, Any]) -> Done:
    """A participant proposes a next step (what, who, by when) on an `action` step, once."""
    step, seen = _open(tx, actor, step_id)
    if step.kind != "action":
        raise Refused("wrong_kind")
    mine = [a for a in store.my_actions(tx, actor.pid) if a["step_id"] == step_id]
    if len(mine) >= rules.MAX_ACTIONS_PER_STEP:
        raise Refused("max_actions", limit=rules.MAX_ACTIONS_PER_STEP)
    if store.count_actions(tx, actor.workshop_id) >= rules.MAX_ACTIONS:
        raise Refused("max_actions", limit=rules.MAX_ACTIONS)
    fields = rules.check_action(entry.get("what"), entry.get("owner"), entry.get("deadline"))
    action_id = store.insert_action(
        tx,
        dict(
            vars(fields),
            workshop_id=actor.workshop_id,
            step_id=step_id,
            participant_id=actor.pid,
            origin="phone",
        ),
    )
    return Done(ack={"ok": True, "action": action_id}, seen=seen)
