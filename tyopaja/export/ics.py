"""The annual calendar (vuosikello) as iCalendar (RFC 5545). Pure Python.

An entry with a day becomes an all-day event on that day. An entry with only a month (or a
day that is not a date, such as "alkukuu") becomes a one-day reminder on the first day of the
month whose title says the day is not known, with the day as written in the description; a
month-long event would fill every day of the month in a calendar and hide the real dates.
Entries on the same day say so in their description. The year is the step's calendar year
(docs/export.md, "Vuosikello"). Text values are escaped and lines folded at 75 octets.
"""

from __future__ import annotations

import calendar as cal
import re
from datetime import date

from tyopaja.export.model import CalendarEntry, Report
from tyopaja.export.texts import MONTHS, Texts

PRODID = "-//Tyopaja//Vuosikello//FI"
_YEAR = re.compile(r"^(\d{4})-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped."""
    value = _CONTROL.sub(" ", value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded into pieces of at most 75 octets (continuations start with a space)."""
    pieces, current, size, limit = [], "", 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def _stamp(created_at: str) -> str:
    """ISO 8601 UTC text (2026-11-26T18:04:05.123Z) as 20261126T180405Z."""
    digits = re.sub(r"[^0-9]", "", created_at)[:14]
    return f"{digits[:8]}T{digits[8:14]}Z" if len(digits) == 14 else "19700101T000000Z"


def _year(report: Report, entry: CalendarEntry) -> int:
    step = report.step(entry.step)
    if step is not None and step.year:
        return step.year
    for text in (report.date, entry.created_at):
        match = _YEAR.match(text or "")
        if match:
            return int(match.group(1))
    return 2000


def _dates(entry: CalendarEntry, year: int) -> tuple[date, bool]:
    """The day of the event (the first of the month when the day is not a date), and whether
    the day was a real date."""
    day = entry.day.strip().rstrip(".")
    if day.isdigit() and 1 <= int(day) <= cal.monthrange(year, entry.month)[1]:
        return date(year, entry.month, int(day)), True
    return date(year, entry.month, 1), False


def clashes(entries: list[CalendarEntry] | tuple[CalendarEntry, ...]) -> dict[int, list[str]]:
    """For each entry on a day that has other entries too: what the others are."""
    by_day: dict[tuple[int, int], list[CalendarEntry]] = {}
    for entry in entries:
        day = entry.day.strip().rstrip(".")
        if day.isdigit():
            by_day.setdefault((entry.month, int(day)), []).append(entry)
    out: dict[int, list[str]] = {}
    for same in by_day.values():
        if len(same) > 1:
            for entry in same:
                out[entry.id] = [other.what for other in same if other.id != entry.id]
    return out


def _event(report: Report, entry: CalendarEntry, t: Texts, others: list[str]) -> list[str]:
    start, exact = _dates(entry, _year(report, entry))
    notes = []
    who = entry.organiser or entry.association
    if who:
        notes.append(t.tr("Järjestäjä: %(who)s", who=who))
    summary = entry.what
    if not exact:
        summary = t.tr(
            "%(what)s (%(month)s, päivä ei tiedossa)",
            what=entry.what,
            month=t.tr(MONTHS[entry.month - 1]),
        )
        notes.append(
            t.tr("Päivä: %(day)s", day=entry.day)
            if entry.day.strip()
            else t.tr("Vain kuukausi on tiedossa; tämä on muistutus kuun alussa.")
        )
    if others:
        notes.append(t.tr("Samana päivänä myös: %(others)s", others="; ".join(others)))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{report.code}-{entry.id}@tyopaja",
        f"DTSTAMP:{_stamp(entry.created_at)}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{date.fromordinal(start.toordinal() + 1):%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if notes:
        lines.append(f"DESCRIPTION:{escape_text(chr(10).join(notes))}")
    lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return lines


def calendar_name(report: Report, t: Texts) -> str:
    """'Yhdistysilta 2026: vuosikello', or the title alone when it already says vuosikello."""
    word = t.tr("Vuosikello")
    if word.casefold() in report.title.casefold():
        return report.title
    return t.tr("%(title)s: vuosikello", title=report.title)


def to_ics(report: Report) -> str:
    """The visible calendar entries as an iCalendar file (CRLF line ends)."""
    t = Texts(report.lang)
    name = calendar_name(report, t)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    same_day = clashes(report.calendar)
    for entry in report.calendar:
        lines += _event(report, entry, t, same_day.get(entry.id, []))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
