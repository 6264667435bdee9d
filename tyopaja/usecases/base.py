"""What every use case shares: who acts (`Actor`), what it did (`Done`), replays (`idempotent`).

A write from a phone or a console carries a client-made id (`cid`). The first run
stores a receipt with its ack; a replay of the same id by the same actor returns
that ack and changes nothing (docs/reliability.md). `idempotent` does this for
every use case, so that none repeats the check or saves its receipt by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec

from tyopaja.chat.model import MyAnswer
from tyopaja.store import Tx
from tyopaja.store.tx import Row
from tyopaja.usecases.events import Change


@dataclass(frozen=True, slots=True)
class Actor:
    """Who writes: a workshop's facilitator, or one of its participants."""

    workshop_id: int
    participant_id: int | None = None

    @classmethod
    def facilitator(cls, workshop_id: int) -> Actor:
        return cls(workshop_id)

    @classmethod
    def participant(cls, workshop_id: int, participant_id: int) -> Actor:
        return cls(workshop_id, participant_id)

    @property
    def key(self) -> str:
        """The actor as receipts store it ("f", or "p:<participant id>")."""
        return "f" if self.participant_id is None else f"p:{self.participant_id}"

    @property
    def pid(self) -> int:
        """The participant's id (a participant's use cases only)."""
        assert self.participant_id is not None, "a participant's use case"
        return self.participant_id


@dataclass
class Done:
    """What an action produced: the ack and the changes to broadcast."""

    ack: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    replay: bool = False
    # The workshop and participant rows the action read, when the write changed neither
    # (but for the participant's answers revision): the ack's conversation is built from
    # them instead of reading them again.
    seen: tuple[Row, Row] | None = None
    # The answer the write added, so that the ack can extend its copy of the
    # participant's answers instead of reading them all again.
    added: MyAnswer | None = None


P = ParamSpec("P")


def idempotent(
    fn: Callable[Concatenate[Tx, Actor, P], Done],
) -> Callable[Concatenate[Tx, Actor, str, P], Done]:
    """`fn(tx, actor, ...)` run once per (actor, cid): called as `use_case(tx, actor, cid, ...)`.

    A replay returns the stored ack (`replay=True`, no changes); a first run saves
    its ack as the receipt in the same transaction as its writes.
    """

    @functools.wraps(fn)
    def run(tx: Tx, actor: Actor, cid: str, /, *args: P.args, **kwargs: P.kwargs) -> Done:
        stored = tx.receipt(actor.workshop_id, actor.key, cid)
        if stored is not None:
            return Done(ack=stored, replay=True)
        done = fn(tx, actor, *args, **kwargs)
        tx.save_receipt(actor.workshop_id, actor.key, cid, done.ack)
        return done

    return run
