"""Summary paragraphs drafted from the facts, for the facilitator to edit. Pure Python.

A draft says what the numbers say, in plain sentences: the largest groups with their
counts and how many associations they came from, the top-voted items, the scale results.
It names no association or person. Drafts are plain text (not Markdown): whoever renders
them escapes them, as they do a summary the facilitator typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from tyopaja.export.model import Chapter, Group, Report, Result, StepReport
from tyopaja.export.texts import Texts

MAX_GROUPS = 3  # groups a step's draft names
MAX_ITEMS = 3  # vote items a step's draft names


def step_summary(t: Texts, step: StepReport, report: Report) -> tuple[str, bool]:
    """The summary of a step to show, and whether it is the facilitator's (True) or a draft."""
    if step.summary is not None and step.summary.strip():
        return step.summary.strip(), True
    return step_draft(t, step, report), False


def chapter_summary(t: Texts, chapter: Chapter, report: Report) -> tuple[str, bool]:
    """The summary of a chapter to show, and whether it is the facilitator's (True) or a draft."""
    if chapter.summary is not None and chapter.summary.strip():
        return chapter.summary.strip(), True
    return chapter_draft(t, chapter, report), False


def step_draft(t: Texts, step: StepReport, report: Report) -> str:
    """A paragraph on one step, drafted from its answers, groups or vote result."""
    if step.kind == "open":
        return " ".join(_open_sentences(t, step, report))
    if step.kind == "event":
        return _event_sentence(t, step)
    if step.result is not None:
        return " ".join(_result_sentences(t, step.result))
    return ""


def chapter_draft(t: Texts, chapter: Chapter, report: Report) -> str:
    """A paragraph on a chapter: how much came in, then the main point of each step."""
    steps = report.chapter_steps(chapter.key)
    answers = [a for s in steps if s.kind == "open" for a in s.visible]
    sentences = []
    if answers:
        associations = len({a.association.casefold() for a in answers if a.association})
        sentences.append(_came(t, len(answers), associations, chapter=True))
        groups = _groups_sentence(t, [g for s in steps if s.kind == "open" for g in s.shown_groups])
        if groups:
            sentences.append(groups)
    for step in steps:
        main = _main_sentence(t, step, report)
        if main:
            sentences.append(main)
    if not sentences:
        return t.tr("Tämän luvun kysymyksiin ei tullut vastauksia.")
    return " ".join(sentences)


# -- open steps ------------------------------------------------------------------------


def _came(t: Texts, answers: int, associations: int, *, chapter: bool = False) -> str:
    if chapter:
        text = t.trn(
            "Luvun kysymyksiin tuli %(num)s vastaus",
            "Luvun kysymyksiin tuli %(num)s vastausta",
            answers,
        )
    else:
        text = t.trn(
            "Kysymykseen tuli %(num)s vastaus", "Kysymykseen tuli %(num)s vastausta", answers
        )
    if associations:
        text += " " + t.trn("%(num)s yhdistykseltä", "%(num)s yhdistykseltä", associations)
    return text + "."


def _open_sentences(t: Texts, step: StepReport, report: Report) -> list[str]:
    if not step.visible:
        return [t.tr("Tähän kysymykseen ei tullut vastauksia.")]
    # The counts stand in the step's own intro; a draft repeats them only with no groups.
    main = _groups_sentence(t, step.shown_groups)
    sentences = [main] if main else [_came(t, len(step.visible), step.associations)]
    votes = _votes_sentence(t, step)
    if votes:
        sentences.append(votes)
    sectors = len({a.sector for a in step.visible if a.sector})
    if sectors > 1:
        sentences.append(
            t.trn(
                "Vastaajat edustivat %(num)s toimialaa.",
                "Vastaajat edustivat %(num)s toimialaa.",
                sectors,
            )
        )
    return sentences


def _group_facts(t: Texts, group: Group) -> str:
    n = len(group.answers)
    associations = len({a.association.casefold() for a in group.answers if a.association})
    text = t.trn("%(num)s vastaus", "%(num)s vastausta", n)
    if associations > 1:
        text += " " + t.trn("%(num)s yhdistykseltä", "%(num)s yhdistykseltä", associations)
    return f"{t.quote(group.title)} ({text})"


def _groups_sentence(t: Texts, shown: Sequence[Group]) -> str:
    groups = sorted(shown, key=lambda g: -len(g.answers))[:MAX_GROUPS]
    groups = [g for g in groups if len(g.answers) > 1]
    if not groups:
        return ""
    return t.tr(
        "Eniten mainittiin: %(groups)s.", groups=_and(t, [_group_facts(t, g) for g in groups])
    )


def _votes_sentence(t: Texts, step: StepReport) -> str:
    if not step.voted_in:
        return ""
    voted = [g for g in step.shown_groups if g.votes > 0]
    if not voted:
        return ""
    top = max(g.votes for g in voted)
    best = [g for g in voted if g.votes == top]
    names = _and(t, [t.quote(g.title) for g in best])
    points = t.trn("%(num)s piste", "%(num)s pistettä", int(top))
    if len(best) > 1:
        return t.tr(
            "Pisteäänestyksessä yhtä paljon pisteitä (%(points)s) saivat %(names)s.",
            points=points,
            names=names,
        )
    return t.tr(
        "Pisteäänestyksessä eniten pisteitä sai %(names)s (%(points)s).", names=names, points=points
    )


