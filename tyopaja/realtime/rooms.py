"""The rooms of a workshop, and what changed in it since the fan-out's last flush."""

from __future__ import annotations

from dataclasses import dataclass, field

from tyopaja.usecases.events import (
    AnswerChanged,
    CalendarChanged,
    Change,
    ControlChanged,
    GroupsChanged,
    ParticipantsChanged,
    PositionChanged,
    VoteChanged,
    VoteItemsChanged,
)


def room(workshop_id: int, audience: str) -> str:
    """The room of one audience of a workshop: participants, projector or facilitator."""
    return f"w:{workshop_id}:{audience}"


@dataclass
class Pending:
    """What changed in one workshop since the last flush."""

    answers: set[int] = field(default_factory=set)
    position: bool = False
    participants: bool = False
    groups: set[str] = field(default_factory=set)  # step ids whose groups changed
    results: set[str] = field(default_factory=set)  # vote step ids to re-tally
    sources: set[str] = field(default_factory=set)  # steps whose dots votes need new labels
    control: bool = False  # timer, projector view, hidden results
    calendar: bool = False
    items: set[str] = field(default_factory=set)  # open dots votes whose items phones must reload

    def note(self, change: Change) -> None:
        """Note one committed change."""
        match change:
            case AnswerChanged(answer=answer):
                self.answers.add(answer)
            case PositionChanged():
                self.position = True
            case ParticipantsChanged():
                self.participants = True
            case VoteChanged(step=step):
                self.results.add(step)
            case VoteItemsChanged(source=source):
                self.sources.add(source)
            case GroupsChanged(step=step):
                self.groups.add(step)
            case ControlChanged():
                self.control = True
            case CalendarChanged():
                self.calendar = True
            case _:
                raise TypeError(f"not a change: {change!r}")

    def for_screens(self) -> bool:
        """Whether the console's or projector's share of a flush has anything to send."""
        return bool(
            self.groups
            or self.results
            or self.sources
            or self.control
            or self.calendar
            or self.participants
            or self.items
        )
