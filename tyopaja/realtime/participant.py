"""Participant events: profile, answers, follow-ups. Each acks after its commit."""

from __future__ import annotations

from typing import Any

from .. import actions
from . import Conn, handler, services
from .payloads import AnswerIn, FollowupIn, ProfileIn
from .screens import participant_snapshot


def _done(conn: Conn, done: actions.Done) -> dict[str, Any]:
    """Publish the changes, then ack with the fresh conversation."""
    services().fanout.publish(conn.workshop_id, done.changes)
    return dict(done.ack, replay=done.replay, **participant_snapshot(conn))


@handler("profile", ProfileIn, "participant")
def on_profile(conn: Conn, p: ProfileIn) -> dict:
    """One onboarding answer (nickname, association, sector, mode, table) or its skip."""
    done = services().commit(
        actions.set_profile, conn.workshop_id, conn.participant_id, p.cid, p.field, p.value
    )
    return _done(conn, done)


@handler("answer", AnswerIn, "participant")
def on_answer(conn: Conn, p: AnswerIn) -> dict:
    """A free-text answer."""
    done = services().commit(
        actions.submit_answer, conn.workshop_id, conn.participant_id, p.cid, p.step, p.text
    )
    return _done(conn, done)


@handler("followup", FollowupIn, "participant")
def on_followup(conn: Conn, p: FollowupIn) -> dict:
    """The reply to a follow-up question."""
    done = services().commit(
        actions.submit_followup, conn.workshop_id, conn.participant_id, p.cid, p.answer, p.text
    )
    return _done(conn, done)
