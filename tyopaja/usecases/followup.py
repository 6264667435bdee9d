"""Use cases of next steps and series: propose, decide, mark status, follow an earlier evening.

Like actions.py: each function runs inside one store transaction (`fn(tx, ...)`); the rules
are in core/followup.py and the SQL in store/followup.py. A participant's proposal carries a
client-made id (replays are no-ops); the facilitator's and the owner's writes come from forms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tyopaja.chat.followup import Proposal, RecapItem
from tyopaja.core import followup as rules
from tyopaja.core import voting
from tyopaja.core import workshop as workshop_rules
from tyopaja.core.workshop import Refused
from tyopaja.script.parse import Step
from tyopaja.store import Tx
from tyopaja.store import followup as store
from tyopaja.store.tx import Row
from tyopaja.usecases.actions import (
    Done,
    _actor,
    _open_step,
    _receipt,
    _replayed,
    create_workshop,
    hash_secret,
    script_of,
)

TOP_PRIORITIES = 5  # per dots step, carried to the evening that follows


# -- series ---------------------------------------------------------------------------


def _earlier(tx: Tx, code: str | None) -> Row | None:
    normalized = workshop_rules.normalize_code(code or "")
    return tx.workshop_by_code(normalized) if normalized else None


def check_follow(tx: Tx, workshop_id: int | None, earlier_code: str) -> Row:
    """The earlier evening a workshop may follow; Refused (nothing changes) if it may not."""
    earlier = _earlier(tx, earlier_code)
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
    earlier = check_follow(tx, None, follow_up) if follow_up else None
    if earlier is not None and not options.get("municipality"):
        options["municipality"] = earlier["municipality"]
    workshop, secret = create_workshop(tx, source, **options)
    if earlier is not None:
        store.set_follows(tx, workshop["id"], earlier["id"])
        workshop = tx.workshop(workshop["id"])
    return workshop, secret


def follow(tx: Tx, code: str, earlier_code: str) -> Row:
    """Make an existing workshop follow an earlier one (`tyopaja follow`)."""
    workshop = _earlier(tx, code)
    if workshop is None:
        raise Refused("unknown_workshop")
    earlier = check_follow(tx, workshop["id"], earlier_code)
    store.set_follows(tx, workshop["id"], earlier["id"])
    return tx.workshop(workshop["id"])


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
    workshop = tx.workshop(workshop_id)
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
    return store.action(tx, store.insert_action(tx, values))


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
        changes.update(status=status, note=note, status_by="facilitator", status_at=_now())
    store.update_action(tx, action_id, **changes)
    return store.action(tx, action_id)


def decide_action(tx: Tx, workshop_id: int, action_id: int, decided: bool) -> Row:
    """Accept a participant's proposal as an action of the evening (or take it back)."""
    _own_action(tx, workshop_id, action_id)
    store.update_action(tx, action_id, decided=int(decided))
    return store.action(tx, action_id)


def hide_action(tx: Tx, workshop_id: int, action_id: int, hidden: bool) -> Row:
    """Hide an action or proposal from the screens and the export (or show it again)."""
    _own_action(tx, workshop_id, action_id)
    store.update_action(tx, action_id, hidden=int(hidden))
    return store.action(tx, action_id)


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
    store.update_action(tx, action_id, status=status, note=note, status_by=by, status_at=_now())
    return store.action(tx, action_id)


def carried_status(tx: Tx, workshop_id: int, action_id: int, status: Any, note: Any) -> Row:
    """The facilitator of a later evening marks the status of an action it carries."""
    workshop = tx.workshop(workshop_id)
    ids = {a["id"] for a, _ in carried(tx, workshop)}
    if action_id not in ids:
        raise Refused("no_such_action")
    return mark_status(tx, action_id, status, note, "facilitator")


def _now() -> str:
    from tyopaja.store.tx import now

    return now()


# -- the participants' proposals (an `action` step) ---------------------------------------


def submit_action(
    tx: Tx,
    workshop_id: int,
    participant_id: int,
    cid: str,
    step_id: str,
    entry: Mapping[str, Any],
) -> Done:
    """A participant proposes a next step (what, who, by when) on an `action` step, once."""
    if (done := _replayed(tx, workshop_id, _actor(participant_id), cid)) is not None:
        return done
    step = _open_step(tx, workshop_id, participant_id, step_id)
    if step.kind != "action":
        raise Refused("wrong_kind")
    mine = [a for a in store.my_actions(tx, participant_id) if a["step_id"] == step_id]
    if len(mine) >= rules.MAX_ACTIONS_PER_STEP:
        raise Refused("max_actions", limit=rules.MAX_ACTIONS_PER_STEP)
    if store.count_actions(tx, workshop_id) >= rules.MAX_ACTIONS:
        raise Refused("max_actions", limit=rules.MAX_ACTIONS)
    fields = rules.check_action(entry.get("what"), entry.get("owner"), entry.get("deadline"))
    action_id = store.insert_action(
        tx,
        dict(
            vars(fields),
            workshop_id=workshop_id,
            step_id=step_id,
            participant_id=participant_id,
            origin="phone",
        ),
    )
    ack = _receipt(tx, workshop_id, participant_id, cid, {"ok": True, "action": action_id})
    return Done(ack=ack)


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
