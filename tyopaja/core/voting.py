"""Ballots and tallies for choice, scale, rank and dots steps. Pure Python.

A participant has at most one ballot per step; sending a new one replaces the
old, so limits (dots in all, dots per item) hold however many times or however
concurrently a phone votes. Stored ballot payloads:

- choice: ``{"options": [i, ...]}``  option indices (one unless the step allows several)
- scale:  ``{"value": n}``           scale_min <= n <= scale_max
- rank:   ``{"order": [i, ...]}``    every option index exactly once, best first
- dots:   ``{"dots": {key: n}}``     key ``a:<answer id>`` or ``g:<group id>``; n >= 1

A ballot with nothing in it (no options, no dots) withdraws the vote.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tyopaja.core.workshop import Refused
from tyopaja.script.parse import Step

MAX_DOT_ITEMS = 500


def item_key(kind: str, item_id: int) -> str:
    """The ballot key of an answer (`a:12`) or a group (`g:3`)."""
    return f"{'g' if kind == 'groups' else 'a'}:{item_id}"


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Refused("bad_request")
    return value


def check_ballot(step: Step, payload: Any, items: Collection[str] = ()) -> dict[str, Any]:
    """The normalised ballot for this step, or Refused. `items`: keys a dots ballot may use."""
    if not isinstance(payload, Mapping):
        raise Refused("bad_request")
    if step.kind == "choice":
        return _check_choice(step, payload)
    if step.kind == "scale":
        return _check_scale(step, payload)
    if step.kind == "rank":
        return _check_rank(step, payload)
    if step.kind == "dots":
        return _check_dots(step, payload, items)
    raise Refused("wrong_kind")


def _check_choice(step: Step, payload: Mapping) -> dict[str, Any]:
    chosen = payload.get("options")
    if not isinstance(chosen, list):
        raise Refused("bad_request")
    indices = sorted({_int(i) for i in chosen})
    if len(indices) != len(chosen) or any(not 0 <= i < len(step.options) for i in indices):
        raise Refused("bad_request")
    if len(indices) > 1 and not step.multiple:
        raise Refused("one_choice")
    return {"options": indices}


def _check_scale(step: Step, payload: Mapping) -> dict[str, Any]:
    value = _int(payload.get("value"))
    if not step.scale_min <= value <= step.scale_max:
        raise Refused("out_of_range", low=step.scale_min, high=step.scale_max)
    return {"value": value}


def _check_rank(step: Step, payload: Mapping) -> dict[str, Any]:
    order = payload.get("order")
    if not isinstance(order, list):
        raise Refused("bad_request")
    indices = [_int(i) for i in order]
    if sorted(indices) != list(range(len(step.options))):
        raise Refused("bad_request")
    return {"order": indices}


def _check_dots(step: Step, payload: Mapping, items: Collection[str]) -> dict[str, Any]:
    spent = payload.get("dots")
    if not isinstance(spent, Mapping) or len(spent) > MAX_DOT_ITEMS:
        raise Refused("bad_request")
    dots: dict[str, int] = {}
    for key, count in spent.items():
        count = _int(count)
        if count == 0:
            continue
        if key not in items or count < 0:
            raise Refused("bad_request")
        if count > step.max_per_item:
            raise Refused("too_many_per_item", limit=step.max_per_item)
        dots[key] = count
    if sum(dots.values()) > step.dots:
        raise Refused("too_many_dots", limit=step.dots)
    return {"dots": dict(sorted(dots.items()))}


def is_empty(ballot: Mapping[str, Any]) -> bool:
    """True for a ballot that withdraws the vote."""
    if "value" in ballot:
        return False
    return not (ballot.get("options") or ballot.get("dots") or ballot.get("order"))


@dataclass(frozen=True)
class Tally:
    """Results of one step. `points` maps an option index (as str) or item key to its score."""

    step: str
    kind: str
    voters: int = 0
    points: dict[str, float] = field(default_factory=dict)
    ranking: tuple[tuple[str, float], ...] = ()  # best first
    distribution: dict[int, int] = field(default_factory=dict)  # scale: value -> count
    mean: float | None = None
    median: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form."""
        return {
            "step": self.step,
            "kind": self.kind,
            "voters": self.voters,
            "points": self.points,
            "ranking": [list(pair) for pair in self.ranking],
            "distribution": {str(k): v for k, v in self.distribution.items()},
            "mean": self.mean,
            "median": self.median,
        }


def tally(step: Step, ballots: Iterable[Mapping[str, Any]]) -> Tally:
    """Count the ballots of a step."""
    ballots = [b for b in ballots if not is_empty(b)]
    if step.kind == "scale":
        return _tally_scale(step, ballots)
    points: dict[str, float] = {}
    if step.kind in ("choice", "rank"):
        points = {str(i): 0 for i in range(len(step.options))}
    for ballot in ballots:
        for key, score in _scores(step, ballot):
            points[key] = points.get(key, 0) + score
    ranking = tuple(sorted(points.items(), key=lambda pair: (-pair[1], _order_key(pair[0]))))
    return Tally(step.id, step.kind, len(ballots), points, ranking)


def _order_key(key: str) -> tuple[int, str]:
    # Ties keep script order for options and arrival order for answers/groups.
    number = key.split(":")[-1]
    return (int(number) if number.isdigit() else 0, key)


def _scores(step: Step, ballot: Mapping[str, Any]) -> Iterable[tuple[str, float]]:
    if step.kind == "choice":
        return [(str(i), 1) for i in ballot.get("options", [])]
    if step.kind == "rank":
        # Borda count: first of k options gets k points, the last 1.
        order = ballot.get("order", [])
        return [(str(i), len(order) - place) for place, i in enumerate(order)]
    if step.kind == "dots":
        return list(ballot.get("dots", {}).items())
    return []


def _tally_scale(step: Step, ballots: list[Mapping[str, Any]]) -> Tally:
    values = [b["value"] for b in ballots if "value" in b]
    distribution = {v: 0 for v in range(step.scale_min, step.scale_max + 1)}
    for value in values:
        distribution[value] = distribution.get(value, 0) + 1
    mean = round(statistics.fmean(values), 2) if values else None
    median = statistics.median(values) if values else None
    return Tally(
        step.id, step.kind, len(values), distribution=distribution, mean=mean, median=median
    )
