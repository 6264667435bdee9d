"""Snapshots for the screens: what the projector and the facilitator see. Pure Python.

Each screen gets a full snapshot when it (re)connects and small deltas
afterwards, so a screen that was away misses nothing.
"""

from __future__ import annotations

from typing import Any

from .script import Script, Step
from .store.tx import Row


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
    """An answer as the projector shows it: the text, never who wrote it."""
    return {
        "id": answer["id"],
        "step": answer["step_id"],
        "text": answer["text"],
        "followup": answer["followup"],
        "group": answer["group_id"],
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
