"""Facilitator use cases: run the steps, moderate answers, group them, steer the projector.

Like actions.py: each function runs inside one store transaction
(`fn(tx, workshop_id, ...)`) and returns `Done` with the ack and the changes
the rooms should hear about. Facilitator writes carry a client-made id and
store a receipt under the actor "f", so a console that resends after a
reconnect does not hide, add or group twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tyopaja.core import timer as steptimer
from tyopaja.core import voting
from tyopaja.core import workshop as rules
from tyopaja.core.workshop import Refused
from tyopaja.grouping import engine as grouping
from tyopaja.reads import screens as views
from tyopaja.script.parse import Script, Step
from tyopaja.store import Tx
from tyopaja.store.tx import Row
from tyopaja.usecases.actions import Done, script_of

ACTOR = "f"
ANSWER_SOURCES = ("facilitator", "paper")
SCREEN_VIEWS = ("auto", "join", "wall", "groups", "results", "calendar")


def _replayed(tx: Tx, workshop_id: int, cid: str) -> Done | None:
    stored = tx.receipt(workshop_id, ACTOR, cid)
    return None if stored is None else Done(ack=stored, replay=True)


def _done(tx: Tx, workshop_id: int, cid: str, ack: dict, changes: list[dict]) -> Done:
    tx.save_receipt(workshop_id, ACTOR, cid, ack)
    return Done(ack=ack, changes=changes)


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


def _answer_changes(answer_ids: Sequence[int]) -> list[dict[str, Any]]:
    return [{"type": "answer", "answer": answer_id} for answer_id in answer_ids]


# -- running the steps ---------------------------------------------------------


def set_step_open(tx: Tx, workshop_id: int, cid: str, step_id: str, is_open: bool) -> Done:
    """Open or close one step: a closed step refuses new answers and votes."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    workshop, script = _workshop(tx, workshop_id)
    rules.require_step(script, step_id)
    closed = [s for s in workshop["closed_steps"] if s != step_id]
    if not is_open:
        closed.append(step_id)
    tx.update_workshop(workshop_id, closed_steps=closed)
    ack = {"ok": True, "step": step_id, "open": is_open}
    changes = [{"type": "position"}, {"type": "control"}, {"type": "results", "step": step_id}]
    return _done(tx, workshop_id, cid, ack, changes)


def set_results_hidden(tx: Tx, workshop_id: int, cid: str, step_id: str, hidden: bool) -> Done:
    """Hide a vote's results from the projector until the step is closed (or show them)."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    workshop, script = _workshop(tx, workshop_id)
    if not rules.require_step(script, step_id).is_vote:
        raise Refused("wrong_kind")
    listed = [s for s in workshop["hidden_results"] if s != step_id]
    if hidden:
        listed.append(step_id)
    tx.update_workshop(workshop_id, hidden_results=listed)
    ack = {"ok": True, "step": step_id, "hidden": hidden}
    changes = [{"type": "control"}, {"type": "results", "step": step_id}]
    return _done(tx, workshop_id, cid, ack, changes)


def set_screen(tx: Tx, workshop_id: int, cid: str, view: str) -> Done:
    """Tell the projector what to show for the current step (`auto` follows the step)."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    if view not in SCREEN_VIEWS:
        raise Refused("bad_request")
    workshop = tx.workshop(workshop_id)
    tx.set_projector(workshop_id, {"view": view, "step": workshop["current_step"]})
    return _done(tx, workshop_id, cid, {"ok": True, "view": view}, [{"type": "control"}])


def screen_of(workshop: Row) -> str:
    """What the projector shows now: the override for the current step, else `auto`."""
    stored = workshop.get("projector") or {}
    if stored.get("step") == workshop["current_step"] and stored.get("view") in SCREEN_VIEWS:
        return stored["view"]
    return "auto"


def current_step(workshop: Row, script: Script) -> Step | None:
    """The workshop's current step, if any."""
    return script.step(workshop["current_step"]) if workshop["current_step"] else None


def timer_of(workshop: Row, script: Script) -> dict[str, Any]:
    """The stored timer of the current step (or its default)."""
    return steptimer.current(workshop["timer"] or {}, current_step(workshop, script))


