"""The welfare report's material (hyvinvointikertomuksen aineisto), in THL's parts. Pure Python.

1. a summary in plain language, 2. background and participation (with the note that the
participants are not a representative sample), 3. the state of wellbeing as experience-based
knowledge (joys and concerns, weak signals, the groups associations reach), 4. strengths and
development areas apart, 5. goals, actions, owners and indicators as a table the official
fills in, then follow-up, the self-assessment and the answers the chapters did not quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tyopaja.export import actions as next_steps
from tyopaja.export import markdown as m
from tyopaja.export.layout import (
    Document,
    Section,
    appendix,
    by_theme,
    header,
    levels_block,
    place,
    result_line,
    shown_steps,
    step_blocks,
    theme_heading,
)
from tyopaja.export.model import Group, Report, StepReport
from tyopaja.export.safe import md
from tyopaja.export.texts import Texts, mark

WELFARE_STATE = (
    Section(mark("Ilon- ja huolenaiheet"), ("ilot-ja-huolet",)),
    Section(mark("Hiljaiset signaalit ja uudet ilmiöt"), ("hiljaiset-signaalit",)),
    Section(
        mark("Yhdistysten toiminta ja tavoitetut ryhmät"), ("tavoitetut-ryhmat", "hyvinvointi")
    ),
)
WELFARE_ACTIONS = Section(
    mark("Tavoitteet, toimenpiteet ja mittarit"), ("toimenpiteet", "jatkotoimet"), votes=True
)
WELFARE_SELF = Section(mark("Järjestöystävällisyyden itsearvio"), ("itsearvio", "tasot"))
QUOTES = 3

# A question asks for strengths or for development areas when it has one of these (folded
# to lower case); strengths are looked for first.
STRENGTH_WORDS = (
    "toimii hyvin",
    "toimii nyt",
    "ilahdutta",
    "hyvää",
    "vahvuu",
    "onnistu",
    "fungerar bra",
    "glädje",
    "bra i",
    "works well",
    "strength",
    "joy",
)
DEVELOPMENT_WORDS = (
    "kehittä",
    "huol",
    "hankala",
    "puuttu",
    "parann",
    "paremmin",
    "muuttaa",
    "pitäisi",
    "ongelm",
    "vaike",
    "förbättr",
    "utveckl",
    "oro",
    "svår",
    "improve",
    "concern",
    "problem",
    "should",
    "better",
)


def kind_of_question(step: StepReport) -> str:
    """'strength', 'development' or '' from the wording of an open question."""
    text = step.text.casefold()
    if any(word in text for word in STRENGTH_WORDS):
        return "strength"
    if any(word in text for word in DEVELOPMENT_WORDS):
        return "development"
    return ""


@dataclass(frozen=True)
class ActionRow:
    """One row of the goals-actions table."""

    action: str  # Markdown-safe
    goal: str = ""
    owner: str = ""
    indicator: str = ""
    when: str = ""
    status: str = ""


# -- welfare report ---------------------------------------------------------------------


def welfare(report: Report, charts: bool = True) -> Document:
    """Material for the welfare report (hyvinvointikertomus), in THL's parts."""
    w = m.Writer(Texts(report.lang), charts, quotes=QUOTES)
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
    steps = shown_steps(report)
    by_id = {st.id: st for st in steps}

    def theme_of(step: StepReport) -> str | None:
        if step.kind == "dots" and step.result is not None and step.result.target in by_id:
            return by_id[step.result.target].theme
        return None

    sections = (*WELFARE_STATE, WELFARE_ACTIONS, WELFARE_SELF)
    placed, rest = place(steps, sections, theme_of)
    state = placed[: len(WELFARE_STATE)]
    actions = [st for st in placed[-2] if st.kind in ("open", "dots", "rank")]
    follow_up = [st for st in placed[-2] if st not in actions]
    self_steps = placed[-1]

    w.heading(2, t.tr("Tiivistelmä"))
    abstract(w, report, steps)
    w.heading(2, t.tr("Tausta ja osallistuminen"))
    m.participation_block(w, report)
    w.para(
        t.tr(
            "Osallistujat eivät ole edustava otos kuntalaisista. He ovat yhdistysten jäseniä ja"
            " toimijoita, jotka tulivat paikalle. Vastaukset kertovat, mitä yhdistykset näkevät"
            " omassa toiminnassaan (kokemustieto). Niitä kannattaa lukea tilastojen rinnalla."
        )
    )
    w.heading(2, t.tr("Hyvinvoinnin tila: yhdistysten kokemustieto"))
    if not any(state):
        w.para(t.tr("Työpajassa ei kysytty ilon- ja huolenaiheista eikä uusista ilmiöistä."))
    for section, mine in zip(WELFARE_STATE, state, strict=True):
        if mine:
            w.heading(3, t.tr(section.title))
            step_blocks(w, mine, 4, report)
    w.heading(2, t.tr("Vahvuudet ja kehittämiskohteet"))
    strengths_and_development(w, steps, frozenset(st.id for mine in state for st in mine))
    if rest:
        w.heading(2, t.tr("Muut teemat"))
        for title, mine in by_theme(rest):
            w.heading(3, theme_heading(t, title))
            step_blocks(w, mine, 4, report)
    w.heading(2, t.tr(WELFARE_ACTIONS.title))
    actions_table(w, report, actions)
    if actions:
        w.heading(3, t.tr("Työpajan ehdotukset ja äänestykset"))
        step_blocks(w, actions, 4, report)
    if follow_up or report.follow_up is not None:
        w.heading(2, t.tr("Seuranta"))
        if report.follow_up is not None:
            next_steps.follow_up_block(w, report, 3)
        step_blocks(w, follow_up, 3, report)
    w.heading(2, t.tr(WELFARE_SELF.title))
    self_assessment(w, self_steps, report)
    appendix(w, report)
    return Document("md-welfare", w.text(), tuple(w.charts))


