"""The front proxy's code → host map, written from the hosts themselves (`tyopaja hosts-map`).

Each source is a host's base URL (its `/o/codes.json`, read with the
instance's organiser key) or, on the same machine, its SQLite file. The map is
written only when every host answered and no code is on two hosts, and then
atomically (a temporary file renamed over the old one), so nginx never reads
half a map. Lines look like `K7QXPA  h2;`, the form of an nginx `map` block.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tyopaja.core.workshop import normalize_code

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
TIMEOUT = 15.0


class MapError(Exception):
    """A host did not answer, refused the key, or two hosts hold the same code."""


@dataclass(frozen=True)
class Source:
    """One host: the name the front proxy routes to, and where to read its codes."""

    name: str
    where: str

    @property
    def is_url(self) -> bool:
        return self.where.startswith(("http://", "https://"))


def parse_source(text: str) -> Source:
    """`NAME=URL` or `NAME=PATH`; MapError if malformed."""
    name, sep, where = text.partition("=")
    if not sep or not NAME_RE.match(name) or not where:
        raise MapError(f"Anna isäntä muodossa NIMI=OSOITE tai NIMI=TIETOKANTA, ei {text!r}.")
    return Source(name, where)


def codes_of(source: Source, key: str) -> list[str]:
    """The workshop codes the host holds."""
    if source.is_url:
        return _codes_over_http(source, key)
    path = Path(source.where)
    if not path.is_file():
        raise MapError(f"{source.name}: tietokantaa {path} ei löytynyt.")
    from tyopaja.store import Store

    store = Store(path)
    try:
        with store.read() as tx:
            return tx.workshop_codes()
    finally:
        store.close()


def _codes_over_http(source: Source, key: str) -> list[str]:
    if not key:
        raise MapError("Aseta TYOPAJA_ORGANIZER_KEY (palvelun oma järjestäjän avain).")
    request = urllib.request.Request(
        source.where.rstrip("/") + "/o/codes.json",
        headers={"Authorization": f"Bearer {key}", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            body = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        words = {403: "avain ei kelpaa", 429: "liian monta väärää avainta, odota hetki"}
        raise MapError(f"{source.name}: {words.get(error.code, f'HTTP {error.code}')}.") from None
    except (OSError, ValueError) as error:
        where = f"{source.where} ({error})"
        raise MapError(f"{source.name}: ei vastausta osoitteesta {where}.") from None
    codes = body.get("codes") if isinstance(body, dict) else None
    if not isinstance(codes, list):
        raise MapError(f"{source.name}: vastaus ei ole koodilista.")
    return [str(code) for code in codes]


def build(hosts: Iterable[tuple[Source, list[str]]]) -> dict[str, str]:
    """code → host name; MapError if a code is on two hosts or is not a join code."""
    owner: dict[str, str] = {}
    for source, codes in hosts:
        for raw in codes:
            code = normalize_code(raw)
            if code is None:
                raise MapError(f"{source.name}: {raw!r} ei ole työpajan koodi.")
            if code in owner and owner[code] != source.name:
                raise MapError(f"Koodi {code} on sekä isännällä {owner[code]} että {source.name}.")
            owner[code] = source.name
    return owner


def render(owner: dict[str, str]) -> str:
    """The map file: a header comment, then `CODE  host;` lines sorted by code."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    lines = [f"# Written by `tyopaja hosts-map` at {stamp}; do not edit by hand."]
    lines += [f"{code}  {host};" for code, host in sorted(owner.items())]
    return "\n".join(lines) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` in one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".hosts-map-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