def run_timer(
    tx: Tx, workshop_id: int, cid: str, action: str, seconds: int | None, now_ms: int
) -> Done:
    """Start, pause, add time to, set or reset the current step's timer."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    workshop, script = _workshop(tx, workshop_id)
    if current_step(workshop, script) is None:
        raise Refused("no_such_step")
    timer = steptimer.apply(timer_of(workshop, script), action, seconds, now_ms)
    tx.update_workshop(workshop_id, timer=timer)
    ack = {"ok": True, "timer": steptimer.view(timer, now_ms)}
    return _done(tx, workshop_id, cid, ack, [{"type": "control"}])


# -- moderating answers ----------------------------------------------------------


def hide_answer(tx: Tx, workshop_id: int, cid: str, answer_id: int, hidden: bool) -> Done:
    """Hide an answer from the projector and the export (or bring it back)."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    answer = _answer(tx, workshop_id, answer_id)
    tx.update_answer(answer_id, hidden=int(hidden))
    changes = _answer_changes([answer_id]) + [{"type": "results", "source": answer["step_id"]}]
    ack = {"ok": True, "answer": answer_id, "hidden": hidden}
    return _done(tx, workshop_id, cid, ack, changes)


def edit_answer(tx: Tx, workshop_id: int, cid: str, answer_id: int, text: str) -> Done:
    """Fix a typo in an answer; the first original text is kept for the record."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    answer = _answer(tx, workshop_id, answer_id)
    cleaned = rules.clean_text(text, rules.MAX_ANSWER_CHARS)
    if cleaned != answer["text"]:
        original = answer["original_text"] or answer["text"]
        tx.update_answer(answer_id, text=cleaned, original_text=original)
    ack = {"ok": True, "answer": answer_id}
    return _done(tx, workshop_id, cid, ack, _answer_changes([answer_id]))


def add_answer(tx: Tx, workshop_id: int, cid: str, step_id: str, text: str, source: str) -> Done:
    """Add an answer for someone without a phone, or from a paper note; marked as such."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    if source not in ANSWER_SOURCES:
        raise Refused("bad_request")
    _, script = _workshop(tx, workshop_id)
    if not rules.require_step(script, step_id).collects_answers:
        raise Refused("wrong_kind")
    cleaned = rules.clean_text(text, rules.MAX_ANSWER_CHARS)
    answer_id = tx.insert_answer(
        {"workshop_id": workshop_id, "step_id": step_id, "text": cleaned, "source": source}
    )
    ack = {"ok": True, "answer": answer_id}
    return _done(tx, workshop_id, cid, ack, _answer_changes([answer_id]))


# -- grouping --------------------------------------------------------------------


def _title(raw: str) -> str:
    return rules.clean_text(raw, rules.MAX_GROUP_TITLE_CHARS, required=False)


def _members(tx: Tx, workshop_id: int, step_id: str, answer_ids: Sequence[int]) -> list[int]:
    ids = list(dict.fromkeys(answer_ids))
    for answer_id in ids:
        if _answer(tx, workshop_id, answer_id)["step_id"] != step_id:
            raise Refused("other_step")
    return ids


def _group_changes(step_id: str, answer_ids: Sequence[int]) -> list[dict[str, Any]]:
    return [{"type": "groups", "step": step_id}, {"type": "results", "source": step_id}] + (
        _answer_changes(answer_ids)
    )


def make_group(
    tx: Tx,
    workshop_id: int,
    cid: str,
    step_id: str,
    title: str,
    answer_ids: Sequence[int],
    shared_words: Sequence[str] = (),
    suggested: bool = False,
) -> Done:
    """Make a group of answers of one step (by hand, or by accepting a suggestion)."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    _, script = _workshop(tx, workshop_id)
    if not rules.require_step(script, step_id).collects_answers:
        raise Refused("wrong_kind")
    members = _members(tx, workshop_id, step_id, answer_ids)
    group_id = tx.insert_group(
        {
            "workshop_id": workshop_id,
            "step_id": step_id,
            "title": _title(title),
            "suggested": int(suggested),
            "shared_words": [_title(w) for w in shared_words if w.strip()][:10],
        }
    )
    tx.set_answers_group(members, group_id)
    ack = {"ok": True, "group": group_id}
    return _done(tx, workshop_id, cid, ack, _group_changes(step_id, members))


def move_answers(
    tx: Tx, workshop_id: int, cid: str, answer_ids: Sequence[int], group_id: int | None
) -> Done:
    """Move answers into a group of their step, or out of every group (group None)."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    if not answer_ids:
        raise Refused("bad_request")
    if group_id is None:
        step_id = _answer(tx, workshop_id, answer_ids[0])["step_id"]
    else:
        step_id = _group(tx, workshop_id, group_id)["step_id"]
    members = _members(tx, workshop_id, step_id, answer_ids)
    tx.set_answers_group(members, group_id)
    ack = {"ok": True, "group": group_id}
    return _done(tx, workshop_id, cid, ack, _group_changes(step_id, members))


