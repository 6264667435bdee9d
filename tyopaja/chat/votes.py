"""Votes and calendar entries in the participant chat: prompts and "me" texts. Pure Python.

The chatbot (chatbot.py) walks the steps; this module knows how a `choice`,
`scale`, `rank`, `dots` or `event` step is asked and how the participant's
own ballot or calendar entry reads back in the chat. Ballot formats are the
ones of voting.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tyopaja.core.labels import MONTHS
from tyopaja.core.workshop import MAX_EVENTS_PER_STEP
from tyopaja.script.parse import Step


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class DotItem:
    """Something a dots step votes on: a visible answer (`a:12`) or a group (`g:3`)."""

    key: str
    label: str
    detail: str = ""  # for a group: some of its answers


@dataclass(frozen=True)
class MyEvent:
    """One of the participant's own calendar entries."""

    id: int
    step: str
    month: int
    day: str
    what: str
    organiser: str = ""


def hint(step: Step, t: Any) -> str:
    """A short line under a vote or calendar question: how to answer it."""
    if step.kind == "choice":
        if step.multiple:
            return t.gettext("Voit valita yhden tai useamman.")
        return t.gettext("Valitse yksi.")
    if step.kind == "scale":
        return t.gettext("Valitse luku %(low)d–%(high)d.", low=step.scale_min, high=step.scale_max)
    if step.kind == "rank":
        return t.gettext("Laita tärkein ylimmäksi. Siirrä vaihtoehtoja nuolinapeilla.")
    if step.kind == "dots":
        return t.ngettext(
            "Sinulla on %(num)d piste. Anna se tärkeimmälle.",
            "Sinulla on %(num)d pistettä. Voit antaa yhdelle asialle enintään %(per)d.",
            step.dots,
            per=step.max_per_item,
        )
    if step.kind == "event":
        return t.gettext("Voit lisätä monta tapahtumaa, yhden kerrallaan.")
    return ""


def options_of(step: Step) -> tuple[dict, ...]:
    """The quick-reply buttons of a choice, scale or rank step."""
    if step.kind == "scale":
        return tuple(
            {"value": n, "label": str(n)} for n in range(step.scale_min, step.scale_max + 1)
        )
    return tuple({"value": i, "label": text} for i, text in enumerate(step.options))


def vote_extra(step: Step, ballot: Mapping[str, Any] | None, items: Sequence[DotItem]) -> dict:
    """Kind-specific settings of a vote prompt, with the participant's current ballot."""
    extra: dict[str, Any] = {"ballot": dict(ballot) if ballot else None}
    if step.kind == "scale":
        extra.update(
            min=step.scale_min,
            max=step.scale_max,
            min_label=step.min_label,
            max_label=step.max_label,
        )
    elif step.kind == "choice":
        extra.update(multiple=step.multiple)
    elif step.kind == "dots":
        extra.update(
            dots=step.dots,
            per_item=step.max_per_item,
            source=step.source,
            items=[{"key": i.key, "label": i.label, "detail": i.detail} for i in items],
        )
    return extra


def event_extra(step: Step, mine: int, organiser: str) -> dict:
    """Settings of the calendar form: the year, how many more entries fit, a default organiser."""
    return {"year": step.year, "left": max(0, MAX_EVENTS_PER_STEP - mine), "organiser": organiser}


def month_options(t: Any) -> tuple[dict, ...]:
    """The month choices of the calendar form."""
    return tuple(
        {"value": i + 1, "label": t.gettext(name).capitalize()} for i, name in enumerate(MONTHS)
    )


def ballot_text(step: Step, ballot: Mapping[str, Any], items: Sequence[DotItem], t: Any) -> str:
    """The participant's ballot as their own chat bubble."""
    if step.kind == "choice":
        chosen = [step.options[i] for i in ballot.get("options", []) if i < len(step.options)]
        return ", ".join(chosen)
    if step.kind == "scale":
        return _scale_text(step, ballot.get("value", step.scale_min))
    if step.kind == "rank":
        order = [i for i in ballot.get("order", []) if i < len(step.options)]
        return "\n".join(f"{place}. {step.options[i]}" for place, i in enumerate(order, 1))
    if step.kind == "dots":
        return _dots_text(ballot.get("dots", {}), items, t)
    return ""


def _scale_text(step: Step, value: int) -> str:
    label = step.min_label if value == step.scale_min else ""
    label = step.max_label if value == step.scale_max else label
    return f"{value} ({label})" if label else str(value)


def _dots_text(dots: Mapping[str, int], items: Sequence[DotItem], t: Any) -> str:
    labels = {item.key: item.label for item in items}
    ranked = sorted(dots.items(), key=lambda pair: -pair[1])
    return "\n".join(
        t.ngettext("%(num)d piste: %(label)s", "%(num)d pistettä: %(label)s", count, label=label)
        for key, count in ranked
        for label in [labels.get(key) or t.gettext("(poistettu vastaus)")]
    )


def event_text(event: MyEvent, year: int | None, t: Any) -> str:
    """A calendar entry as the participant's own chat bubble."""
    month = t.gettext(MONTHS[event.month - 1]).capitalize() if 1 <= event.month <= 12 else "?"
    parts = {"day": event.day, "month": event.month, "month_name": month, "year": year or 0}
    # Finnish and Swedish write 12.5.; the English catalog says 12/5.
    if event.day and year:
        when = t.gettext("%(day)s.%(month)d.%(year)d", **parts)
    elif event.day:
        when = t.gettext("%(day)s.%(month)d.", **parts)
    elif year:
        when = t.gettext("%(month_name)s %(year)d", **parts)
    else:
        when = month
    text = f"{when}: {event.what}"
    return f"{text} ({event.organiser})" if event.organiser else text
