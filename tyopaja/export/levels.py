"""The Keski-Suomi model: practice areas assessed at three levels of cooperation. Pure Python.

The model (Järjestöyhteistyö Keski-Suomessa) describes each practice area of the cooperation
between a municipality and associations (järjestöfoorumi, hyvinvointityö, avustukset, …) at
three levels: *toistuvat rutiinit*, *yhteistyörakenteet* and *yhdessä kehittäminen*. The
built-in script `jarjestoyhteistyon-tasot.md` asks of each area which levels are in place
(a multiple choice whose options start with the level's name); this module turns those
ballots into an area × level table and says what to develop next (docs/export.md).

A step is an assessment when it is a choice step whose options name at least two levels; its
area is the question up to the first colon. A choice step with the id `rooli` splits the
respondents (associations, the municipality); its options are the groups, and a group of
fewer than MIN_GROUP respondents on an area is left out (it would identify them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tyopaja.core import voting
from tyopaja.script.format import fold
from tyopaja.script.parse import Script, Step

ROLE_STEP = "rooli"
MIN_GROUP = 3  # a respondent group smaller than this is not counted apart (it would identify)
LEVELS = ("rutiinit", "rakenteet", "kehittaminen")
# How each level's option starts (folded), in the script languages.
LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "rutiinit": ("toistuvat rutiinit", "aterkommande rutiner", "recurring routines"),
    "rakenteet": ("yhteistyorakenteet", "samarbetsstrukturer", "cooperation structures"),
    "kehittaminen": (
        "yhdessa kehittaminen",
        "yhteistyo ja yhdessa kehittaminen",
        "utveckling tillsammans",
        "developing together",
    ),
}
DONT_KNOW = ("en osaa sanoa", "vet inte", "don't know", "dont know", "en tieda")


@dataclass(frozen=True)
class LevelCounts:
    """How many of those who assessed an area say each level is in place."""

    assessed: int  # respondents who assessed (not "en osaa sanoa" only)
    in_place: tuple[int, int, int]  # per level in LEVELS order


@dataclass(frozen=True)
class AreaLevels:
    """One practice area: everyone's assessment and each respondent group's."""

    step: str
    area: str
    total: LevelCounts
    by_role: tuple[tuple[str, LevelCounts], ...] = ()  # groups of at least MIN_GROUP only
    withheld: int = 0  # respondent groups left out of by_role for being too small

    @property
    def next_level(self) -> int | None:
        """The first level fewer than half say is in place (what to develop next), or None."""
        if not self.total.assessed:
            return None
        for index, count in enumerate(self.total.in_place):
            if 2 * count < self.total.assessed:
                return index
        return None


def level_of(option: str) -> str | None:
    """The level an option names by its start, or None."""
    folded = fold(option.split(":", 1)[0])
    for level, words in LEVEL_WORDS.items():
        if folded in words:
            return level
    return None


def is_assessment(step: Step) -> bool:
    """A choice step whose options name at least two of the levels."""
    if step.kind != "choice":
        return False
    return len({level_of(o) for o in step.options} - {None}) >= 2


def area_of(step: Step) -> str:
    """The area an assessment is about: its question up to the first colon."""
    head, colon, _ = step.text.partition(":")
    return head.strip() if colon else step.text.strip()


def _counts(step: Step, ballots: Sequence[Mapping[str, Any]]) -> LevelCounts:
    levels = [level_of(o) for o in step.options]
    dont_know = {i for i, o in enumerate(step.options) if fold(o) in DONT_KNOW}
    assessed = 0
    in_place = [0, 0, 0]
    for ballot in ballots:
        chosen = {int(i) for i in ballot.get("options", []) if 0 <= int(i) < len(levels)}
        if not chosen or chosen <= dont_know:
            continue
        assessed += 1
        for i in chosen:
            if levels[i] is not None:
                in_place[LEVELS.index(levels[i])] += 1
    return LevelCounts(assessed, (in_place[0], in_place[1], in_place[2]))


def area_levels(script: Script, ballots: Sequence[Mapping[str, Any]]) -> tuple[AreaLevels, ...]:
    """The table rows, in script order; `ballots` are rows with step_id, participant_id, payload."""
    steps = [s for s in script.steps if is_assessment(s)]
    if not steps:
        return ()
    live = [
        b
        for b in ballots
        if isinstance(b["payload"], Mapping) and not voting.is_empty(b["payload"])
    ]
    role_step = script.step(ROLE_STEP)
    roles: dict[int, str] = {}
    if role_step is not None and role_step.kind == "choice":
        for b in live:
            if b["step_id"] == ROLE_STEP:
                chosen = b["payload"].get("options", [])
                if chosen and 0 <= int(chosen[0]) < len(role_step.options):
                    roles[b["participant_id"]] = role_step.options[int(chosen[0])]
    rows = []
    for step in steps:
        mine = [b for b in live if b["step_id"] == step.id]
        by_role = []
        withheld = 0
        if role_step is not None:
            for option in role_step.options:
                of_role = [b["payload"] for b in mine if roles.get(b["participant_id"]) == option]
                counts = _counts(step, of_role)
                if counts.assessed >= MIN_GROUP:
                    by_role.append((option, counts))
                elif counts.assessed:
                    withheld += 1
        rows.append(
            AreaLevels(
                step=step.id,
                area=area_of(step),
                total=_counts(step, [b["payload"] for b in mine]),
                by_role=tuple(by_role),
                withheld=withheld,
            )
        )
    return tuple(rows)
