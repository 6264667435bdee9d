"""What a committed write changed, as the fan-out hears of it (`Done.changes`).

Each use case returns the changes its write made; the fan-out (realtime/fanout.py)
notes them per workshop and tells each room what it shows, a few times a second at
most. Typed values instead of string-keyed dicts, so that a new kind of change is
noted in one place (`Pending.note`) and a typo is an error, not a change ignored.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Change:
    """A committed change the screens should hear about."""


@dataclass(frozen=True, slots=True)
class AnswerChanged(Change):
    """An answer was added, edited, hidden, withdrawn or moved between groups."""

    answer: int


@dataclass(frozen=True, slots=True)
class PositionChanged(Change):
    """The current step, the workshop's state or a step's open/closed changed."""


@dataclass(frozen=True, slots=True)
class ParticipantsChanged(Change):
    """Someone joined, answered an introduction or moved on (self pacing)."""


@dataclass(frozen=True, slots=True)
class VoteChanged(Change):
    """A vote step's tally changed (a ballot) or how its results show (hidden, closed)."""

    step: str


@dataclass(frozen=True, slots=True)
class VoteItemsChanged(Change):
    """The answers of `step` changed in a way dots votes over them must show (hidden)."""

    source: str


@dataclass(frozen=True, slots=True)
class GroupsChanged(Change):
    """The groups of a step changed (made, renamed, merged, ungrouped, answers moved)."""

    step: str


@dataclass(frozen=True, slots=True)
class ControlChanged(Change):
    """The timer, the projector's view or the hidden results changed."""


@dataclass(frozen=True, slots=True)
class CalendarChanged(Change):
    """A vuosikello entry was added or withdrawn."""
