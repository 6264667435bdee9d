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

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal, Protocol

from .script import Probe, Script, Step
from .workshop import SECTORS, Position

Who = Literal["bot", "me"]

# Onboarding stages, in order. The participant's `onboarding` column holds the
# last stage answered: "" = none yet; "done" = finished as one person (the
# table stage is skipped); "table" = finished as a table group.
STAGES: tuple[str, ...] = ("nickname", "association", "sector", "mode", "table")


class Translator(Protocol):
    """The gettext functions the conversation needs."""

    def gettext(self, message: str, **variables: Any) -> str: ...

    def ngettext(self, singular: str, plural: str, num: int, **variables: Any) -> str: ...


@dataclass(frozen=True)
class Message:
    """One chat bubble. `id` is stable across rebuilds so the phone can diff."""

    id: str
    who: Who
    text: str
    step: str | None = None
    answer: int | None = None  # the answer a "me" bubble shows
    cid: str | None = None  # the client id of the write that made it


@dataclass(frozen=True)
class Prompt:
    """The input the phone shows under the chat."""

    kind: str  # text | quick | choice | scale | rank | dots | event | followup | wait | closed
    step: str | None = None
    field: str | None = None  # for onboarding: which profile field
    placeholder: str = ""
    options: tuple[dict, ...] = ()  # quick replies / choice / rank options: {"value", "label"}
    skippable: bool = False
    extra: dict = dataclass_field(
        default_factory=dict
    )  # kind-specific settings (scale bounds, dots...)


@dataclass(frozen=True)
class Conversation:
    """What the phone shows: the messages and the input to offer."""

    messages: tuple[Message, ...]
    prompt: Prompt

    def to_dict(self) -> dict:
        """A JSON-able form for the socket."""
        return {"messages": [asdict(m) for m in self.messages], "prompt": asdict(self.prompt)}


@dataclass(frozen=True)
class Me:
    """The participant as the conversation sees them."""

    onboarding: str = ""
    nickname: str = ""
    association: str = ""
    sector: str = ""
    table_label: str = ""
    headcount: int = 1
    progress_step: str | None = None


@dataclass(frozen=True)
class MyAnswer:
    """One of the participant's own answers."""

    id: int
    step: str
    text: str
    followup: str = ""
    hidden: bool = False


def probe_for(step: Step, text: str) -> Probe | None:
    """The first of the step's probes whose condition holds for this answer."""
    lowered = text.lower()
    for probe in step.probes:
        if probe.when == "always":
            return probe
        if probe.when == "short" and len(text.strip()) < probe.short_chars:
            return probe
        if probe.when == "mentions" and any(word in lowered for word in probe.words):
            return probe
    return None


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
    answers: Sequence[MyAnswer],
    t: Translator,
) -> Conversation:
    """The whole conversation for this participant, as of now."""
    messages: list[Message] = list(_greeting(script, t))
    messages += _onboarding_messages(me, t)
    # Someone who already answered a step has chosen to skip the rest of the
    # introductions (e.g. answers sent from the outbox): do not hide them.
    stage = next_stage(me) if not answers else None
    if stage is not None:
        question, prompt = _ask_stage(stage, t)
        messages.append(Message(f"ask:{stage}", "bot", question))
        return Conversation(tuple(messages), prompt)
    messages.append(Message("ready", "bot", _ready_text(me, t)))
    return _steps(script, pos, me, answers, t, messages)


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
    labels = {
        "sote": t.gettext("Sosiaali ja terveys"),
        "liikunta": t.gettext("Liikunta ja urheilu"),
        "kulttuuri": t.gettext("Kulttuuri"),
        "nuoriso": t.gettext("Nuoriso"),
        "eläkeläiset": t.gettext("Eläkeläiset"),
        "kylätoiminta": t.gettext("Kylä- ja asukastoiminta"),
        "vapaaehtoispelastus": t.gettext("Vapaaehtoinen pelastustoiminta"),
        "maahanmuuttajat": t.gettext("Maahanmuuttajat ja monikulttuurisuus"),
        "muu": t.gettext("Muu"),
    }
    return labels.get(sector, sector)


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


def _visible_steps(script: Script, pos: Position, me: Me) -> list[Step]:
    """The steps the participant has reached, in script order."""
    reached = me.progress_step if pos.pacing == "self" else pos.current
    if reached is None:
        return []
    last = script.index(reached)
    return list(script.steps[: last + 1]) if last >= 0 else []


