"""Markdown building blocks: a writer, small phrases and the participation block.

Every text that is not ours goes through `safe.md` before it is written, so participant
text (and script or facilitator text) can never become Markdown structure. Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tyopaja.export.model import (
    Answer,
    CalendarEntry,
    Group,
    Item,
    Participation,
    Report,
    StepReport,
)
from tyopaja.export.safe import md
from tyopaja.export.texts import Texts

CHART_DIR = "kaaviot"


def chart_path(step_id: str) -> str:
    """Where the chart of a step lives beside the Markdown."""
    return f"{CHART_DIR}/{step_id}.svg"


class Writer:
    """Collects Markdown blocks (separated by blank lines) and the charts they refer to."""

    def __init__(self, texts: Texts, charts: bool = True, quotes: int | None = None):
        self.t = texts
        self.quotes = quotes  # answers quoted per group in the body; the rest in the appendix
        self.blocks: list[str] = []
        self.with_charts = charts
        self.charts: list[str] = []  # step ids whose chart is referenced

    def heading(self, level: int, text: str) -> None:
        """A heading; `text` must already be Markdown-safe."""
        self.blocks.append(f"{'#' * min(level, 6)} {text}")

    def para(self, text: str) -> None:
        """A paragraph of Markdown-safe text."""
        if text:
            self.blocks.append(text)

    def bullets(self, items: Iterable[str]) -> None:
        """A bullet list of Markdown-safe lines."""
        lines = [f"- {item}" for item in items]
        if lines:
            self.blocks.append("\n".join(lines))

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]], right: set[int]) -> None:
        """A GFM table; cells are Markdown-safe; columns in `right` are right-aligned."""
        rule = ["---:" if i in right else "---" for i in range(len(header))]
        lines = [_row(header), _row(rule), *(_row(r) for r in rows)]
        self.blocks.append("\n".join(lines))

    def chart(self, step: StepReport, alt: str) -> None:
        """An image of the step's chart (SVG beside the Markdown)."""
        if self.with_charts:
            self.charts.append(step.id)
            self.blocks.append(f"![{md(alt)}]({chart_path(step.id)})")

    def text(self) -> str:
        """The document."""
        return "\n\n".join(self.blocks) + "\n"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


# -- small phrases ----------------------------------------------------------------------


def answers_phrase(t: Texts, n: int) -> str:
    """'6 vastausta'."""
    return t.trn("%(num)s vastaus", "%(num)s vastausta", n)


def points_phrase(t: Texts, n: float) -> str:
    """'22 pistettä'."""
    return t.trn("%(num)s piste", "%(num)s pistettä", int(n))


def percent(t: Texts, part: float, whole: float) -> str:
    """'42 %' (a no-break space before the sign, as in Finnish and Swedish)."""
    value = round(100 * part / whole) if whole else 0
    return f"{value}%" if t.lang == "en" else f"{value}\u00a0%"


def attribution(t: Texts, answer: Answer) -> str:
    """Who said it: the association, else the sector, else nothing."""
    if answer.association:
        return md(answer.association)
    if answer.sector:
        return md(t.sector(answer.sector))
    return ""


def quote_line(t: Texts, answer: Answer, *, who: bool = True) -> str:
    """An answer quoted verbatim, with its follow-up reply and who gave it."""
    line = t.quote(md(answer.text))
    if answer.followup:
        line += " " + t.tr("(tarkennus: %(text)s)", text=t.quote(md(answer.followup)))
    by = attribution(t, answer) if who else ""
    return f"{line} – {by}" if by else line


def group_title(t: Texts, group: Group) -> str:
    """A group's title, or a neutral name if it has none."""
    return md(group.title) if group.title.strip() else t.tr("Nimetön ryhmä")


def ranks(values: Sequence[float]) -> list[int]:
    """Competition ranks (1, 1, 3) of values sorted best first."""
    out: list[int] = []
    for i, value in enumerate(values):
        out.append(out[-1] if i and value == values[i - 1] else i + 1)
    return out


def ranked_rows(t: Texts, items: Sequence[Item]) -> list[tuple[str, str, str]]:
    """Table rows 'place, label, points'; equal points share a place."""
    places = ranks([i.points for i in items])
    return [(f"{p}.", md(i.label), t.number(i.points)) for p, i in zip(places, items, strict=True)]


def day_text(entry: CalendarEntry) -> str:
    """'15.3.' for a bare day number, else the day as written."""
    day = entry.day.strip().rstrip(".")
    if day.isdigit() and 1 <= int(day) <= 31:
        return f"{int(day)}.{entry.month}."
    return md(entry.day)


def organiser(entry: CalendarEntry) -> str:
    """Who organises: as written, else the association of whoever added it."""
    return md(entry.organiser or entry.association)


# -- the occasion and participation ------------------------------------------------------


def item(label: str, value: str) -> str:
    """'**Label:** value' for the participation list."""
    return f"**{label}:** {value}"


