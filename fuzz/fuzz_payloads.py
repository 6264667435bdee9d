"""Fuzz the Socket.IO payload models: any JSON is either a valid payload or a ValidationError.

Every event in tyopaja.realtime.EVENTS is tried (events added later too), plus
the connect `auth` model and `storable()`, the guard against text SQLite
cannot store. Input is decoded as the server decodes packets (wirejson: integer
literals of over 100 digits become OVERSIZED, which must never pass).

    python fuzz/fuzz_payloads.py -atheris_runs=50000
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pydantic import ValidationError  # noqa: E402

from tyopaja.realtime import EVENTS, register_handlers, storable, wirejson  # noqa: E402
from tyopaja.realtime.payloads import ConnectAuth  # noqa: E402

register_handlers()
MODELS = [ConnectAuth] + [model for _event, (_roles, model) in sorted(EVENTS.items())]


def test_one_input(data: bytes) -> None:
    """One input: the first byte picks a model, the rest is JSON (lone surrogates allowed)."""
    if not data:
        return
    model = MODELS[data[0] % len(MODELS)]
    try:
        value = wirejson.loads(data[1:].decode("utf-8", errors="surrogatepass"))
    except (ValueError, RecursionError, UnicodeDecodeError):
        return
    ok = storable(value)
    try:
        payload = model.model_validate(value)
    except ValidationError:
        return
    assert ok or not _has_oversized(value), "an oversized integer passed validation"
    if ok:
        json.dumps(payload.model_dump()).encode("utf-8")  # what passed can be stored and sent


def _has_oversized(value: object) -> bool:
    if value is wirejson.OVERSIZED:
        return True
    if isinstance(value, dict):
        return any(_has_oversized(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_oversized(v) for v in value)
    return False


def seeds() -> list[bytes]:
    """One plausible payload per model, and a few hostile ones."""
    samples = [
        {"cid": "abcdefgh1", "step": "toimii", "text": "Hyvä"},
        {"cid": "abcdefgh1", "field": "table", "value": {"label": "\ud800", "headcount": 1}},
        {"role": "participant", "code": "ABCDEF", "pid": "p" * 20, "secret": "s" * 20},
        {"cid": "abcdefgh1", "step": "x", "ballot": {"dots": {"a:1": 2}}},
        {"cid": "abcdefgh1", "step": "x", "ballot": {"options": [0], "value": 2}},
        {"cid": "abcdefgh1", "field": "nickname", "value": {"label": "x"}},
        [[[[[]]]]],
    ]
    encoded = [json.dumps(s).encode("utf-8", "surrogatepass") for s in samples]
    encoded.append(b'{"cid": "abcdefgh1", "answer": ' + b"7" * 101 + b', "text": "x"}')
    return [bytes([n]) + e for n in range(len(MODELS)) for e in encoded]


if __name__ == "__main__":
    from fuzz.harness import main

    main(test_one_input, seeds())
