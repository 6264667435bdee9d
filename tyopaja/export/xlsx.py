"""The spreadsheet officials open in Excel or LibreOffice Calc (.xlsx, openpyxl).

One sheet each for the answers, the groups, the votes and rankings, the choices and scales,
the annual calendar, the next steps and the evening's facts. Numbers are numbers (Excel
shows them with the reader's decimal comma), shares are percentages, sectors have their
readable names, every sheet's header row is frozen and filtered. Participant text is always
a text cell, never a formula. The report is already protected (export/privacy.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from tyopaja.export import actions
from tyopaja.export.markdown import ranks
from tyopaja.export.model import Report, StepReport
from tyopaja.export.texts import Texts, mark

NEXT_STEPS_THEME = "jatkotoimet"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
TOP = Alignment(vertical="top")  # shared: openpyxl styles are costly to make per cell
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
INTEGER = "0"
DECIMAL = "0.00"
PERCENT = "0 %"
DATE = "d.m.yyyy"
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

SHEETS = {
    "answers": mark("Vastaukset"),
    "groups": mark("Ryhmät"),
    "votes": mark("Äänestykset ja järjestykset"),
    "choices": mark("Valinnat ja asteikot"),
    "calendar": mark("Vuosikello"),
    "next": mark("Jatkotoimet"),
    "facts": mark("Tilaisuus"),
}


class _Sheet:
    """A sheet with a bold, frozen, filtered header row and sensible column widths."""

    def __init__(self, ws: Worksheet, header: Sequence[str], widths: Sequence[int]):
        self.ws = ws
        ws.append(list(header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = TOP_WRAP
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        self.columns = len(header)
        self.rows = 1  # ws.max_row scans every cell: count here instead

    def row(self, values: Iterable[Any], formats: dict[int, str] | None = None) -> None:
        self.rows += 1
        row = self.rows
        for col, value in enumerate(values, start=1):
            cell: Cell = self.ws.cell(row=row, column=col)
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"  # text, never a formula, whatever it starts with
                cell.alignment = TOP_WRAP if len(value) > 40 else TOP
            else:
                cell.value = value
                cell.alignment = TOP
                fmt = (formats or {}).get(col - 1)
                if fmt and value is not None:
                    cell.number_format = fmt

    def close(self) -> None:
        last = get_column_letter(self.columns)
        self.ws.auto_filter.ref = f"A1:{last}{self.rows}"


def _sheet(wb: Workbook, t: Texts, key: str, header, widths, first: bool = False) -> _Sheet:
    title = _SHEET_CHARS.sub(" ", t.tr(SHEETS[key]))[:31]
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    return _Sheet(ws, [t.tr(h) for h in header], widths)


def _who(t: Texts, association: str, sector: str) -> tuple[str, str]:
    return association, t.sector(sector) if sector else ""


def to_xlsx(report: Report) -> bytes:
    """The workbook as bytes (stable for the same report)."""
    t = Texts(report.lang)
    wb = Workbook()
    _answers(wb, t, report)
    _groups(wb, t, report)
    _votes(wb, t, report)
    _choices(wb, t, report)
    _calendar(wb, t, report)
    _next_steps(wb, t, report)
    _facts(wb, t, report)
    stamp = _date(report.date) or dt.date(2000, 1, 1)
    moment = dt.datetime(stamp.year, stamp.month, stamp.day, 12, 0, 0)
    wb.properties.created = moment
    wb.properties.modified = moment
    wb.properties.creator = "Työpaja"
    wb.properties.title = report.title
    wb.properties.language = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}[t.lang]
    return _stable_bytes(wb, (stamp.year, stamp.month, stamp.day, 12, 0, 0))


def _stable_bytes(wb: Workbook, stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """The workbook's bytes, the same for the same data: openpyxl's save() would stamp the
    file with the clock (its `modified` property and every zip entry's time)."""
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(written) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def _date(raw: str) -> dt.date | None:
    match = _ISO.match(raw or "")
    if not match:
        return None
    try:
        return dt.date(*(int(x) for x in match.groups()))
    except ValueError:
        return None


def _group_of(step: StepReport) -> dict[int, tuple[str, int]]:
    return {a.id: (g.title, g.votes) for g in step.groups for a in g.answers}


def _answers(wb: Workbook, t: Texts, report: Report) -> None:
    header = (
        mark("Teema"),
        mark("Kysymys"),
        mark("Vastaus"),
        mark("Tarkennus"),
        mark("Ryhmä"),
        mark("Ryhmän pisteet"),
        mark("Pisteet"),
        mark("Yhdistys"),
        mark("Toimiala"),
        mark("Osallistuja"),
        mark("Lähde"),
        mark("Vastauksen id"),
    )
    sheet = _sheet(wb, t, "answers", header, (18, 36, 60, 30, 28, 10, 8, 24, 20, 10, 10, 10), True)
    sources = {"phone": t.tr("puhelin"), "import": t.tr("tiedosto")}
    for step in report.steps:
        groups = _group_of(step)
        for a in step.visible:
            title, points = groups.get(a.id, ("", None))
            association, sector = _who(t, a.association, a.sector)
            sheet.row(
                (
                    step.theme_title,
                    step.text,
                    a.text,
                    a.followup,
                    title,
                    points,
                    a.votes,
                    association,
                    sector,
                    a.respondent,
                    sources.get(a.source, a.source),
                    a.id,
                ),
                {5: INTEGER, 6: INTEGER, 11: INTEGER},
            )
    sheet.close()


def _groups(wb: Workbook, t: Texts, report: Report) -> None:
    header = (
        mark("Teema"),
        mark("Kysymys"),
        mark("Sija"),
        mark("Ryhmä"),
        mark("Vastauksia"),
        mark("Pisteet"),
        mark("Ryhmittely"),
    )
    sheet = _sheet(wb, t, "groups", header, (18, 40, 6, 40, 11, 9, 16))
    how = {"facilitator": t.tr("ohjaaja"), "automatic": t.tr("automaattinen")}
    for step in report.steps:
        for place, group in enumerate(step.shown_groups, start=1):
            made = how["automatic"] if group.automatic else how["facilitator"]
            points = group.votes if step.voted_in else None
            sheet.row(
                (step.theme_title, step.text, place, group.title, len(group.answers), points, made),
                {2: INTEGER, 4: INTEGER, 5: INTEGER},
            )
    sheet.close()


def _votes(wb: Workbook, t: Texts, report: Report) -> None:
    header = (
        mark("Kysymys"),
        mark("Äänestys"),
        mark("Sija"),
        mark("Kohde"),
        mark("Pisteet"),
        mark("Äänestäjiä"),
    )
    sheet = _sheet(wb, t, "votes", header, (40, 16, 6, 50, 9, 11))
    kinds = {"dots": t.tr("pisteäänestys"), "rank": t.tr("järjestys")}
    for step in report.steps:
        r = step.result
        if r is None or r.kind not in kinds:
            continue
        places = ranks([i.points for i in r.items])
        for place, item in zip(places, r.items, strict=True):
            sheet.row(
                (step.text, kinds[r.kind], place, item.label, item.points, r.voters),
                {2: INTEGER, 4: "0.##", 5: INTEGER},
            )
        for item in r.unvoted:
            sheet.row((step.text, kinds[r.kind], None, item.label, 0, r.voters), {4: INTEGER})
    sheet.close()


def _choices(wb: Workbook, t: Texts, report: Report) -> None:
    header = (
        mark("Kysymys"),
        mark("Laji"),
        mark("Vaihtoehto tai arvo"),
        mark("Määrä"),
        mark("Osuus vastaajista"),
        mark("Vastaajia"),
        mark("Keskiarvo"),
        mark("Mediaani"),
    )
    sheet = _sheet(wb, t, "choices", header, (40, 12, 36, 8, 12, 10, 10, 10))
    formats = {3: INTEGER, 4: PERCENT, 5: INTEGER, 6: DECIMAL, 7: DECIMAL}
    for step in report.steps:
        r = step.result
        if r is None or r.kind not in ("choice", "scale"):
            continue
        if r.kind == "choice":
            for item in r.items:
                share = item.points / r.voters if r.voters else None
                row = (step.text, t.tr("valinta"), item.label, item.points, share, r.voters)
                sheet.row((*row, None, None), formats)
            continue
        low, high, low_label, high_label = r.scale
        labels = {low: low_label, high: high_label}
        for value, count in r.distribution:
            label = t.number(value) + (f" ({labels[value]})" if labels.get(value) else "")
            share = count / r.voters if r.voters else None
            sheet.row(
                (step.text, t.tr("asteikko"), label, count, share, r.voters, r.mean, r.median),
                formats,
            )
    sheet.close()


def _calendar(wb: Workbook, t: Texts, report: Report) -> None:
    header = (
        mark("Vuosi"),
        mark("Kuukausi"),
        mark("Kuukauden numero"),
        mark("Päivä"),
        mark("Tapahtuma"),
        mark("Järjestäjä"),
    )
    sheet = _sheet(wb, t, "calendar", header, (8, 12, 10, 10, 50, 32))
    for e in report.calendar:
        row = (report.calendar_year, t.month(e.month), e.month, e.day, e.what)
        sheet.row((*row, e.organiser or e.association), {0: INTEGER, 2: INTEGER})
    sheet.close()


def _next_steps(wb: Workbook, t: Texts, report: Report) -> None:
    """What is to be done: the agreed actions first, then proposals, last time's, answers."""
    header = (
        mark("Laji"),
        mark("Toimenpide"),
        mark("Vastuutaho"),
        mark("Aikataulu"),
        mark("Tila"),
        mark("Tilan huomio"),
        mark("Lähtökohta"),
        mark("Ehdottaja"),
        mark("Arvio (ka.)"),
        mark("Arvioijia"),
    )
    sheet = _sheet(wb, t, "next", header, (22, 60, 24, 16, 14, 30, 40, 24, 11, 10))
    formats = {8: DECIMAL, 9: INTEGER}
    agreed = actions.decided(report)
    for a in agreed:
        sheet.row(_action_row(t, t.tr("Sovittu"), a))
    for a in report.actions:
        if not a.decided and not a.hidden:
            sheet.row(_action_row(t, t.tr("Ehdotus"), a))
    if report.follow_up is not None:
        for c in report.follow_up.actions:
            row = _action_row(t, t.tr("Edellisestä työpajasta"), c.action)
            sheet.row((*row[:8], c.mean, c.voters or None), formats)
    for step in report.steps:
        if step.theme != NEXT_STEPS_THEME or step.kind != "open":
            continue
        for answer in step.visible:
            association, sector = _who(t, answer.association, answer.sector)
            what = f"{answer.text} ({answer.followup})" if answer.followup else answer.text
            row = (t.tr("Vastaus"), what, "", "", "", "", step.text, association or sector)
            sheet.row(row)
    sheet.close()


def _action_row(t: Texts, kind: str, a: actions.Action) -> tuple[Any, ...]:
    status = t.tr(actions.STATUS_NAMES.get(a.status, actions.STATUS_NAMES["not_started"]))
    proposer = t.tr("osallistuja") if a.origin == "participant" else t.tr("ohjaaja")
    return (kind, a.what, a.owner, a.deadline, status, a.note, a.source, proposer)


def _facts(wb: Workbook, t: Texts, report: Report) -> None:
    p = report.participation
    sheet = _sheet(wb, t, "facts", (mark("Tieto"), mark("Arvo")), (34, 50))
    date = _date(report.date)
    rows: list[tuple[str, Any, str | None]] = [
        (t.tr("Työpaja"), report.title, None),
        (t.tr("Kunta"), report.municipality, None),
        (t.tr("Päivämäärä"), date or report.date, DATE if date else None),
        (t.tr("Osallistujia (henkeä)"), p.people, INTEGER),
        (t.tr("Puhelimia"), p.phones, INTEGER),
        (t.tr("Pöytäryhmiä"), len(p.tables), INTEGER),
        (t.tr("Pöytäryhmissä henkeä"), p.table_people, INTEGER),
        (t.tr("Yhdistyksiä"), len(p.associations) + p.other_associations, INTEGER),
        (t.tr("Vastauksia"), p.answers, INTEGER),
        (t.tr("Vastaajia"), p.respondents, INTEGER),
        (t.tr("Tiedostosta tuotuja vastauksia"), p.imported, INTEGER),
        (t.tr("Äänestäjiä"), p.voters, INTEGER),
    ]
    for label, value, fmt in rows:
        sheet.row((label, value), {1: fmt} if fmt else None)
    for name in p.associations:
        sheet.row((t.tr("Yhdistys"), name))
    for sector, n in p.sectors:
        sheet.row((t.tr("Toimiala: %(sector)s", sector=t.sector(sector)), n), {1: INTEGER})
    for code, n in p.langs:
        sheet.row((t.tr("Kieli: %(lang)s", lang=t.lang_name(code)), n), {1: INTEGER})
    sheet.close()
