"""Rules across steps: unique step ids (given or derived), votes on earlier steps, the whole."""

from __future__ import annotations

import re

from tyopaja.core.labels import KIND_NAMES
from tyopaja.core.themes import slugify
from tyopaja.script.format import (
    KINDS_BY_WORD,
    MAX_ID_CHARS,
    MAX_STEPS,
    STEP_HINT,
    TITLE_HINT,
    fold,
    valid_id,
)
from tyopaja.script.model import Step
from tyopaja.script.outline import Issues, Reader, Section
from tyopaja.script.settings import first

# Question words and the like, left out of derived step ids so that ids say what is asked.
_STOPWORD_TEXT = """mika mita mihin miten millainen millaisia millaista milloin mista missa kuka
    ketka keita kenelle kenen kuinka onko ovatko voisiko ja tai on ovat te teilla teidan sina
    sinun me meidan se ne jo nyt kun etta jos ei vad hur nar var vilka vilken vem och eller
    ar ni er era det som en ett att i pa for med till av what how when where which who why
    the a an and or is are do does you your of to in on with"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


# --- Step ids ---------------------------------------------------------------------------


def assign_ids(steps: list[Section], issues: Issues) -> None:
    """Explicit ids first (checked, unique), then derived ids that avoid them."""
    used: dict[str, int] = {}  # id -> the line that took it
    for section in steps:
        _take_given_id(section, used, issues)
    for section in steps:
        if not section.key:
            section.key = _unused(_derived_id(section), used)
            used[section.key] = section.line


def _take_given_id(section: Section, used: dict[str, int], issues: Issues) -> None:
    """The step's `id:` if it is well-formed and not taken; else report why not."""
    setting = first(section, "id")
    if setting is None or not setting.value:
        return
    ident = valid_id(setting.value)
    if ident is None:
        example = slugify(setting.value, MAX_ID_CHARS) or "avustus-toiveet"
        issues.add(
            setting.line,
            f"Tunniste ”{setting.value}” ei kelpaa. Käytä enintään {MAX_ID_CHARS} merkkiä: "
            f"kirjaimia a–z, numeroita ja viivoja, esimerkiksi ”{example}”.",
        )
    elif ident in used:
        issues.add(setting.line, f"Tunniste ”{ident}” on jo käytössä rivillä {used[ident]}.")
    else:
        used[ident] = setting.line
        section.key = ident


def _derived_id(section: Section) -> str:
    """A short ASCII id from the prompt: its first words without question words."""
    kind_word, _, prompt = section.heading.partition(":")
    prompt = prompt or section.heading
    words = [w for w in re.findall(r"[a-z0-9]+", fold(prompt)) if w not in _STOPWORDS]
    kind = KINDS_BY_WORD.get(fold(kind_word), "")
    return (
        slugify(" ".join(words), 24)
        or slugify(prompt, 24)
        or slugify(KIND_NAMES.get(kind, "vaihe"))
    )


def _unused(base: str, used: dict[str, int]) -> str:
    """`base`, or `base-2`, `base-3`, … whichever is free first."""
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


# --- Votes on earlier steps -------------------------------------------------------------


def check_sources(sections: list[Section], steps: tuple[Step, ...], issues: Issues) -> None:
    """Each dots step votes on an earlier open step."""
    position = {section.key: i for i, section in enumerate(sections)}
    built = {step.id: step for step in steps}
    for step in steps:
        setting = first(sections[position[step.id]], "source")
        if step.kind != "dots" or step.source is None or setting is None:
            continue
        problem = _source_problem(step, sections, position, built.get(step.source))
        if problem:
            issues.add(setting.line, problem)


def _source_problem(
    step: Step, sections: list[Section], position: dict[str, int], target: Step | None
) -> str | None:
    """Why the step named by `step.source` cannot be voted on here, or None."""
    where = position.get(step.source or "")
    if where is None:
        return f"Vaihetta ”{step.source}” ei löydy. Kirjoita aiemman avoimen vaiheen tunniste."
    if where >= position[step.id]:
        return (
            f"Vaihe ”{step.source}” (rivi {sections[where].line}) ei ole ennen tätä vaihetta. "
            "Pisteillä äänestetään aiemman vaiheen vastauksista."
        )
    if target is not None and target.kind != "open":
        return (
            f"Vaiheen ”{step.source}” laji on {KIND_NAMES[target.kind]}. "
            "Pisteillä äänestetään avoimen vaiheen vastauksista tai ryhmistä."
        )
    return None


# --- The whole --------------------------------------------------------------------------


def check_whole(reader: Reader, line_count: int, issues: Issues) -> None:
    """A title, at least one step, not too many."""
    first_line = min(1, line_count)
    if reader.title is None:
        issues.add(first_line, "Käsikirjoituksesta puuttuu pääotsikko. " + TITLE_HINT)
    if not reader.steps:
        line = reader.title.line if reader.title else first_line
        issues.add(line, "Käsikirjoituksessa ei ole yhtään vaihetta. " + STEP_HINT)
    if len(reader.steps) > MAX_STEPS:
        issues.add(reader.steps[MAX_STEPS].line, f"Vaiheita voi olla enintään {MAX_STEPS}.")
