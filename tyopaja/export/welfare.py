"""The welfare report's material (hyvinvointikertomuksen aineisto). Pure Python."""

from __future__ import annotations

from collections.abc import Sequence

from tyopaja.export import actions as next_steps
from tyopaja.export import markdown as m
from tyopaja.export import steps as s
from tyopaja.export.layout import (
    Document,
    Section,
    appendix,
    by_theme,
    header,
    place,
    shown_steps,
    step_blocks,
    theme_heading,
)
from tyopaja.export.model import Report, StepReport
from tyopaja.export.safe import md
from tyopaja.export.texts import Texts, mark

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


# -- welfare report ---------------------------------------------------------------------


def welfare(report: Report, charts: bool = True) -> Document:
    """Material for the welfare report (hyvinvointikertomus)."""
    w = m.Writer(Texts(report.lang), charts)
    t = w.t
    header(
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
    placed, rest = place(shown_steps(report), sections)
    for section, steps in zip(WELFARE_TOPICS, placed, strict=False):
        if steps:
            w.heading(2, t.tr(section.title))
            step_blocks(w, steps, 3, report)
    if rest:
        w.heading(2, t.tr("Vahvuudet ja kehittämiskohteet"))
        for title, steps in by_theme(rest):
            w.heading(3, theme_heading(t, title))
            step_blocks(w, steps, 4, report)
    if placed[-2] or next_steps.decided(report):
        w.heading(2, t.tr(WELFARE_ACTIONS.title))
        step_blocks(w, placed[-2], 3, report)
        next_steps.actions_block(w, report, 3)
    if report.follow_up is not None:
        w.heading(2, t.tr("Arviointi"))
        next_steps.follow_up_block(w, report, 3)
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
    top = s.top_items(step)
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
    scales = [st for st in steps if st.result and st.result.kind == "scale"]
    if scales:
        rows = [
            (
                md(st.text),
                t.number(st.result.voters),
                t.number(st.result.mean),
                t.number(st.result.median),
            )
            for st in scales
            if st.result
        ]
        columns = (t.tr("Tuntomerkki"), t.tr("Vastaajia"), t.tr("Keskiarvo"), t.tr("Mediaani"))
        w.table(columns, rows, right={1, 2, 3})
    step_blocks(w, steps, 3, report)