# -- 1. summary in plain language -------------------------------------------------------


def _largest(steps: Sequence[StepReport], kind: str, n: int = 3) -> list[tuple[Group, StepReport]]:
    groups = [
        (g, st)
        for st in steps
        if st.kind == "open" and kind_of_question(st) == kind
        for g in st.shown_groups
    ]
    return sorted(groups, key=lambda pair: -len(pair[0].answers))[:n]


def _named(t: Texts, groups: Sequence[tuple[Group, StepReport]]) -> str:
    return m.and_list(
        t,
        [
            f"{t.quote(m.group_title(t, g))} ({m.answers_phrase(t, len(g.answers))})"
            for g, _ in groups
        ],
    )


def abstract(w: m.Writer, report: Report, steps: Sequence[StepReport]) -> None:
    """A few paragraphs anyone understands, drafted from the figures; the official edits them."""
    t, p = w.t, report.participation
    text = m.came_text(t, p)
    if p.answers:
        text += " " + t.tr("Vastauksia tuli %(n)s.", n=t.number(p.answers))
    w.para(text)
    strengths = _largest(steps, "strength")
    if strengths:
        w.para(t.tr("Hyvänä asiana mainittiin useimmin %(names)s.", names=_named(t, strengths)))
    development = _largest(steps, "development")
    if development:
        w.para(t.tr("Eniten kehitettävää nähtiin näissä: %(names)s.", names=_named(t, development)))
    signals = [st for st in steps if st.theme == "hiljaiset-signaalit" and st.shown_groups]
    if signals:
        w.para(
            t.tr(
                "Uusina ilmiöinä mainittiin %(names)s.",
                names=_named(t, [(g, st) for st in signals for g in st.shown_groups[:3]]),
            )
        )
    for step in steps:
        if step.kind in ("dots", "rank", "choice", "scale"):
            line = result_line(t, step)
            if line:
                w.para(f"{md(step.text)} {line}")
    w.para(
        t.tr(
            "Tämä tiivistelmä on laadittu työpajan luvuista. Muokkaa se omin sanoin ennen"
            " kertomukseen liittämistä."
        )
    )


# -- 4. strengths and development areas ---------------------------------------------------


