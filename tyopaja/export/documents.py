"""The Markdown documents: cooperation document, welfare report, full record, participants' summary.

The cooperation document and the full record are here; the welfare report and the summary
have modules of their own. Pure Python.
"""

from __future__ import annotations

from collections.abc import Callable

from tyopaja.export import actions as next_steps
from tyopaja.export import markdown as m
from tyopaja.export.layout import (
    Document,
    Section,
    appendix,
    by_theme,
    calendar_block,
    criterion_theme,
    header,
    level_lines,
    levels_block,
    place,
    shown_steps,
    step_blocks,
    summary_lines,
    theme_heading,
)
from tyopaja.export.model import Report
from tyopaja.export.summary import summary
from tyopaja.export.texts import Texts, mark
from tyopaja.export.welfare import welfare

__all__ = ["SHAPES", "Document", "cooperation", "full", "summary", "welfare"]

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
        ),
    ),
    Section(mark("Vuosikello"), ("vuosikello",), calendar=True),
    Section(mark("Yhteistyön nykytila"), ("itsearvio", "tasot"), chapter=False),
    Section(mark("Priorisointi"), ("priorisointi",), votes=True, chapter=False),
    Section(mark("Toteuttaminen ja seuranta"), ("jatkotoimet",), follow_up=True),
)
QUOTES = 3  # answers per group in the chapters; the rest are in the appendix

# -- cooperation document -----------------------------------------------------------------


def cooperation(report: Report, charts: bool = True) -> Document:
    """Material for the cooperation document (järjestöyhteistyöasiakirja), by its chapters.

    A summary first (what each chapter came to, which chapters the evening did not cover),
    then the occasion, the chapters with a few answers per group, and the rest of the answers
    in an appendix: every visible answer appears once.
    """
    w = m.Writer(Texts(report.lang), charts, quotes=QUOTES)
    t = w.t
    header(
        w,
        report,
        mark("Yhteistyöasiakirjan aineisto"),
        t.tr(
            "Tämä aineisto on koottu yhdistysten työpajasta järjestöyhteistyöasiakirjan lukujen"
            " mukaan. Vastaukset ovat osallistujien omia sanoja. Sähköpostiosoitteet ja"
            " puhelinnumerot on poistettu."
        ),
    )
    steps = shown_steps(report)
    placed, rest = place(steps, COOPERATION, _chapter_of(steps))
    chapters = []
    missing = []
    level_steps = {a.step for a in report.levels}
    for section, mine in zip(COOPERATION, placed, strict=True):
        if section.calendar:
            filled = bool(mine or report.calendar)
            mine = [st for st in mine if st.kind != "event"]
        elif section.themes == ("itsearvio", "tasot"):
            filled = bool(mine or report.levels)
        elif section.follow_up:
            filled = bool(mine or next_steps.has_any(report))
        else:
            filled = bool(mine)
        if filled:
            chapters.append((section, mine))
        elif section.chapter:
            missing.append(t.tr(section.title))
    w.heading(2, t.tr("Tiivistelmä"))
    _summary(w, report, chapters, rest, missing)
    w.heading(2, t.tr("Tilaisuus ja osallistujat"))
    m.participation_block(w, report)
    for section, mine in chapters:
        w.heading(2, t.tr(section.title))
        if section.calendar:
            calendar_block(w, report)
        if section.themes == ("itsearvio", "tasot"):
            levels_block(w, report)
        else:
            levels = level_lines(t, report, mine)
            if levels:
                w.para(
                    t.tr(
                        "Arvio Keski-Suomen mallin tasoilla (taulukko luvussa %(name)s):",
                        name=t.quote(t.tr("Yhteistyön nykytila")),
                    )
                )
                w.bullets(levels)
        step_blocks(w, [st for st in mine if st.id not in level_steps], 3, report)
        if section.follow_up:
            next_steps.actions_block(w, report, 3)
            next_steps.follow_up_block(w, report, 3)
    for title, mine in by_theme(rest):
        w.heading(2, theme_heading(t, title))
        step_blocks(w, mine, 3, report)
    appendix(w, report)
    return Document("md", w.text(), tuple(w.charts))


def _chapter_of(steps):
    """A dot vote goes beside the step it voted on; a criterion into the chapter it is about."""
    by_id = {st.id: st for st in steps}

    def theme_of(step):
        if step.kind == "dots" and step.result is not None and step.result.target in by_id:
            return by_id[step.result.target].theme
        return criterion_theme(step, steps)

    return theme_of


def _summary(w: m.Writer, report: Report, chapters, rest, missing) -> None:
    """What the evening came to, chapter by chapter, drafted from the figures."""
    t = w.t
    w.para(m.came_text(t, report.participation))
    level_steps = {a.step for a in report.levels}
    for section, mine in chapters:
        lines = summary_lines(t, [st for st in mine if st.id not in level_steps])
        if section.themes != ("itsearvio", "tasot"):
            lines = level_lines(t, report, mine) + lines
        if section.calendar and report.calendar and not any(st.kind == "event" for st in mine):
            lines.insert(
                0,
                t.trn(
                    "Vuosikelloon lisättiin %(num)s tapahtuma.",
                    "Vuosikelloon lisättiin %(num)s tapahtumaa.",
                    len(report.calendar),
                ),
            )
        if section.themes == ("itsearvio", "tasot") and report.levels:
            nexts = [a for a in report.levels if a.next_level is not None]
            lines.insert(
                0,
                t.trn(
                    "Osa-alueita arvioitiin %(num)s; kehitettävää löytyi %(more)s.",
                    "Osa-alueita arvioitiin %(num)s; kehitettävää löytyi %(more)s.",
                    len(report.levels),
                    more=t.trn("%(num)s osa-alueelta", "%(num)s osa-alueelta", len(nexts)),
                ),
            )
        if lines:
            w.para(f"**{t.tr(section.title)}**")
            w.bullets(lines)
    for title, mine in by_theme(rest):
        lines = summary_lines(t, mine)
        if lines:
            w.para(f"**{theme_heading(t, title)}**")
            w.bullets(lines)
    if missing:
        w.para(
            t.tr(
                "Työpajassa ei käsitelty näitä asiakirjan lukuja: %(names)s. Ne kirjoitetaan"
                " muiden lähteiden pohjalta.",
                names=m.and_list(t, [t.quote(name) for name in missing]),
            )
        )


def full(report: Report, charts: bool = True) -> Document:
    """Every step in script order with everything it collected (hidden answers left out)."""
    w = m.Writer(Texts(report.lang), charts)
    t = w.t
    header(
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
    next_steps.follow_up_block(w, report, 2)
    for title, steps in by_theme(shown_steps(report)):
        w.heading(2, theme_heading(t, title))
        step_blocks(w, steps, 3, report)
    next_steps.actions_block(w, report, 2)
    return Document("md-full", w.text(), tuple(w.charts))


SHAPES: dict[str, Callable[..., Document]] = {
    "md": cooperation,
    "md-welfare": welfare,
    "md-full": full,
}
