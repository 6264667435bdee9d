"""What the Markdown documents share: sections, placing steps by theme, headers, the appendix.

Each shape places every shown step exactly once: by its theme into the shape's sections
(outlines in docs/export.md), themes the shape does not know into sections of their own.
Pure Python.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tyopaja.export import ics
from tyopaja.export import markdown as m
from tyopaja.export import steps as s
from tyopaja.export.levels import MIN_GROUP
from tyopaja.export.model import Report, StepReport
from tyopaja.export.safe import md
from tyopaja.export.texts import Texts, mark

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
    follow_up: bool = False  # shows the agreed actions and the earlier evening's follow-up
    chapter: bool = True  # a chapter of the receiving document (listed when nothing filled it)


# A self-assessment criterion is about a chapter when its id or question has one of these.
CRITERION_WORDS: dict[str, tuple[str, ...]] = {
    "avustukset": ("avustu", "bidrag", "grant"),
    "tilat": ("tilat", "tiloja", "tilojen", "tiloissa", "lokal", "premises"),
    "viestinta": ("viestin", "kertoo asukkaille", "tiedott", "kommunik", "communic"),
    "yhteistyo": ("yhdyshenkil", "kumppan", "koolle", "foorumi", "kontaktperson", "partner"),
    "pelisaannot": ("pelisään", "pelisaan", "spelregl"),
    "hyvinvointi": ("hyvinvointityo", "hyvinvointityö", "välfärdsarbet", "wellbeing work"),
}
SELF_ASSESSMENT = ("itsearvio", "tasot")


def criterion_theme(step: StepReport, steps: Sequence[StepReport]) -> str | None:
    """The chapter a self-assessment criterion is about, or None.

    A numbered criterion's steps share the start of their ids (`k4-tilat`, `k4-muutos`); the
    first of them names the subject. Other steps (the Keski-Suomi areas, `taso-tilat`) name
    their own. Steps outside the self-assessment get None.
    """
    if step.theme not in SELF_ASSESSMENT:
        return None
    prefix = step.id.split("-", 1)[0]
    numbered = any(ch.isdigit() for ch in prefix)  # k4-tilat, k4-muutos: one criterion
    first = (
        next((st for st in steps if st.id.split("-", 1)[0] == prefix), step) if numbered else step
    )
    text = f"{first.id} {first.text}".casefold()
    for theme, words in CRITERION_WORDS.items():
        if any(word in text for word in words):
            return theme
    return None


def shown_steps(report: Report) -> list[StepReport]:
    """The steps a document shows (info steps never reach the report)."""
    return list(report.steps)


def place(
    steps: Sequence[StepReport],
    sections: Sequence[Section],
    theme_of: Callable[[StepReport], str | None] | None = None,
) -> tuple[list, list]:
    """Steps per section, and the steps no section takes (in script order).

    `theme_of` may place a step by another theme than its own (a dot vote beside the step it
    voted on, a self-assessment criterion in the chapter it is about); a step it places in no
    section falls back to the section that gathers the votes, then to its own theme.
    """
    placed: list[list[StepReport]] = [[] for _ in sections]
    rest: list[StepReport] = []
    voting = next((i for i, sec in enumerate(sections) if sec.votes), None)

    def index_of(theme: str | None) -> int | None:
        return next((i for i, sec in enumerate(sections) if theme in sec.themes), None)

    for step in steps:
        index = index_of(theme_of(step)) if theme_of is not None else None
        if index is None and voting is not None and step.kind in VOTE_KINDS:
            index = voting
        if index is None:
            index = index_of(step.theme)
        (placed[index] if index is not None else rest).append(step)
    return placed, rest


def by_theme(steps: Sequence[StepReport]) -> list[tuple[str, list[StepReport]]]:
    """Consecutive runs of steps by theme title, in script order."""
    runs: list[tuple[str, list[StepReport]]] = []
    for step in steps:
        title = step.theme_title if step.theme else ""
        if runs and runs[-1][0] == title:
            runs[-1][1].append(step)
        else:
            runs.append((title, [step]))
    return runs


def theme_heading(t: Texts, title: str) -> str:
    return md(title) if title else t.tr("Muut kysymykset")


def header(w: m.Writer, report: Report, kind: str, intro: str) -> None:
    w.heading(1, w.t.tr("%(kind)s: %(title)s", kind=w.t.tr(kind), title=md(report.title)))
    w.para(intro)


def step_blocks(w: m.Writer, steps: Sequence[StepReport], level: int, report: Report) -> None:
    s.chapter_blocks(w, steps, report)
    for step in steps:
        s.step_block(w, step, level, report)


def appendix(w: m.Writer, report: Report) -> None:
    """The answers the body did not quote (every answer appears once in the document).

    With `w.quotes` unset the body quotes everything and there is no appendix.
    """
    t = w.t
    limit = w.quotes
    if not limit:
        return
    left: list[tuple[StepReport, list[tuple[str, list]]]] = []
    for step in report.steps:
        if step.kind != "open" or not step.visible:
            continue
        parts = [
            (m.group_title(t, g), list(g.answers[limit:]))
            for g in step.shown_groups
            if len(g.answers) > limit
        ]
        if len(step.ungrouped) > limit:
            title = t.tr("Muut vastaukset") if step.shown_groups else t.tr("Vastaukset")
            parts.append((title, list(step.ungrouped[limit:])))
        if parts:
            left.append((step, parts))
    if not left:
        return
    w.heading(2, t.tr("Liite: loput vastaukset"))
    w.para(
        t.trn(
            "Asiakirjan luvuissa on kustakin ryhmästä enintään %(num)s vastaus. Tässä ovat"
            " loput sellaisinaan, kysymyksittäin ja ryhmittäin. Ohjaajan piilottamat vastaukset"
            " eivät ole mukana.",
            "Asiakirjan luvuissa on kustakin ryhmästä enintään %(num)s vastausta. Tässä ovat"
            " loput sellaisinaan, kysymyksittäin ja ryhmittäin. Ohjaajan piilottamat vastaukset"
            " eivät ole mukana.",
            limit,
        )
    )
    for step, parts in left:
        w.heading(3, md(step.text))
        for title, answers in parts:
            w.heading(4, title)
            w.bullets(m.quote_line(t, a) for a in answers)


# -- facts in sentences ------------------------------------------------------------------


def result_line(t: Texts, step: StepReport) -> str:
    """One sentence on a vote: the leader (or the tie at the top) in the vote's own unit."""
    result = step.result
    if result is None or not result.voters:
        return ""
    if result.kind == "scale":
        return t.tr(
            "Keskiarvo %(mean)s asteikolla %(low)s–%(high)s (%(n)s).",
            mean=t.decimal(result.mean),
            low=t.number(result.scale[0]),
            high=t.number(result.scale[1]),
            n=t.trn("%(num)s vastaaja", "%(num)s vastaajaa", result.voters),
        )
    items = [i for i in result.items if i.points > 0]
    if not items:
        return ""
    best = items[0].points
    top = [i for i in items if i.points == best]
    amount = vote_amount(t, result.kind, best)
    names = m.and_list(t, [t.quote(md(i.label)) for i in top])
    if result.kind == "choice":
        if len(top) > 1:
            text = t.tr(
                "Yhtä usein (%(amount)s kukin) valittiin %(names)s.", amount=amount, names=names
            )
        else:
            text = t.tr("Useimmin valittiin %(name)s (%(amount)s).", name=names, amount=amount)
    elif len(top) > 1:
        text = t.tr(
            "Yhtä paljon kannatusta (%(amount)s kukin) saivat %(names)s.",
            amount=amount,
            names=names,
        )
    else:
        text = t.tr("Eniten kannatusta sai %(name)s (%(amount)s).", name=names, amount=amount)
    after = items[len(top) : len(top) + 2]
    if after:
        following = m.and_list(
            t, [f"{t.quote(md(i.label))} ({vote_amount(t, result.kind, i.points)})" for i in after]
        )
        text += " " + t.tr("Seuraavaksi eniten: %(names)s.", names=following)
    return text


