"""One zip with the Markdown documents, their SVG charts and the data files. Pure Python."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor

from tyopaja.export import actions as next_steps
from tyopaja.export import chartpng, charts, data, documents, ics, office
from tyopaja.export.layout import Document
from tyopaja.export.markdown import CHART_DIR
from tyopaja.export.model import Report
from tyopaja.export.texts import Texts, mark

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DOCUMENT_NAMES = {
    "md": mark("yhteistyoasiakirjan-aineisto"),
    "md-welfare": mark("hyvinvointikertomuksen-aineisto"),
    "md-full": mark("koko-aineisto"),
}
ANSWERS_NAME = mark("vastaukset")
DATA_NAME = mark("tyopaja")
CALENDAR_NAME = mark("vuosikello")
RAW_NAME = mark("raakadata-vain-ohjaajalle")
SPREADSHEET_NAME = mark("taulukot")
_CHART_LINK = re.compile(rf"^(!\[[^\n]*\])\({CHART_DIR}/([a-z0-9_-]+)\.svg\)$", re.MULTILINE)


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet(report: Report) -> bytes:
    """The .xlsx (export/xlsx.py). openpyxl, and numpy through it, load on the first
    spreadsheet, not with the server: an idle process stays ~20 MB smaller (BENCHMARKS.md)."""
    from tyopaja.export import xlsx

    return xlsx.to_xlsx(report)


def embed_charts(document: Document, report: Report, t: Texts) -> str:
    """The Markdown of one document on its own: its charts embedded (SVG data URIs).

    The links to kaaviot/*.svg become reference links whose definitions, at the end of the
    document, carry the chart itself, so the single download shows its charts anywhere.
    """
    svgs = charts.charts_of(list(report.steps), document.charts, t)

    def link(match: re.Match[str]) -> str:
        return f"{match.group(1)}[kaavio-{match.group(2)}]" if match.group(2) in svgs else ""

    text = _CHART_LINK.sub(link, document.markdown)
    if not svgs:
        return text
    definitions = [
        f"[kaavio-{step_id}]: data:image/svg+xml;base64,"
        + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        for step_id, svg in svgs.items()
    ]
    return text.rstrip("\n") + "\n\n" + "\n".join(definitions) + "\n"


def office_document(report: Report, shape: str, fmt: str) -> bytes:
    """A document shape as .docx or .odt, its charts as PNG images."""
    document = documents.SHAPES[shape](report)
    t = Texts(report.lang)
    svgs = charts.charts_of(list(report.steps), document.charts, t)
    pngs = {step_id: chartpng.to_png(svg) for step_id, svg in svgs.items()}
    return office.to_office(document.markdown, pngs, fmt, report.lang, report.date)


def _stamp(report: Report) -> tuple[int, int, int, int, int, int]:
    """The workshop's date for every file in the zip (stable bytes for the same data)."""
    match = _ISO.match(report.date)
    if match:
        year, month, day = (int(x) for x in match.groups())
        if 1980 <= year <= 2107 and 1 <= month <= 12 and 1 <= day <= 31:
            return (year, month, day, 12, 0, 0)
    return (1980, 1, 1, 0, 0, 0)


def to_zip(report: Report, folder: str) -> bytes:
    """The zip: Markdown, .docx and .odt documents, kaaviot/*.svg, the .xlsx, CSV, JSON and
    (if any) the .ics calendar."""
    t = Texts(report.lang)
    files: dict[str, str | bytes] = {}
    used: list[str] = []
    for shape, render in documents.SHAPES.items():
        document = render(report)
        files[t.tr(DOCUMENT_NAMES[shape]) + ".md"] = document.markdown
        used += document.charts
    for step_id, svg in charts.charts_of(list(report.steps), tuple(used), t).items():
        files[f"kaaviot/{step_id}.svg"] = svg
    jobs = [(shape, fmt) for fmt in office.OFFICE_FORMATS for shape in documents.SHAPES]
    with ThreadPoolExecutor(max_workers=3) as pool:  # pandoc runs as a process of its own
        bodies = pool.map(lambda job: office_document(report, *job), jobs)
        for (shape, fmt), body in zip(jobs, bodies, strict=True):
            files[f"{t.tr(DOCUMENT_NAMES[shape])}.{fmt}"] = body
    files[t.tr(SPREADSHEET_NAME) + ".xlsx"] = spreadsheet(report)
    files[t.tr(ANSWERS_NAME) + ".csv"] = data.to_csv(report)
    files[t.tr(DATA_NAME) + ".json"] = data.to_json(report)
    if next_steps.has_any(report):
        files[t.tr(next_steps.CSV_NAME) + ".csv"] = next_steps.to_csv(report, data.defuse)
    if report.calendar:
        files[t.tr(CALENDAR_NAME) + ".ics"] = ics.to_ics(report)
    buffer = io.BytesIO()
    stamp = _stamp(report)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8") if isinstance(text, str) else text)
    return buffer.getvalue()
