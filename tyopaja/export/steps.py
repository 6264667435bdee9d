"""Markdown blocks for steps: groups and answers, vote results, the calendar.

Participant text reaches the Markdown only through `safe.md`. Pure Python.
"""

from __future__ import annotations

from collections.abc import Sequence

from tyopaja.export import drafts
from tyopaja.export.markdown import (
    Writer,
    answers_phrase,
    day_text,
    group_title,
    organiser,
    percent,
    points_phrase,
    quote_line,
    ranked_rows,
)
from tyopaja.export.model import CalendarEntry, Item, Report, Result, StepReport
from tyopaja.export.safe import md
from tyopaja.export.texts import Texts


def step_block(w: Writer, step: StepReport, level: int, report: Report) -> None:
    """A step: its question as a heading, its summary and what it collected."""
    w.heading(level, md(step.text))
    summary_para(w, step, report)
    if step.kind == "open":
        open_block(w, step, level + 1, report)
    elif step.kind == "event":
        entries_table(w, step.visible_entries, step_empty=True)
    elif step.result is not None:
        result_block(w, step, report)


def summary_para(w: Writer, step: StepReport, report: Report) -> None:
    """The step's summary: the facilitator's text, or (open steps) a draft said to be one.

    A vote or calendar step's draft, or an empty step's, only repeats what follows, so it is
    shown once saved.
    """
    text, saved = drafts.step_summary(w.t, step, report)
    if not text or (not saved and (step.kind != "open" or not step.visible)):
        return
    if saved and step.reviewed:
        w.para(md(text))
    else:
        w.para(f"{md(text)} {not_reviewed(w.t, saved)}")


def not_reviewed(t: Texts, saved: bool) -> str:
    """The note after a summary nobody has marked reviewed."""
    if saved:
        return t.tr("*(Ohjaaja ei ole vielä merkinnyt tätä tarkistetuksi.)*")
    return t.tr("*(Luonnos: ohjaaja ei ole tarkistanut tätä yhteenvetoa.)*")


def chapter_blocks(w: Writer, steps: Sequence[StepReport], report: Report) -> None:
    """The summary of each chapter (theme) these steps belong to, where it says more than a step.

    A chapter of one step is summed up by that step, unless the facilitator wrote its own text.
    """
    t = w.t
    for key in dict.fromkeys(st.theme for st in steps if st.theme):
        chapter = report.chapter(key)
        if chapter is None:
            continue
        text, saved = drafts.chapter_summary(t, chapter, report)
        if not saved and len(report.chapter_steps(key)) < 2:
            continue
        text = f"**{md(chapter.title)}:** {md(text)}"
        if not (saved and chapter.reviewed):
            text += " " + not_reviewed(t, saved)
        w.para(text)


def open_block(w: Writer, step: StepReport, level: int, report: Report) -> None:
    """Groups ranked by votes, each with its answers verbatim, then the ungrouped answers."""
    t = w.t
    if not step.visible:
        w.para(t.tr("Tähän kysymykseen ei tullut vastauksia."))
        return
    w.para(open_intro(t, step, report))
    groups = step.shown_groups
    for rank, group in enumerate(groups, start=1):
        details = [answers_phrase(t, len(group.answers))]
        if step.voted_in:
            details.append(points_phrase(t, group.votes))
        w.heading(level, f"{rank}. {group_title(t, group)} ({', '.join(details)})")
        w.bullets(quote_line(t, a) for a in group.answers)
    rest = step.ungrouped
    if rest:
        title = t.tr("Muut vastaukset") if groups else t.tr("Vastaukset")
        w.heading(level, f"{title} ({answers_phrase(t, len(rest))})")
        w.bullets(quote_line(t, a) for a in rest)


def open_intro(t: Texts, step: StepReport, report: Report) -> str:
    """'27 vastausta 9 yhdistykseltä.' plus notes on grouping and votes."""
    n = len(step.visible)
    text = answers_phrase(t, n)
    if step.associations:
        text += " " + t.trn("%(num)s yhdistykseltä", "%(num)s yhdistykseltä", step.associations)
    text += "."
    if step.grouping == "automatic":
        text += " " + t.tr(
            "Ryhmittely on tehty automaattisesti sanojen samankaltaisuuden perusteella,"
            " koska ohjaaja ei ryhmitellyt näitä vastauksia. Tarkista ryhmät ennen käyttöä."
        )
    elif step.shown_groups and not step.reviewed:
        text += " " + t.tr("Ohjaaja ei ole vielä merkinnyt näitä ryhmiä tarkistetuiksi.")
    if step.voted_in and step.shown_groups:
        votes = ", ".join(t.quote(md(_step_text(report, v))) for v in step.voted_in)
        text += " " + t.tr(
            "Ryhmät ovat pisteäänestyksen mukaisessa järjestyksessä (%(votes)s).", votes=votes
        )
    return text


def _step_text(report: Report, step_id: str) -> str:
    step = report.step(step_id)
    return step.text if step else step_id


def result_block(w: Writer, step: StepReport, report: Report) -> None:
    """The results of a vote: scale, choice, rank or dots."""
    result = step.result
    assert result is not None
    if not result.voters:
        w.para(w.t.tr("Tähän kysymykseen ei vastattu."))
        return
    if result.kind == "scale":
        scale_block(w, step, result)
    elif result.kind == "dots":
        dots_block(w, step, result, report)
    else:
        choice_block(w, step, result)