# -- votes and the calendar ------------------------------------------------------------------


def _result_sentences(t: Texts, r: Result) -> list[str]:
    if not r.voters:
        return [t.tr("Tähän kysymykseen ei vastattu.")]
    if r.kind == "scale":
        return [_scale_sentence(t, r)]
    top = [i for i in r.items if i.points > 0][:MAX_ITEMS]
    if not top:
        return [t.trn("%(num)s vastaaja.", "%(num)s vastaajaa.", r.voters)]
    best = [i for i in top if i.points == top[0].points]
    names = _and(t, [t.quote(i.label) for i in best])
    if r.kind == "choice":
        count = t.trn("%(num)s valinta", "%(num)s valintaa", int(best[0].points))
        first = t.trn("Vastaajia oli %(num)s.", "Vastaajia oli %(num)s.", r.voters)
        if len(best) > 1:
            second = t.tr(
                "Yhtä usein valittiin %(names)s (%(count)s kukin).", names=names, count=count
            )
        else:
            second = t.tr("Useimmin valittiin %(names)s (%(count)s).", names=names, count=count)
        return [first, second]
    points = t.trn("%(num)s piste", "%(num)s pistettä", int(best[0].points))
    if r.kind == "rank":
        first = t.trn(
            "%(num)s vastaaja järjesti vaihtoehdot.",
            "%(num)s vastaajaa järjesti vaihtoehdot.",
            r.voters,
        )
    else:
        first = t.trn(
            "%(num)s osallistuja antoi pisteitä.", "%(num)s osallistujaa antoi pisteitä.", r.voters
        )
    if len(best) > 1:
        second = t.tr(
            "Yhtä paljon pisteitä (%(points)s) saivat %(names)s.", points=points, names=names
        )
    else:
        second = t.tr("Eniten pisteitä sai %(names)s (%(points)s).", names=names, points=points)
    rest = [i for i in top if i.points != best[0].points]
    sentences = [first, second]
    if rest:
        sentences.append(
            t.tr("Seuraavina olivat %(names)s.", names=_and(t, [t.quote(i.label) for i in rest]))
        )
    return sentences


def _scale_sentence(t: Texts, r: Result) -> str:
    low, high, low_label, high_label = r.scale
    text = t.trn(
        "%(num)s vastaaja arvioi asteikolla %(low)s–%(high)s.",
        "%(num)s vastaajaa arvioi asteikolla %(low)s–%(high)s.",
        r.voters,
        low=t.number(low),
        high=t.number(high),
    )
    mean = t.number(float(r.mean)) if r.mean is not None else "–"
    text += " " + t.tr(
        "Keskiarvo oli %(mean)s ja mediaani %(median)s.", mean=mean, median=t.number(r.median)
    )
    if r.distribution:
        value, count = max(r.distribution, key=lambda pair: (pair[1], -pair[0]))
        label = {low: low_label, high: high_label}.get(value, "")
        shown = t.number(value) + (f" ({label})" if label else "")
        text += " " + t.trn(
            "Yleisin vastaus oli %(value)s (%(num)s vastaaja).",
            "Yleisin vastaus oli %(value)s (%(num)s vastaajaa).",
            count,
            value=shown,
        )
    return text


def _event_sentence(t: Texts, step: StepReport) -> str:
    entries = step.visible_entries
    if not entries:
        return t.tr("Vuosikelloon ei lisätty tapahtumia.")
    months = sorted({e.month for e in entries})
    text = t.trn(
        "Vuosikelloon lisättiin %(num)s tapahtuma.",
        "Vuosikelloon lisättiin %(num)s tapahtumaa.",
        len(entries),
    )
    busiest = max(months, key=lambda m: (sum(1 for e in entries if e.month == m), -m))
    count = sum(1 for e in entries if e.month == busiest)
    if count > 1:
        text += " " + t.trn(
            "Eniten tapahtumia oli kuukaudessa %(month)s (%(num)s).",
            "Eniten tapahtumia oli kuukaudessa %(month)s (%(num)s).",
            count,
            month=t.month(busiest).lower() if t.lang != "en" else t.month(busiest),
        )
    return text


# -- chapters ----------------------------------------------------------------------------------


def _main_sentence(t: Texts, step: StepReport, report: Report) -> str:
    """The one sentence of a step a chapter's draft repeats."""
    if step.kind == "open":
        return _votes_sentence(t, step)
    if step.kind == "event":
        return _event_sentence(t, step) if step.visible_entries else ""
    if step.result is not None and step.result.voters:
        sentences = _result_sentences(t, step.result)
        return sentences[1] if len(sentences) > 1 else sentences[0]
    return ""


def _and(t: Texts, items: Sequence[str]) -> str:
    """'a, b ja c' in the report's language."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return t.tr("%(first)s ja %(last)s", first=", ".join(items[:-1]), last=items[-1])
