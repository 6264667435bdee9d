"""The export: what the municipality takes home from the evening. Pure Python.

`report_of(rows)` turns the rows of `Tx.export_rows` into a `Report` that every format may
show (export/privacy.py: attribution, small cells, names of persons); `render(report, fmt)`
gives the bytes of one format with a file name and a content type; `export_file(rows, fmt)`
does both, with the raw report for the raw downloads. Formats are documented in
docs/export.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tyopaja.core.themes import slugify
from tyopaja.export import bundle, charts, data, documents, ics, office, privacy
from tyopaja.export.build import _respondent_names, build_report
from tyopaja.export.html import to_html
from tyopaja.export.model import Report
from tyopaja.export.texts import Texts
from tyopaja.script.parse import Script, parse_script

__all__ = [
    "FORMATS",
    "Output",
    "Report",
    "export_file",
    "render",
    "report_of",
    "summary_markdown",
    "to_html",
]

MARKDOWN_SHAPES: tuple[str, ...] = ("md", "md-welfare", "md-full")
# .docx and .odt of each Markdown shape: docx, docx-welfare, docx-full, odt, …
OFFICE: dict[str, tuple[str, str]] = {
    fmt + shape[2:]: (fmt, shape) for fmt in ("docx", "odt") for shape in MARKDOWN_SHAPES
}
# The facilitator's raw downloads: associations and sectors as given, for their eyes only.
RAW: dict[str, str] = {"json-raw": "json", "csv-raw": "csv"}
FORMATS: tuple[str, ...] = (
    *MARKDOWN_SHAPES,
    *OFFICE,
    "xlsx",
    "json",
    "csv",
    "ics",
    "zip",
    *RAW,
)


@dataclass(frozen=True)
class Output:
    """One exported file."""

    body: bytes
    filename: str
    content_type: str


@lru_cache(maxsize=32)
def _script(source: str) -> Script:
    return parse_script(source)


def report_of(
    rows: Mapping[str, Any],
    lang: str | None = None,
    attribution: str | None = None,
    raw: bool = False,
) -> Report:
    """The report of a workshop from the rows `Tx.export_rows` read, as exports may show it.

    `attribution` (association | sector | none) overrides the script's `nimeäminen`;
    `raw` keeps associations and sectors as given (names of persons are masked anyway).
    """
    script = _script(rows["workshop"]["script_source"])
    report = build_report(rows, script, lang)
    policy = privacy.policy_of(rows, attribution, raw, script.attribution)
    return privacy.protect(report, policy, Texts(report.lang), _headcounts(rows))


def _headcounts(rows: Mapping[str, Any]) -> dict[str, int]:
    """People behind each pseudonym (a table group counts as its headcount)."""
    names = _respondent_names(rows["participants"])
    return {names[p["id"]]: int(p.get("headcount") or 1) for p in rows["participants"]}


def name_candidates(rows: Mapping[str, Any]) -> list[tuple[str, int, str]]:
    """Names of persons detected in the workshop's free text, for the facilitator's review."""
    report = build_report(rows, _script(rows["workshop"]["script_source"]))
    return privacy.name_candidates(report)


def export_file(
    rows: Mapping[str, Any],
    fmt: str,
    lang: str | None = None,
    attribution: str | None = None,
) -> Output:
    """One format of a workshop's export; ValueError for an unknown format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format: {fmt}")
    return render(report_of(rows, lang, attribution, raw=fmt in RAW), fmt)


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
        document = documents.SHAPES[fmt](report)
        text = bundle.embed_charts(document, report, t)
        name = t.tr(bundle.DOCUMENT_NAMES[fmt])
        return Output(text.encode("utf-8"), f"{stem}-{name}.md", "text/markdown; charset=utf-8")
    if fmt in OFFICE:
        kind, shape = OFFICE[fmt]
        body = bundle.office_document(report, shape, kind)
        name = t.tr(bundle.DOCUMENT_NAMES[shape])
        return Output(body, f"{stem}-{name}.{kind}", office.CONTENT_TYPES[kind])
    if fmt == "xlsx":
        return Output(bundle.spreadsheet(report), f"{stem}.xlsx", bundle.XLSX_CONTENT_TYPE)
    if fmt in RAW:
        inner = render(report, RAW[fmt])
        name = t.tr(bundle.RAW_NAME)
        suffix = inner.filename.rsplit(".", 1)[1]
        return Output(inner.body, f"{stem}-{name}.{suffix}", inner.content_type)
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