def vote_amount(t: Texts, kind: str, points: float) -> str:
    """'7 valintaa' for a choice, '12 pistettä' for dots and rankings."""
    if kind in ("dots", "rank"):
        return m.points_phrase(t, points)
    return t.trn("%(num)s valinta", "%(num)s valintaa", int(points))


def open_line(t: Texts, step: StepReport, n: int = 3) -> str:
    """The largest groups of an open step with their answers and associations."""
    groups = sorted(step.shown_groups, key=lambda g: -len(g.answers))[:n]
    if not groups:
        return ""
    parts = []
    for group in groups:
        detail = m.answers_phrase(t, len(group.answers))
        associations = len({a.association.casefold() for a in group.answers if a.association})
        if associations > 1:
            detail += ", " + t.trn("%(num)s yhdistykseltä", "%(num)s yhdistykseltä", associations)
        parts.append(f"{t.quote(m.group_title(t, group))} ({detail})")
    return t.tr("Useimmin mainittiin %(names)s.", names=m.and_list(t, parts))


def summary_lines(t: Texts, steps: Sequence[StepReport]) -> list[str]:
    """What a chapter's steps came to, one sentence per step that has something to say."""
    lines = []
    for step in steps:
        if step.kind == "open":
            line = open_line(t, step)
        elif step.kind == "event":
            n = len(step.visible_entries)
            line = (
                t.trn(
                    "Vuosikelloon lisättiin %(num)s tapahtuma.",
                    "Vuosikelloon lisättiin %(num)s tapahtumaa.",
                    n,
                )
                if n
                else ""
            )
        else:
            line = result_line(t, step)
        if line:
            lines.append(f"{md(step.text)} – {line}")
    return lines