def rename_group(tx: Tx, workshop_id: int, cid: str, group_id: int, title: str) -> Done:
    """Give a group a new title."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    group = _group(tx, workshop_id, group_id)
    tx.update_group(group_id, title=_title(title))
    ack = {"ok": True, "group": group_id}
    return _done(tx, workshop_id, cid, ack, _group_changes(group["step_id"], []))


def merge_groups(tx: Tx, workshop_id: int, cid: str, group_id: int, into_id: int) -> Done:
    """Move every answer of one group into another group of the same step; drop the first."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    group = _group(tx, workshop_id, group_id)
    into = _group(tx, workshop_id, into_id)
    if group_id == into_id or group["step_id"] != into["step_id"]:
        raise Refused("other_step")
    members = tx.delete_group(group_id)
    tx.set_answers_group(members, into_id)
    ack = {"ok": True, "group": into_id}
    return _done(tx, workshop_id, cid, ack, _group_changes(group["step_id"], members))


def ungroup(tx: Tx, workshop_id: int, cid: str, group_id: int) -> Done:
    """Split a group up: its answers go back to the ungrouped pile."""
    if (done := _replayed(tx, workshop_id, cid)) is not None:
        return done
    group = _group(tx, workshop_id, group_id)
    members = tx.delete_group(group_id)
    ack = {"ok": True, "group": group_id}
    return _done(tx, workshop_id, cid, ack, _group_changes(group["step_id"], members))


def suggestion_input(tx: Tx, workshop_id: int, step_id: str) -> tuple[str, list]:
    """What a grouping suggestion needs: the language and the ungrouped visible answers."""
    workshop, script = _workshop(tx, workshop_id)
    step = rules.require_step(script, step_id)
    if not step.collects_answers:
        raise Refused("wrong_kind")
    answers = [
        (a["id"], a["text"]) for a in tx.step_answers(workshop_id, step_id) if not a["group_id"]
    ]
    return workshop["lang"], answers


def suggest(
    lang: str, answers: list[tuple[int, str]], links: Sequence[grouping.Link] = ()
) -> list[dict[str, Any]]:
    """Suggested groups with the "why": the words the answers share, and how many
    participants linked them together (placement)."""
    return [
        {
            "answers": list(s.answer_ids),
            "title": s.title,
            "words": list(s.shared_words),
            "linked": s.linked_by,
        }
        for s in grouping.suggest_groups(answers, lang, links=links)
    ]


# -- reads for the screens -------------------------------------------------------


def candidates(tx: Tx, workshop_id: int, step: Step) -> list[tuple[str, str]]:
    """What a dots vote is over: (ballot key, label) of the source step's answers or groups."""
    if step.kind != "dots" or not step.source:
        return []
    if step.source_kind == "groups":
        return [
            (voting.item_key("groups", g["id"]), g["title"])
            for g in tx.groups(workshop_id, step.source)
        ]
    return [
        (voting.item_key("answers", a["id"]), a["text"])
        for a in tx.step_answers(workshop_id, step.source)
    ]


def results_of(tx: Tx, workshop_id: int, step: Step) -> dict[str, Any]:
    """The live results of one vote step (tallied from its ballots)."""
    tally = voting.tally(step, tx.step_ballots(workshop_id, step.id))
    return views.vote_results(step, tally, candidates(tx, workshop_id, step))


def all_results(tx: Tx, workshop: Row, script: Script, projector: bool) -> dict[str, Any]:
    """The results of every vote step, keyed by step id (hidden ones masked for the projector)."""
    out = {}
    for step in script.steps:
        if step.is_vote:
            results = results_of(tx, workshop["id"], step)
            hidden = projector and views.results_hidden(workshop, step.id)
            out[step.id] = views.for_projector(results, hidden)
    return out


def control_of(workshop: Row, script: Script, now_ms: int) -> dict[str, Any]:
    """Timer, projector view, hidden results and placement of a workshop, for the screens."""
    from tyopaja.usecases.placement import placement_steps

    timer = steptimer.view(timer_of(workshop, script), now_ms)
    view = views.control_view(workshop, timer, screen_of(workshop))
    return dict(view, placement=placement_steps(workshop, script))
