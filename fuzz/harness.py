"""Shared plumbing: run a harness under atheris, or replay inputs without it (tests, CI)."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def main(test_one_input: Callable[[bytes], None], seeds: Iterable[bytes] = ()) -> None:
    """Fuzz with atheris (libFuzzer flags pass through, e.g. -atheris_runs=20000).

    Without a corpus folder on the command line, the harness's seeds start a fresh one.
    """
    import atheris

    if not [arg for arg in sys.argv[1:] if not arg.startswith("-")]:
        corpus = Path(tempfile.mkdtemp(prefix="tyopaja-fuzz-"))
        for n, seed in enumerate(seeds):
            (corpus / f"seed-{n:03d}").write_bytes(seed)
        sys.argv.append(str(corpus))

    atheris.instrument_all()  # the harness imported Työpaja already: instrument what is loaded
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


def replay(test_one_input: Callable[[bytes], None], inputs: Iterable[bytes]) -> int:
    """Run a harness on given inputs without atheris; return how many ran."""
    count = 0
    for data in inputs:
        test_one_input(data)
        count += 1
    return count
