"""The code passes the project's linter and formatter (ruff, configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff_finds_nothing(command):
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing():
    """Types checked (pyproject.toml's [tool.mypy]): e.g. a row that may be gone is never used
    unchecked; a workshop deleted mid-write is a refusal (tests/socket/test_deleted_workshop.py)."""
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "tyopaja"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
