"""Settings -> dataclass fields: which settings a section may have, and each value's parser.

A parser takes one `Setting` and returns the fields it gives (`{"minutes": 5}`), or `{}` after
reporting what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tyopaja.core.labels import KIND_NAMES
from tyopaja.script.format import (
    ATTRIBUTIONS,
    LANGS,
    LIST_SETTINGS,
    MAX_ANSWERS,
    MAX_DOTS,
    MAX_MINUTES,
    MAX_OPTIONS,
    MAX_SCALE_POINTS,
    NO,
    OPTIONS_HINT,
    PACINGS,
    PLAIN_TEXT_HINT,
    RELATIVE_YEARS,
    REPEATABLE,
    SOURCE_KINDS,
    YES,
    fold,
    labels,
    setting_name,
)
from tyopaja.script.outline import Issues, Section, Setting
from tyopaja.script.probes import parse_probes

Values = dict[str, Any]
Parser = Callable[[Setting, Issues], Values]

_RANGE_RE = re.compile(r"^(-?\d{1,4})\s*(?:–|—|-|\.\.|…|to|till)\s*(-?\d{1,4})$")
_LABELS_RE = re.compile(r"\s+[-–—/]\s+|\s*[–—/]\s*")
_INT_RE = re.compile(r"^[+]?\d{1,9}$")
_MINUTES_RE = re.compile(
    r"^(\d{1,5})\s*(min|mins|minutes?|minuutti|minuuttia|minuter|minut|m|"
    r"h|t|tunti|tuntia|hours?|timme|timmar)?\.?$"
)


# --- Which settings a section has -------------------------------------------------------


def resolve(
    section: Section, allowed: tuple[str, ...], issues: Issues, kind: str | None = None
) -> dict[str, list[Setting]]:
    """A section's settings by canonical name; reports unknown, misplaced and repeated ones."""
    found: dict[str, list[Setting]] = {}
    for setting in section.settings:
        name = setting_name(setting.key)
        if name is None or name not in allowed:
            issues.add(setting.line, _misplaced(setting.key, name, section.role, allowed, kind))
        elif name in found and name not in REPEATABLE:
            earlier = found[name][0].line
            issues.add(setting.line, f"Asetus ”{setting.key}” on annettu jo rivillä {earlier}.")
        elif not setting.value and name not in LIST_SETTINGS:
            issues.add(setting.line, f"Asetukselta ”{setting.key}” puuttuu arvo.")
        else:
            if name not in LIST_SETTINGS:
                issues.no_sub_items(setting.children, f"Asetuksella ”{setting.key}”")
            found.setdefault(name, []).append(setting)
    return found


def _misplaced(
    key: str, name: str | None, role: str, allowed: tuple[str, ...], kind: str | None
) -> str:
    """Message for a setting that is unknown or does not belong here."""
    where = {
        "script": "Pääotsikon alla voi käyttää",
        "theme": "Teeman otsikon alla voi käyttää",
    }.get(role, "Tässä vaiheessa voi käyttää")
    if name is None:
        return f"Tuntematon asetus ”{key}”. {where}: {labels(allowed)}. " + PLAIN_TEXT_HINT
    if kind:
        return (
            f"Asetus ”{key}” ei sovi vaiheeseen, jonka laji on {KIND_NAMES[kind]}. "
            f"{where}: {labels(allowed)}."
        )
    return f"Asetus ”{key}” ei kuulu tähän. {where}: {labels(allowed)}."


def first(section: Section, name: str) -> Setting | None:
    """The first setting of a section with this canonical name, unvalidated."""
    for setting in section.settings:
        if setting_name(setting.key) == name:
            return setting
    return None


def parse_values(found: dict[str, list[Setting]], issues: Issues) -> Values:
    """The fields given by a section's resolved settings (`id` and `avain` are handled apart)."""
    values: Values = {}
    for name, settings in found.items():
        parse = _PARSERS.get(name)
        if parse is None:
            continue
        for setting in settings:
            parsed = parse(setting, issues)
            if "probes" in parsed:
                parsed["probes"] = values.get("probes", ()) + parsed["probes"]
            values.update(parsed)
    return values


# --- Value parsers ----------------------------------------------------------------------


def _minutes(setting: Setting, issues: Issues) -> Values:
    """`aika: 5 min` -> minutes."""
    match = _MINUTES_RE.match(setting.value.strip().lower())
    if not match:
        issues.add(
            setting.line,
            f"Aika kirjoitetaan minuutteina, esimerkiksi 5 min, ei ”{setting.value}”. "
            "Ajan pitää olla positiivinen kokonaisluku.",
        )
        return {}
    unit = match.group(2) or "min"
    minutes = int(match.group(1)) * (60 if unit[0] in "ht" else 1)
    if not 1 <= minutes <= MAX_MINUTES:
        issues.add(setting.line, f"Ajan pitää olla 1–{MAX_MINUTES} minuuttia, nyt {minutes}.")
        return {}
    return {"minutes": minutes}


