"""Stored rows -> Report: who took part, answers, groups, votes and the calendar. Pure Python.

`rows` is what `Tx.export_rows` reads (plain dicts); nothing here touches SQLite or Flask.
Where nobody grouped a step's answers, the Finnish grouping suggestions fill in, marked as
automatic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from tyopaja.core import voting
from tyopaja.export import actions as next_steps
from tyopaja.export.levels import area_levels
from tyopaja.export.model import (
    Answer,
    CalendarEntry,
    Chapter,
    Group,
    Item,
    Participation,
    Report,
    Result,
    StepReport,
)
from tyopaja.export.safe import mask_contacts
from tyopaja.export.texts import Texts
from tyopaja.grouping import engine as grouping
from tyopaja.grouping import titles
from tyopaja.script.parse import Script, Step

Row = Mapping[str, Any]
IMPORT_PREFIX = "import:"
_ISO_YEAR = re.compile(r"^(\d{4})-\d{2}-\d{2}")


class _Masker:
    """Masks contact details with notes in the report's language."""

    def __init__(self, texts: Texts):
        self.email = texts.tr("(sähköpostiosoite poistettu)")
        self.phone = texts.tr("(puhelinnumero poistettu)")

    def __call__(self, text: str | None) -> str:
        return mask_contacts((text or "").strip(), self.email, self.phone)


def build_report(rows: Mapping[str, Any], script: Script, lang: str | None = None) -> Report:
    """The report of one workshop from its stored rows and its script."""
    workshop = rows["workshop"]
    lang = lang or workshop.get("lang") or "fi"
    mask = _Masker(Texts(lang))
    people = {p["id"]: p for p in rows["participants"]}
    names = _respondent_names(rows["participants"])
    ballots = _ballots_by_step(rows["ballots"])
    votes = _dot_points(script, ballots)
    answers = _answers(rows["answers"], people, names, votes, mask)
    entries = _entries(rows["events"], people, mask)
    groups_rows = _by_step(rows["groups"])
    reviews = {r["target"]: r for r in rows.get("reviews", ())}
    base = _base_year(workshop)
    links = _links_by_step(rows.get("links", ()))
    steps: list[StepReport] = []
    group_titles: dict[Any, str] = {}  # stored group id -> its title, for the dots votes
    for step in script.steps:
        if step.kind == "info":
            continue
        note = reviews.get(f"step:{step.id}") or {}
        built = _step_report(
            step,
            script,
            answers,
            groups_rows,
            ballots,
            votes,
            entries,
            mask,
            lang,
            group_titles,
            note,
            links,
        )
        group_titles.update((g.id, g.title) for g in built.groups if not g.automatic)
        if step.kind == "event":
            built = replace(
                built, year=script.calendar_year(step, workshop.get("calendar_year"), base)
            )
        steps.append(built)
    calendar = tuple(
        sorted(
            (e for s in steps for e in s.visible_entries), key=lambda e: (e.month, _day(e), e.id)
        )
    )
    return Report(
        code=workshop["code"],
        title=mask(workshop["title"]),
        municipality=mask(workshop.get("municipality", "")),
        date=workshop.get("date", "") or "",
        lang=lang,
        state=workshop.get("state", "open"),
        themes=tuple((t.key, t.title) for t in script.themes),
        participation=_participation(rows, answers, mask),
        steps=tuple(steps),
        calendar=calendar,
        actions=next_steps.actions_of(rows, mask),
        follow_up=next_steps.follow_up_of(rows, script, mask),
        levels=area_levels(script, rows["ballots"]),
        chapters=tuple(_chapter(t.key, t.title, reviews, mask) for t in script.themes),
    )


def _chapter(key: str, title: str, reviews: Mapping[str, Row], mask) -> Chapter:
    note = reviews.get(f"chapter:{key}") or {}
    summary = note.get("summary")
    return Chapter(
        key=key,
        title=title,
        reviewed=bool(note.get("reviewed")),
        summary=mask(summary) if summary is not None else None,
    )


def _base_year(workshop: Row) -> int:
    """The year a relative `vuosi: ensi vuosi` counts from: the workshop's date, else its making."""
    for text in (workshop.get("date") or "", workshop.get("created_at") or ""):
        match = _ISO_YEAR.match(text.strip())
        if match:
            return int(match.group(1))
    return 2000


# -- participants ----------------------------------------------------------------------


def _is_imported(participant: Row) -> bool:
    return str(participant.get("public_id", "")).startswith(IMPORT_PREFIX)


