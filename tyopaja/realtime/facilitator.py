"""Facilitator events: run the steps, moderate answers, group them, steer the projector.

The facilitator secret is checked on every event by `handler()`; a
participant or projector socket gets `not_allowed` for every one of these.
"""

from __future__ import annotations

from tyopaja.core.timer import now_ms
from tyopaja.reads import console as consolereads
from tyopaja.reads import placement as placereads
from tyopaja.reads import review
from tyopaja.reads.followup import export_rows
from tyopaja.realtime import Conn, handler, services
from tyopaja.realtime.payloads import (
    AddIn,
    AdoptIn,
    CalendarIn,
    EditIn,
    Empty,
    GotoIn,
    GroupIn,
    HideIn,
    KoontiIn,
    MergeIn,
    MoveIn,
    PlacementIn,
    RenameIn,
    ResultsIn,
    ReviewIn,
    ScreenIn,
    StateIn,
    StepOpenIn,
    SuggestIn,
    SummaryIn,
    TimerIn,
    UngroupIn,
)
from tyopaja.serving.warmup import in_background, suggestions_ready
from tyopaja.usecases import actions, moderation, placement


def _run(conn: Conn, fn, *args) -> dict:
    done = services().commit(fn, conn.actor, *args)
    services().fanout.publish(conn.workshop_id, done.changes)
    return dict(done.ack, replay=True) if done.replay else done.ack


@handler("f:goto", GotoIn, "facilitator")
def on_goto(conn: Conn, p: GotoIn) -> dict:
    """Make a step the current one."""
    return _run(conn, actions.goto_step, p.step)


@handler("f:next", Empty, "facilitator")
def on_next(conn: Conn, _p: Empty) -> dict:
    """Go to the next step."""
    return _run(conn, actions.move, 1)


@handler("f:prev", Empty, "facilitator")
def on_prev(conn: Conn, _p: Empty) -> dict:
    """Go back to the previous step."""
    return _run(conn, actions.move, -1)


@handler("f:state", StateIn, "facilitator")
def on_state(conn: Conn, p: StateIn) -> dict:
    """Open, lock (close) or return the workshop to draft."""
    return _run(conn, actions.set_state, p.state)


# -- running the steps ------------------------------------------------------------


@handler("f:step", StepOpenIn, "facilitator")
def on_step_open(conn: Conn, p: StepOpenIn) -> dict:
    """Open or close one step for answers and votes."""
    return _run(conn, moderation.set_step_open, p.cid, p.step, p.open)


@handler("f:timer", TimerIn, "facilitator")
def on_timer(conn: Conn, p: TimerIn) -> dict:
    """Start, pause, add time to, set or reset the current step's timer."""
    return _run(conn, moderation.run_timer, p.cid, p.action, p.seconds, now_ms())


@handler("f:results", ResultsIn, "facilitator")
def on_results(conn: Conn, p: ResultsIn) -> dict:
    """Hide a vote's results from the projector until the step closes, or show them."""
    return _run(conn, moderation.set_results_hidden, p.cid, p.step, p.hidden)


@handler("f:screen", ScreenIn, "facilitator")
def on_screen(conn: Conn, p: ScreenIn) -> dict:
    """Choose what the projector shows for the current step."""
    return _run(conn, moderation.set_screen, p.cid, p.view)


# -- moderating answers -------------------------------------------------------------


@handler("f:hide", HideIn, "facilitator")
def on_hide(conn: Conn, p: HideIn) -> dict:
    """Hide or unhide an answer."""
    return _run(conn, moderation.hide_answer, p.cid, p.answer, p.hidden)


@handler("f:edit", EditIn, "facilitator")
def on_edit(conn: Conn, p: EditIn) -> dict:
    """Fix a typo (the original is kept)."""
    return _run(conn, moderation.edit_answer, p.cid, p.answer, p.text)