def participation_block(w: Writer, report: Report, *, method: bool = True) -> None:
    """Date, municipality, method and who took part, as a list whose figures add up."""
    t, p = w.t, report.participation
    items = []
    if report.municipality:
        items.append(item(t.tr("Kunta"), md(report.municipality)))
    if report.date:
        items.append(item(t.tr("Päivämäärä"), md(t.date(report.date))))
    if method:
        items.append(item(t.tr("Menetelmä"), method_text(t, report)))
    items.append(item(t.tr("Osallistujat"), hall_text(t, p)))
    if p.tables:
        items.append(item(t.tr("Pöytäryhmät"), tables_text(t, p)))
    if p.associations or p.other_associations:
        count = len(p.associations) + p.other_associations
        label = (
            t.tr("Vastanneiden yhdistykset (%(n)s)", n=t.number(count))
            if p.vote_only
            else t.tr("Yhdistykset (%(n)s)", n=t.number(count))
        )
        named = [md(a) for a in p.associations]
        if p.other_associations:
            named.append(
                t.trn(
                    "%(num)s muu yhdistys, jolta vastasi alle kolme henkeä",
                    "%(num)s muuta yhdistystä, joilta vastasi alle kolme henkeä",
                    p.other_associations,
                )
            )
        items.append(item(label, "; ".join(named)))
    if p.sectors:
        sectors = ", ".join(f"{md(t.sector(s))} {t.number(n)}" for s, n in p.sectors)
        items.append(item(t.tr("Vastaajien toiminta-alat"), sectors))
    if len(p.langs) > 1:
        langs = ", ".join(f"{t.lang_name(code)} {t.number(n)}" for code, n in p.langs)
        items.append(item(t.tr("Kielet"), langs))
    items.append(item(t.tr("Vastaukset"), answers_text(t, report)))
    if p.imported:
        items.append(item(t.tr("Tuodut vastaukset"), imported_text(t, p)))
    w.bullets(items)


def hall_text(t: Texts, p: Participation) -> str:
    """People in the hall, phones, and the phones that only voted."""
    if not p.phones:
        return t.tr("Työpajassa ei vastattu puhelimilla.")
    text = people_text(t, p) + " "
    text += t.trn("Käytössä oli %(num)s puhelin.", "Käytössä oli %(num)s puhelinta.", p.phones)
    if p.vote_only:
        text += " " + t.trn(
            "%(num)s puhelimella vain äänestettiin.",
            "%(num)s puhelimella vain äänestettiin.",
            p.vote_only,
        )
    if p.idle:
        text += " " + t.trn(
            "%(num)s puhelimella ei vastattu eikä äänestetty.",
            "%(num)s puhelimella ei vastattu eikä äänestetty.",
            p.idle,
        )
    return text


def imported_text(t: Texts, p: Participation) -> str:
    """'40 vastausta tuotiin tiedostosta …, 12 vastaajalta.' (the people only when known)."""
    text = t.trn(
        "%(num)s vastaus tuotiin tiedostosta (esimerkiksi ennakkokyselystä tai paperilomakkeilta)",
        "%(num)s vastausta tuotiin tiedostosta (esimerkiksi ennakkokyselystä"
        " tai paperilomakkeilta)",
        p.imported,
    )
    if p.imported_people and not p.imported_unlabelled:
        text += ", " + t.trn("%(num)s vastaajalta", "%(num)s vastaajalta", p.imported_people)
    elif p.imported_people:
        text += ", " + t.trn(
            "%(num)s tunnistetulta vastaajalta",
            "%(num)s tunnistetulta vastaajalta",
            p.imported_people,
        )
        text += "; " + t.trn(
            "%(num)s vastaus on ilman vastaajan tietoja",
            "%(num)s vastausta on ilman vastaajan tietoja",
            p.imported_unlabelled,
        )
    return text + "."


def people_text(t: Texts, p: Participation) -> str:
    """'30 henkeä: 23 omalla puhelimella ja 7 pöytäryhmissä.'"""
    total = t.trn("%(num)s henkilö", "%(num)s henkeä", p.people)
    if not p.tables:
        return total + "."
    alone = p.people - p.table_people
    return t.tr(
        "%(total)s: %(alone)s omalla puhelimella ja %(tables)s pöytäryhmissä.",
        total=total,
        alone=t.number(alone),
        tables=t.number(p.table_people),
    )


