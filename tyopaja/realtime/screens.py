"""Snapshots per role, read from the store and shaped by views/chatbot."""

from __future__ import annotations

from typing import Any

from .. import actions, chatbot, views
from ..i18n import BabelTranslator, language
from . import Conn, services


def snapshot(conn: Conn) -> dict[str, Any]:
    """The full state this socket should show."""
    if conn.role == "participant":
        return participant_snapshot(conn)
    with services().store.read() as tx:
        workshop = tx.workshop(conn.workshop_id)
        answers = tx.answers(conn.workshop_id)
        script = actions.script_of(workshop)
        if conn.role == "projector":
            return views.projector_view(
                workshop, script, answers, tx.participant_count(workshop["id"])
            )
        return views.facilitator_view(workshop, script, answers, tx.participants(workshop["id"]))


def participant_snapshot(conn: Conn) -> dict[str, Any]:
    """The participant's conversation and the workshop's position."""
    with services().store.read() as tx:
        workshop = tx.workshop(conn.workshop_id)
        participant = tx.participant_by_id(conn.participant_id)
        answers = actions.my_answers(tx, conn.participant_id)
    script = actions.script_of(workshop)
    with language(conn.lang):
        talk = chatbot.build(
            script,
            actions.position_of(workshop),
            actions.me_of(participant),
            answers,
            BabelTranslator(),
        )
    return {
        "conversation": talk.to_dict(),
        "position": views.position_summary(workshop),
        "title": workshop["title"],
    }