def calendar_block(w: m.Writer, report: Report) -> None:
    """The annual calendar: how many entries for which year, the month table, clashes."""
    t = w.t
    if not report.calendar:
        return
    p = report.participation
    text = t.trn(
        "Vuosikelloon lisättiin %(num)s tapahtuma.",
        "Vuosikelloon lisättiin %(num)s tapahtumaa.",
        len(report.calendar),
    )
    if p.municipal_entries:
        text += " " + t.trn(
            "Niistä %(num)s on kunnan lisäämä.",
            "Niistä %(num)s on kunnan lisäämiä.",
            p.municipal_entries,
        )
    if report.calendar_year:
        text += " " + t.tr("Vuosikello koskee vuotta %(year)s.", year=str(report.calendar_year))
    undated = sum(1 for e in report.calendar if not _dated(e))
    if undated:
        text += " " + t.trn(
            "%(num)s tapahtumasta tiedetään vain kuukausi.",
            "%(num)s tapahtumasta tiedetään vain kuukausi.",
            undated,
        )
    w.para(text)
    s.month_table(w, report.calendar)
    clashing = ics.clashes(report.calendar)
    same = [(e, clashing[e.id]) for e in report.calendar if e.id in clashing]
    if same:
        seen: set[tuple[int, str]] = set()
        lines = []
        for entry, _others in same:
            key = (entry.month, entry.day.strip().rstrip("."))
            if key in seen:
                continue
            seen.add(key)
            names = [
                md(x.what) for x in report.calendar if (x.month, x.day.strip().rstrip(".")) == key
            ]
            lines.append(f"{m.day_text(entry)}: {'; '.join(names)}")
        w.para(t.tr("Samalle päivälle osuu useampi tapahtuma. Sopikaa, siirretäänkö jotakin:"))
        w.bullets(lines)


def _dated(entry) -> bool:
    day = entry.day.strip().rstrip(".")
    return day.isdigit() and 1 <= int(day) <= 31


# -- the Keski-Suomi model ----------------------------------------------------------------

