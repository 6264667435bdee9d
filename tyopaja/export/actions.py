"""Next steps and the follow-up of the earlier evening in the export. Pure Python.

Two parts, both documented in docs/export.md:

- *Toimenpiteet*: the actions this evening agreed on, as a table *Toimenpide | Vastuutaho |
  Aikataulu | Tila | Lähtökohta* (the priority each came from); actions with no owner are
  flagged. The participants' proposals on `action` steps are listed under their step.
- *Edellisen työpajan seuranta*: the actions this evening carried from the one it follows,
  their status and note, the participants' ratings and comments (never attributed), and the
  earlier evening's top priorities.

The rows come from reads/followup.py; this module only shapes and writes them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tyopaja.core import followup as rules
from tyopaja.export.safe import md
from tyopaja.export.texts import Texts, mark

if TYPE_CHECKING:
    from tyopaja.export.markdown import Writer
    from tyopaja.export.model import Report, StepReport

STATUS_NAMES: dict[str, str] = {
    "done": mark("tehty"),
    "ongoing": mark("kesken"),
    "not_started": mark("ei aloitettu"),
    "dropped": mark("hylätty"),
}
CSV_NAME = mark("toimenpiteet")


@dataclass(frozen=True)
class Action:
    """A next step: what, who answers for it, by when, its status and where it came from."""

    id: int
    what: str
    owner: str = ""
    deadline: str = ""
    status: str = "not_started"
    note: str = ""
    source: str = ""  # the priority (group or answer) it came from, as it read
    source_step: str = ""
    step: str = ""  # the action step a participant proposed it on
    origin: str = "facilitator"
    decided: bool = True
    hidden: bool = False
    evening: str = ""  # the join code of the evening that agreed on it


@dataclass(frozen=True)
class Carried:
    """A carried action with what the participants of this evening said about it."""

    action: Action
    voters: int = 0
    mean: float | None = None
    distribution: tuple[tuple[int, int], ...] = ()
    comments: tuple[str, ...] = ()
    attention: bool = False  # still open, or rated in the lower half of the scale


@dataclass(frozen=True)
class Evening:
    """An earlier evening of the series."""

    code: str
    title: str
    date: str = ""


@dataclass(frozen=True)
class FollowUp:
    """The follow-up of the evening(s) this one continues."""

    evenings: tuple[Evening, ...]  # nearest first
    actions: tuple[Carried, ...] = ()
    priorities: tuple[tuple[str, float], ...] = ()  # the earlier evening's top items
    scale: tuple[int, int, str, str] = (1, 5, "", "")
    rated: bool = False  # the evening had a recap step

    def count(self, status: str) -> int:
        """How many carried actions have this status."""
        return sum(1 for c in self.actions if c.action.status == status)


# -- rows -> report parts ------------------------------------------------------------------


def _action(row: Mapping[str, Any], mask, evening: str = "") -> Action:
    return Action(
        id=int(row["id"]),
        what=mask(row["what"]),
        owner=mask(row.get("owner", "")),
        deadline=mask(row.get("deadline", "")),
        status=row["status"] if row.get("status") in rules.STATUSES else "not_started",
        note=mask(row.get("note", "")),
        source=mask(row.get("source_title", "")),
        source_step=row.get("source_step") or "",
        step=row.get("step_id") or "",
        origin=row.get("origin") or "facilitator",
        decided=bool(row.get("decided")),
        hidden=bool(row.get("hidden")),
        evening=evening or row.get("from_code", ""),
    )


def actions_of(rows: Mapping[str, Any], mask) -> tuple[Action, ...]:
    """This evening's live actions and proposals (hidden ones flagged)."""
    code = rows["workshop"]["code"]
    return tuple(_action(row, mask, code) for row in rows.get("actions") or ())


