"""What the participants see after the evening: results without who said what. Pure Python."""

from __future__ import annotations

from tyopaja.export import markdown as m
from tyopaja.export import steps as s
from tyopaja.export.layout import Document, by_theme, shown_steps, theme_heading
from tyopaja.export.model import Report, StepReport
from tyopaja.export.safe import md
from tyopaja.export.texts import Texts


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
    for title, steps in by_theme(shown_steps(report)):
        w.heading(2, theme_heading(t, title))
        _chapter_text(w, steps, report)
        for step in steps:
            w.heading(3, md(step.text))
            _reviewed_text(w, step)
            _summary_step(w, step, report)
    return Document("summary", w.text())


def _chapter_text(w: m.Writer, steps: list[StepReport], report: Report) -> None:
    """A chapter's summary, once the facilitator reviewed it (participants see no drafts)."""
    for key in dict.fromkeys(st.theme for st in steps if st.theme):
        chapter = report.chapter(key)
        if chapter and chapter.reviewed and chapter.summary:
            w.para(md(chapter.summary))


def _reviewed_text(w: m.Writer, step: StepReport) -> None:
    """A step's summary once reviewed; else, where it has groups, a plain word that they are not."""
    if step.reviewed:
        if step.summary:
            w.para(md(step.summary))
    elif step.kind == "open" and step.shown_groups:
        w.para(w.t.tr("Ohjaaja ei ole vielä tarkistanut näitä ryhmiä."))


def _summary_step(w: m.Writer, step: StepReport, report: Report) -> None:
    t = w.t
    if step.kind == "event":
        s.entries_table(w, step.visible_entries, step_empty=True)
    elif step.kind != "open":
        if step.result is not None:
            s.result_block(w, step, report)
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