def came_text(t: Texts, p: Participation) -> str:
    """'Työpajaan osallistui 30 henkeä. Vastauksia antoi 14 yhdistystä.' – never '0 henkeä'."""
    parts = []
    if p.people:
        parts.append(
            t.trn(
                "Työpajaan osallistui %(num)s henkilö.",
                "Työpajaan osallistui %(num)s henkeä.",
                p.people,
            )
        )
    if p.imported:
        if p.imported_people and not p.imported_unlabelled:
            parts.append(
                t.trn(
                    "Lisäksi %(num)s henkilö vastasi ennakkoon tai paperilla.",
                    "Lisäksi %(num)s henkeä vastasi ennakkoon tai paperilla.",
                    p.imported_people,
                )
                if p.people
                else t.trn(
                    "%(num)s henkilö vastasi ennakkoon tai paperilla.",
                    "%(num)s henkeä vastasi ennakkoon tai paperilla.",
                    p.imported_people,
                )
            )
        else:
            parts.append(
                t.trn(
                    "%(num)s vastaus tuli ennakkoon tai paperilla.",
                    "%(num)s vastausta tuli ennakkoon tai paperilla.",
                    p.imported,
                )
            )
    if p.typed and not p.phones:
        parts.append(
            t.trn(
                "Ohjaaja kirjasi lisäksi %(num)s vastauksen.",
                "Ohjaaja kirjasi lisäksi %(num)s vastausta.",
                p.typed,
            )
        )
    if p.associations or p.other_associations:
        parts.append(
            t.trn(
                "Vastaajat edustivat %(num)s yhdistystä.",
                "Vastaajat edustivat %(num)s yhdistystä.",
                len(p.associations) + p.other_associations,
            )
        )
    return " ".join(parts)


def tables_text(t: Texts, p: Participation) -> str:
    """'2 pöytäryhmää, yhteensä 7 henkeä (Pöytä 4: 3; Pöytä 7: 4).'"""
    count = t.trn("%(num)s pöytäryhmä", "%(num)s pöytäryhmää", len(p.tables))
    people = t.trn("yhteensä %(num)s henkilö", "yhteensä %(num)s henkeä", p.table_people)
    unnamed = t.tr("nimetön pöytä")
    labels = "; ".join(f"{md(label) or unnamed}: {t.number(n)}" for label, n in p.tables)
    return f"{count}, {people} ({labels})."


def answers_text(t: Texts, report: Report) -> str:
    """How many answers to how many questions, where they came from, hidden ones, voters."""
    questions = sum(1 for s in report.steps if s.kind == "open")
    p = report.participation
    text = t.tr(
        "%(answers)s %(questions)s.",
        answers=answers_phrase(t, p.answers),
        questions=t.trn("%(num)s kysymykseen", "%(num)s kysymykseen", questions),
    )
    sources = []
    if p.phone_answers and (p.imported or p.typed):
        sources.append(t.trn("%(num)s puhelimella", "%(num)s puhelimella", p.phone_answers))
    if p.typed and (p.imported or p.phone_answers):
        sources.append(t.trn("%(num)s ohjaajan kirjaamana", "%(num)s ohjaajan kirjaamana", p.typed))
    if p.imported and (p.typed or p.phone_answers):
        sources.append(t.trn("%(num)s tiedostosta", "%(num)s tiedostosta", p.imported))
    if sources:
        text += " " + t.tr("Niistä %(parts)s.", parts=and_list(t, sources))
    elif p.typed:
        text += " " + t.tr("Ohjaaja kirjasi ne (esimerkiksi paperilapuilta).")
    if p.hidden:
        text += " " + t.trn(
            "Ohjaaja piilotti %(num)s vastauksen; sitä ei näytetä eikä laskettu mukaan.",
            "Ohjaaja piilotti %(num)s vastausta; niitä ei näytetä eikä laskettu mukaan.",
            p.hidden,
        )
    if p.voters:
        text += " " + t.trn(
            "%(num)s osallistuja äänesti.", "%(num)s osallistujaa äänesti.", p.voters
        )
    return text


def and_list(t: Texts, parts: Sequence[str]) -> str:
    """'a, b ja c'."""
    if len(parts) < 2:
        return "".join(parts)
    return t.tr("%(first)s ja %(last)s", first=", ".join(parts[:-1]), last=parts[-1])


def method_text(t: Texts, report: Report) -> str:
    """How the workshop worked, in plain words, from what actually happened."""
    p = report.participation
    parts = []
    if p.phones:
        parts.append(
            t.tr(
                "Osallistujat vastasivat kysymyksiin omalla puhelimellaan, yksin tai pöytäryhmänä."
                " Vastaukset näkyivät salin näytöllä ilman nimiä."
            )
        )
    if p.typed:
        parts.append(t.tr("Ohjaaja kirjasi paperilla annetut vastaukset mukaan."))
    if p.imported:
        parts.append(
            t.tr(
                "Osa vastauksista tuotiin tiedostosta (esimerkiksi ennakkokyselystä tai"
                " paperilomakkeilta)."
            )
            if p.phones or p.typed
            else t.tr(
                "Vastaukset tuotiin tiedostosta (esimerkiksi ennakkokyselystä tai"
                " paperilomakkeilta)."
            )
        )
    hows = {s.grouping for s in report.steps}
    if "facilitator" in hows:
        parts.append(t.tr("Ohjaaja kokosi samankaltaiset vastaukset ryhmiksi."))
    if "automatic" in hows:
        parts.append(
            t.tr(
                "Osa vastauksista on ryhmitelty automaattisesti sanojen samankaltaisuuden"
                " perusteella tätä aineistoa varten; tarkista ne ryhmät ennen käyttöä."
            )
        )
    if any(s.result and s.result.voters for s in report.steps):
        parts.append(t.tr("Osallistujat äänestivät myös tärkeimmistä asioista."))
    return " ".join(parts)
