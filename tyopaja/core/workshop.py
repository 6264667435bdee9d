"""The workshop rules: states, steps, who may answer what, limits. Pure Python.

Nothing here touches Flask or SQLite: callers pass in plain values and get
back decisions, or a `Refused` naming why not.
"""

from __future__ import annotations

import calendar
import re
import secrets
from dataclasses import dataclass, field
from typing import Literal

from tyopaja.script.parse import Script, Step

State = Literal["draft", "open", "closed"]
STATES: tuple[State, ...] = ("draft", "open", "closed")

# Limits, documented in docs/protocol.md (a test keeps them in step).
MAX_ANSWER_CHARS = 2000
MAX_NICKNAME_CHARS = 40
MAX_ASSOCIATION_CHARS = 120
MAX_SECTOR_CHARS = 60
MAX_TABLE_CHARS = 40
MAX_HEADCOUNT = 50
MAX_EVENT_WHAT_CHARS = 200
MAX_EVENT_WHO_CHARS = 120
MAX_GROUP_TITLE_CHARS = 120
MAX_EVENTS_PER_STEP = 20

# Join codes avoid characters that are easy to misread on a projector (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")

SECTORS: tuple[str, ...] = (
    "sote",
    "liikunta",
    "kulttuuri",
    "nuoriso",
    "eläkeläiset",
    "kylätoiminta",
    "vapaaehtoispelastus",
    "maahanmuuttajat",
    "muu",
)


class Refused(Exception):
    """A request that the rules do not allow; `code` names the reason."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def new_code() -> str:
    """A random join code, e.g. `K7PXQ3`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str | None:
    """The join code typed by a person, upper-cased and without spaces, or None if malformed."""
    code = re.sub(r"[\s-]", "", raw or "").upper()
    return code if _CODE_RE.match(code) else None


def new_secret() -> str:
    """A high-entropy secret for a facilitator link (256 bits)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Position:
    """Where a running workshop is: its state, current step and closed steps."""

    state: State = "draft"
    pacing: Literal["facilitator", "self"] = "facilitator"
    current: str | None = None
    closed: frozenset[str] = field(default_factory=frozenset)


def first_step(script: Script) -> str | None:
    """The id of the first step, or None for an empty script."""
    return script.steps[0].id if script.steps else None


def neighbour(script: Script, current: str | None, delta: int) -> str:
    """The step `delta` places from the current one; Refused at either end."""
    index = script.index(current) if current else -1
    target = index + delta
    if not 0 <= target < len(script.steps):
        raise Refused("no_such_step")
    return script.steps[target].id


def require_step(script: Script, step_id: str) -> Step:
    """The step with this id; Refused if the script has none."""
    step = script.step(step_id)
    if step is None:
        raise Refused("no_such_step")
    return step


def accepts_input(script: Script, pos: Position, step_id: str) -> Step:
    """The step if a participant may answer it now; Refused otherwise."""
    step = require_step(script, step_id)
    if pos.state == "closed":
        raise Refused("workshop_closed")
    if pos.state != "open":
        raise Refused("workshop_not_started")
    if step_id in pos.closed:
        raise Refused("step_closed")
    if pos.pacing == "facilitator" and step_id != pos.current:
        raise Refused("step_not_current")
    return step


# Control characters other than tab, newline and carriage return: never meant, never shown.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(raw: str, limit: int, *, required: bool = True) -> str:
    """Text without control characters and surrounding space; Refused if empty or too long."""
    text = _CONTROL.sub("", raw or "").strip()
    if required and not text:
        raise Refused("empty")
    if len(text) > limit:
        raise Refused("too_long", limit=limit)
    return text


def check_answer(step: Step, text: str, answers_so_far: int) -> str:
    """The cleaned answer text if it may be stored; Refused otherwise."""
    if not step.collects_answers:
        raise Refused("wrong_kind")
    cleaned = clean_text(text, MAX_ANSWER_CHARS)
    if answers_so_far >= step.max_answers:
        raise Refused("max_answers", limit=step.max_answers)
    return cleaned


@dataclass(frozen=True)
class Profile:
    """What a participant chose to tell about themselves; all optional."""

    nickname: str = ""
    association: str = ""
    sector: str = ""
    table_label: str = ""
    headcount: int = 1


def check_profile(
    nickname: str = "",
    association: str = "",
    sector: str = "",
    table_label: str = "",
    headcount: int = 1,
) -> Profile:
    """A cleaned profile; Refused if a field is too long or the headcount is out of range."""
    if not 1 <= headcount <= MAX_HEADCOUNT:
        raise Refused("bad_headcount", limit=MAX_HEADCOUNT)
    return Profile(
        nickname=clean_text(nickname, MAX_NICKNAME_CHARS, required=False),
        association=clean_text(association, MAX_ASSOCIATION_CHARS, required=False),
        sector=clean_text(sector, MAX_SECTOR_CHARS, required=False),
        table_label=clean_text(table_label, MAX_TABLE_CHARS, required=False),
        headcount=headcount,
    )


# -- participant progress, votes and calendar entries ---------------------------


def participant_accepts(script: Script, pos: Position, step_id: str, progress: str | None) -> Step:
    """Like `accepts_input`, and in a self-paced workshop only up to the participant's own step."""
    step = accepts_input(script, pos, step_id)
    if pos.pacing == "self" and script.index(step_id) > script.index(
        reached_step(script, progress) or ""
    ):
        raise Refused("step_not_current")
    return step


