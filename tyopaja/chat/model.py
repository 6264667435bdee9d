"""The shapes of the participant conversation: what goes in, what the phone shows. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal, Protocol

from tyopaja.chat.followup import Proposal, RecapItem
from tyopaja.chat.votes import DotItem, MyEvent

Who = Literal["bot", "me"]
# What a step offers or holds: groups or answers to vote on, own proposals, carried actions.
StepItem = DotItem | Proposal | RecapItem


class Translator(Protocol):
    """The gettext functions the conversation needs."""

    def gettext(self, message: str, **variables: Any) -> str: ...

    def ngettext(self, singular: str, plural: str, num: int, **variables: Any) -> str: ...


@dataclass(frozen=True, slots=True)
class Message:
    """One chat bubble. `id` is stable across rebuilds so the phone can diff."""

    id: str
    who: Who
    text: str
    step: str | None = None
    answer: int | None = None  # the answer a "me" bubble shows
    cid: str | None = None  # the client id of the write that made it
    event: int | None = None  # the calendar entry a "me" bubble shows
    actions: tuple[str, ...] = ()  # what the participant may do with it now: edit, withdraw

    def to_dict(self) -> dict:
        """A JSON-able form (written out: dataclasses.asdict is slow; BENCHMARKS.md)."""
        return {
            "id": self.id,
            "who": self.who,
            "text": self.text,
            "step": self.step,
            "answer": self.answer,
            "cid": self.cid,
            "event": self.event,
            "actions": list(self.actions),
        }


@dataclass(frozen=True)
class Prompt:
    """The input the phone shows under the chat."""

    # text | quick | table | followup | choice | scale | rank | dots | event | next | wait | closed
    kind: str
    step: str | None = None
    field: str | None = None  # for onboarding: which profile field
    placeholder: str = ""
    # quick replies, choice / scale / rank options, months: {"value", "label"}
    options: tuple[dict, ...] = ()
    skippable: bool = False
    extra: dict = dataclass_field(
        default_factory=dict
    )  # kind-specific settings (scale bounds, dots, the current ballot, "next"...)

    def to_dict(self) -> dict:
        """A JSON-able form (written out, as Message.to_dict: `asdict` copies deeply)."""
        return {
            "kind": self.kind,
            "step": self.step,
            "field": self.field,
            "placeholder": self.placeholder,
            "options": list(self.options),
            "skippable": self.skippable,
            "extra": dict(self.extra),
        }


@dataclass(frozen=True)
class Conversation:
    """What the phone shows: the messages and the input to offer."""

    messages: tuple[Message, ...]
    prompt: Prompt

    def to_dict(self, first: int = 0) -> dict:
        """A JSON-able form for the socket (of the messages from `first` on: a delta's)."""
        messages = [m.to_dict() for m in self.messages[first:]]
        return {"messages": messages, "prompt": self.prompt.to_dict()}


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


@dataclass(frozen=True)
class Mine:
    """Everything the participant has given, by step."""

    answers: Mapping[str, Sequence[MyAnswer]] = dataclass_field(default_factory=dict)
    ballots: Mapping[str, Mapping[str, Any]] = dataclass_field(default_factory=dict)
    events: Mapping[str, Sequence[MyEvent]] = dataclass_field(default_factory=dict)
    items: Mapping[str, Sequence[StepItem]] = dataclass_field(default_factory=dict)

    @classmethod
    def collect(
        cls,
        answers: Sequence[MyAnswer] | Mapping[str, Sequence[MyAnswer]] = (),
        ballots: Mapping[str, Mapping[str, Any]] | None = None,
        events: Sequence[MyEvent] = (),
        items: Mapping[str, Sequence[StepItem]] | None = None,
    ) -> Mine:
        """Group flat lists by step (`answers` may come grouped already: `by_step`)."""
        by_step = dict(answers) if isinstance(answers, Mapping) else answers_by_step(answers)
        events_by_step: dict[str, list[MyEvent]] = {}
        for event in events:
            events_by_step.setdefault(event.step, []).append(event)
        return cls(by_step, dict(ballots or {}), events_by_step, dict(items or {}))

    def has(self, step_id: str) -> bool:
        """True if the participant has given anything to this step."""
        return bool(
            self.answers.get(step_id) or self.ballots.get(step_id) or self.events.get(step_id)
        )

    def any(self) -> bool:
        """True if the participant has given anything at all."""
        return any(self.answers.values()) or any(self.ballots.values()) or any(self.events.values())


def answers_by_step(answers: Sequence[MyAnswer]) -> dict[str, tuple[MyAnswer, ...]]:
    """Answers grouped by step, in their order within each step."""
    by_step: dict[str, list[MyAnswer]] = {}
    for answer in answers:
        by_step.setdefault(answer.step, []).append(answer)
    return {step: tuple(group) for step, group in by_step.items()}