def _options(setting: Setting, issues: Issues) -> Values:
    """`vaihtoehdot:` with nested bullets -> options."""
    if setting.value:
        issues.add(setting.line, OPTIONS_HINT)
        return {}
    options: list[str] = []
    seen: dict[str, int] = {}
    for child in setting.children:
        folded = child.text.casefold()
        if not child.text:
            issues.add(child.line, "Vaihtoehto on tyhjä.")
        elif folded in seen:
            issues.add(child.line, f"Vaihtoehto ”{child.text}” on jo rivillä {seen[folded]}.")
        else:
            seen[folded] = child.line
            options.append(child.text)
        issues.no_sub_items(child.children, "Vaihtoehdolla")
    if len(options) > MAX_OPTIONS:
        issues.add(setting.line, f"Vaihtoehtoja voi olla enintään {MAX_OPTIONS}.")
    return {"options": tuple(options)}


def _range(setting: Setting, issues: Issues) -> Values:
    """`asteikko: 1–5` -> scale_min, scale_max."""
    match = _RANGE_RE.match(setting.value.strip().lower())
    if not match:
        issues.add(
            setting.line,
            f"Asteikon alku ja loppu kirjoitetaan esimerkiksi 1–5, ei ”{setting.value}”.",
        )
        return {}
    low, high = int(match.group(1)), int(match.group(2))
    if low >= high:
        issues.add(setting.line, f"Asteikon alun pitää olla pienempi kuin loppu, nyt {low}–{high}.")
        return {}
    if high - low + 1 > MAX_SCALE_POINTS:
        issues.add(
            setting.line,
            f"Asteikossa voi olla enintään {MAX_SCALE_POINTS} kohtaa (esimerkiksi 0–10), "
            f"nyt {high - low + 1}.",
        )
        return {}
    return {"scale_min": low, "scale_max": high}


def _end_labels(setting: Setting, issues: Issues) -> Values:
    """`ääripäät: heikko – erinomainen` -> min_label, max_label."""
    parts = [part.strip() for part in _LABELS_RE.split(setting.value.strip(), maxsplit=1)]
    if len(parts) != 2 or not all(parts):
        issues.add(
            setting.line,
            "Kirjoita asteikon ääripäät viivalla erotettuina, esimerkiksi heikko – erinomainen.",
        )
        return {}
    return {"min_label": parts[0], "max_label": parts[1]}


def _source(setting: Setting, issues: Issues) -> Values:
    """`äänestä: step-id` (checked against the steps later)."""
    return {"source": setting.value.strip().lower()}


def _probes(setting: Setting, issues: Issues) -> Values:
    """`tarkenna: …` -> probes (added to those of earlier `tarkenna` lines)."""
    return {"probes": parse_probes(setting, issues)}


def _number(field_name: str, low: int, high: int) -> Parser:
    """A parser for a whole number within low..high, such as `pisteitä: 5`."""

    def parse(setting: Setting, issues: Issues) -> Values:
        value = setting.value.strip()
        rule = f"Asetuksen ”{setting.key}” arvo on kokonaisluku {low}–{high}"
        if not _INT_RE.match(value):
            issues.add(setting.line, f"”{value}” ei ole kokonaisluku. {rule}.")
        elif not low <= int(value) <= high:
            issues.add(setting.line, f"{rule}, nyt {int(value)}.")
        else:
            return {field_name: int(value)}
        return {}

    return parse


def _year(setting: Setting, issues: Issues) -> Values:
    """`vuosi: 2027`, or `vuosi: ensi vuosi` (counted from the workshop's date when it is made)."""
    relative = RELATIVE_YEARS.get(fold(setting.value))
    if relative is not None:
        return {"year_offset": relative}
    value = setting.value.strip()
    if _INT_RE.match(value) and 2000 <= int(value) <= 2100:
        return {"year": int(value)}
    issues.add(
        setting.line,
        f"Vuosi on vuosiluku 2000–2100 tai ”ensi vuosi” tai ”tämä vuosi”, ei ”{value}”.",
    )
    return {}


def _word(field_name: str, table: dict[str, Any], message: str) -> Parser:
    """A parser for one of a few words, such as `kieli: sv`; `message` has `{}` for the value."""

    def parse(setting: Setting, issues: Issues) -> Values:
        folded = fold(setting.value)
        if folded in table:
            return {field_name: table[folded]}
        issues.add(setting.line, message.format(setting.value))
        return {}

    return parse


_YES_NO = dict.fromkeys(YES, True) | dict.fromkeys(NO, False)

_PARSERS: dict[str, Parser] = {
    "lang": _word("lang", LANGS, "Tuntematon kieli ”{}”. Käytä fi, sv tai en."),
    "pacing": _word("pacing", PACINGS, "Tahti on fasilitaattori tai oma, ei ”{}”."),
    "attribution": _word(
        "attribution",
        ATTRIBUTIONS,
        "Nimeäminen on yhdistys, toimiala tai ei, ei ”{}”.",
    ),
    "minutes": _minutes,
    "max_answers": _number("max_answers", 1, MAX_ANSWERS),
    "probe": _probes,
    "options": _options,
    "multiple": _word("multiple", _YES_NO, "Monivalinta on kyllä tai ei, ei ”{}”."),
    "range": _range,
    "labels": _end_labels,
    "source": _source,
    "source_kind": _word(
        "source_kind", SOURCE_KINDS, "Äänestettävät ovat vastaukset tai ryhmät, ei ”{}”."
    ),
    "dots": _number("dots", 1, MAX_DOTS),
    "per_item": _number("max_per_item", 1, MAX_DOTS),
    "year": _year,
    "placement": _word("placement", _YES_NO, "Sijoittelu on kyllä tai ei, ei ”{}”."),
}
