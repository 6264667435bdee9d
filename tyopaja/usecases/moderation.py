"""Facilitator use cases: run the steps, moderate answers, group them, steer the projector.

Like actions.py: each function runs inside one store transaction
(`fn(tx, actor, cid, ...)`, see usecases/base.py) and returns `Done` with the ack and the changes
the rooms should hear about. Facilitator writes carry a client-made id and
store a receipt under the actor "f", so a console that resends after a
reconnect does not hide, add or group twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from tyopaja.core import timer as steptimer
from tyopaja.core import workshop as rules
from tyopaja.core.workshop import Refused
from tyopaja.reads.console import SCREEN_VIEWS, current_step, timer_of
from tyopaja.reads.rows import script_of
from tyopaja.script.parse import Script
from tyopaja.store import Tx
from tyopaja.store.tx import Row
from tyopaja.usecases.base import Actor, Done, idempotent
from tyopaja.usecases.events import (
    AnswerChanged,
    Change,
    ControlChanged,
    GroupsChanged,
    PositionChanged,
    VoteChanged,
    VoteItemsChanged,
)

ANSWER_SOURCES = ("facilitator", "paper")


def _workshop(tx: Tx, workshop_id: int) -> tuple[Row, Script]:
    workshop = tx.workshop(workshop_id)
    return workshop, script_of(workshop)


def _answer(tx: Tx, workshop_id: int, answer_id: int) -> Row:
    answer = tx.answer(answer_id)
    if answer is None or answer["withdrawn"] or answer["workshop_id"] != workshop_id:
        raise Refused("no_such_answer")
    return answer


def _group(tx: Tx, workshop_id: int, group_id: int) -> Row:
    group = tx.group(group_id)
    if group is None or group["workshop_id"] != workshop_id:
        raise Refused("no_such_group")
    return group


def _answer_changes(answer_ids: Sequence[int]) -> list[Change]:
    return [AnswerChanged(answer_id) for answer_id in answer_ids]


# -- running the steps ---------------------------------------------------------


@idempotent
def set_step_open(tx: Tx, actor: Actor, step_id: str, is_open: bool) -> Done:
    """Open or close one step: a closed step refuses new answers and votes."""
    workshop, script = _workshop(tx, actor.workshop_id)
    rules.require_step(script, step_id)
    closed = [s for s in workshop["closed_steps"] if s != step_id]
    if not is_open:
        closed.append(step_id)
    tx.update_workshop(actor.workshop_id, closed_steps=closed)
    ack = {"ok": True, "step": step_id, "open": is_open}
    changes = [PositionChanged(), ControlChanged(), VoteChanged(step_id)]
    return Done(ack=ack, changes=changes)


@idempotent
def set_results_hidden(tx: Tx, actor: Actor, step_id: str, hidden: bool) -> Done:
    """Hide a vote's results from the projector until the step is closed (or show them)."""
    workshop, script = _workshop(tx, actor.workshop_id)
    if not rules.require_step(script, step_id).is_vote:
        raise Refused("wrong_kind")
    listed = [s for s in workshop["hidden_results"] if s != step_id]
    if hidden:
        listed.append(step_id)
    tx.update_workshop(actor.workshop_id, hidden_results=listed)
    ack = {"ok": True, "step": step_id, "hidden": hidden}
    changes = [ControlChanged(), VoteChanged(step_id)]
    return Done(ack=ack, changes=changes)


@idempotent
def set_screen(tx: Tx, actor: Actor, view: str) -> Done:
    """Tell the projector what to show for the current step (`auto` follows the step)."""
    if view not in SCREEN_VIEWS:
        raise Refused("bad_request")
    workshop = tx.workshop(actor.workshop_id)
    tx.set_projector(actor.workshop_id, {"view": view, "step": workshop["current_step"]})
    return Done(ack={"ok": True, "view": view}, changes=[ControlChanged()])


@idempotent
def run_timer(tx: Tx, actor: Actor, action: str, seconds: int | None, now_ms: int) -> Done:
    """Start, pause, add time to, set or reset the current step's timer."""
    workshop, script = _workshop(tx, actor.workshop_id)
    if current_step(workshop, script) is None:
        raise Refused("no_such_step")
    timer = steptimer.apply(timer_of(workshop, script), action, seconds, now_ms)
    tx.update_workshop(actor.workshop_id, timer=timer)
    ack = {"ok": True, "timer": steptimer.view(timer, now_ms)}
    return Done(ack=ack, changes=[ControlChanged()])


# -- moderating answers ----------------------------------------------------------


@idempotent
def hide_answer(tx: Tx, actor: Actor, answer_id: int, hidden: bool) -> Done:
    """Hide an answer from the projector and the export (or bring it back)."""
    answer = _answer(tx, actor.workshop_id, answer_id)
    tx.update_answer(answer_id, hidden=int(hidden))
    changes = _answer_changes([answer_id]) + [VoteItemsChanged(answer["step_id"])]
    ack = {"ok": True, "answer": answer_id, "hidden": hidden}
    return Done(ack=ack, changes=changes)


