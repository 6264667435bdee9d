"""The parsed form of a workshop script: Script, Theme, Step, Probe, and line-numbered errors.

Plain frozen dataclasses; tyopaja.script.parse re-exports them, so import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

StepKind = Literal["info", "open", "choice", "scale", "rank", "dots", "event", "action", "recap"]
STEP_KINDS: tuple[StepKind, ...] = (
    "info",
    "open",
    "choice",
    "scale",
    "rank",
    "dots",
    "event",
    "action",
    "recap",
)
ProbeWhen = Literal["always", "short", "mentions"]
Pacing = Literal["facilitator", "self"]


@dataclass(frozen=True)
class Probe:
    """A bot follow-up question asked after an `open` answer when its condition holds."""

    text: str
    when: ProbeWhen = "always"
    words: tuple[str, ...] = ()  # for when == "mentions": lower-case words or stems
    short_chars: int = 40  # for when == "short": answers shorter than this


@dataclass(frozen=True)
class Theme:
    """A theme section of a script (e.g. avustukset, tilat)."""

    key: str  # stable key, e.g. "avustukset"; known keys map to export sections
    title: str  # as written in the script
    line: int = 0
    intro: str = ""  # optional text under the theme heading


@dataclass(frozen=True)
class Step:
    """One step of a workshop: a prompt of one kind."""

    id: str
    kind: StepKind
    text: str  # the prompt the bot shows
    theme: str | None = None  # Theme.key
    help: str = ""  # optional extra text shown under the prompt
    minutes: int | None = None  # optional time box
    line: int = 0  # 1-based line in the script source
    # open
    max_answers: int = 1
    probes: tuple[Probe, ...] = ()
    # After an answer, the bot offers nearby answers and groups to link it with.
    placement: bool = False
    # choice / rank
    options: tuple[str, ...] = ()
    multiple: bool = False  # choice: several options may be chosen
    # scale, recap (the rating of each carried action)
    scale_min: int = 1
    scale_max: int = 5
    min_label: str = ""
    max_label: str = ""
    # dots
    source: str | None = None  # id of an earlier step whose answers (or groups) are voted on
    source_kind: Literal["answers", "groups"] = "answers"
    dots: int = 3
    max_per_item: int = 1
    # event
    year: int | None = None  # the calendar year the entries are for, if the script says
    year_offset: int | None = None  # `vuosi: ensi vuosi` -> 1: the year after the workshop's

    @property
    def collects_answers(self) -> bool:
        """True for steps whose input is free text answers (the answer wall)."""
        return self.kind == "open"

    @property
    def is_vote(self) -> bool:
        """True for steps whose input is a ballot (choice, scale, rank, dots, recap)."""
        return self.kind in ("choice", "scale", "rank", "dots", "recap")


@dataclass(frozen=True)
class Script:
    """A parsed workshop script."""

    title: str
    intro: str = ""
    lang: str = "fi"
    pacing: Pacing = "facilitator"
    year: int | None = None  # the calendar year of the whole script (`vuosi:` under the title)
    year_offset: int | None = None  # `vuosi: ensi vuosi` -> 1: the year after the workshop's
    attribution: str = "sector"  # who a quote is attributed to: association | sector | none
    themes: tuple[Theme, ...] = ()
    steps: tuple[Step, ...] = ()
    source: str = field(default="", repr=False, compare=False)

    def calendar_year(self, step: Step | None, workshop_year: int | None, base: int) -> int:
        """The year calendar entries are for.

        The workshop's year (`tyopaja new --year`) first, then the step's `vuosi:`, then the
        script's; a relative `vuosi: ensi vuosi` counts from `base` (the workshop's date's year).
        """
        if workshop_year:
            return workshop_year
        for holder in (step, self):
            if holder is not None and holder.year:
                return holder.year
            if holder is not None and holder.year_offset is not None:
                return base + holder.year_offset
        return base

    def step(self, step_id: str) -> Step | None:
        """The step with this id, or None."""
        for step in self.steps:
            if step.id == step_id:
                return step
        return None

    def index(self, step_id: str) -> int:
        """Position of a step (0-based), or -1."""
        for i, step in enumerate(self.steps):
            if step.id == step_id:
                return i
        return -1

    def theme_title(self, key: str | None) -> str:
        """The title of a theme as written in the script, or the key."""
        for theme in self.themes:
            if theme.key == key:
                return theme.title
        return key or ""


@dataclass(frozen=True)
class ScriptError:
    """One problem in a script, tied to a line."""

    line: int
    message: str  # plain Finnish explanation

    def format(self, path: str = "") -> str:
        """`path:line: message`, as compilers print it."""
        prefix = f"{path}:" if path else ""
        return f"{prefix}{self.line}: {self.message}"


class ScriptInvalid(Exception):
    """The script has problems; `errors` lists them with line numbers."""

    def __init__(self, errors: list[ScriptError]):
        super().__init__("; ".join(e.format() for e in errors))
        self.errors = errors