def open_votes_over(script: Script, pos: Position, sources: set[str]) -> list[str]:
    """Dots steps over any of `sources` that participants can vote on now (their items changed)."""
    out = []
    for step in script.steps:
        if step.kind != "dots" or step.source not in sources:
            continue
        try:
            accepts_input(script, pos, step.id)
        except Refused:
            continue
        out.append(step.id)
    return out


def reached_step(script: Script, progress: str | None) -> str | None:
    """The step a self-paced participant is on: their progress, or the first step."""
    if progress is not None and script.index(progress) >= 0:
        return progress
    return first_step(script)


def advance_from(script: Script, pos: Position, progress: str | None, leaving: str) -> str:
    """The step a self-paced participant moves to when leaving `leaving`; Refused otherwise.

    Leaving a step the participant has already left (a double tap, a resend)
    keeps them where they are, so a repeated "next" never skips a step.
    """
    if pos.pacing != "self":
        raise Refused("not_self_paced")
    if pos.state == "closed":
        raise Refused("workshop_closed")
    if pos.state != "open":
        raise Refused("workshop_not_started")
    require_step(script, leaving)
    current = reached_step(script, progress)
    if leaving != current:
        return current
    return neighbour(script, current, 1)


@dataclass(frozen=True)
class EventEntry:
    """A cleaned vuosikello entry."""

    month: int
    day: str
    what: str
    organiser: str


def check_event(
    step: Step,
    month: int,
    day: int | None,
    what: str,
    organiser: str,
    so_far: int,
) -> EventEntry:
    """A cleaned calendar entry if it may be stored; Refused otherwise."""
    if step.kind != "event":
        raise Refused("wrong_kind")
    if not 1 <= month <= 12:
        raise Refused("bad_date")
    # Without a year, 29 February is a valid day (2028 is a leap year).
    if day is not None and not 1 <= day <= calendar.monthrange(step.year or 2028, month)[1]:
        raise Refused("bad_date")
    cleaned = EventEntry(
        month=month,
        day=str(day) if day is not None else "",
        what=clean_text(what, MAX_EVENT_WHAT_CHARS),
        organiser=clean_text(organiser, MAX_EVENT_WHO_CHARS, required=False),
    )
    if so_far >= MAX_EVENTS_PER_STEP:
        raise Refused("max_events", limit=MAX_EVENTS_PER_STEP)
    return cleaned