def _respondent_names(participants: Sequence[Row]) -> dict[int, str]:
    """Pseudonyms in joining order: o1, o2, … for phones, t1, t2, … for imported participants."""
    names: dict[int, str] = {}
    counts = {"o": 0, "t": 0}
    for p in participants:
        prefix = "t" if _is_imported(p) else "o"
        counts[prefix] += 1
        names[p["id"]] = f"{prefix}{counts[prefix]}"
    return names


def _participation(rows: Mapping[str, Any], answers: Sequence[Answer], mask) -> Participation:
    """Who took part, counted so that the figures add up (docs/export.md, "Participation").

    People in the hall are the phones that joined, a table group counting as its headcount;
    imported participants (a pre-survey, paper forms) are counted apart. Associations and
    sectors are those of the participants who gave an answer or a calendar entry, so that a
    phone that only voted does not make its association a contributor; where nobody answered
    (a voting-only evening), those of the voters.
    """
    participants = rows["participants"]
    present = [p for p in participants if not _is_imported(p)]
    tables = tuple(
        (mask(p.get("table_label", "")), int(p.get("headcount") or 1))
        for p in present
        if p.get("table_label") or int(p.get("headcount") or 1) > 1
    )
    visible = [a for a in answers if not a.hidden]
    by_id = {p["id"]: p for p in participants}
    answered = {row["participant_id"] for row in rows["answers"] if not row["hidden"]}
    answered |= {row.get("participant_id") for row in rows["events"] if not row["hidden"]}
    answered.discard(None)
    voters = {b["participant_id"] for b in rows["ballots"] if not voting.is_empty(b["payload"])}
    contributors = [by_id[i] for i in sorted(answered) if i in by_id]
    if not contributors:
        contributors = [by_id[i] for i in sorted(voters) if i in by_id]
    imported_rows = [r for r in rows["answers"] if not r["hidden"] and r.get("source") == "import"]
    return Participation(
        people=sum(int(p.get("headcount") or 1) for p in present),
        phones=len(present),
        tables=tables,
        associations=_distinct(mask(p.get("association", "")) for p in contributors),
        sectors=_people_by_sector(contributors),
        langs=_counted(p.get("lang", "") for p in present),
        answers=len(visible),
        respondents=len({a.respondent for a in visible if a.respondent}),
        imported=sum(1 for a in visible if a.source == "import"),
        voters=len(voters),
        imported_people=len(
            {r["participant_id"] for r in imported_rows if r["participant_id"] is not None}
        ),
        imported_unlabelled=sum(1 for r in imported_rows if r["participant_id"] is None),
        typed=sum(1 for a in visible if a.source in ("paper", "facilitator")),
        hidden=sum(1 for a in answers if a.hidden),
        vote_only=sum(1 for p in present if p["id"] in voters and p["id"] not in answered),
        idle=sum(1 for p in present if p["id"] not in voters and p["id"] not in answered),
        phone_answers=sum(1 for a in visible if a.source == "phone"),
        municipal_entries=sum(
            1 for r in rows["events"] if not r["hidden"] and r.get("source") == "municipality"
        ),
    )


def _distinct(values: Iterable[str]) -> tuple[str, ...]:
    """Non-empty values once each (case-insensitively), sorted alphabetically."""
    seen: dict[str, str] = {}
    for value in values:
        value = (value or "").strip()
        if value:
            seen.setdefault(value.casefold(), value)
    return tuple(sorted(seen.values(), key=str.casefold))


def _people_by_sector(contributors: Sequence[Mapping[str, Any]]) -> tuple[tuple[str, int], ...]:
    """People per sector, a table group counting as its headcount: the same count the privacy
    rule uses, so a sector named in a count has 3 or more people behind it."""
    counts: Counter = Counter()
    for p in contributors:
        sector = (p.get("sector") or "").strip()
        if sector:
            counts[sector] += int(p.get("headcount") or 1)
    return _most_first(counts)


def _counted(values: Iterable[str]) -> tuple[tuple[str, int], ...]:
    return _most_first(Counter(v.strip() for v in values if v and v.strip()))


def _most_first(counts: Counter) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


# -- answers, ballots and entries -------------------------------------------------------


