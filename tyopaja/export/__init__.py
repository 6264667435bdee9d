"""The export: what the municipality takes home from the evening. Pure Python.

`report_of(rows)` turns the rows of `Tx.export_rows` into a `Report`; `render(report, fmt)`
gives the bytes of one format with a file name and a content type. Formats are documented
in docs/export.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tyopaja.core.themes import slugify
from tyopaja.export import bundle, charts, data, documents, ics
from tyopaja.export.build import build_report
from tyopaja.export.html import to_html
from tyopaja.export.model import Report
from tyopaja.export.texts import Texts
from tyopaja.script.parse import Script, parse_script

__all__ = ["FORMATS", "Output", "Report", "render", "report_of", "summary_markdown", "to_html"]

FORMATS: tuple[str, ...] = ("md", "md-welfare", "md-full", "json", "csv", "ics", "zip")
MARKDOWN_SHAPES: tuple[str, ...] = ("md", "md-welfare", "md-full")


@dataclass(frozen=True)
class Output:
    """One exported file."""

    body: bytes
    filename: str
    content_type: str


@lru_cache(maxsize=32)
def _script(source: str) -> Script:
    return parse_script(source)


def report_of(rows: Mapping[str, Any], lang: str | None = None) -> Report:
    """The report of a workshop from the rows `Tx.export_rows` read."""
    return build_report(rows, _script(rows["workshop"]["script_source"]), lang)


# Words a cut title should not end on ("…-tilat-ja.zip").
_DANGLING = {"ja", "tai", "sekä", "seka", "och", "eller", "and", "or", "of", "the", "i", "in"}


def base_name(report: Report) -> str:
    """A file-name stem from the title (ASCII, whole words, up to 80 characters), or the code."""
    words = slugify(report.title, max_chars=80).split("-")
    while len(words) > 1 and words[-1] in _DANGLING:
        words.pop()
    return "-".join(w for w in words if w) or report.code.lower()


def render(report: Report, fmt: str) -> Output:
    """The file of one format (see FORMATS); ValueError for an unknown format."""
    t = Texts(report.lang)
    stem = base_name(report)
    if fmt in MARKDOWN_SHAPES:
        text = documents.SHAPES[fmt](report).markdown
        name = t.tr(bundle.DOCUMENT_NAMES[fmt])
        return Output(text.encode("utf-8"), f"{stem}-{name}.md", "text/markdown; charset=utf-8")
    if fmt == "json":
        return Output(data.to_json(report).encode("utf-8"), f"{stem}.json", "application/json")
    if fmt == "csv":
        body = data.to_csv(report).encode("utf-8")
        name = t.tr(bundle.ANSWERS_NAME)
        return Output(body, f"{stem}-{name}.csv", "text/csv; charset=utf-8")
    if fmt == "ics":
        body = ics.to_ics(report).encode("utf-8")
        name = t.tr(bundle.CALENDAR_NAME)
        return Output(body, f"{stem}-{name}.ics", "text/calendar; charset=utf-8")
    if fmt == "zip":
        return Output(bundle.to_zip(report, stem), f"{stem}.zip", "application/zip")
    raise ValueError(f"unknown export format: {fmt}")


def chart_svg(report: Report, step_id: str) -> str | None:
    """The SVG chart of one step, or None."""
    step = report.step(step_id)
    return charts.chart(step, Texts(report.lang)) if step is not None else None


def summary_markdown(report: Report) -> str:
    """The participants' summary in the report's language."""
    return documents.summary(report).markdown
