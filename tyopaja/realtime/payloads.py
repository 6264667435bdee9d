"""The shapes of incoming Socket.IO payloads (pydantic), with hard size caps.

Business limits (e.g. the 2,000-character answer) are checked by the rules
in workshop.py, with a friendly message; these caps only keep absurd input
out before any work is done.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ClientId = Annotated[
    str, StringConstraints(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
]
StepId = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(max_length=10_000)]
Lang = Literal["fi", "sv", "en"]


class Payload(BaseModel):
    """Strict: unknown fields and wrong types are refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Empty(Payload):
    """No fields."""


class ConnectAuth(Payload):
    """The `auth` object sent when a socket connects."""

    role: Literal["participant", "projector", "facilitator"]
    code: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    pid: (
        Annotated[str, StringConstraints(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
        | None
    ) = None
    secret: Annotated[str, StringConstraints(min_length=16, max_length=128)] | None = None
    lang: Lang = "fi"


class Sync(Payload):
    """Ask for a fresh snapshot."""


class ProfileIn(Payload):
    """One onboarding answer."""

    cid: ClientId
    field: Literal["nickname", "association", "sector", "mode", "table"]
    value: Annotated[str, StringConstraints(max_length=200)] | dict[str, Any] | None = None


class AnswerIn(Payload):
    """A free-text answer to an `open` step."""

    cid: ClientId
    step: StepId
    text: Text


class FollowupIn(Payload):
    """A reply to the bot's follow-up question on an answer."""

    cid: ClientId
    answer: Annotated[int, Field(ge=1)]
    text: Text


class GotoIn(Payload):
    """Facilitator: make a step current."""

    step: StepId


class StateIn(Payload):
    """Facilitator: open, close or draft the workshop."""

    state: Literal["draft", "open", "closed"]