def follow_up_of(rows: Mapping[str, Any], script, mask) -> FollowUp | None:
    """The follow-up part, if this evening follows an earlier one."""
    data = rows.get("follow_up")
    if not data or not data.get("evenings"):
        return None
    recap = next((s for s in script.steps if s.kind == "recap"), None)
    low, high = (recap.scale_min, recap.scale_max) if recap else (1, 5)
    recap_ids = {s.id for s in script.steps if s.kind == "recap"}
    ballots = [
        b["payload"]
        for b in rows.get("ballots") or ()
        if b["step_id"] in recap_ids and isinstance(b["payload"], Mapping)
    ]
    actions = [_action(row, mask) for row in data.get("actions") or ()]
    keys = [rules.action_key(a.id) for a in actions]
    ratings = rules.tally_recap(low, high, keys, ballots)
    carried = []
    for action in actions:
        rating = ratings.get(rules.action_key(action.id))
        carried.append(
            Carried(
                action=action,
                voters=rating.voters if rating else 0,
                mean=rating.mean if rating else None,
                distribution=rating.distribution if rating else (),
                comments=tuple(sorted(mask(c) for c in rating.comments)) if rating else (),
                attention=rules.needs_attention(rating, action.status, low, high),
            )
        )
    return FollowUp(
        evenings=tuple(
            Evening(e["code"], mask(e["title"]), e.get("date") or "") for e in data["evenings"]
        ),
        actions=tuple(carried),
        priorities=tuple(
            (mask(p["label"]), float(p["points"])) for p in data.get("priorities", ())
        ),
        scale=(low, high, recap.min_label, recap.max_label) if recap else (1, 5, "", ""),
        rated=recap is not None,
    )


def decided(report: Report) -> tuple[Action, ...]:
    """The actions the evening agreed on (visible)."""
    return tuple(a for a in report.actions if a.decided and not a.hidden)


def proposals(report: Report, step_id: str) -> tuple[Action, ...]:
    """The visible proposals participants made on one action step."""
    return tuple(a for a in report.actions if a.step == step_id and not a.hidden)


# -- Markdown ---------------------------------------------------------------------------


def _status(t: Texts, status: str) -> str:
    return t.tr(STATUS_NAMES.get(status, STATUS_NAMES["not_started"]))


def mean_text(t: Texts, value: float | None) -> str:
    """A mean rating with one decimal and this language's decimal mark ("3,5"), or "–"."""
    if value is None:
        return "–"
    text = f"{value:.1f}"
    return text if t.lang == "en" else text.replace(".", ",")


def _owner_cell(t: Texts, action: Action) -> str:
    return md(action.owner) if action.owner else "**" + t.tr("puuttuu") + "**"


def actions_table(w: Writer, actions: Sequence[Action], *, flag: bool = True) -> None:
    """The table Toimenpide | Vastuutaho | Aikataulu | Tila | Lähtökohta, and missing owners."""
    t = w.t
    columns = (
        t.tr("Toimenpide"),
        t.tr("Vastuutaho"),
        t.tr("Aikataulu"),
        t.tr("Tila"),
        t.tr("Lähtökohta"),
    )
    rows = [
        (
            md(a.what) + (f" ({md(a.note)})" if a.note else ""),
            _owner_cell(t, a),
            md(a.deadline) if a.deadline else "–",
            _status(t, a.status),
            md(a.source) if a.source else "–",
        )
        for a in actions
    ]
    w.table(columns, rows, right=set())
    missing = sum(1 for a in actions if not a.owner)
    if missing and flag:
        w.para(
            t.trn(
                "Huom. %(num)s toimenpiteeltä puuttuu vastuutaho. Sopikaa se ennen kuin"
                " asiakirja hyväksytään.",
                "Huom. %(num)s toimenpiteeltä puuttuu vastuutaho. Sopikaa ne ennen kuin"
                " asiakirja hyväksytään.",
                missing,
            )
        )


def actions_block(w: Writer, report: Report, level: int) -> None:
    """The evening's agreed actions under a heading of their own (nothing if there are none)."""
    actions = decided(report)
    if not actions:
        return
    t = w.t
    w.heading(level, t.tr("Sovitut toimenpiteet"))
    w.para(
        t.trn(
            "Työpajassa sovittiin %(num)s toimenpide. Lähtökohta kertoo, mistä työpajan"
            " esiin nostamasta asiasta se syntyi.",
            "Työpajassa sovittiin %(num)s toimenpidettä. Lähtökohta kertoo, mistä työpajan"
            " esiin nostamasta asiasta kukin syntyi.",
            len(actions),
        )
    )
    actions_table(w, actions)


