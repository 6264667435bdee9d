"""Every kind of change a use case reports is noted by the fan-out, and nothing else is."""

import dataclasses

import pytest

from tyopaja.realtime.rooms import Pending
from tyopaja.usecases import events

KINDS = [
    cls
    for cls in vars(events).values()
    if isinstance(cls, type) and issubclass(cls, events.Change) and cls is not events.Change
]


def example(cls):
    fields = {f.name: (7 if f.type in ("int", int) else "ideat") for f in dataclasses.fields(cls)}
    return cls(**fields)


@pytest.mark.parametrize("cls", KINDS, ids=lambda cls: cls.__name__)
def test_every_change_leaves_a_mark(cls):
    pending = Pending()
    pending.note(example(cls))
    assert pending != Pending()


def test_a_change_that_is_not_one_is_an_error():
    with pytest.raises(TypeError):
        Pending().note({"type": "answer", "answer": 1})


def test_a_ballot_retallies_its_step_and_a_hidden_answer_relabels_its_source():
    pending = Pending()
    pending.note(events.VoteChanged("milloin"))
    pending.note(events.VoteItemsChanged("ideat"))
    assert pending.results == {"milloin"} and pending.sources == {"ideat"}
    assert pending.for_screens()
