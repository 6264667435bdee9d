"""One zip with the Markdown documents, their SVG charts and the data files. Pure Python."""

from __future__ import annotations

import io
import re
import zipfile

from tyopaja.export import actions as next_steps
from tyopaja.export import charts, data, documents, ics
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


def _stamp(report: Report) -> tuple[int, int, int, int, int, int]:
    """The workshop's date for every file in the zip (stable bytes for the same data)."""
    match = _ISO.match(report.date)
    if match:
        year, month, day = (int(x) for x in match.groups())
        if 1980 <= year <= 2107 and 1 <= month <= 12 and 1 <= day <= 31:
            return (year, month, day, 12, 0, 0)
    return (1980, 1, 1, 0, 0, 0)


def to_zip(report: Report, folder: str) -> bytes:
    """The zip: Markdown documents, kaaviot/*.svg, CSV, JSON and (if any) the .ics calendar."""
    t = Texts(report.lang)
    files: dict[str, str] = {}
    used: list[str] = []
    for shape, render in documents.SHAPES.items():
        document = render(report)
        files[t.tr(DOCUMENT_NAMES[shape]) + ".md"] = document.markdown
        used += document.charts
    for step_id, svg in charts.charts_of(list(report.steps), tuple(used), t).items():
        files[f"kaaviot/{step_id}.svg"] = svg
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
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
