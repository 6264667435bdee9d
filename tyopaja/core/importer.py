"""Answers from a file (an e-survey, typed-up paper forms): CSV or JSON Lines -> checked rows.

Pure Python. `parse_import` reads the file, `check_rows` matches the rows to a script's open
steps; both collect every problem with its line number and raise `ImportInvalid`, so the
caller imports all rows or none. The formats are documented in docs/export.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, replace
from typing import Any

from tyopaja.core.workshop import MAX_ANSWER_CHARS, MAX_ASSOCIATION_CHARS, MAX_SECTOR_CHARS
from tyopaja.export.texts import Texts
from tyopaja.script.parse import Script, Step

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
MAX_PARTICIPANT_CHARS = 60
MAX_ERRORS = 50

FIELDS = ("step", "text", "participant", "association", "sector")
# Column names in every language the export writes (see export/data.py), folded.
ALIASES: dict[str, tuple[str, ...]] = {
    "step": ("step", "vaihe", "steg", "step_id"),
    "text": ("text", "vastaus", "svar", "answer"),
    "participant": ("participant", "osallistuja", "deltagare", "respondent", "vastaaja"),
    "association": ("association", "yhdistys", "förening", "forening", "järjestö"),
    "sector": ("sector", "toimiala", "sektori", "sektor", "ala"),
}
_FOLD = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
_DEFUSED = re.compile(r"^'(?=[=+\-@\t\r])")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ImportRow:
    """One answer read from a file, with the line it started on."""

    line: int
    step: str
    text: str
    participant: str = ""
    association: str = ""
    sector: str = ""


@dataclass(frozen=True)
class RowError:
    """One problem in an import file, tied to a line."""

    line: int
    message: str

    def format(self, path: str = "") -> str:
        """`path:line: message`, as compilers print it."""
        prefix = f"{path}:" if path else ""
        return f"{prefix}{self.line}: {self.message}"


class ImportInvalid(Exception):
    """The file has problems; `errors` lists them with line numbers (nothing was imported)."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(e.format() for e in errors[:5]))
        self.errors = errors[:MAX_ERRORS]
        self.more = max(0, len(errors) - MAX_ERRORS)  # errors left out of `errors`


# -- reading ---------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The text of a file: UTF-8 (with or without a BOM), else Windows-1252 (old Excel)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.removeprefix("\ufeff")


def parse_import(
    data: bytes, filename: str = "", texts: Texts | None = None, script: Script | None = None
) -> list[ImportRow]:
    """The rows of a CSV or JSON Lines file; ImportInvalid with every problem found.

    With a script, the steps are checked in the same pass (see `check_rows`), so one round
    of corrections is enough.
    """
    t = texts or Texts("fi")
    if len(data) > MAX_BYTES:
        raise ImportInvalid([RowError(1, t.tr("Tiedosto on liian suuri (enintään 5 Mt)."))])
    text = decode(data)
    if not text.strip():
        raise ImportInvalid([RowError(1, t.tr("Tiedosto on tyhjä."))])
    if _is_jsonl(text, filename):
        rows, errors = _parse_jsonl(text, t)
    else:
        rows, errors = _parse_csv(text, t)
    rows, more = _check_values(rows, t)
    errors += more
    if script is not None:
        try:
            rows = check_rows(rows, script, t)
        except ImportInvalid as invalid:
            errors += invalid.errors
    errors = sorted(errors, key=lambda e: e.line)
    if not errors and not rows:
        errors = [RowError(1, t.tr("Tiedostossa ei ole yhtään vastausta."))]
    if not errors and len(rows) > MAX_ROWS:
        errors = [RowError(rows[MAX_ROWS].line, t.tr("Tiedostossa on yli 5 000 riviä."))]
    if errors:
        raise ImportInvalid(errors)
    return rows


def _is_jsonl(text: str, filename: str) -> bool:
    name = filename.lower()
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return True
    if name.endswith((".csv", ".tsv", ".txt")):
        return False
    return text.lstrip().startswith("{")


def _parse_jsonl(text: str, t: Texts) -> tuple[list[ImportRow], list[RowError]]:
    rows, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            errors.append(RowError(number, t.tr("Rivi ei ole kelvollista JSONia.")))
            continue
        if not isinstance(value, dict):
            errors.append(RowError(number, t.tr("Rivin pitää olla JSON-olio: {…}.")))
            continue
        fields = {}
        for name in FIELDS:
            raw = value.get(name)
            if raw is None:
                raw = ""
            if not isinstance(raw, str | int | float) or isinstance(raw, bool):
                message = t.tr("Kentän %(name)s pitää olla tekstiä.", name=name)
                errors.append(RowError(number, message))
                break
            fields[name] = str(raw)
        else:
            rows.append(ImportRow(line=number, **fields))
    return rows, errors


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


