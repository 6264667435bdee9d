"""Next steps and follow-up across evenings: the rules. Pure Python (no Flask, no SQLite).

An *action* is a next step agreed at an evening: what is done, who answers for it (owner), by
when (deadline) and its status. A *series* is a line of evenings, each following the one
before (`tyopaja new SCRIPT --follow-up CODE`). What a series means (docs/export.md):

- an evening follows at most one earlier evening, and at most one evening follows each
  (a series is a line, never a tree: the next evening continues from the newest one);
- an evening carries the actions decided at the evening it follows, and the actions that
  evening carried which are still open (*kesken* or *ei aloitettu*); done and dropped ones
  stay behind, so a long series does not grow without end;
- a status is marked once, on the action where it was agreed: every evening that carries it
  and the earlier evening's published summary show the same status.

Ballots of a `recap` step (the follow-up step, "Mitä viime kerralla sovittiin?"):
``{"ratings": {key: n}, "comments": {key: text}}`` where key is ``x:<action id>``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tyopaja.core.workshop import Refused, clean_text

STATUSES: tuple[str, ...] = ("done", "ongoing", "not_started", "dropped")
OPEN_STATUSES: tuple[str, ...] = ("ongoing", "not_started")
MAX_WHAT_CHARS = 300
MAX_OWNER_CHARS = 120
MAX_DEADLINE_CHARS = 60
MAX_NOTE_CHARS = 500
MAX_COMMENT_CHARS = 500
MAX_ACTIONS_PER_STEP = 10  # a participant's proposals on one action step
MAX_ACTIONS = 300  # actions of one evening
MAX_SERIES = 50  # evenings walked back along a series (a guard; a series is acyclic)
ORIGINS: tuple[str, ...] = ("facilitator", "phone", "import")


def action_key(action_id: int) -> str:
    """The ballot key of a carried action on a recap step."""
    return f"x:{action_id}"


@dataclass(frozen=True)
class ActionFields:
    """What, who and by when, checked and trimmed."""

    what: str
    owner: str = ""
    deadline: str = ""


def check_action(what: Any, owner: Any = "", deadline: Any = "") -> ActionFields:
    """The cleaned fields of an action; Refused if `what` is empty or something is too long."""
    return ActionFields(
        what=clean_text(_text(what), MAX_WHAT_CHARS),
        owner=clean_text(_text(owner), MAX_OWNER_CHARS, required=False),
        deadline=clean_text(_text(deadline), MAX_DEADLINE_CHARS, required=False),
    )


def check_status(status: Any, note: Any = "") -> tuple[str, str]:
    """A known status and a short note; Refused otherwise."""
    if status not in STATUSES:
        raise Refused("bad_status")
    return str(status), clean_text(_text(note), MAX_NOTE_CHARS, required=False)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Refused("bad_request")
    return value


# -- series ---------------------------------------------------------------------------


def check_follow(
    workshop_id: int | None,
    earlier: Mapping[str, Any] | None,
    chain_after: Sequence[int] = (),
    followed_by: Mapping[str, Any] | None = None,
) -> None:
    """May the workshop `workshop_id` (None: one being created) follow `earlier`? Refused if not.

    `chain_after`: ids of the evenings that (directly or not) follow `workshop_id`;
    `followed_by`: the evening that already follows `earlier`, if any.
    """
    if earlier is None:
        raise Refused("no_such_workshop")
    if workshop_id is not None and earlier["id"] == workshop_id:
        raise Refused("follows_itself")
    if earlier["id"] in chain_after:
        raise Refused("series_loop")
    if followed_by is not None and followed_by["id"] != workshop_id:
        raise Refused("already_followed", next=followed_by["code"])


def carried(
    chain: Sequence[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]],
) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """The actions an evening carries: (action, the evening it was agreed at), oldest first.

    `chain` is the evenings this one follows, nearest first, each with its decided, visible
    actions: the nearest evening's actions all come along; an older evening's only if still
    open (they were carried through every evening in between).
    """
    out: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
    for depth, (workshop, actions) in enumerate(chain):
        for action in actions:
            if depth == 0 or action["status"] in OPEN_STATUSES:
                out.append((action, workshop))
    out.sort(key=lambda pair: (pair[1]["id"], pair[0]["id"]))
    return out


# -- the recap step's ballot ------------------------------------------------------------


def check_recap(
    low: int, high: int, payload: Mapping[str, Any], items: Collection[str]
) -> dict[str, Any]:
    """The normalised recap ballot: ratings within the scale, short comments, known keys."""
    ratings = payload.get("ratings") or {}
    comments = payload.get("comments") or {}
    if not isinstance(ratings, Mapping) or not isinstance(comments, Mapping):
        raise Refused("bad_request")
    if len(ratings) > len(items) or len(comments) > len(items):
        raise Refused("bad_request")
    clean_ratings: dict[str, int] = {}
    for key, value in ratings.items():
        if key not in items or not isinstance(value, int) or isinstance(value, bool):
            raise Refused("bad_request")
        if not low <= value <= high:
            raise Refused("out_of_range", low=low, high=high)
        clean_ratings[key] = value
    clean_comments: dict[str, str] = {}
    for key, value in comments.items():
        if key not in items:
            raise Refused("bad_request")
        text = clean_text(_text(value), MAX_COMMENT_CHARS, required=False)
        if text:
            clean_comments[key] = text
    return {
        "ratings": dict(sorted(clean_ratings.items())),
        "comments": dict(sorted(clean_comments.items())),
    }


@dataclass(frozen=True)
class Rating:
    """What the participants said about one carried action."""

    key: str
    voters: int = 0
    mean: float | None = None
    distribution: tuple[tuple[int, int], ...] = ()
    comments: tuple[str, ...] = ()


def tally_recap(
    low: int, high: int, keys: Sequence[str], ballots: Sequence[Mapping[str, Any]]
) -> dict[str, Rating]:
    """Ratings (count, mean, distribution) and comments per carried action."""
    out: dict[str, Rating] = {}
    for key in keys:
        values = [
            b["ratings"][key]
            for b in ballots
            if isinstance(b.get("ratings"), Mapping) and isinstance(b["ratings"].get(key), int)
        ]
        comments = tuple(
            b["comments"][key]
            for b in ballots
            if isinstance(b.get("comments"), Mapping) and b["comments"].get(key)
        )
        counts = {v: 0 for v in range(low, high + 1)}
        for value in values:
            counts[value] = counts.get(value, 0) + 1
        mean = round(sum(values) / len(values), 2) if values else None
        out[key] = Rating(key, len(values), mean, tuple(sorted(counts.items())), comments)
    return out


def recap_is_empty(ballot: Mapping[str, Any]) -> bool:
    """True for a recap ballot with no rating and no comment (it withdraws the ballot)."""
    return not (ballot.get("ratings") or ballot.get("comments"))


def needs_attention(rating: Rating | None, status: str, low: int, high: int) -> bool:
    """An action to take up again: still open, or rated in the lower half of the scale."""
    if status in OPEN_STATUSES:
        return True
    return rating is not None and rating.mean is not None and rating.mean < (low + high) / 2
