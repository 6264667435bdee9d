"""Snapshots per role: what each screen shows, read from the store and shaped by screens/chat."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tyopaja.chat import bot as chatbot
from tyopaja.chat.model import Conversation, MyAnswer, answers_by_step
from tyopaja.core.timer import now_ms
from tyopaja.i18n import BabelTranslator
from tyopaja.reads import chat as chatreads
from tyopaja.reads import console as consolereads
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
        workshop = tx.workshop(conn.workshop_id)
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
        return dict(base, people=views.people_summary(participants), **extras)


def console_extras(tx: Tx, workshop: Row, script: Script, *, projector: bool) -> dict[str, Any]:
    """Groups, vote results, the vuosikello and the timer/view of a workshop, for the screens."""
    events = tx.calendar_events(workshop["id"], include_hidden=not projector)
    return {
        "groups": [views.group_summary(g) for g in tx.groups(workshop["id"])],
        "results": consolereads.all_results(tx, workshop, script, projector),
        "calendar": [views.calendar_entry(e) for e in events],
        "control": consolereads.control_of(workshop, script, now_ms()),
    }


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
    deltas gets only what changed (`as_sent`).
    """
    with services().store.read() as tx:
        if seen is None:
            workshop = tx.workshop(conn.workshop_id)
            participant = tx.participant_by_id(conn.participant_id)
        else:
            workshop, participant = seen
        answers = my_answers(tx, conn, added)
        given = chatreads.chat_state(tx, workshop, participant)
    talk = chatbot.build(
        script_of(workshop),
        position_of(workshop),
        me_of(participant),
        answers,
        services().translator(conn.lang, conn.plain),
        memo=conn.chat_memo,
        **given,
    )
    return {
        "conversation": as_sent(conn, talk, full),
        "position": views.position_summary(workshop),
        "title": workshop["title"],
    }


def my_answers(tx: Tx, conn: Conn, added: MyAnswer | None) -> Mapping[str, tuple[MyAnswer, ...]]:
    """The participant's own answers by step: this socket's copy, re-read only when out of date.

    Every change to a participant's answers moves their revision (a trigger
    in the store, whichever process or code path writes). If it has not moved
    since the copy was taken, the copy is current; if it moved by one and this
    socket's own write added `added`, the copy plus that answer is. Reading
    them all back for every ack cost a sixth of the CPU per answer, and grew
    with the phone's answers (BENCHMARKS.md, "What costs"); so did grouping
    them by step again, which is why the copy is kept grouped.
    """
    rev = tx.answers_rev(conn.participant_id)
    if conn.mine is not None and rev is not None:
        if conn.mine_rev == rev:
            return conn.mine
        if added is not None and conn.mine_rev == rev - 1:
            mine = dict(conn.mine)
            mine[added.step] = (*mine.get(added.step, ()), added)
            conn.mine, conn.mine_rev = mine, rev
            return mine
    conn.mine = answers_by_step(chatreads.my_answers(tx, conn.participant_id))
    conn.mine_rev = rev
    return conn.mine


def as_sent(conn: Conn, talk: Conversation, full: bool) -> dict[str, Any]:
    """The conversation as this socket gets it: whole, or as a delta from what it was sent last.

    A delta keeps the first `keep` messages of version `base` and adds the rest;
    the phone applies it only to that very version, otherwise it asks for a
    full `sync`. Without deltas an ack re-sent the whole conversation, which cost
    more with every answer the phone had given (BENCHMARKS.md, "What costs").

    The socket keeps the messages it was sent. The chat's memo reuses the
    same message objects for what did not change, so most of the comparison
    is by identity, without reading the messages (with a thousand phones'
    conversations in memory, reading them is mostly cache misses).
    """
    if not conn.delta:
        return talk.to_dict()
    base, previous = conn.sent_v, conn.sent
    conn.sent, conn.sent_v = talk.messages, base + 1
    if full or previous is None:
        return dict(talk.to_dict(), v=conn.sent_v)
    keep = common_prefix(previous, talk.messages)
    return dict(talk.to_dict(first=keep), v=conn.sent_v, base=base, keep=keep)


def common_prefix(before: Sequence[Any], after: Sequence[Any]) -> int:
    """How many leading items two sequences share (the same object, or equal)."""
    keep = 0
    for old, new in zip(before, after, strict=False):
        if old is not new and old != new:
            break
        keep += 1
    return keep


def welcome_conversation(workshop: Row) -> dict[str, Any]:
    """The conversation a brand-new participant starts with, in the page's language.

    The participant page embeds it, so a first visit shows the greeting and the
    first question before the socket has even connected.
    """
    script = script_of(workshop)
    talk = chatbot.build(script, position_of(workshop), chatbot.Me(), [], BabelTranslator())
    return talk.to_dict()
