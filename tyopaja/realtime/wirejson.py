"""The JSON that Socket.IO packets are coded with: the standard library's, its coders built once.

python-engineio's own module passes `parse_int` to every `json.loads`, and
python-socketio passes `separators` to every `json.dumps`; with arguments,
the standard library builds a new decoder or encoder per call, which cost
~4 % of the server's CPU per answer under load (BENCHMARKS.md, "What costs").
Integers of over 100 digits are never converted (engineio's guard against
quadratic-time parsing): they decode as `OVERSIZED`, which the handlers refuse
with `bad_request`, so the sender still gets an ack. Output is compact.
"""

from __future__ import annotations

import json
from typing import Any

MAX_INT_DIGITS = 100
COMPACT = (",", ":")


class _Oversized:
    """An integer literal too long to convert; never equal to any value a payload may hold."""

    def __repr__(self) -> str:
        return "OVERSIZED"


OVERSIZED = _Oversized()


def _safe_int(digits: str) -> int | _Oversized:
    if len(digits) > MAX_INT_DIGITS:
        return OVERSIZED
    return int(digits)


_decoder = json.JSONDecoder(parse_int=_safe_int)
_compact = json.JSONEncoder(separators=COMPACT)
_default = json.JSONEncoder()


def loads(text: str | bytes | bytearray, **kwargs: Any) -> Any:
    """Decode a packet's JSON (as `json.loads`, integers bounded)."""
    if kwargs:
        return json.loads(text, **{"parse_int": _safe_int, **kwargs})
    if not isinstance(text, str):
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    return _decoder.decode(text)


def dumps(value: Any, **kwargs: Any) -> str:
    """Encode as `json.dumps` would, reusing the encoder for the arguments socketio passes."""
    if not kwargs:
        return _default.encode(value)
    if kwargs == {"separators": COMPACT}:
        return _compact.encode(value)
    return json.dumps(value, **kwargs)
