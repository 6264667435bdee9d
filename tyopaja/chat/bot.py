"""The participant conversation, derived from stored state. Pure Python.

The chat on a phone is a function of what is stored: the script, where the
workshop is, the participant's profile and their answers. So a reload, a
reconnect or a server restart rebuilds exactly the same conversation, and
nothing about the chat has to be stored apart from the answers themselves.

`build()` returns the messages to show and the input the phone should offer
next (`Prompt`). Texts go through the translator `t` (gettext-like), so the
same conversation comes out in Finnish, Swedish or English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tyopaja.chat.cache import NO_CACHE, ChatCache
from tyopaja.chat.model import (
    Conversation,
    Me,
    Message,
    Mine,
    MyAnswer,
    Prompt,
    StepItem,
    Translator,
)
from tyopaja.chat.steps import probe_for, steps_conversation
from tyopaja.chat.votes import DotItem, MyEvent
from tyopaja.core.labels import SECTOR_LABELS
from tyopaja.core.workshop import SECTORS, Position
from tyopaja.script.parse import Script

__all__ = [
    "Conversation",
    "DotItem",
    "Me",
    "Message",
    "Mine",
    "MyAnswer",
    "MyEvent",
    "Prompt",
    "Translator",
    "build",
    "is_table",
    "next_stage",
    "probe_for",
]

# Onboarding stages, in order. The participant's `onboarding` column holds the
# last stage answered: "" = none yet; "done" = finished as one person (the
# table stage is skipped); "table" = finished as a table group.
STAGES: tuple[str, ...] = ("nickname", "association", "sector", "mode", "table")


def next_stage(me: Me) -> str | None:
    """The onboarding stage to ask next, or None when onboarding is over."""
    if me.onboarding in ("done", "table"):
        return None
    if me.onboarding not in STAGES:
        return STAGES[0]
    return STAGES[STAGES.index(me.onboarding) + 1]


def is_table(me: Me) -> bool:
    """True if the phone speaks for a table group rather than one person."""
    return me.onboarding in ("mode", "table")


def build(
    script: Script,
    pos: Position,
    me: Me,
    answers: Sequence[MyAnswer] | Mapping[str, Sequence[MyAnswer]],
    t: Translator,
    *,
    ballots: Mapping[str, Mapping[str, Any]] | None = None,
    events: Sequence[MyEvent] = (),
    items: Mapping[str, Sequence[StepItem]] | None = None,
    cache: ChatCache = NO_CACHE,
) -> Conversation:
    """The whole conversation for this participant, as of now.

    `answers` are the participant's own, oldest first, or already grouped by
    step (chatmodel.answers_by_step). `ballots` maps a vote step to the
    participant's ballot, `events` are their calendar entries and `items` maps
    a dots step to what it votes on. `cache`: kept between builds for the same
    participant in the same language, so that unchanged bubbles are not rebuilt
    (chat/cache.py); the conversation is the same without it.
    """
    mine = Mine.collect(answers, ballots, events, items)
    messages = _introductions(script, me, t, cache)
    # Someone who already answered a step has chosen to skip the rest of the
    # introductions (e.g. answers sent from the outbox): do not hide them.
    stage = next_stage(me) if not mine.any() else None
    if stage is not None:
        question, prompt = _ask_stage(stage, t)
        messages.append(Message(f"ask:{stage}", "bot", question))
        return Conversation(tuple(messages), prompt)
    messages.append(Message("ready", "bot", _ready_text(me, t)))
    return steps_conversation(script, pos, me, mine, t, messages, cache)


_INTRODUCTIONS = object()  # the cache's key for them (step ids are strings)


def _introductions(script: Script, me: Me, t: Translator, cache: ChatCache) -> list[Message]:
    """The greeting and the onboarding so far; cached while the profile is as it was."""
    profile = (me.onboarding, me.nickname, me.association, me.sector, me.table_label, me.headcount)
    hit = cache.get(_INTRODUCTIONS, profile)
    if hit is not None:
        return list(hit)
    messages = _greeting(script, t) + _onboarding_messages(me, t)
    cache.put(_INTRODUCTIONS, profile, tuple(messages))
    return messages


def _greeting(script: Script, t: Translator) -> list[Message]:
    intro = script.intro or t.gettext("Tervetuloa mukaan!")
    privacy = t.gettext(
        "Vastaat nimettömästi. Tallennamme vain vastauksesi ja sen, mitä kerrot itsestäsi."
        " Vastaukset poistetaan, kun työpajan aineisto on käsitelty."
    )
    return [
        Message("hello", "bot", f"{script.title}\n\n{intro}"),
        Message("privacy", "bot", privacy),
    ]


def _onboarding_messages(me: Me, t: Translator) -> list[Message]:
    """The questions already answered, with the participant's replies."""
    done = _stages_done(me)
    messages: list[Message] = []
    for stage in done:
        question, _ = _ask_stage(stage, t)
        messages.append(Message(f"ask:{stage}", "bot", question))
        messages.append(Message(f"re:{stage}", "me", _stage_reply(stage, me, t)))
    return messages


