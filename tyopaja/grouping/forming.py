"""Groups forming live: the answers the room itself has linked together, for the projector. Pure.

With participant-assisted placement each tap is a `Link` (engine.py). The projector's answer
wall shows what the room has put together so far, before the facilitator groups anything:
answers joined by links whose net vote is "the same" (each participant counts once per
pair, the last word; "none of these" votes against), as connected clusters of two or more.
The grouping suggestions weigh the same links together with the machine's similarity; this
is only the room's own picture, never a group anyone has to accept.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from tyopaja.grouping.engine import Link


def forming(links: Iterable[Link], visible: Collection[int]) -> list[list[int]]:
    """Clusters of the visible answers (by id) that participants' links join: each sorted,
    two answers or more, ordered by their first answer."""
    votes: dict[tuple[int, int], dict[object, bool]] = {}
    for link in links:
        a, b = int(link.answer), int(link.other)  # type: ignore[call-overload]
        if a != b:
            votes.setdefault((min(a, b), max(a, b)), {})[link.participant] = link.same
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            x = parent[x] = parent.get(parent[x], parent[x])
        return x

    shown = set(visible)
    for (a, b), by_person in votes.items():
        net = sum(1 if same else -1 for same in by_person.values())
        if net > 0 and a in shown and b in shown:
            parent.setdefault(a, a)
            parent.setdefault(b, b)
            parent[root(a)] = root(b)
    clusters: dict[int, list[int]] = {}
    for answer in parent:
        clusters.setdefault(root(answer), []).append(answer)
    return sorted(sorted(members) for members in clusters.values() if len(members) > 1)
