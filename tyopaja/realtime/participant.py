"""Participant events: profile, answers, follow-ups, edits, votes, calendar entries, next steps,
progress.

Each acks after its commit, with the participant's fresh conversation.
"""

from __future__ import annotations

import logging
from typing import Any

from tyopaja.reads import placement as placereads
from tyopaja.reads.snapshots import participant_snapshot
from tyopaja.realtime import Conn, handler, services
from tyopaja.realtime.payloads import (
    ActionEntryIn,
    AdvanceIn,
    AnswerEditIn,
    AnswerIn,
    BallotIn,
    EventEntryIn,
    FollowupIn,
    LinkIn,
    ProfileIn,
    WithdrawIn,
)
from tyopaja.serving.warmup import in_background, suggestions_ready
from tyopaja.usecases import actions, followup, placement

log = logging.getLogger(__name__)


def _done(conn: Conn, done: actions.Done) -> dict[str, Any]:
    """Publish the changes, then ack with the fresh conversation."""
    services().fanout.publish(conn.workshop_id, done.changes)
    snapshot = participant_snapshot(conn, done.seen, done.added, full=False)
    return dict(done.ack, replay=done.replay, **snapshot)


def _commit(conn: Conn, fn, *args) -> dict[str, Any]:
    """Run a participant action for this socket's participant and ack with the conversation."""
    return _done(conn, services().commit(fn, conn.actor, *args))


@handler("profile", ProfileIn, "participant")
def on_profile(conn: Conn, p: ProfileIn) -> dict:
    """One onboarding answer (nickname, association, sector, mode, table) or its skip."""
    return _commit(conn, actions.set_profile, p.cid, p.field, p.plain_value())


@handler("answer", AnswerIn, "participant")
def on_answer(conn: Conn, p: AnswerIn) -> dict:
    """A free-text answer."""
    done = services().commit(actions.submit_answer, conn.actor, p.cid, p.step, p.text)
    ack = _done(conn, done)
    if ack.get("ok") and ack.get("answer") and placereads.may_offer(done.seen, p.step):
        offered = _offer(conn, ack["answer"])
        if offered is not None:
            ack["placement"] = offered
    return ack


def _offer(conn: Conn, answer_id: int) -> dict[str, Any] | None:
    """The placement offer after an answer (read after the commit), if its step has one."""
    with services().store.read() as tx:
        data = placereads.offer_input(tx, conn.workshop_id, conn.actor.pid, answer_id)
    if data is None:
        return None
    try:
        suggestions_ready()
        return in_background(placereads.offer, data)
    except Exception:  # the answer is stored and acked whatever happens to the offer
        log.exception("placement offer failed")
        return None


@handler("followup", FollowupIn, "participant")
def on_followup(conn: Conn, p: FollowupIn) -> dict:
    """The reply to a follow-up question."""
    return _commit(conn, actions.submit_followup, p.cid, p.answer, p.text)


@handler("edit", AnswerEditIn, "participant")
def on_edit(conn: Conn, p: AnswerEditIn) -> dict:
    """New text for one's own answer, while its step is open."""
    return _commit(conn, actions.edit_answer, p.cid, p.answer, p.text)


@handler("withdraw", WithdrawIn, "participant")
def on_withdraw(conn: Conn, p: WithdrawIn) -> dict:
    """Take back one's own answer or calendar entry, while its step is open."""
    if p.answer is not None:
        return _commit(conn, actions.withdraw_answer, p.cid, p.answer)
    return _commit(conn, actions.withdraw_event, p.cid, p.event)


@handler("ballot", BallotIn, "participant")
def on_ballot(conn: Conn, p: BallotIn) -> dict:
    """A whole ballot on a choice, scale, rank or dots step."""
    return _commit(conn, actions.submit_ballot, p.cid, p.step, p.ballot.model_dump())


@handler("event_entry", EventEntryIn, "participant")
def on_event_entry(conn: Conn, p: EventEntryIn) -> dict:
    """A vuosikello entry."""
    entry = {"month": p.month, "day": p.day, "what": p.what, "organiser": p.organiser}
    return _commit(conn, actions.submit_event, p.cid, p.step, entry)


@handler("action_entry", ActionEntryIn, "participant")
def on_action_entry(conn: Conn, p: ActionEntryIn) -> dict:
    """A proposed next step (what, who, by when)."""
    entry = {"what": p.what, "owner": p.who, "deadline": p.deadline}
    return _commit(conn, followup.submit_action, p.cid, p.step, entry)


@handler("advance", AdvanceIn, "participant")
def on_advance(conn: Conn, p: AdvanceIn) -> dict:
    """Self pacing: move on to the next step."""
    return _commit(conn, actions.advance, p.cid, p.step)


@handler("link", LinkIn, "participant")
def on_link(conn: Conn, p: LinkIn) -> dict:
    """Placement: link one's own answer to another, put it in a group, or reject the offer."""
    return _commit(conn, placement.link_answer, p.cid, p.answer, p.other, p.group, list(p.rejected))