def _stages_done(me: Me) -> list[str]:
    # "done" ends the one-person path after "mode"; "table" ends the table path.
    if me.onboarding == "done":
        return list(STAGES[: STAGES.index("mode") + 1])
    if me.onboarding in STAGES:
        return list(STAGES[: STAGES.index(me.onboarding) + 1])
    return []


def _stage_reply(stage: str, me: Me, t: Translator) -> str:
    skipped = t.gettext("(ohitettu)")
    if stage == "nickname":
        return me.nickname or skipped
    if stage == "association":
        return me.association or skipped
    if stage == "sector":
        return _sector_label(me.sector, t) if me.sector else skipped
    if stage == "mode":
        return t.gettext("Pöytäryhmä") if is_table(me) else t.gettext("Vain minä")
    label = me.table_label or t.gettext("pöytä")
    return t.ngettext(
        "%(label)s, %(num)d henkilö", "%(label)s, %(num)d henkeä", me.headcount, label=label
    )


def _ask_stage(stage: str, t: Translator) -> tuple[str, Prompt]:
    if stage == "nickname":
        return t.gettext("Millä nimellä saan kutsua sinua? Voit myös ohittaa tämän."), Prompt(
            "text", field="nickname", placeholder=t.gettext("Nimimerkki"), skippable=True
        )
    if stage == "association":
        return t.gettext("Mistä yhdistyksestä tai järjestöstä olet?"), Prompt(
            "text", field="association", placeholder=t.gettext("Yhdistyksen nimi"), skippable=True
        )
    if stage == "sector":
        options = tuple({"value": s, "label": _sector_label(s, t)} for s in SECTORS)
        return t.gettext("Millä alalla yhdistyksenne toimii?"), Prompt(
            "quick", field="sector", options=options, skippable=True
        )
    if stage == "mode":
        options = (
            {"value": "one", "label": t.gettext("Vain minä")},
            {"value": "table", "label": t.gettext("Pöytäryhmä")},
        )
        return t.gettext("Vastaatko yksin vai koko pöydän puolesta?"), Prompt(
            "quick", field="mode", options=options
        )
    return t.gettext("Mikä pöytä ja montako teitä on?"), Prompt(
        "table", field="table", placeholder=t.gettext("Esim. pöytä 3")
    )


def _sector_label(sector: str, t: Translator) -> str:
    label = SECTOR_LABELS.get(sector)
    return t.gettext(label) if label else sector


def _ready_text(me: Me, t: Translator) -> str:
    if me.nickname:
        return t.gettext(
            "Kiitos, %(name)s! Kysyn sinulta asioita yksi kerrallaan. Vastaukset näkyvät"
            " salin näytöllä ilman nimeäsi.",
            name=me.nickname,
        )
    return t.gettext(
        "Kiitos! Kysyn sinulta asioita yksi kerrallaan. Vastaukset näkyvät salin näytöllä"
        " ilman nimeäsi."
    )
