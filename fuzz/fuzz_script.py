"""Fuzz the workshop script parser: every input is a Script or a ScriptInvalid with line numbers.

parse_script turns unexpected exceptions into a friendly ScriptInvalid (a
facilitator never sees a traceback); here such a hidden crash counts as a
crash, so the fuzzer finds the bug behind it.

    python fuzz/fuzz_script.py -atheris_runs=20000 fuzz/corpus/script
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tyopaja.script.parse import ScriptInvalid, parse_script  # noqa: E402


class HiddenCrash(Exception):
    """parse_script caught an unexpected exception and reported it as a script error."""


def test_one_input(data: bytes) -> None:
    """One input: bytes decoded as UTF-8 (bad bytes replaced), parsed as a script."""
    source = data.decode("utf-8", errors="replace")
    try:
        script = parse_script(source)
    except ScriptInvalid as invalid:
        if invalid.__cause__ is not None and not isinstance(invalid.__cause__, ScriptInvalid):
            raise HiddenCrash(repr(invalid.__cause__)) from invalid.__cause__
        assert invalid.errors, "a refusal names at least one problem"
        return
    assert script.source == source


def seeds() -> list[bytes]:
    """The bundled scripts and a few broken ones."""
    root = Path(__file__).resolve().parent.parent / "tyopaja" / "sessions"
    found = [path.read_bytes() for path in sorted(root.glob("*.md"))]
    return found + [
        b"",
        b"#",
        b"# T\n### avoin:\n- id:\n",
        b"# T\n### pisteet: x\n- pisteit\xc3\xa4: 99\n",
    ]


if __name__ == "__main__":
    from fuzz.harness import main

    main(test_one_input, seeds())
