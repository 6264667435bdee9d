"""What the console and the projector read besides answers: vote results, timer, view, progress.

Reads only, inside a store transaction the caller opened (`tx`); screens.py shapes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tyopaja.core import timer as steptimer
from tyopaja.core import voting
from tyopaja.core import workshop as rules
from tyopaja.core.workshop import Refused
from tyopaja.grouping import engine as grouping
from tyopaja.grouping import titles
from tyopaja.reads import screens as views
from tyopaja.reads.chat import dot_items
from tyopaja.reads.placement import placement_steps
from tyopaja.reads.rows import script_of
from tyopaja.script.parse import Script, Step
from tyopaja.store import Tx
from tyopaja.store.tx import Row

SCREEN_VIEWS = ("auto", "join", "wall", "groups", "results", "calendar")


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


def suggestion_input(tx: Tx, workshop_id: int, step_id: str) -> tuple[str, list]:
    """What a grouping suggestion needs: the language and the ungrouped visible answers."""
    workshop = tx.workshop_or_refuse(workshop_id)
    step = rules.require_step(script_of(workshop), step_id)
    if not step.collects_answers:
        raise Refused("wrong_kind")
    answers = [
        (a["id"], a["text"]) for a in tx.step_answers(workshop_id, step_id) if not a["group_id"]
    ]
    return workshop["lang"], answers


def suggest(
    lang: str, answers: list[tuple[int, str]], links: Sequence[grouping.Link] = ()
) -> list[dict[str, Any]]:
    """Suggested groups with a readable title and the "why": the words the answers share,
    and how many participants linked them together (placement)."""
    text: dict[Any, str] = dict(answers)
    return [
        {
            "answers": list(s.answer_ids),
            "title": titles.default_title([text[i] for i in s.answer_ids], lang, s.shared_words),
            "words": list(s.shared_words),
            "linked": s.linked_by,
        }
        for s in grouping.suggest_groups(answers, lang, links=links)
    ]


def candidates(tx: Tx, workshop_id: int, step: Step) -> list[tuple[str, str]]:
    """What a dots vote's results count: (ballot key, label) of every item it votes on."""
    return [(item.key, item.label) for item in dot_items(tx, workshop_id, step, every_group=True)]


def results_of(tx: Tx, workshop_id: int, step: Step) -> dict[str, Any]:
    """The live results of one vote step (tallied from its ballots)."""
    tally = voting.tally(step, tx.step_ballots(workshop_id, step.id))
    if step.kind == "recap":  # last time's actions, each with its status and mean rating
        from tyopaja.reads.followup import recap_items

        items = recap_items(tx, tx.workshop_or_refuse(workshop_id))
        result = views.vote_results(step, tally, [(i["key"], i["what"]) for i in items])
        status = {i["key"]: i["status"] for i in items}
        for item in result["items"]:
            item["status"] = status.get(item["key"], "")
        return result
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
    timer = steptimer.view(timer_of(workshop, script), now_ms)
    view = views.control_view(workshop, timer, screen_of(workshop))
    return dict(view, placement=placement_steps(workshop, script))


def progress_of(tx: Tx, workshop: Row) -> dict[str, int]:
    """Self pacing: how many participants are on each step, in script order (for the console)."""
    counts = tx.progress_counts(workshop["id"])
    script = script_of(workshop)
    first = rules.first_step(script)
    if first is not None and None in counts:
        counts[first] = counts.get(first, 0) + counts.pop(None)
    return {step.id: counts.get(step.id, 0) for step in script.steps}
