"""What one phone's socket keeps between acks: its answers, what it was sent, the chat's cache.

All of it is there to make an ack cheap; none of it is who the socket is (that is
`realtime.Conn`). Both caches can be switched off (TYOPAJA_PHONE_CACHE, for the
benchmark's comparison in BENCHMARKS.md): then every ack reads the participant's
answers and builds the whole conversation again, and sends the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tyopaja.chat.cache import NO_CACHE, ChatCache
from tyopaja.chat.model import Conversation, MyAnswer, answers_by_step
from tyopaja.reads import chat as chatreads
from tyopaja.store import Tx


class PhoneSession:
    """One participant socket's state between acks."""

    __slots__ = ("delta", "sent", "sent_v", "keep_answers", "mine", "mine_rev", "chat")

    def __init__(
        self, *, delta: bool = False, chat_cache: bool = True, answers_copy: bool = True
    ) -> None:
        # Conversation deltas (docs/protocol.md, "Conversation deltas"): the messages this
        # socket was last sent, and their version, so that a write's ack carries only what
        # changed.
        self.delta = delta
        self.sent: tuple | None = None
        self.sent_v = 0
        # A copy of the participant's own answers by step, and the revision it was taken
        # at: an ack re-reads them only when the revision moved. None: not kept.
        self.keep_answers = answers_copy
        self.mine: dict[str, tuple[MyAnswer, ...]] | None = None
        self.mine_rev: int | None = None
        self.chat: ChatCache = ChatCache() if chat_cache else NO_CACHE

    def answers(
        self, tx: Tx, participant_id: int, added: MyAnswer | None
    ) -> Mapping[str, tuple[MyAnswer, ...]]:
        """The participant's own answers by step: the copy, re-read only when out of date.

        Every change to a participant's answers moves their revision (a trigger in
        the store, whichever process or code path writes). If it has not moved since
        the copy was taken, the copy is current; if it moved by one and this socket's
        own write added `added`, the copy plus that answer is.
        """
        if not self.keep_answers:
            return answers_by_step(chatreads.my_answers(tx, participant_id))
        rev = tx.answers_rev(participant_id)
        if self.mine is not None and rev is not None:
            if self.mine_rev == rev:
                return self.mine
            if added is not None and self.mine_rev == rev - 1:
                mine = dict(self.mine)
                mine[added.step] = (*mine.get(added.step, ()), added)
                self.mine, self.mine_rev = mine, rev
                return mine
        self.mine = answers_by_step(chatreads.my_answers(tx, participant_id))
        self.mine_rev = rev
        return self.mine

    def as_sent(self, talk: Conversation, full: bool) -> dict[str, Any]:
        """The conversation as this socket gets it: whole, or as a delta from what it was sent.

        A delta keeps the first `keep` messages of version `base` and adds the rest;
        the phone applies it only to that very version, otherwise it asks for a full
        `sync`. The chat's cache reuses the same message objects for what did not
        change, so most of the comparison is by identity, without reading the messages.
        """
        if not self.delta:
            return talk.to_dict()
        base, previous = self.sent_v, self.sent
        self.sent, self.sent_v = talk.messages, base + 1
        if full or previous is None:
            return dict(talk.to_dict(), v=self.sent_v)
        keep = common_prefix(previous, talk.messages)
        return dict(talk.to_dict(first=keep), v=self.sent_v, base=base, keep=keep)


def common_prefix(before: Sequence[Any], after: Sequence[Any]) -> int:
    """How many leading items two sequences share (the same object, or equal)."""
    keep = 0
    for old, new in zip(before, after, strict=False):
        if old is not new and old != new:
            break
        keep += 1
    return keep


PHONE_CACHES = {
    "all": {"chat_cache": True, "answers_copy": True},
    "none": {"chat_cache": False, "answers_copy": False},
    "chat": {"chat_cache": True, "answers_copy": False},
    "answers": {"chat_cache": False, "answers_copy": True},
}


def phone_cache(config: Mapping[str, Any]) -> dict[str, bool]:
    """Which of a phone session's caches are on, by the app's PHONE_CACHE setting."""
    return PHONE_CACHES.get(config.get("PHONE_CACHE") or "all", PHONE_CACHES["all"])
