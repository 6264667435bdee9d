"""The shapes of incoming Socket.IO payloads (pydantic), with hard size caps.

Business limits (e.g. the 2,000-character answer) are checked by the rules
in workshop.py, with a friendly message; these caps only keep absurd input
out before any work is done.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

ClientId = Annotated[
    str, StringConstraints(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
]
StepId = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(max_length=10_000)]
Lang = Literal["fi", "sv", "en"]
MAX_BALLOT_ITEMS = 500  # options or dot items in one ballot (tyopaja/core/voting.py MAX_DOT_ITEMS)


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
    plain: bool = False  # selkokieli (Easy Finnish) for a participant, with lang "fi"
    delta: bool = False  # a participant's write acks carry conversation deltas


class Sync(Payload):
    """Ask for a fresh snapshot."""


class TableValue(Payload):
    """A table group: its label and how many people sit at it (checked by the rules)."""

    label: Annotated[str, StringConstraints(max_length=200)] = ""
    headcount: int = 1


class ProfileIn(Payload):
    """One onboarding answer: text (or null to skip) for every field, an object for `table`."""

    cid: ClientId
    field: Literal["nickname", "association", "sector", "mode", "table"]
    value: Annotated[str, StringConstraints(max_length=200)] | TableValue | None = None

    @model_validator(mode="after")
    def _shape_fits_field(self) -> ProfileIn:
        if (self.field == "table") != isinstance(self.value, TableValue):
            raise ValueError("`table` takes an object, the other fields text or null")
        return self

    def plain_value(self) -> str | dict[str, Any] | None:
        """The value as the rules take it."""
        return self.value.model_dump() if isinstance(self.value, TableValue) else self.value


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


# -- participant chat: votes, calendar entries, own answers, self pacing (issue 4) --

OwnId = Annotated[int, Field(ge=1)]


OptionIndex = Annotated[int, Field(ge=0, le=MAX_BALLOT_ITEMS)]
OptionList = Annotated[list[OptionIndex], Field(max_length=MAX_BALLOT_ITEMS)]


class ChoiceBallot(Payload):
    """Choice: the option indices chosen (none withdraws the vote)."""

    options: OptionList


class ScaleBallot(Payload):
    """Scale: one value."""

    value: int


class RankBallot(Payload):
    """Rank: every option index once, best first."""

    order: OptionList


class DotsBallot(Payload):
    """Dots: item key (`a:<answer id>` or `g:<group id>`) -> dots given."""

    dots: Annotated[
        dict[Annotated[str, StringConstraints(max_length=24)], int],
        Field(max_length=MAX_BALLOT_ITEMS),
    ]


class BallotIn(Payload):
    """A whole ballot on a vote step (formats in tyopaja/core/voting.py); replaces the earlier one.

    Exactly one of the four shapes, with no other key; the rules then check it
    against the step (its kind, options, dots).
    """

    cid: ClientId
    step: StepId
    ballot: ChoiceBallot | ScaleBallot | RankBallot | DotsBallot


class EventEntryIn(Payload):
    """A vuosikello entry: month 1-12, optional day, what happens and who organises it."""

    cid: ClientId
    step: StepId
    month: int
    day: int | None = None
    what: Text
    organiser: Text = ""


class AnswerEditIn(Payload):
    """New text for one's own answer."""

    cid: ClientId
    answer: OwnId
    text: Text


class WithdrawIn(Payload):
    """Take back one's own answer or calendar entry (exactly one of them)."""

    cid: ClientId
    answer: OwnId | None = None
    event: OwnId | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> WithdrawIn:
        if (self.answer is None) == (self.event is None):
            raise ValueError("give either answer or event")
        return self


class AdvanceIn(Payload):
    """Self pacing: the participant leaves `step` for the next one."""

    cid: ClientId
    step: StepId


class GotoIn(Payload):
    """Facilitator: make a step current."""

    step: StepId


class StateIn(Payload):
    """Facilitator: open, close or draft the workshop."""

    state: Literal["draft", "open", "closed"]


# -- facilitator console (issue 5): every write carries a cid ------------------------

AnswerId = Annotated[int, Field(ge=1)]
GroupId = Annotated[int, Field(ge=1)]
AnswerIds = Annotated[list[AnswerId], Field(min_length=1, max_length=500)]
GroupTitle = Annotated[str, StringConstraints(max_length=1_000)]
SharedWord = Annotated[str, StringConstraints(max_length=80)]


class StepOpenIn(Payload):
    """Facilitator: open or close one step."""

    cid: ClientId
    step: StepId
    open: bool


class ResultsIn(Payload):
    """Facilitator: hide a vote's results from the projector until it closes, or show them."""

    cid: ClientId
    step: StepId
    hidden: bool


class ScreenIn(Payload):
    """Facilitator: what the projector shows for the current step."""

    cid: ClientId
    view: Literal["auto", "join", "wall", "groups", "results", "calendar"]


class TimerIn(Payload):
    """Facilitator: start, pause, add time to, set or reset the step timer."""

    cid: ClientId
    action: Literal["start", "pause", "add", "set", "reset"]
    seconds: Annotated[int, Field(ge=-21_600, le=21_600)] | None = None


class HideIn(Payload):
    """Facilitator: hide or unhide an answer."""

    cid: ClientId
    answer: AnswerId
    hidden: bool


class EditIn(Payload):
    """Facilitator: fix a typo in an answer."""

    cid: ClientId
    answer: AnswerId
    text: Text


class AddIn(Payload):
    """Facilitator: an answer on behalf of someone without a phone, or from a paper note."""

    cid: ClientId
    step: StepId
    text: Text
    source: Literal["facilitator", "paper"] = "facilitator"


class GroupIn(Payload):
    """Facilitator: make a group of answers (by hand, or by accepting a suggestion)."""

    cid: ClientId
    step: StepId
    title: GroupTitle = ""
    answers: Annotated[list[AnswerId], Field(max_length=500)] = []
    words: Annotated[list[SharedWord], Field(max_length=10)] = []
    suggested: bool = False


class MoveIn(Payload):
    """Facilitator: move answers into a group, or out of any group (`group` null)."""

    cid: ClientId
    answers: AnswerIds
    group: GroupId | None = None


class RenameIn(Payload):
    """Facilitator: rename a group."""

    cid: ClientId
    group: GroupId
    title: GroupTitle


class MergeIn(Payload):
    """Facilitator: merge one group into another."""

    cid: ClientId
    group: GroupId
    into: GroupId


class UngroupIn(Payload):
    """Facilitator: split a group (its answers become ungrouped)."""

    cid: ClientId
    group: GroupId


class SuggestIn(Payload):
    """Facilitator: ask for grouping suggestions for a step's ungrouped answers."""

    step: StepId
