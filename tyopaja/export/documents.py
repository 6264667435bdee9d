"""The Markdown documents: cooperation document, welfare report, full record, participants' summary.

Each shape places every shown step exactly once: by its theme into the shape's sections
(outlines in docs/export.md), themes the shape does not know into sections of their own.
Pure Python.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import markdown as m
from .model import Report, StepReport
from .safe import md
from .texts import Texts, mark

VOTE_KINDS = ("dots", "rank")


@dataclass(frozen=True)
class Document:
    """A rendered Markdown document and the ids of the steps whose charts it shows."""

    shape: str
    markdown: str
    charts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A section of a shape: the themes it takes, and whether it gathers the votes."""

    title: str  # a marked msgid
    themes: tuple[str, ...] = ()
    votes: bool = False  # takes every dots and rank step
    calendar: bool = False  # shows the annual calendar as a month table


COOPERATION = (
    Section(mark("Tavoitteet ja periaatteet"), ("pelisaannot",)),
    Section(mark("Yhteistyörakenteet ja järjestöyhdyshenkilö"), ("yhteistyo", "yhdistysyhteistyo")),
    Section(mark("Avustukset"), ("avustukset",)),
    Section(mark("Tilat"), ("tilat",)),
    Section(mark("Viestintä"), ("viestinta",)),
    Section(
        mark("Yhdistykset hyvinvointityössä"),
        (
            "hyvinvointi",
            "ilot-ja-huolet",
            "tavoitetut-ryhmat",
            "hiljaiset-signaalit",
            "toimenpiteet",
            "itsearvio",
        ),
    ),
    Section(mark("Vuosikello"), ("vuosikello",), calendar=True),
    Section(mark("Priorisointi"), ("priorisointi",), votes=True),
    Section(mark("Jatkotoimet"), ("jatkotoimet",)),
)

WELFARE_TOPICS = (
    Section(mark("Ilon- ja huolenaiheet"), ("ilot-ja-huolet",)),
    Section(mark("Hiljaiset signaalit ja uudet ilmiöt"), ("hiljaiset-signaalit",)),
    Section(
        mark("Yhdistysten toiminta ja tavoitetut ryhmät"), ("tavoitetut-ryhmat", "hyvinvointi")
    ),
)
WELFARE_ACTIONS = Section(
    mark("Ehdotetut tavoitteet, toimenpiteet ja kumppanit"),
    ("toimenpiteet", "jatkotoimet", "priorisointi"),
    votes=True,
)
WELFARE_SELF = Section(mark("Järjestöystävällisyyden itsearvio"), ("itsearvio",))


def shown_steps(report: Report) -> list[StepReport]:
    """The steps a document shows (info steps never reach the report)."""
    return list(report.steps)


def _place(steps: Sequence[StepReport], sections: Sequence[Section]) -> tuple[list, list]:
    """Steps per section, and the steps no section takes (in script order)."""
    placed: list[list[StepReport]] = [[] for _ in sections]
    rest: list[StepReport] = []
    voting = next((i for i, s in enumerate(sections) if s.votes), None)
    for step in steps:
        if voting is not None and step.kind in VOTE_KINDS:
            placed[voting].append(step)
            continue
        index = next((i for i, s in enumerate(sections) if step.theme in s.themes), None)
        (placed[index] if index is not None else rest).append(step)
    return placed, rest


def _by_theme(steps: Sequence[StepReport]) -> list[tuple[str, list[StepReport]]]:
    """Consecutive runs of steps by theme title, in script order."""
    runs: list[tuple[str, list[StepReport]]] = []
    for step in steps:
        title = step.theme_title if step.theme else ""
        if runs and runs[-1][0] == title:
            runs[-1][1].append(step)
        else:
            runs.append((title, [step]))
    return runs


def _theme_heading(t: Texts, title: str) -> str:
    return md(title) if title else t.tr("Muut kysymykset")


def _header(w: m.Writer, report: Report, kind: str, intro: str) -> None:
    w.heading(1, w.t.tr("%(kind)s: %(title)s", kind=w.t.tr(kind), title=md(report.title)))
    w.para(intro)


def _steps(w: m.Writer, steps: Sequence[StepReport], level: int, report: Report) -> None:
    for step in steps:
        m.step_block(w, step, level, report)


# -- cooperation document -----------------------------------------------------------------