@handler("f:add", AddIn, "facilitator")
def on_add(conn: Conn, p: AddIn) -> dict:
    """Add an answer for someone without a phone, or from a paper note."""
    return _run(conn, moderation.add_answer, p.cid, p.step, p.text, p.source)


@handler("f:calendar", CalendarIn, "facilitator")
def on_calendar(conn: Conn, p: CalendarIn) -> dict:
    """Add the municipality's own date to the vuosikello."""
    return _run(
        conn, moderation.add_calendar_entry, p.cid, p.step, p.month, p.day, p.what, p.organiser
    )


# -- grouping -------------------------------------------------------------------------


@handler("f:group", GroupIn, "facilitator")
def on_group(conn: Conn, p: GroupIn) -> dict:
    """Make a group of answers."""
    return _run(
        conn, moderation.make_group, p.cid, p.step, p.title, p.answers, p.words, p.suggested
    )


@handler("f:move", MoveIn, "facilitator")
def on_move(conn: Conn, p: MoveIn) -> dict:
    """Move answers into a group or out of every group."""
    return _run(conn, moderation.move_answers, p.cid, p.answers, p.group)


@handler("f:rename", RenameIn, "facilitator")
def on_rename(conn: Conn, p: RenameIn) -> dict:
    """Rename a group."""
    return _run(conn, moderation.rename_group, p.cid, p.group, p.title)


@handler("f:merge", MergeIn, "facilitator")
def on_merge(conn: Conn, p: MergeIn) -> dict:
    """Merge a group into another."""
    return _run(conn, moderation.merge_groups, p.cid, p.group, p.into)


@handler("f:ungroup", UngroupIn, "facilitator")
def on_ungroup(conn: Conn, p: UngroupIn) -> dict:
    """Split a group up."""
    return _run(conn, moderation.ungroup, p.cid, p.group)


@handler("f:placement", PlacementIn, "facilitator")
def on_placement(conn: Conn, p: PlacementIn) -> dict:
    """Offer participants placement on a step (or stop offering it)."""
    return _run(conn, placement.set_placement, p.cid, p.step, p.on)


@handler("f:suggest", SuggestIn, "facilitator")
def on_suggest(conn: Conn, p: SuggestIn) -> dict:
    """Grouping suggestions for the step's ungrouped answers (nothing is stored)."""
    with services().store.read() as tx:
        lang, answers = consolereads.suggestion_input(tx, conn.workshop_id, p.step)
        links = placereads.step_links(tx, conn.workshop_id, p.step)
    suggestions_ready()
    suggestions = in_background(consolereads.suggest, lang, answers, links)
    return {"ok": True, "step": p.step, "suggestions": suggestions}


# -- review (Koonti) ----------------------------------------------------------------------


@handler("f:koonti", KoontiIn, "facilitator")
def on_koonti(conn: Conn, _p: KoontiIn) -> dict:
    """The review view: every step's groups, titles, review state, saved and drafted summary."""
    with services().store.read() as tx:
        rows = export_rows(tx, conn.workshop_id)
    suggestions_ready()
    return dict(in_background(review.koonti, rows), ok=True)


@handler("f:adopt", AdoptIn, "facilitator")
def on_adopt(conn: Conn, p: AdoptIn) -> dict:
    """Store a step's suggested groups at once."""
    groups = [g.model_dump() for g in p.groups]
    return _run(conn, moderation.adopt_groups, p.cid, p.step, groups)


@handler("f:review", ReviewIn, "facilitator")
def on_review(conn: Conn, p: ReviewIn) -> dict:
    """Mark a step or a chapter reviewed, or back to draft."""
    return _run(conn, moderation.set_reviewed, p.cid, p.step, p.chapter, p.reviewed)


@handler("f:summary", SummaryIn, "facilitator")
def on_summary(conn: Conn, p: SummaryIn) -> dict:
    """Save the summary of a step or a chapter."""
    return _run(conn, moderation.save_summary, p.cid, p.step, p.chapter, p.text)