def step_block(w: Writer, step: StepReport, report: Report) -> None:
    """What an action or recap step collected (its heading is written by the caller)."""
    t = w.t
    if step.kind == "recap":
        if report.follow_up is None:
            w.para(t.tr("Tämä työpaja ei jatkanut aiempaa työpajaa, joten arvioitavaa ei ollut."))
        else:
            w.para(t.tr("Arviot ja kommentit ovat luvussa Edellisen työpajan seuranta."))
        return
    shown = proposals(report, step.id)
    if not shown:
        w.para(t.tr("Tähän kysymykseen ei tullut vastauksia."))
        return
    w.para(
        t.trn(
            "Osallistujat ehdottivat %(num)s toimenpiteen. Jos ohjaaja hyväksyi sen, se on"
            " sovittujen toimenpiteiden taulukossa.",
            "Osallistujat ehdottivat %(num)s toimenpidettä. Ohjaajan hyväksymät ovat"
            " sovittujen toimenpiteiden taulukossa.",
            len(shown),
        )
    )
    columns = (t.tr("Ehdotus"), t.tr("Vastuutaho"), t.tr("Aikataulu"), t.tr("Hyväksytty"))
    rows = [
        (
            md(a.what),
            md(a.owner) if a.owner else "–",
            md(a.deadline) if a.deadline else "–",
            t.tr("kyllä") if a.decided else t.tr("ei"),
        )
        for a in shown
    ]
    w.table(columns, rows, right=set())


def follow_up_block(w: Writer, report: Report, level: int) -> None:
    """The section *Edellisen työpajan seuranta* (nothing if the evening follows none)."""
    follow = report.follow_up
    if follow is None:
        return
    t = w.t
    w.heading(level, t.tr("Edellisen työpajan seuranta"))
    nearest = follow.evenings[0]
    when = t.date(nearest.date)
    if when:
        text = t.tr(
            "Tämä työpaja jatkoi työpajaa %(title)s (%(when)s, koodi %(code)s).",
            title=md(nearest.title),
            when=md(when),
            code=nearest.code,
        )
    else:
        text = t.tr(
            "Tämä työpaja jatkoi työpajaa %(title)s (koodi %(code)s).",
            title=md(nearest.title),
            code=nearest.code,
        )
    w.para(text)
    if not follow.actions:
        w.para(t.tr("Edellisessä työpajassa ei kirjattu toimenpiteitä."))
    else:
        _carried(w, follow)
    if follow.priorities:
        w.heading(level + 1, t.tr("Edellisen työpajan tärkeimmät asiat"))
        w.bullets(f"{md(label)} ({_points(t, points)})" for label, points in follow.priorities)


def _points(t: Texts, points: float) -> str:
    return t.trn("%(num)s piste", "%(num)s pistettä", int(points))


def _carried(w: Writer, follow: FollowUp) -> None:
    t = w.t
    counts = ", ".join(
        f"{_status(t, status)} {follow.count(status)}"
        for status in rules.STATUSES
        if follow.count(status)
    )
    w.para(
        t.trn(
            "Edellisellä kerralla sovittiin %(num)s toimenpide (%(counts)s).",
            "Edellisellä kerralla sovittiin %(num)s toimenpidettä (%(counts)s).",
            len(follow.actions),
            counts=counts,
        )
    )
    low, high, low_label, high_label = follow.scale
    columns = [t.tr("Toimenpide"), t.tr("Vastuutaho"), t.tr("Aikataulu"), t.tr("Tila")]
    if follow.rated:
        columns += [t.tr("Arvio (ka.)"), t.tr("Arvioita")]
    rows = []
    for c in follow.actions:
        a = c.action
        row = [
            md(a.what) + (f" ({md(a.note)})" if a.note else ""),
            _owner_cell(t, a),
            md(a.deadline) if a.deadline else "–",
            _status(t, a.status),
        ]
        if follow.rated:
            row += [mean_text(t, c.mean), t.number(c.voters)]
        rows.append(row)
    w.table(columns, rows, right={4, 5} if follow.rated else set())
    if follow.rated:
        scale = t.tr("Arvio asteikolla %(low)s–%(high)s", low=low, high=high)
        if low_label and high_label:
            scale += f" ({md(low_label)} – {md(high_label)})"
        w.para(scale + ". " + t.tr("Kommentit ovat nimettömiä."))
    commented = [c for c in follow.actions if c.comments]
    if commented:
        w.para(t.tr("Osallistujien kommentit:"))
        w.bullets(
            f"{md(c.action.what)}: " + " · ".join(t.quote(md(x)) for x in c.comments)
            for c in commented
        )
    again = [c for c in follow.actions if c.attention]
    if again:
        w.para(
            t.tr(
                "Näihin kannattaa palata uusia tavoitteita asetettaessa (kesken, aloittamatta"
                " tai arvioitu heikoksi):"
            )
        )
        w.bullets(md(c.action.what) for c in again)


