"""The Markdown documents: cooperation document, welfare report, full record, participants' summary.

The cooperation document and the full record are here; the welfare report and the summary
have modules of their own. Pure Python.
"""

from __future__ import annotations

from collections.abc import Callable

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
            "itsearvio",
        ),
    ),
    Section(mark("Vuosikello"), ("vuosikello",), calendar=True),
    Section(mark("Priorisointi"), ("priorisointi",), votes=True),
    Section(mark("Toteuttaminen ja seuranta"), ("jatkotoimet",), follow_up=True),
)

# -- cooperation document -----------------------------------------------------------------


def cooperation(report: Report, charts: bool = True) -> Document:
    """Material for the cooperation document (järjestöyhteistyöasiakirja), by its chapters."""
    w = m.Writer(Texts(report.lang), charts)
    t = w.t
    header(
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
    placed, rest = place(shown_steps(report), COOPERATION)
    missing = []
    for section, steps in zip(COOPERATION, placed, strict=True):
        if section.calendar:
            steps = [st for st in steps if st.kind != "event"]
            if not steps and not report.calendar:
                missing.append(t.tr(section.title))
                continue
        elif not steps and not (section.follow_up and next_steps.has_any(report)):
            missing.append(t.tr(section.title))
            continue
        w.heading(2, t.tr(section.title))
        if section.calendar:
            _calendar(w, report)
        step_blocks(w, steps, 3, report)
        if section.follow_up:
            next_steps.actions_block(w, report, 3)
            next_steps.follow_up_block(w, report, 3)
    for title, steps in by_theme(rest):
        w.heading(2, theme_heading(t, title))
        step_blocks(w, steps, 3, report)
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
    s.month_table(w, report.calendar)


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