@idempotent
def edit_answer(tx: Tx, actor: Actor, answer_id: int, text: str) -> Done:
    """Fix a typo in an answer; the first original text is kept for the record."""
    answer = _answer(tx, actor.workshop_id, answer_id)
    cleaned = rules.clean_text(text, rules.MAX_ANSWER_CHARS)
    if cleaned != answer["text"]:
        original = answer["original_text"] or answer["text"]
        tx.update_answer(answer_id, text=cleaned, original_text=original)
    ack = {"ok": True, "answer": answer_id}
    return Done(ack=ack, changes=_answer_changes([answer_id]))


@idempotent
def add_answer(tx: Tx, actor: Actor, step_id: str, text: str, source: str) -> Done:
    """Add an answer for someone without a phone, or from a paper note; marked as such."""
    if source not in ANSWER_SOURCES:
        raise Refused("bad_request")
    _, script = _workshop(tx, actor.workshop_id)
    if not rules.require_step(script, step_id).collects_answers:
        raise Refused("wrong_kind")
    cleaned = rules.clean_text(text, rules.MAX_ANSWER_CHARS)
    answer_id = tx.insert_answer(
        {
            "workshop_id": actor.workshop_id,
            "step_id": step_id,
            "text": cleaned,
            "source": source,
        }
    )
    ack = {"ok": True, "answer": answer_id}
    return Done(ack=ack, changes=_answer_changes([answer_id]))


# -- grouping --------------------------------------------------------------------


def _title(raw: str) -> str:
    return rules.clean_text(raw, rules.MAX_GROUP_TITLE_CHARS, required=False)


def _members(tx: Tx, workshop_id: int, step_id: str, answer_ids: Sequence[int]) -> list[int]:
    ids = list(dict.fromkeys(answer_ids))
    for answer_id in ids:
        if _answer(tx, workshop_id, answer_id)["step_id"] != step_id:
            raise Refused("other_step")
    return ids


def _group_changes(step_id: str, answer_ids: Sequence[int]) -> list[Change]:
    return [GroupsChanged(step_id), VoteItemsChanged(step_id)] + (_answer_changes(answer_ids))


@idempotent
def make_group(
    tx: Tx,
    actor: Actor,
    step_id: str,
    title: str,
    answer_ids: Sequence[int],
    shared_words: Sequence[str] = (),
    suggested: bool = False,
) -> Done:
    """Make a group of answers of one step (by hand, or by accepting a suggestion)."""
    _, script = _workshop(tx, actor.workshop_id)
    if not rules.require_step(script, step_id).collects_answers:
        raise Refused("wrong_kind")
    members = _members(tx, actor.workshop_id, step_id, answer_ids)
    group_id = tx.insert_group(
        {
            "workshop_id": actor.workshop_id,
            "step_id": step_id,
            "title": _title(title),
            "suggested": int(suggested),
            "shared_words": [_title(w) for w in shared_words if w.strip()][:10],
        }
    )
    tx.set_answers_group(members, group_id)
    ack = {"ok": True, "group": group_id}
    return Done(ack=ack, changes=_group_changes(step_id, members))


@idempotent
def move_answers(tx: Tx, actor: Actor, answer_ids: Sequence[int], group_id: int | None) -> Done:
    """Move answers into a group of their step, or out of every group (group None)."""
    if not answer_ids:
        raise Refused("bad_request")
    if group_id is None:
        step_id = _answer(tx, actor.workshop_id, answer_ids[0])["step_id"]
    else:
        step_id = _group(tx, actor.workshop_id, group_id)["step_id"]
    members = _members(tx, actor.workshop_id, step_id, answer_ids)
    tx.set_answers_group(members, group_id)
    ack = {"ok": True, "group": group_id}
    return Done(ack=ack, changes=_group_changes(step_id, members))


@idempotent
def rename_group(tx: Tx, actor: Actor, group_id: int, title: str) -> Done:
    """Give a group a new title."""
    group = _group(tx, actor.workshop_id, group_id)
    tx.update_group(group_id, title=_title(title))
    ack = {"ok": True, "group": group_id}
    return Done(ack=ack, changes=_group_changes(group["step_id"], []))


@idempotent
def merge_groups(tx: Tx, actor: Actor, group_id: int, into_id: int) -> Done:
    """Move every answer of one group into another group of the same step; drop the first."""
    group = _group(tx, actor.workshop_id, group_id)
    into = _group(tx, actor.workshop_id, into_id)
    if group_id == into_id or group["step_id"] != into["step_id"]:
        raise Refused("other_step")
    members = tx.delete_group(group_id)
    tx.set_answers_group(members, into_id)
    ack = {"ok": True, "group": into_id}
    return Done(ack=ack, changes=_group_changes(group["step_id"], members))


@idempotent
def ungroup(tx: Tx, actor: Actor, group_id: int) -> Done:
    """Split a group up: its answers go back to the ungrouped pile."""
    group = _group(tx, actor.workshop_id, group_id)
    members = tx.delete_group(group_id)
    ack = {"ok": True, "group": group_id}
    return Done(ack=ack, changes=_group_changes(group["step_id"], members))


# -- reads for the screens -------------------------------------------------------


# Reads that moved to tyopaja/reads/console.py, still importable from here for code written
# against the old names (other branches); new code imports them from reads.
from tyopaja.reads.console import (  # noqa: E402, F401
    all_results,
    candidates,
    control_of,
    results_of,
    screen_of,
    suggest,
    suggestion_input,
)