def cooperation(report: Report, charts: bool = True) -> Document:
    """Material for the cooperation document (järjestöyhteistyöasiakirja), by its chapters."""
    w = m.Writer(Texts(report.lang), charts)
    t = w.t
    _header(
        w,
        report,
        mark("Yhteistyöasiakirjan aineisto"),
        t.tr(
            "Tämä aineisto on koottu yhdistysten työpajasta. Se on järjestetty"
            " järjestöyhteistyöasiakirjan lukujen mukaan. Vastaukset ovat osallistujien omia"
            " sanoja. Sähköpostiosoitteet ja puhelinnumerot on poistettu."
        ),
    )
    w.heading(2, t.tr("Tilaisuus ja osallistujat"))
    m.participation_block(w, report)
    placed, rest = _place(shown_steps(report), COOPERATION)
    missing = []
    for section, steps in zip(COOPERATION, placed, strict=True):
        if section.calendar:
            steps = [s for s in steps if s.kind != "event"]
            if not steps and not report.calendar:
                missing.append(t.tr(section.title))
                continue
        elif not steps:
            missing.append(t.tr(section.title))
            continue
        w.heading(2, t.tr(section.title))
        if section.calendar:
            _calendar(w, report)
        _steps(w, steps, 3, report)
    for title, steps in _by_theme(rest):
        w.heading(2, _theme_heading(t, title))
        _steps(w, steps, 3, report)
    if missing:
        w.para(
            t.tr(
                "Näistä asiakirjan luvuista ei kysytty tässä työpajassa: %(names)s.",
                names=", ".join(missing),
            )
        )
    appendix(w, report)
    return Document("md", w.text(), tuple(w.charts))


def _calendar(w: m.Writer, report: Report) -> None:
    t = w.t
    if not report.calendar:
        return
    text = t.trn(
        "Vuosikelloon lisättiin %(num)s tapahtuma.",
        "Vuosikelloon lisättiin %(num)s tapahtumaa.",
        len(report.calendar),
    )
    if report.calendar_year:
        text += " " + t.tr("Vuosikello koskee vuotta %(year)s.", year=report.calendar_year)
    w.para(text)
    m.month_table(w, report.calendar)


# -- welfare report ---------------------------------------------------------------------


def welfare(report: Report, charts: bool = True) -> Document:
    """Material for the welfare report (hyvinvointikertomus)."""
    w = m.Writer(Texts(report.lang), charts)
    t = w.t
    _header(
        w,
        report,
        mark("Hyvinvointikertomuksen aineisto"),
        t.tr(
            "Tämä aineisto on koottu yhdistysten työpajasta hyvinvointikertomuksen valmistelua"
            " varten. Se kertoo, mitä yhdistykset näkevät kuntalaisten arjessa. Vastaukset ovat"
            " osallistujien omia sanoja. Sähköpostiosoitteet ja puhelinnumerot on poistettu."
        ),
    )
    w.heading(2, t.tr("Tiivistelmä"))
    abstract(w, report)
    w.heading(2, t.tr("Osallistuminen ja menetelmä"))
    m.participation_block(w, report)
    w.para(
        t.tr(
            "Osallistujat eivät ole edustava otos kuntalaisista. He ovat yhdistysten jäseniä ja"
            " toimijoita, jotka tulivat paikalle. Vastaukset kertovat, mitä yhdistykset näkevät"
            " omassa toiminnassaan (kokemustieto). Niitä kannattaa lukea tilastojen rinnalla."
        )
    )
    sections = (*WELFARE_TOPICS, WELFARE_ACTIONS, WELFARE_SELF)
    placed, rest = _place(shown_steps(report), sections)
    for section, steps in zip(WELFARE_TOPICS, placed, strict=False):
        if steps:
            w.heading(2, t.tr(section.title))
            _steps(w, steps, 3, report)
    if rest:
        w.heading(2, t.tr("Vahvuudet ja kehittämiskohteet"))
        for title, steps in _by_theme(rest):
            w.heading(3, _theme_heading(t, title))
            _steps(w, steps, 4, report)
    if placed[-2]:
        w.heading(2, t.tr(WELFARE_ACTIONS.title))
        _steps(w, placed[-2], 3, report)
    w.heading(2, t.tr(WELFARE_SELF.title))
    self_assessment(w, placed[-1], report)
    appendix(w, report)
    return Document("md-welfare", w.text(), tuple(w.charts))


def abstract(w: m.Writer, report: Report) -> None:
    """A plain-language summary: who came, what was said most, what won the votes."""
    t, p = w.t, report.participation
    text = m.came_text(t, p)
    text += " " + t.tr("He antoivat %(answers)s.", answers=m.answers_phrase(t, p.answers))
    w.para(text)
    lines = []
    for step in report.steps:
        line = _abstract_line(t, step)
        if line:
            lines.append(f"**{md(step.text)}** {line}")
    if lines:
        w.para(t.tr("Tärkeimmät asiat kysymyksittäin:"))
        w.bullets(lines)


def _abstract_line(t: Texts, step: StepReport) -> str:
    if step.kind == "open" and step.shown_groups:
        largest = sorted(step.shown_groups, key=lambda g: -len(g.answers))[:3]
        names = ", ".join(
            f"{m.group_title(t, g)} ({m.answers_phrase(t, len(g.answers))})" for g in largest
        )
        return t.tr("Useimmin mainittiin: %(names)s.", names=names)
    result = step.result
    if result is None or not result.voters:
        return ""
    if result.kind == "scale":
        return t.tr(
            "Keskiarvo %(mean)s asteikolla %(low)s–%(high)s (%(n)s vastaajaa).",
            mean=t.number(result.mean),
            low=t.number(result.scale[0]),
            high=t.number(result.scale[1]),
            n=t.number(result.voters),
        )
    top = m.top_items(step)
    if not top:
        return ""
    names = ", ".join(f"{md(i.label)} ({m.points_phrase(t, i.points)})" for i in top)
    return t.tr("Eniten kannatusta sai: %(names)s.", names=names)


