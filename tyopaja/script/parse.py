"""Workshop scripts: sessions/*.md -> Script, with line-numbered errors.

The format is documented in docs/scripts.md. This is the public module: import the dataclasses
and functions from here. The text flows through the script_* modules in this order:
script_blocks (Markdown -> blocks), script_outline (blocks -> title, themes, steps),
script_settings and script_probes (setting values), script_build (themes and steps),
script_checks (ids, votes on earlier steps, the whole); script_format holds the keywords and
limits, script_model the dataclasses. Pure Python: imports neither Flask nor SQLite.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from tyopaja.core.labels import KIND_NAMES
from tyopaja.script.blocks import markdown_blocks as _blocks  # tests replace it to simulate a bug
from tyopaja.script.build import build_step, build_themes, script_values
from tyopaja.script.checks import assign_ids, check_sources, check_whole
from tyopaja.script.format import (
    MAX_ANSWERS,
    MAX_DOTS,
    MAX_ID_CHARS,
    MAX_MINUTES,
    MAX_OPTIONS,
    MAX_SCALE_POINTS,
    MAX_SHORT_CHARS,
    MAX_SOURCE_CHARS,
    MAX_STEPS,
)
from tyopaja.script.model import (
    STEP_KINDS,
    Pacing,
    Probe,
    ProbeWhen,
    Script,
    ScriptError,
    ScriptInvalid,
    Step,
    StepKind,
    Theme,
)
from tyopaja.script.outline import Issues, Reader

__all__ = [
    "KIND_NAMES",
    "MAX_ANSWERS",
    "MAX_DOTS",
    "MAX_ID_CHARS",
    "MAX_MINUTES",
    "MAX_OPTIONS",
    "MAX_SCALE_POINTS",
    "MAX_SHORT_CHARS",
    "MAX_SOURCE_CHARS",
    "MAX_STEPS",
    "STEP_KINDS",
    "Pacing",
    "Probe",
    "ProbeWhen",
    "Script",
    "ScriptError",
    "ScriptInvalid",
    "Step",
    "StepKind",
    "Theme",
    "check_file",
    "load_script_file",
    "parse_script",
    "summarize",
]

_NOT_UTF8 = (
    "Tiedosto ei ole UTF-8-muodossa. Tallenna se tekstieditorissa "
    "merkistöllä UTF-8 ja yritä uudelleen."
)


def parse_script(source: str) -> Script:
    """Parse a script; raise ScriptInvalid listing every problem with its line."""
    text = re.sub(r"\r\n?", "\n", source).replace("\0", "\ufffd")
    try:
        return replace(_parse(text), source=source)
    except ScriptInvalid:
        raise
    except Exception as exc:  # a script must never show a traceback to a facilitator
        message = (
            "Käsikirjoitusta ei voitu lukea ohjelman virheen vuoksi "
            f"({type(exc).__name__}). Kerro tästä Työpajan ylläpitäjälle."
        )
        raise _invalid(0, message) from exc


def load_script_file(path: str | Path) -> Script:
    """Read a UTF-8 script file and parse it; unreadable files become ScriptInvalid."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _invalid(0, _read_error(exc)) from exc
    return parse_script(_decode(data))


def summarize(script: Script) -> str:
    """One line: title and the number of steps by kind, in Finnish."""
    counts = [
        f"{sum(step.kind == kind for step in script.steps)} {KIND_NAMES[kind]}"
        for kind in STEP_KINDS
        if any(step.kind == kind for step in script.steps)
    ]
    total = len(script.steps)
    noun = "vaihe" if total == 1 else "vaihetta"
    details = f" ({', '.join(counts)})" if counts else ""
    return f"{script.title}: {total} {noun}{details}"


def check_file(path: str | Path) -> tuple[int, list[str]]:
    """Exit code (0 valid, 1 invalid) and the lines `tyopaja check` prints."""
    try:
        script = load_script_file(path)
    except ScriptInvalid as invalid:
        return 1, [error.format(str(path)) for error in invalid.errors]
    return 0, [summarize(script)]


def _parse(source: str) -> Script:
    """Parse normalised source text; raise ScriptInvalid with every problem."""
    if len(source) > MAX_SOURCE_CHARS:
        raise _invalid(0, f"Käsikirjoitus on liian pitkä (yli {MAX_SOURCE_CHARS} merkkiä).")
    issues = Issues()
    reader = Reader(_blocks(source), issues)
    settings = script_values(reader.preamble, issues)
    themes = build_themes(reader.themes, issues)
    assign_ids(reader.steps, issues)
    steps = tuple(step for section in reader.steps if (step := build_step(section, issues)))
    check_sources(reader.steps, steps, issues)
    check_whole(reader, source.count("\n") + 1 if source else 0, issues)
    if issues:
        raise ScriptInvalid(sorted(issues, key=lambda error: error.line))
    assert reader.title is not None and reader.preamble is not None
    return Script(
        title=reader.title.text,
        intro=reader.preamble.body,
        themes=themes,
        steps=steps,
        **settings,
    )


def _invalid(line: int, message: str) -> ScriptInvalid:
    """ScriptInvalid with one problem (line 0: the file as a whole)."""
    return ScriptInvalid([ScriptError(line, message)])


def _decode(data: bytes) -> str:
    """The file's text (a BOM is fine); not UTF-8 becomes ScriptInvalid at the first bad line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _invalid(line, _NOT_UTF8) from exc


def _read_error(exc: OSError) -> str:
    """A Finnish reason why a file could not be read."""
    if isinstance(exc, FileNotFoundError):
        return "Tiedostoa ei voi lukea: sitä ei löydy."
    if isinstance(exc, IsADirectoryError):
        return "Tiedostoa ei voi lukea: polku on kansio, ei tiedosto."
    if isinstance(exc, PermissionError):
        return "Tiedostoa ei voi lukea: ei lukuoikeutta."
    return f"Tiedostoa ei voi lukea ({exc.strerror or type(exc).__name__})."
