"""Organiser spaces: one key per organisation, each seeing only its own workshops.

The instance owner adds and revokes spaces from the command line (`tyopaja
organizer add NAME`, `list`, `revoke`). A key is shown once, when it is made;
only its SHA-256 is stored (a 256-bit key needs no salt). A presented key is
compared with every stored hash in constant time, without stopping at the
first match, so the time taken tells nothing about which hash came close.

The instance's single key (`TYOPAJA_ORGANIZER_KEY`, or the one made on first
start) stays: it is the instance's own space, the workshops of no organiser.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from tyopaja.core.workshop import Refused
from tyopaja.store.tx import Row, Tx
from tyopaja.usecases.actions import hash_secret

MAX_NAME = 80


@dataclass(frozen=True)
class Space:
    """Whose workshops an organiser page shows: an organiser's (`id`) or the instance's (None)."""

    id: int | None
    name: str


def new_key() -> str:
    """A new organiser key (256 bits)."""
    return secrets.token_urlsafe(32)


def clean_name(raw: str) -> str:
    """The organisation's name as typed, trimmed and with runs of spaces made one."""
    return " ".join((raw or "").split())


def add(tx: Tx, name: str) -> tuple[Row, str]:
    """Add an organiser space; return it and its key (shown once, never stored).

    Refused `bad_name` for an empty or overlong name, `name_taken` if a space
    of that name (in any letter case) is in use.
    """
    name = clean_name(name)
    if not name or len(name) > MAX_NAME:
        raise Refused("bad_name")
    if active_by_name(tx, name) is not None:
        raise Refused("name_taken")
    key = new_key()
    organizer_id = tx.add_organizer(name, hash_secret(key))
    return _by_id(tx, organizer_id), key


def revoke(tx: Tx, name_or_id: str) -> Row:
    """Revoke a space's key, named by its name or its number; its workshops stay.

    Refused `unknown_organizer` if no space in use has that name or number.
    """
    wanted = clean_name(name_or_id)
    row = active_by_name(tx, wanted)
    if row is None and wanted.isdigit():
        row = next((o for o in tx.organizers() if o["id"] == int(wanted)), None)
        row = None if row is None or row["revoked_at"] else row
    if row is None:
        raise Refused("unknown_organizer")
    tx.revoke_organizer(row["id"])
    return _by_id(tx, row["id"])


def match(organizers: list[Row], presented: str) -> Row | None:
    """The space whose key is `presented` (revoked ones too), compared in constant time."""
    digest = hash_secret(presented)
    found = None
    for row in organizers:
        if hmac.compare_digest(digest, row["key_hash"]):
            found = row
    return found


def active_by_name(tx: Tx, name: str) -> Row | None:
    """The space in use with this name (any letter case), or None."""
    folded = clean_name(name).casefold()
    return next(
        (o for o in tx.organizers() if not o["revoked_at"] and o["name"].casefold() == folded),
        None,
    )


def _by_id(tx: Tx, organizer_id: int) -> Row:
    return next(o for o in tx.organizers() if o["id"] == organizer_id)