def self_assessment(w: m.Writer, steps: Sequence[StepReport], report: Report) -> None:
    """The seven-criteria self-assessment: a table of the scale steps, then every step."""
    t = w.t
    if not steps:
        w.para(
            t.tr(
                "Järjestöystävällisyyden itsearviota ei tehty tässä työpajassa. Sen voi tehdä"
                " valmiilla käsikirjoituksella %(name)s.",
                name="jarjestoystavallinen-kunta.md",
            )
        )
        return
    scales = [s for s in steps if s.result and s.result.kind == "scale"]
    if scales:
        rows = [
            (
                md(s.text),
                t.number(s.result.voters),
                t.number(s.result.mean),
                t.number(s.result.median),
            )
            for s in scales
            if s.result
        ]
        header = (t.tr("Tuntomerkki"), t.tr("Vastaajia"), t.tr("Keskiarvo"), t.tr("Mediaani"))
        w.table(header, rows, right={1, 2, 3})
    _steps(w, steps, 3, report)


# -- full record, appendix, participants' summary --------------------------------------


def full(report: Report, charts: bool = True) -> Document:
    """Every step in script order with everything it collected (hidden answers left out)."""
    w = m.Writer(Texts(report.lang), charts)
    t = w.t
    _header(
        w,
        report,
        mark("Työpajan koko aineisto"),
        t.tr(
            "Tässä ovat kaikki työpajan kysymykset, vastaukset, ryhmät ja äänestysten tulokset"
            " käsikirjoituksen järjestyksessä. Sähköpostiosoitteet ja puhelinnumerot on poistettu."
        ),
    )
    w.heading(2, t.tr("Tilaisuus ja osallistujat"))
    m.participation_block(w, report)
    for title, steps in _by_theme(shown_steps(report)):
        w.heading(2, _theme_heading(t, title))
        _steps(w, steps, 3, report)
    return Document("md-full", w.text(), tuple(w.charts))


def appendix(w: m.Writer, report: Report) -> None:
    """Every visible answer verbatim, by theme and question."""
    t = w.t
    open_steps = [s for s in report.steps if s.kind == "open" and s.visible]
    if not open_steps:
        return
    w.heading(2, t.tr("Liite: kaikki vastaukset"))
    w.para(
        t.tr(
            "Tässä ovat kaikki vastaukset sellaisinaan teemoittain ja kysymyksittäin."
            " Ohjaajan piilottamat vastaukset eivät ole mukana."
        )
    )
    for title, steps in _by_theme(open_steps):
        w.heading(3, _theme_heading(t, title))
        for step in steps:
            w.heading(4, md(step.text))
            w.bullets(m.quote_line(t, a) for a in step.visible)


def summary(report: Report) -> Document:
    """What the participants see after the evening: results without who said what."""
    w = m.Writer(Texts(report.lang), charts=False)
    t, p = w.t, report.participation
    w.heading(1, md(report.title))
    place = " · ".join(md(x) for x in (report.municipality, t.date(report.date)) if x)
    if place:
        w.para(place)
    w.para(
        t.tr(
            "Kiitos, että olit mukana! Tässä on yhteenveto siitä, mitä työpajassa sanottiin"
            " ja mistä äänestettiin."
        )
    )
    w.para(m.came_text(t, p) + " " + t.tr("Vastauksia tuli %(n)s.", n=t.number(p.answers)))
    for title, steps in _by_theme(shown_steps(report)):
        w.heading(2, _theme_heading(t, title))
        for step in steps:
            w.heading(3, md(step.text))
            _summary_step(w, step, report)
    return Document("summary", w.text())


def _summary_step(w: m.Writer, step: StepReport, report: Report) -> None:
    t = w.t
    if step.kind == "event":
        m.entries_table(w, step.visible_entries, step_empty=True)
    elif step.kind != "open":
        if step.result is not None:
            m.result_block(w, step, report)
    elif step.shown_groups:
        lines = []
        for group in step.shown_groups:
            details = [m.answers_phrase(t, len(group.answers))]
            if step.voted_in:
                details.append(m.points_phrase(t, group.votes))
            lines.append(f"{m.group_title(t, group)} – {', '.join(details)}")
        w.bullets(lines)
        if step.ungrouped:
            w.para(
                t.trn(
                    "Lisäksi %(num)s muu vastaus.",
                    "Lisäksi %(num)s muuta vastausta.",
                    len(step.ungrouped),
                )
            )
    elif step.visible:
        w.bullets(m.quote_line(t, a, who=False) for a in step.visible)
    else:
        w.para(t.tr("Tähän kysymykseen ei tullut vastauksia."))


SHAPES: dict[str, Callable[..., Document]] = {
    "md": cooperation,
    "md-welfare": welfare,
    "md-full": full,
}
