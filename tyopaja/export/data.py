"""Data files: JSON (the full structure) and CSV for spreadsheets (Finnish Excel). Pure Python.

Both formats are documented in docs/export.md. The CSV opens in Finnish Excel by a double
click (UTF-8 with a byte order mark, `;` between cells, CRLF line ends), cells that a
spreadsheet would read as formulas are defused, and `tyopaja import` reads it back.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from tyopaja.export import actions as next_steps
from tyopaja.export.levels import LEVELS
from tyopaja.export.model import (
    Answer,
    CalendarEntry,
    Group,
    Participation,
    Report,
    Result,
    StepReport,
)
from tyopaja.export.texts import Texts, mark

FORMAT_NAME = "tyopaja-export"
FORMAT_VERSION = 1

# -- JSON -----------------------------------------------------------------------------


def to_json(report: Report) -> str:
    """The whole report as JSON (UTF-8 text, stable key order)."""
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n"


def as_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-able data."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "workshop": {
            "code": report.code,
            "title": report.title,
            "municipality": report.municipality,
            "date": report.date,
            "lang": report.lang,
            "state": report.state,
        },
        "participation": _participation(report.participation),
        "themes": [{"key": key, "title": title} for key, title in report.themes],
        "steps": [_step(step) for step in report.steps],
        "calendar": [_entry(e) for e in report.calendar],
        "actions": next_steps.actions_json(report),
        "follow_up": next_steps.follow_up_json(report),
        "levels": _levels(report),
    }


def _participation(p: Participation) -> dict[str, Any]:
    return {
        "people": p.people,
        "phones": p.phones,
        "tables": [{"label": label, "headcount": n} for label, n in p.tables],
        "table_people": p.table_people,
        "associations": list(p.associations),
        "other_associations": p.other_associations,
        "sectors": [{"sector": s, "participants": n} for s, n in p.sectors],
        "langs": [{"lang": code, "phones": n} for code, n in p.langs],
        "answers": p.answers,
        "respondents": p.respondents,
        "imported": p.imported,
        "voters": p.voters,
        "imported_people": p.imported_people,
        "imported_unlabelled": p.imported_unlabelled,
        "typed": p.typed,
        "hidden": p.hidden,
        "vote_only": p.vote_only,
        "idle": p.idle,
        "phone_answers": p.phone_answers,
        "municipal_entries": p.municipal_entries,
    }


def _levels(report: Report) -> list[dict[str, Any]]:
    """The Keski-Suomi table: per area, how many assessed and how many see each level."""

    def counts(c) -> dict[str, Any]:
        return {"assessed": c.assessed, "in_place": dict(zip(LEVELS, c.in_place, strict=True))}

    return [
        {
            "step": a.step,
            "area": a.area,
            **counts(a.total),
            "next": LEVELS[a.next_level] if a.next_level is not None else None,
            "by_role": [{"role": role, **counts(c)} for role, c in a.by_role],
            "withheld": a.withheld,
        }
        for a in report.levels
    ]


def _step(step: StepReport) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": step.id,
        "kind": step.kind,
        "theme": step.theme,
        "theme_title": step.theme_title,
        "text": step.text,
    }
    if step.kind == "open":
        out["answers"] = [_answer(a) for a in step.answers]
        out["groups"] = [_group(g) for g in step.groups]
        out["grouping"] = step.grouping
        out["voted_in"] = list(step.voted_in)
    if step.result is not None:
        out["results"] = _result(step.result)
    if step.kind == "event":
        out["year"] = step.year
        out["entries"] = [_entry(e) for e in step.entries]
    return out


def _answer(a: Answer) -> dict[str, Any]:
    return {
        "id": a.id,
        "text": a.text,
        "followup": a.followup,
        "participant": a.respondent,
        "association": a.association,
        "sector": a.sector,
        "hidden": a.hidden,
        "source": a.source,
        "group": a.group,
        "votes": a.votes,
    }


def _group(g: Group) -> dict[str, Any]:
    return {
        "id": g.id,
        "title": g.title,
        "answers": [a.id for a in g.answers],
        "votes": g.votes,
        "suggested": g.suggested,
        "automatic": g.automatic,
        "shared_words": list(g.shared_words),
        "linked_by": g.linked_by,
    }


def _result(r: Result) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": r.kind, "voters": r.voters}
    if r.kind == "scale":
        low, high, low_label, high_label = r.scale
        out.update(
            scale={"min": low, "max": high, "min_label": low_label, "max_label": high_label},
            distribution={str(v): n for v, n in r.distribution},
            mean=r.mean,
            median=r.median,
        )
        return out
    out["items"] = [{"key": i.key, "label": i.label, "points": i.points} for i in r.items]
    if r.kind == "dots":
        out["unvoted"] = [{"key": i.key, "label": i.label} for i in r.unvoted]
        out["target"] = r.target
        out["target_kind"] = r.target_kind
    return out


def _entry(e: CalendarEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "step": e.step,
        "month": e.month,
        "day": e.day,
        "what": e.what,
        "organiser": e.organiser,
        "association": e.association,
        "hidden": e.hidden,
        "source": e.source,
    }


# -- CSV ------------------------------------------------------------------------------

# Column headers (translated; `tyopaja import` knows them in every language).
COLUMNS = (
    mark("vaihe"),
    mark("vastaus"),
    mark("osallistuja"),
    mark("yhdistys"),
    mark("toimiala"),
    mark("teema"),
    mark("kysymys"),
    mark("vastauksen_id"),
    mark("tarkennus"),
    mark("ryhmä"),
    mark("ryhmän_pisteet"),
    mark("pisteet"),
    mark("lähde"),
)
_SOURCES = {"phone": mark("puhelin"), "import": mark("tiedosto")}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def defuse(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def to_csv(report: Report) -> str:
    """Every visible answer, one row each, for Finnish Excel."""
    t = Texts(report.lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([t.tr(c) for c in COLUMNS])
    for step in report.steps:
        titles = _group_titles(t, step)
        group_points = {a.id: str(g.votes) for g in step.groups for a in g.answers}
        for a in step.visible:
            row = [
                step.id,
                a.text,
                a.respondent,
                a.association,
                a.sector,
                step.theme_title,
                step.text,
                str(a.id),
                a.followup,
                titles.get(a.id, ""),
                group_points.get(a.id, ""),
                str(a.votes),
                t.tr(_SOURCES[a.source]) if a.source in _SOURCES else a.source,
            ]
            writer.writerow([defuse(cell) for cell in row])
    return BOM + buffer.getvalue()


def _group_titles(t: Texts, step: StepReport) -> dict[int, str]:
    titles = {}
    for group in step.groups:
        title = group.title
        if group.automatic:
            title = t.tr("%(title)s (automaattinen)", title=title)
        for answer in group.answers:
            titles[answer.id] = title
    return titles
