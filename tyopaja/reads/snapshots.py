"""Snapshots per role: what each screen shows, read from the store and shaped by screens/chat."""

from __future__ import annotations

from typing import Any

from tyopaja.catalogs import Translator
from tyopaja.chat import bot as chatbot
from tyopaja.chat.model import MyAnswer
from tyopaja.core.timer import now_ms
from tyopaja.reads import chat as chatreads
from tyopaja.reads import console as consolereads
from tyopaja.reads import placement as placereads
from tyopaja.reads import screens as views
from tyopaja.reads.rows import me_of, position_of, script_of
from tyopaja.realtime import Conn, services
from tyopaja.script.parse import Script
from tyopaja.store import Tx
from tyopaja.store.tx import Row


def snapshot(conn: Conn) -> dict[str, Any]:
    """The full state this socket should show."""
    if conn.role == "participant":
        return participant_snapshot(conn)
    with services().store.read() as tx:
        workshop = tx.workshop_or_refuse(conn.workshop_id)
        answers = tx.answers(conn.workshop_id)
        script = script_of(workshop)
        if conn.role == "projector":
            base = views.projector_view(
                workshop, script, answers, tx.participant_count(workshop["id"])
            )
            base["headcount"] = tx.headcount(workshop["id"])
            return dict(base, **console_extras(tx, workshop, script, projector=True))
        participants = tx.participants(workshop["id"])
        base = views.facilitator_view(workshop, script, answers, participants)
        extras = console_extras(tx, workshop, script, projector=False)
        reviews = views.review_notes(tx.reviews(workshop["id"]))
        return dict(base, people=views.people_summary(participants), reviews=reviews, **extras)


def console_extras(tx: Tx, workshop: Row, script: Script, *, projector: bool) -> dict[str, Any]:
    """Groups, vote results, the vuosikello and the timer/view of a workshop, for the screens."""
    events = tx.calendar_events(workshop["id"], include_hidden=not projector)
    extras = {
        "groups": [views.group_summary(g) for g in tx.groups(workshop["id"])],
        "results": consolereads.all_results(tx, workshop, script, projector),
        "calendar": [views.calendar_entry(e) for e in events],
        "control": consolereads.control_of(workshop, script, now_ms()),
    }
    if projector:  # the wall shows what the room has linked (the console has its suggestions)
        extras["forming"] = {
            step.id: clusters
            for step in script.steps
            if (clusters := placereads.forming_of(tx, workshop, step))
        }
    return extras


def participant_snapshot(
    conn: Conn,
    seen: tuple[Row, Row] | None = None,
    added: MyAnswer | None = None,
    *,
    full: bool = True,
) -> dict[str, Any]:
    """The participant's conversation and the workshop's position.

    `seen`: the workshop and participant rows a write has just read (and not
    changed), so that its ack does not read them again; `added`: the answer
    the write added. `full=False` (a write's ack): a socket that asked for
    deltas gets only what changed (`PhoneSession.as_sent`).
    """
    phone, participant_id = conn.phone, conn.participant_id
    assert phone is not None and participant_id is not None, "a participant's socket"
    with services().store.read() as tx:
        if seen is None:
            workshop = tx.workshop_or_refuse(conn.workshop_id)
            participant = tx.participant_or_refuse(participant_id)
        else:
            workshop, participant = seen
        answers = phone.answers(tx, participant_id, added)
        given = chatreads.chat_state(tx, workshop, participant)
    talk = chatbot.build(
        script_of(workshop),
        position_of(workshop),
        me_of(participant),
        answers,
        services().translator(conn.lang, conn.plain),
        cache=phone.chat,
        **given,
    )
    return {
        "conversation": phone.as_sent(talk, full),
        "position": views.position_summary(workshop),
        "title": workshop["title"],
    }


def welcome_conversation(workshop: Row, lang: str, plain: bool = False) -> dict[str, Any]:
    """The conversation a brand-new participant starts with, in the page's language.

    The participant page embeds it, so a first visit shows the greeting and the
    first question before the socket has even connected.
    """
    script = script_of(workshop)
    translator = Translator(lang, plain)
    talk = chatbot.build(script, position_of(workshop), chatbot.Me(), [], translator)
    return talk.to_dict()
