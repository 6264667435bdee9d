"""The export's view of a workshop: plain, immutable data built from stored rows. Pure Python.

Every text that came from a participant is already masked here (e-mail addresses and phone
numbers), so each format only has to escape it for its own syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tyopaja.export.actions import Action, FollowUp


@dataclass(frozen=True)
class Answer:
    """One live answer to an open step."""

    id: int
    step: str
    text: str
    followup: str = ""  # the reply to the bot's follow-up question, if any
    respondent: str = ""  # a pseudonym (o1, o2, …) or an imported participant's label
    association: str = ""
    sector: str = ""
    hidden: bool = False
    source: str = "phone"  # phone | import | …
    group: int | str | None = None
    votes: int = 0  # dot-vote points given to this answer


@dataclass(frozen=True)
class Group:
    """A group of answers: made by the facilitator, accepted from a suggestion, or automatic."""

    id: int | str  # a stored group's id, or "auto-N" for a group made by the export
    title: str
    answers: tuple[Answer, ...]  # visible members, oldest first
    votes: int = 0
    suggested: bool = False
    automatic: bool = False
    shared_words: tuple[str, ...] = ()
    titled: bool = False  # the facilitator gave or kept this title (else a default phrase)
    linked_by: int = 0  # automatic groups: participants who linked members together


@dataclass(frozen=True)
class Item:
    """A ranked vote item: an option, an answer or a group, with its points."""

    key: str  # option index ("0"), answer ("a:12") or group ("g:3")
    label: str
    points: float


@dataclass(frozen=True)
class Result:
    """The vote result of a choice, scale, rank or dots step."""

    kind: str
    voters: int
    items: tuple[Item, ...] = ()  # best first; dots: items that got points
    unvoted: tuple[Item, ...] = ()  # dots: items nobody gave points to
    distribution: tuple[tuple[int, int], ...] = ()  # scale: (value, count)
    mean: float | None = None
    median: float | None = None
    scale: tuple[int, int, str, str] = (1, 5, "", "")  # min, max, min label, max label
    target: str | None = None  # dots: the step whose answers or groups were voted on
    target_kind: str = "answers"  # dots: answers | groups

    @property
    def total_points(self) -> float:
        """All points given (dots, choice, rank)."""
        return sum(item.points for item in self.items)


@dataclass(frozen=True)
class CalendarEntry:
    """An entry for the annual calendar (vuosikello)."""

    id: int
    step: str
    month: int
    day: str
    what: str
    organiser: str = ""
    association: str = ""  # of the participant who added it
    source: str = "phone"
    hidden: bool = False
    created_at: str = ""


@dataclass(frozen=True)
class StepReport:
    """One step with everything it collected."""

    id: str
    kind: str
    text: str
    theme: str | None = None
    theme_title: str = ""
    answers: tuple[Answer, ...] = ()  # live answers, hidden ones too (flagged)
    groups: tuple[Group, ...] = ()  # ranked: votes, then size, then board order
    grouping: str = "none"  # facilitator | automatic | none
    voted_in: tuple[str, ...] = ()  # ids of dots steps that voted on this step
    result: Result | None = None
    entries: tuple[CalendarEntry, ...] = ()  # event steps: live entries, hidden ones flagged
    year: int | None = None  # event steps: the calendar year
    reviewed: bool = False  # the facilitator marked the step reviewed in the console's Koonti
    summary: str | None = None  # the summary the facilitator saved (None: none; drafts.py drafts)
    counted_associations: int | None = None  # set by export.privacy when names are withheld

    @property
    def visible(self) -> tuple[Answer, ...]:
        """The answers that may be shown."""
        return tuple(a for a in self.answers if not a.hidden)

    @property
    def shown_groups(self) -> tuple[Group, ...]:
        """Groups with at least one visible answer."""
        return tuple(g for g in self.groups if g.answers)

    @property
    def ungrouped(self) -> tuple[Answer, ...]:
        """Visible answers in no shown group."""
        grouped = {a.id for g in self.groups for a in g.answers}
        return tuple(a for a in self.visible if a.id not in grouped)

    @property
    def visible_entries(self) -> tuple[CalendarEntry, ...]:
        """Calendar entries that may be shown."""
        return tuple(e for e in self.entries if not e.hidden)

    @property
    def associations(self) -> int:
        """How many different associations gave the visible answers."""
        if self.counted_associations is not None:
            return self.counted_associations
        return len({a.association.casefold() for a in self.visible if a.association})


@dataclass(frozen=True)
class Chapter:
    """The review of a chapter (a theme of the script): reviewed or draft, its saved summary."""

    key: str  # the theme key
    title: str
    reviewed: bool = False
    summary: str | None = None  # None: none saved; drafts.py drafts one


@dataclass(frozen=True)
class Participation:
    """Who took part."""

    people: int = 0  # headcounts summed: a table group counts as its headcount
    phones: int = 0
    tables: tuple[tuple[str, int], ...] = ()  # (label, headcount)
    associations: tuple[str, ...] = ()  # the associations that may be named
    other_associations: int = 0  # associations too small to be named (export.privacy)
    sectors: tuple[tuple[str, int], ...] = ()  # (sector, participants), most first
    langs: tuple[tuple[str, int], ...] = ()  # (language code, phones), most first
    answers: int = 0  # visible answers to open steps
    respondents: int = 0  # participants with at least one visible answer
    imported: int = 0  # visible answers that were imported from a file
    voters: int = 0  # participants who voted at least once
    imported_people: int = 0  # imported participants with a visible answer (labelled rows)
    imported_unlabelled: int = 0  # visible imported answers that belong to no participant
    typed: int = 0  # visible answers the facilitator typed in (paper notes, people without phones)
    hidden: int = 0  # answers the facilitator hid: counted, not shown
    vote_only: int = 0  # phones that voted but gave no visible answer or calendar entry
    idle: int = 0  # phones that joined but neither answered nor voted
    phone_answers: int = 0  # visible answers given on a phone
    municipal_entries: int = 0  # calendar entries the facilitator added for the municipality

    @property
    def table_people(self) -> int:
        """People who answered as table groups."""
        return sum(count for _, count in self.tables)


@dataclass(frozen=True)
class Report:
    """A whole workshop as the export sees it."""

    code: str
    title: str
    municipality: str = ""
    date: str = ""
    lang: str = "fi"
    state: str = "open"
    themes: tuple[tuple[str, str], ...] = ()  # (key, title as written in the script)
    participation: Participation = field(default_factory=Participation)
    steps: tuple[StepReport, ...] = ()
    calendar: tuple[CalendarEntry, ...] = ()  # visible entries of every event step, by month
    levels: tuple = ()  # Keski-Suomi model: levels.AreaLevels per assessed practice area
    chapters: tuple[Chapter, ...] = ()  # one per theme of the script, in script order
    actions: tuple[Action, ...] = ()  # next steps and proposals (export/actions.py)
    follow_up: FollowUp | None = None  # the earlier evening's follow-up, if this one follows one

    def step(self, step_id: str) -> StepReport | None:
        """The step with this id, or None."""
        return next((s for s in self.steps if s.id == step_id), None)

    def chapter(self, key: str | None) -> Chapter | None:
        """The chapter of this theme key, or None."""
        return next((c for c in self.chapters if c.key == key), None)

    def chapter_steps(self, key: str) -> tuple[StepReport, ...]:
        """The steps of one theme, in script order."""
        return tuple(s for s in self.steps if s.theme == key)

    @property
    def calendar_year(self) -> int | None:
        """The year the calendar entries are for, if a script said so."""
        return next((s.year for s in self.steps if s.kind == "event" and s.year), None)
