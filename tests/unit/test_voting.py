"""Ballot rules and tallies."""

import pytest

from tyopaja.core import voting
from tyopaja.core.workshop import Refused
from tyopaja.script.parse import Step

CHOICE = Step(id="c", kind="choice", text="?", options=("A", "B", "C"))
MULTI = Step(id="m", kind="choice", text="?", options=("A", "B", "C"), multiple=True)
SCALE = Step(id="s", kind="scale", text="?", scale_min=1, scale_max=5)
RANK = Step(id="r", kind="rank", text="?", options=("A", "B", "C"))
DOTS = Step(id="d", kind="dots", text="?", source="x", dots=3, max_per_item=2)
ITEMS = {"a:1", "a:2", "a:3"}


def refused(step, payload, items=ITEMS):
    with pytest.raises(Refused) as caught:
        voting.check_ballot(step, payload, items)
    return caught.value.code


def test_an_option_chosen_twice_is_refused():
    assert refused(MULTI, {"options": [2, 0, 2]}) == "bad_request"


def test_valid_ballots_are_normalised():
    assert voting.check_ballot(CHOICE, {"options": [1]}) == {"options": [1]}
    assert voting.check_ballot(MULTI, {"options": [2, 0]}) == {"options": [0, 2]}
    assert voting.check_ballot(SCALE, {"value": 4}) == {"value": 4}
    assert voting.check_ballot(RANK, {"order": [2, 0, 1]}) == {"order": [2, 0, 1]}
    assert voting.check_ballot(DOTS, {"dots": {"a:2": 2, "a:1": 1, "a:3": 0}}, ITEMS) == {
        "dots": {"a:1": 1, "a:2": 2}
    }


@pytest.mark.parametrize(
    ("step", "payload", "code"),
    [
        (CHOICE, {"options": [0, 1]}, "one_choice"),
        (CHOICE, {"options": [3]}, "bad_request"),
        (CHOICE, {"options": ["0"]}, "bad_request"),
        (CHOICE, {"options": [True]}, "bad_request"),
        (SCALE, {"value": 6}, "out_of_range"),
        (SCALE, {"value": 2.5}, "bad_request"),
        (RANK, {"order": [0, 1]}, "bad_request"),
        (RANK, {"order": [0, 0, 1]}, "bad_request"),
        (DOTS, {"dots": {"a:1": 3}}, "too_many_per_item"),
        (DOTS, {"dots": {"a:1": 2, "a:2": 2}}, "too_many_dots"),
        (DOTS, {"dots": {"a:9": 1}}, "bad_request"),
        (DOTS, {"dots": {"a:1": -1}}, "bad_request"),
        (DOTS, [], "bad_request"),
    ],
)
def test_invalid_ballots_are_refused(step, payload, code):
    assert refused(step, payload) == code


def test_an_empty_ballot_withdraws_the_vote():
    assert voting.is_empty(voting.check_ballot(DOTS, {"dots": {}}, ITEMS))
    assert voting.tally(DOTS, [{"dots": {}}]).voters == 0


def test_dots_are_summed_and_ranked():
    result = voting.tally(DOTS, [{"dots": {"a:1": 1, "a:2": 2}}, {"dots": {"a:2": 1, "a:3": 2}}])
    assert result.voters == 2
    assert result.ranking[0] == ("a:2", 3)
    assert result.points == {"a:1": 1, "a:2": 3, "a:3": 2}


def test_rank_uses_borda_points():
    result = voting.tally(RANK, [{"order": [2, 0, 1]}, {"order": [0, 2, 1]}])
    assert dict(result.points) == {"0": 5, "1": 2, "2": 5}
    assert [key for key, _ in result.ranking] == ["0", "2", "1"]


def test_scale_gives_mean_median_and_distribution():
    result = voting.tally(SCALE, [{"value": 2}, {"value": 4}, {"value": 5}])
    assert (result.voters, result.mean, result.median) == (3, 3.67, 4)
    assert result.distribution == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}


def test_choice_counts_every_option_even_without_votes():
    assert voting.tally(CHOICE, [{"options": [1]}]).points == {"0": 0, "1": 1, "2": 0}