def _parse_csv(text: str, t: Texts) -> tuple[list[ImportRow], list[RowError]]:
    header_line = text.splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    try:
        header = next(reader)
    except csv.Error:
        return [], [RowError(1, t.tr("Sarakkeiden nimiä ei voitu lukea."))]
    columns, problem = _columns(header, t)
    if problem:
        return [], [RowError(1, problem)]
    rows, errors = [], []
    previous = reader.line_num
    while True:
        start = previous + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            errors.append(RowError(start, t.tr("Riviä ei voitu lukea (tarkista lainausmerkit).")))
            break
        previous = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}
        rows.append(ImportRow(line=start, **{n: values.get(n, "") for n in FIELDS}))
    return rows, errors


def _columns(header: list[str], t: Texts) -> tuple[dict[str, int], str]:
    """Column index of each known field, or a message saying what is wrong."""
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = _FOLD.get(raw.strip().casefold().replace(" ", "_"))
        if name is None:
            continue
        if name in columns:
            return {}, t.tr("Sarake %(name)s on kahdesti.", name=raw.strip())
        columns[name] = index
    if "step" not in columns or "text" not in columns:
        return {}, t.tr(
            "Ensimmäisellä rivillä pitää olla sarakkeiden nimet, vähintään vaihe ja vastaus"
            " (tai step ja text)."
        )
    return columns, ""


# -- checking ------------------------------------------------------------------------


_LIMITS = {
    "text": MAX_ANSWER_CHARS,
    "participant": MAX_PARTICIPANT_CHARS,
    "association": MAX_ASSOCIATION_CHARS,
    "sector": MAX_SECTOR_CHARS,
}


def _field_names(t: Texts) -> dict[str, str]:
    return {
        "step": t.tr("Vaihe"),
        "text": t.tr("Vastaus"),
        "participant": t.tr("Osallistuja"),
        "association": t.tr("Yhdistys"),
        "sector": t.tr("Toimiala"),
    }


def _check_values(rows: list[ImportRow], t: Texts) -> tuple[list[ImportRow], list[RowError]]:
    """Rows with cells cleaned (spaces, defused formulas); errors for missing or bad values."""
    names = _field_names(t)
    cleaned, errors = [], []
    for row in rows:
        values: dict[str, Any] = {n: _DEFUSED.sub("", getattr(row, n)).strip() for n in FIELDS}
        problem = _value_problem(values, names, t)
        if problem:
            errors.append(RowError(row.line, problem))
        else:
            cleaned.append(replace(row, **values))
    return cleaned, errors


def _value_problem(values: dict[str, str], names: dict[str, str], t: Texts) -> str:
    if not values["step"]:
        return t.tr("Vaihe puuttuu.")
    if not values["text"]:
        return t.tr("Vastaus puuttuu.")
    for name, limit in _LIMITS.items():
        value = values[name]
        if len(value) > limit:
            return t.tr(
                "%(field)s on liian pitkä: %(length)s merkkiä, enintään %(limit)s.",
                field=names[name],
                length=t.number(len(value)),
                limit=t.number(limit),
            )
    for name, value in values.items():
        if _BAD_CHARS.search(value) or not _encodable(value):
            return t.tr("%(field)s sisältää merkkejä, joita ei voi tallentaa.", field=names[name])
    return ""


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _prompt_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def check_rows(
    rows: list[ImportRow], script: Script, texts: Texts | None = None
) -> list[ImportRow]:
    """Rows whose `step` is an open step's id (or its exact prompt), with `step` set to the id.

    ImportInvalid lists every row that does not fit, so nothing is imported half-way.
    """
    t = texts or Texts("fi")
    by_prompt: dict[str, Step] = {}
    for step in script.steps:
        by_prompt.setdefault(_prompt_key(step.text), step)
    out, errors = [], []
    seen: dict[str, tuple[int, str, str]] = {}
    for row in rows:
        found = script.step(row.step) or by_prompt.get(_prompt_key(row.step))
        if found is None:
            errors.append(RowError(row.line, _no_step(t, row.step)))
        elif found.kind != "open":
            message = t.tr(
                "Vaihe %(step)s ei ole avoin kysymys, joten siihen ei voi tuoda vastauksia.",
                step=t.quote(found.id),
            )
            errors.append(RowError(row.line, message))
        elif problem := _same_person(t, row, seen):
            errors.append(RowError(row.line, problem))
        else:
            out.append(replace(row, step=found.id))
    if errors:
        raise ImportInvalid(errors)
    return out


def _no_step(t: Texts, step: str) -> str:
    shown = step if len(step) <= 60 else step[:59] + "…"
    return t.tr(
        "Vaihetta %(step)s ei löydy. Kirjoita vaiheen tunniste (id) tai kysymys täsmälleen"
        " samoin kuin käsikirjoituksessa.",
        step=t.quote(shown),
    )


def _same_person(t: Texts, row: ImportRow, seen: dict[str, tuple[int, str, str]]) -> str:
    """A message if this participant had another association or sector on an earlier row."""
    if not row.participant:
        return ""
    first = seen.setdefault(row.participant, (row.line, row.association, row.sector))
    if first[1:] == (row.association, row.sector):
        return ""
    return t.tr(
        "Osallistujalla %(who)s on eri yhdistys tai toimiala kuin rivillä %(line)s.",
        who=t.quote(row.participant),
        line=first[0],
    )
