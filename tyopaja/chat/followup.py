"""Next steps and follow-up in the participant chat: `action` and `recap` steps. Pure Python.

An `action` step asks for a next step: what is done, who answers for it, by when; the
participant's proposals come back as their own bubbles. A `recap` step ("Mitä viime kerralla
sovittiin?") lists the actions the evening carries from the one it follows, each with its
status; the participant rates each on the step's scale and may comment. Its ballot format is
in core/followup.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tyopaja.chat.votes import N_
from tyopaja.core.followup import MAX_ACTIONS_PER_STEP
from tyopaja.script.parse import Step

STATUS_LABELS: dict[str, str] = {
    "done": N_("tehty"),
    "ongoing": N_("kesken"),
    "not_started": N_("ei aloitettu"),
    "dropped": N_("hylätty"),
}


@dataclass(frozen=True)
class Proposal:
    """One of the participant's own proposals on an action step."""

    id: int
    what: str
    owner: str = ""
    deadline: str = ""


@dataclass(frozen=True)
class RecapItem:
    """An action carried from an earlier evening, as a recap step shows it."""

    key: str
    what: str
    owner: str = ""
    deadline: str = ""
    status: str = "not_started"
    note: str = ""


def status_label(status: str, t: Any) -> str:
    """A status in the reader's language (tehty, kesken, ei aloitettu, hylätty)."""
    return t.gettext(STATUS_LABELS.get(status, STATUS_LABELS["not_started"]))


def hint(step: Step, t: Any) -> str:
    """How to answer an action or recap step."""
    if step.kind == "action":
        return t.gettext("Kerro, mitä tehdään, kuka siitä vastaa ja mihin mennessä.")
    if step.kind == "recap":
        return t.gettext(
            "Arvioi jokaista asiaa asteikolla %(low)d–%(high)d. Voit myös kommentoida.",
            low=step.scale_min,
            high=step.scale_max,
        )
    return ""


def proposal_text(proposal: Proposal, t: Any) -> str:
    """A proposal as the participant's own bubble."""
    parts = [proposal.what]
    if proposal.owner:
        parts.append(t.gettext("Vastuu: %(owner)s", owner=proposal.owner))
    if proposal.deadline:
        parts.append(t.gettext("Mihin mennessä: %(when)s", when=proposal.deadline))
    return "\n".join(parts)


def action_extra(mine: int) -> dict:
    """Settings of the proposal form: how many more proposals fit."""
    return {"left": max(0, MAX_ACTIONS_PER_STEP - mine)}


def recap_extra(
    step: Step, ballot: Mapping[str, Any] | None, items: Sequence[RecapItem], t: Any
) -> dict:
    """Settings of the rating form: the scale, the carried actions, the current ballot."""
    return {
        "ballot": dict(ballot) if ballot else None,
        "min": step.scale_min,
        "max": step.scale_max,
        "min_label": step.min_label,
        "max_label": step.max_label,
        "items": [
            {
                "key": i.key,
                "what": i.what,
                "owner": i.owner,
                "deadline": i.deadline,
                "status": i.status,
                "status_label": status_label(i.status, t),
                "note": i.note,
            }
            for i in items
        ],
    }


def item_line(item: RecapItem, t: Any) -> str:
    """One carried action in a bot message: what, status, who and by when."""
    details = [status_label(item.status, t)]
    if item.owner:
        details.append(t.gettext("vastuu: %(owner)s", owner=item.owner))
    if item.deadline:
        details.append(item.deadline)
    line = f"• {item.what} ({', '.join(details)})"
    return f"{line}\n  {item.note}" if item.note else line


def recap_list(items: Sequence[RecapItem], t: Any) -> str:
    """The carried actions as one bot message, or a note that there are none."""
    if not items:
        return t.gettext("Viime kerralta ei ole kirjattuja toimenpiteitä.")
    return "\n".join(item_line(item, t) for item in items)


def ballot_text(ballot: Mapping[str, Any], items: Sequence[RecapItem], t: Any) -> str:
    """The participant's ratings and comments as their own bubble."""
    ratings = ballot.get("ratings") or {}
    comments = ballot.get("comments") or {}
    lines = []
    for item in items:
        if item.key not in ratings and item.key not in comments:
            continue
        line = f"{item.what}: {ratings[item.key]}" if item.key in ratings else item.what
        if item.key in comments:
            line += f" – {comments[item.key]}"
        lines.append(line)
    return "\n".join(lines) or t.gettext("(poistettu vastaus)")