def status_markdown(rows: Mapping[str, Any], script, lang: str) -> str:
    """The live part of a published summary: agreed actions with their status, the follow-up.

    The summary itself is a snapshot taken when it was published; statuses change after the
    evening, so the participants' page adds this part from the rows as they are now.
    """
    from tyopaja.export.build import _Masker
    from tyopaja.export.markdown import Writer
    from tyopaja.export.model import Report

    texts = Texts(lang)
    mask = _Masker(texts)
    workshop = rows["workshop"]
    report = Report(
        code=workshop["code"],
        title=workshop["title"],
        lang=texts.lang,
        actions=actions_of(rows, mask),
        follow_up=follow_up_of(rows, script, mask),
    )
    w = Writer(texts, charts=False)
    summary_block(w, report)
    return w.text() if w.blocks else ""


def summary_block(w: Writer, report: Report) -> None:
    """What the participants' summary shows: agreed actions with their status, then follow-up."""
    actions = decided(report)
    if actions:
        t = w.t
        w.heading(2, t.tr("Sovitut toimenpiteet"))
        w.para(t.tr("Tila päivittyy, kun vastuutaho tai ohjaaja merkitsee sen."))
        actions_table(w, actions, flag=False)
    follow_up_block(w, report, 2)


# -- data files -------------------------------------------------------------------------


def action_dict(a: Action) -> dict[str, Any]:
    """An action as JSON-able data."""
    return {
        "id": a.id,
        "what": a.what,
        "owner": a.owner,
        "deadline": a.deadline,
        "status": a.status,
        "note": a.note,
        "source": a.source,
        "source_step": a.source_step,
        "step": a.step,
        "origin": a.origin,
        "decided": a.decided,
        "hidden": a.hidden,
        "evening": a.evening,
    }


def actions_json(report: Report) -> list[dict[str, Any]]:
    """The JSON key `actions`: visible actions and proposals (hidden ones left out)."""
    return [action_dict(a) for a in report.actions if not a.hidden]


def follow_up_json(report: Report) -> dict[str, Any] | None:
    """The JSON key `follow_up`, or None when the evening follows none."""
    f = report.follow_up
    if f is None:
        return None
    return {
        "evenings": [{"code": e.code, "title": e.title, "date": e.date} for e in f.evenings],
        "scale": list(f.scale),
        "rated": f.rated,
        "actions": [
            dict(
                action_dict(c.action),
                ratings=c.voters,
                mean=c.mean,
                distribution={str(v): n for v, n in c.distribution},
                comments=list(c.comments),
                attention=c.attention,
            )
            for c in f.actions
        ],
        "priorities": [{"label": label, "points": points} for label, points in f.priorities],
    }


CSV_COLUMNS = (
    mark("osa"),
    mark("toimenpide"),
    mark("vastuutaho"),
    mark("aikataulu"),
    mark("tila"),
    mark("huomio"),
    mark("lähtökohta"),
    mark("työpaja"),
    mark("arvioita"),
    mark("arvio_ka"),
    mark("kommentit"),
)


def to_csv(report: Report, defuse) -> str:
    """Agreed actions and the carried ones with ratings, one row each, for Finnish Excel."""
    t = Texts(report.lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([t.tr(c) for c in CSV_COLUMNS])
    here = t.tr("sovittu")
    for a in decided(report):
        row = [here, a.what, a.owner, a.deadline, _status(t, a.status), a.note, a.source]
        writer.writerow([defuse(c) for c in [*row, a.evening, "", "", ""]])
    if report.follow_up is not None:
        part = t.tr("seuranta")
        for c in report.follow_up.actions:
            a = c.action
            row = [part, a.what, a.owner, a.deadline, _status(t, a.status), a.note, a.source]
            rating = [a.evening, str(c.voters), mean_text(t, c.mean), " | ".join(c.comments)]
            writer.writerow([defuse(x) for x in [*row, *rating]])
    return "\ufeff" + buffer.getvalue()


def has_any(report: Report) -> bool:
    """True if the evening has agreed actions or follows an earlier one."""
    return bool(decided(report)) or report.follow_up is not None