def strengths_and_development(
    w: m.Writer, steps: Sequence[StepReport], shown: frozenset[str] = frozenset()
) -> None:
    """The groups of every open step, split by whether its question asked for strengths or
    for what to develop; unmarked questions (except those `shown` already in the state of
    wellbeing) are listed as other observations."""
    t = w.t
    w.para(
        t.tr(
            "Ryhmät on jaettu kysymyksen sanamuodon mukaan: kysymykset siitä, mikä toimii tai"
            " ilahduttaa, ovat vahvuuksia; kysymykset siitä, mitä pitäisi kehittää tai mikä"
            " huolestuttaa, ovat kehittämiskohteita. Tarkista jako."
        )
    )
    for kind, title in (
        ("strength", mark("Vahvuudet")),
        ("development", mark("Kehittämiskohteet")),
        ("", mark("Muut havainnot")),
    ):
        mine = [
            st
            for st in steps
            if st.kind == "open"
            and st.shown_groups
            and kind_of_question(st) == kind
            and not (kind == "" and st.id in shown)
        ]
        if not mine:
            continue
        w.heading(3, t.tr(title))
        for step in mine:
            w.para(f"**{md(step.text)}**")
            w.bullets(
                f"{m.group_title(t, g)} – {m.answers_phrase(t, len(g.answers))}"
                for g in sorted(step.shown_groups, key=lambda g: -len(g.answers))
            )


# -- 5. goals, actions, owners, indicators ----------------------------------------------


def action_rows(report: Report, steps: Sequence[StepReport]) -> list[ActionRow]:
    """The rows of the goals-actions table.

    The next steps agreed in the evening when the report has them (`report.actions`, items with
    what, who, when and status); otherwise the proposals, best voted first, with the owner,
    the indicator and the timetable left for the official to fill in.
    """
    t = Texts(report.lang)
    agreed = next_steps.decided(report)
    if agreed:
        return [
            ActionRow(
                action=md(a.what),
                goal=md(a.source),
                owner=md(a.owner),
                when=md(a.deadline),
                status=t.tr(next_steps.STATUS_NAMES[a.status]),
            )
            for a in agreed
        ]
    rows = []
    voted = {st.result.target for st in steps if st.kind == "dots" and st.result is not None}
    for step in steps:
        if step.kind == "dots" and step.result is not None:
            rows += [
                ActionRow(action=md(i.label), goal=m.points_phrase(t, i.points))
                for i in step.result.items
            ]
        if step.kind != "open" or step.id in voted:
            continue
        groups = sorted(step.shown_groups, key=lambda g: (-g.votes, -len(g.answers)))
        for group in groups:
            goal = (
                t.trn("%(num)s piste", "%(num)s pistettä", int(group.votes))
                if step.voted_in
                else m.answers_phrase(t, len(group.answers))
            )
            rows.append(ActionRow(action=m.group_title(t, group), goal=goal))
    return rows


def actions_table(w: m.Writer, report: Report, steps: Sequence[StepReport]) -> None:
    """Goal | action | owner | indicator | timetable; empty cells are for the official."""
    t = w.t
    rows = action_rows(report, steps)
    if not rows:
        w.para(t.tr("Työpajassa ei ehdotettu toimenpiteitä."))
        return
    w.para(
        t.tr(
            "Toimenpiteet tulevat työpajasta. Täydennä tavoite, vastuutaho, mittari ja"
            " aikataulu ennen kuin taulukko viedään hyvinvointisuunnitelmaan."
        )
    )
    header = (
        t.tr("Toimenpide"),
        t.tr("Peruste työpajassa"),
        t.tr("Tavoite"),
        t.tr("Vastuutaho"),
        t.tr("Mittari"),
        t.tr("Aikataulu"),
    )
    w.table(
        header,
        [(r.action, r.goal, "", r.owner, r.indicator, r.when) for r in rows],
        right=set(),
    )


# -- the self-assessment ----------------------------------------------------------------


def self_assessment(w: m.Writer, steps: Sequence[StepReport], report: Report) -> None:
    """The seven-criteria self-assessment (a table of the scale steps) and the levels table."""
    t = w.t
    if not steps and not report.levels:
        w.para(
            t.tr(
                "Järjestöystävällisyyden itsearviota ei tehty tässä työpajassa. Sen voi tehdä"
                " valmiilla käsikirjoituksella %(name)s.",
                name="jarjestoystavallinen-kunta.md",
            )
        )
        return
    levels_block(w, report)
    scales = [st for st in steps if st.result and st.result.kind == "scale"]
    if scales:
        rows = [
            (
                md(st.text),
                t.number(st.result.voters),
                t.decimal(st.result.mean),
                t.decimal(st.result.median),
            )
            for st in scales
            if st.result
        ]
        columns = (t.tr("Tuntomerkki"), t.tr("Vastaajia"), t.tr("Keskiarvo"), t.tr("Mediaani"))
        w.table(columns, rows, right={1, 2, 3})
    level_steps = {a.step for a in report.levels}
    step_blocks(w, [st for st in steps if st.id not in level_steps], 3, report)
