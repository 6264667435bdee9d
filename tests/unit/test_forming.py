"""The room's own clusters for the projector (tyopaja/grouping/forming.py)."""

from __future__ import annotations

from tyopaja.grouping.engine import Link
from tyopaja.grouping.forming import forming


def test_links_join_answers_into_clusters_by_net_vote():
    links = [
        Link(2, 1, "p2"),
        Link(4, 2, "p4"),  # a chain: 4 -> 2 -> 1
        Link(3, 1, "p3", same=False),  # "none of these": no cluster
        Link(5, 6, "p5"),
        Link(6, 5, "p6", same=False),  # one for, one against: not joined
        Link(7, 8, "x"),
        Link(8, 7, "y", same=False),
        Link(7, 8, "z"),  # two for, one against: joined
    ]
    assert forming(links, {1, 2, 3, 4, 5, 6, 7, 8}) == [[1, 2, 4], [7, 8]]


def test_a_participant_counts_once_per_pair_and_hidden_answers_drop_out():
    links = [Link(2, 1, "p"), Link(2, 1, "p"), Link(1, 2, "q", same=False)]
    assert forming(links, {1, 2}) == []  # p once for, q once against
    assert forming([Link(2, 1, "p"), Link(3, 2, "q")], {1, 2}) == [[1, 2]]  # 3 is hidden
    assert forming([Link(1, 1, "p")], {1}) == []