LEVEL_TITLES = (
    mark("Toistuvat rutiinit"),
    mark("Yhteistyörakenteet"),
    mark("Yhdessä kehittäminen"),
)


def levels_block(w: m.Writer, report: Report) -> None:
    """The area × level table of the Keski-Suomi model, with what to develop next."""
    t = w.t
    if not report.levels:
        return
    w.para(
        t.tr(
            "Osallistujat arvioivat Keski-Suomen mallin mukaan, millä tasoilla kukin"
            " järjestöyhteistyön osa-alue toteutuu: toistuvat rutiinit, yhteistyörakenteet ja"
            " yhdessä kehittäminen. Taulukossa on, moniko arvioinneista sanoo tason"
            " toteutuvan. Kehitettävä taso on ensimmäinen, jonka alle puolet sanoo toteutuvan."
            " Vastaukset ”En osaa sanoa” eivät ole mukana."
        )
    )
    _levels_table(w, [(a.area, a.total, a.next_level) for a in report.levels], True)
    roles: dict[str, list] = {}
    for area in report.levels:
        for role, counts in area.by_role:
            roles.setdefault(role, []).append((area.area, counts, None))
    withheld = any(area.withheld for area in report.levels)
    if len(roles) > 1 and not withheld:
        for role, rows in roles.items():
            w.para(f"**{md(role)}**")
            _levels_table(w, rows, False)
    elif roles or withheld:
        w.para(
            t.tr(
                "Vastaajaryhmien arvioita ei näytetä erikseen, koska jossakin ryhmässä oli alle"
                " %(n)s vastaajaa.",
                n=t.number(MIN_GROUP),
            )
        )
    nexts = [a for a in report.levels if a.next_level is not None]
    if nexts:
        w.para(t.tr("Kehitetään seuraavaksi:"))
        w.bullets(
            f"{md(a.area)}: {t.tr(LEVEL_TITLES[a.next_level]).lower()}"
            f" ({t.number(a.total.in_place[a.next_level])}/{t.number(a.total.assessed)})"
            for a in sorted(
                nexts,
                key=lambda a: (
                    a.next_level,
                    a.total.in_place[a.next_level] / max(a.total.assessed, 1),
                ),
            )
        )


def _levels_table(w: m.Writer, rows, with_next: bool) -> None:
    t = w.t
    header = [t.tr("Osa-alue"), *(t.tr(title) for title in LEVEL_TITLES)]
    if with_next:
        header.append(t.tr("Kehitetään seuraavaksi"))
    body = []
    for area, counts, next_level in rows:
        cells = [md(area)]
        for count in counts.in_place:
            cells.append(
                f"{t.number(count)}/{t.number(counts.assessed)}"
                f" ({m.percent(t, count, counts.assessed)})"
                if counts.assessed
                else "–"
            )
        if with_next:
            if not counts.assessed:
                cells.append("–")
            elif next_level is None:
                cells.append(t.tr("Kaikki tasot toteutuvat"))
            else:
                cells.append(t.tr(LEVEL_TITLES[next_level]))
        body.append(cells)
    w.table(header, body, right={1, 2, 3})


def level_lines(t: Texts, report: Report, steps: Sequence[StepReport]) -> list[str]:
    """One line per assessed area among `steps`: how many see each level, what comes next."""
    ids = {st.id for st in steps}
    lines = []
    for area in report.levels:
        if area.step not in ids or not area.total.assessed:
            continue
        counts = ", ".join(
            f"{t.tr(title).lower()} {t.number(n)}/{t.number(area.total.assessed)}"
            for title, n in zip(LEVEL_TITLES, area.total.in_place, strict=True)
        )
        text = t.tr("%(area)s: toteutuu nyt – %(counts)s.", area=md(area.area), counts=counts)
        if area.next_level is not None:
            text += " " + t.tr(
                "Kehitetään seuraavaksi: %(level)s.",
                level=t.tr(LEVEL_TITLES[area.next_level]).lower(),
            )
        lines.append(text)
    return lines
