"""Fuzz the CSV / JSON Lines importer: every file is rows or an ImportInvalid with line numbers.

python fuzz/fuzz_import.py -atheris_runs=20000
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tyopaja.core.importer import ImportInvalid, parse_import  # noqa: E402
from tyopaja.script.parse import parse_script  # noqa: E402

SCRIPT = parse_script("# T\n\n### avoin: Mikä toimii?\n- id: toimii\n- vastauksia: 5\n")


def test_one_input(data: bytes) -> None:
    """One input: the first byte picks CSV or JSON Lines and whether to check against a script."""
    if not data:
        return
    filename = "tuonti.jsonl" if data[0] & 1 else "tuonti.csv"
    script = SCRIPT if data[0] & 2 else None
    try:
        rows = parse_import(data[1:], filename, script=script)
    except ImportInvalid as invalid:
        assert invalid.errors and all(e.line >= 0 for e in invalid.errors)
        return
    assert rows


def seeds() -> list[bytes]:
    """A valid CSV and JSON Lines file, and broken ones."""
    return [
        b"\x00vaihe;vastaus\ntoimii;Hyv\xc3\xa4 haku\n",
        b"\x02vaihe,vastaus,nimimerkki\ntoimii,Hyv\xe4,Maija\n",
        b'\x01{"vaihe": "toimii", "vastaus": "x"}\n{"vaihe": 1}\n',
        b'\x03{"step": "toimii", "text": "\\ud800"}\n',
        b"\x00\xef\xbb\xbf;;;\n\n\n",
    ]


if __name__ == "__main__":
    from fuzz.harness import main

    main(test_one_input, seeds())
