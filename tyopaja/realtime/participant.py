"""Participant events: profile, answers, follow-ups, edits, votes, calendar entries, progress.

Each acks after its commit, with the participant's fresh conversation.
"""

from __future__ import annotations

from typing import Any

from tyopaja.reads.snapshots import participant_snapshot
from tyopaja.realtime import Conn, handler, services
from tyopaja.realtime.payloads import (
    AdvanceIn,
    AnswerEditIn,
    AnswerIn,
    BallotIn,
    EventEntryIn,
    FollowupIn,
    ProfileIn,
    WithdrawIn,
)
from tyopaja.usecases import actions


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
    return _commit(conn, actions.submit_answer, p.cid, p.step, p.text)


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


@handler("advance", AdvanceIn, "participant")
def on_advance(conn: Conn, p: AdvanceIn) -> dict:
    """Self pacing: move on to the next step."""
    return _commit(conn, actions.advance, p.cid, p.step)
