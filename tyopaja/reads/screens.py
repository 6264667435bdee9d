"""Snapshots for the screens: what the projector and the facilitator see. Pure Python.

Each screen gets a full snapshot when it (re)connects and small deltas
afterwards, so a screen that was away misses nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from tyopaja.core.voting import Tally
from tyopaja.script.parse import Script, Step
from tyopaja.store.tx import Row


def step_summary(step: Step, script: Script) -> dict[str, Any]:
    """A step as the screens need it."""
    return {
        "id": step.id,
        "kind": step.kind,
        "text": step.text,
        "help": step.help,
        "theme": step.theme,
        "theme_title": script.theme_title(step.theme),
        "minutes": step.minutes,
        "max_answers": step.max_answers,
        "options": list(step.options),
        "scale": [step.scale_min, step.scale_max, step.min_label, step.max_label],
        "source": step.source,
        "dots": step.dots,
        "per_item": step.max_per_item,
    }


def position_summary(workshop: Row) -> dict[str, Any]:
    """Where the workshop is, for every screen."""
    return {
        "state": workshop["state"],
        "pacing": workshop["pacing"],
        "current": workshop["current_step"],
        "closed": list(workshop["closed_steps"]),
    }


def workshop_summary(workshop: Row, script: Script) -> dict[str, Any]:
    """Title, code and steps of a workshop."""
    return {
        "code": workshop["code"],
        "title": workshop["title"],
        "municipality": workshop["municipality"],
        "date": workshop["date"],
        "lang": workshop["lang"],
        "steps": [step_summary(step, script) for step in script.steps],
        "position": position_summary(workshop),
    }


def projector_answer(answer: Row) -> dict[str, Any]:
    """An answer as the projector shows it: text and table group label, never who wrote it."""
    return {
        "id": answer["id"],
        "step": answer["step_id"],
        "text": answer["text"],
        "followup": answer["followup"],
        "group": answer["group_id"],
        "table": answer.get("table_label") or "",
    }


def facilitator_answer(answer: Row) -> dict[str, Any]:
    """An answer as the facilitator sees it: with its author's profile and moderation state."""
    return dict(
        projector_answer(answer),
        hidden=bool(answer["hidden"]),
        source=answer["source"],
        original=answer["original_text"],
        nickname=answer.get("nickname") or "",
        association=answer.get("association") or "",
        sector=answer.get("sector") or "",
        created_at=answer["created_at"],
    )


def projector_view(workshop: Row, script: Script, answers: list[Row], participants: int) -> dict:
    """The projector's snapshot: visible answers only."""
    return {
        "workshop": workshop_summary(workshop, script),
        "answers": [projector_answer(a) for a in answers if not a["hidden"]],
        "participants": participants,
    }


def facilitator_view(
    workshop: Row, script: Script, answers: list[Row], participants: list[Row]
) -> dict:
    """The facilitator's snapshot: every answer, hidden ones included, and who has joined."""
    return {
        "workshop": workshop_summary(workshop, script),
        "answers": [facilitator_answer(a) for a in answers],
        "participants": len(participants),
        "headcount": sum(max(1, p["headcount"]) for p in participants),
    }


# -- facilitator console and projector ------------------------------------


def group_summary(group: Row) -> dict[str, Any]:
    """A group as the screens show it: title, and for suggested ones the shared words."""
    return {
        "id": group["id"],
        "step": group["step_id"],
        "title": group["title"],
        "suggested": bool(group["suggested"]),
        "words": list(group["shared_words"] or []),
        "position": group["position"],
    }


def results_hidden(workshop: Row, step_id: str) -> bool:
    """True while a vote's results are kept off the projector (until the step is closed)."""
    return step_id in workshop["hidden_results"] and step_id not in workshop["closed_steps"]


def vote_results(
    step: Step, tally: Tally, candidates: Sequence[tuple[str, str]] = ()
) -> dict[str, Any]:
    """A vote's results for the charts: labelled bars, or a distribution for a scale.

    `candidates` are the (key, label) pairs a dots vote is over (answers or groups);
    choice keeps the script's option order, dots and rank are sorted best first.
    """
    result: dict[str, Any] = {
        "step": step.id,
        "kind": step.kind,
        "voters": tally.voters,
        "hidden": False,
        "items": [],
        "distribution": [],
        "mean": tally.mean,
        "median": tally.median,
    }
    if step.kind == "scale":
        result["distribution"] = [[v, n] for v, n in sorted(tally.distribution.items())]
        result["scale"] = [step.scale_min, step.scale_max, step.min_label, step.max_label]
        return result
    if step.kind in ("choice", "rank"):
        labelled = [(str(i), option) for i, option in enumerate(step.options)]
    else:
        labelled = list(candidates)
    items: list[dict[str, Any]] = [
        {"key": k, "label": label, "points": tally.points.get(k, 0)} for k, label in labelled
    ]
    if step.kind != "choice":
        items.sort(key=lambda item: -item["points"])  # stable: ties keep their order
    result["items"] = items
    return result


def for_projector(results: dict[str, Any], hidden: bool) -> dict[str, Any]:
    """Results as the projector may show them: only the voter count while hidden."""
    if not hidden:
        return results
    return dict(results, hidden=True, items=[], distribution=[], mean=None, median=None)


def people_summary(participants: Sequence[Row]) -> dict[str, Any]:
    """Who has joined: count, headcount, by sector and association, table groups, progress."""
    sectors: Counter[str] = Counter(p["sector"] for p in participants if p["sector"])
    associations: Counter[str] = Counter(p["association"] for p in participants if p["association"])
    progress: Counter[str] = Counter(
        p["progress_step"] for p in participants if p.get("progress_step")
    )
    return {
        "count": len(participants),
        "headcount": sum(max(1, p["headcount"]) for p in participants),
        "sectors": sectors.most_common(),
        "associations": associations.most_common(),
        "tables": [
            {"label": p["table_label"], "headcount": p["headcount"]}
            for p in participants
            if p["table_label"]
        ],
        "progress": dict(progress),
    }


def calendar_entry(event: Row) -> dict[str, Any]:
    """A vuosikello entry: month, day, what and who organises it."""
    return {
        "id": event["id"],
        "step": event["step_id"],
        "month": event["month"],
        "day": event["day"],
        "what": event["what"],
        "organiser": event["organiser"],
        "hidden": bool(event.get("hidden")),
    }


def control_view(workshop: Row, timer: dict[str, Any], screen: str) -> dict[str, Any]:
    """What steers the screens besides the position: timer, projector view, hidden results."""
    return {
        "timer": timer,
        "screen": screen,
        "hidden_results": list(workshop["hidden_results"]),
        "closed": list(workshop["closed_steps"]),
    }


def review_notes(rows: list[Row]) -> dict[str, dict[str, Any]]:
    """The Koonti's review state for the console: {"step:q1": {"reviewed", "summary"}}."""
    return {r["target"]: {"reviewed": bool(r["reviewed"]), "summary": r["summary"]} for r in rows}
