"""Who may be named in an export, and names of persons masked: one rule for every format.

`protect(report, policy, texts)` returns the report every format renders (Markdown, office
files, spreadsheet, CSV, JSON, the HTML preview and the participants' summary):

- **Attribution** (`policy.attribution`): a quote carries its association (`association`),
  its sector only (`sector`, the default) or nothing (`none`).
- **Small cells**: an association or a sector with fewer than `MIN_RESPONDENTS` respondents
  in the evening is never named, beside a quote or in a count: it becomes *muu yhdistys* /
  the sector `muu` (*Muu toimiala*). Respondents are the people who gave at least one
  visible answer; a table group counts as its headcount.
- **Names of persons** in every free-text field are masked (`names.find`), except those the
  facilitator chose to keep in the review.

`policy.raw` turns attribution and small cells off (the facilitator's raw download); names
are masked there too. Pure Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from tyopaja.export import names
from tyopaja.export.model import (
    Answer,
    CalendarEntry,
    Item,
    Report,
    Result,
    StepReport,
)
from tyopaja.export.texts import Texts, mark

MIN_RESPONDENTS = 3
ATTRIBUTIONS = ("association", "sector", "none")
DEFAULT_ATTRIBUTION = "sector"
OTHER_SECTOR = "muu"  # the sector key small sectors merge into (shown as "Muu toimiala")
OTHER_ASSOCIATION = mark("muu yhdistys")
NAME_MASK = mark("(nimi poistettu)")

# How the attribution is written in a script (`nimeäminen: toimiala`) or a query string.
ATTRIBUTION_WORDS = {
    "yhdistys": "association",
    "yhdistykset": "association",
    "association": "association",
    "forening": "association",
    "toimiala": "sector",
    "sector": "sector",
    "sektor": "sector",
    "ei": "none",
    "none": "none",
    "ingen": "none",
    "nimeamatta": "none",
}


@dataclass(frozen=True)
class Policy:
    """What an export may show about who said what."""

    attribution: str = DEFAULT_ATTRIBUTION
    keep_names: frozenset[str] = frozenset()  # names the facilitator kept (names.key form)
    raw: bool = False  # the facilitator's raw download: no attribution rule, no small cells
    mask_names: bool = True


def attribution_of(word: str | None, default: str = DEFAULT_ATTRIBUTION) -> str:
    """`yhdistys`, `toimiala`, `ei` (or English/Swedish) -> association | sector | none."""
    if not word:
        return default
    folded = word.strip().casefold().replace("ä", "a").replace("ö", "o").replace("å", "a")
    return ATTRIBUTION_WORDS.get(folded, default)


def respondents(report: Report, people: Mapping[str, int] | None = None) -> tuple[Counter, Counter]:
    """Respondents per association (case-folded) and per sector key."""
    seen: dict[str, tuple[str, str]] = {}
    for step in report.steps:
        for a in step.visible:
            seen[a.respondent or f"answer:{a.id}"] = (a.association.casefold(), a.sector)
    by_association: Counter = Counter()
    by_sector: Counter = Counter()
    for who, (association, sector) in seen.items():
        weight = (people or {}).get(who, 1)
        if association:
            by_association[association] += weight
        if sector:
            by_sector[sector] += weight
    return by_association, by_sector


def protect(report: Report, policy: Policy, texts: Texts, people: Mapping[str, int] | None = None):
    """The report as the export may show it (see the module's docstring)."""
    mask = _name_masker(policy, texts)
    if policy.raw:
        return _texts(report, mask, lambda a: a, lambda s: s, lambda a: a)
    by_association, by_sector = respondents(report, people)
    other = texts.tr(OTHER_ASSOCIATION)

    def big_association(name: str) -> bool:
        return by_association[name.casefold()] >= MIN_RESPONDENTS

    def sector_of(sector: str) -> str:
        if not sector:
            return ""
        return sector if by_sector[sector] >= MIN_RESPONDENTS else OTHER_SECTOR

    def association_of(name: str) -> str:
        if not name:
            return ""
        return name if big_association(name) else other

    def answer(a: Answer) -> Answer:
        if policy.attribution == "association":
            association, sector = association_of(a.association), sector_of(a.sector)
        elif policy.attribution == "sector":
            association, sector = "", sector_of(a.sector)
        else:
            association, sector = "", ""
        return replace(a, association=association, sector=sector)

    def entry_association(name: str) -> str:
        return name if name and big_association(name) else ""

    counts = {
        step.id: len({a.association.casefold() for a in step.visible if a.association})
        for step in report.steps
    }
    protected = _texts(report, mask, answer, sector_of, entry_association)
    steps = tuple(replace(s, counted_associations=counts[s.id]) for s in protected.steps)
    p = protected.participation
    named = tuple(a for a in p.associations if big_association(a))
    sectors: Counter = Counter()
    for sector, n in p.sectors:
        sectors[sector_of(sector)] += n
    participation = replace(
        p,
        associations=named,
        other_associations=len(p.associations) - len(named),
        sectors=tuple(sorted(sectors.items(), key=lambda pair: (-pair[1], pair[0]))),
    )
    return replace(protected, steps=steps, participation=participation)


def _name_masker(policy: Policy, texts: Texts) -> Callable[[str], str]:
    if not policy.mask_names:
        return lambda text: text
    return names.masker(policy.keep_names, texts.tr(NAME_MASK))


def _texts(report: Report, mask, answer, sector_of, entry_association) -> Report:
    """Every free-text field through `mask`, answers through `answer`."""

    def ans(a: Answer) -> Answer:
        return answer(replace(a, text=mask(a.text), followup=mask(a.followup)))

    def entry(e: CalendarEntry) -> CalendarEntry:
        return replace(
            e,
            what=mask(e.what),
            day=mask(e.day),
            organiser=mask(e.organiser),
            association=entry_association(mask(e.association)),
        )

    def item(i: Item) -> Item:
        return replace(i, label=mask(i.label))

    def result(r: Result | None) -> Result | None:
        if r is None:
            return None
        return replace(
            r, items=tuple(item(i) for i in r.items), unvoted=tuple(item(i) for i in r.unvoted)
        )

    def step(s: StepReport) -> StepReport:
        answers = {a.id: ans(a) for a in s.answers}
        groups = tuple(
            replace(g, title=mask(g.title), answers=tuple(answers[a.id] for a in g.answers))
            for g in s.groups
        )
        return replace(
            s,
            summary=mask(s.summary) if s.summary else s.summary,
            answers=tuple(answers.values()),
            groups=groups,
            result=result(s.result),
            entries=tuple(entry(e) for e in s.entries),
        )

    p = report.participation
    participation = replace(
        p,
        tables=tuple((mask(label), n) for label, n in p.tables),
        associations=tuple(mask(a) for a in p.associations),
    )
    return replace(
        report,
        title=mask(report.title),
        steps=tuple(step(s) for s in report.steps),
        calendar=tuple(entry(e) for e in report.calendar),
        participation=participation,
    )


def name_candidates(report: Report) -> list[tuple[str, int, str]]:
    """Names detected in a report's free text: (name, occurrences, an example text)."""
    return names.candidates(_free_texts(report))


def _free_texts(report: Report) -> Iterable[str]:
    for step in report.steps:
        for a in step.answers:
            yield a.text
            yield a.followup
        for g in step.groups:
            yield g.title
        for e in step.entries:
            yield e.what
            yield e.organiser
    for label, _ in report.participation.tables:
        yield label


def policy_of(rows: Mapping[str, Any], attribution: str | None, raw: bool, script_default: str):
    """The policy of one export: the choice at export time, else the script's setting."""
    return Policy(
        attribution=attribution if attribution in ATTRIBUTIONS else script_default,
        keep_names=names.decisions(rows.get("name_reviews") or ()),
        raw=raw,
    )