def _by_step(rows: Iterable[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        out.setdefault(row["step_id"], []).append(row)
    return out


def _ballots_by_step(rows: Iterable[Row]) -> dict[str, list[Mapping[str, Any]]]:
    out: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        if isinstance(row["payload"], Mapping):
            out.setdefault(row["step_id"], []).append(row["payload"])
    return out


def _dot_points(script: Script, ballots: Mapping[str, list]) -> Counter[str]:
    """Dot-vote points per answer (`a:ID`) and group (`g:ID`) over every dots step."""
    points: Counter[str] = Counter()
    for step in script.steps:
        if step.kind == "dots":
            for key, value in voting.tally(step, ballots.get(step.id, [])).points.items():
                points[key] += int(value)
    return points


def _answers(rows, people, names, votes, mask) -> list[Answer]:
    answers = []
    for row in rows:
        person = people.get(row["participant_id"]) or {}
        followup = (row.get("followup") or "").strip()
        answers.append(
            Answer(
                id=row["id"],
                step=row["step_id"],
                text=mask(row["text"]),
                followup="" if followup in ("", "–", "-") else mask(followup),
                respondent=names.get(row["participant_id"], ""),
                association=mask(person.get("association", "")),
                sector=(person.get("sector") or "").strip(),
                hidden=bool(row["hidden"]),
                source=row.get("source") or "phone",
                group=row.get("group_id"),
                votes=votes.get(f"a:{row['id']}", 0),
            )
        )
    return answers


def _entries(rows, people, mask) -> list[CalendarEntry]:
    return [
        CalendarEntry(
            id=row["id"],
            step=row["step_id"],
            month=int(row["month"]),
            day=mask(str(row.get("day") or "")),
            what=mask(row["what"]),
            organiser=mask(row.get("organiser", "")),
            association=mask((people.get(row.get("participant_id")) or {}).get("association", "")),
            source=row.get("source") or "phone",
            hidden=bool(row["hidden"]),
            created_at=row.get("created_at") or "",
        )
        for row in rows
        if 1 <= int(row["month"]) <= 12
    ]


def _day(entry: CalendarEntry) -> int:
    digits = ""
    for ch in entry.day:
        if not ch.isdigit():
            break
        digits += ch
    return int(digits) if digits else 99


# -- steps ------------------------------------------------------------------------------


def _links_by_step(rows) -> dict[str, tuple[grouping.Link, ...]]:
    """Participants' links (placement) by step, as the grouping takes them."""
    by_step: dict[str, list[grouping.Link]] = {}
    for r in rows:
        link = grouping.Link(r["answer_id"], r["other_id"], r["participant_id"], bool(r["same"]))
        by_step.setdefault(r["step_id"], []).append(link)
    return {step: tuple(links) for step, links in by_step.items()}


def _step_report(
    step,
    script,
    answers,
    groups_rows,
    ballots,
    votes,
    entries,
    mask,
    lang,
    group_titles,
    note,
    links=None,
):
    mine = tuple(a for a in answers if a.step == step.id)
    step_links = (links or {}).get(step.id, ())
    groups, how = _groups(step, mine, groups_rows.get(step.id, []), votes, mask, lang, step_links)
    voted_in = tuple(  # dots steps on this step's answers or groups that somebody voted in
        s.id
        for s in script.steps
        if s.kind == "dots"
        and s.source == step.id
        and any(not voting.is_empty(b) for b in ballots.get(s.id, []))
    )
    if voted_in:
        groups = tuple(sorted(groups, key=lambda g: -g.votes))  # stable: size order stays
    return StepReport(
        id=step.id,
        kind=step.kind,
        text=step.text,
        theme=step.theme,
        theme_title=script.theme_title(step.theme),
        answers=mine,
        groups=groups,
        grouping=how,
        voted_in=voted_in,
        result=_result(step, ballots.get(step.id, []), answers, groups_rows, mask, group_titles),
        entries=tuple(e for e in entries if e.step == step.id),
        year=step.year,
        reviewed=bool(note.get("reviewed")),
        summary=mask(note["summary"]) if note.get("summary") is not None else None,
    )


def _groups(step: Step, answers, stored: list[Row], votes, mask, lang, links=()):
    """The step's groups (stored or automatic), largest first, and how they were made."""
    if step.kind != "open":
        return (), "none"
    visible = [a for a in answers if not a.hidden]
    members: dict[Any, list[Answer]] = {}
    for answer in visible:
        members.setdefault(answer.group, []).append(answer)
    if any(g["id"] in members for g in stored):
        groups = [_stored_group(g, members.get(g["id"], []), votes, mask, lang) for g in stored]
        return _by_size(groups), "facilitator"
    if len(visible) < 2:
        return (), "none"
    suggestions = _suggestions(tuple((a.id, a.text) for a in visible), lang, tuple(links))
    if not suggestions:
        return (), "none"
    by_id = {a.id: a for a in visible}
    groups = []
    for number, suggestion in enumerate(suggestions, start=1):
        member = tuple(by_id[i] for i in suggestion.answer_ids)
        groups.append(
            Group(
                id=f"auto-{number}",
                title=_readable(member, lang, suggestion.shared_words),
                answers=member,
                votes=sum(a.votes for a in member),
                suggested=True,
                automatic=True,
                shared_words=tuple(suggestion.shared_words),
                linked_by=suggestion.linked_by,
            )
        )
    return _by_size(groups), "automatic"


@lru_cache(maxsize=128)
def _suggestions(
    answers: tuple[tuple[int, str], ...], lang: str, links: tuple[grouping.Link, ...] = ()
) -> list:
    """Grouping suggestions, cached (a preview, its charts and downloads group each step once)."""
    grouping.warm_up()
    return grouping.suggest_groups(list(answers), lang, links=links)


def _readable(members: Sequence[Answer], lang: str, words: Sequence[str] = ()) -> str:
    """The default title of a group: a phrase from its most representative answer."""
    return _default_title(tuple(a.text for a in members), lang, tuple(words))


@lru_cache(maxsize=4096)
def _default_title(texts: tuple[str, ...], lang: str, words: tuple[str, ...]) -> str:
    """Cached like the suggestions: every preview and download titles a group once."""
    return titles.default_title(texts, lang, words)


def _stored_group(row: Row, members: list[Answer], votes, mask, lang: str) -> Group:
    words = row.get("shared_words") or ()
    words = tuple(words) if isinstance(words, list | tuple) else ()
    title = mask(row.get("title", ""))
    given = bool(title) and not (row.get("suggested") and titles.is_word_list(title, words))
    if not given:
        # No title, or only the words a suggestion shared ("Raha, maksaa"): a phrase instead.
        title = _readable(members, lang, words) if members else title
    return Group(
        id=row["id"],
        title=title,
        titled=given,
        answers=tuple(members),
        votes=votes.get(f"g:{row['id']}", 0) + sum(a.votes for a in members),
        suggested=bool(row.get("suggested")),
        shared_words=words,
    )


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _by_size(groups: list[Group]) -> tuple[Group, ...]:
    return tuple(sorted(groups, key=lambda g: -len(g.answers)))


def _result(step: Step, ballots, answers, groups_rows, mask, group_titles) -> Result | None:
    if not step.is_vote:
        return None
    tally = voting.tally(step, ballots)
    if step.kind == "scale":
        return Result(
            kind="scale",
            voters=tally.voters,
            distribution=tuple(sorted(tally.distribution.items())),
            mean=tally.mean,
            median=tally.median,
            scale=(step.scale_min, step.scale_max, step.min_label, step.max_label),
        )
    labels = _labels(step, answers, groups_rows, mask, group_titles)
    ranked = [Item(k, labels[k], p) for k, p in tally.ranking if k in labels]
    if step.kind == "dots":
        voted = {item.key for item in ranked if item.points > 0}
        unvoted = tuple(Item(k, label, 0) for k, label in labels.items() if k not in voted)
        return Result(
            kind="dots",
            voters=tally.voters,
            items=tuple(i for i in ranked if i.points > 0),
            unvoted=unvoted,
            target=step.source,
            target_kind=step.source_kind,
        )
    return Result(kind=step.kind, voters=tally.voters, items=tuple(ranked))


def _labels(step: Step, answers, groups_rows, mask, group_titles) -> dict[str, str]:
    """What each ballot key stands for: option texts, visible answers or stored groups."""
    if step.kind in ("choice", "rank"):
        return {str(i): option for i, option in enumerate(step.options)}
    if step.source_kind == "groups":
        return {
            f"g:{g['id']}": group_titles.get(g["id"]) or _group_label(g, answers, mask)
            for g in groups_rows.get(step.source, [])
        }
    return {f"a:{a.id}": a.text for a in answers if a.step == step.source and not a.hidden}


def _group_label(row: Row, answers: Sequence[Answer], mask) -> str:
    """A group's title, or the start of its first visible answer when it has none."""
    title = mask(row.get("title", ""))
    if title:
        return title
    first = next((a for a in answers if a.group == row["id"] and not a.hidden), None)
    return _clip(first.text, 60) if first else ""
