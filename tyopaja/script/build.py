"""Sections -> Theme and Step dataclasses and the script's own settings, one section at a time.

What needs several steps at once (ids, votes on earlier steps) is in script_checks.
"""

from __future__ import annotations

from tyopaja.core.labels import KIND_NAMES
from tyopaja.core.themes import theme_key
from tyopaja.script.format import (
    ALL_STEP_SETTINGS,
    KINDS_BY_WORD,
    OPTIONS_HINT,
    SCRIPT_SETTINGS,
    STEP_HINT,
    STEP_SETTINGS,
    THEME_SETTINGS,
    fold,
    valid_id,
)
from tyopaja.script.model import Step, StepKind, Theme
from tyopaja.script.outline import Issues, Section, Setting
from tyopaja.script.settings import Values, parse_values, resolve

# kind -> (the setting it cannot do without, the message when it is missing)
_REQUIRED: dict[str, tuple[str, str]] = {
    "choice": ("options", "Vaiheelta puuttuvat vaihtoehdot. " + OPTIONS_HINT),
    "rank": ("options", "Vaiheelta puuttuvat vaihtoehdot. " + OPTIONS_HINT),
    "scale": ("range", "Asteikolta puuttuu alku ja loppu. Lisää esimerkiksi: - asteikko: 1–5"),
    "dots": (
        "source",
        "Pisteäänestykseltä puuttuu äänestettävä vaihe. Lisää esimerkiksi: "
        "- äänestä: toiveet (aiemman avoimen vaiheen tunniste).",
    ),
}


def script_values(section: Section | None, issues: Issues) -> Values:
    """`kieli` and `tahti` from under the title."""
    return parse_values(resolve(section, SCRIPT_SETTINGS, issues), issues) if section else {}


def build_themes(sections: list[Section], issues: Issues) -> tuple[Theme, ...]:
    """Themes with their keys; a key used twice keeps its first title."""
    themes: dict[str, Theme] = {}
    for number, section in enumerate(sections, start=1):
        found = resolve(section, THEME_SETTINGS, issues)
        section.key = _theme_key(section, found.get("key", []), number, issues)
        theme = Theme(section.key, section.heading, section.line, section.body)
        themes.setdefault(section.key, theme)
    return tuple(themes.values())


def _theme_key(section: Section, settings: list[Setting], number: int, issues: Issues) -> str:
    """The key an `avain:` gives, else the one the heading means, else `teema-N`."""
    key = theme_key(section.heading) or f"teema-{number}"
    for setting in settings:
        ident = valid_id(setting.value)
        if ident is None:
            issues.add(
                setting.line,
                f"Avain ”{setting.value}” ei kelpaa. Käytä kirjaimia a–z, numeroita ja viivoja.",
            )
        else:
            key = ident
    return key


def build_step(section: Section, issues: Issues) -> Step | None:
    """A Step from its section, or None if its kind is unknown (problems are reported)."""
    kind, prompt = _step_heading(section, issues)
    allowed = STEP_SETTINGS[kind] if kind else ALL_STEP_SETTINGS
    found = resolve(section, allowed, issues, kind)
    values = parse_values(found, issues)
    if kind is None:
        return None
    _check_kind(kind, section, found, values, issues)
    return Step(
        id=section.key,
        kind=kind,
        text=prompt,
        theme=section.theme.key if section.theme else None,
        help=section.body,
        line=section.line,
        **values,
    )


def _step_heading(section: Section, issues: Issues) -> tuple[StepKind | None, str]:
    """`### kind: prompt` -> (kind, prompt); reports a missing or unknown kind, empty prompt."""
    word, colon, prompt = section.heading.partition(":")
    prompt = prompt.strip()
    if not colon:
        issues.add(section.line, "Vaiheen otsikosta puuttuu laji. " + STEP_HINT)
        return None, section.heading
    kind: StepKind | None = KINDS_BY_WORD.get(fold(word))  # type: ignore[assignment]
    if kind is None:
        kinds = ", ".join(KIND_NAMES.values())
        issues.add(
            section.line,
            f"Tuntematon vaiheen laji ”{word.strip()}”. Käytä jotakin näistä: {kinds}.",
        )
    if not prompt:
        issues.add(section.line, "Vaiheesta puuttuu kysymys tai teksti. " + STEP_HINT)
    return kind, prompt


def _check_kind(
    kind: StepKind,
    section: Section,
    found: dict[str, list[Setting]],
    values: Values,
    issues: Issues,
) -> None:
    """What each kind needs: options, a range, a source; enough options; dots within limits."""
    required = _REQUIRED.get(kind)
    if required and required[0] not in found:
        issues.add(section.line, required[1])
    options = values.get("options")
    if kind in ("choice", "rank") and options is not None and len(options) < 2:
        count = len(options)
        issues.add(found["options"][0].line, f"Vaihtoehtoja pitää olla vähintään 2, nyt {count}.")
    if kind == "dots":
        _check_dots(section, found, values, issues)


def _check_dots(
    section: Section, found: dict[str, list[Setting]], values: Values, issues: Issues
) -> None:
    """One item may get at most as many dots as a voter has."""
    dots, per_item = values.get("dots", 3), values.get("max_per_item", 1)
    if per_item > dots:
        where = found.get("per_item") or found.get("dots")
        line = where[0].line if where else section.line
        issues.add(
            line,
            f"Yhdelle kohteelle voi antaa enintään niin monta pistettä kuin pisteitä on "
            f"(nyt enintään {per_item}, pisteitä {dots}).",
        )