def _steps(
    script: Script,
    pos: Position,
    me: Me,
    answers: Sequence[MyAnswer],
    t: Translator,
    messages: list[Message],
) -> Conversation:
    if pos.state == "draft":
        messages.append(Message("wait:start", "bot", t.gettext("Työpaja alkaa pian. Odota hetki.")))
        return Conversation(tuple(messages), Prompt("wait"))
    visible = _visible_steps(script, pos, me)
    if not visible:
        step_id = script.steps[0].id if script.steps else None
        return Conversation(tuple(messages), Prompt("wait", step=step_id))
    current = visible[-1]
    by_step: dict[str, list[MyAnswer]] = {}
    for answer in answers:
        by_step.setdefault(answer.step, []).append(answer)
    for step in visible:
        mine = by_step.get(step.id, [])
        if step is current or mine or step.kind == "info":
            messages += _step_messages(step, mine, t)
    prompt = _prompt_for(script, pos, current, by_step.get(current.id, []), t, messages)
    if pos.state == "closed":
        messages.append(
            Message("closed", "bot", t.gettext("Työpaja on päättynyt. Kiitos osallistumisesta!"))
        )
        prompt = Prompt("closed")
    return Conversation(tuple(messages), prompt)


def _step_messages(step: Step, mine: Sequence[MyAnswer], t: Translator) -> list[Message]:
    text = step.text if not step.help else f"{step.text}\n\n{step.help}"
    messages = [Message(f"step:{step.id}", "bot", text, step=step.id)]
    for answer in mine:
        messages.append(
            Message(f"a:{answer.id}", "me", answer.text, step=step.id, answer=answer.id)
        )
        probe = probe_for(step, answer.text)
        if probe is not None:
            messages.append(
                Message(f"probe:{answer.id}", "bot", probe.text, step=step.id, answer=answer.id)
            )
            if answer.followup:
                messages.append(
                    Message(f"f:{answer.id}", "me", answer.followup, step=step.id, answer=answer.id)
                )
    return messages


def _prompt_for(
    script: Script,
    pos: Position,
    step: Step,
    mine: Sequence[MyAnswer],
    t: Translator,
    messages: list[Message],
) -> Prompt:
    if step.id in pos.closed:
        messages.append(
            Message(f"closed:{step.id}", "bot", t.gettext("Tähän kysymykseen ei voi enää vastata."))
        )
        return _wait_or_next(script, pos, step, t)
    if step.kind == "open":
        return _open_prompt(script, pos, step, mine, t, messages)
    if step.kind == "info":
        return _wait_or_next(script, pos, step, t)
    return Prompt(step.kind, step=step.id, extra=_vote_settings(step))


def _open_prompt(
    script: Script,
    pos: Position,
    step: Step,
    mine: Sequence[MyAnswer],
    t: Translator,
    messages: list[Message],
) -> Prompt:
    for answer in mine:
        if probe_for(step, answer.text) is not None and not answer.followup:
            return Prompt(
                "followup",
                step=step.id,
                placeholder=t.gettext("Kirjoita tarkennus"),
                skippable=True,
                extra={"answer": answer.id},
            )
    left = step.max_answers - len(mine)
    if left <= 0:
        messages.append(Message(f"thanks:{step.id}", "bot", t.gettext("Kiitos vastauksistasi!")))
        return _wait_or_next(script, pos, step, t)
    if mine:
        messages.append(
            Message(
                f"more:{step.id}:{len(mine)}",
                "bot",
                t.ngettext(
                    "Kiitos! Voit kirjoittaa vielä %(num)d vastauksen.",
                    "Kiitos! Voit kirjoittaa vielä %(num)d vastausta.",
                    left,
                ),
                step=step.id,
            )
        )
    return Prompt(
        "text",
        step=step.id,
        placeholder=t.gettext("Kirjoita vastauksesi"),
        skippable=bool(mine) and pos.pacing == "self",
        extra={"left": left},
    )


def _wait_or_next(script: Script, pos: Position, step: Step, t: Translator) -> Prompt:
    if pos.pacing == "self" and script.index(step.id) + 1 < len(script.steps):
        return Prompt(
            "next", step=step.id, options=({"value": "next", "label": t.gettext("Seuraava")},)
        )
    return Prompt("wait", step=step.id)


def _vote_settings(step: Step) -> dict:
    if step.kind == "scale":
        return {
            "min": step.scale_min,
            "max": step.scale_max,
            "min_label": step.min_label,
            "max_label": step.max_label,
        }
    if step.kind in ("choice", "rank"):
        return {"options": list(step.options), "multiple": step.multiple}
    if step.kind == "dots":
        return {"dots": step.dots, "per_item": step.max_per_item, "source": step.source}
    return {}