def scale_block(w: Writer, step: StepReport, r: Result) -> None:
    """n, mean, median and the distribution of a scale question."""
    t = w.t
    low, high, low_label, high_label = r.scale
    text = t.trn("%(num)s vastaaja.", "%(num)s vastaajaa.", r.voters) + " "
    text += t.tr(
        "Keskiarvo on %(mean)s ja mediaani %(median)s asteikolla %(low)s–%(high)s.",
        mean=t.number(r.mean),
        median=t.number(r.median),
        low=t.number(low),
        high=t.number(high),
    )
    if low_label and high_label:
        text += " " + t.tr(
            "%(low)s = %(low_label)s, %(high)s = %(high_label)s.",
            low=t.number(low),
            high=t.number(high),
            low_label=md(low_label),
            high_label=md(high_label),
        )
    w.para(text)
    labels = {low: low_label, high: high_label}
    rows = [
        (
            t.number(value) + (f" ({md(labels[value])})" if labels.get(value) else ""),
            t.number(count),
            percent(t, count, r.voters),
        )
        for value, count in r.distribution
    ]
    w.table((t.tr("Arvo"), t.tr("Vastaajia"), t.tr("Osuus")), rows, right={1, 2})
    w.chart(step, t.tr("Kaavio: vastausten jakauma"))


def choice_block(w: Writer, step: StepReport, r: Result) -> None:
    """Choices (share of voters) or a ranking (points)."""
    t = w.t
    if r.kind == "rank":
        k = len(r.items)
        ranked = t.trn(
            "%(num)s vastaaja järjesti vaihtoehdot.",
            "%(num)s vastaajaa järjesti vaihtoehdot.",
            r.voters,
        )
        scoring = t.tr(
            "Ylimmäksi asetettu vaihtoehto sai %(k)s pistettä, seuraava %(next)s"
            " ja viimeinen 1 pisteen.",
            k=t.number(k),
            next=t.number(max(k - 1, 1)),
        )
        w.para(f"{ranked} {scoring}")
        header = (t.tr("Sija"), t.tr("Vaihtoehto"), t.tr("Pisteitä"))
        w.table(header, ranked_rows(t, r.items), right={0, 2})
    else:
        w.para(t.trn("%(num)s vastaaja.", "%(num)s vastaajaa.", r.voters))
        header = (t.tr("Vaihtoehto"), t.tr("Valintoja"), t.tr("Osuus vastaajista"))
        rows = [(md(i.label), t.number(i.points), percent(t, i.points, r.voters)) for i in r.items]
        w.table(header, rows, right={1, 2})
    w.chart(step, t.tr("Kaavio: äänestyksen tulos"))


def dots_block(w: Writer, step: StepReport, r: Result, report: Report) -> None:
    """A dot-vote ranking."""
    t = w.t
    text = t.trn(
        "%(num)s osallistuja antoi pisteitä.", "%(num)s osallistujaa antoi pisteitä.", r.voters
    )
    text += " " + t.tr("Pisteitä annettiin yhteensä %(points)s.", points=t.number(r.total_points))
    if r.target:
        question = t.quote(md(_step_text(report, r.target)))
        if r.target_kind == "groups":
            voted = t.tr("Äänestettiin ryhmistä kysymyksessä %(question)s.", question=question)
        else:
            voted = t.tr("Äänestettiin vastauksista kysymyksessä %(question)s.", question=question)
        text += " " + voted
    w.para(text)
    if r.items:
        item = t.tr("Ryhmä") if r.target_kind == "groups" else t.tr("Vastaus")
        w.table((t.tr("Sija"), item, t.tr("Pisteitä")), ranked_rows(t, r.items), right={0, 2})
        w.chart(step, t.tr("Kaavio: pisteäänestyksen tulos"))
    if r.unvoted:
        names = "; ".join(md(i.label) for i in r.unvoted)
        w.para(
            t.trn(
                "Ilman pisteitä jäi %(num)s kohde: %(names)s.",
                "Ilman pisteitä jäi %(num)s kohdetta: %(names)s.",
                len(r.unvoted),
                names=names,
            )
        )


def entries_table(w: Writer, entries: Sequence[CalendarEntry], step_empty: bool = False) -> None:
    """Calendar entries as a table by month."""
    t = w.t
    if not entries:
        if step_empty:
            w.para(t.tr("Vuosikelloon ei lisätty tapahtumia."))
        return
    ordered = sorted(entries, key=lambda e: (e.month, e.id))
    rows = [
        (t.month(e.month), day_text(e) or "–", md(e.what), organiser(e) or "–") for e in ordered
    ]
    header = (t.tr("Kuukausi"), t.tr("Päivä"), t.tr("Tapahtuma"), t.tr("Järjestäjä"))
    w.table(header, rows, right=set())


def month_table(w: Writer, entries: Sequence[CalendarEntry]) -> None:
    """The annual calendar: every month, with its entries (empty months show as free)."""
    t = w.t
    rows = []
    for month in range(1, 13):
        cells = []
        for e in (e for e in entries if e.month == month):
            by = organiser(e)
            day = day_text(e) if e.day.strip() else ""
            cells.append(" ".join(x for x in (day, md(e.what)) if x) + (f" ({by})" if by else ""))
        rows.append((t.month(month), "; ".join(cells) or "–"))
    w.table((t.tr("Kuukausi"), t.tr("Tapahtumat")), rows, right=set())


def top_items(step: StepReport, n: int = 3) -> list[Item]:
    """The best items of a vote step (dots, rank, choice)."""
    if step.result is None or step.result.kind == "scale":
        return []
    return list(step.result.items[:n])
